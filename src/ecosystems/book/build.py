"""The reviewer's book: a Jupyter Book site of every notebook, figure and table.

``python -m ecosystems report [DEST]`` (``make report``) builds ``build/report/``:
``index.html`` (the book's front page), ``replication.html`` and
``replication.pdf`` (the replication report), ``exhibits.html`` (the exhibit
map), the figures and tables with their captions, provenance and stale badges,
every executed notebook (rendered from its committed outputs, never
re-executed), the paper's reference list and ``search.html``.
``make report SCENARIO=NAME`` builds the book of ``build/scenarios/NAME/`` into
``build/scenarios/NAME/report/``.

The book is made with Sphinx and the Jupyter Book 1 extensions
(:mod:`ecosystems.book.sphinx`), in a staging folder next to the
destination; the finished site replaces the destination only when the build
succeeded. Safety:

- the builder writes only into a folder it made (it leaves the marker file
  ``.ecosystems-report.json`` listing every file it wrote) or an empty one, and
  refuses any other folder, or a folder of its own holding files it did not
  write;
- file names from sidecars never leave the site (a name with ``/`` or ``..``
  is shown, not copied); a data file outside the repository is shown by name
  and digest only;
- notebook outputs are sanitized (:func:`ecosystems.book.sanitize.sanitize_notebook`),
  every user string on the generated pages is escaped, and the pages' tables
  are built as text nodes, never parsed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import config
from ..outputs import provenance

DEST = config.BUILD / "report"
MARKER = ".ecosystems-report.json"
CONFDIR = Path(__file__).parent / "sphinx"


class ReportFolderError(ValueError):
    """The destination is not a folder the builder may write into."""


def collect(figures=config.CANONICAL_FIGURES) -> list[dict]:
    """Every output stem under ``figures`` with its sidecar and staleness.

    Returns
    -------
    list of dict
        One per sidecar: ``sidecar`` (path), ``record`` (its JSON), ``run`` (the run
        record it points to, empty when missing), ``problems`` (list of str, empty when
        current) and ``folder`` (relative to ``figures``), in notebook order, then cell
        order.
    """
    figures = Path(figures)
    items = []
    for side in provenance.sidecars(figures):
        record = json.loads(side.read_text(encoding="utf-8"))
        items.append({"sidecar": side, "record": record, "run": provenance.run_record_of(side),
                      "folder": side.parent.relative_to(figures),
                      "problems": provenance.check_sidecar(side)})

    def order(item):
        record = item["record"]
        return (record.get("notebook") or "~", (record.get("cell") or {}).get("index", 0),
                record["output"])

    return sorted(items, key=order)


def anchor(item: dict) -> str:
    """Key of an output: its stem's path under ``figures/``, e.g. ``tables/table3``."""
    return (item["folder"] / item["record"]["output"]).as_posix()


def check_destination(dest) -> list[str]:
    """Refuse ``dest`` unless the builder may write there; return the files it wrote before.

    Raises
    ------
    ReportFolderError
        When ``dest`` is a file, or a non-empty folder without the builder's
        marker, or a folder of the builder's that holds files it did not write.
    """
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise ReportFolderError(f"{dest}: is a file, not a folder; choose another destination")
    if not dest.exists() or not any(dest.iterdir()):
        return []
    marker = dest / MARKER
    if not marker.is_file():
        raise ReportFolderError(
            f"{dest}: the folder is not empty and was not made by the report builder (no {MARKER}"
            "); nothing was changed. Choose an empty or new folder, or move its files away.")
    written = json.loads(marker.read_text(encoding="utf-8"))["files"]
    present = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}
    foreign = sorted(present - set(written) - {MARKER})
    if foreign:
        more = f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        shown = ", ".join(foreign[:5]) + more
        raise ReportFolderError(
            f"{dest}: holds file(s) the report builder did not write ({shown}); nothing was "
            "changed. Move them away or choose another destination.")
    return written


def _replace(dest: Path, site: Path, previous: list[str]) -> None:
    """Put the finished ``site`` at ``dest``, removing only what the builder wrote before."""
    for name in previous + [MARKER]:
        (dest / name).unlink(missing_ok=True)
    if dest.exists():
        for folder in sorted((p for p in dest.rglob("*") if p.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
        if not any(dest.iterdir()):
            dest.rmdir()
    if dest.exists():  # only empty folders can remain here if previous was complete
        raise ReportFolderError(f"{dest}: could not be emptied of the previous build")
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(site, dest)


def build_report(dest=DEST, figures=None, notebooks=None, progress: bool = True,
                 title: str | None = None, pdf: bool = True, data=None) -> Path:
    """Build the reviewer's book.

    Parameters
    ----------
    dest : path
        Output folder, by default ``build/report``. It must be new, empty, or
        a folder this builder made (see :func:`check_destination`).
    figures : path, optional
        Outputs with their sidecars, by default ``figures/``.
    notebooks : sequence of path, optional
        Executed notebooks to include; by default ``notebooks/NN_*.ipynb``.
    progress : bool
        Print what is being done and how long it took.
    title : str, optional
        The book's title (by default "Reviewer's book").
    data : pandas.DataFrame, optional
        The indicators of the book's explorer page (``explorer.html``); Table 3
        by default.
    pdf : bool
        Also typeset ``replication.pdf`` (pandoc's Typst writer, then Typst).

    Returns
    -------
    pathlib.Path
        The ``index.html`` written.
    """
    from ..explorer.static.export import write_static_explorer
    from . import pages

    started = time.perf_counter()
    dest = Path(dest).resolve()
    figures = Path(figures if figures is not None else config.CANONICAL_FIGURES).resolve()
    if notebooks is None:
        notebooks = sorted(config.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    notebooks = [Path(nb) for nb in notebooks]
    previous = check_destination(dest)
    say = print if progress else (lambda *a, **k: None)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-building-", dir=dest.parent))
    try:
        src, out = staging / "src", staging / "site"
        items = collect(figures)
        book = pages.assemble(src, items, figures, notebooks, title=title, explorer=True)
        say(f"report: {len(items)} outputs, {len(notebooks)} notebooks; running Sphinx")
        _sphinx(src, out, re.sub(r"[^\w .,:()'-]", "", title or book["title"]))
        files = pages.copy_files(book, out)
        if pdf:
            from .pdf import write_pdf

            files.append(write_pdf(src / "replication.md", out / "replication.pdf", src))
        write_static_explorer(out / "explorer.html", data=data, progress=progress)
        say("report: explorer.html, the explorer without a server")
        written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
        (out / MARKER).write_text(json.dumps({"files": written}, indent=0) + "\n",
                                  encoding="utf-8")
        _replace(dest, out, previous)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    say(f"report: {config.relative(dest / 'index.html')} in {time.perf_counter() - started:.1f} s")
    return dest / "index.html"


def _sphinx(src: Path, out: Path, title: str) -> None:
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-c", str(CONFDIR),
               "-D", f"project={title}", "-D", f"html_title={title}",
               "-d", str(src.parent / "doctrees"), str(src), str(out)]
    # sphinxcontrib-bibtex takes bib files relative to the configuration folder: say where
    env = {**os.environ, "ECOSYSTEMS_BOOK_BIB": str(src / "references.bib")}
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    warnings = [line for line in done.stderr.splitlines() if line.strip()]
    if done.returncode != 0:
        raise RuntimeError("Sphinx failed to build the book:\n" + "\n".join(warnings[-30:]))
    for line in warnings:
        print(f"sphinx: {line}", file=sys.stderr)
