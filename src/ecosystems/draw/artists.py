"""The artists a phase portrait is made of: regions, cut lines, trajectories, markers, names.

Each function adds artists to an Axes whose scales and limits are set
(:func:`ecosystems.draw.scales.set_scales`) and returns them; nothing is
drawn. :mod:`ecosystems.draw.portrait` and :mod:`ecosystems.draw.small_multiples`
put them together.
"""

from __future__ import annotations

import numpy as np

from ..io.reference import LANGS, type_names
from ..typology.rule import dysfunction_types, type_grid
from ..typology.thresholds import Thresholds
from . import text as fit
from .scales import X_COLUMN, Y_COLUMN, number
from .style import (
    DYSFUNCTION_HATCH,
    REGION_SHADES,
    REGION_TEXT,
    THRESHOLD_COLOUR,
    YEAR_MARKERS,
    marker_edge,
    outlined,
)

# Glyphs of YEAR_MARKERS for writing a year's marker in text (DejaVu Sans has them).
MARKER_GLYPHS = {"o": "\u25cf", "s": "\u25a0", "^": "\u25b2", "D": "\u25c6", "v": "\u25bc",
                 "P": "+", "X": "\u00d7", "*": "\u2605"}
REGION_FONTSIZE = 6.5


def region_edges(limits, thresholds: Thresholds):
    """Edges of the nine regions along x (productivity) and y (innovation), in data units."""
    (x0, x1), (y0, y1) = limits
    px, py = thresholds.productivity, thresholds.innovation
    return [x0, px[0], px[1], max(x1, px[1])], [y0, py[0], py[1], max(y1, py[1])]


def draw_regions(ax, limits, thresholds, mark_dysfunctions: bool):
    """Shade the nine type regions (hatching the dysfunction ones)."""
    from matplotlib.patches import Rectangle

    xe, ye = region_edges(limits, thresholds)
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


def cut_label(axis: str, k: int, cut: float, lang: str) -> tuple[str, dict]:
    """Text and alignment of the value label of cut ``k`` (0 lower, 1 upper) on ``axis``.

    The lower cut's label sits left of (x) or below (y) its line, the upper
    cut's right of or above it, so the two never overlap however close the
    cuts are (or equal).
    """
    value = number(cut, lang)
    if axis == "x":
        return ((value + "\u2009", {"ha": "right", "va": "bottom"}) if k == 0
                else ("\u2009" + value, {"ha": "left", "va": "bottom"}))
    return " " + value, {"ha": "left", "va": "top" if k == 0 else "bottom"}


def draw_thresholds(ax, thresholds, lang, labels: bool, fontsize: float = 6.5):
    """The four cut-point lines (and their value labels): ``(lines, texts)``, x cuts first."""
    lines, texts = [], []
    style = {"color": THRESHOLD_COLOUR, "linewidth": 0.7, "linestyle": (0, (4, 2)), "zorder": 2}
    text_style = {"fontsize": fontsize, "color": THRESHOLD_COLOUR, "clip_on": False}
    for k, cut in enumerate(thresholds.productivity):
        lines.append(ax.axvline(cut, gid=f"threshold:x:{cut:g}", **style))
        if labels:
            s, align = cut_label("x", k, cut, lang)
            texts.append(ax.text(cut, 1.0, s, transform=ax.get_xaxis_transform(),
                                 gid=f"threshold-label:x:{cut:g}", **align, **text_style))
    for k, cut in enumerate(thresholds.innovation):
        lines.append(ax.axhline(cut, gid=f"threshold:y:{cut:g}", **style))
        if labels:
            s, align = cut_label("y", k, cut, lang)
            texts.append(ax.text(1.0, cut, s, transform=ax.get_yaxis_transform(),
                                 gid=f"threshold-label:y:{cut:g}", **align, **text_style))
    return lines, texts


def cut_labels_width_pt(thresholds, lang: str, fontsize: float = 6.5) -> float:
    """Width in points of the widest value label right of the Axes (the y cuts)."""
    return max(fit.line_width_pt(cut_label("y", k, c, lang)[0], fontsize)
               for k, c in enumerate(thresholds.innovation))


def year_markers(years) -> dict[int, str]:
    """One marker shape per year, in year order (:data:`~ecosystems.draw.style.YEAR_MARKERS`)."""
    return {int(y): YEAR_MARKERS[k % len(YEAR_MARKERS)] for k, y in enumerate(sorted(set(years)))}


def arrow_ends(ax, xs, ys, start=0.40, end=0.62):
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


def draw_trajectory(ax, xs, ys, colour, name, gid):
    """The cluster's path (one Line2D) with an arrowhead halfway along each step."""
    from matplotlib.patches import FancyArrowPatch

    line = ax.plot(xs, ys, color=colour, linewidth=1.1, zorder=3, label=name, gid=gid,
                   solid_capstyle="round", **outlined(colour, 1.1))[0]
    if len(xs) < 2:
        return line
    for tail, head in arrow_ends(ax, xs, ys):
        if not (np.isfinite(tail).all() and np.isfinite(head).all()):
            continue
        # a patch in data coordinates, placed at draw time (resizing keeps it on the
        # line); add_artist, not add_patch: the limits are set, no need to update them
        ax.add_artist(FancyArrowPatch(
            tuple(tail), tuple(head), arrowstyle="-|>,head_length=0.5,head_width=0.22",
            mutation_scale=8, color=colour, linewidth=1.1, shrinkA=0, shrinkB=0, zorder=3,
            transform=ax.transData, gid=f"arrow:{gid}", **outlined(colour, 1.1),
        ))
    return line


