"""Figures of cooperation shares: the paper's reported shares and weighted vs unweighted ratios.

Drawing functions take ``ax=None`` and return the Axes; the numbers come from
:mod:`ecosystems.cooperation`.
"""

from __future__ import annotations

import numpy as np

from ..analysis.cooperation import PAPER_MIN_COOPERATION
from ..io.reference import cluster_names
from .style import EXTRA_COLOUR, FULL_WIDTH, PALETTE, cluster_palette

WEIGHTED_COLOUR = PALETTE[1]
UNWEIGHTED_COLOUR = PALETTE[0]
LINE_COLOUR = "#333333"


def _axes(ax, width, height):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return ax


def _percent_axis(ax, upper=1.0):
    from matplotlib.ticker import PercentFormatter

    ax.set_xlim(0, upper)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.spines[["top", "right"]].set_visible(False)


def _selection_lines(ax, line, others):
    for value in sorted(set(others) - {line}):
        ax.axvline(value, color=EXTRA_COLOUR, linestyle=":", linewidth=0.7, zorder=0)
    if line is not None:
        ax.axvline(line, color=LINE_COLOUR, linestyle="--", linewidth=0.9, zorder=0)


def plot_reported_shares(reported, min_cooperation=PAPER_MIN_COOPERATION, other_lines=(),
                         ax=None):
    """Horizontal bars of the cooperation shares the paper reports, against the selection line.

    Parameters
    ----------
    reported : pandas.DataFrame
        :func:`ecosystems.reported_shares` (columns ``cluster``,
        ``cluster_as_reported``, ``share``).
    min_cooperation : float
        The selection line (dashed), the paper's 30% by default.
    other_lines : iterable of float
        Further lines (dotted), e.g. the legal minimum shares.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Clusters matched to Table 3 take their collection colour
        (:func:`ecosystems.cluster_palette`) and short name; a share that
        matches no Table 3 cluster is grey and labelled with the name printed
        in the text.
    """
    ax = _axes(ax, FULL_WIDTH, 0.5 + 0.42 * len(reported))
    short = cluster_names()
    colours = cluster_palette(short)
    labels, fills = [], []
    for cluster, as_reported in zip(reported["cluster"], reported["cluster_as_reported"],
                                    strict=True):
        if cluster in short:
            labels.append(short[cluster])
            fills.append(colours[cluster])
        else:
            labels.append(f"{as_reported}\n(no Table 3 row)")
            fills.append(EXTRA_COLOUR)
    y = np.arange(len(reported))[::-1]
    ax.barh(y, reported["share"], color=fills, height=0.6)
    printed = (reported["share_percent"] if "share_percent" in reported
               else reported["share"] * 100)
    for yi, value, pct in zip(y, reported["share"], printed, strict=True):
        ax.text(value + 0.01, yi, f"{pct:g}%", va="center", fontsize=7)
    ax.set_yticks(y, labels)
    _percent_axis(ax)
    _selection_lines(ax, min_cooperation, other_lines)
    ax.set_xlabel("share of participants' output used by other participants of the cluster")
    return ax


def plot_weighted_vs_unweighted(cooperation, min_cooperation=PAPER_MIN_COOPERATION, ax=None,
                                dominance=0.5):
    """Volume-weighted (GISP form) against unweighted ratio for every cluster-year.

    Parameters
    ----------
    cooperation : pandas.DataFrame
        :func:`ecosystems.cooperation_ratio`.
    min_cooperation : float or None
        The selection line (dashed).
    ax : matplotlib.axes.Axes, optional
    dominance : float
        Annotate rows whose largest participant has at least this share of the
        cluster's output; rows with zero-output participants or missing
        volumes are always annotated.

    Returns
    -------
    matplotlib.axes.Axes
        One line per cluster-year from the unweighted mean (open circle) to
        the weighted ratio (filled circle). The axis ends a little above the
        largest ratio (or the line), and each row's notes follow its right-hand
        circle, so no empty band separates data and notes.
    """
    n = len(cooperation)
    created = ax is None
    ax = _axes(ax, FULL_WIDTH, 0.8 + 0.22 * n)
    y = np.arange(n)[::-1]
    weighted = cooperation["weighted_ratio"].to_numpy(float)
    unweighted = cooperation["unweighted_ratio"].to_numpy(float)
    ax.hlines(y, np.fmin(weighted, unweighted), np.fmax(weighted, unweighted),
              color=EXTRA_COLOUR, linewidth=1.0, zorder=1)
    ax.scatter(unweighted, y, s=22, facecolor="white", edgecolor=UNWEIGHTED_COLOUR,
               linewidth=1.1, zorder=2, label="unweighted mean of participants' ratios")
    ax.scatter(weighted, y, s=22, color=WEIGHTED_COLOUR, zorder=3,
               label="volume-weighted ratio (GISP form)")
    for yi, (_, row) in zip(y, cooperation.iterrows(), strict=True):
        notes = []
        if row["largest_share"] >= dominance:
            notes.append(f"largest participant {row['largest_participant']}: "
                         f"{row['largest_share']:.0%} of output")
        if row["n_zero_output"]:
            notes.append(f"zero output (no own ratio): {row['zero_output_participants']}")
        if row.get("n_missing", 0):
            notes.append(f"missing volumes, left out: {row['missing_participants']}")
        if notes:
            right = np.nanmax([row["weighted_ratio"], row["unweighted_ratio"], 0.0])
            ax.annotate("; ".join(notes), (right, yi), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize=6, annotation_clip=False)
    ax.set_yticks(y, [f"{c} · {yr}" for c, yr in zip(cooperation["cluster"],
                                                     cooperation["year"], strict=True)])
    values = np.concatenate([weighted, unweighted, [min_cooperation or 0.0]])
    top = np.nanmax(values) if np.isfinite(values).any() else 1.0
    _percent_axis(ax, min(1.0, np.ceil(top * 10 + 0.5) / 10))
    _selection_lines(ax, min_cooperation, ())
    ax.set_xlabel("cooperation ratio")
    ax.figure.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=2,
                     frameon=False)
    if created:  # the notes move with the Axes: one layout pass ahead, so the first save fits
        ax.figure.draw_without_rendering()
    return ax


__all__ = ["plot_reported_shares", "plot_weighted_vs_unweighted"]
