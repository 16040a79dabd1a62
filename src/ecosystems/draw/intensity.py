"""The international yardstick on a phase portrait: the OECD R&D-intensity groups.

R&D per employee (y) over value added per employee (x) is R&D intensity, the
ratio of R&D expenditure to value added that the OECD taxonomy of industries
(Galindo-Rueda and Verger, 2016) sorts into five groups. A given intensity
``k`` is the ray ``y = k x`` through the origin: a straight line on linear
axes, a curve on symlog axes (linear near zero, logarithmic above). The
taxonomy states no cut-offs; its groups are separated by intervals in which no
member industry lies (:func:`ecosystems.io.reference.rd_intensity_bands`).
Each interval is drawn as a shaded strip between its two rays, and each group
is named between the strips.

Rays are sampled densely in the Axes' own scale space (along both axes), so
that the straight segments between samples follow the curve on either scale.
"""

from __future__ import annotations

import numpy as np

from ..io.reference import label, rd_intensity_bands
from . import text as fit
from .scales import number

STRIP_COLOUR = "#E69F00"  # Okabe-Ito orange: no cluster of the palette is near it
STRIP_ALPHA = 0.22
LABEL_COLOUR = "#8A5A00"
LABEL_FONTSIZE = 5.5
SAMPLES = 160


def ray(ax, k: float, limits) -> tuple[np.ndarray, np.ndarray]:
    """Points ``(x, k x)`` from the origin to the right edge of ``limits``, dense on both axes.

    The Axes' scales must be set. Samples are even in the scale space of x
    over ``[0, x1]`` and of y over ``[0, min(y1, k x1)]`` (mapped back to x).
    """
    (_x0, x1), (_y0, y1) = limits
    fx, fy = ax.xaxis.get_transform(), ax.yaxis.get_transform()
    xs = fx.inverted().transform(np.linspace(0.0, fx.transform(np.array([x1]))[0], SAMPLES))
    top = min(y1, k * x1)
    ys = fy.inverted().transform(np.linspace(0.0, fy.transform(np.array([top]))[0], SAMPLES))
    x = np.unique(np.concatenate([xs, ys / k, [0.0, x1]]))
    x = x[(x >= 0) & (x <= x1)]
    return x, k * x


def strip_vertices(ax, k_low: float, k_high: float, limits) -> np.ndarray:
    """The polygon between the rays ``k_low`` and ``k_high`` (data coordinates)."""
    lx, ly = ray(ax, k_low, limits)
    hx, hy = ray(ax, k_high, limits)
    return np.vstack([np.column_stack([lx, ly]), np.column_stack([hx, hy])[::-1]])


def group_labels(lang: str) -> dict[str, str]:
    """Display name of each OECD group (``data/labels.csv``, keys ``oecd.<group>``)."""
    return {g: label(f"oecd.{g}", lang) for g in rd_intensity_bands()["group"]}


def strip_legend(lang: str) -> str:
    """The legend entry of the strips, with their limits (percent of value added)."""
    bands = rd_intensity_bands().dropna(subset=["gap_below_percent"])[::-1]
    limits = ("; " if lang == "ru" else ", ").join(
        f"{number(lo, lang)}\u2013{number(hi, lang)}"
        for lo, hi in zip(bands["gap_below_percent"], bands["lowest_percent"], strict=True))
    return label("oecd.legend", lang).format(limits=limits)


