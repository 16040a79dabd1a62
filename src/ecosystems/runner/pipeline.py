"""Run notebooks safely and check that outputs reproduce.

``python -m ecosystems run NOTEBOOK [-f params.yaml] [--dest DIR]``
(:mod:`ecosystems.runner.cli`) executes a notebook with papermill into
``build/staging/``; only when every cell succeeded are the executed notebook
(with volatile metadata removed) and its figures and tables moved into place.
A failure names the notebook and the cell and leaves the committed files
untouched.

``python -m ecosystems compare PRODUCED CANONICAL`` lists every file that
differs between a fresh run and the committed outputs.
"""

from __future__ import annotations

import filecmp
import json
import os
import platform
import re
import shutil
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .. import config
from ..outputs.provenance import notebook_digest, package_digest, runs_dir

KERNEL = "ecosystems"
#: Where the runner writes when given neither ``dest`` nor ``in_place``.
DEFAULT_DEST = config.BUILD / "run"
TIMEOUT = 900  # seconds per cell
VOLATILE_CELL_KEYS = ("papermill", "execution")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Object reprs such as "<Styler at 0x7f...>" carry a memory address that differs
# on every run; tests/nbval_sanitize.cfg masks the same pattern for nbval.
MEMORY_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")


class NotebookFailed(RuntimeError):
    """A notebook did not run to its end."""


def read_params(files) -> dict:
    """Merge YAML parameter files (later files win), each read safely.

    Raises
    ------
    ParameterError
        See :func:`ecosystems.io.paramfile.read_param_file`.
    """
    from ..io.paramfile import read_param_file

    params: dict = {}
    for f in files or ():
        params.update(read_param_file(f))
    return params


def notebook_parameters(notebook: Path) -> dict:
    """Names and defaults (``{"default": repr}``) a notebook's ``parameters`` cell declares,
    its ``study`` mapping spread into the study keys
    (:func:`ecosystems.analysis.parameters.declared`)."""
    import ast

    import papermill

    from ..analysis.parameters import declared

    cell = papermill.inspect_notebook(str(notebook))
    values = {k: ast.literal_eval(v["default"]) for k, v in cell.items()}
    return {k: {"name": k, "default": repr(v)} for k, v in declared(values).items()}


def plan(notebooks, params: dict, source: str = "parameters",
         declared_only: bool = False) -> dict:
    """The parameters each notebook gets, every key and value checked first.

    Parameters
    ----------
    notebooks : sequence of path
    params : dict
    source : str
        Where ``params`` came from (the file names), for messages.
    declared_only : bool
        Give each notebook only the keys it declares (a scenario file sets
        keys for several notebooks); otherwise every key must be declared by
        every notebook.

    Returns
    -------
    dict
        Notebook path to its parameters.

    Raises
    ------
    ParameterError
        Naming ``source``, the key and the value: a key no notebook declares
        (with the closest valid name), a key a notebook does not declare
        (without ``declared_only``), a value of the wrong type or impossible,
        study keys that contradict each other.
    """
    from ..analysis.parameters import check_parameters, flatten, suggest
    from ..errors import ParameterError

    params = flatten(params, source)
    declared = {Path(nb): notebook_parameters(Path(nb)) for nb in notebooks}
    known = set().union(*declared.values()) if declared else set()
    check_parameters(params, source, known=known)
    if not declared_only:
        for nb, names in declared.items():
            missing = sorted(set(params) - set(names))
            if missing:
                raise ParameterError(
                    f"{source}: {config.relative(nb)} declares no parameter {missing[0]!r}"
                    f"{suggest(missing[0], names)}; it declares {sorted(names)}")
    return {nb: {k: v for k, v in params.items() if k in names} for nb, names in declared.items()}


def normalize(nb) -> None:
    """Strip what varies between runs in place: papermill timings and paths,
    memory addresses in plain-text object reprs (replaced by ``0x0``), widget ids,
    and the way the kernel happened to chunk a stream (consecutive ``stdout`` or
    ``stderr`` pieces are joined, as a notebook front end shows them).

    Widgets need a live kernel: without one their saved state and views only
    carry random model ids. The state (``metadata.widgets``) and the widget
    views are dropped; each widget output keeps its ``text/plain`` fallback.
    """
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if "outputs" in cell:
            cell.outputs = _join_streams(cell.outputs)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            data.pop(WIDGET_VIEW, None)
            if "text/plain" in data:
                text = data["text/plain"]
                if isinstance(text, list):
                    text = "".join(text)
                data["text/plain"] = MEMORY_ADDRESS.sub("0x0", text)


