"""Figures of the threshold sensitivity studies (drawing only).

Each function draws on ``ax`` (a new figure when ``None``) and returns the
Axes. Colours come from :data:`ecosystems.style.PALETTE`, names and axis
titles from ``data/``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .reference import label, type_names, type_slugs
from .style import FULL_WIDTH, PALETTE
from .sweep_engine import CUT_COLUMNS

CUT_COLOURS = dict(zip(CUT_COLUMNS, (PALETTE[1], PALETTE[4], PALETTE[0], PALETTE[2]),
                       strict=True))
TYPE_COLOURS = dict(zip(type_slugs(), PALETTE, strict=True))


def _ax(ax, size):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def cut_label(cut: str, lang: str = "en", value: float | None = None) -> str:
    """Display name of a cut point, e.g. ``"Innovativeness, lower cut (0.1)"``."""
    axis, which = cut.split("_")
    text = f"{label(f'axis.{axis}', lang)}, {label(f'cut.{which}', lang)}"
    return text if value is None else f"{text} ({value:g})"


def plot_one_at_a_time(oat: pd.DataFrame, ax=None, lang: str = "en", base=None):
    """Cluster-years changing type as each cut point moves alone.

    Parameters
    ----------
    oat : pandas.DataFrame
        From :func:`ecosystems.sensitivity.one_at_a_time`.
    ax : matplotlib.axes.Axes, optional
    lang : {"en", "ru"}
    base : array-like of 4 float, optional
        The base cut points, shown in the legend.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _ax(ax, (FULL_WIDTH / 2, 2.6))
    for j, cut in enumerate(CUT_COLUMNS):
        part = oat[oat["cut"] == cut]
        ax.step(part["factor"], part["changed"].astype(float), where="mid",
                color=CUT_COLOURS[cut], label=cut_label(cut, lang, None if base is None
                                                         else base[j]))
    ax.axvline(1.0, color="0.6", lw=0.6, ls="--", zorder=0)
    ax.set_xscale("log")
    ticks = [t for t in (0.5, 0.67, 0.8, 1, 1.25, 1.5, 2)
             if oat["factor"].min() <= t <= oat["factor"].max()]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.set_xlabel(label("sens.factor", lang))
    ax.set_ylabel(label("sens.changed", lang))
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, loc="upper right", fontsize=6)
    return ax


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges (geometric midpoints) around log-spaced ``centres``."""
    c = np.log(np.asarray(centres, dtype=float))
    mids = (c[1:] + c[:-1]) / 2
    return np.exp(np.concatenate([[2 * c[0] - mids[0]], mids, [2 * c[-1] - mids[-1]]]))


def plot_threshold_map(tmap: pd.DataFrame, value: str = "changed", point=None, ax=None,
                       lang: str = "en", pair: str = "lower", colorbar: bool = True):
    """Heatmap of a two-cut grid with the paper's point marked.

    Parameters
    ----------
    tmap : pandas.DataFrame
        From :func:`ecosystems.sensitivity.threshold_map`.
    value : {"changed", "types_used"}
    point : (float, float), optional
        The base (paper's) innovation and productivity cuts, marked.
    ax : matplotlib.axes.Axes, optional
    lang : {"en", "ru"}
    pair : {"lower", "upper"}
        Which cuts the map varies (for the axis titles).
    colorbar : bool

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import BoundaryNorm

    ax = _ax(ax, (FULL_WIDTH / 2, 2.8))
    inn = np.unique(tmap["innovation_cut"])
    prod = np.unique(tmap["productivity_cut"])
    z = (tmap.set_index(["innovation_cut", "productivity_cut"])[value].astype(float)
         .unstack("innovation_cut").reindex(index=prod, columns=inn).to_numpy())
    top = int(np.nanmax(z)) if np.isfinite(z).any() else 1
    bounds = np.arange(-0.5, top + 1.5)
    cmap = plt.get_cmap("viridis", len(bounds) - 1)
    mesh = ax.pcolormesh(_edges(inn), _edges(prod), np.ma.masked_invalid(z), cmap=cmap,
                         norm=BoundaryNorm(bounds, cmap.N), shading="flat", rasterized=True)
    ax.set_xscale("log")
    ax.set_yscale("log")
    for axis, values in ((ax.xaxis, inn), (ax.yaxis, prod)):
        centre = np.sqrt(values.min() * values.max())
        ticks = np.array([t for t in centre * np.array([0.5, 0.75, 1, 1.5, 2])
                          if values.min() * 0.999 <= t <= values.max() * 1.001])
        axis.set_ticks(ticks, [f"{t:.3g}" for t in ticks])
        axis.set_minor_locator(plt.NullLocator())
    if point is not None:  # the star: explained in the caption ("the paper's point")
        ax.plot(*point, marker="*", ms=10, mfc="white", mec="black", mew=0.8, ls="none",
                label=label("word.paper", lang))
    ax.set_xlabel(cut_label(f"innovation_{pair}", lang))
    ax.set_ylabel(cut_label(f"productivity_{pair}", lang))
    ax.set_title(label(f"sens.{value}", lang))
    if colorbar:
        step = max(1, (top + 1) // 8)
        bar = ax.figure.colorbar(mesh, ax=ax, ticks=np.arange(0, top + 1, step), shrink=0.9)
        bar.ax.tick_params(labelsize=6)
    return ax


def plot_margins(margins: pd.DataFrame, ax=None, lang: str = "en", xmax: float = 1.0):
    """Stability margin of every cluster-year, smallest first, coloured by the cut.

    Parameters
    ----------
    margins : pandas.DataFrame
        From :func:`ecosystems.sensitivity.stability_margins` (sorted).
    ax : matplotlib.axes.Axes, optional
    lang : {"en", "ru"}
    xmax : float
        Right end of the axis (relative move); larger margins are drawn at
        the edge with an arrow.

    Returns
    -------
    matplotlib.axes.Axes
    """
    m = margins[margins["margin"].notna()].reset_index(drop=True)
    ax = _ax(ax, (FULL_WIDTH, 0.6 + 0.13 * len(m)))
    ypos = np.arange(len(m))[::-1]
    shown = np.minimum(m["margin"].to_numpy(dtype=float), xmax)
    for cut in CUT_COLUMNS:
        sel = (m["cut"] == cut).to_numpy()
        if not sel.any():
            continue
        ax.hlines(ypos[sel], 0, shown[sel], color=CUT_COLOURS[cut], lw=2.2,
                  label=cut_label(cut, lang))
    beyond = m["margin"].to_numpy(dtype=float) > xmax
    if beyond.any():
        ax.plot(shown[beyond], ypos[beyond], marker=">", ms=3, color="0.3", ls="none")
    names = type_names(lang, short=True)
    ax.set_yticks(ypos, [f"{lab} ({names[t]})" for lab, t in zip(m["label"], m["ecosystem_type"],
                                                                  strict=True)], fontsize=6)
    ax.set_ylim(-0.7, len(m) - 0.3)
    ax.set_xlim(0, xmax)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(label("sens.margin", lang))
    ax.grid(axis="x", color="0.9", lw=0.5)
    ax.set_axisbelow(True)
    ax.legend(frameon=True, framealpha=1, edgecolor="none", loc="upper right", fontsize=6)
    return ax


def plot_noise(probs: pd.DataFrame, ax=None, lang: str = "en"):
    """Probability of each type per cluster-year under measurement noise (stacked bars).

    Parameters
    ----------
    probs : pandas.DataFrame
        From :func:`ecosystems.sensitivity.noise_probabilities`; rows are
        drawn in the given order, top to bottom.
    ax : matplotlib.axes.Axes, optional
    lang : {"en", "ru"}

    Returns
    -------
    matplotlib.axes.Axes
    """
    p = probs[probs["p_same"].notna()].reset_index(drop=True)
    ax = _ax(ax, (FULL_WIDTH, 0.9 + 0.13 * len(p)))
    ypos = np.arange(len(p))[::-1]
    left = np.zeros(len(p))
    names = type_names(lang, short=True)
    for slug in type_slugs():
        share = p[slug].to_numpy(dtype=float)
        if not (share > 0).any():
            continue
        ax.barh(ypos, share, left=left, height=0.8, color=TYPE_COLOURS[slug], label=names[slug],
                linewidth=0)
        left += share
    ax.set_yticks(ypos, [f"{lab} ({names[t]})" for lab, t in zip(p["label"], p["ecosystem_type"],
                                                                  strict=True)], fontsize=6)
    ax.set_ylim(-0.7, len(p) - 0.3)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(label("sens.probability", lang))
    ax.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=6)
    return ax
