import nbformat
import pytest

from ecosystems import config
from ecosystems.runner import pipeline


def test_compare_reports_every_kind_of_difference(tmp_path):
    produced, canonical = tmp_path / "p", tmp_path / "c"
    for root in (produced, canonical):
        (root / "tables").mkdir(parents=True)
        (root / "same.png").write_bytes(b"x")
    (produced / "tables" / "t.csv").write_text("1\n")
    (canonical / "tables" / "t.csv").write_text("2\n")
    (produced / "new.svg").write_text("n")
    (canonical / "old.svg").write_text("o")
    problems = pipeline.compare(produced, canonical)
    assert len(problems) == 3
    assert any("tables/t.csv: differs" in p for p in problems)
    assert any("new.svg: produced by the notebooks but not committed" in p for p in problems)
    assert any("old.svg: committed but not produced" in p for p in problems)
    assert pipeline.compare(canonical, canonical) == []


def test_normalize_strips_timings():
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"duration": 1.0, "input_path": "/abs/path"}
    cell = nbformat.v4.new_code_cell("1")
    cell.metadata["papermill"] = {"start_time": "2026-01-01"}
    cell.metadata["execution"] = {"iopub.status.busy": "x"}
    cell.metadata["tags"] = ["parameters"]
    cell.outputs = [nbformat.v4.new_output(
        "execute_result", {"text/plain": "<Styler at 0x7ff8399147d0>"}, execution_count=1)]
    nb.cells = [cell]
    pipeline.normalize(nb)
    assert "papermill" not in nb.metadata
    assert cell.metadata == {"tags": ["parameters"]}
    assert cell.outputs[0]["data"]["text/plain"] == "<Styler at 0x0>"


def test_normalize_drops_widget_state_and_views():
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    view = {"version_major": 2, "version_minor": 0, "model_id": "0123abcd"}
    cell = nbformat.v4.new_code_cell("app")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        pipeline.WIDGET_VIEW: view, "text/plain": "ExplorerApp"})]
    nb.cells = [cell]
    pipeline.normalize(nb)
    assert "widgets" not in nb.metadata
    assert cell.outputs[0]["data"] == {"text/plain": "ExplorerApp"}


def test_normalize_joins_stream_chunks():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('a')")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a"),
        nbformat.v4.new_output("stream", name="stdout", text="\n"),
        nbformat.v4.new_output("stream", name="stderr", text="warn\n"),
        nbformat.v4.new_output("stream", name="stdout", text="b\n"),
    ]
    nb.cells = [cell]
    pipeline.normalize(nb)
    assert [(o["name"], o["text"]) for o in cell.outputs] == [
        ("stdout", "a\n"), ("stderr", "warn\n"), ("stdout", "b\n")
    ]


def test_unknown_or_undeclared_parameter_is_an_error():
    notebook = config.NOTEBOOKS / "01_table3_classification.ipynb"
    assert pipeline.plan([notebook], {"thresholds": None}) == {notebook: {"thresholds": None}}
    with pytest.raises(ValueError, match="my.yaml: unknown parameter 'treshold'; did you mean"):
        pipeline.plan([notebook], {"treshold": 1}, source="my.yaml")
    with pytest.raises(ValueError, match="declares no parameter 'noise_sigma'"):
        pipeline.plan([notebook, config.NOTEBOOKS / "05_sensitivity.ipynb"],
                      {"noise_sigma": 0.2}, source="my.yaml")


def test_every_notebook_has_one_parameters_cell_and_a_leading_markdown_cell():
    notebooks = sorted(config.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    assert notebooks
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        assert nb.cells[0].cell_type == "markdown", path.name
        assert "papermill" not in nb.metadata, path.name
        assert nb.metadata["kernelspec"]["name"] == pipeline.KERNEL, path.name


def test_read_params_rejects_non_mapping(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("- 1\n- 2\n")
    with pytest.raises(ValueError, match="mapping"):
        pipeline.read_params([f])


def test_output_dir_redirect(monkeypatch, tmp_path):
    monkeypatch.delenv(config.OUTPUT_ENV, raising=False)
    assert config.figures_dir() == config.CANONICAL_FIGURES
    monkeypatch.setenv(config.OUTPUT_ENV, str(tmp_path))
    assert config.tables_dir() == tmp_path / "tables"


def test_runner_skips_the_slow_iri_grammar_but_jsonschema_still_validates():
    import subprocess
    import sys

    code = ("import sys; from ecosystems.runner import pipeline; pipeline.skip_slow_imports(); "
            "import jsonschema; jsonschema.validate(1, {'type': 'integer'}); "
            "print(sys.modules['rfc3987_syntax'] is None)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"



def test_user_paths_are_taken_from_the_repository_root(monkeypatch, tmp_path):
    monkeypatch.delenv(config.OUTPUT_ENV, raising=False)
    assert config.user_path(None, config.TABLE3) == config.TABLE3
    assert config.user_path("", config.TABLE3) == config.TABLE3
    assert config.user_path("data/table3.csv") == config.TABLE3
    assert config.user_path(tmp_path / "x.csv") == tmp_path / "x.csv"
    assert config.figures_dir("build/mine") == config.ROOT / "build" / "mine"
    assert config.tables_dir("build/mine") == config.ROOT / "build" / "mine" / "tables"
    monkeypatch.setenv(config.OUTPUT_ENV, str(tmp_path))
    assert config.figures_dir() == tmp_path
    assert config.figures_dir("build/mine") == config.ROOT / "build" / "mine"
