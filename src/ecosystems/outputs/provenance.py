"""Provenance: one run record per notebook run, and a small sidecar per output.

The run record ``<root>/provenance/<notebook stem>.json`` (``root`` is the outputs'
folder, ``figures/`` by default) says what one run of a notebook did, once: its
inputs (``object``: every data file the process read, with its SHA-256), its
parameters, what ran it (``instrument``: digests of the notebook's sources, the
package's sources and the lock, and the package versions pinned in the lock) and
what it wrote (``result``: every output file, relative to ``root``, with its
SHA-256). It is the shape of a CreateAction (Workflow Run RO-Crate), so that the
crate is a view of it; the run's start and end times, which would make committed
bytes differ from run to run, are in the runner's log (``build/runs/<stem>.json``,
:mod:`ecosystems.runner.pipeline`), joined by the notebook's stem.

Every call of :func:`ecosystems.save_figure`, :func:`ecosystems.save_table` or
:func:`ecosystems.save_text` also writes ``<stem>.provenance.json`` next to the
files it saved, with what differs per output: its files, kind, caption, what of
the paper it reproduces, the notebook cell that made it, the settings note, and
where its run record is. Neither records a commit hash, a date or an absolute
path, so a re-run on the same inputs writes the same bytes; the report (built,
not committed) resolves the digests against the git history.

Which data files were read is noted by :mod:`ecosystems.io.read_log`. The
pipeline runner tells the kernel which notebook it runs and with which
parameters through the environment variables ``ECOSYSTEMS_NOTEBOOK`` and
``ECOSYSTEMS_PARAMETERS``; the cell is the code cell of that notebook whose
source the kernel is executing.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path

from .. import config
from ..analysis.parameters import declared
from ..io.read_log import data_read, sha256

SUFFIX = ".provenance.json"
RECORDS = "provenance"  # the run records' folder under the outputs' folder

_written: dict[Path, dict] = {}  # sidecars written by this process
_runs: dict[Path, dict] = {}  # run records written by this process


@cache
def lock_versions(lock=config.LOCK) -> dict[str, str]:
    """Package name to version, from ``requirements.lock``."""
    versions = {}
    for line in Path(lock).read_text(encoding="utf-8").splitlines():
        name, sep, version = line.partition("==")
        if sep and not line.startswith("#"):
            versions[name.strip()] = version.strip()
    return versions


@cache
def package_digest() -> str:
    """SHA-256 over the package's Python sources (path and content of each).

    Computed once per process (a kernel runs one notebook against one package).
    """
    digest = hashlib.sha256()
    root = config.ROOT / "src" / "ecosystems"
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(sha256(path).encode() + b"\n")
    return digest.hexdigest()


def _cells(notebook: str) -> list[dict]:
    with open(config.ROOT / notebook, encoding="utf-8") as fh:
        cells = json.load(fh)["cells"]
    for cell in cells:
        if isinstance(cell["source"], list):
            cell["source"] = "".join(cell["source"])
    return cells


def notebook_digest(notebook: str) -> str:
    """SHA-256 over a notebook's cell ids, types and sources (outputs excluded)."""
    text = json.dumps([[c.get("id"), c["cell_type"], c["source"]] for c in _cells(notebook)])
    return hashlib.sha256(text.encode()).hexdigest()


@cache
def _notebook_context(notebook: str) -> dict:
    cells = _cells(notebook)
    params: dict = {}
    for cell in cells:
        if cell["cell_type"] == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            for node in ast.parse(cell["source"]).body:
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            try:
                                params[target.id] = ast.literal_eval(node.value)
                            except ValueError:
                                params[target.id] = ast.get_source_segment(cell["source"],
                                                                           node.value)
    return {"cells": cells, "parameters": declared(params), "digest": notebook_digest(notebook)}


def _current_cell(cells: list[dict]) -> dict | None:
    shell = sys.modules["IPython"].get_ipython() if "IPython" in sys.modules else None
    kernel = getattr(shell, "kernel", None)
    if kernel is None:
        return None
    # The execute request being answered carries the cell's source (nbval
    # executes without storing history, so IPython's history may lack it).
    source = kernel.get_parent().get("content", {}).get("code", "").strip()
    for index, cell in enumerate(cells):
        if cell["cell_type"] == "code" and cell["source"].strip() == source:
            return {"id": cell.get("id"), "index": index}
    return None


