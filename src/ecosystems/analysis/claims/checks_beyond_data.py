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

from ..support import support_measures
from .check_context import NOTE, RD, VA, fmt

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
    # realistic": read as the studied Russian clusters reaching the levels the
    # thresholds define (a level no cluster-year reaches is not shown to be realistic).
    check = ("Does some cluster-year reach the medium level, and some the high level, of each "
             f"indicator (R&D >= {ctx.cut('innovation_lower')} / > {ctx.cut('innovation_upper')}, "
             f"value added >= {ctx.cut('productivity_lower')} / > "
             f"{ctx.cut('productivity_upper')})?")
    counts = {axis: _level_counts(ctx, axis) for axis in _INDICATOR}

    def reached(levels):
        return all(sum(counts[a][lv] for lv in levels) > 0 for a in _INDICATOR)

    def text(levels, words):
        return "; ".join(
            f"{_INDICATOR[a][1]} {words}: {sum(counts[a][lv] for lv in levels)} cluster-years"
            for a in _INDICATOR)

    return check, [
        (None, "productivity per worker in highly industrialized countries is not in the data"),
        (reached(("medium", "high")), text(("medium", "high"), "medium or high")),
        (reached(("high",)), text(("high",), "high") + f" (highest R&D {_highest(ctx, RD)}, "
                                                      f"value added {_highest(ctx, VA)})"),
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
        (None, "confirming it needs the measures applied to each ecosystem and their effect; "
               "neither is in the data (the Discussion itself says full verification 'requires "
               "more detailed statistical data')"),
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
    return check, [
        (len(occurring) > 1 and distinct == len(occurring),
         f"{len(occurring)} type(s) occur ({names}), with {distinct} different set(s) of "
         "measures"),
        (None, "whether adapting the measures to the type works (their effect) is not in the "
               "data"),
        (NOTE, _cell_note(ctx)),
    ]


BEYOND_CHECKS = {
    "threshold_rationale": _threshold_rationale,
    "thresholds_realistic": _thresholds_realistic,
    "scale_tested_in": _scale_tested_in,
    "regional_criterion": _regional_criterion,
    "hypothesis_confirmed": _hypothesis_confirmed,
    "differentiation_enables": _differentiation_enables,
}
