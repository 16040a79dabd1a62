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


def apply_style() -> None:
    """Set the collection's rc settings globally (for notebooks)."""
    import matplotlib as mpl

    mpl.rcParams.update(RC)
