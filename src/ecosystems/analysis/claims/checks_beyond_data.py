"""Checks of claims that reach beyond the data: the thresholds' rationale, the law, the
conclusions.

Most of what these sentences assert cannot be checked with Table 3 (innovation output,
profitability, the cited studies, the regions' averages, the effect of support
measures): each such part says what would be needed. What the data can say is
computed: whether the studied clusters reach the levels the thresholds define,
where the cluster-years fall on the grid, and whether the types that occur get
different measures.
"""

from __future__ import annotations

import numpy as np

from ... import config
from ...io.reference import read_data_csv
from ...typology.rule import DYSFUNCTIONS
from ..support import support_measures
from .check_context import BY_CONSTRUCTION, NO_EVIDENCE, NOTE, RD, VA, fmt

_INDICATOR = {"innovation": (RD, "R&D"), "productivity": (VA, "value added")}


def _highest(ctx, column) -> str:
    values = ctx.all[column]
    if np.isnan(values).all():
        return "no values"
    i = int(np.nanargmax(values))
    return f"{fmt(values[i])} ({ctx.name(ctx.all['cluster'][i])} {ctx.all['year'][i]})"


def _level_counts(ctx, axis: str) -> dict[str, int]:
    levels = ctx.all[f"{axis}_level"]
    return {lv: int(sum(1 for v in levels if v == lv)) for lv in ("low", "medium", "high")}


def _modal_cell(ctx) -> tuple[str, int, int, int]:
    """(type, cluster-years in it, classified cluster-years, types occurring)."""
    types = [t for t in ctx.all["ecosystem_type"] if t is not None]
    if not types:
        return "none", 0, 0, 0
    counts = {t: types.count(t) for t in ctx.types if t in types}
    top = max(counts, key=counts.get)
    return ctx.types[top], counts[top], len(types), len(counts)


def _cell_note(ctx) -> str:
    name, n, total, occurring = _modal_cell(ctx)
    return (f"{n} of {total} classified cluster-years fall in one cell ({name}); "
            f"{occurring} of 9 types occur")


def _threshold_rationale(ctx, row):
    # "The threshold ... reflects the minimum level at which ..." and "... corresponds to
    # ... minimum profitability (OECD, 2020)": claims about what the cuts mean, which
    # Table 3 (R&D and value added per employee only) cannot test.
    axis = row.asserted
    column, words = _INDICATOR[axis]
    lower, upper = ctx.all[f"{axis}_lower"], ctx.all[f"{axis}_upper"]  # each row's cuts
    low_words, high_words = ctx.cut(f"{axis}_lower"), ctx.cut(f"{axis}_upper")
    check = (f"Do the data show what the {words} cuts ({low_words} and {high_words}) are said "
             "to mark?")
    need = {
        "innovation": "Table 3 has no innovation output (incremental innovations, patents, "
                      "entry into global markets) to test a 'critical investment mass' "
                      "against, and the paper cites no source for the cuts",
        "productivity": "Table 3 has no profitability, labour or automation data, and the "
                        "source cited, (OECD, 2020), is not in the paper's reference list "
                        "(erratum E18)",
    }[axis]
    values = ctx.all[column]
    known = int((~np.isnan(values)).sum())
    note = (f"{int((values >= lower).sum())} of {known} cluster-years reach {low_words}, "
            f"{int((values > upper).sum())} exceed {high_words}; highest {words} "
            f"{_highest(ctx, column)}")
    return check, [(None, need), (NOTE, note)]


def _thresholds_realistic(ctx, row):
    # "... for developing economies, including Russia, these thresholds are quite
    # realistic": a judgement on Russia's economy. Nine clusters selected for cooperation
    # above 30% cannot test it (Russia's own statistics could); what they reach is context.
    check = ("Are the thresholds realistic for Russia's economy? (Where the studied clusters "
             f"fall: R&D >= {ctx.cut('innovation_lower')} / > {ctx.cut('innovation_upper')}, "
             f"value added >= {ctx.cut('productivity_lower')} / > "
             f"{ctx.cut('productivity_upper')}.)")
    counts = {axis: _level_counts(ctx, axis) for axis in _INDICATOR}

    def text(levels, words):
        return "; ".join(
            f"{_INDICATOR[a][1]} {words}: {sum(counts[a][lv] for lv in levels)} cluster-years"
            for a in _INDICATOR)

    return check, [
        (None, "'quite realistic' is a judgement on Russia's economy; the nine clusters of "
               "Table 3, selected for cooperation above 30%, are no sample of it, and "
               "productivity per worker in highly industrialized countries is not in the data"),
        (NOTE, text(("medium", "high"), "medium or high") + "; " + text(("high",), "high")
         + f" (highest R&D {_highest(ctx, RD)}, value added {_highest(ctx, VA)})"),
        (NOTE, _cell_note(ctx)),
    ]


