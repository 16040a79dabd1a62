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

from ...io.quality import DEFAULT_JUMP, SUSPECT_ZERO_COLUMNS
from ...typology.rule import type_grid
from ..cooperation import PAPER_MIN_COOPERATION
from .check_context import NOTE, RD, RESTS_ON, VA, cooperation_shares, fmt, seq, span
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
    # exhibit low R&D expenditure" (every other cluster is low and below it), and its level
    # approaches medium (is below the lower cut, and near it). Neither verdict on Table 3
    # rests on how near "near" is: a cluster at or above the cut is not approaching it, and
    # a cluster that another out-spends in every year is not the exception whatever the
    # cut points (both facts are given as what the verdict rests on).
    (target,) = row.clusters
    absent = ctx.missing_clusters([target])
    keep = 1 - ctx.rules.approach_margin
    check = (
        f"Is {ctx.name(target)} the exception: is every other cluster low (R&D < "
        f"{ctx.cut('innovation_lower')} {ctx.over_years_words()}) and below it "
        f"{ctx.over_years_words()}? And does it approach medium: below that cut and within "
        f"{ctx.rules.approach_margin:.0%} of it, {ctx.over_years_words()}?"
    )
    if absent:
        return check, absent
    rd, lower = ctx.values(target, RD), ctx.values(target, "innovation_lower")
    mine = dict(zip(ctx.values(target, "year").tolist(), rd, strict=True))

    def at_or_above(other) -> np.ndarray:
        years, values = ctx.values(other, "year"), ctx.values(other, RD)
        return np.array([y in mine and v >= mine[y] for y, v in zip(years.tolist(), values,
                                                                      strict=True)])

    rivals = [c for c in ctx.clusters if c != target
              and (not _is_low(ctx, c) or not ctx.over_years(~at_or_above(c)))]
    near = (rd >= lower * keep) & (rd < lower)
    medium_up = int((rd >= lower).sum())
    listed = "; ".join(f"{ctx.name(c)} R&D {span(ctx.values(c, RD))}" for c in rivals)
    parts = [
        (not rivals, f"other clusters not low, or not below {ctx.name(target)}: "
                     f"{listed or 'none'}"),
        (
            ctx.over_years(near),
            f"{ctx.name(target)} R&D {seq(rd)}: below the lower cut "
            f"{ctx.cut('innovation_lower')} and within {ctx.rules.approach_margin:.0%} of it "
            f"in {int(near.sum())} of {len(rd)} years, at or above it (already medium or "
            f"higher) in {medium_up}",
        ),
    ]
    for other in ctx.clusters:
        if other != target and len(rd) and at_or_above(other).sum() == len(rd):
            parts.append((RESTS_ON, (
                f"{ctx.name(other)} out-spends {ctx.name(target)} on R&D in every year "
                "(whatever the cut points)")))
    if medium_up == len(rd):
        parts.append((RESTS_ON, (
            f"{ctx.name(target)} is at or above the lower cut in every year (lowest "
            f"{fmt(np.nanmin(rd))}), however near 'near' is taken")))
    return check, parts


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
    jumps = {c: _jumps(ctx, c) for c in present}
    if any(jumps.values()):
        flagged = "; ".join(f"{ctx.name(c)} " + ", ".join(f"{y} {change:+.0%}" for y, change in j)
                            for c, j in jumps.items() if j)
        parts.append((NOTE, f"changes data_quality flags as jumps (more than "
                            f"{DEFAULT_JUMP:g}-fold): {flagged}"))
    # what the verdict rests on: the named clusters whose result the flagged jumps decide
    decided = []
    for c, j in jumps.items():
        if not j:
            continue
        va = ctx.values(c, VA)
        before = va[ctx.values(c, "year") < j[0][0]]
        if len(before) > 1 and test(before, rule) != test(va, rule):
            decided.append((ctx.name(c), j[0][0]))
    if decided:
        parts.append((RESTS_ON, (
            f"{len(decided)} of {len(present)} named clusters only through a change "
            "data_quality flags as a jump ("
            + ", ".join(f"{name} {year}" for name, year in decided) + ")")))
    return check, parts


