"""Phase portraits: cluster trajectories over the 3x3 grid of ecosystem types (Fig. 1).

Value added per employee (productivity) runs along x, R&D expenditure per
employee (innovativeness) along y. The nine regions of Table 1 are shaded and
named, the four cut points drawn and labelled with their values, and each
cluster's years are joined by arrows, one marker shape per year.

The functions only add artists to the Axes they are given (apart from the
figure they create when given none), so an interactive view can clear an Axes
and call :func:`phase_portrait` again; when only the cut points change,
:func:`update_thresholds` moves the threshold lines, regions and region names of
a drawn portrait in place instead.
"""

from __future__ import annotations

import functools
import math
import textwrap
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .reference import cluster_names, label, type_names
from .style import (
    DYSFUNCTION_HATCH,
    FULL_WIDTH,
    REGION_SHADES,
    REGION_TEXT,
    THRESHOLD_COLOUR,
    YEAR_MARKERS,
    cluster_palette,
    paper_style,
)
from .thresholds import Thresholds
from .typology import INDICATORS, classify, dysfunction_types, type_grid

SCALES = ("symlog", "linear")
X_COLUMN = INDICATORS["productivity"]
Y_COLUMN = INDICATORS["innovation"]
# Glyphs of YEAR_MARKERS for writing a year's marker in text (DejaVu Sans has them).
_MARKER_GLYPHS = {"o": "\u25cf", "s": "\u25a0", "^": "\u25b2", "D": "\u25c6", "v": "\u25bc",
                  "P": "+", "X": "\u00d7", "*": "\u2605"}
_REGION_FONTSIZE = 6.5
_LINE_HEIGHT_EM = 1.2  # matplotlib's default linespacing
# Width of the symlog linear parts relative to one decade: x has few values
# below its linear threshold, y many (the small R&D spenders).
X_LINSCALE, Y_LINSCALE = 0.5, 1.0
# More clusters than this: trajectories drawn as one collection, no cluster legend
# (too many colours to tell apart).
MANY_CLUSTERS = 12


# --------------------------------------------------------------------------- numbers and scales

def number(value: float, lang: str = "en") -> str:
    """A cut point or tick as text: shortest form, decimal comma in Russian."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "ru" else text


def default_linthresh(thresholds=None) -> tuple[float, float]:
    """Width of the linear part of each symlog axis: a tenth of the lower cut's decade.

    With the paper's cut points: 0.1 on x (lower cut 2) and 0.01 on y (lower cut
    0.1), so zeros and the many small values stay apart while both cut points
    of each axis fall in the logarithmic part.

    Returns
    -------
    tuple of float
        ``(x, y)``.
    """
    t = Thresholds.from_any(thresholds)

    def rule(cut: float) -> float:
        return 10.0 ** math.floor(math.log10(cut)) / 10 if cut > 0 else 0.01

    return rule(t.productivity[0]), rule(t.innovation[0])


def plot_limits(data: pd.DataFrame, thresholds=None, scale: str = "symlog",
                linthresh=None, headroom: float | None = None,
                ) -> tuple[tuple[float, float], tuple[float, float]]:
    """Axis limits that show every point and room beyond the upper cut points.

    Returns
    -------
    tuple
        ``((x0, x1), (y0, y1))``; the upper limit is twice the larger of the
        data maximum and the upper cut (symlog: three times, so the high levels
        have room for their names; linear: 1.35 times); the
        lower limit sits a little below zero so points at exactly zero are not
        on the frame. ``headroom`` replaces that factor.
    """
    _check_scale(scale)
    t = Thresholds.from_any(thresholds)
    lin = linthresh or default_linthresh(t)
    out = []
    for column, cuts, lt in ((X_COLUMN, t.productivity, lin[0]), (Y_COLUMN, t.innovation, lin[1])):
        top = float(np.nanmax(np.append(data[column].to_numpy(dtype=float), cuts[1])))
        if scale == "symlog":
            out.append((-0.3 * lt * (X_LINSCALE if column == X_COLUMN else Y_LINSCALE),
                        (headroom or 3.0) * top))
        else:
            out.append((-0.03 * (headroom or 1.35) * top, (headroom or 1.35) * top))
    return out[0], out[1]


def _check_scale(scale: str) -> None:
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, got {scale!r}")


def _ticks(lo: float, hi: float, linthresh: float) -> list[float]:
    ticks = [0.0, linthresh / 2]
    decade = linthresh
    while decade <= hi:
        ticks += [m * decade for m in (1, 2, 5) if m * decade <= hi]
        decade *= 10
    return [float(f"{t:.10g}") for t in ticks if t >= lo]


def _set_scales(ax, limits, scale, linthresh, lang):
    from matplotlib import ticker

    fmt = ticker.FuncFormatter(lambda v, _pos: number(float(f"{v:.10g}"), lang))
    for axis, (lo, hi), lt, linscale, set_scale, set_lim in (
        (ax.xaxis, limits[0], linthresh[0], X_LINSCALE, ax.set_xscale, ax.set_xlim),
        (ax.yaxis, limits[1], linthresh[1], Y_LINSCALE, ax.set_yscale, ax.set_ylim),
    ):
        if scale == "symlog":
            set_scale("symlog", linthresh=lt, linscale=linscale)
            ticks = _ticks(lo, hi, lt)
            if linscale < 1:  # too little room for a tick inside the linear part
                ticks.remove(lt / 2)
            axis.set_major_locator(ticker.FixedLocator(ticks))
            axis.set_minor_locator(ticker.NullLocator())
        else:
            set_scale("linear")
            axis.set_major_locator(ticker.MaxNLocator(7, steps=[1, 2, 2.5, 5, 10]))
        axis.set_major_formatter(fmt)
        set_lim(lo, hi)


def scale_note(scale: str = "symlog", lang: str = "en", linthresh=None, thresholds=None) -> str:
    """The sentence saying which scale a phase portrait uses (for titles and captions)."""
    _check_scale(scale)
    if scale == "linear":
        return label("scale.linear", lang)
    lt = linthresh or default_linthresh(thresholds)
    return label("scale.symlog", lang).format(x=number(lt[0], lang), y=number(lt[1], lang))


# --------------------------------------------------------------------------- label placement

def _to_axes_fraction(ax, x, y) -> np.ndarray:
    """Data -> axes-fraction coordinates without a renderer (scale + limits only)."""
    pts = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    return (ax.transScale + ax.transLimits).transform(pts)


def _axes_size_inches(ax) -> tuple[float, float]:
    pos = ax.get_position()
    w, h = ax.figure.get_size_inches()
    return max(pos.width * w, 0.5), max(pos.height * h, 0.5)


@functools.lru_cache(maxsize=4096)
def _line_width_pt(text: str, fontsize: float, italic: bool) -> float:
    """Advance width of one line in points, from the font's metrics (no renderer needed)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family="DejaVu Sans", size=fontsize,
                          style="italic" if italic else "normal")
    return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0]


