"""The claims ledger: the paper's quantitative statements checked against its own data.

Every statement is quoted in ``data/claims.csv`` (with the clusters it names and what
it asserts); this module computes each verdict from the indicators, the thresholds and a
set of explicit operational rules (:class:`ClaimRules`) for the paper's vague words.

A claim is split into parts, each of which holds, fails or cannot be checked with the
data of the collection. The verdict follows from the parts:

``supported``
    every part holds;
``partly supported``
    some parts hold and others fail or cannot be checked;
``contradicted``
    every part that can be checked fails;
``not checkable``
    no part can be checked.
"""


from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from functools import cache

import numpy as np
import pandas as pd

from ... import config
from ...errors import DataError
from ...io.reference import read_data_csv
from ...typology.thresholds import Thresholds
from .checks import CHECKS
from .context import LEVEL_COLUMNS, NOTE, Context, prepare, status_word

VERDICTS = ("supported", "partly supported", "contradicted", "not checkable")
LEDGER_COLUMNS = ("claim_id", "statement", "check", "verdict", "evidence")
CLAIM_COLUMNS = ("claim_id", "kind", "clusters", "asserted", "section", "quote")
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
        Columns ``claim_id, kind, clusters, asserted, section, quote``.
    """
    return read_data_csv(config.CLAIMS).copy()


def errata() -> pd.DataFrame:
    """The paper's internal inconsistencies, from ``data/errata.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``erratum_id, kind, location, quote, issue, correction``.
    """
    return read_data_csv(config.ERRATA).copy()


@cache
def _claims(path=config.CLAIMS) -> tuple:
    """The rows of ``data/claims.csv`` with ``clusters`` split into a list.

    Raises
    ------
    DataError
        Naming the line, column and value, if a column is missing, a ``kind`` has no check or
        a ``claim_id`` repeats.
    """
    table = read_data_csv(path)
    where = config.relative(path)
    absent = [c for c in CLAIM_COLUMNS if c not in table.columns]
    if absent:
        raise DataError(f"{where}: column(s) {absent} missing; found {list(table.columns)}")
    rows, seen = [], set()
    for line, claim in enumerate(table[list(CLAIM_COLUMNS)].itertuples(index=False), start=2):
        if claim.kind not in CHECKS:
            raise DataError(f"{where}, line {line}, column 'kind': value {claim.kind!r} is not "
                            f"one of the checks {sorted(CHECKS)}")
        if claim.claim_id in seen:
            raise DataError(f"{where}, line {line}, column 'claim_id': value "
                            f"{claim.claim_id!r} appears twice")
        seen.add(claim.claim_id)
        rows.append(claim._replace(clusters=[c for c in claim.clusters.split("|") if c]))
    return tuple(rows)


def verdict_of(parts) -> str:
    """Verdict from the statuses of a claim's parts.

    Parameters
    ----------
    parts : sequence of bool or None
        ``True`` (the part holds), ``False`` (fails), ``None`` (not checkable).

    Returns
    -------
    str
        One of :data:`VERDICTS` (see the module docstring for the rule).

    Examples
    --------
    >>> verdict_of([True, None])
    'partly supported'
    """
    parts = list(parts)
    checked = [p for p in parts if p is not None]
    if not checked:
        return "not checkable"
    if all(checked):
        return "supported" if len(checked) == len(parts) else "partly supported"
    if not any(checked):
        return "contradicted"
    return "partly supported"



def evaluate_claims(classified: pd.DataFrame, thresholds=None, rules=None) -> pd.DataFrame:
    """Check every statement of ``data/claims.csv`` against the data.

    Parameters
    ----------
    classified : pandas.DataFrame
        Cluster indicators (``cluster, year, rd_per_employee,
        value_added_per_employee``), usually the output of
        :func:`ecosystems.classify`. Levels are recomputed with
        ``thresholds``; level columns already present must agree with them.
    thresholds : Thresholds or dict, optional
        Cut points; the paper's by default.
    rules : ClaimRules or dict, optional
        Operational rules for the vague words; :class:`ClaimRules` defaults.

    Returns
    -------
    pandas.DataFrame
        One row per claim, in ``data/claims.csv`` order, with columns
        ``claim_id, statement`` (the paper's words), ``check`` (what was
        computed), ``verdict`` (one of :data:`VERDICTS`) and ``evidence`` (the
        numbers behind it, each part marked holds / fails / not checkable).

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
    cuts = Thresholds.from_any(thresholds)
    rules = ClaimRules.from_any(rules)
    ctx = Context(prepare(classified, cuts), cuts, rules)
    rows = []
    for claim in _claims():
        check, parts = CHECKS[claim.kind](ctx, claim)
        evidence = "; ".join(f"{text} [{status_word(ok)}]" for ok, text in parts)
        verdict = verdict_of(ok for ok, _ in parts if ok is not NOTE)
        rows.append((claim.claim_id, claim.quote, check, verdict, evidence))
    return pd.DataFrame(rows, columns=list(LEDGER_COLUMNS))