def _jumps(ctx, cluster) -> list[tuple[int, float]]:
    """``(year, relative change)`` of the year-on-year changes of value added that
    :func:`ecosystems.data_quality` flags as jumps."""
    va, years = ctx.values(cluster, VA), ctx.values(cluster, "year")
    found = []
    for i in range(1, len(va)):
        before, after = va[i - 1], va[i]
        consecutive = years[i] - years[i - 1] == 1
        if consecutive and before > 0 and after > 0 and \
                max(after / before, before / after) > DEFAULT_JUMP:
            found.append((int(years[i]), float(after / before - 1)))
    return found


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
    parts, deciding = [], []
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
        if found[year] != slug:
            deciding += _deciding_cuts(ctx, target, year, slug, found[year])
    # "belonged to A in 2020 and 2021, shifting to B in 2022 and 2023": one shift, one way
    years = [int(y) for y in stated]
    if all(y in found and not pd.isna(found[y]) for y in years):
        said = _runs([stated[str(y)] for y in years])
        seen = _runs([found[y] for y in years])
        parts.append((seen == said, (
            f"stated course {' -> '.join(ctx.types[t] for t in said)}; observed "
            f"{' -> '.join(ctx.types[t] for t in seen)}"
            + (" (a round trip, not a one-way shift)" if len(seen) > 2 and seen[0] == seen[-1]
               else ""))))
    if deciding:
        parts.append((RESTS_ON, "; ".join(deciding)))
    return check, parts


def _runs(types: list[str]) -> list[str]:
    """The types of a sequence with repeats collapsed: a, a, b, b -> a, b."""
    return [t for i, t in enumerate(types) if i == 0 or types[i - 1] != t]


def _deciding_cuts(ctx, cluster, year, stated, found) -> list[str]:
    """For a year classified otherwise than stated: the value, the cut that decides it and
    how far (relative) the value lies from that cut."""
    grid = type_grid()
    where = {grid[i, j]: (i, j) for i in range(3) for j in range(3)}
    out = []
    for k, (axis, column, words) in enumerate((("innovation", RD, "R&D"),
                                               ("productivity", VA, "value added"))):
        if where[stated][k] == where[found][k]:
            continue
        value = ctx.at(cluster, column)[year]
        cuts = [ctx.at(cluster, f"{axis}_{side}")[year] for side in ("lower", "upper")]
        cut = min(cuts, key=lambda c: abs(value - c))
        out.append(f"{year}: {words} {fmt(value)}, {_distance(value, cut)} "
                   f"{'above' if value >= cut else 'below'} the cut {cut:g}")
    return out


def _distance(value: float, cut: float) -> str:
    """How far a value lies from a cut: relative to the cut, or absolute at a cut of zero."""
    return f"{abs(value / cut - 1):.0%}" if cut else f"{abs(value):.3f}"


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
        + (f" ({zeros} values are exactly 0.000, read as published, as data; whether they are "
           "data or gaps the paper does not say)" if zeros else ""),
    )]
    suspect = np.zeros(total, dtype=bool)
    for column in SUSPECT_ZERO_COLUMNS:
        suspect |= d[column] == 0
    if suspect.any():
        where = ", ".join(f"{ctx.name(d['cluster'][i])} {d['year'][i]}"
                          for i in np.flatnonzero(suspect))
        kept = int((~np.isnan(both[0]) & ~np.isnan(both[1]) & ~suspect).sum())
        parts.append((RESTS_ON, (
            f"the zeros read as data: read as missing (data_quality: likely not reported), "
            f"{kept} of {total} cluster-years have both indicators ({where} lack value "
            "added)")))
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
                f"{name} ({share:g}%) is above the line but has no Table 3 row, and the paper "
                "gives no reason (an unexplained omission: whether its indicators were "
                "unavailable is not stated)",
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
    parts = [(len(changes) > 0, text)]
    if changes and moved <= 1:
        parts.append((RESTS_ON, _crossings(ctx, changes)))
    return check, parts


