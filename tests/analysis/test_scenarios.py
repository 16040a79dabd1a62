"""Scenarios: checked before anything runs, and compared with the paper's configuration."""

import subprocess
import sys
import time

import pytest
import yaml

import ecosystems as eco
from ecosystems import config
from ecosystems.analysis import scenarios
from ecosystems.io.paramfile import read_param_file

NOTEBOOKS = sorted(config.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
SCENARIOS = sorted(config.PARAMS.glob("*.yaml"))


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "ecosystems", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


@pytest.mark.slow  # the command line in a new process each
@pytest.mark.parametrize("text, message", [
    ("threshold:\n  innovation: [0.05, 0.2]\n", "unknown parameter 'threshold'; did you mean "
                                                "'thresholds'?"),
    ("cut_method: median\n", "cut_method: 'median' is not one of"),
    ("noise_draws: 0\n", "noise_draws: 0 is not a whole number >= 1"),
    ("x: !!python/object/apply:os.system [echo]\n", "plain values only"),
    ("a: &a [1]\nb: *a\n", "anchors and aliases"),
])
def test_a_bad_scenario_stops_at_once_with_one_message_and_writes_nothing(tmp_path, text,
                                                                          message):
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    dest = tmp_path / "out"
    start = time.perf_counter()
    done = cli("scenario", f, "--dest", dest)
    assert time.perf_counter() - start < 30  # seconds, not a run of the notebooks
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "bad.yaml" in done.stderr
    assert not dest.exists()


@pytest.mark.slow  # the runner reads each notebook with papermill
def test_each_notebook_gets_only_its_keys():
    from ecosystems.runner import pipeline

    split = pipeline.plan(NOTEBOOKS, {"thresholds": None, "noise_sigma": 0.2},
                          declared_only=True)
    for nb, params in split.items():
        declared = pipeline.notebook_parameters(nb)
        assert set(params) <= set(declared)
        assert ("noise_sigma" in params) == ("noise_sigma" in declared)
        assert "thresholds" in params  # a study key: every notebook declares it


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_scenario_is_valid_and_summarises(path):
    params = read_param_file(path)
    eco.check_parameters(params, path.name)  # the runner's check, without reading notebooks
    study = eco.Study.from_params(params)
    table = scenarios.compare_with_paper(study)
    assert len(table) == 36 and table["scenario_type"].notna().all()
    assert table["changed"].any() != (path.stem == "paper")
    summary = scenarios.scenario_summary(study, path.stem, params, path.name)
    assert f"({int(table['changed'].sum())} of 36)" in summary
    claims = scenarios.claims_against_paper(study)
    assert f"({int(claims['flipped'].sum())} of {len(claims)})" in summary
    short = eco.claims_table().set_index("claim_id")["short"]
    for row in claims[claims["flipped"]].itertuples():  # each flip says what the claim says
        line = next(x for x in summary.splitlines() if x.startswith(f"| {row.claim_id} "))
        assert short[row.claim_id] in line.replace("\\", "")
        assert row.paper_verdict in line and row.scenario_verdict in line
    data_driven = study.cut_method not in ("paper", "explicit")
    assert ("the classes are relative" in summary) == data_driven


@pytest.mark.slow  # two notebooks run in a kernel
def test_a_scenario_changes_what_it_touches_and_says_so(tmp_path):
    """Notebooks 01 and 03 under tertiles: the classification and the portrait use its cuts.
    (English outputs only: the Russian ones would take as long again and check nothing more.)"""
    f = tmp_path / "tertiles.yaml"
    f.write_text(yaml.safe_dump({"cut_method": "tertiles", "langs": ["en"]}))
    dest = tmp_path / "out"
    done = cli("run", NOTEBOOKS[0], NOTEBOOKS[2], "-f", f, "--declared-only", "--dest", dest)
    assert done.returncode == 0, done.stderr
    assert f"written to {dest}" in done.stdout or "written to" in done.stdout
    import pandas as pd

    study = eco.Study(cut_method="tertiles")
    written = pd.read_csv(dest / "figures" / "tables" / "classification.csv")
    assert written["ecosystem_type"].tolist() == study.classified["ecosystem_type"].astype(
        object).tolist()
    note = (dest / "figures" / "tables" / "classification.md").read_text().splitlines()[0]
    assert note.startswith("*Not the paper's configuration:") and "tertiles" in note
    side = (dest / "figures" / "phase_portrait.provenance.json").read_text()
    assert "tertiles" in side and '"note": "Not the paper' in side
    svg = (dest / "figures" / "phase_portrait.svg").read_text()
    lower = f"{study.cuts.productivity[0]:g}"
    assert f'threshold:x:{lower}' in svg  # the portrait's grid is the tertiles'
    assert not (config.CANONICAL_FIGURES / "tables" / "classification.csv").read_text() == \
        (dest / "figures" / "tables" / "classification.csv").read_text()
