"""Data-driven cut points against the paper's: agreement and Cohen's kappa (computing only).

The methods themselves (tertiles, Fisher-Jenks natural breaks) are in
:mod:`ecosystems.typology.cut_methods`. Their classes are *relative*
(:data:`RELATIVE_CLASSES_NOTE`): they split whatever values they are given into
three, so their agreement with the paper's absolute levels is bounded by the two
sets of class sizes (:func:`class_sizes`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..io.loaders import INDICATORS
from ..typology.cut_methods import METHODS, SCOPES, alternative_classification
from ..typology.rule import LEVELS, indicator_arrays, levels_of, slugs_of, type_codes

#: The sentence that goes with every table or figure that names a data-driven class by
#: one of the paper's absolute type names.
RELATIVE_CLASSES_NOTE = (
    "Data-driven cut points make relative classes: a method's 'high' is the top class of "
    "the cluster-years it is given (the top third for tertiles), not the paper's absolute "
    "level, so a type name it gives, such as 'leadership and breakthrough', means 'among "
    "the highest of the clusters studied on both indicators', not a leader by the paper's "
    "thresholds."
)


def _agreement(a, b) -> tuple[float, float]:
    """Observed agreement and the agreement expected by chance from the marginals."""
    from scipy.stats.contingency import crosstab

    a, b = np.asarray(a), np.asarray(b)
    labels = np.union1d(a, b)
    confusion = crosstab(a, b, levels=(labels, labels)).count
    n = confusion.sum()
    observed = np.trace(confusion) / n
    chance = float(np.sum(confusion.sum(axis=1) * confusion.sum(axis=0))) / n**2
    return float(observed), chance


def chance_agreement(a, b) -> float:
    """Share of items two labelings with these marginal counts agree on by chance.

    ``p_e = sum_k n_a(k) n_b(k) / N**2``; with one labeling split evenly into
    three classes it is 1/3 whatever the other's counts.
    """
    return _agreement(a, b)[1]


def max_agreement(a, b) -> float:
    """The largest share of items two labelings with these marginal counts can agree on.

    ``sum_k min(n_a(k), n_b(k)) / N``: the bound the class sizes alone set.
    """
    a, b = np.asarray(a), np.asarray(b)
    labels = np.union1d(a, b)
    return float(sum(min(int((a == k).sum()), int((b == k).sum())) for k in labels) / len(a))


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
        with the same type), ``chance_agreement`` (the share expected by chance
        from the two sets of type counts, :func:`chance_agreement`),
        ``max_agreement`` (the most those counts allow, :func:`max_agreement`),
        ``kappa`` (Cohen's kappa of the types, :func:`cohen_kappa`),
        ``innovation_agreement`` and ``productivity_agreement`` (share with the
        same level), ``changed`` (number of cluster-years of another type).
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
                "chance_agreement": chance_agreement(ref[known], codes[known]),
                "max_agreement": max_agreement(ref[known], codes[known]),
                "kappa": cohen_kappa(ref[known], codes[known]),
                "innovation_agreement": float((inn == ref_inn)[known].mean()),
                "productivity_agreement": float((prod == ref_prod)[known].mean()),
                "changed": int((~same).sum()),
            })
            cut_tables.append(cuts)
            types[f"{method}/{scope}"] = slugs_of(codes)
    return pd.DataFrame(rows), pd.concat(cut_tables, ignore_index=True), types


def class_sizes(data: pd.DataFrame, methods=tuple(METHODS), scopes=SCOPES,
                thresholds=None) -> pd.DataFrame:
    """Class sizes of each indicator under each method next to the paper's levels.

    A method that splits evenly (tertiles: a third of the values in each class)
    agrees with the paper's level of an indicator by chance on exactly a third
    of the cluster-years whatever the paper's counts, and can agree on at most
    the sum of the smaller class sizes; this table shows both bounds next to the
    observed agreement.

    Parameters
    ----------
    data, methods, scopes, thresholds
        As for :func:`compare_alternatives`.

    Returns
    -------
    pandas.DataFrame
        One row per method, scope and indicator (``rd_per_employee``,
        ``value_added_per_employee``): ``low, medium, high`` (cluster-years in
        each class of the method), ``paper_low, paper_medium, paper_high``
        (the same under the thresholds), ``agreement``, ``chance_agreement``
        and ``max_agreement`` of the levels.
    """
    ref_inn, ref_prod = levels_of(type_codes(*indicator_arrays(data), thresholds))
    known = (ref_inn >= 0) & (ref_prod >= 0)
    rows = []
    for method in methods:
        for scope in scopes:
            codes, _ = alternative_classification(data, method, scope)
            for indicator, ours, ref in zip(INDICATORS.values(), levels_of(codes),
                                            (ref_inn, ref_prod), strict=True):
                a, b = ours[known], ref[known]
                observed, chance = _agreement(b, a)
                rows.append({
                    "method": method, "scope": scope, "indicator": indicator,
                    **{lv: int((a == i).sum()) for i, lv in enumerate(LEVELS)},
                    **{f"paper_{lv}": int((b == i).sum()) for i, lv in enumerate(LEVELS)},
                    "agreement": observed, "chance_agreement": chance,
                    "max_agreement": max_agreement(b, a),
                })
    return pd.DataFrame(rows)