class IntensityBands:
    """The strips and group names of the OECD R&D-intensity taxonomy on one Axes.

    Made after the Axes' scales and limits are set; :meth:`place_labels`
    writes the group names (after the layout, like the region names), and
    :meth:`update` follows new limits.

    Attributes
    ----------
    strips : list of matplotlib.patches.Polygon
        One per interval between two groups (gid ``oecd-strip:<upper group>``).
    texts : list of matplotlib.text.Text
        One per group (gid ``oecd-label:<group>``), empty until placed.
    """

    def __init__(self, ax, limits, lang: str = "en"):
        from matplotlib.patches import Polygon

        self.ax, self.limits, self.lang = ax, limits, lang
        bands = rd_intensity_bands()
        self._bands = bands
        self._gaps = [(row.group, row.gap_below_percent / 100, row.lowest_percent / 100)
                      for row in bands.itertuples() if np.isfinite(row.gap_below_percent)]
        self.strips = []
        for group, k_low, k_high in self._gaps:
            self.strips.append(ax.add_artist(Polygon(
                strip_vertices(ax, k_low, k_high, limits), closed=True,
                facecolor=STRIP_COLOUR, alpha=STRIP_ALPHA, edgecolor=STRIP_COLOUR,
                linewidth=0.4, zorder=1.5, gid=f"oecd-strip:{group}")))
        self.texts = []

    def _candidates(self, k: float):
        """Points along the visible part of ray ``k``: axes fraction and local angle (degrees)."""
        x, y = ray(self.ax, k, self.limits)
        p = fit.to_axes_fraction(self.ax, x, y)
        p = p[(p[:, 0] >= 0) & (p[:, 0] <= 1) & (p[:, 1] >= 0) & (p[:, 1] <= 1)]
        if len(p) < 2:
            return []
        w, h = fit.axes_size_inches(self.ax)
        inches = p * (w, h)
        arc = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(inches, axis=0).T))])
        out = []
        for share in np.linspace(0.92, 0.3, 15):  # from the outer end inwards
            i = int(np.clip(np.searchsorted(arc, share * arc[-1]), 1, len(p) - 1))
            dx, dy = inches[i] - inches[i - 1]
            out.append((p[i], float(np.degrees(np.arctan2(dy, dx)))))
        return out

    def _box(self, text: str, at, angle: float, points: int = 0):
        """The label's corners (or a grid of ``points`` x 3 points over it), axes fraction."""
        w, h = fit.axes_size_inches(self.ax)
        bw = (fit.line_width_pt(text, LABEL_FONTSIZE, True) + 2) / 72
        bh = 1.3 * LABEL_FONTSIZE / 72
        if points:
            u, v = np.meshgrid(np.linspace(-bw / 2, bw / 2, points),
                               np.linspace(-bh / 2, bh / 2, 3))
        else:
            u, v = np.array([-1, 1, 1, -1]) * bw / 2, np.array([-1, -1, 1, 1]) * bh / 2
        a = np.radians(angle)
        dx, dy = u * np.cos(a) - v * np.sin(a), u * np.sin(a) + v * np.cos(a)
        return np.column_stack([at[0] + dx.ravel() / w, at[1] + dy.ravel() / h])

    def place_labels(self, obstacles=None) -> list:
        """Write each group's name along its middle ray, where it covers no obstacle.

        ``obstacles``: points (axes fraction) to keep off, e.g. the
        trajectories; the threshold lines drawn on the Axes and the names
        already placed are kept off too (so place them again when a cut
        moves). Each name lies along its ray (rotated with it), inside the
        Axes, at the outermost place that covers nothing, or the one that
        covers least. A group whose middle ray does not cross the view gets no
        name. Returns the texts.
        """
        for text in self.texts:
            text.remove()
        self.texts = []
        names = group_labels(self.lang)
        keep_off = [np.empty((0, 2)) if obstacles is None else np.asarray(obstacles),
                    self._cut_points()]
        for row in self._bands.itertuples():
            k = float(np.sqrt(row.lowest_percent * row.highest_percent)) / 100
            text = names[row.group]
            best = None
            for at, angle in self._candidates(k):
                corners = self._box(text, at, angle)
                if (corners < 0).any() or (corners > 1).any():
                    continue
                hits = _hits(np.vstack(keep_off), at, angle, self._box(text, (0, 0), angle),
                             self.ax)
                if best is None or hits < best[0]:
                    best = (hits, at, angle)
                if hits == 0:
                    break
            if best is None:
                continue
            _hits_, at, angle = best
            self.texts.append(self.ax.text(
                *at, text, transform=self.ax.transAxes, rotation=angle, rotation_mode="anchor",
                ha="center", va="center", fontsize=LABEL_FONTSIZE, color=LABEL_COLOUR,
                fontstyle="italic", zorder=2.5, gid=f"oecd-label:{row.group}"))
            keep_off.append(self._box(text, at, angle, points=7))
        return self.texts

    def _cut_points(self) -> np.ndarray:
        """Points along the threshold lines drawn on the Axes (axes fraction)."""
        out = [np.empty((0, 2))]
        t = np.linspace(0, 1, 60)
        for line in self.ax.get_lines():
            gid = str(line.get_gid())
            if gid.startswith("threshold:x:"):
                x = fit.to_axes_fraction(self.ax, [line.get_xdata()[0]], [1.0])[0, 0]
                out.append(np.column_stack([np.full_like(t, x), t]))
            elif gid.startswith("threshold:y:"):
                y = fit.to_axes_fraction(self.ax, [1.0], [line.get_ydata()[0]])[0, 1]
                out.append(np.column_stack([t, np.full_like(t, y)]))
        return np.vstack(out)

    def label_points(self) -> np.ndarray:
        """Points covering the group names (axes fraction, sorted by x): obstacles for others."""
        if not self.texts:
            return np.empty((0, 2))
        pts = np.vstack([self._box(t.get_text(), t.get_position(), t.get_rotation(), points=7)
                         for t in self.texts])
        return pts[np.argsort(pts[:, 0], kind="stable")]

    def update(self, limits) -> None:
        """Follow new axis limits: the strips are resampled (place the names again after)."""
        self.limits = limits
        for strip, (_group, k_low, k_high) in zip(self.strips, self._gaps, strict=True):
            strip.set_xy(strip_vertices(self.ax, k_low, k_high, limits))

    def artists(self) -> list:
        """Every artist of the layer."""
        return [*self.strips, *self.texts]


def _hits(points: np.ndarray, at, angle: float, corners: np.ndarray, ax) -> int:
    """How many ``points`` (axes fraction) lie under a label centred at ``at``, turned ``angle``."""
    if not len(points):
        return 0
    w, h = fit.axes_size_inches(ax)
    local = (points - np.asarray(at)) * (w, h)
    a = np.radians(-angle)
    u = local[:, 0] * np.cos(a) - local[:, 1] * np.sin(a)
    v = local[:, 0] * np.sin(a) + local[:, 1] * np.cos(a)
    box = corners * (w, h)  # corners of the label around (0, 0), rotated
    half_w = np.hypot(*(box[1] - box[0])) / 2
    half_h = np.hypot(*(box[2] - box[1])) / 2
    return int(np.count_nonzero((np.abs(u) <= half_w + 0.01) & (np.abs(v) <= half_h + 0.01)))
