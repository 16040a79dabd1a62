"""The reviewer's report: every figure and table in one static HTML site.

``python -m ecosystems report [DEST]`` (``make report``) builds
``build/report/``: ``index.html`` with every figure (thumbnail, caption, the
paper's figure or table it reproduces, its provenance) and every table, and
each executed notebook rendered to HTML by nbconvert with code cells folded.

The site is self-contained: images, tables, sidecars and the data files the
outputs read are copied in, notebook images are embedded, and nbconvert's
template is stripped of its CDN scripts (require.js, MathJax, Mermaid,
widgets; formulas show as TeX source), so it
works opened from disk with no request outside the folder. The commit the
report was built from is added here (the committed sidecars hold digests, not
commits; see :mod:`ecosystems.provenance`).
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path

from .. import config
from . import provenance

DEST = config.BUILD / "report"

# nbconvert's lab template without anything fetched from a CDN; code cells fold
# into <details>. Tags: "remove-cell" drops a cell, "hide-input" its code.
_TEMPLATE = r"""
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block extra_css -%}
<style>details.eco-code>summary{cursor:pointer;font:.8rem monospace;color:#555;margin:.2rem 0 .2rem
1.2rem}</style>
{%- endblock extra_css -%}
{%- block input_group -%}
<details class="eco-code"><summary>code [{{ cell.execution_count or ' ' }}]</summary>
{{ super() }}
</details>
{%- endblock input_group -%}
"""
_HIDE_TAGS = {"hide-input", "remove-input"}
_REMOVE_TAGS = {"remove-cell"}

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:78rem;padding:0 1rem;color:#222}
h1{font-size:1.6rem} h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2.2rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(22rem,1fr));gap:1.2rem}
.grid.wide{grid-template-columns:1fr}
table.overview{border-collapse:collapse;font-size:.85rem;width:100%}
table.overview td,.overview th{border-bottom:1px solid #ddd;padding:.2rem .5rem;text-align:left}
.card{border:1px solid #ddd;border-radius:6px;padding:.8rem;background:#fff;min-width:0}
.card img{width:100%;height:auto;border:1px solid #eee}
.stale{border:2px solid #c0392b;background:#fdf0ee}
.badge{display:inline-block;background:#c0392b;color:#fff;border-radius:3px;padding:0 .4rem;
 font-size:.8rem;margin-left:.3rem}
.banner{border:2px solid #c0392b;background:#fdf0ee;padding:.6rem 1rem;border-radius:6px}
.meta{font-size:.85rem;color:#444} .meta code{font-size:.8rem}
.caption{font-weight:600;margin:.5rem 0 .2rem}
table.data{border-collapse:collapse;font-size:.8rem;margin:.4rem 0}
table.data td,table.data th{border:1px solid #ddd;padding:.15rem .4rem;text-align:right}
.scroll{max-height:22rem;overflow:auto}
details.prov summary{cursor:pointer;font-size:.85rem}
"""


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=config.ROOT, capture_output=True, text=True,
                              check=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return done.stdout.strip()


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _link(href: str, text: str) -> str:
    return f'<a href="{_e(href)}">{_e(text)}</a>'


def collect(figures=config.CANONICAL_FIGURES) -> list[dict]:
    """Every output stem under ``figures`` with its sidecar and staleness.

    Returns
    -------
    list of dict
        One per sidecar: ``sidecar`` (path), ``record`` (its JSON),
        ``problems`` (list of str, empty when current) and ``folder``
        (relative to ``figures``).
    """
    figures = Path(figures)
    items = []
    for side in provenance.sidecars(figures):
        record = json.loads(side.read_text(encoding="utf-8"))
        items.append({"sidecar": side, "record": record, "folder": side.parent.relative_to(figures),
                      "problems": provenance.check_sidecar(side)})

    def order(item):  # notebook order, then cell order, then name
        record = item["record"]
        return (record.get("notebook") or "~", (record.get("cell") or {}).get("index", 0),
                record["output"])

    return sorted(items, key=order)


def render_notebook(notebook, target) -> Path:
    """Render an executed notebook to a self-contained HTML page at ``target``."""
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(extra_loaders=[jinja2.DictLoader({"eco.html.j2": _TEMPLATE})],
                            template_file="eco.html.j2", embed_images=True)
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=_REMOVE_TAGS, remove_input_tags=_HIDE_TAGS,
                              enabled=True), enabled=True)
    nb = nbformat.read(notebook, as_version=4)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {
        "name": Path(notebook).stem, "path": str(Path(notebook).parent)}})
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return target


