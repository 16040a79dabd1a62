"""Figures of the threshold sensitivity studies (drawing only, seaborn).

Each function draws on ``ax`` (a new figure when ``None``) and returns the
Axes. Colours come from :data:`ecosystems.draw.style.PALETTE`, names and axis
titles from ``data/``; the numbers from :mod:`ecosystems.analysis.sensitivity`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..io.reference import cluster_names, label, type_names, type_slugs
from ..typology.thresholds import CUT_COLUMNS, Thresholds
from . import text as fit
from .scales import number
from .style import FULL_WIDTH, PALETTE, outlined

CUT_COLOURS = dict(zip(CUT_COLUMNS, (PALETTE[1], PALETTE[4], PALETTE[0], PALETTE[2]),
                       strict=True))
TYPE_COLOURS = dict(zip(type_slugs(), PALETTE, strict=True))
FACTOR_TICKS = (0.5, 0.67, 0.8, 1, 1.25, 1.5, 2)
# A threshold map uses at most this many colours (more counts: ranges of counts).
MAX_LEVELS = 20
# More cluster-years than this: margins and noise drawn as distributions, not one bar each.
MAX_BARS = 60


def _ax(ax, size):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _row_labels(frame: pd.DataFrame, lang: str) -> list[str]:
    """``"Kalashnikov 2020 (Improvement)"``: each cluster-year with its type, in ``lang``."""
    names = type_names(lang, short=True)
    clusters = cluster_names(lang, short=True)
    labels = ([f"{clusters.get(c, c)} {int(y)}" for c, y in
               zip(frame["cluster"], frame["year"], strict=True)]
              if {"cluster", "year"} <= set(frame.columns) else frame["label"])
    return [f"{lab} ({names[t]})"
            for lab, t in zip(labels, frame["ecosystem_type"], strict=True)]


def cut_label(cut: str, lang: str = "en", value: float | None = None) -> str:
    """Display name of a cut point, e.g. ``"Innovativeness, lower cut (0.1)"``."""
    axis, which = cut.split("_")
    text = f"{label(f'axis.{axis}', lang)}, {label(f'cut.{which}', lang)}"
    return text if value is None else f"{text} ({number(value, lang)})"


def plot_one_at_a_time(oat: pd.DataFrame, axes=None, lang: str = "en", base=None,
                       title: bool = True):
    """Cluster-years changing type as each cut point moves alone: one panel per cut.

    One panel per cut point (so that no curve hides another where two cuts
    change the same number of cluster-years, e.g. nothing), on shared axes;
    the counts are step lines, zero drawn clear of the frame.

    Parameters
    ----------
    oat : pandas.DataFrame
        From :func:`ecosystems.one_at_a_time`.
    axes : array of 4 matplotlib.axes.Axes, optional
        One per cut in :data:`~ecosystems.typology.thresholds.CUT_COLUMNS`
        order; a new 2 x 2 figure otherwise.
    lang : {"en", "ru"}
    base : array-like of 4 float, optional
        The base cut points, shown in the panel titles.
    title : bool
        A figure title stating the range and the number of steps (read from
        ``oat``).

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The four panels, in cut order.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    created = axes is None
    if created:
        fig, axes = plt.subplots(2, 2, figsize=(FULL_WIDTH, 3.6), sharex=True, sharey=True,
                                 layout="constrained")
        fig.supxlabel(label("sens.factor", lang), fontsize=8)
        fig.supylabel(label("sens.changed", lang), fontsize=8)
    flat = np.asarray(axes, dtype=object).ravel()
    if len(flat) != len(CUT_COLUMNS):
        raise ValueError(f"one Axes per cut point needed ({len(CUT_COLUMNS)}), got {len(flat)}")
    top = max(int(oat["changed"].max()), 1)
    ticks = [t for t in FACTOR_TICKS if oat["factor"].min() <= t <= oat["factor"].max()]
    for j, (ax, cut) in enumerate(zip(flat, CUT_COLUMNS, strict=True)):
        rows = oat[oat["cut"] == cut].sort_values("factor")
        colour = CUT_COLOURS[cut]
        ax.plot(rows["factor"], rows["changed"].astype(float), drawstyle="steps-mid",
                color=colour, linewidth=1.4, gid=f"oat:{cut}", **outlined(colour, 1.4))
        ax.axvline(1.0, color="0.6", lw=0.6, ls="--", zorder=0)
        ax.set_xscale("log")
        ax.set_xticks(ticks, [number(t, lang) for t in ticks])
        ax.minorticks_off()
        ax.set_ylim(-0.06 * top - 0.3, 1.08 * top + 0.3)  # a line at zero stays off the frame
        ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.grid(axis="y", color="0.92", lw=0.5)
        ax.set_axisbelow(True)
        ax.set_title(cut_label(cut, lang, None if base is None else base[j]), fontsize=7.5)
        if not created:
            ax.set_xlabel(label("sens.factor", lang))
            ax.set_ylabel(label("sens.changed", lang))
    if title:
        factors = np.unique(oat["factor"].to_numpy(float))
        head = label("sens.oat_title", lang).format(
            low=number(round(factors.min(), 6), lang), high=number(round(factors.max(), 6), lang),
            steps=len(factors))
        fig = flat[0].figure
        fig.suptitle("\n".join(fit.balanced(head, 0.95 * fig.get_size_inches()[0], 8)),
                     fontsize=8)
    return flat