def verdict_flips(data: pd.DataFrame, alternatives, rules=None, baseline=None) -> pd.DataFrame:
    """Verdicts under the baseline thresholds and under each alternative.

    Parameters
    ----------
    data : pandas.DataFrame
        Cluster indicators (level columns, if any, are ignored and recomputed).
    alternatives : sequence of Thresholds or dict
        Other cut points, e.g. ``[{"innovation": [0.05, 0.2], "productivity": [1, 3]}]``.
    rules : ClaimRules or dict, optional
        Operational rules, the same for every evaluation.
    baseline : Thresholds or dict, optional
        The thresholds compared against; the paper's by default.

    Returns
    -------
    pandas.DataFrame
        One row per claim: ``claim_id``, the baseline verdict (column named
        by :meth:`ecosystems.Thresholds.label`), one verdict column per alternative and
        ``flips``, the number of alternatives whose verdict differs from the
        baseline.

    Raises
    ------
    ValueError
        If two alternatives (or one and the baseline) are the same thresholds.
    """
    base = Thresholds.from_any(baseline)
    others = [Thresholds.from_any(a) for a in alternatives]
    labels = [t.label() for t in [base, *others]]
    if len(set(labels)) != len(labels):
        raise ValueError(f"thresholds repeat among baseline and alternatives: {labels}")
    plain = data.drop(columns=[c for c in LEVEL_COLUMNS if c in data.columns])
    return _flip_table(labels, [evaluate_claims(plain, t, rules) for t in [base, *others]])


def rules_label(rules) -> str:
    """Short label of a set of rules: the fields that differ from the defaults."""
    rules = ClaimRules.from_any(rules)
    default = ClaimRules().as_dict()
    changed = [f"{k}={v}" for k, v in rules.as_dict().items() if default[k] != v]
    return ", ".join(changed) or "default rules"


def rule_flips(data: pd.DataFrame, alternatives, thresholds=None, baseline=None) -> pd.DataFrame:
    """Verdicts under the baseline rules and under each alternative set of rules.

    Parameters
    ----------
    data : pandas.DataFrame
        Cluster indicators (level columns, if any, are ignored and recomputed).
    alternatives : sequence of ClaimRules or dict
        Other rules, e.g. ``[{"growth": "one_dip"}]`` (unnamed fields keep
        their defaults).
    thresholds : Thresholds or dict, optional
        Cut points, the same for every evaluation; the paper's by default.
    baseline : ClaimRules or dict, optional
        The rules compared against; the defaults by default.

    Returns
    -------
    pandas.DataFrame
        Like :func:`verdict_flips`, with columns named by :func:`rules_label`.

    Raises
    ------
    ValueError
        If two sets of rules (or one and the baseline) are the same.
    """
    base = ClaimRules.from_any(baseline)
    others = [ClaimRules.from_any(a) for a in alternatives]
    labels = [rules_label(r) for r in [base, *others]]
    if len(set(labels)) != len(labels):
        raise ValueError(f"rules repeat among baseline and alternatives: {labels}")
    plain = data.drop(columns=[c for c in LEVEL_COLUMNS if c in data.columns])
    return _flip_table(labels, [evaluate_claims(plain, thresholds, r) for r in [base, *others]])


def _flip_table(labels, ledgers) -> pd.DataFrame:
    out = ledgers[0][["claim_id"]].copy()
    for label, ledger in zip(labels, ledgers, strict=True):
        out[label] = ledger["verdict"].to_numpy()
    out["flips"] = (out[labels[1:]].to_numpy() != out[[labels[0]]].to_numpy()).sum(axis=1)
    return out
