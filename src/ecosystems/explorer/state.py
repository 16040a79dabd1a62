"""The threshold explorer's state: what a student can change, and what each view reads.

:class:`ExplorerState` is one setting of the page (thresholds, selected
clusters, axis scale, language, the OECD layer); :data:`DEPENDS` names the
parts of it each view of :class:`~ecosystems.explorer.views.Explorer` depends
on, so that a move recomputes only the views whose inputs changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..typology.thresholds import Thresholds

VIEWS = ("figure", "classification", "counts", "claims", "measures")
# Which parts of the state each view depends on: a view is recomputed (and
# redrawn) only when one of these changed.
DEPENDS = {
    "figure": ("thresholds", "clusters", "scale", "lang", "intensity_bands"),
    "classification": ("thresholds", "clusters", "lang"),
    "counts": ("thresholds", "clusters", "lang"),
    "claims": ("thresholds", "lang"),
    "measures": ("thresholds", "clusters", "lang"),
}



@dataclass(frozen=True)
class ExplorerState:
    """Everything a student can change.

    Parameters
    ----------
    thresholds : Thresholds
    clusters : tuple of str
        Selected clusters (names as in the data), in data order; not empty.
    scale : {"symlog", "linear"}
        Axis scale of the phase portrait.
    lang : {"en", "ru"}
    intensity_bands : bool
        Draw the OECD R&D-intensity groups on the portrait (the portrait's
        ``intensity_bands``, :class:`ecosystems.draw.intensity.IntensityBands`).
    """

    thresholds: Thresholds
    clusters: tuple[str, ...]
    scale: str
    lang: str
    intensity_bands: bool = False