def _tick_positions(values: np.ndarray, centre: float, lang: str = "en",
                    ) -> tuple[list[float], list[str]]:
    """Heatmap tick positions (cell centres) at 0.5, 0.75, 1, 1.5 and 2 times ``centre``."""
    logs = np.log(values)
    positions, labels = [], []
    for factor in (0.5, 0.75, 1, 1.5, 2):
        target = centre * factor
        if values.min() * 0.999 <= target <= values.max() * 1.001:
            positions.append(float(np.interp(np.log(target), logs, np.arange(len(values)))) + 0.5)
            labels.append(number(float(f"{target:.3g}"), lang))
    return positions, labels


def plot_threshold_map(tmap: pd.DataFrame, value: str = "changed", point=None, ax=None,
                       lang: str = "en", pair: str = "lower", colorbar: bool = True):
    """Heatmap of a two-cut grid, the paper's cut points marked with a star.

    Parameters
    ----------
    tmap : pandas.DataFrame
        From :func:`ecosystems.threshold_map` (log-spaced cuts: the cells
        are equally wide on a log scale).
    value : {"changed", "types_used"}
    point : (float, float), optional
        The base (paper's) innovation and productivity cuts, marked with a
        white star labelled in the legend.
    ax : matplotlib.axes.Axes, optional
    lang : {"en", "ru"}
    pair : {"lower", "upper"}
        Which cuts the map varies (for the axis titles).
    colorbar : bool
        A colour bar labelled with what the colour counts: one colour per
        count up to :data:`MAX_LEVELS` - 1, otherwise :data:`MAX_LEVELS`
        colours (0 alone, then equal ranges of counts).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import BoundaryNorm
    from matplotlib.ticker import MaxNLocator

    ax = _ax(ax, (FULL_WIDTH / 2, 2.8))
    inn = np.unique(tmap["innovation_cut"])
    prod = np.unique(tmap["productivity_cut"])
    z = (tmap.set_index(["innovation_cut", "productivity_cut"])[value].astype(float)
         .unstack("innovation_cut").reindex(index=prod[::-1], columns=inn))
    top = int(np.nanmax(z.to_numpy())) if np.isfinite(z.to_numpy()).any() else 1
    if top < MAX_LEVELS:  # one colour per count
        bounds = np.arange(-0.5, top + 1.5)
        step = max(1, (top + 1) // 8)
        ticks = np.arange(0, top + 1, step)
    else:  # at most MAX_LEVELS colours, each a range of counts: 0 alone, then equal steps
        step = int(np.ceil(top / (MAX_LEVELS - 1)))
        bounds = np.concatenate([[-0.5], np.arange(0.5, top + step, step)])
        ticks = MaxNLocator(6, integer=True).tick_values(0, top)
        ticks = ticks[(ticks >= 0) & (ticks <= top)]
    cmap = plt.get_cmap("viridis", len(bounds) - 1)
    # seaborn's heatmap without its draw of the whole figure (to rotate tick labels
    # that would overlap: these are set below), which made four maps cost four draws
    values = z.to_numpy()
    mesh = ax.pcolormesh(np.ma.masked_invalid(values), cmap=cmap,
                         norm=BoundaryNorm(bounds, cmap.N), rasterized=True)
    ax.set(xlim=(0, values.shape[1]), ylim=(values.shape[0], 0))  # first row on top
    for spine in ax.spines.values():
        spine.set_visible(False)
    if colorbar:
        bar = ax.figure.colorbar(mesh, ax=ax, ticks=ticks, shrink=0.9,
                                 label=label(f"sens.{value}", lang))
        bar.outline.set_linewidth(0)
        bar.solids.set_rasterized(True)
        bar.ax.tick_params(labelsize=6)
        bar.ax.yaxis.label.set_size(6.5)
    xpos, xlab = _tick_positions(inn, np.sqrt(inn.min() * inn.max()), lang)
    ypos, ylab = _tick_positions(prod, np.sqrt(prod.min() * prod.max()), lang)
    ax.set_xticks(xpos, xlab, rotation=0)
    ax.set_yticks([len(prod) - p for p in ypos], ylab, rotation=0)
    if point is not None:
        px = float(np.interp(np.log(point[0]), np.log(inn), np.arange(len(inn)))) + 0.5
        py = len(prod) - (float(np.interp(np.log(point[1]), np.log(prod),
                                          np.arange(len(prod)))) + 0.5)
        ax.plot(px, py, marker="*", ms=10, mfc="white", mec="black", mew=0.8, ls="none",
                label=label("word.paper", lang))
    ax.set_xlabel(cut_label(f"innovation_{pair}", lang))
    ax.set_ylabel(cut_label(f"productivity_{pair}", lang))
    head = label(f"sens.{value}", lang)
    engine = ax.figure.get_layout_engine()
    if engine is not None:  # one layout pass: the title wraps to the Axes' width beside its bar
        engine.execute(ax.figure)
    if point is not None:  # the star, explained in the title
        paper = Thresholds().as_array()[[CUT_COLUMNS.index(f"innovation_{pair}"),
                                         CUT_COLUMNS.index(f"productivity_{pair}")]]
        which = "sens.star_paper" if np.allclose(point, paper) else "sens.star_base"
        star = label(which, lang).format(innovation=number(point[0], lang),
                                         productivity=number(point[1], lang))
        head += "\n" + "\n".join(fit.balanced(star, fit.axes_size_inches(ax)[0], 8))
    ax.set_title(head, fontsize=8)
    return ax


def plot_margins(margins: pd.DataFrame, ax=None, lang: str = "en", xmax: float = 1.0):
    """Stability margin of every cluster-year as bars (seaborn), smallest first, coloured by cut.

    More than :data:`MAX_BARS` cluster-years: their distribution instead (a
    histogram of the margins stacked by cut, the count in the title).

    Parameters
    ----------
    margins : pandas.DataFrame
        From :func:`ecosystems.stability_margins` (sorted).
    ax : matplotlib.axes.Axes, optional
    lang : {"en", "ru"}
    xmax : float
        Right end of the axis (relative move); larger margins are drawn at
        the edge with an arrow.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    m = margins[margins["margin"].notna()].reset_index(drop=True)
    if len(m) > MAX_BARS:
        return _margins_distribution(m, ax, lang, xmax)
    created = ax is None
    ax = _ax(ax, (FULL_WIDTH, 0.6 + 0.13 * len(m)))
    rows = _row_labels(m, lang)
    cuts = {c: cut_label(c, lang) for c in CUT_COLUMNS if (m["cut"] == c).any()}
    shown = pd.DataFrame({"row": rows, "margin": np.minimum(m["margin"].to_numpy(float), xmax),
                          "cut": m["cut"].map(cuts)})
    sns.barplot(data=shown, x="margin", y="row", hue="cut", hue_order=list(cuts.values()),
                palette={cuts[c]: CUT_COLOURS[c] for c in cuts}, order=rows, dodge=False,
                orient="y", width=0.7, ax=ax)
    beyond = (m["margin"].to_numpy(dtype=float) > xmax).nonzero()[0]
    if beyond.size:
        ax.plot(np.full(beyond.size, xmax), beyond, marker=">", ms=3, color="0.3", ls="none")
    ax.tick_params(axis="y", labelsize=6)
    ax.set_ylabel("")
    ax.set_xlim(0, xmax)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    # the row names take much of a new figure's width: wrap to what is left
    width = 0.45 * FULL_WIDTH if created else fit.axes_size_inches(ax)[0]
    ax.set_xlabel("\n".join(fit.balanced(label("sens.margin", lang), width, 8)))
    ax.grid(axis="x", color="0.9", lw=0.5)
    ax.set_axisbelow(True)
    ax.legend(frameon=True, framealpha=1, edgecolor="none", loc="upper right", fontsize=6,
              title=None)
    return ax