def _join_streams(outputs: list) -> list:
    joined: list = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")):
            previous["text"] = "".join(previous["text"]) + "".join(output["text"])
        else:
            joined.append(output)
    return joined


def _replace_if_changed(src: Path, dst: Path) -> bool:
    if dst.exists() and filecmp.cmp(src, dst, shallow=False):
        src.unlink()
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    os.replace(src, dst)
    return True


def run_notebook(notebook, params: dict | None = None, dest=None, kernel: str = KERNEL,
                 timeout: int = TIMEOUT, source: str = "parameters",
                 in_place: bool = False) -> list[Path]:
    """Execute ``notebook`` and move its results into place on success.

    Parameters
    ----------
    notebook : path
        A notebook under ``notebooks/``.
    params : dict, optional
        Parameters; each must be declared in the notebook's ``parameters`` cell.
    dest : path, optional
        Where results go: ``dest/<name>.ipynb`` and ``dest/figures/``;
        :data:`DEFAULT_DEST` when neither ``dest`` nor ``in_place`` is given.
    in_place : bool
        Rewrite the committed notebook and outputs under ``figures/`` (what
        ``make all`` does); refused together with ``dest``.
    kernel : str
        Jupyter kernel name (registered in the venv by ``make``).
    timeout : int
        Per-cell execution timeout in seconds.
    source : str
        Where ``params`` came from, for error messages.

    Returns
    -------
    list of pathlib.Path
        Files that changed.

    Raises
    ------
    NotebookFailed
        When a cell fails; nothing is moved into place.
    """
    import tempfile

    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from ..analysis.parameters import flatten, for_notebook

    notebook = Path(notebook).resolve()
    params = flatten(params or {}, source)
    if in_place and dest is not None:
        raise ValueError("give either dest or in_place, not both")
    plan([notebook], params, source)
    started = time.perf_counter()
    # a folder of its own: several runs (make -j2 scenarios) may stage the same notebook
    (config.BUILD / "staging").mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f"{notebook.stem}-", dir=config.BUILD / "staging"))
    stage_figures = stage / "figures"
    stage_figures.mkdir(parents=True)
    staged_nb = stage / notebook.name
    # The kernel inherits these: where outputs go, and what the provenance
    # sidecars record as the notebook and its parameters.
    env = {config.OUTPUT_ENV: str(stage_figures),
           config.NOTEBOOK_ENV: config.relative(notebook),
           config.PARAMETERS_ENV: json.dumps(params, sort_keys=True, default=repr)}
    env_before = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        papermill.execute_notebook(
            str(notebook), str(staged_nb), parameters=for_notebook(params), kernel_name=kernel,
            execution_timeout=timeout, progress_bar=True, cwd=str(config.NOTEBOOKS),
            report_mode=False,
        )
    except PapermillExecutionError as exc:
        failed = (config.BUILD if in_place else Path(dest or DEFAULT_DEST).resolve()) \
            / "failed" / notebook.name
        failed.parent.mkdir(parents=True, exist_ok=True)
        if staged_nb.exists():
            shutil.copy(staged_nb, failed)
        shutil.rmtree(stage, ignore_errors=True)
        raise NotebookFailed(
            f"{config.relative(notebook)}: cell {exc.cell_index} (execution count "
            f"{exc.exec_count}) failed with {exc.ename}: {exc.evalue}\n"
            f"The executed notebook is at {config.relative(failed)}; committed files are untouched."
        ) from None
    finally:
        for name, value in env_before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    nb = nbformat.read(staged_nb, as_version=4)
    normalize(nb)
    nbformat.write(nb, staged_nb)
    if in_place:
        nb_target, fig_target = notebook, config.CANONICAL_FIGURES
    else:
        dest = Path(dest or DEFAULT_DEST).resolve()
        nb_target, fig_target = dest / notebook.name, dest / "figures"
    changed, written, new = [], [staged_nb], []
    for produced in sorted(p for p in stage_figures.rglob("*") if p.is_file()):
        written.append(produced)
        target = fig_target / produced.relative_to(stage_figures)
        new += [] if target.exists() else [target]
        if _replace_if_changed(produced, target):
            changed.append(target)
    new += [] if nb_target.exists() else [nb_target]
    if _replace_if_changed(staged_nb, nb_target):
        changed.append(nb_target)
    shutil.rmtree(stage, ignore_errors=True)
    record_run(notebook, time.perf_counter() - started, written, changed,
               runs_dir(None if dest is None else dest), new=new, params=params)
    return changed


