"""The book's sources: sanitized notebooks, generated MyST pages, the outputs' records.

:func:`assemble` writes a Sphinx source folder for :mod:`ecosystems.book.build`:
``index.md``, ``replication.md`` (:mod:`ecosystems.book.replication`),
``exhibits.md`` (:mod:`ecosystems.book.exhibits`), ``figures.md`` and
``tables.md`` (one ``{eco-output}`` per output, rendered by
:mod:`ecosystems.book.sphinx.directives`), ``references.md``, the manual
(``manual/``, copied from ``docs/`` by :func:`manual_pages`), ``_toc.yml``,
the notebooks and ``_eco/outputs.json``. Every user string written into a page
goes through :func:`ecosystems.outputs.escape.md_escape`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from .. import config
from ..outputs import provenance
from ..outputs.escape import md_escape
from .sanitize import sanitize_notebook

SAFE_NAME = re.compile(r"^[\w][\w.\-]*$")
BIB = config.DATA / "paper_references.bib"
#: The manual: MyST pages in the repository's ``docs/``, one chapter each in the book.
MANUAL = config.ROOT / "docs"


def _git(*args: str) -> str:
    """What ``git ARGS`` prints in the repository, stripped; empty when git or the repository
    is missing (a copy without ``.git``)."""
    try:
        done = subprocess.run(["git", *args], cwd=config.ROOT, capture_output=True, text=True,
                              check=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return done.stdout.strip()


def _notebook_title(nb: dict, fallback: str) -> str:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def data_target(name: str) -> str | None:
    """Where a data file a sidecar names is copied in the site; None: shown by name only.

    Only a relative name inside the repository, naming an existing file, is
    copied (to the same relative path); an absolute name (a user's file outside
    the repository) or one with ``..`` never is.
    """
    path = Path(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    source = (config.ROOT / path).resolve()
    if not source.is_file() or config.ROOT.resolve() not in source.parents:
        return None
    return path.as_posix()


def _record_of(item: dict, notebooks: dict[str, str], commit: str) -> dict:
    from docutils.nodes import make_id

    record, run, folder = item["record"], item.get("run") or {}, item["folder"].as_posix()
    prefix = "figures/" if folder == "." else f"figures/{folder}/"
    names = list(record["files"])
    safe = [n for n in names if SAFE_NAME.match(n) and (item["sidecar"].parent / n).is_file()]
    pngs = [n for n in safe if n.endswith(".png")]
    csvs = [n for n in safe if n.endswith(".csv")]
    key = (item["folder"] / record["output"]).as_posix()
    made_by = None
    notebook, cell = record.get("notebook"), record.get("cell") or {}
    stem = Path(notebook).stem if notebook else None
    if stem in notebooks:
        where = f"cell {cell.get('id')}" if cell.get("id") else "cell unknown"
        uri = f"notebooks/{stem}.html"
        if cell.get("id"):
            uri += "#" + make_id(f"nbcell-{cell['id']}")
        made_by = {"text": f"{Path(notebook).name}, {where}", "uri": uri}
    instrument = run.get("instrument", {})
    inputs = ", ".join(f"{k.removesuffix('_sha256')} {str(v)[:12]}"
                       for k, v in instrument.items() if k.endswith("_sha256"))
    packages = instrument.get("packages", {})
    shown = ", ".join(f"{k} {packages[k]}" for k in ("numpy", "pandas", "matplotlib", "papermill")
                      if k in packages)
    root = item["sidecar"].parent.resolve()
    for _ in item["folder"].parts:
        root = root.parent
    run_path = (item["sidecar"].parent / record.get("run_record", "")).resolve()
    run_uri = None
    if run and root in run_path.parents and all(SAFE_NAME.match(p) for p in
                                                run_path.relative_to(root).parts):
        run_uri = "figures/" + run_path.relative_to(root).as_posix()
    return {
        "key": key, "label": "out-" + make_id(key), "kind": record.get("kind"),
        "caption": record.get("caption") or record["output"],
        "image": prefix + pngs[0] if pngs else None,
        "csv": prefix + csvs[0] if csvs and not pngs else None,
        "reproduces": list(record.get("reproduces") or []),
        "made_by": made_by, "notebook": notebook, "cell": cell,
        "files": [[n, prefix + n if n in safe else None] for n in names],
        "problems": item["problems"],
        "data": [[n, d, data_target(n)] for n, d in run.get("object", {}).items()],
        "facts": [["parameters", json.dumps(run.get("parameters"), sort_keys=True,
                                            ensure_ascii=False)],
                  ["input digests", inputs],
                  ["recorded in commit", commit or "not committed"],
                  ["pinned packages", f"{len(packages)}, e.g. {shown}"]],
        "sidecar_uri": prefix + item["sidecar"].name,
        "run_record": str(run_path), "run_uri": run_uri,
        "sidecar": str(item["sidecar"]), "folder": folder,
        "source_files": {n: str(item["sidecar"].parent / n) for n in safe},
    }


def _commit(sidecar: Path) -> str:
    if config.ROOT.resolve() not in sidecar.resolve().parents:
        return ""
    if _git("status", "--porcelain", "--", str(sidecar)):
        return ""
    return _git("log", "-1", "--format=%h", "--", str(sidecar))


def assemble(src: Path, items: list[dict], figures: Path, notebooks: list[Path],
             title: str | None = None, explorer: bool = False) -> dict:
    """Write the book's Sphinx sources into ``src``; return what :func:`copy_files` needs."""
    from . import exhibits, replication

    src.mkdir(parents=True)
    titles = {}
    for nb_path in notebooks:
        nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
        titles[Path(nb_path).stem] = _notebook_title(nb, Path(nb_path).stem)
        target = src / "notebooks" / Path(nb_path).name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(sanitize_notebook(nb), ensure_ascii=False), encoding="utf-8")
    records = [_record_of(item, titles, _commit(item["sidecar"])) for item in items]
    for rec in records:  # the page of the book that shows the output
        stem = Path(rec["notebook"]).stem if rec["notebook"] else None
        rec["page"] = f"outputs/{stem if stem in titles else 'other'}.html"
    for rec in records:
        for uri in (rec["image"], rec["csv"]):
            if uri:
                name = uri.rsplit("/", 1)[1]
                (src / uri).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(rec["source_files"][name], src / uri)
    (src / "_eco").mkdir()
    (src / "_eco" / "outputs.json").write_text(
        json.dumps({r["key"]: r for r in records}, ensure_ascii=False, indent=0), encoding="utf-8")
    shutil.copy2(BIB, src / "references.bib")
    head = _git("rev-parse", "--short=12", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--", "src", "notebooks", "data", "figures",
                      "requirements.lock"))
    book = {"title": title or "Reviewer's book", "records": records, "titles": titles,
            "figures": str(figures), "commit": head, "dirty": dirty,
            "orphans": [config.relative(o) for o in provenance.uncovered(figures)]}
    tables = figures / "tables"
    pages = {
        "index": index_page(book, explorer),
        "replication": replication.render(tables, records, figures=figures, src=src),
        "exhibits": exhibits.render(records, titles, figures=figures, src=src),
        "references": "# References\n\nThe paper's reference list (transcribed in "
                      "`data/paper_references.bib`), and the paper itself.\n\n"
                      "```{bibliography}\n:all:\n```\n",
    }
    for stem in [*titles, None]:
        mine = [r for r in records if r["page"] == f"outputs/{stem or 'other'}.html"]
        if mine:
            pages[f"outputs/{stem or 'other'}"] = outputs_page(
                titles.get(stem) or "Made outside the pipeline", mine)
    book["output_pages"] = [name for name in pages if name.startswith("outputs/")]
    if explorer:
        pages["explorer_page"] = (
            "# The explorer without a server\n\n"
            "<p><a href=\"explorer.html\">Open the threshold explorer</a>: one page, opened from "
            "disk, that moves the cut points, reclassifies every cluster-year in the browser and "
            "lists the paper's claims whose verdict flips (precomputed, as the page says). "
            "<code>make explore</code> serves the full explorer with a Python kernel.</p>\n")
    (src / "outputs").mkdir()
    for name, text in pages.items():
        (src / f"{name}.md").write_text(text, encoding="utf-8")
    (src / "_toc.yml").write_text(toc(notebooks, book["output_pages"], explorer,
                                      manual=manual_pages(src)), encoding="utf-8")
    return book


