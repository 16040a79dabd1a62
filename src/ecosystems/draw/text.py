"""Fitting text into places: measured from font metrics, placed away from the data.

Figures here are laid out once, so text sizes are estimated from the font's
metrics and the Axes' size (no renderer, no draw): :func:`text_box` measures
a block of lines, :func:`fit_in_cell` chooses the largest form of a name
(size, wrapping, rotation) that fits a rectangle of the Axes, and
:func:`place` puts it in the corner of that rectangle that the data cross
least (:func:`obstacles` samples the data as points).

Coordinates are axes fractions unless said otherwise.
"""

from __future__ import annotations

import functools
import math
import textwrap
from itertools import combinations

import numpy as np

LINE_HEIGHT_EM = 1.2  # matplotlib's default linespacing
FONT_FAMILY = "DejaVu Sans"  # bundled with matplotlib (style.RC uses it)


def to_axes_fraction(ax, x, y) -> np.ndarray:
    """Data -> axes-fraction coordinates without a renderer (scale + limits only)."""
    pts = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    return (ax.transScale + ax.transLimits).transform(pts)


def axes_size_inches(ax) -> tuple[float, float]:
    """Width and height of ``ax`` in inches (at least half an inch each)."""
    pos = ax.get_position()
    w, h = ax.figure.get_size_inches()
    return max(pos.width * w, 0.5), max(pos.height * h, 0.5)