def machine() -> dict:
    """The machine a run was measured on: processor, cores, memory, system, Python."""
    info = {"system": platform.platform(), "python": platform.python_version(),
            "cores": os.cpu_count(), "processor": platform.processor() or platform.machine(),
            "memory_gib": None}
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                info["processor"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gib"] = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return info


def record_run(notebook: Path, seconds: float, written: list[Path], changed: list[Path],
               folder: Path, new=(), params=None) -> Path:
    """Write ``folder/<notebook stem>.json``, the runner's log of one run: when it started
    and finished (the start and end of the run that the committed run record describes,
    :mod:`ecosystems.outputs.provenance`, joined by the notebook's stem), how long it took,
    on what machine, with which parameters, and which of the files it wrote were new or
    differ from the ones that were there before (none: the run reproduced them byte for
    byte). These logs live in ``build/``, never committed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    finished = datetime.now(UTC)
    record = {"notebook": config.relative(notebook), "seconds": round(seconds, 2),
              "started_utc": (finished - timedelta(seconds=seconds)).strftime(
                  "%Y-%m-%d %H:%M:%S"),
              "finished_utc": finished.strftime("%Y-%m-%d %H:%M:%S"),
              "machine": machine(),
              "inputs": {"notebook_sources_sha256": notebook_digest(config.relative(notebook)),
                         "package_sha256": package_digest(),
                         "lock_sha256": _sha256(config.LOCK)},
              "parameters": params or {},
              "files_written": len(written),
              "new": sorted(config.relative(p) for p in new),
              "changed": sorted(config.relative(p) for p in changed if p not in set(new))}
    target = folder / f"{notebook.stem}.json"
    target.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return target


def _sha256(path) -> str:
    from ..io.read_log import sha256

    return sha256(path)


def compare(produced, canonical) -> list[str]:
    """Differences between a fresh run's outputs and the committed ones.

    Returns
    -------
    list of str
        One line per file that differs, is missing from the fresh run, or was
        produced but is not committed. Empty when everything reproduces.
    """
    produced, canonical = Path(produced), Path(canonical)

    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    new, old = files(produced), files(canonical)
    problems = []
    for name in sorted(old | new):
        where = config.relative(canonical / name)
        if name not in new:
            problems.append(f"{where}: committed but not produced by the notebooks (stale?)")
        elif name not in old:
            problems.append(f"{where}: produced by the notebooks but not committed")
        elif not filecmp.cmp(produced / name, canonical / name, shallow=False):
            fresh = config.relative(produced / name)
            problems.append(f"{where}: differs from a fresh run ({fresh})")
    return problems


def record_compare(produced, canonical, problems: list[str], folder=None) -> Path:
    """Write ``build/runs/compare.json``: the result of the last byte comparison
    (``make reproduce``), which the reviewer's book reports."""
    produced, canonical = Path(produced), Path(canonical)
    folder = runs_dir() if folder is None else Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    record = {"produced": config.relative(produced), "canonical": config.relative(canonical),
              "files_compared": sum(1 for p in canonical.rglob("*") if p.is_file()),
              "problems": problems, "machine": machine(),
              "finished_utc": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")}
    target = folder / "compare.json"
    target.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return target


def skip_slow_imports() -> None:
    """Keep the runner's start-up short (called by the command line only).

    papermill imports nbformat, which imports jsonschema, whose format checkers
    import ``rfc3987_syntax`` when it is installed; that module builds a lark
    grammar at import (about 1.6 s on an idle machine, most of papermill's
    import time) for IRI checks nothing here asks for. Marking it absent makes
    jsonschema skip just those checkers, in this process only.
    """
    sys.modules.setdefault("rfc3987_syntax", None)