def _caption(cells: list[dict], cell: dict | None, name: str) -> str | None:
    """The heading of the nearest markdown cell above ``cell``.

    When that cell saves several outputs (a closing "Outputs" cell, say), the
    heading would not tell them apart: the output's name is used instead.
    """
    if cell is None:
        return None
    source = cells[cell["index"]]["source"]
    if source.count("save_figure(") + source.count("save_table(") > 1:
        return name.replace("_", " ").capitalize()
    for previous in reversed(cells[: cell["index"]]):
        if previous["cell_type"] == "markdown":
            for line in previous["source"].splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return None


def run_parameters() -> tuple[dict, dict]:
    """The current run's ``(defaults, overrides)``: the notebook's declared defaults (empty
    outside the runner and nbval) and the parameters the runner passed."""
    notebook = os.environ.get(config.NOTEBOOK_ENV) or None
    overrides = json.loads(os.environ.get(config.PARAMETERS_ENV) or "{}")
    defaults = _notebook_context(notebook)["parameters"] if notebook else {}
    return defaults, overrides


def runs_dir(dest=None) -> Path:
    """Where the runner's logs of a pipeline run go: ``build/runs`` or ``DEST/runs``."""
    return config.BUILD / "runs" if dest is None else Path(dest) / "runs"


def output_root(folder) -> Path:
    """The outputs' folder that ``folder`` belongs to: the current figures folder
    (:func:`ecosystems.config.figures_dir`) when ``folder`` is in it, else the folder
    above a ``tables`` folder, else ``folder`` itself."""
    folder = Path(folder).resolve()
    base = config.figures_dir().resolve()
    if folder == base or base in folder.parents:
        return base
    return folder.parent if folder.name == "tables" else folder


def run_record_path(root, notebook: str | None) -> Path:
    """Where the run record of ``notebook`` under the outputs' folder ``root`` lives
    (``provenance/session.json`` for outputs made outside a notebook run)."""
    return Path(root) / RECORDS / f"{Path(notebook).stem if notebook else 'session'}.json"


def _run_record(notebook: str | None) -> dict:
    """The run record as it stands now, without its result (the files written)."""
    defaults, overrides = run_parameters()
    return {
        "notebook": notebook,
        "instrument": {
            "notebook_sources_sha256": _notebook_context(notebook)["digest"] if notebook
            else None,
            "package_sha256": package_digest(),
            "lock_sha256": sha256(config.LOCK),
            "packages": lock_versions(),
        },
        "parameters": {**defaults, **overrides},
        "object": data_read(),
    }


def _cell_of(notebook: str | None, name: str, caption: str | None) -> tuple[dict | None,
                                                                              str | None]:
    """The notebook cell being executed and the output's caption (given, or the heading
    above that cell)."""
    if not notebook:
        return None, caption
    cells = _notebook_context(notebook)["cells"]
    cell = _current_cell(cells)
    return cell, caption or _caption(cells, cell, name)


def _dump(record: dict, target: Path) -> None:
    target.write_text(json.dumps(record, indent=1, ensure_ascii=False, default=repr) + "\n",
                      encoding="utf-8")


def sidecar_path(folder, name: str) -> Path:
    """Where the sidecar of the outputs ``<folder>/<name>.*`` lives."""
    return Path(folder) / f"{name}{SUFFIX}"


def write_sidecar(files, name: str, kind: str, caption: str | None = None,
                  reproduces=None, note: str | None = None) -> Path:
    """Write the provenance sidecar of ``files`` (all in one folder, stem ``name``) and
    add them to the current run's record.

    Parameters
    ----------
    files : sequence of path
        The output files just written.
    name : str
        Their common stem.
    kind : {"figure", "table", "document"}
    caption : str, optional
        Defaults to the heading above the notebook cell that made them.
    reproduces : str or list of str, optional
        The paper's tables, figures or claims this output reproduces or checks
        (``"Table 3"``, ``"Figure 1"``, ``"claim C8b"``); none by default. Said
        where the output is made, never guessed from its notebook.
    note : str, optional
        The settings note of a non-paper run (:mod:`ecosystems.outputs.run_notes`).

    Returns
    -------
    pathlib.Path
        The sidecar ``<folder>/<name>.provenance.json``.
    """
    files = [Path(f) for f in files]
    folder = files[0].parent
    target = sidecar_path(folder, name)
    notebook = os.environ.get(config.NOTEBOOK_ENV) or None
    root = output_root(folder)
    record_path = run_record_path(root, notebook)
    run = _runs.get(record_path) or {"result": {}}  # a new process: a new run
    result = {**run["result"], **{f.resolve().relative_to(root).as_posix(): sha256(f)
                                   for f in files}}
    run = {**_run_record(notebook), "result": dict(sorted(result.items()))}
    record_path.parent.mkdir(parents=True, exist_ok=True)
    _dump(run, record_path)
    _runs[record_path] = run
    listed = set(_written.get(target, {}).get("files", [])) | {f.name for f in files}
    cell, caption = _cell_of(notebook, name, caption)
    if reproduces is not None:
        reproduces = [reproduces] if isinstance(reproduces, str) else list(reproduces)
    record = {"output": name, "kind": kind, "files": sorted(listed), "caption": caption,
              "reproduces": reproduces or [], "notebook": notebook, "cell": cell, "note": note,
              "run_record": os.path.relpath(record_path, folder.resolve()).replace(os.sep, "/")}
    _dump(record, target)
    _written[target] = record
    return target