@functools.lru_cache(maxsize=4096)
def line_width_pt(text: str, fontsize: float, italic: bool = False) -> float:
    """Advance width of one line in points, from the font's metrics (no renderer needed)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=FONT_FAMILY, size=fontsize,
                          style="italic" if italic else "normal")
    return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0]


def text_box(lines, fontsize: float, axes_in: tuple[float, float], rotated: bool = False,
             italic: bool = True) -> tuple[float, float]:
    """(width, height) of a block of ``lines`` in axes fraction, with 0.5 pt of margin."""
    width = (max(line_width_pt(s, fontsize, italic) for s in lines) + 1.0) / 72
    height = len(lines) * LINE_HEIGHT_EM * fontsize / 72
    if rotated:
        width, height = height, width
    return width / axes_in[0], height / axes_in[1]


@functools.lru_cache(maxsize=1024)
def wrap(text: str, nlines: int = 2) -> tuple[str, ...]:
    """Split a name into at most ``nlines`` lines, as even in length as the words allow."""
    words = text.split(" ")
    if nlines <= 1 or len(words) == 1:
        return (text,)
    best = (text,)
    for k in range(1, min(nlines, len(words))):
        for cuts in combinations(range(1, len(words)), k):
            bounds = (0, *cuts, len(words))
            lines = tuple(" ".join(words[a:b]) for a, b in zip(bounds[:-1], bounds[1:],
                                                               strict=True))
            if max(map(len, lines)) < max(map(len, best)):
                best = lines
    return best


def lines_needed(text: str, width_in: float, fontsize: float) -> int:
    """How many lines :func:`balanced` wraps ``text`` into at ``width_in`` inches."""
    return max(1, math.ceil(line_width_pt(text, fontsize) / 72 / width_in))


def balanced(text: str, width_in: float, fontsize: float, nlines: int | None = None,
             ) -> list[str]:
    """Wrap ``text`` into as few lines of even length as fit ``width_in`` inches.

    ``nlines`` asks for at least that many lines (e.g. as many as the same
    text needs in another language, so that both figures are laid out alike).
    """
    n = max(lines_needed(text, width_in, fontsize), nlines or 1)
    if n == 1:
        return [text]
    if len(text.split(" ")) <= 16:  # the most even split into n lines at word breaks
        return list(wrap(text, n))
    return textwrap.wrap(text, math.ceil(len(text) / n) + 2)


def place(cell, size, obstacles: np.ndarray, pad):
    """Choose where a text box goes inside ``cell`` hitting the fewest obstacles.

    Parameters
    ----------
    cell : ((x0, x1), (y0, y1))
        The rectangle, in axes fraction.
    size : (width, height)
        The text box (:func:`text_box`).
    obstacles : numpy.ndarray, shape (n, 2)
        Points to keep off, sorted by x (:func:`obstacles`).
    pad : (float, float)
        Margin from the rectangle's edges.

    Returns
    -------
    tuple
        ``(x, y, ha, va, hits, fits)``: the anchor and alignment of the text,
        the number of obstacles under it and whether it fits the cell.
    """
    (x0, x1), (y0, y1) = cell
    w, h = size
    candidates = [
        (x0 + pad[0], y1 - pad[1], "left", "top"),
        (x1 - pad[0], y1 - pad[1], "right", "top"),
        (x0 + pad[0], y0 + pad[1], "left", "bottom"),
        (x1 - pad[0], y0 + pad[1], "right", "bottom"),
        ((x0 + x1) / 2, (y0 + y1) / 2, "center", "center"),
    ]
    fits = w + 2 * pad[0] <= x1 - x0 and h + 2 * pad[1] <= y1 - y0
    best = None
    for x, y, ha, va in candidates:
        left = {"left": x, "right": x - w, "center": x - w / 2}[ha]
        bottom = {"bottom": y, "top": y - h, "center": y - h / 2}[va]
        margin = 0.01
        hits = 0
        if len(obstacles):
            # obstacles are sorted by x: the x test is two binary searches, the y
            # test runs on that slice only (same count as testing all)
            a = np.searchsorted(obstacles[:, 0], left - margin, side="left")
            b = np.searchsorted(obstacles[:, 0], left + w + margin, side="right")
            ys = obstacles[a:b, 1]
            hits = int(np.count_nonzero((ys >= bottom - margin) & (ys <= bottom + h + margin)))
        if best is None or hits < best[4]:
            best = (x, y, ha, va, hits, fits)
        if hits == 0:
            break
    return best


def obstacles(ax, paths, steps: int = 24) -> np.ndarray:
    """Points (axes fraction, sorted by x) along every path of ``(xs, ys)`` data arrays."""
    chunks = []
    for xs, ys in paths:
        p = to_axes_fraction(ax, xs, ys)
        p = p[np.isfinite(p).all(axis=1)]
        if len(p) == 1:
            chunks.append(p)
        for a, b in zip(p[:-1], p[1:], strict=True):
            t = np.linspace(0, 1, steps)[:, None]
            chunks.append(a + (b - a) * t)
    if not chunks:
        return np.empty((0, 2))
    points = np.vstack(chunks)
    return points[np.argsort(points[:, 0], kind="stable")]


def fit_in_cell(name: str, cell, points: np.ndarray, axes_in, sizes, reference=None):
    """The form of ``name`` that fits ``cell`` and covers the fewest ``points``.

    Forms are tried largest font first, then horizontal before rotated, one
    line before two or three; the tight margin and the smallest size only
    when nothing else fits. When no form fits, the one that overflows the
    cell least is returned, marked as not fitting.

    With a ``reference`` (the same name in another language, when it is
    longer), the reference is fitted and ``name`` takes its place, size,
    rotation and number of lines, provided it is no larger: a name then sits
    at the same place in every language.

    Parameters
    ----------
    name : str
    cell : ((x0, x1), (y0, y1))
        Axes fraction.
    points : numpy.ndarray
        Obstacles (:func:`obstacles`).
    axes_in : (float, float)
        Size of the Axes in inches.
    sizes : sequence of (pad, fontsize)
        The margins (axes fraction pairs) and font sizes to try, in order.
    reference : str, optional
        A longer form of the name whose place it takes (see above).

    Returns
    -------
    dict
        ``x, y`` (axes fraction), ``text`` (lines joined by newlines), ``ha``,
        ``va``, ``rotation``, ``multialignment``, ``fontsize``: keyword
        arguments for :meth:`matplotlib.axes.Axes.text` or ``Text.set``;
        and ``fits`` (pop it first): whether the form fits the cell.
    """
    if reference is not None and reference != name:
        ref = fit_in_cell(reference, cell, points, axes_in, sizes)
        rotated, nlines = ref["rotation"] == 90, ref["text"].count("\n") + 1
        lines = wrap(name, nlines)
        box = text_box(lines, ref["fontsize"], axes_in, rotated)
        ref_box = text_box(ref["text"].split("\n"), ref["fontsize"], axes_in, rotated)
        if box[0] <= ref_box[0] and box[1] <= ref_box[1]:
            return {**ref, "text": "\n".join(lines)}
    forms = [(lines, size, rotated, pad)
             for pad, size in sizes
             for rotated in (False, True)
             for lines in ((name,), wrap(name, 2), wrap(name, 3))]
    choice, fallback = None, None
    for lines, fontsize, rotated, pad in forms:
        box = text_box(lines, fontsize, axes_in, rotated)
        placed = place(cell, box, points, pad)
        if placed[5] and (choice is None or placed[4] < choice[0][4]):
            choice = (placed, lines, fontsize, rotated)
        if choice is not None and choice[0][4] == 0:
            break
        overflow = max(box[0] / max(cell[0][1] - cell[0][0], 1e-9),
                       box[1] / max(cell[1][1] - cell[1][0], 1e-9))
        if fallback is None or overflow < fallback[0]:
            fallback = (overflow, (placed, lines, fontsize, rotated))
    if choice is None:
        choice = fallback[1]
    (x, y, ha, va, _hits, fits), lines, fontsize, rotated = choice
    return {"x": x, "y": y, "text": "\n".join(lines), "ha": ha, "va": va,
            "rotation": 90 if rotated else 0,
            "multialignment": "center" if rotated or ha == "center" else ha,
            "fontsize": fontsize, "fits": bool(fits)}
