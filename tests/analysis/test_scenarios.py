import pytest
import yaml

from ecosystems import config
from ecosystems.analysis import scenarios as scenario
from ecosystems.publish import cli, pipeline

NOTEBOOKS = sorted(config.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
SCENARIOS = sorted(config.PARAMS.glob("*.yaml"))


def test_unknown_scenario_key_names_key_and_file(tmp_path):
    f = tmp_path / "typo.yaml"
    f.write_text("thresholds: null\ntreshold: 1\n")
    with pytest.raises(ValueError, match=r"typo.yaml: unknown parameter\(s\) \['treshold'\]"):
        pipeline.parameters_per_notebook(NOTEBOOKS, pipeline.read_params([f]), str(f))
    assert cli.main(["run", *map(str, NOTEBOOKS), "-f", str(f), "--declared-only",
                          "--dest", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()


def test_each_notebook_gets_only_its_keys():
    split = pipeline.parameters_per_notebook(NOTEBOOKS, {"thresholds": None, "noise_sigma": 0.2})
    for nb, params in split.items():
        declared = pipeline.notebook_parameters(nb)
        assert set(params) <= set(declared)
        assert ("noise_sigma" in params) == ("noise_sigma" in declared)


def test_shipped_scenarios_are_valid_and_classify():
    names = {p.stem for p in SCENARIOS}
    assert {"paper", "tertiles", "real_terms"} <= names and len(names) >= 5
    for path in SCENARIOS:
        params = pipeline.read_params([path])
        pipeline.parameters_per_notebook(NOTEBOOKS, params, str(path))
        keys = {k: params[k] for k in scenario.CLASSIFICATION_KEYS if k in params}
        table = scenario.compare_with_paper(scenario.scenario_classification(**keys))
        assert len(table) == 36 and table["scenario_type"].notna().all(), path.name
        if path.stem == "paper":
            assert not table["changed"].any()


def test_scenario_compare_cli(tmp_path):
    f = tmp_path / "halved.yaml"
    f.write_text(yaml.safe_dump({"thresholds": {"innovation": [0.05, 0.15],
                                                "productivity": [1.0, 2.0]}}))
    assert cli.main(["compare-scenario", str(f), "--dest", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "comparison_with_paper.csv").exists()
    bad = tmp_path / "bad.yaml"
    bad.write_text("cut_method: median\n")
    assert cli.main(["compare-scenario", str(bad), "--dest", str(tmp_path / "o2")]) == 1


def test_a_deflator_per_indicator_classifies_like_deflate_by():
    from ecosystems import deflate_by, load_deflators, load_indicators

    choice = {"rd_per_employee": "gdp_deflator",
              "value_added_per_employee": "gva_deflator_manufacturing"}
    got = scenario.scenario_classification(deflator=choice)
    real = deflate_by(load_indicators(), load_deflators(), choice)
    assert got["rd_per_employee"].tolist() == real["rd_per_employee"].tolist()
    assert got["value_added_per_employee"].tolist() == real["value_added_per_employee"].tolist()
    assert pipeline.read_params([config.PARAMS / "real_terms.yaml"])["deflator"] == choice