def _margins_distribution(m: pd.DataFrame, ax, lang: str, xmax: float):
    """Many cluster-years: the margins as a histogram stacked by the cut that sets them."""
    import seaborn as sns

    ax = _ax(ax, (FULL_WIDTH, 2.8))
    cuts = {c: cut_label(c, lang) for c in CUT_COLUMNS if (m["cut"] == c).any()}
    shown = pd.DataFrame({"margin": np.minimum(m["margin"].to_numpy(float), xmax),
                          "cut": m["cut"].map(cuts)})
    sns.histplot(data=shown, x="margin", hue="cut", hue_order=list(cuts.values()),
                 palette={cuts[c]: CUT_COLOURS[c] for c in cuts}, multiple="stack",
                 bins=np.linspace(0, xmax, 41), linewidth=0, alpha=1, ax=ax)
    ax.set_xlim(0, xmax)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("\n".join(fit.balanced(label("sens.margin", lang),
                                         fit.axes_size_inches(ax)[0], 8)))
    ax.set_ylabel(label("sens.cluster_years", lang))
    beyond = int((m["margin"].to_numpy(float) > xmax).sum())
    ax.set_title(label("sens.margins_many", lang).format(
        n=f"{len(m):,}".replace(",", "\u2009"), beyond=beyond, xmax=f"{xmax:.0%}"), fontsize=8)
    ax.grid(axis="y", color="0.9", lw=0.5)
    ax.set_axisbelow(True)
    sns.move_legend(ax, "upper right", frameon=True, framealpha=1, edgecolor="none",
                    fontsize=6, title=None)
    return ax


