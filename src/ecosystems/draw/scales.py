"""Axes of a phase portrait: symlog or linear scales, limits, ticks, numbers as text.

Value added per employee (productivity, :data:`X_COLUMN`) runs along x,
R&D expenditure per employee (innovativeness, :data:`Y_COLUMN`) along y.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..io.loaders import INDICATORS
from ..io.reference import label
from ..typology.thresholds import Thresholds

SCALES = ("symlog", "linear")
X_COLUMN = INDICATORS["productivity"]
Y_COLUMN = INDICATORS["innovation"]
# Width of the symlog linear parts relative to one decade: x has few values
# below its linear threshold, y many (the small R&D spenders).
X_LINSCALE, Y_LINSCALE = 0.5, 1.0


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
    check_scale(scale)
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


def check_scale(scale: str) -> None:
    """Raise ``ValueError`` unless ``scale`` is one of :data:`SCALES`."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, got {scale!r}")


def symlog_ticks(lo: float, hi: float, linthresh: float) -> list[float]:
    """Ticks of a symlog axis: 0, half the linear part, then 1-2-5 per decade up to ``hi``."""
    ticks = [0.0, linthresh / 2]
    decade = linthresh
    while decade <= hi:
        ticks += [m * decade for m in (1, 2, 5) if m * decade <= hi]
        decade *= 10
    return [float(f"{t:.10g}") for t in ticks if t >= lo]


def set_scales(ax, limits, scale, linthresh, lang):
    """Scales, ticks, tick labels and limits of a phase portrait's Axes (x productivity)."""
    from matplotlib import ticker

    fmt = ticker.FuncFormatter(lambda v, _pos: number(float(f"{v:.10g}"), lang))
    for axis, (lo, hi), lt, linscale, set_scale, set_lim in (
        (ax.xaxis, limits[0], linthresh[0], X_LINSCALE, ax.set_xscale, ax.set_xlim),
        (ax.yaxis, limits[1], linthresh[1], Y_LINSCALE, ax.set_yscale, ax.set_ylim),
    ):
        if scale == "symlog":
            set_scale("symlog", linthresh=lt, linscale=linscale)
            ticks = symlog_ticks(lo, hi, lt)
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
    check_scale(scale)
    if scale == "linear":
        return label("scale.linear", lang)
    lt = linthresh or default_linthresh(thresholds)
    return label("scale.symlog", lang).format(x=number(lt[0], lang), y=number(lt[1], lang))
