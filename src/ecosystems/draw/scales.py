"""Axes of a phase portrait: symlog or linear scales, limits, ticks, numbers as text.

Value added per employee (productivity, :data:`X_COLUMN`) runs along x,
R&D expenditure per employee (innovativeness, :data:`Y_COLUMN`) along y.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

from ..io.loaders import INDICATORS
from ..io.reference import label
from ..typology.thresholds import Thresholds
from . import text as fit

SCALES = ("symlog", "linear")
X_COLUMN = INDICATORS["productivity"]
Y_COLUMN = INDICATORS["innovation"]
# Width of the symlog linear part (matplotlib's ``linscale``). With
# linscale = (1 - 1/10) / ln 10 the linear part is 1 / ln 10 = 0.43 of a decade
# wide and has the slope of the logarithmic part where they meet: the axis has
# no kink at the linear threshold, and the linear part gets no more room than
# the values just above it (with linscale 1 it took about 40 % of the height).
LINSCALE = 0.9 / math.log(10)
X_LINSCALE = Y_LINSCALE = LINSCALE
# Smallest gap between two tick labels of one axis, in points.
TICK_GAP_PT = 3.0
SUPERSCRIPTS = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076"
                                             "\u2077\u2078\u2079")


def number(value: float, lang: str = "en") -> str:
    """A cut point or tick as text: shortest form, decimal comma in Russian.

    Very large or small values are written with a power of ten
    (``1e9`` -> ``10⁹``, ``2.5e-05`` -> ``2.5×10⁻⁵``), never as ``1e+09``.
    """
    value = float(value)
    exponent = math.floor(math.log10(abs(value))) if value and math.isfinite(value) else 0
    if -4 <= exponent < 6:  # where "%g" writes positional numbers
        text = np.format_float_positional(value, unique=True, trim="-")
    else:  # the shortest digits that give the value back, and a power of ten
        mantissa, _, power = np.format_float_scientific(value, unique=True,
                                                        trim="-").partition("e")
        power = "10" + str(int(power)).translate(SUPERSCRIPTS)
        text = (power if mantissa == "1" else "-" + power if mantissa == "-1"
                else f"{mantissa}\u00d7{power}")
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
    """Candidate ticks of a symlog axis, most important first.

    Zero, then the powers of ten from ``linthresh`` up to ``hi``, then their
    multiples by 5 and by 2, then half the linear part; each within
    ``[lo, hi]``. :func:`fitted_locator` keeps those whose labels fit.
    """
    decades = []
    decade = linthresh
    while decade <= hi:
        decades.append(decade)
        decade *= 10
    ticks = [0.0, *decades, *(5 * d for d in decades), *(2 * d for d in decades),
             linthresh / 2]
    return [float(f"{t:.10g}") for t in ticks if lo <= t <= hi]


@functools.cache
def _fitted_locator_class():
    """The locator class (made on first use: matplotlib loads lazily)."""
    from matplotlib import ticker

    class FittedLocator(ticker.Locator):
        """Ticks whose labels never touch, decided when the axis is drawn.

        Candidates are taken in order of importance and kept while their
        labels (measured from the font's metrics at the axis' drawn length)
        stay :data:`TICK_GAP_PT` apart; a linear axis asks matplotlib's
        ``MaxNLocator`` for fewer and fewer ticks until their labels fit.
        Any scale of cut points (0.001 or 1e9) gives legible ticks.
        """

        def __init__(self, candidates, text, fontsize: float, vertical: bool):
            self._candidates, self._text = candidates, text
            self._fontsize, self._vertical = fontsize, vertical

        def _extent_px(self, values, length_px, dpi):
            """(positions, half sizes) of the labels along the axis, in pixels."""
            lo, hi = self.axis.get_view_interval()
            t = self.axis.get_transform().transform(np.asarray([lo, hi, *values], float))
            pos = (t[2:] - t[0]) / (t[1] - t[0]) * length_px
            if self._vertical:
                half = np.full(len(values), 0.6 * self._fontsize * dpi / 72)
            else:
                half = np.array([fit.line_width_pt(self._text(v), self._fontsize)
                                 for v in values]) * dpi / 72 / 2
            return pos, half

        def _fits(self, pos, half, accepted, k, gap):
            return all(abs(pos[k] - pos[j]) >= half[k] + half[j] + gap for j in accepted)

        def __call__(self):
            lo, hi = sorted(self.axis.get_view_interval())
            box = self.axis.axes.bbox
            length = box.height if self._vertical else box.width
            dpi = self.axis.axes.figure.dpi
            gap = TICK_GAP_PT * dpi / 72
            if self._candidates is None:  # linear: fewer ticks until they fit
                for n in range(7, 1, -1):
                    values = [v for v in ticker.MaxNLocator(n, steps=[1, 2, 2.5, 5, 10])
                              .tick_values(lo, hi) if lo <= v <= hi]
                    pos, half = self._extent_px(values, length, dpi)
                    if all(self._fits(pos, half, range(k), k, gap) for k in range(len(values))):
                        return values
                return values[:1]
            values = [v for v in self._candidates if lo <= v <= hi]
            if not values:
                return []
            pos, half = self._extent_px(values, length, dpi)
            kept = []
            for k in range(len(values)):
                if self._fits(pos, half, kept, k, gap):
                    kept.append(k)
            return sorted(values[k] for k in kept)

    return FittedLocator


def fitted_locator(candidates, text, fontsize: float, vertical: bool):
    """A matplotlib locator keeping the ticks whose labels fit (see ``FittedLocator``).

    Parameters
    ----------
    candidates : list of float or None
        Tick values in order of importance; ``None`` for a linear axis
        (matplotlib's ``MaxNLocator`` proposes them).
    text : callable
        Value -> label text (as the axis' formatter writes it).
    fontsize : float
        Size of the tick labels in points.
    vertical : bool
        ``True`` for a y axis (labels stacked: their height counts).
    """
    return _fitted_locator_class()(candidates, text, fontsize, vertical)


def set_scales(ax, limits, scale, linthresh, lang):
    """Scales, ticks, tick labels and limits of a phase portrait's Axes (x productivity).

    Ticks are chosen when the axis is drawn so that their labels never
    overlap, whatever the size of the Axes and the scale of the cut points.
    """
    import matplotlib as mpl
    from matplotlib import ticker
    from matplotlib.font_manager import FontProperties

    def text(v):
        return number(float(f"{v:.10g}"), lang)

    fmt = ticker.FuncFormatter(lambda v, _pos: text(v))
    for axis, (lo, hi), lt, linscale, set_scale, set_lim, name in (
        (ax.xaxis, limits[0], linthresh[0], X_LINSCALE, ax.set_xscale, ax.set_xlim, "xtick"),
        (ax.yaxis, limits[1], linthresh[1], Y_LINSCALE, ax.set_yscale, ax.set_ylim, "ytick"),
    ):
        size = FontProperties(size=mpl.rcParams[f"{name}.labelsize"]).get_size_in_points()
        if scale == "symlog":
            set_scale("symlog", linthresh=lt, linscale=linscale)
            candidates = symlog_ticks(lo, hi, lt)
            axis.set_minor_locator(ticker.NullLocator())
        else:
            set_scale("linear")
            candidates = None
        # ticks are made when drawn: fix their size now, whatever the rc settings then
        axis.set_tick_params(which="major", labelsize=size)
        axis.set_major_locator(fitted_locator(candidates, text, size, name == "ytick"))
        axis.set_major_formatter(fmt)
        set_lim(lo, hi)


def scale_note(scale: str = "symlog", lang: str = "en", linthresh=None, thresholds=None) -> str:
    """The sentence saying which scale a phase portrait uses (for titles and captions)."""
    check_scale(scale)
    if scale == "linear":
        return label("scale.linear", lang)
    lt = linthresh or default_linthresh(thresholds)
    return label("scale.symlog", lang).format(x=number(lt[0], lang), y=number(lt[1], lang))