def _table_html(csv: Path, rows: int = 200) -> str:
    import pandas as pd

    df = pd.read_csv(csv, keep_default_na=False)
    shown = df.head(rows).to_html(index=False, classes="data", border=0,
                                  float_format="{:.3f}".format)
    more = f"<p class='meta'>first {rows} of {len(df)} rows</p>" if len(df) > rows else ""
    return f"<div class='scroll'>{shown}</div>{more}"


def _made_by(record: dict) -> str:
    notebook, cell = record.get("notebook"), record.get("cell")
    if not notebook:
        return "made outside the pipeline (notebook unknown)"
    page = f"notebooks/{Path(notebook).stem}.html"
    anchor = f"#cell-id={cell['id']}" if cell and cell.get("id") else ""
    where = "cell unknown" if not cell else (
        cell["id"] if str(cell["id"]).startswith("cell") else f"cell {cell['id']}")
    return f"made by {_link(page + anchor, f'{Path(notebook).name}, {where}')}"


def _provenance_html(item: dict, commit: str) -> str:
    record = item["record"]
    rows = []
    for name, digest in record["data"].items():
        shown = _e(name) if Path(name).is_absolute() else _link(name, name)  # outside: name only
        rows.append(f"data {shown} <code>sha256 {digest[:16]}…</code>")
    params = json.dumps(record["parameters"], sort_keys=True)
    rows.append(f"parameters <code>{_e(params)}</code>")
    inputs = record["inputs"]
    digests = [f"{_e(k.removesuffix('_sha256'))} <code>{_e(str(v)[:12])}</code>"
               for k, v in inputs.items()]
    rows.append("inputs " + ", ".join(digests))
    rows.append(f"recorded in commit <code>{_e(commit or 'not committed')}</code>")
    rows.append(f"{len(record['packages'])} pinned packages, e.g. " + ", ".join(
        f"{k} {v}" for k, v in record["packages"].items()
        if k in ("numpy", "pandas", "matplotlib", "papermill")))
    side = item["sidecar"].name
    rows.append(_link(f"figures/{item['folder'].as_posix()}/{side}".replace("/./", "/"),
                      "provenance sidecar (JSON)"))
    return ("<details class='prov'><summary>provenance</summary><ul class='meta'>"
            + "".join(f"<li>{r}</li>" for r in rows) + "</ul></details>")


def anchor(item: dict) -> str:
    """Id of an output's card: its stem's path under ``figures/``, e.g. ``tables/table3``."""
    return (item["folder"] / item["record"]["output"]).as_posix()


def _reproduces(record: dict) -> str:
    return ", ".join(record.get("reproduces") or []) or "no paper item (an extension)"


def _card(item: dict, body: str, commit: str, caption_first: bool = False) -> str:
    record = item["record"]
    stale = item["problems"]
    badge = "<span class='badge'>STALE</span>" if stale else ""
    caption = (f"<p class='caption'>{_e(record.get('caption') or record['output'])}"
               f"{badge}</p>")
    folder = item["folder"].as_posix()
    prefix = "figures/" if folder == "." else f"figures/{folder}/"
    files = " · ".join(_link(prefix + name, name) for name in record["files"])
    problems = "".join(f"<li>{_e(p)}</li>" for p in stale)
    return (f"<div class='card{' stale' if stale else ''}' id='{_e(anchor(item))}'>"
            + (caption + body if caption_first else body + caption)
            + f"<p class='meta'>reproduces: {_e(_reproduces(record))}<br>{_made_by(record)}"
            f"<br>files: {files}</p>"
            + (f"<ul class='meta'>{problems}</ul>" if stale else "")
            + _provenance_html(item, commit) + "</div>")


def _overview(items: list[dict]) -> str:
    rows = []
    for item in items:
        record = item["record"]
        status = "<span class='badge'>STALE</span>" if item["problems"] else "current"
        rows.append(f"<tr><td><a href='#{_e(anchor(item))}'>{_e(anchor(item))}</a></td>"
                    f"<td>{_e(record['kind'])}</td>"
                    f"<td>{_e(record.get('caption') or '')}</td>"
                    f"<td>{_e(_reproduces(record))}</td><td>{_made_by(record)}</td>"
                    f"<td>{status}</td></tr>")
    return ("<table class='overview'><tr><th>output</th><th>kind</th><th>caption</th>"
            "<th>reproduces</th><th>notebook cell</th><th>provenance</th></tr>"
            + "".join(rows) + "</table>")