def manual_pages(src: Path, folder: Path = MANUAL) -> list[str]:
    """Copy the manual's pages (``folder/*.md``) into ``src/manual/``; return their toc names.

    The pages are MyST Markdown written for the repository (``tests/test_docs.py`` runs their
    code blocks); they link to each other by file name, so they keep their names and folder.

    Returns
    -------
    list of str
        The pages as the book's ``_toc.yml`` names them (``manual/01_parameters``), in name order.
    """
    names = sorted(p.name for p in Path(folder).glob("*.md"))
    if names:
        (src / "manual").mkdir(exist_ok=True)
    for name in names:
        shutil.copy2(Path(folder) / name, src / "manual" / name)
    return [f"manual/{Path(name).stem}" for name in names]


def toc(notebooks: list[Path], output_pages: list[str], explorer: bool,
        manual: list[str] = ()) -> str:
    """The book's ``_toc.yml`` (Jupyter Book format); ``manual``: see :func:`manual_pages`."""
    lines = ["format: jb-book", "root: index", "parts:",
             "  - caption: Replication", "    chapters:",
             "      - file: replication", "      - file: exhibits",
             "  - caption: Figures and tables, by notebook", "    chapters:"]
    lines += [f"      - file: {name}" for name in output_pages]
    if notebooks:
        lines += ["  - caption: Notebooks", "    chapters:"]
        lines += [f"      - file: notebooks/{Path(nb).stem}" for nb in notebooks]
    if manual:
        lines += ["  - caption: Manual", "    chapters:"]
        lines += [f"      - file: {name}" for name in manual]
    lines += ["  - caption: Back matter", "    chapters:"]
    # The explorer without a server (explorer.static.export, written next to the site).
    if explorer:
        lines.append("      - file: explorer_page")
    lines.append("      - file: references")
    return "\n".join(lines) + "\n"