def run_record_of(sidecar) -> dict:
    """The run record a sidecar points to (empty when it is missing)."""
    sidecar = Path(sidecar)
    record = json.loads(sidecar.read_text(encoding="utf-8"))
    path = sidecar.parent / record.get("run_record", "")
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def check_sidecar(path) -> list[str]:
    """What no longer matches for one output: empty when it is current.

    An output is stale when one of its files changed since its run wrote it, when
    its run record does not list it (an earlier run made it), or when a data file the
    run read, the notebook's sources, the package sources or the lock changed since.
    """
    path = Path(path)
    record = json.loads(path.read_text(encoding="utf-8"))
    where = config.relative(path)
    record_path = path.parent / record.get("run_record", "")
    if not record_path.is_file():
        return [f"{where}: its run record {record.get('run_record')} is missing (run make all)"]
    run = json.loads(record_path.read_text(encoding="utf-8"))
    root = record_path.parent.parent
    problems = []
    for name in record["files"]:
        f = path.parent / name
        key = f.resolve().relative_to(root.resolve()).as_posix()
        if not f.is_file():
            problems.append(f"{where}: output {name} is missing")
        elif key not in run["result"]:
            problems.append(f"{where}: output {name} is not in its run record (made by an "
                            "earlier run?)")
        elif sha256(f) != run["result"][key]:
            problems.append(f"{where}: output {name} changed since it was made")
    for name, digest in run["object"].items():
        f = Path(name) if Path(name).is_absolute() else config.ROOT / name
        if not f.is_file():
            problems.append(f"{where}: data file {name} is missing")
        elif sha256(f) != digest:
            problems.append(f"{where}: data file {name} changed since (checksum differs)")
    inputs = run["instrument"]
    notebook = run.get("notebook")
    if notebook and not (config.ROOT / notebook).is_file():
        problems.append(f"{where}: notebook {notebook} is missing")
    elif notebook and notebook_digest(notebook) != inputs["notebook_sources_sha256"]:
        problems.append(f"{where}: notebook {notebook} changed since")
    if package_digest() != inputs["package_sha256"]:
        problems.append(f"{where}: package sources changed since (run make all)")
    if sha256(config.LOCK) != inputs["lock_sha256"]:
        problems.append(f"{where}: requirements.lock changed since")
    return problems


def sidecars(root=config.CANONICAL_FIGURES) -> list[Path]:
    """Every sidecar under ``root``, sorted."""
    return sorted(Path(root).rglob(f"*{SUFFIX}"))


def uncovered(root=config.CANONICAL_FIGURES) -> list[Path]:
    """Files under ``root`` that no sidecar lists (run records a sidecar points to count)."""
    root = Path(root)
    covered = set()
    for side in sidecars(root):
        covered.add(side)
        record = json.loads(side.read_text(encoding="utf-8"))
        covered.update(side.parent / name for name in record["files"])
        covered.add((side.parent / record.get("run_record", "")).resolve())
    return sorted(p for p in root.rglob("*") if p.is_file()
                  and p not in covered and p.resolve() not in covered)


def stale_sidecars(root=config.CANONICAL_FIGURES) -> dict[str, list[str]]:
    """Sidecars under ``root`` whose outputs no longer match their inputs, with the reasons."""
    found = {}
    for side in sidecars(root):
        problems = check_sidecar(side)
        if problems:
            found[config.relative(side)] = problems
    return found