def build_report(dest=DEST, figures=config.CANONICAL_FIGURES, notebooks=None,
                 progress: bool = True) -> Path:
    """Build the static report site.

    Parameters
    ----------
    dest : path
        Output folder (emptied first), by default ``build/report``.
    figures : path
        Committed outputs with their sidecars, by default ``figures/``.
    notebooks : sequence of path, optional
        Executed notebooks to render; by default ``notebooks/NN_*.ipynb``.
    progress : bool
        Show a progress bar while rendering notebooks.

    Returns
    -------
    pathlib.Path
        The ``index.html`` written.
    """
    from tqdm.auto import tqdm

    dest, figures = Path(dest), Path(figures)
    if notebooks is None:
        notebooks = sorted(config.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(figures, dest / "figures")
    items = collect(figures)
    head = _git("rev-parse", "--short=12", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--", "src", "notebooks", "data", "figures",
                      "requirements.lock"))
    for item in items:
        for name in item["record"]["data"]:
            # a file outside the repository (a user's table) is shown by name and digest only
            if not Path(name).is_absolute() and (config.ROOT / name).is_file():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(config.ROOT / name, dest / name)
    pages = []
    for nb in tqdm(list(notebooks), desc="rendering notebooks", disable=not progress):
        nb = Path(nb)
        render_notebook(nb, dest / "notebooks" / f"{nb.stem}.html")
        pages.append(nb)

    def commit_of(item):
        if _git("status", "--porcelain", "--", str(item["sidecar"])):
            return ""
        return _git("log", "-1", "--format=%h", "--", str(item["sidecar"]))

    figure_cards, table_cards, other_cards = [], [], []
    for item in items:
        record, folder = item["record"], item["folder"].as_posix()
        prefix = "figures/" if folder == "." else f"figures/{folder}/"
        pngs = [n for n in record["files"] if n.endswith(".png")]
        svgs = [n for n in record["files"] if n.endswith(".svg")]
        csvs = [n for n in record["files"] if n.endswith(".csv")]
        if pngs or svgs:
            src = prefix + (pngs or svgs)[0]
            img = (f"<a href='{_e(src)}'><img src='{_e(src)}' "
                   f"alt='{_e(record.get('caption') or record['output'])}'></a>")
            figure_cards.append(_card(item, img, commit_of(item)))
        elif csvs:
            table_cards.append(_card(item, _table_html(item["sidecar"].parent / csvs[0]),
                                     commit_of(item), caption_first=True))
        else:  # documents (Markdown, Word): linked, not shown
            other_cards.append(_card(item, "", commit_of(item), caption_first=True))
    stale = [i for i in items if i["problems"]]
    orphans = provenance.uncovered(figures)
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
             f"<title>ecosystems: reviewer's report</title><style>{_STYLE}</style></head><body>",
             "<h1>Reviewer's report: every figure and table, with its provenance</h1>",
             f"<p class='meta'>Built from commit <code>{_e(head or 'unknown')}</code>"
             f"{' with uncommitted changes to the inputs or outputs' if dirty else ''}; "
             f"{len(figure_cards)} figures, {len(table_cards)} tables, "
             f"{len(other_cards)} documents, {len(pages)} notebooks. "
             "Each output's sidecar names the notebook cell, parameters, data checksums and "
             "package versions that made it.</p>"]
    if stale or orphans:
        lines = [f"<li>{_e(p)}</li>" for i in stale for p in i["problems"]]
        lines += [f"<li>{_e(config.relative(o))}: no provenance sidecar</li>" for o in orphans]
        parts.append(f"<div class='banner' id='stale'><strong>{len(stale)} stale sidecar(s), "
                     f"{len(orphans)} output(s) without one</strong> (run <code>make all</code>)"
                     f"<ul>{''.join(lines)}</ul></div>")
    parts.append("<h2>Overview</h2>" + _overview(items))
    parts.append("<h2>Notebooks</h2><ul>" + "".join(
        f"<li>{_link(f'notebooks/{nb.stem}.html', nb.name)}</li>" for nb in pages) + "</ul>")
    parts.append("<h2>Figures</h2>")
    parts.append(f"<div class='grid'>{''.join(figure_cards)}</div>" if figure_cards
                 else "<p>No figures yet.</p>")
    parts.append("<h2>Tables</h2>")
    parts.append(f"<div class='grid wide'>{''.join(table_cards)}</div>" if table_cards
                 else "<p>No tables yet.</p>")
    if other_cards:
        parts.append("<h2>Documents</h2>")
        parts.append(f"<div class='grid'>{''.join(other_cards)}</div>")
    parts.append("</body></html>\n")
    index = dest / "index.html"
    index.write_text("\n".join(parts), encoding="utf-8")
    return index
