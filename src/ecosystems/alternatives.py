"""Data-driven alternatives to the paper's cut points (computing only).

Each method splits each indicator into three ordered classes (low, medium,
high) by the data alone: tertiles (:class:`mapclassify.Quantiles`),
Fisher-Jenks natural breaks (:class:`mapclassify.FisherJenks`, cross-checked
with :func:`jenkspy.jenks_breaks`) and one-dimensional k-means
(:class:`sklearn.cluster.KMeans`). A method is applied to all cluster-years
pooled or to each year separately; the resulting types are compared with the
paper's by agreement and Cohen's kappa.

Class rule of every method: a value is in the low class when it is at most
the low class's upper bound (``value <= low_upper``), medium when at most the
medium class's upper bound, high otherwise. (The paper's rule puts a value
equal to its lower cut in the medium class; here the bounds belong to the
class below, as mapclassify and jenkspy report them. Tertile bounds are
interpolated quantiles, the others are data values.)
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .reference import type_slugs
from .sweep_engine import _grid_codes, indicator_arrays, reference_codes
from .typology import INDICATORS

METHODS = ("tertiles", "fisher_jenks", "jenks", "kmeans")
SCOPES = ("pooled", "per_year")


def _levels(values: np.ndarray, method: str, seed: int) -> tuple[np.ndarray, float, float]:
    """Level codes 0-2 of the finite ``values`` and the low and medium class upper bounds."""
    v = np.asarray(values, dtype=float)
    if np.unique(v).size < 3:
        raise ValueError(f"{method}: needs at least three distinct values, got {np.unique(v)}")
    if method in ("tertiles", "fisher_jenks"):
        import mapclassify

        with warnings.catch_warnings():
            warnings.simplefilter("error")  # e.g. fewer classes than asked: stop, don't guess
            # mapclassify's pure-Python Fisher-Jenks is exact, only slower without numba
            warnings.filterwarnings("ignore", message="Numba not installed")
            if method == "tertiles":
                classifier = mapclassify.Quantiles(v, k=3)
            else:
                classifier = mapclassify.FisherJenks(v, k=3)
        bins = np.asarray(classifier.bins, dtype=float)
        low_upper, medium_upper = bins[0], bins[1]
    elif method == "jenks":
        import jenkspy

        breaks = jenkspy.jenks_breaks(v.tolist(), n_classes=3)
        low_upper, medium_upper = float(breaks[1]), float(breaks[2])
    elif method == "kmeans":
        from sklearn.cluster import KMeans

        model = KMeans(n_clusters=3, n_init=10, random_state=seed).fit(v.reshape(-1, 1))
        order = np.argsort(model.cluster_centers_.ravel())
        rank = np.empty(3, dtype=int)
        rank[order] = np.arange(3)
        classes = rank[model.labels_]
        low_upper = float(v[classes == 0].max())
        medium_upper = float(v[classes == 1].max())
    else:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    levels = (v > low_upper).astype(np.int8) + (v > medium_upper)
    return levels, float(low_upper), float(medium_upper)


def alternative_classification(data: pd.DataFrame, method: str, scope: str = "pooled",
                               seed: int = 0) -> tuple[np.ndarray, pd.DataFrame]:
    """Type codes of every cluster-year under a data-driven method, and its cut points.

    Parameters
    ----------
    data : pandas.DataFrame
        Indicators with ``year``.
    method : {"tertiles", "fisher_jenks", "jenks", "kmeans"}
    scope : {"pooled", "per_year"}
        Cut points from all cluster-years together, or from each year.
    seed : int
        ``random_state`` of k-means.

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
    x, y = indicator_arrays(data)
    known = ~(np.isnan(x) | np.isnan(y))
    years = data["year"].to_numpy()
    groups = [("all", known)] if scope == "pooled" else [
        (int(yr), known & (years == yr)) for yr in sorted(np.unique(years))]
    grid = _grid_codes()
    codes = np.full(len(x), -1, dtype=np.int8)
    rows = []
    for year, sel in groups:
        lv = {}
        for key, values in (("innovation", x), ("productivity", y)):
            lv[key], lo, hi = _levels(values[sel], method, seed)
            rows.append({"method": method, "scope": scope, "year": str(year),
                         "indicator": INDICATORS[key], "low_upper": lo, "medium_upper": hi})
        codes[sel] = grid[lv["innovation"] * 3 + lv["productivity"]]
    return codes, pd.DataFrame(rows)


def compare_alternatives(data: pd.DataFrame, methods=METHODS, scopes=SCOPES, seed: int = 0,
                         thresholds=None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Every data-driven classification against the paper's thresholds.

    Parameters
    ----------
    data : pandas.DataFrame
    methods : sequence of str
        See :data:`METHODS`.
    scopes : sequence of str
        See :data:`SCOPES`.
    seed : int
        ``random_state`` of k-means.
    thresholds : Thresholds or mapping, optional
        The classification compared against (the paper's by default).

    Returns
    -------
    agreement : pandas.DataFrame
        One row per method and scope: ``agreement`` (share of cluster-years
        with the same type), ``kappa`` (Cohen's kappa of the types),
        ``innovation_agreement`` and ``productivity_agreement`` (share with
        the same level), ``changed`` (number of cluster-years of another
        type).
    cuts : pandas.DataFrame
        The cut points each method chose (see :func:`alternative_classification`).
    types : pandas.DataFrame
        ``cluster, year`` and one column of type slugs per ``method/scope``
        (plus ``paper``).
    """
    from sklearn.metrics import cohen_kappa_score

    from .sweep_engine import levels_of

    ref = reference_codes(data, thresholds)
    known = ref >= 0
    ref_inn, ref_prod = levels_of(ref)
    slugs = np.array(type_slugs() + [None], dtype=object)
    types = pd.DataFrame({"cluster": data["cluster"].to_numpy(),
                          "year": data["year"].to_numpy(), "paper": slugs[ref]})
    rows, cut_tables = [], []
    for method in methods:
        for scope in scopes:
            codes, cuts = alternative_classification(data, method, scope, seed)
            inn, prod = levels_of(codes)
            same = (codes == ref)[known]
            rows.append({
                "method": method, "scope": scope,
                "agreement": float(same.mean()),
                "kappa": float(cohen_kappa_score(ref[known], codes[known])),
                "innovation_agreement": float((inn == ref_inn)[known].mean()),
                "productivity_agreement": float((prod == ref_prod)[known].mean()),
                "changed": int((~same).sum()),
            })
            cut_tables.append(cuts)
            types[f"{method}/{scope}"] = slugs[codes]
    return pd.DataFrame(rows), pd.concat(cut_tables, ignore_index=True), types