def _text_box(lines: list[str], fontsize: float, axes_in: tuple[float, float],
              rotated: bool = False, italic: bool = True):
    """(width, height) of a text block in axes fraction, with 0.5 pt of margin."""
    width = (max(_line_width_pt(s, fontsize, italic) for s in lines) + 1.0) / 72
    height = len(lines) * _LINE_HEIGHT_EM * fontsize / 72
    if rotated:
        width, height = height, width
    return width / axes_in[0], height / axes_in[1]


def _wrap(text: str, nlines: int = 2) -> list[str]:
    """Split a name into at most ``nlines`` lines, as even in length as the words allow."""
    return list(_wrap_cached(text, nlines))


@functools.lru_cache(maxsize=1024)
def _wrap_cached(text: str, nlines: int) -> tuple[str, ...]:
    from itertools import combinations

    words = text.split(" ")
    if nlines <= 1 or len(words) == 1:
        return [text]
    best = [text]
    for k in range(1, min(nlines, len(words))):
        for cuts in combinations(range(1, len(words)), k):
            bounds = (0, *cuts, len(words))
            lines = [" ".join(words[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
            if max(map(len, lines)) < max(map(len, best)):
                best = lines
    return tuple(best)


def _balanced(text: str, width_in: float, fontsize: float) -> list[str]:
    """Wrap ``text`` into as few lines of even length as fit ``width_in`` inches."""
    needed = _line_width_pt(text, fontsize, False) / 72
    n = max(1, math.ceil(needed / width_in))
    return textwrap.wrap(text, math.ceil(len(text) / n) + 2) if n > 1 else [text]


def _place(cell, size, obstacles, pad):
    """Choose where a text box goes inside ``cell`` (axes fraction) hitting the fewest obstacles.

    Returns ``(x, y, ha, va, hits, fits)``.
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
            # obstacles are sorted by x (see _obstacles): the x test is two binary
            # searches, the y test runs on that slice only (same count as testing all)
            a = np.searchsorted(obstacles[:, 0], left - margin, side="left")
            b = np.searchsorted(obstacles[:, 0], left + w + margin, side="right")
            ys = obstacles[a:b, 1]
            hits = int(np.count_nonzero((ys >= bottom - margin) & (ys <= bottom + h + margin)))
        if best is None or hits < best[4]:
            best = (x, y, ha, va, hits, fits)
        if hits == 0:
            break
    return best


def _obstacles(ax, traj: list[tuple[np.ndarray, np.ndarray]], steps: int = 24) -> np.ndarray:
    """Points (axes fraction) along every trajectory, to keep labels off them."""
    chunks = []
    for xs, ys in traj:
        p = _to_axes_fraction(ax, xs, ys)
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


# --------------------------------------------------------------------------- drawing pieces

def _edges(limits, thresholds: Thresholds):
    (x0, x1), (y0, y1) = limits
    px, py = thresholds.productivity, thresholds.innovation
    return [x0, px[0], px[1], max(x1, px[1])], [y0, py[0], py[1], max(y1, py[1])]


def _draw_regions(ax, limits, thresholds, mark_dysfunctions: bool):
    """Shade the nine type regions (hatching the dysfunction ones)."""
    from matplotlib.patches import Rectangle

    xe, ye = _edges(limits, thresholds)
    grid = type_grid()
    dysfunction = dysfunction_types() if mark_dysfunctions else {}
    patches = []
    for i in range(3):          # innovation level: rows, along y
        for j in range(3):      # productivity level: columns, along x
            slug = grid[i, j]
            hatched = slug in dysfunction
            patches.append(ax.add_artist(Rectangle(  # not add_patch: limits are set already
                (xe[j], ye[i]), xe[j + 1] - xe[j], ye[i + 1] - ye[i],
                facecolor=REGION_SHADES[i + j], edgecolor=DYSFUNCTION_HATCH if hatched else "none",
                hatch="////" if hatched else None, linewidth=0, zorder=0,
                gid=f"region:{slug}",
            )))
    return patches


def _label_regions(ax, limits, thresholds, lang, obstacles, reuse=None):
    """Write each type's name in its region where the trajectories cross least.

    Sizes are estimated from the Axes' current size (no renderer), so call it
    after the layout when the figure is made here. ``reuse``: the nine texts
    of an earlier call on this Axes, moved and refitted in place (creating a
    Text with its box costs more than fitting it).
    """
    xe, ye = _edges(limits, thresholds)
    grid = type_grid()
    names = type_names(lang, short=True)
    axes_in = _axes_size_inches(ax)
    pads = [(0.06 / axes_in[0], 0.04 / axes_in[1]), (0.015 / axes_in[0], 0.015 / axes_in[1])]
    texts = []
    for i in range(3):
        for j in range(3):
            slug = grid[i, j]
            cell = _to_axes_fraction(ax, [xe[j], xe[j + 1]], [ye[i], ye[i + 1]])
            cell = ((max(cell[0, 0], 0.0), min(cell[1, 0], 1.0)),
                    (max(cell[0, 1], 0.0), min(cell[1, 1], 1.0)))
            name = names[slug]
            # largest font first, then horizontal before rotated, one line before wrapped;
            # the tight margin and the smallest size (5 pt) only when nothing else fits
            forms = [(lines, size, rotated, pad)
                     for pad, size in ((pads[0], _REGION_FONTSIZE), (pads[0], _REGION_FONTSIZE - 1),
                                       (pads[1], _REGION_FONTSIZE), (pads[1], _REGION_FONTSIZE - 1),
                                       (pads[1], _REGION_FONTSIZE - 1.5))
                     for rotated in (False, True)
                     for lines in ([name], _wrap(name, 2), _wrap(name, 3))]
            choice, fallback = None, None
            for lines, fontsize, rotated, pad in forms:
                size = _text_box(lines, fontsize, axes_in, rotated)
                placed = _place(cell, size, obstacles, pad)
                if placed[5] and (choice is None or placed[4] < choice[0][4]):
                    choice = (placed, lines, fontsize, rotated)
                if choice is not None and choice[0][4] == 0:
                    break
                overflow = max(size[0] / max(cell[0][1] - cell[0][0], 1e-9),
                               size[1] / max(cell[1][1] - cell[1][0], 1e-9))
                if fallback is None or overflow < fallback[0]:
                    fallback = (overflow, (placed, lines, fontsize, rotated))
            if choice is None:  # nothing fits: the form that overflows its cell least
                choice = fallback[1]
            (x, y, ha, va, _hits, _fits), lines, fontsize, rotated = choice
            form = {"text": "\n".join(lines), "ha": ha, "va": va, "rotation": 90 if rotated else 0,
                    "multialignment": "center" if rotated or ha == "center" else ha,
                    "fontsize": fontsize}
            if reuse is not None:
                text = reuse[3 * i + j]
                text.set_position((x, y))
                text.set(**form)
                texts.append(text)
                continue
            texts.append(ax.text(
                x, y, s=form.pop("text"), transform=ax.transAxes, **form,
                color=REGION_TEXT, fontstyle="italic", zorder=1,
                gid=f"region-label:{slug}",
                bbox={"boxstyle": "square,pad=0.1", "facecolor": REGION_SHADES[i + j],
                      "edgecolor": "none", "alpha": 0.85},
            ))
    return texts


def _draw_thresholds(ax, thresholds, lang, labels: bool):
    """The four cut-point lines (and their value labels): ``(lines, texts)``, x cuts first."""
    lines, texts = [], []
    style = {"color": THRESHOLD_COLOUR, "linewidth": 0.7, "linestyle": (0, (4, 2)), "zorder": 2}
    text_style = {"fontsize": 6.5, "color": THRESHOLD_COLOUR, "clip_on": False}
    for cut in thresholds.productivity:
        lines.append(ax.axvline(cut, gid=f"threshold:x:{cut:g}", **style))
        if labels:
            texts.append(ax.text(
                cut, 1.0, number(cut, lang), transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", gid=f"threshold-label:x:{cut:g}", **text_style))
    for cut in thresholds.innovation:
        lines.append(ax.axhline(cut, gid=f"threshold:y:{cut:g}", **style))
        if labels:
            texts.append(ax.text(
                1.0, cut, " " + number(cut, lang), transform=ax.get_yaxis_transform(),
                ha="left", va="center", gid=f"threshold-label:y:{cut:g}", **text_style))
    return lines, texts


def _year_markers(years) -> dict[int, str]:
    return {int(y): YEAR_MARKERS[k % len(YEAR_MARKERS)] for k, y in enumerate(sorted(set(years)))}


def _arrow_ends(ax, xs, ys, start=0.40, end=0.62):
    """Tail and head (data) of an arrowhead on each step, placed along it as drawn (scale space).

    Returns an array ``(n_steps, 2 ends, 2 coordinates)``; NaN for steps
    with a missing end or that do not move.
    """
    fx, fy = ax.xaxis.get_transform(), ax.yaxis.get_transform()
    sx, sy = fx.transform(np.asarray(xs, float)), fy.transform(np.asarray(ys, float))
    ends = []
    for t in (start, end):
        ends.append(np.column_stack([
            fx.inverted().transform(sx[:-1] + (sx[1:] - sx[:-1]) * t),
            fy.inverted().transform(sy[:-1] + (sy[1:] - sy[:-1]) * t),
        ]))
    out = np.stack(ends, axis=1)
    still = (np.diff(xs) == 0) & (np.diff(ys) == 0)
    out[still] = np.nan
    return out


def _draw_trajectory(ax, xs, ys, colour, name, gid):
    """The cluster's path (one Line2D) with an arrowhead halfway along each step."""
    from matplotlib.patches import FancyArrowPatch

    line = ax.plot(xs, ys, color=colour, linewidth=1.1, zorder=3, label=name, gid=gid,
                   solid_capstyle="round")[0]
    if len(xs) < 2:
        return line
    for tail, head in _arrow_ends(ax, xs, ys):
        if not (np.isfinite(tail).all() and np.isfinite(head).all()):
            continue
        # a patch in data coordinates, placed at draw time (resizing keeps it on the
        # line); add_artist, not add_patch: the limits are set, no need to update them
        ax.add_artist(FancyArrowPatch(
            tuple(tail), tuple(head), arrowstyle="-|>,head_length=0.5,head_width=0.22",
            mutation_scale=8, color=colour, linewidth=1.1, shrinkA=0, shrinkB=0, zorder=3,
            transform=ax.transData, gid=f"arrow:{gid}",
        ))
    return line


def _arrowhead_class():
    from matplotlib.collections import PolyCollection
    from matplotlib.transforms import IdentityTransform

    class ArrowHeads(PolyCollection):
        """Filled arrowheads (as ``-|>`` of :func:`_draw_trajectory`), one collection for all.

        Tails and heads are in data coordinates; the triangles are made in
        display space at draw time, so they keep their shape when the figure
        is resized or saved at another dpi.
        """

        def __init__(self, ax, tails, heads, colours, length_pt=4.0, half_width_pt=1.76,
                     **kwargs):
            super().__init__([], transform=IdentityTransform(), facecolors=colours,
                             edgecolors=colours, **kwargs)
            self._axes_ref, self._tails, self._heads = ax, tails, heads
            self._size = (length_pt, half_width_pt)

        def draw(self, renderer):
            tr = self._axes_ref.transData
            tail, head = tr.transform(self._tails), tr.transform(self._heads)
            d = head - tail
            u = d / np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-12)[:, None]
            n = np.column_stack([-u[:, 1], u[:, 0]])
            px = renderer.points_to_pixels(1.0)
            base = head - u * self._size[0] * px
            w = n * self._size[1] * px
            self.set_verts(np.stack([head, base + w, base - w], axis=1))
            super().draw(renderer)

    return ArrowHeads


def _draw_trajectories_many(ax, trajectories, colours):
    """Many clusters: every path in one LineCollection, every arrowhead in one collection.

    Some 150 clusters x 10 years as one artist each (instead of a Line2D and an
    arrow patch per step) render in a fraction of the time.
    """
    from matplotlib.collections import LineCollection

    segments, tails, heads, arrow_colours = [], [], [], []
    for (xs, ys), colour in zip(trajectories, colours, strict=True):
        segments.append(np.column_stack([xs, ys]))
        if len(xs) < 2:
            continue
        ends = _arrow_ends(ax, xs, ys)
        ok = np.isfinite(ends).all(axis=(1, 2))
        tails.append(ends[ok, 0])
        heads.append(ends[ok, 1])
        arrow_colours += [colour] * int(ok.sum())
    lines = LineCollection(segments, colors=list(colours), linewidths=1.1, zorder=3,
                           capstyle="round", gid="trajectories")
    ax.add_collection(lines, autolim=False)
    if arrow_colours:
        heads_artist = _arrowhead_class()(
            ax, np.vstack(tails), np.vstack(heads), arrow_colours, linewidths=1.1, zorder=3,
            gid="arrowheads")
        ax.add_collection(heads_artist, autolim=False)
    return lines


def _draw_year_markers(ax, sub, palette, markers, size):
    """One marker shape per year (one scatter per year, coloured by cluster)."""
    for year, g in sub.groupby("year", sort=True):
        ax.scatter(g[X_COLUMN].to_numpy(float), g[Y_COLUMN].to_numpy(float),
                   marker=markers[int(year)], s=size, c=[palette[c] for c in g["cluster"]],
                   edgecolors="white", linewidths=0.5, zorder=4, gid=f"year:{int(year)}")


def _prepare(data, clusters, thresholds):
    missing = [c for c in ("cluster", "year", X_COLUMN, Y_COLUMN) if c not in data.columns]
    if missing:
        raise KeyError(f"phase portrait needs column(s) {missing}; got {list(data.columns)}")
    every = list(pd.unique(data["cluster"]))
    if clusters is None:
        chosen = every
    else:
        chosen = [clusters] if isinstance(clusters, str) else list(clusters)
        unknown = [c for c in chosen if c not in every]
        if unknown:
            raise KeyError(f"cluster(s) {unknown} not in the data; the data have {every}")
    palette = cluster_palette(every)  # colours from all clusters: a subset keeps its colours
    sub = data[data["cluster"].isin(chosen)].sort_values(["cluster", "year"], kind="stable")
    return chosen, palette, sub, Thresholds.from_any(thresholds)


def _settle(fig) -> None:
    """Run the constrained layout of a figure made here, then fix it.

    The layout is a fixed-point iteration that moves the Axes on every draw
    while legends sit outside them; iterating until the Axes move less than
    1e-4 of the figure, then fixing it, makes every later save of the figure
    give the same bytes.
    """
    previous = None
    for _ in range(8):
        fig.draw_without_rendering()
        now = np.array([ax.get_position().bounds for ax in fig.axes])
        if previous is not None and np.abs(now - previous).max() < 1e-4:
            break
        previous = now
    fig.set_layout_engine("none")


def _years_span(sub) -> tuple[int, int]:
    return int(sub["year"].min()), int(sub["year"].max())


# --------------------------------------------------------------------------- public figures

def phase_portrait(data: pd.DataFrame, *, thresholds=None, clusters=None, ax=None,
                   scale: str = "symlog", lang: str = "en", linthresh=None, limits=None,
                   legend: str | bool = "outside", region_labels: bool = True,
                   mark_dysfunctions: bool = True, title: bool | str = True):
    """Draw every cluster's trajectory over the nine ecosystem-type regions (the paper's Fig. 1).

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy indicators: ``cluster, year, rd_per_employee,
        value_added_per_employee`` (e.g. :func:`ecosystems.load_indicators`).
    thresholds : Thresholds or mapping, optional
        Cut points; the paper's by default.
    clusters : sequence of str, optional
        Clusters to draw (names as in ``data``), all by default. Colours stay
        those of the full palette whatever the subset.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; only artists (and the Axes' scales, limits, ticks,
        title, legend) are added to it, nothing is drawn. Otherwise a new
        full-width figure, laid out once and then fixed (so that saving it
        twice gives the same bytes).
    scale : {"symlog", "linear"}
        ``symlog``: linear within ``[0, linthresh]``, logarithmic above, so
        exact zeros, the many small values and the cut points are all legible.
    lang : {"en", "ru"}
        Language of every label (type names, axes, clusters, title, numbers).
    linthresh : (float, float), optional
        Linear part of the symlog x and y axes; :func:`default_linthresh`.
    limits : ((x0, x1), (y0, y1)), optional
        Axis limits; :func:`plot_limits` by default. Pass fixed limits to
        keep a view steady while thresholds change.
    legend : {"outside", "inside"} or False
        Cluster and year legends right of the Axes, inside it, or none.
    region_labels : bool
        Write the type name in each region (placed in the corner of the
        region that the trajectories cross least).
    mark_dysfunctions : bool
        Hatch the two regions of the paper's "development dysfunctions".
    title : bool or str
        ``True``: the collection's title and the scale note; a string: that
        title plus the scale note; ``False``: none.

    Returns
    -------
    matplotlib.axes.Axes
        Each trajectory is a ``Line2D`` with gid ``trajectory:<cluster>``
        (more than :data:`MANY_CLUSTERS` clusters: one ``LineCollection``
        with gid ``trajectories`` and one arrowhead collection, and no
        cluster legend); regions, their labels and the threshold lines carry
        gids ``region:<type>``, ``region-label:<type>``,
        ``threshold:x:<value>``. :func:`update_thresholds` moves the cut
        points of the returned Axes in place.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    _check_scale(scale)
    chosen, palette, sub, t = _prepare(data, clusters, thresholds)
    lin = tuple(linthresh) if linthresh is not None else default_linthresh(t)
    lims = limits if limits is not None else plot_limits(sub, t, scale, lin)
    display = cluster_names(lang, short=True)
    markers = _year_markers(sub["year"])
    created = ax is None
    with paper_style():
        if created:
            _fig, ax = plt.subplots(figsize=(FULL_WIDTH, 4.4), layout="constrained")
        _set_scales(ax, lims, scale, lin, lang)
        groups = {c: g for c, g in sub.groupby("cluster", sort=False)}
        traj = [(groups[c][X_COLUMN].to_numpy(float), groups[c][Y_COLUMN].to_numpy(float))
                for c in chosen if c in groups]
        regions = _draw_regions(ax, lims, t, mark_dysfunctions)
        cut_lines, cut_texts = _draw_thresholds(ax, t, lang, labels=True)
        drawn = [c for c in chosen if c in groups]
        many = len(drawn) > MANY_CLUSTERS
        if many:
            _draw_trajectories_many(ax, traj, [palette[c] for c in drawn])
        else:
            for c, (xs, ys) in zip(drawn, traj, strict=True):
                _draw_trajectory(ax, xs, ys, palette[c], display.get(c, c),
                                 gid=f"trajectory:{c}")
        _draw_year_markers(ax, sub, palette, markers, 18)
        ax.set_xlabel(label(f"axis.{X_COLUMN}", lang))
        ax.set_ylabel(label(f"axis.{Y_COLUMN}", lang))
        if title:
            start, end = _years_span(sub)
            head = title if isinstance(title, str) else label("portrait.title", lang).format(
                start=start, end=end)
            # wrap to the Axes' width (a new figure's Axes end up ~2/3 of it after the legend)
            width_in = 0.66 * FULL_WIDTH if created else _axes_size_inches(ax)[0]
            lines = [*_balanced(head, width_in, 8), *_balanced(
                scale_note(scale, lang, lin, t), width_in, 8)]
            ax.set_title("\n".join(lines), fontsize=8, pad=12)
        if legend:
            outside = legend == "outside"
            if not many:  # more clusters than that can't be told apart by colour
                handles = [Line2D([], [], color=palette[c], linewidth=1.6,
                                  label=display.get(c, c)) for c in drawn]
                first = ax.legend(handles=handles, title=label("word.cluster", lang),
                                  loc="upper left" if outside else "upper right",
                                  bbox_to_anchor=(1.05, 1.0) if outside else None,
                                  frameon=False, fontsize=6.5, title_fontsize=7,
                                  alignment="left", borderaxespad=0.0)
                ax.add_artist(first)
                first.set_clip_on(False)  # else the constrained layout leaves it out
            extra = [Line2D([], [], marker=m, linestyle="none", color="#666666", markersize=4.5,
                            markeredgecolor="white", markeredgewidth=0.5, label=str(y))
                     for y, m in markers.items()]
            if mark_dysfunctions:
                extra.append(Patch(facecolor="white", edgecolor=DYSFUNCTION_HATCH, hatch="////",
                                   linewidth=0, label=label("dysfunction.region", lang)))
            ax.legend(handles=extra, title=label("word.year", lang),
                      loc="lower left" if outside else "lower right",
                      bbox_to_anchor=(1.05, 0.0) if outside else None, frameon=False,
                      fontsize=6.5, title_fontsize=7, alignment="left", borderaxespad=0.0)
        if created:
            _settle(ax.figure)
        obstacles = _obstacles(ax, traj) if region_labels else None
        texts = _label_regions(ax, lims, t, lang, obstacles) if region_labels else []
    # inside the Axes: region labels are placed after the layout, which they don't change
    _PORTRAITS[ax] = _Portrait(
        sub=sub, scale=scale, lang=lang, thresholds=t, linthresh=lin, limits=lims,
        fixed_linthresh=linthresh is not None, fixed_limits=limits is not None,
        regions=regions, cut_lines=cut_lines, cut_texts=cut_texts, region_texts=texts,
        traj=traj, obstacles=(lims, obstacles))
    return ax


@dataclass
class _Portrait:
    """What :func:`update_thresholds` needs to move a portrait's artists in place."""

    sub: pd.DataFrame
    scale: str
    lang: str
    thresholds: Thresholds
    linthresh: tuple
    limits: tuple
    fixed_linthresh: bool
    fixed_limits: bool
    regions: list
    cut_lines: list
    cut_texts: list
    region_texts: list
    traj: list
    obstacles: tuple


# The portrait last drawn into each Axes (weak: forgotten with the Axes).
_PORTRAITS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def threshold_artists(ax) -> list:
    """The artists of a :func:`phase_portrait` that depend on the cut points.

    The regions, the threshold lines and their labels, the region names
    (everything :func:`update_thresholds` moves); an interactive view may
    render the rest once and composite it over these.
    """
    if ax not in _PORTRAITS:
        raise KeyError("this Axes holds no phase portrait (draw one with phase_portrait first)")
    p = _PORTRAITS[ax]
    return [*p.regions, *p.cut_lines, *p.cut_texts, *p.region_texts]


def update_thresholds(ax, thresholds) -> bool:
    """Move the cut points of a :func:`phase_portrait` in place.

    The threshold lines and their value labels move, the nine regions (and
    the hatched dysfunction regions) are resized and the region names placed
    again; the trajectories, markers, legends and title are left as they are
    (they do not depend on the thresholds). The result looks like a fresh
    :func:`phase_portrait` with these thresholds, at a fraction of the cost:
    this is what the threshold explorer does on every slider move.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An Axes that :func:`phase_portrait` drew into (and that was not
        cleared since).
    thresholds : Thresholds or mapping

    Returns
    -------
    bool
        ``True`` when the artists were moved in place. ``False`` when they
        cannot be: the portrait's symlog axes follow the cut points (no
        ``linthresh`` given) and their linear part changes, which moves every
        trajectory; redraw with :func:`phase_portrait` then.

    Raises
    ------
    KeyError
        When ``ax`` holds no phase portrait.
    """
    if ax not in _PORTRAITS:
        raise KeyError("this Axes holds no phase portrait (draw one with phase_portrait first)")
    p = _PORTRAITS[ax]
    t = Thresholds.from_any(thresholds)
    lin = p.linthresh if p.fixed_linthresh else default_linthresh(t)
    if p.scale == "symlog" and tuple(lin) != tuple(p.linthresh):
        return False
    lims = p.limits if p.fixed_limits else plot_limits(p.sub, t, p.scale, lin)
    with paper_style():
        if tuple(map(tuple, lims)) != tuple(map(tuple, p.limits)):
            _set_scales(ax, lims, p.scale, lin, p.lang)
        xe, ye = _edges(lims, t)
        for k, patch in enumerate(p.regions):
            i, j = divmod(k, 3)
            patch.set_bounds(xe[j], ye[i], xe[j + 1] - xe[j], ye[i + 1] - ye[i])
        cuts = [("x", c) for c in t.productivity] + [("y", c) for c in t.innovation]
        for line, (axis, cut) in zip(p.cut_lines, cuts, strict=True):
            (line.set_xdata if axis == "x" else line.set_ydata)([cut, cut])
            line.set_gid(f"threshold:{axis}:{cut:g}")
        for text, (axis, cut) in zip(p.cut_texts, cuts, strict=True):
            if axis == "x":
                text.set_x(cut)
                text.set_text(number(cut, p.lang))
            else:
                text.set_y(cut)
                text.set_text(" " + number(cut, p.lang))
            text.set_gid(f"threshold-label:{axis}:{cut:g}")
        if p.region_texts:
            if p.obstacles[0] != lims:  # axes fractions follow the limits
                p.obstacles = (lims, _obstacles(ax, p.traj))
            p.region_texts = _label_regions(ax, lims, t, p.lang, p.obstacles[1],
                                            reuse=p.region_texts)
    p.thresholds, p.limits = t, lims
    return True


def phase_portrait_grid(data: pd.DataFrame, *, thresholds=None, clusters=None, axes=None,
                        scale: str = "symlog", lang: str = "en", linthresh=None, limits=None,
                        ncols: int = 3, title: bool | str = True):
    """Small multiples: one phase portrait per cluster, shared scales, each year's type written.

    Parameters
    ----------
    data, thresholds, clusters, scale, lang, linthresh, limits
        As in :func:`phase_portrait`; the limits are shared by all panels.
    axes : array of matplotlib.axes.Axes, optional
        At least one Axes per cluster (extra ones are switched off); a new
        figure with ``ncols`` columns otherwise.
    ncols : int
        Columns of the new figure.
    title : bool or str
        Figure title (only when the figure is created here).

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        One per cluster in order (flattened), then any unused ones.
    """
    import matplotlib.pyplot as plt

    _check_scale(scale)
    chosen, palette, sub, t = _prepare(data, clusters, thresholds)
    lin = tuple(linthresh) if linthresh is not None else default_linthresh(t)
    lims = limits if limits is not None else plot_limits(
        sub, t, scale, lin, headroom=2.0 if scale == "symlog" else 1.2)
    display = cluster_names(lang, short=True)
    names = type_names(lang, short=True)
    markers = _year_markers(sub["year"])
    classified = classify(sub, t)
    created = axes is None
    with paper_style():
        if created:
            nrows = math.ceil(len(chosen) / ncols)
            fig, axes = plt.subplots(nrows, ncols, figsize=(FULL_WIDTH, 0.6 + 2.15 * nrows),
                                     sharex=True, sharey=True, layout="constrained",
                                     squeeze=False)
            if title:
                start, end = _years_span(sub)
                head = title if isinstance(title, str) else label(
                    "portrait.grid_title", lang).format(start=start, end=end)
                fig.suptitle(f"{head}\n{scale_note(scale, lang, lin, t)}", fontsize=8)
        flat = np.asarray(axes, dtype=object).ravel()
        if len(flat) < len(chosen):
            raise ValueError(f"{len(chosen)} clusters need {len(chosen)} Axes, got {len(flat)}")
        ncols_used = np.asarray(axes, dtype=object).shape[-1] if np.ndim(axes) > 1 else len(flat)
        for k, c in enumerate(chosen):
            ax = flat[k]
            g = classified[classified["cluster"] == c]
            xs, ys = g[X_COLUMN].to_numpy(float), g[Y_COLUMN].to_numpy(float)
            _set_scales(ax, lims, scale, lin, lang)
            _draw_regions(ax, lims, t, True)
            top_row, right_col = k < ncols_used, (k % ncols_used == ncols_used - 1
                                                  or k == len(chosen) - 1)
            _draw_thresholds(ax, t, lang, labels=False)
            _label_thresholds(ax, t, lang, top=top_row, right=right_col)
            _draw_trajectory(ax, xs, ys, palette[c], display.get(c, c), gid=f"trajectory:{c}")
            _draw_year_markers(ax, g, palette, markers, 14)
            ax.set_title(display.get(c, c), fontsize=7.5, pad=9 if top_row else 3)
            lines = [f"{_MARKER_GLYPHS.get(markers[int(y)], '')} {int(y)} "
                     f"{names.get(s, '?') if isinstance(s, str) else '?'}"
                     for y, s in zip(g["year"], g["ecosystem_type"].astype(object), strict=True)]
            axes_in = _axes_size_inches(ax)
            size = _text_box(lines, 6.0, axes_in, italic=False)
            cell = ((0.0, 1.0), (0.0, 1.0))
            x, y, ha, va, _hits, _fits = _place(cell, size, _obstacles(ax, [(xs, ys)]),
                                                (0.03, 0.04))
            ax.text(x, y, "\n".join(lines), transform=ax.transAxes, ha=ha, va=va,
                    fontsize=6.0, color="#222222", zorder=5, gid=f"types:{c}",
                    bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "alpha": 0.85,
                          "edgecolor": "none"})
        for ax in flat[len(chosen):]:
            ax.set_axis_off()
        if created:
            fig.supxlabel(label(f"axis.{X_COLUMN}", lang), fontsize=8)
            fig.supylabel(label(f"axis.{Y_COLUMN}", lang), fontsize=8)
            _settle(fig)
        else:
            for ax in flat[:len(chosen)]:
                ax.set_xlabel(label(f"axis.{X_COLUMN}", lang), fontsize=6.5)
                ax.set_ylabel(label(f"axis.{Y_COLUMN}", lang), fontsize=6.5)
    return flat


def _label_thresholds(ax, thresholds, lang, top: bool, right: bool):
    text_style = {"fontsize": 6.0, "color": THRESHOLD_COLOUR, "clip_on": False}
    if top:
        for cut in thresholds.productivity:
            ax.text(cut, 1.0, number(cut, lang), transform=ax.get_xaxis_transform(),
                    ha="center", va="bottom", gid=f"threshold-label:x:{cut:g}", **text_style)
    if right:
        for cut in thresholds.innovation:
            ax.text(1.0, cut, " " + number(cut, lang), transform=ax.get_yaxis_transform(),
                    ha="left", va="center", gid=f"threshold-label:y:{cut:g}", **text_style)