def _scale_tested_in(ctx, row):
    check = "Was the three-tier scale tested in the studies cited?"
    return check, [(None, (
        "the cited studies are not in the collection; by its title in the paper's reference "
        "list (no. 46), Crépon, Duguet and Mairesse (1998) is 'An Econometric Analysis at the "
        "Firm Level' of research, innovation and productivity, a model rather than a tier "
        "scale, and neither reference (nos. 45, 46) is a study of Russia by its title"))]


def _regional_criterion(ctx, row):
    check = ("Does each cluster's labour productivity exceed the average of manufacturing in "
             "its region (Resolution No. 779)?")
    values = ctx.all[VA]
    return check, [
        (None, "the regions' average labour productivity in manufacturing is not in the "
               "collection, so which clusters meet the Resolution's criterion cannot be "
               "computed"),
        (NOTE, f"the criterion is relative to each region's average; the typology's "
               f"productivity cuts ({ctx.cut('productivity_lower')} and "
               f"{ctx.cut('productivity_upper')}) are fixed; value added per employee in the data "
               f"runs from {fmt(np.nanmin(values))} to {fmt(np.nanmax(values))}"),
    ]


def _hypothesis_confirmed(ctx, row):
    check = ("Do the data confirm that support differentiated by type makes ecosystems more "
             "efficient and resilient (the Introduction's hypothesis)?")
    return check, [
        (NO_EVIDENCE, "confirming it needs the measures applied to each ecosystem and their "
                      "effect; the paper reports neither, yet calls the hypothesis 'partially "
                      "confirmed' (the Discussion itself says full verification 'requires more "
                      "detailed statistical data')"),
        (NOTE, "what the data show: " + _cell_note(ctx)),
    ]


def _differentiation_enables(ctx, row):
    # The checkable part: the classification does split the studied clusters into types
    # with different measures (with one type only, nothing would be differentiated).
    check = ("Do the studied cluster-years fall into more than one type, and do those types "
             "get different measures (Table 2)? Whether the adapted measures work is a "
             "separate part.")
    measures = support_measures()
    present = set(ctx.all["ecosystem_type"])
    occurring = [t for t in ctx.types if t in present]
    by_type = {}  # one pass over Table 2's 36 rows (the ledger runs once per setting)
    for t, measure in zip(measures["type"], measures["measure"], strict=True):
        by_type.setdefault(t, set()).add(measure)
    sets = {t: frozenset(by_type.get(t, ())) for t in occurring}
    distinct = len(set(sets.values()))
    names = ", ".join(ctx.types[t] for t in occurring) or "none"
    split = len(occurring) > 1 and distinct == len(occurring)
    return check, [
        (BY_CONSTRUCTION if split else False,
         f"{len(occurring)} type(s) occur ({names}), with {distinct} different set(s) of "
         "measures" + (": true by construction of Table 2, which gives each type its own "
                       "measures, so it says nothing about the ecosystems" if split else "")),
        (None, "whether adapting the measures to the type works (their effect) is not in the "
               "data"),
        (NOTE, _cell_note(ctx)),
    ]


