"""Every parameter has one meaning and one check; notebooks and README say the same."""

import json
import re

import pytest

import ecosystems as eco
from ecosystems import config
from ecosystems.analysis.parameters import (
    PARAMETERS,
    STUDY_DEFAULTS,
    check_parameters,
    parameters_cell,
)
from ecosystems.runner.pipeline import notebook_parameters

NOTEBOOKS = sorted(config.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def parameters_source(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    (cell,) = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
    return "".join(cell["source"])


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_is_the_study_block_and_own_keys_with_their_meanings(notebook):
    declared = notebook_parameters(notebook)
    own = {k: eval(v["default"]) for k, v in declared.items() if k not in STUDY_DEFAULTS}
    assert list(declared)[:len(STUDY_DEFAULTS)] == list(STUDY_DEFAULTS), notebook.name
    assert parameters_source(notebook) == parameters_cell(own).rstrip("\n"), (
        f"{notebook.name}: its parameters cell must be parameters_cell({own}) "
        "(ecosystems.analysis.parameters)")
    for name in declared:
        assert name in PARAMETERS, f"{notebook.name}: {name} has no meaning in PARAMETERS"
        assert PARAMETERS[name].check(eval(declared[name]["default"])) is None


def test_every_parameter_is_declared_somewhere_and_in_the_manual():
    declared = set().union(*(notebook_parameters(nb) for nb in NOTEBOOKS))
    assert set(PARAMETERS) == declared
    readme = (config.ROOT / "docs" / "01_parameters.md").read_text(encoding="utf-8")
    for p in PARAMETERS.values():
        row = f"| `{p.name}` | {p.notebooks} | {p.meaning} |"
        assert row in readme, f"docs/01_parameters.md lacks or differs: {row}"


@pytest.mark.parametrize("params, message", [
    ({"threshold": 0.3}, "unknown parameter 'threshold'; did you mean 'thresholds'?"),
    ({"cut_methd": "tertiles"}, "did you mean 'cut_method'?"),
    ({"noise_sigma": "big"}, "noise_sigma: 'big' is not a number >= 0"),
    ({"oat_range": [2, 1]}, "oat_range: \\[2, 1\\] is not a range"),
    ({"min_cooperation": 30}, "is not a share in \\(0, 1\\]; did you mean 0.3\\?"),
    ({"cut_method": "tertiles", "thresholds": {"innovation": [0.1, 0.3]}},
     "given with cut_method 'tertiles'"),
    ({"langs": "de"}, "langs: 'de'"),
    ({"alternative_methods": ["median"]}, "has 'median', which is not one of"),
])
def test_each_kind_of_mistake_names_file_key_and_value(params, message):
    with pytest.raises(eco.ParameterError, match=message) as err:
        check_parameters(params, "my.yaml")
    assert str(err.value).startswith("my.yaml: ")


def test_every_shipped_parameter_file_is_valid():
    from ecosystems.io.paramfile import read_param_file

    files = sorted(config.PARAMS.glob("*.yaml"))
    assert len(files) >= 5
    for path in files:
        check_parameters(read_param_file(path), path.name)


def test_several_problems_are_listed_one_per_line():
    with pytest.raises(eco.ParameterError) as err:
        check_parameters({"treshold": 1, "noise_draws": 0}, "f.yaml")
    lines = str(err.value).splitlines()
    assert len(lines) == 2 and all(re.match(r"f\.yaml: ", line) for line in lines)
