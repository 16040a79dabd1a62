"""Writing figures and tables byte-deterministically.

Same inputs and the same pinned environment give the same bytes: PNG without
the software tag, SVG with a fixed hash salt and no date, PDF without a
creation date, CSV with fixed line endings.

Each call also writes a provenance sidecar ``<name>.provenance.json`` next to
the files (see :mod:`ecosystems.outputs.provenance`); it is not in the returned
list. Outputs of a run that is not the paper's configuration carry a note of
its settings (:mod:`ecosystems.outputs.run_notes`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import config
from ..draw.style import RC, settle
from . import provenance
from .run_notes import add_to_figure, run_note

FIGURE_FORMATS = ("png", "svg")
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}


def save_figure(fig, name: str, formats=FIGURE_FORMATS, folder=None, caption: str | None = None,
                reproduces=None, note: str | None = "auto") -> list[Path]:
    """Save ``fig`` as ``<folder>/<name>.<ext>`` for each format.

    A figure with a layout engine is laid out first, with text measured at the
    PNG's resolution, and then fixed (:func:`ecosystems.draw.style.settle`):
    every format has the same layout, and the figure keeps it afterwards.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File stem, e.g. ``"phase_portrait"``.
    formats : sequence of {"png", "svg", "pdf"}
    folder : path, optional
        Defaults to :func:`ecosystems.config.figures_dir`.
    caption : str, optional
        For the report; defaults to the heading above the notebook cell.
    reproduces : str or list of str, optional
        The paper's tables, figures or claims it reproduces or checks (e.g.
        ``"Figure 1"``, ``["Table 1", "Table 3"]``, ``"claim C8b"``); none by default.
    note : str or None
        A line written above the figure; ``"auto"``: the run's settings when
        they are not the paper's (:func:`ecosystems.outputs.run_notes.run_note`).

    Returns
    -------
    list of pathlib.Path
        The files written (the provenance sidecar is written too, not listed).
    """
    import matplotlib as mpl

    # laid out once, at the resolution of the PNG, for every format (not again by each save)
    settle(fig, dpi=RC["savefig.dpi"])
    note = run_note() if note == "auto" else note
    if note:
        add_to_figure(fig, note)
    folder = Path(folder) if folder is not None else config.figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with mpl.rc_context({"svg.hashsalt": RC["svg.hashsalt"], "svg.fonttype": "path"}):
        for ext in formats:
            target = folder / f"{name}.{ext}"
            fig.savefig(target, format=ext, dpi=RC["savefig.dpi"], metadata=_METADATA[ext])
            written.append(target)
    provenance.write_sidecar(written, name, "figure", caption, reproduces, note)
    return written


# A Markdown table shows at most this many rows by default (the CSV keeps every row).
MARKDOWN_ROWS = 500
# A notebook display (shown_rows) shows at most this many rows; a list in a sentence
# (listed) at most LISTED items.
SHOWN_ROWS = 60
LISTED = 20
MISSING = "n/a"  # how a missing value is written in a Markdown table
# A text cell of a Markdown table or a display keeps at most this many characters.
CELL_CHARS = 1000


def _short_text(value, limit: int = CELL_CHARS):
    """``value`` cut to ``limit`` characters with a note of its length, when a longer str."""
    if not isinstance(value, str) or len(value) <= limit:
        return value
    return f"{value[:limit]} … ({len(value):,} characters; all of them in the CSV)"


def _short_cells(df: pd.DataFrame, limit: int = CELL_CHARS) -> pd.DataFrame:
    """``df`` itself, or a copy with its text cells over ``limit`` characters cut."""
    text = [k for k in range(df.shape[1]) if df.iloc[:, k].dtype == object
            or pd.api.types.is_string_dtype(df.iloc[:, k])]
    long = [k for k in text if df.iloc[:, k].map(
        lambda v: isinstance(v, str) and len(v) > limit).any()]
    if not long:
        return df
    out = df.copy()
    for k in long:
        out.isetitem(k, out.iloc[:, k].map(lambda v: _short_text(v, limit)))
    return out


def shown_rows(df: pd.DataFrame, limit: int = SHOWN_ROWS, where: str | None = None):
    """The first ``limit`` rows of ``df`` for a notebook display; says so when it cuts.

    Text cells longer than :data:`CELL_CHARS` characters are cut too (with
    their length).

    Parameters
    ----------
    df : pandas.DataFrame or pandas.Series
    limit : int
    where : str, optional
        The file holding every row, named in the note (``"every row is in WHERE"``).

    Returns
    -------
    pandas.DataFrame
        ``df`` itself when it has at most ``limit`` rows, else its head; a line
        ``"showing the first 60 of 1,510 rows; every row is in WHERE"`` is
        printed then.
    """
    if len(df) > limit:
        where = where or "the CSV"
        print(f"showing the first {limit:,} of {len(df):,} rows; every row is in {where}")
        df = df.head(limit)
    return _short_cells(df) if isinstance(df, pd.DataFrame) else df


def listed(items, limit: int = LISTED, empty: str = "none") -> str:
    """``"a, b, c"``; more than ``limit`` items: the first ``limit`` and ``"and N more"``."""
    items = [str(i) for i in items]
    if not items:
        return empty
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f" and {len(items) - limit:,} more"


def save_table(df: pd.DataFrame, name: str, folder=None, index: bool = False,
               floatfmt: str = ".3f", caption: str | None = None, reproduces=None,
               note: str | None = "auto", notes=None,
               max_rows: int | None = MARKDOWN_ROWS, missing: str = MISSING) -> list[Path]:
    """Save ``df`` as CSV and as a Markdown rendering.

    The CSV holds every row (missing values empty); the Markdown file the
    first ``max_rows`` rows, with a line under the table saying how many of
    how many when it holds fewer, missing values as :data:`MISSING` and text
    cells over :data:`CELL_CHARS` characters cut (with their length).

    Parameters
    ----------
    df : pandas.DataFrame
    name : str
        File stem, e.g. ``"classification"``.
    folder : path, optional
        Defaults to :func:`ecosystems.config.tables_dir`.
    index : bool
        Write the index as well.
    floatfmt : str
        Number format of the Markdown rendering (the CSV keeps full precision).
    caption, reproduces, note : optional
        As for :func:`save_figure`; the note is the Markdown file's first line.
    notes : sequence of str, optional
        Footnotes written below the Markdown table, one paragraph each (the
        CSV has no place for them).
    max_rows : int or None
        Rows of the Markdown rendering (:data:`MARKDOWN_ROWS` by default);
        ``None``: every row (a table whose size a parameter fixes, not the data).
    missing : str
        How a missing value is written in Markdown (:data:`MISSING`; e.g.
        ``eco.label("word.no_data", "ru")``, "нет данных", for a Russian table).

    Returns
    -------
    list of pathlib.Path
        The CSV and Markdown files written (and a provenance sidecar, not listed).
    """
    note = run_note() if note == "auto" else note
    folder = Path(folder) if folder is not None else config.tables_dir()
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, md_path = folder / f"{name}.csv", folder / f"{name}.md"
    df.to_csv(csv_path, index=index, lineterminator="\n", encoding="utf-8")
    from .escape import md_escape_cell

    head = f"*{md_escape_cell(note)}*\n\n" if note else ""
    footer = "".join(f"\n{text}\n" for text in (notes or ()))
    if max_rows is not None and len(df) > max_rows:
        footer = (f"\n*The first {max_rows:,} of {len(df):,} rows; every row is in "
                  f"{md_escape_cell(csv_path.name)}.*\n") + footer
        df = df.head(max_rows)
    md_path.write_text(head + _markdown(_short_cells(df), index, floatfmt, missing) + "\n" + footer,
                       encoding="utf-8")
    provenance.write_sidecar([csv_path, md_path], name, "table", caption, reproduces, note)
    return [csv_path, md_path]


def _markdown(df: pd.DataFrame, index: bool, floatfmt: str, missing: str = MISSING) -> str:
    """``df`` as a Markdown table with every text cell and label escaped, so that a name
    holding ``|``, ``<script>`` or ``*`` stays one literal cell (numbers are left as they are)."""
    from .escape import md_escape_cell

    def cell(value):
        return md_escape_cell(value) if isinstance(value, str) else value

    shown = df.copy()
    for column in shown.columns:
        if shown[column].dtype == object or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = shown[column].map(cell)
    for k, gaps in enumerate(shown.isna().any().to_numpy()):  # tabulate marks None only
        if gaps:
            values = shown.iloc[:, k]
            shown.isetitem(k, values.astype(object).where(values.notna(), None))
    shown.columns = [md_escape_cell(c) if isinstance(c, str) else c for c in shown.columns]
    if index:
        shown.index = shown.index.map(cell)
        if shown.index.name is not None:
            shown.index.name = md_escape_cell(shown.index.name)
    return shown.to_markdown(index=index, floatfmt=floatfmt, missingval=md_escape_cell(missing))


def save_text(text: str, filename: str, folder=None, caption: str | None = None,
              reproduces=None, note: str | None = "auto") -> list[Path]:
    """Save a text output (a Markdown document, say) as ``<folder>/<filename>``, UTF-8.

    Parameters
    ----------
    text : str
    filename : str
        File name with its extension, e.g. ``"cluster_profiles.md"``; the
        provenance sidecar is ``<stem>.provenance.json``.
    folder : path, optional
        Defaults to :func:`ecosystems.config.tables_dir`.
    caption, reproduces : optional
        As for :func:`save_figure`.

    Returns
    -------
    list of pathlib.Path
        The file written (its provenance sidecar is written too, not listed).
    """
    folder = Path(folder) if folder is not None else config.tables_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / filename
    target.write_text(text, encoding="utf-8")
    note = run_note() if note == "auto" else note
    provenance.write_sidecar([target], target.stem, "document", caption, reproduces, note)
    return [target]
