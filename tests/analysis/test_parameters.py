"""Every parameter is declared once, in the model; notebooks and documentation are made from it."""

import ast
import json
import re
from dataclasses import fields

import pytest

import ecosystems as eco
from ecosystems import config
from ecosystems.analysis import parameters
from ecosystems.analysis.parameters import (
    FIELDS,
    STUDY_KEYS,
    Parameters,
    check_parameters,
    parameter_table,
    parameters_cell,
)
from ecosystems.analysis.study import CUT_METHODS

NOTEBOOKS = sorted(config.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def parameters_source(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    (cell,) = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
    return "".join(cell["source"])


def notebook_parameters(notebook):
    """The flat parameters a notebook declares: its parameters cell's names and values, the
    study mapping spread (the runner reads the cell with papermill: see the slow test)."""
    values = {node.targets[0].id: ast.literal_eval(node.value)
              for node in ast.parse(parameters_source(notebook)).body}
    return parameters.declared(values)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_parameters_cell_is_made_from_the_model_and_short(notebook):
    source = parameters_source(notebook)
    assert source == parameters_cell(notebook.stem[:2]), (
        f"{notebook.name}: its parameters cell must be "
        f"parameters_cell({notebook.stem[:2]!r}) (ecosystems.analysis.parameters)")
    lines = source.splitlines()
    assert len(lines) <= 15 and max(map(len, lines)) <= 100, notebook.name
    declared = notebook_parameters(notebook)
    assert list(declared)[:len(STUDY_KEYS)] == list(STUDY_KEYS)
    for name, value in declared.items():
        assert value == parameters.default(name), (notebook.name, name)


@pytest.mark.slow  # papermill and nbformat take seconds to import
def test_the_runner_reads_each_parameters_cell_the_same():
    from ecosystems.runner.pipeline import notebook_parameters as papermills

    for notebook in NOTEBOOKS:
        read = {k: ast.literal_eval(v["default"]) for k, v in papermills(notebook).items()}
        assert read == notebook_parameters(notebook), notebook.name


def test_every_parameter_is_taken_by_a_notebook_and_every_default_passes_its_check():
    declared = set().union(*(notebook_parameters(nb) for nb in NOTEBOOKS))
    assert declared == set(FIELDS)
    made = Parameters()  # the defaults, checked
    assert {f.name: getattr(made, f.name) for f in fields(made)} == {
        name: parameters.default(name) for name in FIELDS}


def test_the_study_takes_its_defaults_and_cut_methods_from_the_model():
    study = eco.Study()
    for key in eco.Study.keys():
        if key not in ("langs", "cut_method"):  # made: a tuple, and the method resolved
            assert getattr(study, key) == parameters.default(key), key
    assert study.langs == tuple(eco.io.reference.LANGS) and parameters.default("langs") is None
    assert set(eco.Study.keys()) == {*STUDY_KEYS, "seed", "participants_path",
                                     "participants_sheet"}
    for method in CUT_METHODS:  # the model accepts exactly the study's methods
        assert parameters.problems({"cut_method": method}) == [] or method == "explicit"
    assert parameters.problems({"cut_method": "median_per_year"})


def test_the_documented_table_is_the_models():
    """README (or the book's documentation page) holds parameter_table() as it is."""
    pages = [config.ROOT / "README.md", *sorted((config.ROOT / "docs").glob("**/*.md")),
             *sorted((config.ROOT / "src" / "ecosystems").glob("**/*.md"))]
    table = parameter_table()
    assert any(table in page.read_text(encoding="utf-8") for page in pages), (
        "README 'Changing parameters' (or a documentation page) must hold "
        "ecosystems.analysis.parameters.parameter_table() verbatim")
    assert table.count("\n") == len(FIELDS) + 1


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
    ({"base_year": "2020"}, "base_year: '2020' is not a whole year between 1990 and 2100"),
    ({"study": {"cut_methd": "x"}}, "study: 'cut_methd' is not a study key; did you mean "
                                    "'cut_method'?"),
    ({"study": {"noise_sigma": 0.2}}, "study: 'noise_sigma' is not a study key"),
    ({"study": {"base_year": 1800}}, "base_year: 1800 is not a whole year"),
])
def test_each_kind_of_mistake_names_file_key_and_value(params, message):
    with pytest.raises(eco.ParameterError, match=message) as err:
        check_parameters(params, "my.yaml")
    assert str(err.value).startswith("my.yaml: ")


def test_a_parameter_file_names_its_file_in_every_message(tmp_path):
    from ecosystems.io.paramfile import read_param_file

    path = tmp_path / "mine.yaml"
    path.write_text("treshold: 1\nnoise_draws: 0\n", encoding="utf-8")
    with pytest.raises(eco.ParameterError) as err:
        Parameters.from_mapping(read_param_file(path), path.name)
    lines = str(err.value).splitlines()
    assert lines == ["mine.yaml: unknown parameter 'treshold'; did you mean 'thresholds'?",
                     "mine.yaml: noise_draws: 0 is not a whole number >= 1"]


def test_a_notebook_study_mapping_is_checked_like_a_file():
    with pytest.raises(eco.ParameterError, match="unknown parameter 'treshold'; did you mean "
                                                 "'thresholds'?"):
        eco.Study.from_params({"treshold": {"innovation": [0.1, 0.3]}})
    study = eco.Study.from_params({"cut_method": "tertiles"}, seed=3)
    assert (study.cut_method, study.seed) == ("tertiles", 3)


def test_flat_keys_travel_to_a_notebook_as_one_study_mapping():
    flat = {"thresholds": {"innovation": [0.05, 0.2]}, "langs": ["en"], "noise_sigma": 0.2}
    nested = parameters.for_notebook(flat)
    assert nested == {"study": {"thresholds": {"innovation": [0.05, 0.2]}, "langs": ["en"]},
                      "noise_sigma": 0.2}
    assert parameters.flatten(nested) == flat
    assert parameters.for_notebook({"noise_sigma": 0.2}) == {"noise_sigma": 0.2}


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