def draw_year_markers(ax, sub, palette, markers, size):
    """One marker shape per year (one scatter per year, coloured by cluster)."""
    for year, g in sub.groupby("year", sort=True):
        ax.scatter(g[X_COLUMN].to_numpy(float), g[Y_COLUMN].to_numpy(float),
                   marker=markers[int(year)], s=size, c=[palette[c] for c in g["cluster"]],
                   edgecolors=[marker_edge(palette[c]) for c in g["cluster"]],
                   linewidths=0.5, zorder=4, gid=f"year:{int(year)}")


def label_regions(ax, limits, thresholds, lang, points, reuse=None) -> list:
    """Write each type's name in its region where the trajectories cross least.

    Sizes are estimated from the Axes' current size (no renderer), so call it
    after the layout when the figure is made here. ``points``: obstacles
    (:func:`ecosystems.draw.text.obstacles`). ``reuse``: the nine texts of an
    earlier call on this Axes, moved and refitted in place (creating a Text
    with its box costs more than fitting it). A region with no width or
    height (two equal cut points), or too small for its name in any form,
    gets no name (the text is hidden).
    """
    xe, ye = region_edges(limits, thresholds)
    grid = type_grid()
    names = type_names(lang, short=True)
    # each name is placed as its longest translation would be: the same place in every language
    translations = [type_names(other, short=True) for other in LANGS]
    longest = {slug: max((t[slug] for t in translations),
                         key=lambda s: fit.line_width_pt(s, REGION_FONTSIZE, True))
               for slug in names}
    axes_in = fit.axes_size_inches(ax)
    loose = (0.06 / axes_in[0], 0.04 / axes_in[1])
    tight = (0.015 / axes_in[0], 0.015 / axes_in[1])
    sizes = ((loose, REGION_FONTSIZE), (loose, REGION_FONTSIZE - 1), (tight, REGION_FONTSIZE),
             (tight, REGION_FONTSIZE - 1), (tight, REGION_FONTSIZE - 1.5))
    texts = []
    for i in range(3):
        for j in range(3):
            slug = grid[i, j]
            corners = fit.to_axes_fraction(ax, [xe[j], xe[j + 1]], [ye[i], ye[i + 1]])
            cell = ((max(corners[0, 0], 0.0), min(corners[1, 0], 1.0)),
                    (max(corners[0, 1], 0.0), min(corners[1, 1], 1.0)))
            empty = cell[0][1] <= cell[0][0] or cell[1][1] <= cell[1][0]
            form = fit.fit_in_cell(names[slug], cell, points, axes_in, sizes,
                                   reference=longest[slug])
            position = (form.pop("x"), form.pop("y"))
            fits = form.pop("fits")
            shown = fits and not empty  # a region too small for its name gets none
            if reuse is not None:
                text = reuse[3 * i + j]
                text.set_position(position)
                text.set(**form, visible=shown)
                texts.append(text)
                continue
            texts.append(ax.text(
                *position, s=form.pop("text"), transform=ax.transAxes, **form,
                color=REGION_TEXT, fontstyle="italic", zorder=1, visible=shown,
                gid=f"region-label:{slug}",
                bbox={"boxstyle": "square,pad=0.1", "facecolor": REGION_SHADES[i + j],
                      "edgecolor": "none", "alpha": 0.85},
            ))
    return texts


DENSITY_BINS = (60, 40)  # cells of the density layer across x and y (equal on the screen)


def draw_density(ax, xs, ys, limits, bins=DENSITY_BINS):
    """All cluster-years as a grey density layer: counts in cells equal on the screen.

    The cells are equal in the Axes' own scale (symlog or linear: the scale's
    transform, :meth:`matplotlib.axis.Axis.get_transform`), so the layer
    reads the same on either; empty cells are left clear. Set the scales and
    limits first.

    Returns
    -------
    (matplotlib.collections.QuadMesh or None, int)
        The layer (gid ``density``; ``None`` when no value is finite) and the
        largest count in a cell.
    """
    from matplotlib.colors import LogNorm

    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    ok = np.isfinite(xs) & np.isfinite(ys)
    if not ok.any():
        return None, 0
    tx, ty = ax.xaxis.get_transform(), ax.yaxis.get_transform()
    edges = []
    for t, lim, n in ((tx, limits[0], bins[0]), (ty, limits[1], bins[1])):
        lo, hi = t.transform(np.array([[lim[0]], [lim[1]]], float)).ravel()
        edges.append(np.linspace(lo, hi, n + 1))
    px = tx.transform(xs[ok].reshape(-1, 1)).ravel()
    py = ty.transform(ys[ok].reshape(-1, 1)).ravel()
    counts, _, _ = np.histogram2d(np.clip(px, edges[0][0], edges[0][-1]),
                                  np.clip(py, edges[1][0], edges[1][-1]), bins=edges)
    top = int(counts.max())
    x_edges = tx.inverted().transform(edges[0].reshape(-1, 1)).ravel()
    y_edges = ty.inverted().transform(edges[1].reshape(-1, 1)).ravel()
    mesh = ax.pcolormesh(x_edges, y_edges, np.ma.masked_equal(counts.T, 0), cmap="Greys",
                         norm=LogNorm(vmin=0.5, vmax=max(top, 1)), alpha=0.8, zorder=2,
                         linewidth=0, rasterized=True, gid="density")
    return mesh, top