def _scope_homogeneous(ctx, row):
    # "... this necessitates limiting the methodology's scope to homogeneous or coherent
    # industry clusters. Nevertheless, ..." The study then classifies its own sample with
    # one set of cut points: does that sample meet the restriction?
    check = ("Do the clusters the paper classifies with one set of cut points come from one "
             "industry (the sectors read from their names, data/cluster_industries.csv)?")
    table = read_data_csv(config.CLUSTER_INDUSTRIES)
    sector = dict(zip(table["cluster"], table["sector"], strict=True))
    known = [c for c in ctx.clusters if sector.get(c)]
    groups = {}
    for c in known:
        groups.setdefault(sector[c], []).append(ctx.name(c))
    listed = "; ".join(f"{s}: {', '.join(names)}" for s, names in groups.items())
    parts = [(len(groups) <= 1, f"{len(groups)} sector(s) among the {len(known)} clusters whose "
                                f"name states one: {listed or 'none'}")]
    unknown = [ctx.name(c) for c in ctx.clusters if c not in known]
    if unknown:
        parts.append((NOTE, f"no sector stated by the name: {', '.join(unknown)}"))
    return check, parts


def _dysfunctions_identified(ctx, row):
    # "The three-tier scale ... also identifies 'development dysfunctions'": the paper
    # shows no dysfunction; its own data have none, so the capability is asserted only.
    levels = zip(ctx.all["innovation_level"], ctx.all["productivity_level"], strict=True)
    found = [i for i, pair in enumerate(levels) if pair in DYSFUNCTIONS]
    check = ("Does the scale, applied to the paper's own data, identify a development "
             "dysfunction (high innovativeness with low productivity, or the reverse)?")
    listed = ", ".join(f"{ctx.name(ctx.all['cluster'][i])} {ctx.all['year'][i]}" for i in found)
    if found:
        return check, [(True, f"{len(found)} of {len(ctx.all['year'])} cluster-years: {listed}")]
    high = {a: _level_counts(ctx, a)["high"] for a in _INDICATOR}
    return check, [(NO_EVIDENCE, (
        f"0 of {len(ctx.all['year'])} cluster-years are in a dysfunction (cluster-years high "
        f"on R&D: {high['innovation']}, on value added: {high['productivity']}), and the paper "
        "shows none elsewhere"))]


def _sample_period(ctx, row):
    first, last = (int(y) for y in row.asserted.split("-"))
    years = sorted(set(ctx.all["year"].tolist()))
    check = (f"Do the data cover {first}-{last}, with R&D and value added per employee for "
             "every cluster?")
    have = [c for c in ctx.clusters
            if not np.isnan(ctx.values(c, RD)).all() and not np.isnan(ctx.values(c, VA)).all()]
    return check, [
        (years == list(range(first, last + 1)),
         f"years in the data: {years[0]}-{years[-1]} ({len(years)})" if years else "no years"),
        (len(have) == len(ctx.clusters),
         f"{len(have)} of {len(ctx.clusters)} clusters have both indicators"),
        (NOTE, "Table 3 heads all four R&D columns 2020 (erratum E1); the years are read as "
               "2020-2023, in the order of the value-added columns"),
    ]


def _without_evidence(ctx, row):
    # A statement the paper makes without offering evidence, and that Table 3 cannot
    # supply (the words of `asserted` say what is missing).
    check = "Does the paper offer evidence for the statement?"
    return check, [(NO_EVIDENCE, row.asserted)]


def _boundaries_reflect(ctx, row):
    check = ("Do the boundaries separate traditional from high-tech sectors in the paper's "
             "data?")
    counts = {axis: _level_counts(ctx, axis) for axis in _INDICATOR}
    high = "; ".join(f"{_INDICATOR[a][1]} high: {counts[a]['high']}" for a in _INDICATOR)
    return check, [
        (NO_EVIDENCE, "the paper gives no high-tech sector's values to set against the "
                      "boundaries"),
        (NOTE, f"cluster-years above the upper cuts: {high} of {len(ctx.all['year'])}; "
               + _cell_note(ctx)),
    ]


BEYOND_CHECKS = {
    "scope_homogeneous": _scope_homogeneous,
    "dysfunctions_identified": _dysfunctions_identified,
    "sample_period": _sample_period,
    "without_evidence": _without_evidence,
    "boundaries_reflect": _boundaries_reflect,
    "threshold_rationale": _threshold_rationale,
    "thresholds_realistic": _thresholds_realistic,
    "scale_tested_in": _scale_tested_in,
    "regional_criterion": _regional_criterion,
    "hypothesis_confirmed": _hypothesis_confirmed,
    "differentiation_enables": _differentiation_enables,
}
