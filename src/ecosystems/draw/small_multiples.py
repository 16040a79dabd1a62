"""Small multiples: one phase portrait per cluster, shared scales, each year's type written.

Nothing is written over a panel's data: each panel's types by year stand
under it (as its x label), the year markers and the hatching are explained by
one legend under the figure, and a cluster whose points lie too close together
to be told apart gets a zoomed inset, labelled as such, in a free part of its
panel (a region without hatching, threshold lines or data).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..io.reference import cluster_names, label, type_names
from ..typology.rule import classify, dysfunction_types, type_grid
from . import text as fit
from .artists import (
    cut_label,
    draw_regions,
    draw_thresholds,
    draw_trajectory,
    draw_year_markers,
    region_edges,
    year_markers,
)
from .intensity import IntensityBands
from .portrait import prepare, year_handles, years_span
from .scales import (
    X_COLUMN,
    Y_COLUMN,
    check_scale,
    default_linthresh,
    plot_limits,
    scale_note,
    set_scales,
)
from .style import FULL_WIDTH, THRESHOLD_COLOUR, paper_style, settle

TYPES_FONTSIZE = 6.0
# More clusters than this and none chosen: this many panels, chosen by a stated rule.
MAX_PANELS = 12
# A cluster whose points span less than this (inches, both ways) gets a zoomed inset.
ZOOM_BELOW_IN = 0.2
ZOOM_SIZES = ((0.40, 0.36), (0.34, 0.30), (0.28, 0.25))  # insets tried, fractions of the panel
ZOOM_COLOUR = "#555555"
ZOOM_FONTSIZE = 5.5


def phase_portrait_grid(data: pd.DataFrame, *, thresholds=None, clusters=None, axes=None,
                        scale: str = "symlog", lang: str = "en", linthresh=None, limits=None,
                        ncols: int = 3, title: bool | str = True, zoom: bool = True,
                        intensity_bands: bool = False, highlight=None):
    """Small multiples: one phase portrait per cluster, shared scales, each year's type written.

    Parameters
    ----------
    data, thresholds, clusters, scale, lang, linthresh, limits, intensity_bands
        As in :class:`~ecosystems.draw.portrait.PhasePortrait`; the limits are
        shared by all panels. The OECD strips are drawn in every panel and
        the groups named in the first one (the panels share their axes).
    axes : array of matplotlib.axes.Axes, optional
        At least one Axes per cluster (extra ones are switched off); a new
        figure with ``ncols`` columns otherwise.
    ncols : int
        Columns of the new figure.
    title : bool or str
        Figure title (only when the figure is created here).
    zoom : bool
        Add a zoomed inset (linear, labelled) to a panel whose points lie
        within :data:`ZOOM_BELOW_IN` inches of each other, where a free place
        for it exists.

    highlight : sequence of str, optional
        With no ``clusters``, no ``axes`` and more than :data:`MAX_PANELS`
        clusters in ``data``: the clusters given a panel; by default the
        :data:`MAX_PANELS` that :func:`ecosystems.highlight_clusters` ranks
        first (most changes of type, then the largest move). The title says
        how many of how many are shown and by which rule; list the rest
        with :func:`ecosystems.highlight_clusters`.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        One per cluster in order (flattened), then any unused ones. Each
        panel's x label (gid ``types:<cluster>``) gives its type by year;
        an inset has gid ``zoom:<cluster>``.
    """
    import matplotlib.pyplot as plt

    check_scale(scale)
    subset = None
    if clusters is None and axes is None and data["cluster"].nunique() > MAX_PANELS:
        from ..analysis.highlights import highlight_clusters

        ranked = highlight_clusters(data, thresholds, n=MAX_PANELS, chosen=highlight)
        clusters = ranked.loc[ranked["chosen"], "cluster"].tolist()
        rule = label("portrait.rule_changes" if highlight is None else "portrait.rule_given",
                     lang)
        subset = label("portrait.grid_subset", lang).format(k=len(clusters), n=len(ranked),
                                                            rule=rule)
    chosen, palette, sub, t = prepare(data, clusters, thresholds)
    lin = tuple(linthresh) if linthresh is not None else default_linthresh(t)
    lims = limits if limits is not None else plot_limits(
        sub, t, scale, lin, headroom=2.0 if scale == "symlog" else 1.2)
    display = cluster_names(lang, short=True)
    markers = year_markers(sub["year"])
    classified = classify(sub, t)
    created = axes is None
    with paper_style():
        if created:
            nrows = math.ceil(len(chosen) / ncols)
            fig, axes = plt.subplots(nrows, ncols, figsize=(FULL_WIDTH, 1.0 + 2.3 * nrows),
                                     sharex=True, sharey=True, layout="constrained",
                                     squeeze=False)
        flat = np.asarray(axes, dtype=object).ravel()
        if len(flat) < len(chosen):
            raise ValueError(f"{len(chosen)} clusters need {len(chosen)} Axes, got {len(flat)}")
        ncols_used = np.asarray(axes, dtype=object).shape[-1] if np.ndim(axes) > 1 else len(flat)
        panel_in = FULL_WIDTH / ncols_used * 0.9 if created else None
        bands = {}
        for k, c in enumerate(chosen):
            ax = flat[k]
            g = classified[classified["cluster"] == c]
            xs, ys = g[X_COLUMN].to_numpy(float), g[Y_COLUMN].to_numpy(float)
            set_scales(ax, lims, scale, lin, lang)
            draw_regions(ax, lims, t, True)
            top_row, right_col = k < ncols_used, (k % ncols_used == ncols_used - 1
                                                  or k == len(chosen) - 1)
            draw_thresholds(ax, t, lang, labels=False)
            label_thresholds(ax, t, lang, top=top_row, right=right_col)
            if intensity_bands:
                bands[k] = IntensityBands(ax, lims, lang)
            draw_trajectory(ax, xs, ys, palette[c], display.get(c, c), gid=f"trajectory:{c}")
            draw_year_markers(ax, g, palette, markers, 14)
            ax.set_title(display.get(c, c), fontsize=7.5, pad=9 if top_row else 3)
            width_in = panel_in or fit.axes_size_inches(ax)[0]
            runs = "\n".join(fit.balanced(type_runs(g, lang), width_in, TYPES_FONTSIZE))
            if created:
                ax.set_xlabel(runs, fontsize=TYPES_FONTSIZE, color="#222222", labelpad=2)
            else:
                ax.set_xlabel(f"{label(f'axis.{X_COLUMN}', lang)}\n{runs}", fontsize=6.5)
                ax.set_ylabel(label(f"axis.{Y_COLUMN}", lang), fontsize=6.5)
            ax.xaxis.label.set_gid(f"types:{c}")
        for ax in flat[len(chosen):]:
            ax.set_axis_off()
        if created:
            heading = None
            if title:  # the legend's title: constrained layout stacks no suptitle over it
                start, end = years_span(sub)
                head = title if isinstance(title, str) else label(
                    "portrait.grid_title", lang).format(start=start, end=end)
                heading = "\n".join([head, *([subset] if subset else []),
                                     scale_note(scale, lang, lin, t),
                                     label("portrait.grid_types", lang)])
            _legend(fig, markers, lang, intensity_bands, heading)
            fig.supxlabel(label(f"axis.{X_COLUMN}", lang), fontsize=8)
            fig.supylabel(label(f"axis.{Y_COLUMN}", lang), fontsize=8)
            settle(fig)
        for k, c in enumerate(chosen):  # after the layout: they need the panels' final size
            g = classified[classified["cluster"] == c]
            inset = (zoom_inset(flat[k], g, palette[c], markers, lims, t, gid=f"zoom:{c}",
                                lang=lang) if zoom else None)
            if k in bands and k == 0:  # the OECD groups named once (all panels alike), off
                # the data and the inset
                keep_off = [fit.obstacles(flat[k], [(g[X_COLUMN].to_numpy(float),
                                                     g[Y_COLUMN].to_numpy(float))])]
                if inset is not None:
                    x0, y0, w, h = inset[1]
                    gx, gy = np.meshgrid(np.linspace(x0, x0 + w, 12), np.linspace(y0, y0 + h, 12))
                    keep_off.append(np.column_stack([gx.ravel(), gy.ravel()]))
                bands[k].place_labels(np.vstack(keep_off))
    return flat


def type_runs(rows: pd.DataFrame, lang: str) -> str:
    """The types of one cluster by year, consecutive years of one type joined.

    ``"2020–2023 Traditional production"``, or
    ``"2020 Adaptation → 2021 Traditional production → 2022–2023 Adaptation"``;
    a year without a type (a missing value) is named as such.
    """
    names = type_names(lang, short=True)
    unknown = label("profile.unclassified", lang)
    runs: list[list] = []
    for year, slug in zip(rows["year"].astype(int), rows["ecosystem_type"].astype(object),
                          strict=True):
        name = names.get(slug, unknown) if isinstance(slug, str) else unknown
        if runs and runs[-1][2] == name and runs[-1][1] == year - 1:
            runs[-1][1] = year
        else:
            runs.append([year, year, name])
    return " \u2192 ".join(f"{a}\u2013{b} {n}" if b > a else f"{a} {n}" for a, b, n in runs)


def _legend(fig, markers, lang, bands: bool, heading: str | None):
    """One legend over the panels (under ``heading``): year markers, hatching, OECD strips."""
    handles = year_handles(markers, lang, True, bands)
    legend = fig.legend(handles=handles, loc="outside upper center", ncols=len(handles),
               frameon=False, fontsize=6.5, title=heading, title_fontsize=8, alignment="center",
               handletextpad=0.3, columnspacing=1.2)
    legend.set_gid("grid-legend")
    legend.get_title().set_multialignment("center")


def label_thresholds(ax, thresholds, lang, top: bool, right: bool):
    """Value labels of the cut points above the top row (x) and right of the last column (y)."""
    text_style = {"fontsize": 6.0, "color": THRESHOLD_COLOUR, "clip_on": False}
    if top:
        for k, cut in enumerate(thresholds.productivity):
            s, align = cut_label("x", k, cut, lang)
            ax.text(cut, 1.0, s, transform=ax.get_xaxis_transform(),
                    gid=f"threshold-label:x:{cut:g}", **align, **text_style)
    if right:
        for k, cut in enumerate(thresholds.innovation):
            s, align = cut_label("y", k, cut, lang)
            ax.text(1.0, cut, s, transform=ax.get_yaxis_transform(),
                    gid=f"threshold-label:y:{cut:g}", **align, **text_style)


def free_cells(ax, limits, thresholds):
    """The panel's regions without hatching, as axes-fraction cells, largest first."""
    xe, ye = region_edges(limits, thresholds)
    grid, hatched = type_grid(), dysfunction_types()
    cells = []
    for i in range(3):
        for j in range(3):
            if grid[i, j] in hatched:
                continue
            corners = fit.to_axes_fraction(ax, [xe[j], xe[j + 1]], [ye[i], ye[i + 1]])
            cell = ((max(corners[0, 0], 0.0), min(corners[1, 0], 1.0)),
                    (max(corners[0, 1], 0.0), min(corners[1, 1], 1.0)))
            if cell[0][1] > cell[0][0] and cell[1][1] > cell[1][0]:
                cells.append(cell)
    return sorted(cells, key=lambda c: -(c[0][1] - c[0][0]) * (c[1][1] - c[1][0]))


