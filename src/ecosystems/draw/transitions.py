"""The transition matrix as a figure: counts of type-to-type moves between consecutive years."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..io.reference import label, type_names
from ..typology.rule import dysfunction_types
from .style import FULL_WIDTH


def plot_transition_matrix(matrix: pd.DataFrame, ax=None, lang: str = "en"):
    """Heatmap (seaborn) of :func:`ecosystems.transition_matrix`, every count written.

    Rows are the type in the earlier year, columns the type in the next; the
    diagonal counts the years a cluster kept its type. Types of the paper's
    "development dysfunctions" are marked with an asterisk.

    Parameters
    ----------
    matrix : pandas.DataFrame
        9 x 9 counts, index and columns type slugs in Table 1 order.
    ax : matplotlib.axes.Axes, optional
    lang : {"en", "ru"}

    Returns
    -------
    matplotlib.axes.Axes
    """
    import textwrap

    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(FULL_WIDTH * 0.72, FULL_WIDTH * 0.6),
                             layout="constrained")
    names = type_names(lang, short=True)
    flagged = dysfunction_types()

    def name(slug):
        return names[slug] + (" *" if slug in flagged else "")

    shown = matrix.rename(index=name, columns=name)
    counts = shown.to_numpy()
    # colour on a log scale so that single moves are visible beside the many stays
    sns.heatmap(np.log1p(shown), annot=shown, fmt="d", cmap="Blues", vmin=0,
                vmax=np.log1p(max(1, counts.max())) * 1.15, mask=counts == 0, cbar=False,
                linewidths=0.5, linecolor="#DDDDDD", annot_kws={"fontsize": 7},
                ax=ax)
    ax.set_facecolor("white")
    for k in range(len(shown)):  # outline the diagonal: staying in the same type
        ax.add_patch(plt.Rectangle((k, k), 1, 1, fill=False, edgecolor="#888888", lw=0.6))
    ax.set_xlabel(label("transition.to", lang))
    ax.set_ylabel(label("transition.from", lang))
    ax.tick_params(labelsize=6.5)
    ax.set_xticks(ax.get_xticks(), ax.get_xticklabels(), rotation=40, ha="right",
                  rotation_mode="anchor")
    total, stays = int(counts.sum()), int(np.trace(counts))
    title = label("transition.title", lang).format(total=total, stays=stays,
                                                   changes=total - stays)
    ax.set_title("\n".join(textwrap.wrap(title, 52)), fontsize=8)
    return ax
