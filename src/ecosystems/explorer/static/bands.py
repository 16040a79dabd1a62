"""The OECD R&D-intensity groups on the portrait of the explorer without a server.

The same layer as the matplotlib portrait's ``intensity_bands``
(:class:`ecosystems.draw.intensity.IntensityBands`): R&D per employee (y) over
value added per employee (x) is R&D intensity, so an intensity ``k`` is the ray
``y = k x`` through the origin, a curve on the page's symlog axes. The
intervals between the groups' member industries (the band limits of
:func:`ecosystems.io.reference.rd_intensity_bands`) are shaded between their
two rays and each group is named along its middle ray.

Rays are sampled in Python in the page's own scale space (Vega's symlog,
``sign(v) log1p(|v| / constant)``) along both axes, like the matplotlib layer
samples them in its Axes' scales. The group names are placed by the matplotlib
layer itself, on an Axes with Vega's symlog as its scale and the chart's plot
area as its size (one point per ``1 / PX_PER_PT`` CSS pixels), so they keep off
the trajectories as in the figures; their positions go into the spec in CSS
pixels. Both are shown only while the page's ``bands`` signal is true (a
filter: nothing is drawn while it is false).
"""

from __future__ import annotations

import numpy as np

from ...draw import text as fit
from ...draw.intensity import (
    LABEL_COLOUR,
    LABEL_FONTSIZE,
    STRIP_ALPHA,
    STRIP_COLOUR,
    IntensityBands,
    group_labels,
)
from ...io import reference
from ...io.loaders import INDICATORS

FONT_PX = 10  # the group names' size on the page, CSS pixels
PX_PER_PT = FONT_PX / LABEL_FONTSIZE  # the matplotlib layer's label size is LABEL_FONTSIZE
SAMPLES = 100  # per axis and ray: segments of a few pixels on the 520 px plot


def vega_symlog(constant: float):
    """Vega's symlog scale function and its inverse, for ``constant``."""
    def forward(v):
        v = np.asarray(v, dtype=float)
        return np.sign(v) * np.log1p(np.abs(v) / constant)

    def inverse(u):
        u = np.asarray(u, dtype=float)
        return np.sign(u) * constant * np.expm1(np.abs(u))

    return forward, inverse


def _axes(size_px, limits, constants):
    """A matplotlib Axes with the chart's scales (Vega's symlog) and plot area."""
    from matplotlib.figure import Figure

    (x0, x1), (y0, y1) = limits
    fig = Figure(figsize=(size_px[0] / PX_PER_PT / 72, size_px[1] / PX_PER_PT / 72))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xscale("function", functions=vega_symlog(constants[0]))
    ax.set_yscale("function", functions=vega_symlog(constants[1]))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return ax


def strip_rows(limits, constants) -> list[dict]:
    """Points of each shaded interval: ``g`` (upper group), ``x``, ``lo``, ``hi`` (its rays).

    Samples are even in the scale space of x over ``[0, x1]`` and of each
    ray's y over ``[0, min(y1, k x1)]`` (mapped back to x), so the straight
    segments between them follow the curves.
    """
    (_x0, x1), (_y0, y1) = limits
    fx, ix = vega_symlog(constants[0])
    fy, iy = vega_symlog(constants[1])
    out = []
    for row in reference.rd_intensity_bands().itertuples():
        if not np.isfinite(row.gap_below_percent):
            continue
        k_low, k_high = row.gap_below_percent / 100, row.lowest_percent / 100
        xs = [ix(np.linspace(0.0, fx(x1), SAMPLES)), [0.0, x1]]
        for k in (k_low, k_high):
            xs.append(iy(np.linspace(0.0, fy(min(y1, k * x1)), SAMPLES)) / k)
        x = np.unique(np.round(np.concatenate(xs), 12))
        x = x[(x >= 0) & (x <= x1)]
        out += [{"g": row.group, "x": _short(v), "lo": _short(k_low * v),
                 "hi": _short(k_high * v)} for v in x]
    return out


