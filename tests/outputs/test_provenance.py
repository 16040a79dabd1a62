import ast
import json

import pandas as pd

import ecosystems as eco
from ecosystems import config, save_table
from ecosystems.io import read_log
from ecosystems.outputs import provenance
from ecosystems.runner import pipeline

NB01 = "notebooks/01_table3_classification.ipynb"


def test_committed_sidecars_are_current_and_cover_every_output():
    assert provenance.sidecars(), "no provenance sidecar under figures/"
    assert provenance.stale_sidecars() == {}
    assert provenance.uncovered() == []


def test_committed_sidecars_name_their_notebook_cell_and_run():
    runs = set()
    for side in provenance.sidecars():
        record = json.loads(side.read_text(encoding="utf-8"))
        assert (config.ROOT / record["notebook"]).is_file(), side
        assert record["cell"] and record["cell"]["id"], side
        run = provenance.run_record_of(side)
        assert run["notebook"] == record["notebook"], side
        runs.add((side.parent / record["run_record"]).resolve())
        assert str(config.ROOT) not in side.read_text(encoding="utf-8"), f"{side}: absolute path"
    for path in runs:  # one record per notebook run: data, versions once, no absolute path
        run = json.loads(path.read_text(encoding="utf-8"))
        assert run["object"], f"{path}: no data file recorded"
        assert run["instrument"]["packages"] == provenance.lock_versions(), path
        assert str(config.ROOT) not in path.read_text(encoding="utf-8"), f"{path}: absolute path"
    notebooks = {p.stem for p in config.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    assert {p.stem for p in runs} <= notebooks and len(runs) == len(
        {json.loads(s.read_text())["notebook"] for s in provenance.sidecars()})


def test_sidecar_records_notebook_parameters_and_is_deterministic(tmp_path, monkeypatch):
    monkeypatch.setenv(config.NOTEBOOK_ENV, NB01)
    overrides = {"thresholds": {"innovation": [0, 1]}}
    monkeypatch.setenv(config.PARAMETERS_ENV, json.dumps(overrides))
    df = pd.DataFrame({"a": [1.5]})
    sides = []
    for sub in ("a", "b"):
        csv, _ = save_table(df, "t", folder=tmp_path / sub, caption="A table")
        sides.append(provenance.sidecar_path(csv.parent, "t"))
    assert sides[0].read_bytes() == sides[1].read_bytes()
    runs = [provenance.run_record_path(tmp_path / sub, NB01) for sub in ("a", "b")]
    assert runs[0].read_bytes() == runs[1].read_bytes()
    record = json.loads(sides[0].read_text(encoding="utf-8"))
    assert record["notebook"] == NB01
    assert record["caption"] == "A table"
    assert record["reproduces"] == []  # said where the output is made, never guessed
    assert record["files"] == ["t.csv", "t.md"]
    assert record["run_record"] == "provenance/01_table3_classification.json"
    run = provenance.run_record_of(sides[0])
    declared = pipeline.notebook_parameters(config.ROOT / NB01)  # papermill's reading
    defaults = {name: ast.literal_eval(p["default"]) for name, p in declared.items()}
    assert run["parameters"] == {**defaults, **overrides}
    assert sorted(run["result"]) == ["t.csv", "t.md"]
    assert run["instrument"]["package_sha256"] == provenance.package_digest()


def test_a_run_record_lists_every_output_of_the_run_once(tmp_path, monkeypatch):
    """Outputs in the outputs' folder and in its tables/ share one record, by relative path."""
    monkeypatch.setenv(config.NOTEBOOK_ENV, NB01)
    monkeypatch.delenv(config.PARAMETERS_ENV, raising=False)
    save_table(pd.DataFrame({"a": [1]}), "t", folder=tmp_path / "tables")
    eco.save_text("x\n", "notes.txt", folder=tmp_path)
    run = json.loads(provenance.run_record_path(tmp_path, NB01).read_text(encoding="utf-8"))
    assert sorted(run["result"]) == ["notes.txt", "tables/t.csv", "tables/t.md"]
    inner = json.loads((tmp_path / "tables" / "t.provenance.json").read_text(encoding="utf-8"))
    assert inner["run_record"] == "../provenance/01_table3_classification.json"
    assert provenance.uncovered(tmp_path) == []


def test_committed_captions_are_real_and_one_per_output():
    """Every output's caption is written where it is made: none is its file name, and no two
    outputs share one; what each reproduces is its own (the SYNTHETIC example reproduces
    nothing of the paper)."""
    captions = {}
    for side in provenance.sidecars():
        record = json.loads(side.read_text(encoding="utf-8"))
        caption = record["caption"]
        assert caption and caption != record["output"].replace("_", " ").capitalize(), side
        assert caption not in captions, f"{side} and {captions.get(caption)}: same caption"
        captions[caption] = side
        if "synthetic" in record["output"]:
            assert record["reproduces"] == [] and "SYNTHETIC" in caption, side


def test_stale_data_and_changed_outputs_are_flagged(tmp_path):
    df = pd.DataFrame({"a": [1]})
    read_log.record_read(config.TABLE3)
    csv, _ = save_table(df, "t", folder=tmp_path)
    side = provenance.sidecar_path(tmp_path, "t")
    assert provenance.check_sidecar(side) == []
    run_path = provenance.run_record_path(tmp_path, None)
    run = json.loads(run_path.read_text(encoding="utf-8"))
    run["object"]["data/table3.csv"] = "0" * 64
    run_path.write_text(json.dumps(run), encoding="utf-8")
    csv.write_text("a\n2\n")
    problems = provenance.check_sidecar(side)
    assert any("data file data/table3.csv changed" in p for p in problems)
    assert any("output t.csv changed" in p for p in problems)
    assert list(provenance.stale_sidecars(tmp_path)) == [config.relative(side)]


def test_outputs_without_sidecar_are_listed(tmp_path):
    save_table(pd.DataFrame({"a": [1]}), "t", folder=tmp_path)
    (tmp_path / "loose.png").write_bytes(b"x")
    assert provenance.uncovered(tmp_path) == [tmp_path / "loose.png"]


def test_caption_falls_back_to_the_heading_or_the_name():
    cells = [{"cell_type": "markdown", "source": "# Title\n\ntext"},
             {"cell_type": "markdown", "source": "## Clusters per type"},
             {"cell_type": "code", "source": "eco.save_table(counts, 'type_counts')"},
             {"cell_type": "code", "source": "save_table(a, 'a')\nsave_figure(f, 'b')"}]
    assert provenance._caption(cells, {"index": 2}, "type_counts") == "Clusters per type"
    assert provenance._caption(cells, {"index": 3}, "type_counts") == "Type counts"
    assert provenance._caption(cells, None, "x") is None
