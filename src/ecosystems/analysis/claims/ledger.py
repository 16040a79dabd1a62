"""The claims ledger: the paper's statements checked against its own data.

Every statement is quoted in ``data/claims.csv`` (with the clusters it names, what
it asserts, its force and, for a disputed reading, the argued choice); this module
computes each verdict from the indicators, the thresholds and a set of explicit
operational rules (:class:`ClaimRules`) for the paper's vague words.

A claim is split into the parts the sentence asserts, each of which holds, fails or
cannot be checked with the data of the collection (context that the sentence does not
assert is a *note* and counts for nothing). The verdict follows from the counts of
parts that hold (h), fail (f) and cannot be checked (u):

``supported``
    h > 0, f = 0, u = 0: every part holds;
``supported where checkable``
    h > 0, f = 0, u > 0: nothing fails, but some parts cannot be checked;
``partly supported``
    h > 0, f > 0: some parts hold and others fail;
``contradicted``
    h = 0, f > 0: every part that can be checked fails;
``not checkable``
    h = f = 0: no part can be checked;
``asserted without evidence``
    h = f = 0 and some part is asserted with no evidence offered (the paper offers none
    and the data cannot supply it: "partially confirmed" with no measure and no effect
    reported), which is not the same as a question the data merely cannot answer;
``true by construction``
    h = f = 0, no part without evidence, and some part true by construction of the
    paper's own tables (no empirical content: Table 2 gives every type its own measures).

Parts true by construction, notes and what a verdict *rests on* (its fragility, gathered
into the ledger's column ``rests_on``) count towards none of h, f, u.

A sentence's *force* (``data/claims.csv``, column ``force``) decides what a part the
data do not show means: in an ``assertion`` it fails; in a ``modal`` ("can") or
``causal`` ("may result from") sentence it is *not shown*, which is no refutation and
counts as not checkable. Verdicts under other thresholds, rules or readings of the data
are in :mod:`ecosystems.analysis.claims.flips`.
"""


from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from functools import cache

import numpy as np
import pandas as pd

from ... import config
from ...errors import DataError, require_columns
from ...io.reference import read_data_csv
from ...typology.thresholds import cut_table
from ..support import support_measures
from .check_context import (
    BY_CONSTRUCTION,
    NO_EVIDENCE,
    NOT_SHOWN,
    NOTE,
    RESTS_ON,
    Context,
    prepare,
    status_word,
)
from .checks import CHECKS
from .keys import KEYS

#: Statuses that count towards none of holds, fails and not checkable.
_UNCOUNTED = (NOTE, BY_CONSTRUCTION, RESTS_ON)

VERDICTS = ("supported", "supported where checkable", "partly supported", "contradicted",
            "not checkable", "asserted without evidence", "true by construction")
#: The verdicts as a referee reads them, in the report's order: what holds, what holds in
#: part, what does not hold, and apart from it what cannot be checked, what the paper asserts
#: without evidence and what is true by construction.
VERDICT_GROUPS = (
    ("holds", ("supported", "supported where checkable")),
    ("holds in part", ("partly supported",)),
    ("does not hold", ("contradicted",)),
    ("cannot be checked", ("not checkable",)),
    ("asserted without evidence", ("asserted without evidence",)),
    ("true by construction", ("true by construction",)),
)
#: What a sentence does: asserts (a part the data do not show fails), or says what can
#: happen or what may cause it (such a part is "not shown", not a refutation).
FORCES = ("assertion", "modal", "causal")
LEDGER_COLUMNS = ("claim_id", "statement", "force", "check", "holds", "fails", "not_checkable",
                  "verdict", "key_number", "evidence", "rests_on", "choice")
CLAIM_COLUMNS = ("claim_id", "kind", "clusters", "asserted", "force", "section", "quote",
                 "short", "choice")
_CHOICES = {
    "over_years": ("every_year", "most_years"),
    "growth": ("every_year", "one_dip"),
    "decline": ("end_below_start", "every_year"),
}


