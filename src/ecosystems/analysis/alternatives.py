"""Data-driven cut points against the paper's: agreement and Cohen's kappa (computing only).

The methods themselves (tertiles, natural breaks, k-means) are in
:mod:`ecosystems.typology.cut_methods`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..typology.cut_methods import METHODS, SCOPES, alternative_classification
from ..typology.rule import indicator_arrays, levels_of, slugs_of, type_codes


def cohen_kappa(a, b) -> float:
    """Cohen's kappa of two labelings of the same items (1 = perfect agreement, 0 = chance).

    ``kappa = (p_o - p_e) / (1 - p_e)`` with ``p_o`` the observed share of
    agreement and ``p_e`` the agreement expected from the two marginal
    distributions; the confusion matrix is :func:`scipy.stats.contingency.crosstab`
    over the labels either side uses.

    Parameters
    ----------
    a, b : array-like
        Labels of the same items, in the same order.

    Returns
    -------
    float
    """
    from scipy.stats.contingency import crosstab

    a, b = np.asarray(a), np.asarray(b)
    labels = np.union1d(a, b)
    confusion = crosstab(a, b, levels=(labels, labels)).count  # rows: a, columns: b
    columns, rows = confusion.sum(axis=0), confusion.sum(axis=1)
    expected = np.outer(columns, rows) / columns.sum()
    off = 1 - np.eye(len(labels), dtype=int)
    return float(1 - np.sum(off * confusion) / np.sum(off * expected))


def compare_alternatives(data: pd.DataFrame, methods=tuple(METHODS), scopes=SCOPES,
                         thresholds=None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Every data-driven classification against one with fixed thresholds (the paper's).

    Parameters
    ----------
    data : pandas.DataFrame
    methods : sequence of str
        Keys of :data:`ecosystems.typology.cut_methods.METHODS`.
    scopes : sequence of str
        ``"pooled"`` and/or ``"per_year"``.
    thresholds : Thresholds or mapping, optional
        The classification compared against (the paper's by default).

    Returns
    -------
    agreement : pandas.DataFrame
        One row per method and scope: ``agreement`` (share of cluster-years
        with the same type), ``kappa`` (Cohen's kappa of the types,
        :func:`cohen_kappa`), ``innovation_agreement`` and
        ``productivity_agreement`` (share with the same level), ``changed``
        (number of cluster-years of another type).
    cuts : pandas.DataFrame
        The class bounds each method chose (see
        :func:`~ecosystems.typology.cut_methods.alternative_classification`).
    types : pandas.DataFrame
        ``cluster, year`` and one column of type slugs per ``method/scope``
        (plus ``paper``).
    """
    ref = type_codes(*indicator_arrays(data), thresholds)
    known = ref >= 0
    ref_inn, ref_prod = levels_of(ref)
    types = pd.DataFrame({"cluster": data["cluster"].to_numpy(),
                          "year": data["year"].to_numpy(), "paper": slugs_of(ref)})
    rows, cut_tables = [], []
    for method in methods:
        for scope in scopes:
            codes, cuts = alternative_classification(data, method, scope)
            inn, prod = levels_of(codes)
            same = (codes == ref)[known]
            rows.append({
                "method": method, "scope": scope,
                "agreement": float(same.mean()),
                "kappa": cohen_kappa(ref[known], codes[known]),
                "innovation_agreement": float((inn == ref_inn)[known].mean()),
                "productivity_agreement": float((prod == ref_prod)[known].mean()),
                "changed": int((~same).sum()),
            })
            cut_tables.append(cuts)
            types[f"{method}/{scope}"] = slugs_of(codes)
    return pd.DataFrame(rows), pd.concat(cut_tables, ignore_index=True), types
