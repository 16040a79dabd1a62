"""What every claim check needs: the classified data as arrays, the thresholds and the rules.

:func:`prepare` classifies the data once (through :func:`ecosystems.classify`)
and :class:`Context` holds it per cluster, with the changes of type
(:func:`ecosystems.transitions`) and the number formatting the evidence uses.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from ...errors import require_columns
from ...io.loaders import INDICATORS
from ...io.reference import cluster_names, type_names
from ...typology.rule import classify
from ...typology.thresholds import CUT_COLUMNS, uniform
from ..cooperation import reported_shares
from ..summaries import transitions

LEVEL_COLUMNS = ("innovation_level", "productivity_level", "ecosystem_type")
RD, VA = INDICATORS["innovation"], INDICATORS["productivity"]
NOTE = "note"  # a part's status for context that does not count towards the verdict
#: A part of a modal, hedged or causal sentence that the data do not show: not a
#: refutation (a "may" or "can" is not refuted by an absence), counted as not checkable.
NOT_SHOWN = "not shown"
#: A part the paper asserts without offering any evidence for it, and that the data cannot
#: supply either: counted as not checkable, but a claim resting only on such parts is
#: "asserted without evidence", which is not the same as "not checkable".
NO_EVIDENCE = "no evidence offered"
#: A part true by construction (of the paper's own tables): no empirical content, counts
#: for nothing, and a claim with nothing else checkable is "true by construction".
BY_CONSTRUCTION = "by construction"
#: What a verdict rests on (how fragile it is): context, not a part; the ledger gathers
#: these texts into its column ``rests_on`` instead of the evidence.
RESTS_ON = "rests on"


@cache
def cooperation_shares() -> tuple[tuple[str, str, float], ...]:
    """``(cluster_as_reported, cluster, share_percent)`` per reported share, in file order."""
    table = reported_shares()
    return tuple(zip(table["cluster_as_reported"], table["cluster"], table["share_percent"],
                     strict=True))


@cache
def _names() -> tuple[dict, dict]:
    """Short cluster names and lower-case short type names (reference data, read once)."""
    types = {k: v.lower() for k, v in type_names(short=True).items()}
    return cluster_names(), types


class Context:
    """What every check needs, computed once per evaluation (plain arrays, for speed).

    Parameters
    ----------
    columns : dict of str to numpy.ndarray
        From :func:`prepare` (with each cluster-year's own cut points).
    cuts : pandas.DataFrame
        The cut points per year (:func:`ecosystems.typology.thresholds.cut_table`).
    rules : ClaimRules
    """

    def __init__(self, columns: dict, cuts: pd.DataFrame, rules):
        self.all, self.cut_points, self.rules = columns, cuts, rules
        self.short, self.types = _names()
        cluster = columns["cluster"]
        self.clusters = list(pd.unique(cluster))
        self.by_cluster = {}
        # each cluster's rows in their order: one stable sort, not one scan per cluster
        codes = pd.Index(self.clusters).get_indexer(cluster)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(self.clusters) + 1))
        for k, c in enumerate(self.clusters):
            rows = order[bounds[k]:bounds[k + 1]]
            self.by_cluster[c] = {key: v[rows] for key, v in columns.items()}
        self._changes = None

    def name(self, cluster: str) -> str:
        return self.short.get(cluster, cluster)

    def cut(self, column: str) -> str:
        """A cut point as the check texts write it: ``0.1``, or ``0.056-0.075 by year``."""
        values = self.cut_points[column].to_numpy(dtype=float)
        low, high = values.min(), values.max()
        return f"{low:g}" if low == high else f"{low:g}-{high:g} by year"

    def values(self, cluster: str, column: str) -> np.ndarray:
        """Values of ``column`` for ``cluster`` in year order."""
        return self.by_cluster[cluster][column]

    def at(self, cluster: str, column: str) -> dict:
        """``{year: value}`` of ``column`` for ``cluster``."""
        d = self.by_cluster[cluster]
        return dict(zip(d["year"].tolist(), d[column].tolist(), strict=True))

    def changes(self) -> list[tuple[str, int, str, str]]:
        """``(cluster, to_year, from_type, to_type)`` for every change of type between
        consecutive years: the rows of :func:`ecosystems.transitions`."""
        if self._changes is None:
            keep = ("cluster", "year", "ecosystem_type", "innovation_level", "productivity_level")
            moves = transitions(pd.DataFrame({k: self.all[k] for k in keep}))
            self._changes = list(zip(moves["cluster"], moves["to_year"].astype(int),
                                     moves["from_type"], moves["to_type"], strict=True))
        return self._changes

    def over_years(self, mask: np.ndarray) -> bool:
        """Apply the ``over_years`` rule to a per-year boolean array."""
        if len(mask) == 0:
            return False
        if self.rules.over_years == "every_year":
            return bool(mask.all())
        return bool(mask.mean() > self.rules.most_share)

    def over_years_words(self) -> str:
        if self.rules.over_years == "every_year":
            return "in every year"
        return f"in more than {self.rules.most_share:.0%} of the years"

    def missing_clusters(self, named: list[str]):
        """Not-checkable parts for the clusters of ``named`` not in the data (None if all are)."""
        absent = [c for c in named if c not in self.by_cluster]
        if not absent:
            return None
        return [(None, f"{self.name(c)}: not in the data") for c in absent]


def fmt(v: float) -> str:
    """A value as the evidence prints it: three decimals, or ``missing``."""
    return "missing" if pd.isna(v) else f"{v:.3f}"


def seq(values) -> str:
    """Values joined by commas (:func:`fmt` each)."""
    return ", ".join(fmt(v) for v in values)


def span(values: np.ndarray) -> str:
    """``min-max`` of ``values`` (:func:`fmt`), or ``no data``."""
    return f"{fmt(np.nanmin(values))}-{fmt(np.nanmax(values))}" if len(values) else "no data"


def status_word(ok) -> str:
    """The word for a part's status: holds, fails, not checkable, not shown or note."""
    if ok is NOTE:
        return NOTE
    if ok is NOT_SHOWN:
        return "not shown by the data, not a refutation"
    if ok is NO_EVIDENCE:
        return "no evidence offered"
    if ok is BY_CONSTRUCTION:
        return "true by construction, no empirical content"
    if ok is RESTS_ON:
        return "what the verdict rests on"
    return {True: "holds", False: "fails", None: "not checkable"}[ok]


def _objects(series: pd.Series) -> np.ndarray:
    values = series.astype(object).to_numpy()
    return np.where(pd.isna(values), None, values)


def prepare(data: pd.DataFrame, cuts: pd.DataFrame) -> dict[str, np.ndarray]:
    """Columns of ``data`` as arrays ordered by cluster (first appearance) and year, with the
    levels and types of :func:`ecosystems.classify` under ``cuts`` (a cut table; ``None``
    where missing) and each cluster-year's cut points; level columns already in ``data`` must
    agree with them."""
    needed = ["cluster", "year", RD, VA]
    require_columns(data, needed, "evaluate_claims")
    if data.empty:
        raise ValueError("evaluate_claims needs at least one cluster-year")
    codes, _ = pd.factorize(data["cluster"])
    year = data["year"].to_numpy()
    order = np.lexsort((year, codes))
    one = uniform(cuts)  # one set for every year (the usual case): no per-year loop
    classified = classify(data[needed], cuts if one is None else one)
    ours = {column: _objects(classified[column]) for column in LEVEL_COLUMNS}
    for column in LEVEL_COLUMNS:
        if column not in data.columns:
            continue
        given = data[column].astype(object).to_numpy()
        differ = ~((given == ours[column]) | (pd.isna(given) & pd.isna(ours[column])))
        if differ.any():
            i = int(np.flatnonzero(differ)[0])
            raise ValueError(
                f"column {column!r} of row {data.index[i]!r} ({data['cluster'].iloc[i]}, "
                f"{year[i]}) is {given[i]!r} but the cut points given make it "
                f"{ours[column][i]!r}: pass the thresholds the data were classified with"
            )
    by_year = cuts.set_index("year").loc[year]
    columns = {"cluster": data["cluster"].to_numpy(dtype=object), "year": year,
               RD: data[RD].to_numpy(dtype=float), VA: data[VA].to_numpy(dtype=float), **ours,
               **{c: by_year[c].to_numpy(dtype=float) for c in CUT_COLUMNS}}
    return {k: v[order] for k, v in columns.items()}
