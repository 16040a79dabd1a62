"""The key number of each claim's verdict: the one figure a referee reads in the verdict table.

One function per kind of claim (the kinds of :mod:`.checks` and :mod:`.beyond`), each
computed from the evaluation context; a kind whose verdict rests on no number of the data
(a study cited, a cause, an adjustment never quantified) has none (empty text).
"""

from __future__ import annotations

import numpy as np

from .check_context import RD, VA, fmt, span

_LEVELS = ("low", "medium", "high")


def _count(ctx, mask) -> str:
    return f"{int(np.sum(mask))} of {len(ctx.all['year'])} cluster-years"


def _top(ctx, axis: str) -> str:
    levels = [lv for lv in ctx.all[f"{axis}_level"] if lv is not None]
    return max(levels, key=_LEVELS.index) if levels else "none"


def _no_high_high(ctx, row):
    d = ctx.all
    return _count(ctx, (d["innovation_level"] == "high") & (d["productivity_level"] == "high")) \
        + " high on both"


def _most_low(ctx, row):
    low = [c for c in ctx.clusters if ctx.over_years(ctx.values(c, "innovation_level") == "low")]
    return f"{len(low)} of {len(ctx.clusters)} clusters low"


def _sole_exception(ctx, row):
    (target,) = row.clusters
    if target not in ctx.by_cluster:
        return ""
    top = max(ctx.clusters, key=lambda c: np.nanmax(ctx.values(c, RD)))
    text = f"R&D {ctx.name(target)} {span(ctx.values(target, RD))}"
    if top != target:
        text += f", {ctx.name(top)} {span(ctx.values(top, RD))}"
    return text + f"; medium from {ctx.cut('innovation_lower')}"


def _trend(ctx, row):
    present = [c for c in row.clusters if c in ctx.by_cluster]
    return "; ".join(f"{ctx.name(c)} {fmt(ctx.values(c, VA)[0])} -> {fmt(ctx.values(c, VA)[-1])}"
                     for c in present)


def _significant_increase(ctx, row):
    (target,) = row.clusters
    year = int(row.asserted)
    va = ctx.at(target, VA) if target in ctx.by_cluster else {}
    if year not in va or year - 1 not in va:
        return ""
    return f"value added {fmt(va[year - 1])} -> {fmt(va[year])}"


def _type_sequence(ctx, row):
    (target,) = row.clusters
    if target not in ctx.by_cluster:
        return ""
    stated = dict(item.split("=") for item in row.asserted.split("|"))
    found = ctx.at(target, "ecosystem_type")
    same = sum(1 for y, slug in stated.items() if found.get(int(y)) == slug)
    wrong = [int(y) for y, slug in stated.items() if found.get(int(y)) not in (slug, None)]
    text = f"{same} of {len(stated)} years as stated"
    if wrong:
        va = ctx.at(target, VA)
        text += "; " + ", ".join(f"{y} value added {fmt(va[y])}" for y in wrong) + \
            f" (cut {ctx.cut('productivity_lower')})"
    return text


def _cooperation(ctx, row):
    from .check_context import cooperation_shares

    return f"shares reported for {len(cooperation_shares())} clusters"


def _selection(ctx, row):
    d = ctx.all
    both = ~np.isnan(d[RD]) & ~np.isnan(d[VA])
    zero = both & (d[VA] == 0)
    return (f"{_count(ctx, both)} with both indicators ({int(both.sum() - zero.sum())} if the "
            "zeros of value added are missing)")


def _transitions(ctx, row):
    changes = ctx.changes()
    return f"{len(changes)} changes of type in {len({c for c, *_ in changes})} cluster(s)"


def _transitions_between(ctx, row):
    sources, targets = (side.split("|") for side in row.asserted.split(">"))
    hits = [ch for ch in ctx.changes() if ch[2] in sources and ch[3] in targets]
    return f"{len(hits)} such changes"


def _types_range(ctx, row):
    return f"highest level: {_top(ctx, 'innovation')} on R&D, {_top(ctx, 'productivity')} on " \
           "value added"


def _outside(ctx, row):
    return f"{len(ctx.clusters)} clusters in the data"


def _rationale(ctx, row):
    axis = row.asserted
    column = RD if axis == "innovation" else VA
    values = ctx.all[column]
    return (f"{int((values >= ctx.all[f'{axis}_lower']).sum())} reach "
            f"{ctx.cut(f'{axis}_lower')}, {int((values > ctx.all[f'{axis}_upper']).sum())} "
            f"exceed {ctx.cut(f'{axis}_upper')}")


def _high_counts(ctx, row):
    return "; ".join(f"{words} high: {_count(ctx, ctx.all[f'{axis}_level'] == 'high')}"
                     for axis, words in (("innovation", "R&D"), ("productivity", "value added")))


def _regional(ctx, row):
    return f"value added {span(ctx.all[VA])}"


def _cell(ctx, row):
    types = [t for t in ctx.all["ecosystem_type"] if t is not None]
    return f"{len(set(types))} of {len(ctx.types)} types occur"


def _scope(ctx, row):
    from ... import config
    from ...io.reference import read_data_csv

    table = read_data_csv(config.CLUSTER_INDUSTRIES)
    sector = dict(zip(table["cluster"], table["sector"], strict=True))
    return f"{len({sector[c] for c in ctx.clusters if sector.get(c)})} sectors"


def _dysfunctions(ctx, row):
    from ...typology.rule import DYSFUNCTIONS

    pairs = zip(ctx.all["innovation_level"], ctx.all["productivity_level"], strict=True)
    return _count(ctx, [p in DYSFUNCTIONS for p in pairs]) + " in a dysfunction"


def _period(ctx, row):
    years = sorted(set(ctx.all["year"].tolist()))
    return f"{years[0]}-{years[-1]}, {len(ctx.clusters)} clusters" if years else ""


def _none(ctx, row):
    return ""


KEYS = {
    "no_high_high": _no_high_high, "most_low_innovation": _most_low,
    "sole_exception_near_medium": _sole_exception, "stable_growth": _trend, "decline": _trend,
    "significant_increase": _significant_increase, "type_sequence": _type_sequence,
    "cooperation_top_three": _cooperation, "selection_rule": _selection,
    "transitions_exist": _transitions, "transitions_between": _transitions_between,
    "cause_not_in_data": _transitions, "types_range": _types_range,
    "outside_collection": _outside, "threshold_rationale": _rationale,
    "thresholds_realistic": _high_counts, "scale_tested_in": _none, "regional_criterion": _regional,
    "hypothesis_confirmed": _none, "differentiation_enables": _cell,
    "scope_homogeneous": _scope, "dysfunctions_identified": _dysfunctions,
    "sample_period": _period, "without_evidence": _none, "boundaries_reflect": _high_counts,
}