def _boxes(ax, boxes, size_px) -> np.ndarray:
    """Points (axes fraction, 3 px apart) covering text boxes given as
    ``(x, y, lines, font_px)``: data coordinates of the top left corner."""
    out = [np.empty((0, 2))]
    width, height = size_px
    for x, y, lines, font_px in boxes:
        left, top = fit.to_axes_fraction(ax, [x], [y])[0] * (width, height)
        top = height - top
        w = max(fit.line_width_pt(line, font_px, True) for line in lines) + 6
        h = 1.25 * font_px * len(lines) + 6
        u, v = np.meshgrid(np.arange(left, left + w + 3, 3), np.arange(top, top + h + 3, 3))
        out.append(np.column_stack([u.ravel() / width, 1 - v.ravel() / height]))
    return np.vstack(out)


def _short(v: float) -> float:
    """``v`` to 6 significant digits (far below a pixel; keeps the page small)."""
    return float(f"{v:.6g}")


def label_rows(data, limits, constants, size_px, cuts=None, boxes=None) -> list[dict]:
    """Each group's name in each language: ``lang``, ``g``, ``text``, ``px``, ``py``
    (CSS pixels from the plot's top left) and ``angle`` (degrees, clockwise).

    The names keep off the trajectories, the cut lines ``cuts`` (``(x cuts,
    y cuts)``, data) and the text boxes ``boxes`` (per language, as
    :func:`_boxes` takes them: the region names, where the page first draws them).
    """
    ax = _axes(size_px, limits, constants)
    for axis, values in zip("xy", cuts or ((), ()), strict=True):
        for c in values:
            (ax.axvline if axis == "x" else ax.axhline)(c, gid=f"threshold:{axis}:{c:g}")
    paths = [(g[INDICATORS["productivity"]].to_numpy(float),
              g[INDICATORS["innovation"]].to_numpy(float))
             for _c, g in data.sort_values("year").groupby("cluster", sort=False)]
    out = []
    for lang in reference.LANGS:
        layer = IntensityBands(ax, limits, lang)
        names = {v: k for k, v in group_labels(lang).items()}
        keep_off = np.vstack([fit.obstacles(ax, paths),
                              _boxes(ax, (boxes or {}).get(lang, ()), size_px)])
        for text in layer.place_labels(keep_off[np.argsort(keep_off[:, 0], kind="stable")]):
            fx, fy = text.get_position()
            out.append({"lang": lang, "g": names[text.get_text()], "text": text.get_text(),
                        "px": round(float(fx) * size_px[0], 2),
                        "py": round((1 - float(fy)) * size_px[1], 2),
                        "angle": round(-float(text.get_rotation()), 2)})
        for artist in layer.artists():
            artist.remove()
    return out


def band_layers(alt, data, limits, constants, xs, ys, size_px, cuts=None, boxes=None) -> list:
    """The strips (an area mark) and the group names (a text mark), shown while ``bands``.

    ``xs, ys``: the chart's Altair scales; ``cuts, boxes``: what the names keep
    off besides the trajectories (:func:`label_rows`).
    """
    shown = alt.FilterTransform(filter="bands")
    strips = alt.Chart(alt.InlineData(name="oecd_strips", values=strip_rows(limits, constants)))
    strips = strips.mark_area(clip=True, color=STRIP_COLOUR, fillOpacity=STRIP_ALPHA).encode(
        x=alt.X("x:Q", scale=xs), y=alt.Y("lo:Q", scale=ys, stack=None), y2="hi:Q",
        detail="g:N")
    strips.transform = [shown]
    names = alt.Chart(alt.InlineData(name="oecd_labels",
                                     values=label_rows(data, limits, constants, size_px,
                                                            cuts, boxes)))
    names = names.mark_text(fontSize=FONT_PX, fontStyle="italic", color=LABEL_COLOUR,
                            align="center", baseline="middle").encode(
        x=alt.X("px:Q", scale=None), y=alt.Y("py:Q", scale=None),
        angle=alt.Angle("angle:Q", scale=None), text="text:N")
    names.transform = [shown, alt.FilterTransform(filter="datum.lang == lang")]
    return [strips, names]