def zoom_inset(ax, rows, colour, markers, limits, thresholds, gid, lang="en"):
    """A zoomed inset of the cluster's points when they lie too close together to be told apart.

    The inset (linear axes around the points, titled "enlarged") goes into the
    largest region without hatching where it covers no data and crosses no
    threshold line; the enlarged area is outlined in the panel and joined to
    the inset.

    Returns
    -------
    tuple or None
        ``(inset Axes, (left, bottom, width, height))``, the box of the inset
        and its title in axes fraction; ``None`` when none is needed or no
        free place exists.
    """
    rows = rows[np.isfinite(rows[X_COLUMN].to_numpy(float))
                & np.isfinite(rows[Y_COLUMN].to_numpy(float))]
    xs, ys = rows[X_COLUMN].to_numpy(float), rows[Y_COLUMN].to_numpy(float)
    if len(np.unique(np.column_stack([xs, ys]), axis=0)) < 2:
        return None
    axes_in = fit.axes_size_inches(ax)
    pts = fit.to_axes_fraction(ax, xs, ys)
    if max(np.ptp(pts[:, 0]) * axes_in[0], np.ptp(pts[:, 1]) * axes_in[1]) >= ZOOM_BELOW_IN:
        return None
    # the enlarged area: the points' box with a margin of 15 % of its sides
    spans = [np.ptp(v) or max(0.2 * np.abs(v).max(), 1e-9) for v in (xs, ys)]
    area = tuple((v.min() - 0.15 * span, v.max() + 0.15 * span)
                 for v, span in zip((xs, ys), spans, strict=True))
    corners = fit.to_axes_fraction(ax, area[0], area[1])
    gx, gy = np.meshgrid(np.linspace(corners[0, 0], corners[1, 0], 5),
                         np.linspace(corners[0, 1], corners[1, 1], 5))
    keep_off = np.vstack([fit.obstacles(ax, [(xs, ys)]),
                          np.column_stack([gx.ravel(), gy.ravel()])])
    keep_off = keep_off[np.argsort(keep_off[:, 0], kind="stable")]
    pad = (0.04, 0.05)
    heading = label("portrait.zoom", lang)
    title_w = (fit.line_width_pt(heading, ZOOM_FONTSIZE) + 2) / 72 / axes_in[0]
    title_h = 2.2 * ZOOM_FONTSIZE / 72 / axes_in[1]
    cells = free_cells(ax, limits, thresholds)
    for width, height in ZOOM_SIZES:  # the largest inset that fits a free region
        # the inset and its title above it (left-aligned, possibly wider than the inset)
        size = (max(width, title_w), height + title_h)
        found = [(cell, fit.place(cell, size, keep_off, pad)) for cell in cells]
        found = [(cell, placed) for cell, placed in found if placed[5] and placed[4] == 0]
        if found:
            break
    else:
        return None
    cell, (x, y, ha, va, _hits, _fits) = found[0]
    left = {"left": x, "right": x - size[0], "center": x - size[0] / 2}[ha]
    bottom = {"bottom": y, "top": y - size[1], "center": y - size[1] / 2}[va]
    inset = ax.inset_axes([left, bottom, width, height])
    inset.set_gid(gid)
    draw_trajectory(inset, xs, ys, colour, None, gid=f"{gid}:trajectory")
    draw_year_markers(inset, rows, {rows["cluster"].iloc[0]: colour}, markers, 14)
    inset.set_xlim(*area[0])
    inset.set_ylim(*area[1])
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_title(heading, fontsize=ZOOM_FONTSIZE, pad=1.5, color=ZOOM_COLOUR, loc="left")
    for spine in inset.spines.values():
        spine.set(linewidth=0.5, color=ZOOM_COLOUR)
    ax.indicate_inset_zoom(inset, edgecolor=ZOOM_COLOUR, linewidth=0.5, alpha=1.0)
    return inset, (left, bottom, width, size[1])
