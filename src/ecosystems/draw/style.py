"""The collection's look: one palette, one font, sizes for a journal column.

Every figure of the collection takes cluster colours from
:func:`cluster_palette`, so a cluster has the same colour everywhere.
"""

from __future__ import annotations

from contextlib import contextmanager

from ..io.reference import clusters

# Paul Tol's "muted" qualitative scheme: nine colours, distinct under the
# common forms of colour blindness (https://personal.sron.nl/~pault/).
PALETTE = (
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE",
    "#882255", "#44AA99", "#999933", "#AA4499",
)
EXTRA_COLOUR = "#777777"

# Background of the nine type regions of a phase portrait: neutral greys that
# darken with the sum of the two level codes (0 = low/low ... 4 = high/high),
# so that they never compete with the cluster colours.
REGION_SHADES = ("#FFFFFF", "#F4F4F4", "#E9E9E9", "#DEDEDE", "#D3D3D3")
REGION_TEXT = "#555555"
THRESHOLD_COLOUR = "#444444"
# Regions of the paper's "development dysfunctions" are hatched in this colour.
DYSFUNCTION_HATCH = "#B0B0B0"
# One marker per year (in year order), the same in every figure.
YEAR_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

# Colours with less contrast than this against white (the WCAG 2.1 minimum for
# graphical objects, success criterion 1.4.11) get a darker outline on lines and
# markers: the sand, cyan and teal of the palette. The fill stays the cluster's
# own colour, so each cluster keeps one colour in every figure.
MIN_CONTRAST = 3.0
OUTLINE_DARKEN = 0.55  # outline = the colour's RGB times this

# Single journal column ~ 3.5 in, full width ~ 7.2 in.
COLUMN_WIDTH = 3.5
FULL_WIDTH = 7.2

RC = {
    "font.family": "DejaVu Sans",  # bundled with matplotlib: same glyphs everywhere
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "axes.linewidth": 0.6,
    "lines.linewidth": 1.2,
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "svg.fonttype": "path",
    "svg.hashsalt": "ecosystems",
    "pdf.fonttype": 42,
}


def cluster_palette(names=None) -> dict[str, str]:
    """Map cluster name to colour.

    The Table 3 clusters get the palette in Table 3 order whatever subset is
    asked for; other names (a user's own clusters) get the remaining colours in
    the order given, then grey.

    Parameters
    ----------
    names : iterable of str, optional
        Cluster names; the nine Table 3 clusters by default.
    """
    known = clusters()["cluster"].tolist()
    mapping = dict(zip(known, PALETTE, strict=False))
    if names is None:
        return mapping
    out, spare = {}, iter(PALETTE[len(known):])
    for name in names:
        out[name] = mapping.get(name) or next(spare, EXTRA_COLOUR)
    return out


def contrast_ratio(colour, background="white") -> float:
    """WCAG 2.1 contrast ratio of two colours (1 = none, 21 = black on white)."""
    from matplotlib.colors import to_rgb

    def luminance(c):
        channels = [u / 12.92 if u <= 0.04045 else ((u + 0.055) / 1.055) ** 2.4
                    for u in to_rgb(c)]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    a, b = sorted((luminance(colour), luminance(background)))
    return (b + 0.05) / (a + 0.05)


def outline_colour(colour) -> str | None:
    """A darker shade of ``colour`` to outline it with, or ``None`` if it needs none.

    Colours with less than :data:`MIN_CONTRAST` against white get one.
    """
    from matplotlib.colors import to_hex, to_rgb

    if contrast_ratio(colour) >= MIN_CONTRAST:
        return None
    return to_hex([OUTLINE_DARKEN * u for u in to_rgb(colour)])


def outlined(colour, linewidth: float) -> dict:
    """Keyword arguments outlining a line or patch of ``colour`` (empty when not needed).

    A ``path_effects`` stroke 0.8 pt wider than the line, in
    :func:`outline_colour`, drawn under the line itself.
    """
    from matplotlib import patheffects

    edge = outline_colour(colour)
    if edge is None:
        return {}
    return {"path_effects": [patheffects.Stroke(linewidth=linewidth + 0.8, foreground=edge),
                             patheffects.Normal()]}


def marker_edge(colour) -> str:
    """Edge colour of a marker: white (it parts overlapping markers), or the outline."""
    return outline_colour(colour) or "white"


@contextmanager
def paper_style():
    """Context in which matplotlib uses the collection's rc settings.

    Only the keys of :data:`RC` are restored on exit (``matplotlib.rc_context``
    restores every setting, including ``interactive``, which the notebook
    inline backend turns on when the first figure is made inside the context:
    later figures would then not be shown).
    """
    import matplotlib as mpl

    previous = {key: mpl.rcParams[key] for key in RC}
    mpl.rcParams.update(RC)
    try:
        yield
    finally:
        mpl.rcParams.update(previous)


def settle(fig, dpi: float | None = None, passes: int = 8, tolerance: float = 1e-4) -> None:
    """Lay ``fig`` out with its layout engine until its Axes stop moving, then fix it there.

    The constrained layout is a fixed-point iteration (legends and labels
    outside the Axes change size as the Axes move); each pass runs the layout
    engine alone, not a draw, until no Axes moves by ``tolerance`` of the
    figure or after ``passes`` passes. The engine is then removed: every later
    save gives the same bytes, and ``savefig`` no longer makes the extra
    layout draw it makes before writing whenever a figure has a layout engine
    (the placeholder ``"none"`` leaves too). A figure without one is left as it is.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : float, optional
        Resolution to measure text at, that of the file to be written: hinted
        glyphs are narrower at the screen's 100 dpi than at 300, enough for a
        long tick label laid out at one to be cut at the other. The figure's
        own by default; it is restored afterwards.
    passes : int
        Most layout passes.
    tolerance : float
        Largest move of an Axes edge (figure fraction) taken as settled.
    """
    import matplotlib as mpl
    import numpy as np
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    engine = fig.get_layout_engine()
    if engine is None:
        return
    if not isinstance(engine, PlaceHolderLayoutEngine):
        screen = fig.get_dpi()
        fig.set_dpi(dpi or screen)
        try:
            previous = None
            for _ in range(passes):
                engine.execute(fig)
                now = np.array([ax.get_position().bounds for ax in fig.axes]).reshape(-1, 4)
                if previous is not None and np.abs(now - previous).max(initial=0) < tolerance:
                    break
                previous = now
        finally:
            fig.set_dpi(screen)
    # None means "the rc default", so that default is made "no engine" for the call
    with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)


def apply_style() -> None:
    """Set the collection's rc settings globally (for notebooks)."""
    import matplotlib as mpl

    mpl.rcParams.update(RC)
