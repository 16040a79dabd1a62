"""Which verdicts of the claims ledger change under another reasonable reading.

Three kinds of reading are compared with the baseline, each in its own table:
other cut points (:func:`verdict_flips`), other operational rules for the vague
words (:func:`rule_flips`) and other readings of the data, such as the suspect
zeros of Table 3 counted as missing (:func:`data_flips`). :func:`flip_summary`
puts the result next to each verdict: which of the alternative readings change it,
and to what.
"""

from __future__ import annotations

import pandas as pd

from ...typology.thresholds import Thresholds
from .check_context import LEVEL_COLUMNS
from .ledger import ClaimRules, evaluate_claims


def _plain(data: pd.DataFrame) -> pd.DataFrame:
    return data.drop(columns=[c for c in LEVEL_COLUMNS if c in data.columns])


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
    base = baseline if isinstance(baseline, pd.DataFrame) else Thresholds.from_any(baseline)
    others = [Thresholds.from_any(a) for a in alternatives]
    base_label = base.label() if isinstance(base, Thresholds) else "cut points per year"
    labels = [base_label, *(t.label() for t in others)]
    if len(set(labels)) != len(labels):
        raise ValueError(f"thresholds repeat among baseline and alternatives: {labels}")
    plain = _plain(data)
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
    plain = _plain(data)
    return _flip_table(labels, [evaluate_claims(plain, thresholds, r) for r in [base, *others]])


def data_flips(data: pd.DataFrame, alternatives, thresholds=None, rules=None,
               baseline: str = "data as published") -> pd.DataFrame:
    """Verdicts on the data as given and on other readings of the same data.

    Parameters
    ----------
    data : pandas.DataFrame
        Cluster indicators, the baseline reading (level columns, if any, are
        ignored and recomputed).
    alternatives : mapping of str to pandas.DataFrame
        Label -> the data read otherwise, e.g. ``{"suspect zeros as missing":
        ecosystems.suspect_zeros_as_missing(data)}``.
    thresholds : Thresholds or dict, optional
        Cut points, the same for every evaluation; the paper's by default.
    rules : ClaimRules or dict, optional
        Operational rules, the same for every evaluation.
    baseline : str
        Column label of the verdicts on ``data``.

    Returns
    -------
    pandas.DataFrame
        Like :func:`verdict_flips`, with one column per reading.

    Raises
    ------
    ValueError
        If a label repeats (an alternative named like the baseline).
    """
    labels = [baseline, *alternatives]
    if len(set(labels)) != len(labels):
        raise ValueError(f"labels repeat among baseline and alternatives: {labels}")
    versions = [data, *alternatives.values()]
    return _flip_table(labels, [evaluate_claims(_plain(v), thresholds, rules)
                                for v in versions])


def _flip_table(labels, ledgers) -> pd.DataFrame:
    out = ledgers[0][["claim_id"]].copy()
    for label, ledger in zip(labels, ledgers, strict=True):
        out[label] = ledger["verdict"].to_numpy()
    out["flips"] = (out[labels[1:]].to_numpy() != out[[labels[0]]].to_numpy()).sum(axis=1)
    return out


def flip_summary(ledger: pd.DataFrame, flip_tables) -> pd.DataFrame:
    """The ledger with the readings that change each verdict.

    Parameters
    ----------
    ledger : pandas.DataFrame
        From :func:`ecosystems.evaluate_claims`.
    flip_tables : sequence of pandas.DataFrame
        From :func:`verdict_flips`, :func:`rule_flips` and :func:`data_flips`,
        made with the ledger's data, thresholds and rules (their baseline
        column must give the ledger's verdicts).

    Returns
    -------
    pandas.DataFrame
        ``ledger`` with a column ``changed_by``: ``"alternative: verdict"`` for
        every alternative reading whose verdict differs, joined by ``"; "``,
        or ``"none of the alternatives"``.

    Raises
    ------
    ValueError
        If a table's claims or baseline verdicts differ from the ledger's.
    """
    changes = {c: [] for c in ledger["claim_id"]}
    for table in flip_tables:
        base, *others = [c for c in table.columns if c not in ("claim_id", "flips")]
        if table["claim_id"].tolist() != ledger["claim_id"].tolist() or \
                table[base].tolist() != ledger["verdict"].tolist():
            raise ValueError(f"flip table with baseline {base!r} was not made with the "
                             "ledger's data, thresholds and rules")
        for row in table.itertuples(index=False):
            values = dict(zip(table.columns, row, strict=True))
            changes[values["claim_id"]] += [f"{label}: {values[label]}" for label in others
                                           if values[label] != values[base]]
    out = ledger.copy()
    out["changed_by"] = [("; ".join(changes[c]) or "none of the alternatives")
                         for c in ledger["claim_id"]]
    return out