@dataclass(frozen=True)
class ClaimRules:
    """Operational rules for the vague words of the paper's statements.

    Parameters
    ----------
    most_share : float, default 0.5
        "Most" means more than this share (of clusters, or of years when
        ``over_years="most_years"``).
    over_years : {"every_year", "most_years"}, default "every_year"
        When a cluster "is" at a level over 2020-2023: in every year, or in
        more than ``most_share`` of its years.
    approach_margin : float, default 0.2
        "Approaches medium" means R&D per employee below the lower innovation
        cut by at most this fraction of it (0.08 <= R&D < 0.1 with the
        paper's cut); "stands out from the low group" means R&D at or above
        the bottom of that band.
    growth : {"every_year", "one_dip"}, default "every_year"
        "Stable growth": value added per employee rises every year, or rises
        from first to last year with at most one year-on-year fall.
    decline : {"end_below_start", "every_year"}, default "end_below_start"
        "Decline": value added per employee ends below where it started, or
        falls every year.
    significant_change : float, default 0.5
        "Significant increase" means a year-on-year rise above this fraction
        (0.5 = +50%).

    Raises
    ------
    ValueError
        If a share or fraction is out of range or a choice is unknown.

    Examples
    --------
    >>> ClaimRules(growth="one_dip").growth
    'one_dip'
    """

    most_share: float = 0.5
    over_years: str = "every_year"
    approach_margin: float = 0.2
    growth: str = "every_year"
    decline: str = "end_below_start"
    significant_change: float = 0.5

    def __post_init__(self):
        for name, allowed in _CHOICES.items():
            if getattr(self, name) not in allowed:
                raise ValueError(
                    f"ClaimRules.{name} must be one of {allowed}, got {getattr(self, name)!r}"
                )
        if not 0 <= self.most_share < 1:
            raise ValueError(f"ClaimRules.most_share must be in [0, 1), got {self.most_share!r}")
        if not 0 < self.approach_margin < 1:
            raise ValueError(
                f"ClaimRules.approach_margin must be in (0, 1), got {self.approach_margin!r}"
            )
        if not (self.significant_change > 0 and np.isfinite(self.significant_change)):
            raise ValueError(
                "ClaimRules.significant_change must be a positive finite fraction, "
                f"got {self.significant_change!r}"
            )

    @classmethod
    def from_any(cls, value) -> ClaimRules:
        """Coerce ``None`` (the defaults), a :class:`ClaimRules` or a mapping."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            unknown = sorted(set(value) - {f.name for f in fields(cls)})
            if unknown:
                raise ValueError(f"unknown ClaimRules field(s) {unknown}")
            return cls(**value)
        raise TypeError(f"cannot make ClaimRules from {value!r}")

    def as_dict(self) -> dict:
        """Plain mapping, the form used in parameter files."""
        return asdict(self)


def claims_table() -> pd.DataFrame:
    """The statements checked, as quoted in ``data/claims.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``claim_id, kind, clusters, asserted, force, section, quote, short, choice``
        (``short``: words of the quote for tables)
        (``choice``: the reading argued in one line, for the claims whose reading is
        disputed; empty for the others).
    """
    return read_data_csv(config.CLAIMS).copy()


#: A reference to a measure text of ``data/support_measures.csv`` (English), so that a
#: text the errata cite has one home: ``{table2:growth/cooperation}``.
TABLE2_REFERENCE = re.compile(r"\{table2:([^/{}]*)/([^/{}]*)\}")


def errata(path=config.ERRATA) -> pd.DataFrame:
    """The paper's internal inconsistencies, from ``data/errata.csv``.

    A ``{table2:TYPE/CATEGORY}`` in a text stands for that cell's English
    measure of ``data/support_measures.csv`` and is replaced by it, in quotes.

    Parameters
    ----------
    path : path, optional
        The errata file (``data/errata.csv`` by default).

    Returns
    -------
    pandas.DataFrame
        Columns ``erratum_id, kind, location, quote, issue, correction``.

    Raises
    ------
    DataError
        Naming line, column and reference, if a reference names no cell.
    """
    table = read_data_csv(path).copy()
    measures = support_measures("en").set_index(["type", "category"])["measure"]
    where = config.relative(path)
    for column in ("quote", "issue", "correction"):
        for i, text in table[column].items():
            def cell(match, i=i, column=column):
                key = (match[1], match[2])
                if key not in measures.index:
                    raise DataError(
                        f"{where}, line {i + 2}, column {column!r}: {match[0]} names no cell "
                        f"of {config.relative(config.SUPPORT_MEASURES)}; expected "
                        "{table2:TYPE/CATEGORY} with a type slug and a category of "
                        "ecosystems.support_measures()")
                return f'"{measures[key]}"'

            table.at[i, column] = TABLE2_REFERENCE.sub(cell, text)
    return table


@cache
def _claims(path=config.CLAIMS) -> tuple:
    """The rows of ``data/claims.csv`` with ``clusters`` split into a list.

    Raises
    ------
    DataError
        Naming the line, column and value, if a column is missing, a ``kind`` has no check,
        a ``force`` is unknown or a ``claim_id`` repeats.
    """
    table = read_data_csv(path)
    where = config.relative(path)
    absent = [c for c in CLAIM_COLUMNS if c not in table.columns]
    if absent:
        raise DataError(f"{where}: column(s) {absent} missing; found {list(table.columns)}")
    rows, seen = [], set()
    for line, claim in enumerate(table[list(CLAIM_COLUMNS)].itertuples(index=False), start=2):
        if claim.kind not in CHECKS or claim.kind not in KEYS:
            raise DataError(f"{where}, line {line}, column 'kind': value {claim.kind!r} is not "
                            f"one of the checks {sorted(CHECKS)}")
        if claim.force not in FORCES:
            raise DataError(f"{where}, line {line}, column 'force': value {claim.force!r} is "
                            f"not one of {list(FORCES)}")
        if claim.short not in claim.quote:
            raise DataError(f"{where}, line {line}, column 'short': value {claim.short!r} is "
                            "not words of the claim's quote; copy them from column 'quote'")
        if claim.claim_id in seen:
            raise DataError(f"{where}, line {line}, column 'claim_id': value "
                            f"{claim.claim_id!r} appears twice")
        seen.add(claim.claim_id)
        rows.append(claim._replace(clusters=[c for c in claim.clusters.split("|") if c]))
    return tuple(rows)


def part_counts(parts) -> tuple[int, int, int]:
    """How many parts hold, fail and cannot be checked.

    Parameters
    ----------
    parts : sequence of bool, None or str
        Part statuses: ``True`` (holds), ``False`` (fails), ``None``,
        :data:`~.check_context.NOT_SHOWN` or :data:`~.check_context.NO_EVIDENCE` (not
        checkable); notes, parts true by construction and what a verdict rests on
        are not counted.

    Returns
    -------
    (int, int, int)
        Parts that hold, fail, cannot be checked.
    """
    statuses = [p for p in parts if not any(p is u for u in _UNCOUNTED)]
    holds = sum(1 for p in statuses if p is True)
    fails = sum(1 for p in statuses if p is False)
    return holds, fails, len(statuses) - holds - fails


def verdict_of(parts) -> str:
    """Verdict from the statuses of a claim's parts (the counts of :func:`part_counts`).

    Parameters
    ----------
    parts : sequence of bool, None or str
        ``True`` (the part holds), ``False`` (fails), ``None``,
        :data:`~.check_context.NOT_SHOWN` or :data:`~.check_context.NO_EVIDENCE` (not
        checkable), :data:`~.check_context.BY_CONSTRUCTION`; notes are ignored.

    Returns
    -------
    str
        One of :data:`VERDICTS` (see the module docstring for the rule).

    Examples
    --------
    >>> verdict_of([True, None])
    'supported where checkable'
    >>> verdict_of([True, False, None])
    'partly supported'
    >>> verdict_of(["no evidence offered"])
    'asserted without evidence'
    """
    parts = list(parts)
    holds, fails, unchecked = part_counts(parts)
    if holds and not fails:
        return "supported" if not unchecked else "supported where checkable"
    if holds:
        return "partly supported"
    if fails:
        return "contradicted"
    if NO_EVIDENCE in parts:
        return "asserted without evidence"
    if BY_CONSTRUCTION in parts:
        return "true by construction"
    return "not checkable"


def _with_force(parts, force: str):
    """A modal or causal sentence is not refuted by what the data do not show."""
    if force == "assertion":
        return parts
    return [(NOT_SHOWN if ok is False else ok, text) for ok, text in parts]


def evaluate_claims(classified: pd.DataFrame, thresholds=None, rules=None) -> pd.DataFrame:
    """Check every statement of ``data/claims.csv`` against the data.

    Parameters
    ----------
    classified : pandas.DataFrame
        Cluster indicators (``cluster, year, rd_per_employee,
        value_added_per_employee``), usually the output of
        :func:`ecosystems.classify`. Levels are recomputed with
        ``thresholds``; level columns already present must agree with them.
    thresholds : Thresholds, dict or DataFrame, optional
        Cut points; the paper's by default. A table of cut points per year
        (``year`` and the four cut columns, as ``Study.cut_points``) gives each
        year its own.
    rules : ClaimRules or dict, optional
        Operational rules for the vague words; :class:`ClaimRules` defaults.

    Returns
    -------
    pandas.DataFrame
        One row per claim, in ``data/claims.csv`` order, with columns
        ``claim_id, statement`` (the paper's words), ``force`` (assertion,
        modal or causal), ``check`` (what was computed), ``holds``, ``fails``,
        ``not_checkable`` (the counts of parts), ``verdict`` (one of
        :data:`VERDICTS`, from the counts), ``key_number`` (the one figure the
        verdict turns on, :mod:`~.keys`; empty where it turns on none),
        ``evidence`` (the numbers behind
        it, each part marked holds / fails / not checkable / not shown, and
        notes that count for nothing), ``rests_on`` (what the verdict rests on,
        where it hangs on one value, one cut or one reading of the data; empty
        otherwise) and ``choice`` (the argued reading of a disputed claim, from
        ``data/claims.csv``).

    Raises
    ------
    KeyError
        If a required column is missing.
    ValueError
        If level columns disagree with ``thresholds``.

    Examples
    --------
    >>> from ecosystems import load_indicators
    >>> ledger = evaluate_claims(load_indicators())
    >>> ledger.loc[ledger["claim_id"] == "C1", "verdict"].item()
    'supported'
    """
    require_columns(classified, ("year",), "evaluate_claims")
    cuts = cut_table(thresholds, classified["year"])  # one set, or cut points per year
    rules = ClaimRules.from_any(rules)
    ctx = Context(prepare(classified, cuts), cuts, rules)
    rows = []
    for claim in _claims():
        check, parts = CHECKS[claim.kind](ctx, claim)
        parts = _with_force(parts, claim.force)
        rests_on = "; ".join(text for ok, text in parts if ok is RESTS_ON)
        parts = [(ok, text) for ok, text in parts if ok is not RESTS_ON]
        evidence = "; ".join(f"{text} [{status_word(ok)}]" for ok, text in parts)
        counts = part_counts(ok for ok, _ in parts)
        rows.append((claim.claim_id, claim.quote, claim.force, check, *counts,
                     verdict_of(ok for ok, _ in parts), KEYS[claim.kind](ctx, claim), evidence,
                     rests_on, claim.choice))
    return pd.DataFrame(rows, columns=list(LEDGER_COLUMNS))
