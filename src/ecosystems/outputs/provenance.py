"""Provenance sidecars: what made each figure and table.

Every call of :func:`ecosystems.save_figure` or :func:`ecosystems.save_table`
writes ``<stem>.provenance.json`` next to the files it saved. The sidecar
records the notebook and cell that made them, the parameters, the SHA-256 of
every data file the process had read, the package versions from the lock, and
digests of the inputs (notebook sources, package sources, lock). It never
records a commit hash, a date or an absolute path, so a re-run on the same
inputs writes the same bytes; the report (built, not committed) resolves the
digests against the git history.

Which data files were read is tracked by :mod:`ecosystems.io.read_log`.

The pipeline runner tells the kernel which notebook it runs and with which
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
from ..io.read_log import data_read, sha256

SUFFIX = ".provenance.json"

_written: dict[Path, dict] = {}  # sidecars written by this process


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
    return {"cells": cells, "parameters": params, "digest": notebook_digest(notebook)}


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


def context(name: str, caption: str | None = None, reproduces=None) -> dict:
    """Everything a sidecar records except the files themselves."""
    notebook = os.environ.get(config.NOTEBOOK_ENV) or None
    overrides = json.loads(os.environ.get(config.PARAMETERS_ENV) or "{}")
    # What an output reproduces is said where it is made (save_*(reproduces=...)): never
    # guessed from its notebook, whose other outputs may reproduce nothing of the paper.
    record: dict = {"caption": caption, "reproduces": [], "notebook": notebook, "cell": None,
                    "parameters": overrides}
    if notebook:
        nb = _notebook_context(notebook)
        record["cell"] = _current_cell(nb["cells"])
        record["parameters"] = {**nb["parameters"], **overrides}
        record["caption"] = caption or _caption(nb["cells"], record["cell"], name)
    if reproduces is not None:
        record["reproduces"] = [reproduces] if isinstance(reproduces, str) else list(reproduces)
    record["data"] = data_read()
    record["inputs"] = {
        "notebook_sources_sha256": _notebook_context(notebook)["digest"] if notebook else None,
        "package_sha256": package_digest(),
        "lock_sha256": sha256(config.LOCK),
    }
    record["packages"] = lock_versions()
    return record


def runs_dir(dest=None) -> Path:
    """Where the run records of a pipeline run go: ``build/runs`` or ``DEST/runs``."""
    return config.BUILD / "runs" if dest is None else Path(dest) / "runs"


def sidecar_path(folder, name: str) -> Path:
    """Where the sidecar of the outputs ``<folder>/<name>.*`` lives."""
    return Path(folder) / f"{name}{SUFFIX}"


def write_sidecar(files, name: str, kind: str, caption: str | None = None,
                  reproduces=None, note: str | None = None) -> Path:
    """Write the provenance sidecar of ``files`` (all in one folder, stem ``name``).

    Parameters
    ----------
    files : sequence of path
        The output files just written.
    name : str
        Their common stem.
    kind : {"figure", "table", "other"}
    caption : str, optional
        Defaults to the heading above the notebook cell that made them.
    reproduces : str or list of str, optional
        The paper's tables, figures or claims this output reproduces or checks
        (``"Table 3"``, ``"Figure 1"``, ``"claim C8b"``); none by default.
    note : str, optional
        The settings note of a non-paper run (:mod:`ecosystems.outputs.run_notes`).

    Returns
    -------
    pathlib.Path
        The sidecar ``<folder>/<name>.provenance.json``.
    """
    files = [Path(f) for f in files]
    target = sidecar_path(files[0].parent, name)
    listed = dict(_written[target]["files"]) if target in _written else {}
    listed.update({f.name: sha256(f) for f in files})
    record = {"output": name, "kind": kind, "files": dict(sorted(listed.items())),
              **context(name, caption, reproduces), "note": note}
    target.write_text(json.dumps(record, indent=1, ensure_ascii=False, default=repr) + "\n",
                      encoding="utf-8")
    _written[target] = record
    return target


def check_sidecar(path) -> list[str]:
    """What no longer matches in one sidecar: empty when it is current.

    A sidecar is stale when a data file it read, one of its output files, the
    notebook's sources, the package sources or the lock changed since.
    """
    path = Path(path)
    record = json.loads(path.read_text(encoding="utf-8"))
    where = config.relative(path)
    problems = []
    for name, digest in record["files"].items():
        f = path.parent / name
        if not f.is_file():
            problems.append(f"{where}: output {name} is missing")
        elif sha256(f) != digest:
            problems.append(f"{where}: output {name} changed since it was made")
    for name, digest in record["data"].items():
        f = config.ROOT / name
        if not f.is_file():
            problems.append(f"{where}: data file {name} is missing")
        elif sha256(f) != digest:
            problems.append(f"{where}: data file {name} changed since (checksum differs)")
    inputs = record["inputs"]
    notebook = record.get("notebook")
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
    """Output files under ``root`` that no sidecar lists."""
    root = Path(root)
    covered = set()
    for side in sidecars(root):
        covered.add(side)
        files = json.loads(side.read_text(encoding="utf-8"))["files"]
        covered.update(side.parent / name for name in files)
    return sorted(p for p in root.rglob("*") if p.is_file() and p not in covered)


def stale_sidecars(root=config.CANONICAL_FIGURES) -> dict[str, list[str]]:
    """Sidecars under ``root`` that no longer match their inputs, with the reasons."""
    found = {}
    for side in sidecars(root):
        problems = check_sidecar(side)
        if problems:
            found[config.relative(side)] = problems
    return found
