"""The checks behind the claims ledger: one function per kind of claim.

Each check takes the evaluation context (:class:`~.check_context.Context`: the
classified data as arrays, the thresholds and the rules) and one row of
``data/claims.csv``, and returns what it computed, in words, and the parts of
the claim, each with its status (``True`` holds, ``False`` fails, ``None`` not
checkable, :data:`~.check_context.NOTE` context only) and the numbers behind it.
:mod:`ecosystems.analysis.claims.ledger` turns these into verdicts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...io.quality import DEFAULT_JUMP
from ..cooperation import PAPER_MIN_COOPERATION
from .check_context import NOTE, RD, VA, cooperation_shares, fmt, seq, span
from .checks_beyond_data import BEYOND_CHECKS

# -- one function per kind of claim: (ctx, claim row) -> (check, [(status, text), ...])


def _no_high_high(ctx, row):
    d = ctx.all
    hh = np.flatnonzero((d["innovation_level"] == "high") & (d["productivity_level"] == "high"))
    check = (
        f"Count cluster-years that are high on both axes (R&D > {ctx.cut('innovation_upper')} "
        f"and value added > {ctx.cut('productivity_upper')} per employee)."
    )
    found = ", ".join(f"{ctx.name(d['cluster'][i])} {d['year'][i]}" for i in hh) or "none"
    text = f"{len(hh)} of {len(d['year'])} cluster-years high on both ({found})"
    for column, words in ((RD, "R&D"), (VA, "value added")):
        if np.isnan(d[column]).all():
            continue
        i = int(np.nanargmax(d[column]))
        where = f"{ctx.name(d['cluster'][i])} {d['year'][i]}"
        text += f"; highest {words} {fmt(d[column][i])} ({where})"
    return check, [(len(hh) == 0, text)]


def _is_low(ctx, cluster) -> bool:
    return ctx.over_years(ctx.values(cluster, "innovation_level") == "low")


def _most_low_innovation(ctx, row):
    low = [c for c in ctx.clusters if _is_low(ctx, c)]
    others = [c for c in ctx.clusters if c not in low]
    share = len(low) / len(ctx.clusters)
    check = (
        f"Count clusters whose innovation level is low {ctx.over_years_words()} "
        f"(R&D < {ctx.cut('innovation_lower')}); 'most' = more than {ctx.rules.most_share:.0%}."
    )
    rest = "; ".join(f"{ctx.name(c)} R&D {span(ctx.values(c, RD))}" for c in others)
    text = (f"{len(low)} of {len(ctx.clusters)} clusters low ({share:.0%}); "
            f"not low: {rest or 'none'}")
    return check, [(share > ctx.rules.most_share, text)]


def _sole_exception_near_medium(ctx, row):
    # The sentence asserts two things: the cluster is *the* exception to "most clusters
    # exhibit low R&D expenditure" (the only one standing out from the low group, i.e.
    # with R&D at or above the bottom of the approach band), and its level approaches
    # medium (lies in that band, just below the lower cut). That the cluster itself
    # stands out is no separate part: the sentence asserts it only as "the exception".
    (target,) = row.clusters
    absent = ctx.missing_clusters([target])
    keep = 1 - ctx.rules.approach_margin
    floors = ctx.cut_points["innovation_lower"] * keep
    lows, highs = floors.min(), floors.max()
    floor_words = f"{lows:.3g}" if lows == highs else f"{lows:.3g}-{highs:.3g} by year"
    check = (
        f"Is {ctx.name(target)} the only cluster standing out from the low group (R&D >= "
        f"{floor_words} {ctx.over_years_words()}), and does it approach medium ({floor_words} "
        f"<= R&D < {ctx.cut('innovation_lower')}, i.e. within {ctx.rules.approach_margin:.0%} "
        f"below the lower cut, {ctx.over_years_words()})?"
    )
    if absent:
        return check, absent

    def floor(c):
        return ctx.values(c, "innovation_lower") * keep

    standing = [c for c in ctx.clusters if ctx.over_years(ctx.values(c, RD) >= floor(c))]
    rd, lower = ctx.values(target, RD), ctx.values(target, "innovation_lower")
    near = (rd >= floor(target)) & (rd < lower)
    medium_up = int((rd >= lower).sum())
    listed = "; ".join(f"{ctx.name(c)} R&D {span(ctx.values(c, RD))}" for c in standing)
    return check, [
        (standing == [target], f"clusters standing out: {listed or 'none'}"),
        (
            ctx.over_years(near),
            f"{ctx.name(target)} R&D {seq(rd)}: in the approach band in {int(near.sum())} of "
            f"{len(rd)} years, at or above the lower cut {ctx.cut('innovation_lower')} (already "
            "medium or higher) "
            f"in {medium_up}",
        ),
    ]


def _rises(values: np.ndarray, rule: str) -> bool:
    steps = np.diff(values)
    if len(steps) == 0 or np.isnan(steps).any():
        return False
    if rule == "every_year":
        return bool((steps > 0).all())
    return bool(values[-1] > values[0] and (steps < 0).sum() <= 1)


def _falls(values: np.ndarray, rule: str) -> bool:
    steps = np.diff(values)
    if len(steps) == 0 or np.isnan(steps).any():
        return False
    if rule == "every_year":
        return bool((steps < 0).all())
    return bool(values[-1] < values[0])


_TREND_WORDS = {
    ("growth", "every_year"): "rise every year",
    ("growth", "one_dip"): "rise from first to last year with at most one fall",
    ("decline", "every_year"): "fall every year",
    ("decline", "end_below_start"): "end below where it started",
}


def _trend(ctx, row, kind):
    rule = getattr(ctx.rules, kind)
    test = _rises if kind == "growth" else _falls
    words = _TREND_WORDS[kind, rule]
    check = f"For each cluster named: does its value added per employee {words}?"
    absent = ctx.missing_clusters(row.clusters)
    present = [c for c in row.clusters if c in ctx.by_cluster]
    parts = [
        (test(ctx.values(c, VA), rule), f"{ctx.name(c)} {seq(ctx.values(c, VA))}")
        for c in present
    ] + (absent or [])
    unnamed = [c for c in ctx.clusters if c not in row.clusters and test(ctx.values(c, VA), rule)]
    if unnamed:
        parts.append((NOTE, "also meeting the rule but not named: "
                      + ", ".join(ctx.name(c) for c in unnamed)))
    jumps = [_jumps(ctx, c) for c in present]
    if any(jumps):
        flagged = "; ".join(j for j in jumps if j)
        parts.append((NOTE, f"changes data_quality flags as jumps (more than "
                            f"{DEFAULT_JUMP:g}-fold): {flagged}"))
    return check, parts


def _jumps(ctx, cluster) -> str:
    """The year-on-year changes of value added that :func:`ecosystems.data_quality` flags."""
    va, years = ctx.values(cluster, VA), ctx.values(cluster, "year")
    found = []
    for i in range(1, len(va)):
        before, after = va[i - 1], va[i]
        consecutive = years[i] - years[i - 1] == 1
        if consecutive and before > 0 and after > 0 and \
                max(after / before, before / after) > DEFAULT_JUMP:
            found.append(f"{years[i]} {after / before - 1:+.0%}")
    return f"{ctx.name(cluster)} {', '.join(found)}" if found else ""


def _significant_increase(ctx, row):
    (target,) = row.clusters
    year = int(row.asserted)
    limit = ctx.rules.significant_change
    check = (
        f"Year-on-year change of value added per employee of {ctx.name(target)} from {year - 1} "
        f"to {year}; 'significant increase' = a rise above {limit:.0%}. Table 3 gives value "
        "added per employee only, not its total."
    )
    absent = ctx.missing_clusters([target])
    if absent:
        return check, absent
    va = ctx.at(target, VA)
    if year not in va or year - 1 not in va or np.isnan([va[year - 1], va[year]]).any():
        return check, [(None, f"{ctx.name(target)}: no value for {year - 1} or {year}")]
    before, after = va[year - 1], va[year]
    if before > 0:
        change = after / before - 1
        text = f"{fmt(before)} -> {fmt(after)} ({change:+.0%})"
        return check, [(bool(change > limit), text)]
    return check, [(bool(after > 0), f"{fmt(before)} -> {fmt(after)} (from zero)")]


def _type_sequence(ctx, row):
    (target,) = row.clusters
    stated = dict(item.split("=") for item in row.asserted.split("|"))
    check = (
        f"Classify {ctx.name(target)} in each year named (R&D cuts {ctx.cut('innovation_lower')}/"
        f"{ctx.cut('innovation_upper')}, value added cuts {ctx.cut('productivity_lower')}/"
        f"{ctx.cut('productivity_upper')}) and compare with the stated type."
    )
    absent = ctx.missing_clusters([target])
    if absent:
        return check, absent
    found = ctx.at(target, "ecosystem_type")
    rd, va = ctx.at(target, RD), ctx.at(target, VA)
    parts = []
    for year_text, slug in stated.items():
        year = int(year_text)
        if year not in found or pd.isna(found[year]):
            parts.append((None, f"{year}: no classification (stated {ctx.types[slug]})"))
            continue
        parts.append((
            found[year] == slug,
            f"{year}: {ctx.types[found[year]]} (R&D {fmt(rd[year])}, value added "
            f"{fmt(va[year])}), stated {ctx.types[slug]}",
        ))
    return check, parts


def _cooperation_top_three(ctx, row):
    # The sentence asserts that these were the highest shares; that the three are
    # listed in descending order is not asserted (a note only).
    coop = cooperation_shares()
    shares = [share for *_, share in coop]
    check = (
        "Were the three reported shares the highest cooperation of all clusters? "
        "(data/cooperation_reported.csv holds the three shares the paper reports; it "
        "reports no other cluster's share)"
    )
    listed = "; ".join(f"{name} {share:g}%" for name, _, share in coop)
    descending = all(a > b for a, b in zip(shares, shares[1:], strict=False))
    matched = {c for _, c, _ in coop if c in ctx.by_cluster}
    others = [c for c in ctx.clusters if c not in matched]
    parts = [
        (None, "the cooperation shares of the other clusters are not in the paper, so "
               "'highest' cannot be checked"),
        (NOTE, f"listed {'in descending order' if descending else 'not in descending order'}:"
               f" {listed}"),
    ]
    if shares and others:
        parts.append((NOTE, (
            f"if the three are the highest, the other {len(others)} clusters of the data lie "
            f"above the selection line {PAPER_MIN_COOPERATION:.0%} (Table 3's rule) and at or "
            f"below the lowest share listed, {min(shares):g}%")))
    return check, parts


def _selection_rule(ctx, row):
    cut = float(row.asserted)
    coop = cooperation_shares()
    d = ctx.all
    check = (
        f"Does every Table 3 cluster-year have both indicators, is every Table 3 cluster's "
        f"reported cooperation above {cut:g}%, and is every reported cluster above {cut:g}% in "
        "Table 3?"
    )
    gaps = {}
    for c in ctx.clusters:
        for column, words in ((RD, "R&D"), (VA, "value added")):
            years = ctx.values(c, "year")[np.isnan(ctx.values(c, column))]
            if len(years):
                gaps.setdefault(c, []).append(f"{words} {', '.join(map(str, years))}")
    both = d[RD], d[VA]
    missing = int((np.isnan(both[0]) | np.isnan(both[1])).sum())
    zeros = int((both[0] == 0).sum() + (both[1] == 0).sum())
    total = len(d["year"])
    reported = {c: share for _, c, share in coop}
    gap_text = "; ".join(
        f"{ctx.name(c)}{f' (reported cooperation {reported[c]:g}%)' if c in reported else ''}"
        f" lacks {', '.join(where)}" for c, where in gaps.items())
    parts = [(
        missing == 0,
        f"{total - missing} of {total} cluster-years have both indicators"
        + (f": {gap_text}" if gaps else "")
        + (f" ({zeros} values are exactly 0.000, read here as data; whether they are data or "
           "gaps is not stated)" if zeros else ""),
    )]
    matched = [(c, share) for _, c, share in coop if c in ctx.by_cluster]
    parts.append((
        all(share > cut for _, share in matched) if matched else None,
        "reported shares of Table 3 clusters: "
        + ("; ".join(f"{ctx.name(c)} {share:g}%" for c, share in matched) or "none"),
    ))
    unknown = len(ctx.clusters) - len({c for c, _ in matched})
    if unknown:
        parts.append((None, f"cooperation of {unknown} other Table 3 clusters not reported"))
    for name, c, share in coop:
        if share > cut and c not in ctx.by_cluster:
            parts.append((
                None,
                f"{name} ({share:g}%) has no Table 3 row; whether its indicators are "
                "unavailable is not stated",
            ))
    return check, parts


def _transition_list(ctx, changes) -> str:
    return "; ".join(
        f"{ctx.name(c)} {ctx.types[a]} -> {ctx.types[b]} ({year})" for c, year, a, b in changes
    ) or "none"


def _transitions_exist(ctx, row):
    changes = ctx.changes()
    check = "Count changes of ecosystem type between consecutive years of a cluster."
    moved = len({c for c, *_ in changes})
    text = f"{len(changes)} change(s) in {moved} cluster(s): {_transition_list(ctx, changes)}"
    return check, [(len(changes) > 0, text)]


def _transitions_between(ctx, row):
    # A causal, hedged sentence: such transitions "may result from" changing conditions.
    # Observed transitions of that kind would show that there is something to explain;
    # none observed is no refutation (the ledger marks it "not shown"); the cause itself
    # is never in the data.
    sources, targets = (side.split("|") for side in row.asserted.split(">"))
    names = " or ".join(ctx.types[s] for s in sources), " or ".join(ctx.types[s] for s in targets)
    check = (f"Is any observed change of type one from {names[0]} to {names[1]}? (What causes "
             "it cannot be checked.)")
    changes = ctx.changes()
    hits = [ch for ch in changes if ch[2] in sources and ch[3] in targets]
    text = (f"{len(hits)} such change(s); all observed changes: "
            f"{_transition_list(ctx, changes)}")
    return check, [
        (len(hits) > 0, text),
        (None, "the cause ('changing internal and external conditions') is not in the data"),
    ]


def _types_range(ctx, row):
    low_end, high_end = row.asserted.split("|")
    present = set(ctx.all["ecosystem_type"].tolist())
    seen = [s for s in ctx.types if s in present]
    check = (
        f"Which types occur among the cluster-years: more than one, including "
        f"{ctx.types[low_end]} and {ctx.types[high_end]}?"
    )
    listed = ", ".join(ctx.types[s] for s in seen) or "none"
    return check, [
        (len(seen) > 1, f"{len(seen)} types occur: {listed}"),
        (low_end in seen, f"{ctx.types[low_end]}: {'found' if low_end in seen else 'absent'}"),
        (high_end in seen, f"{ctx.types[high_end]}: {'found' if high_end in seen else 'absent'}"),
    ]


def _outside_collection(ctx, row):
    check = f"Compare with the clusters in the data (the paper's figure: {row.asserted})."
    return check, [(None, f"the data hold {len(ctx.clusters)} clusters (Table 3); how many "
                          "clusters there are in Russia, and what data the others have, is not "
                          "in the collection")]


CHECKS = {
    "no_high_high": _no_high_high,
    "most_low_innovation": _most_low_innovation,
    "sole_exception_near_medium": _sole_exception_near_medium,
    "stable_growth": lambda ctx, row: _trend(ctx, row, "growth"),
    "decline": lambda ctx, row: _trend(ctx, row, "decline"),
    "significant_increase": _significant_increase,
    "type_sequence": _type_sequence,
    "cooperation_top_three": _cooperation_top_three,
    "selection_rule": _selection_rule,
    "transitions_exist": _transitions_exist,
    "transitions_between": _transitions_between,
    "types_range": _types_range,
    "outside_collection": _outside_collection,
    **BEYOND_CHECKS,
}
