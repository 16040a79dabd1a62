"""The explorer's tables as pandas Stylers: highlighted where they differ from the paper's.

Every Styler has a fixed uuid, so the HTML is the same on every run, and
highlights with one CSS class rather than a rule per cell (the HTML of a
151 x 10 table stays small and quick to render).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

HIGHLIGHT_COLOUR = "#F4D03F"  # cells that differ from the paper's thresholds
HIGHLIGHT = f"background-color: {HIGHLIGHT_COLOUR}; font-weight: bold"


# A classification table shows at most this many clusters (rows that differ first).
MAX_ROWS = 60


def highlighted(table: pd.DataFrame, mask: np.ndarray, uuid: str, max_rows: int | None = None):
    """Styler of ``table`` with the cells where ``mask`` is True highlighted.

    ``max_rows``: more rows than this and the rows with a highlighted cell
    come first, the table keeps ``max_rows`` of them in their order and its
    caption says how many of how many.
    """
    from pandas.io.formats.style import Styler

    caption = None
    if max_rows is not None and len(table) > max_rows:
        differs = np.asarray(mask).any(axis=1)
        first = np.concatenate([np.flatnonzero(differs), np.flatnonzero(~differs)])
        keep = np.sort(first[:max_rows])
        caption = (f"{max_rows:,} of {len(table):,} clusters "
                   f"({int(differs.sum()):,} with a cell that differs, those first)")
        table, mask = table.iloc[keep], np.asarray(mask)[keep]
    classes = pd.DataFrame(np.where(mask, "differs", ""), index=table.index,
                           columns=table.columns)
    styler = _escaped(Styler(table, uuid=uuid, cell_ids=False).set_td_classes(classes)
                      .set_table_styles([{"selector": "td.differs", "props": HIGHLIGHT}]))
    return styler if caption is None else styler.set_caption(caption)


def _escaped(styler):
    """Cells and labels HTML-escaped: a cluster name holding markup shows as text."""
    return (styler.format(escape="html").format_index(escape="html", axis=0)
            .format_index(escape="html", axis=1))


def counts_styler(counts: pd.DataFrame, uuid: str):
    """Counts per type and year (``now`` columns), each that differs from the ``paper``
    column highlighted and followed by the paper's count in brackets."""
    now, paper = counts["now"], counts["paper"]
    a, b = now.to_numpy(), paper.to_numpy()
    text = [[str(x) if x == y else f"{x} ({y})" for x, y in zip(r, q, strict=True)]
            for r, q in zip(a, b, strict=True)]
    text = pd.DataFrame(text, index=now.index, columns=now.columns)
    return highlighted(text, a != b, uuid)


def plain_styler(table: pd.DataFrame, uuid: str):
    """``table`` as a Styler without its index."""
    return _escaped(table.style.set_uuid(uuid)).hide(axis="index")


def measures_styler(table: pd.DataFrame, changed, uuid: str):
    """Measures per type, the cluster column highlighted where ``changed`` is True."""
    css = pd.DataFrame("", index=table.index, columns=table.columns)
    css.iloc[:, 1] = [HIGHLIGHT if c else "" for c in changed]
    return plain_styler(table, uuid).apply(lambda _: css, axis=None)