def _noise_distribution(p: pd.DataFrame, ax, lang: str, lines: list[str]):
    """Many cluster-years: the share of draws keeping the type, a histogram stacked by type."""
    import seaborn as sns

    ax = _ax(ax, (FULL_WIDTH, 2.8))
    names = type_names(lang, short=True)
    used = [s for s in type_slugs() if (p["ecosystem_type"] == s).any()]
    shown = pd.DataFrame({"p_same": p["p_same"].to_numpy(float),
                          "type": p["ecosystem_type"].map(names)})
    sns.histplot(data=shown, x="p_same", hue="type", hue_order=[names[s] for s in used],
                 palette={names[s]: TYPE_COLOURS[s] for s in used}, multiple="stack",
                 bins=np.linspace(0, 1, 21), linewidth=0, alpha=1, ax=ax)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(label("sens.p_same", lang))
    ax.set_ylabel(label("sens.cluster_years", lang))
    sns.move_legend(ax, "upper left", bbox_to_anchor=(1.01, 1.0), ncol=1, frameon=False,
                    fontsize=6, title=label("word.type", lang), title_fontsize=6.5,
                    alignment="left")
    width = fit.axes_size_inches(ax)[0]
    ax.set_title("\n".join(w for line in lines for w in fit.balanced(line, width, 8)),
                 fontsize=8)
    return ax


def plot_noise(probs: pd.DataFrame, ax=None, lang: str = "en", *, sigma: float | None = None,
               draws: int | None = None, seed: int | None = None):
    """Probability of each type per cluster-year under measurement noise (stacked bars, seaborn).

    More than :data:`MAX_BARS` cluster-years: their distribution instead (a
    histogram of the share of draws keeping the type, stacked by type).

    Parameters
    ----------
    probs : pandas.DataFrame
        From :func:`ecosystems.noise_probabilities`; rows are drawn in the
        given order, top to bottom.
    ax : matplotlib.axes.Axes, optional
    lang : {"en", "ru"}
    sigma, draws, seed : optional
        The noise parameters given to :func:`ecosystems.noise_probabilities`,
        stated in the title (when all three are given).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    p = probs[probs["p_same"].notna()].reset_index(drop=True)
    lines = [label("sens.noise_title", lang)]
    if None not in (sigma, draws, seed):
        lines.append(label("sens.noise_parameters", lang).format(
            sigma=number(sigma, lang), draws=f"{int(draws):,}".replace(",", "\u2009"),
            seed=int(seed)))
    if len(p) > MAX_BARS:
        return _noise_distribution(p, ax, lang, lines)
    created = ax is None
    ax = _ax(ax, (FULL_WIDTH, 0.9 + 0.13 * len(p)))
    names = type_names(lang, short=True)
    rows = _row_labels(p, lang)
    used = [s for s in type_slugs() if (p[s] > 0).any()]
    long = pd.DataFrame({
        "row": pd.Categorical(np.repeat(rows, len(used)), categories=rows),
        "type": np.tile([names[s] for s in used], len(p)),
        "share": p[used].to_numpy(dtype=float).ravel(),
    })
    sns.histplot(data=long, y="row", hue="type", weights="share", multiple="stack",
                 discrete=True, shrink=0.8, hue_order=[names[s] for s in used],
                 palette={names[s]: TYPE_COLOURS[s] for s in used}, linewidth=0, alpha=1,
                 ax=ax)
    ax.tick_params(axis="y", labelsize=6)
    ax.set_ylabel("")
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(label("sens.probability", lang))
    sns.move_legend(ax, "upper left", bbox_to_anchor=(1.01, 1.0), ncol=1, frameon=False,
                    fontsize=6, title=label("word.type", lang), title_fontsize=6.5,
                    alignment="left")
    if created:  # over the whole figure: the row names take much of its width
        width = 0.95 * ax.figure.get_size_inches()[0]
        ax.figure.suptitle("\n".join(w for line in lines for w in fit.balanced(line, width, 8)),
                           fontsize=8)
    else:
        width = fit.axes_size_inches(ax)[0]
        ax.set_title("\n".join(w for line in lines for w in fit.balanced(line, width, 8)),
                     fontsize=8)
    return ax
