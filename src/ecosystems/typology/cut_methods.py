"""Ways of choosing the cut points: the paper's fixed ones, or from the data.

Each method is one small class with a ``bounds(values)`` method that splits
one indicator's values into three ordered classes and returns the upper bounds
of the low and of the medium class, as the method itself reports them: a
value at or below ``low_upper`` is low, at or below ``medium_upper`` medium,
above it high. :func:`paper_cuts` turns such bounds into cut points of the
paper's rule (``low < lower <= medium <= upper < high``) that give exactly
the same classes on those values, so every classification, whatever chose
its cuts, runs through :func:`ecosystems.typology.rule.type_codes`.

- :class:`Tertiles`: the 1/3 and 2/3 quantiles (:class:`mapclassify.Quantiles`);
- :class:`FisherJenks`: natural breaks (:class:`mapclassify.FisherJenks`).

Jenks's natural breaks, Fisher's exact grouping and one-dimensional k-means
are one method here: in one dimension all three choose, among the splits of
the sorted values into contiguous classes, the one with the least
within-class sum of squares, and the best k-means clusters of values on a
line are such contiguous runs; so the collection offers ``fisher_jenks`` only
(``jenks`` and ``kmeans``, offered before, gave the cut points of
``fisher_jenks`` on Table 3, pooled and per year; a parameter file naming
them is refused with the accepted names).

A method applies to all cluster-years pooled or to each year separately
(:func:`alternative_classification`).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..io.loaders import INDICATORS
from .rule import indicator_arrays, type_codes
from .thresholds import Thresholds

SCOPES = ("pooled", "per_year")


def _at_least_three(values: np.ndarray, name: str) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    if np.unique(v).size < 3:
        raise ValueError(f"{name}: needs at least three distinct values, got {np.unique(v)}")
    return v


class Tertiles:
    """Cut at the 1/3 and 2/3 quantiles (interpolated, :class:`mapclassify.Quantiles`)."""

    name = "tertiles"

    def bounds(self, values) -> tuple[float, float]:
        return _mapclassify(_at_least_three(values, self.name), "Quantiles")


#: Above this many values :class:`FisherJenks` finds its optimum with :func:`kmeans1d.cluster`
#: (optimal one-dimensional k-means, O(k n log n) in C++): mapclassify's search is O(k n^2) in
#: pure Python (8 s at 2,000 values, 40 s at 5,000, hours at the 100,000 of a 5,000 x 20 table).
LIBRARY_MAX_VALUES = 2000


class FisherJenks:
    """Fisher-Jenks natural breaks: the least within-class sum of squares (mapclassify).

    Above :data:`LIBRARY_MAX_VALUES` values the same optimum from
    :func:`kmeans1d.cluster`, the exact one-dimensional k-means (see the
    module's documentation for why they coincide).
    """

    name = "fisher_jenks"

    def bounds(self, values) -> tuple[float, float]:
        v = _at_least_three(values, self.name)
        if v.size <= LIBRARY_MAX_VALUES:
            return _mapclassify(v, "FisherJenks")
        import kmeans1d

        classes = np.asarray(kmeans1d.cluster(v, 3).clusters)
        return float(v[classes == 0].max()), float(v[classes == 1].max())


def _mapclassify(values: np.ndarray, kind: str) -> tuple[float, float]:
    import mapclassify

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. fewer classes than asked: stop, don't guess
        # mapclassify's pure-Python Fisher-Jenks is exact, only slower without numba
        warnings.filterwarnings("ignore", message="Numba not installed")
        try:
            classifier = getattr(mapclassify, kind)(values, k=3)
        except UserWarning as warning:
            raise ValueError(f"{kind}: cannot make three classes of these values ({warning})"
                             ) from None
    bins = np.asarray(classifier.bins, dtype=float)
    return float(bins[0]), float(bins[1])


#: The data-driven methods by name.
METHODS = {m.name: m for m in (Tertiles(), FisherJenks())}


def paper_cuts(values, low_upper: float, medium_upper: float) -> tuple[float, float]:
    """Cut points of the paper's rule that reproduce a method's classes on ``values``.

    A method puts a value at a bound into the class below; the paper's rule
    puts a value at the lower cut into the medium class. The lower cut is
    therefore the smallest value above ``low_upper`` (or ``medium_upper`` when
    the medium class is empty) and the upper cut is ``medium_upper``.

    Returns
    -------
    (float, float)
        ``(lower, upper)`` with ``lower <= upper``.
    """
    v = np.asarray(values, dtype=float)
    above = v[v > low_upper]
    lower = min(float(above.min()), medium_upper) if above.size else medium_upper
    return lower, float(medium_upper)


def method_thresholds(data, method: str) -> tuple[Thresholds, dict]:
    """The cut points a data-driven method chooses for ``data`` (all rows together).

    Parameters
    ----------
    data : pandas.DataFrame or (array-like, array-like)
        Indicators; rows with a missing indicator are left out.
    method : str
        A key of :data:`METHODS`.

    Returns
    -------
    thresholds : Thresholds
        Cut points of the paper's rule giving the method's classes.
    bounds : dict
        ``{"rd_per_employee": (low_upper, medium_upper), ...}`` as the method
        reports them.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {tuple(METHODS)}, got {method!r}")
    rd, va = indicator_arrays(data)
    known = ~(np.isnan(rd) | np.isnan(va))
    cuts, bounds = {}, {}
    for axis, values in (("innovation", rd[known]), ("productivity", va[known])):
        lo, hi = METHODS[method].bounds(values)
        bounds[INDICATORS[axis]] = (lo, hi)
        cuts[axis] = paper_cuts(values, lo, hi)
    return Thresholds(**cuts), bounds


def alternative_classification(data: pd.DataFrame, method: str, scope: str = "pooled",
                               ) -> tuple[np.ndarray, pd.DataFrame]:
    """Type codes of every cluster-year under a data-driven method, and its cut points.

    Parameters
    ----------
    data : pandas.DataFrame
        Indicators with ``year``.
    method : {"tertiles", "fisher_jenks"}
    scope : {"pooled", "per_year"}
        Cut points from all cluster-years together, or from each year.

    Returns
    -------
    codes : numpy.ndarray of int8
        Index into :func:`ecosystems.type_slugs`, ``-1`` where an indicator
        is missing.
    cuts : pandas.DataFrame
        ``method, scope, year`` (``"all"`` when pooled), ``indicator``,
        ``low_upper``, ``medium_upper`` (upper bounds of the low and of the
        medium class; a value at or below a bound belongs to that class).
    """
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, got {scope!r}")
    rd, va = indicator_arrays(data)
    known = ~(np.isnan(rd) | np.isnan(va))
    years = data["year"].to_numpy()
    groups = [("all", known)] if scope == "pooled" else [
        (int(yr), known & (years == yr)) for yr in sorted(np.unique(years))]
    codes = np.full(len(rd), -1, dtype=np.int8)
    rows = []
    for year, sel in groups:
        t, bounds = method_thresholds((rd[sel], va[sel]), method)
        for indicator, (lo, hi) in bounds.items():
            rows.append({"method": method, "scope": scope, "year": str(year),
                         "indicator": indicator, "low_upper": lo, "medium_upper": hi})
        codes[sel] = type_codes(rd[sel], va[sel], t)
    return codes, pd.DataFrame(rows)