def outputs_page(notebook_title: str, records: list[dict]) -> str:
    """The outputs of one notebook, one ``{eco-output}`` each, in cell order."""
    parts = [f"# Outputs of {md_escape(notebook_title)}\n",
             "Each figure and table with the caption written where it was made, the paper's "
             "table or figure it reproduces, the notebook cell that made it, its files and its "
             "provenance. A red STALE badge marks an output whose inputs changed since it was "
             "made (run `make all`).\n"]
    for kind, title in (("figure", "Figures"), ("table", "Tables"), ("document", "Documents")):
        mine = [r for r in records if (r["image"] and kind == "figure")
                or (r["csv"] and kind == "table")
                or (not r["image"] and not r["csv"] and kind == "document")]
        if mine:
            parts.append(f"## {title}\n")
            parts += [f":::{{eco-output}} {rec['key']}\n:::\n" for rec in mine]
    return "\n".join(parts)


def index_page(book: dict, explorer: bool) -> str:
    records = book["records"]
    stale = [r for r in records if r["problems"]]
    n_fig = sum(1 for r in records if r["image"])
    n_tab = sum(1 for r in records if r["csv"])
    built = (f"Built from commit `{md_escape(book['commit'] or 'unknown')}`"
             + (" with uncommitted changes to the inputs or outputs" if book["dirty"] else ""))
    lines = [f"# {md_escape(book['title'])}\n",
             "A reviewer's book of the collection's re-run of Mityakov et al., *Differentiated "
             "Approach To Government Support Measures In Industrial Ecosystems As State "
             "Industrial Policy Principle*: the replication report, the exhibit map, every "
             "figure and table with its provenance, and every executed notebook.\n",
             f"{built}; {n_fig} figures, {n_tab} tables, "
             f"{len(records) - n_fig - n_tab} documents, {len(book['titles'])} notebooks.\n",
             "- {doc}`replication`: does the paper hold up, element by element "
             "(also as <a href=\"replication.pdf\">PDF</a>)",
             "- {doc}`exhibits`: each paper table, figure and claim, and each of our outputs, "
             "to the notebook cell and files that make it; data, requirements, instructions",
             "- the figures and tables of each notebook, with their provenance (left navigation)",
             "- the notebooks, as executed (left navigation)",
             "- the manual: parameters, your own data, the analyses, the explorers, provenance, "
             "architecture (left navigation)",
             "- {doc}`references`: the paper's reference list"]
    if explorer:
        lines.append("- {doc}`explorer_page`: the threshold explorer as one page, no server "
                     "(`explorer.html`)")
    lines.append("\nThe book's own figures and tables are numbered B1, B2, ... so as not to be "
                 "confused with the paper's Tables 1-3 and Fig. 1. Search (top) works "
                 "with the book opened from disk.\n")
    if stale or book["orphans"]:
        lines.append(f":::{{important}}\n{len(stale)} output(s) are stale and "
                     f"{len(book['orphans'])} output file(s) have no provenance sidecar: run "
                     "`make all`, then `make report`.\n")
        for rec in stale:
            for problem in rec["problems"]:
                lines.append(f"- {md_escape(problem)}")
        for orphan in book["orphans"]:
            lines.append(f"- {md_escape(orphan)}: no provenance sidecar")
        lines.append(":::\n")
    return "\n".join(lines) + "\n"


def copy_files(book: dict, out: Path) -> list[Path]:
    """Copy every output file, sidecar and data file the pages link to into the site ``out``."""
    copied = []
    out = out.resolve()

    def put(source, relative: str):
        target = (out / relative).resolve()
        if out not in target.parents:  # never outside the site, whatever a sidecar says
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        copied.append(target)

    for rec in book["records"]:
        for name, uri in rec["files"]:
            if uri:
                put(rec["source_files"][name], uri)
        put(rec["sidecar"], rec["sidecar_uri"])
        if rec.get("run_uri"):
            put(rec["run_record"], rec["run_uri"])
        for name, _digest, target in rec["data"]:
            if target:
                put(config.ROOT / name, target)
    return copied