def _crossings(ctx, changes) -> str:
    """Which cuts the changes of type cross, and how near the values lie to them."""
    grid = type_grid()
    where = {grid[i, j]: (i, j) for i in range(3) for j in range(3)}
    crossed, nearest = set(), []
    for c, year, a, b in changes:
        for k, (axis, column, words) in enumerate((("innovation", RD, "R&D"),
                                                   ("productivity", VA, "value added"))):
            if where[a][k] == where[b][k]:
                continue
            side = "lower" if min(where[a][k], where[b][k]) == 0 else "upper"
            cut = ctx.at(c, f"{axis}_{side}")[year]
            crossed.add((words, float(cut)))
            for y in (year - 1, year):
                value = ctx.at(c, column)[y]
                nearest.append((abs(value / cut - 1) if cut else abs(value),
                                f"{ctx.name(c)} {y} {fmt(value)}, {_distance(value, cut)}"))
    moved = len({c for c, *_ in changes})
    close = min(nearest) if nearest else None
    cuts = ", ".join(f"{words} {cut:g}" for words, cut in sorted(crossed))
    return (f"{moved} cluster crossing {len(crossed)} cut(s) ({cuts})"
            + (f"; nearest value {close[1]} from it" if close else ""))


def _transitions_between(ctx, row):
    # "Such transitions - from traditional production and adaptation to growth and
    # leadership ecosystems - may result from ...": the premise (that such transitions
    # are there to be explained) is asserted and checkable; the hedged cause is a claim
    # of its own (kind cause_not_in_data).
    sources, targets = (side.split("|") for side in row.asserted.split(">"))
    names = " or ".join(ctx.types[s] for s in sources), " or ".join(ctx.types[s] for s in targets)
    check = f"Is any observed change of type one from {names[0]} to {names[1]}?"
    changes = ctx.changes()
    hits = [ch for ch in changes if ch[2] in sources and ch[3] in targets]
    reached = [t for t in targets if t in set(ctx.all["ecosystem_type"].tolist())]
    text = (f"{len(hits)} such change(s); all observed changes: "
            f"{_transition_list(ctx, changes)}; cluster-years of type {names[1]}: "
            f"{'some' if reached else 'none'}")
    return check, [(len(hits) > 0, text)]


def _cause_not_in_data(ctx, row):
    check = f"Do the data show what causes the changes of type ({row.asserted})?"
    return check, [(None, f"the cause ('{row.asserted}') is not in the data; only "
                          f"{len(ctx.changes())} change(s) of type are")]


def _types_range(ctx, row):
    # "we identify different ecosystems types, ranging from traditional manufacturing to
    # high-tech industry leaders": the range is what is asserted; that the low end occurs
    # is trivially true where most cluster-years are low, so it is a note, not a part that
    # could pad the count of parts that hold.
    low_end, high_end = row.asserted.split("|")
    present = set(ctx.all["ecosystem_type"].tolist())
    seen = [s for s in ctx.types if s in present]
    check = (f"Do the types found in the data range from {ctx.types[low_end]} to "
             f"{ctx.types[high_end]}?")
    listed = ", ".join(ctx.types[s] for s in seen) or "none"
    top = {axis: max((lv for lv in ctx.all[f"{axis}_level"] if lv is not None),
                     key=("low", "medium", "high").index, default="none")
           for axis in ("innovation", "productivity")}
    return check, [
        (low_end in seen and high_end in seen,
         f"{ctx.types[high_end]}: {'found' if high_end in seen else 'absent'}; the highest "
         f"level any cluster-year reaches is {top['innovation']} on R&D and "
         f"{top['productivity']} on value added"),
        (NOTE, f"{len(seen)} types occur: {listed}"),
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
    "cause_not_in_data": _cause_not_in_data,
    "types_range": _types_range,
    "outside_collection": _outside_collection,
    **BEYOND_CHECKS,
}
