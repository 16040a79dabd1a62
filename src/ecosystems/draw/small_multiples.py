"""Small multiples: one phase portrait per cluster, shared scales, each year's type written."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..io.reference import cluster_names, label, type_names
from ..typology.rule import classify
from . import text as fit
from .artists import (
    MARKER_GLYPHS,
    draw_regions,
    draw_thresholds,
    draw_trajectory,
    draw_year_markers,
    year_markers,
)
from .portrait import prepare, settle, years_span
from .scales import (
    X_COLUMN,
    Y_COLUMN,
    check_scale,
    default_linthresh,
    number,
    plot_limits,
    scale_note,
    set_scales,
)
from .style import FULL_WIDTH, THRESHOLD_COLOUR, paper_style


def phase_portrait_grid(data: pd.DataFrame, *, thresholds=None, clusters=None, axes=None,
                        scale: str = "symlog", lang: str = "en", linthresh=None, limits=None,
                        ncols: int = 3, title: bool | str = True):
    """Small multiples: one phase portrait per cluster, shared scales, each year's type written.

    Parameters
    ----------
    data, thresholds, clusters, scale, lang, linthresh, limits
        As in :class:`~ecosystems.draw.portrait.PhasePortrait`; the limits are
        shared by all panels.
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

    check_scale(scale)
    chosen, palette, sub, t = prepare(data, clusters, thresholds)
    lin = tuple(linthresh) if linthresh is not None else default_linthresh(t)
    lims = limits if limits is not None else plot_limits(
        sub, t, scale, lin, headroom=2.0 if scale == "symlog" else 1.2)
    display = cluster_names(lang, short=True)
    names = type_names(lang, short=True)
    markers = year_markers(sub["year"])
    classified = classify(sub, t)
    created = axes is None
    with paper_style():
        if created:
            nrows = math.ceil(len(chosen) / ncols)
            fig, axes = plt.subplots(nrows, ncols, figsize=(FULL_WIDTH, 0.6 + 2.15 * nrows),
                                     sharex=True, sharey=True, layout="constrained",
                                     squeeze=False)
            if title:
                start, end = years_span(sub)
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
            set_scales(ax, lims, scale, lin, lang)
            draw_regions(ax, lims, t, True)
            top_row, right_col = k < ncols_used, (k % ncols_used == ncols_used - 1
                                                  or k == len(chosen) - 1)
            draw_thresholds(ax, t, lang, labels=False)
            label_thresholds(ax, t, lang, top=top_row, right=right_col)
            draw_trajectory(ax, xs, ys, palette[c], display.get(c, c), gid=f"trajectory:{c}")
            draw_year_markers(ax, g, palette, markers, 14)
            ax.set_title(display.get(c, c), fontsize=7.5, pad=9 if top_row else 3)
            lines = [f"{MARKER_GLYPHS.get(markers[int(y)], '')} {int(y)} "
                     f"{names.get(s, '?') if isinstance(s, str) else '?'}"
                     for y, s in zip(g["year"], g["ecosystem_type"].astype(object), strict=True)]
            axes_in = fit.axes_size_inches(ax)
            size = fit.text_box(lines, 6.0, axes_in, italic=False)
            cell = ((0.0, 1.0), (0.0, 1.0))
            x, y, ha, va, _hits, _fits = fit.place(cell, size, fit.obstacles(ax, [(xs, ys)]),
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
            settle(fig)
        else:
            for ax in flat[:len(chosen)]:
                ax.set_xlabel(label(f"axis.{X_COLUMN}", lang), fontsize=6.5)
                ax.set_ylabel(label(f"axis.{Y_COLUMN}", lang), fontsize=6.5)
    return flat


def label_thresholds(ax, thresholds, lang, top: bool, right: bool):
    """Value labels of the cut points above the top row (x) and right of the last column (y)."""
    text_style = {"fontsize": 6.0, "color": THRESHOLD_COLOUR, "clip_on": False}
    if top:
        for cut in thresholds.productivity:
            ax.text(cut, 1.0, number(cut, lang), transform=ax.get_xaxis_transform(),
                    ha="center", va="bottom", gid=f"threshold-label:x:{cut:g}", **text_style)
    if right:
        for cut in thresholds.innovation:
            ax.text(1.0, cut, " " + number(cut, lang), transform=ax.get_yaxis_transform(),
                    ha="left", va="center", gid=f"threshold-label:y:{cut:g}", **text_style)
