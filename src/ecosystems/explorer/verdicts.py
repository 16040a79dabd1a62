"""The claims ledger's verdicts for every cut point a page without Python can set.

A browser cannot run the claims ledger (:func:`ecosystems.evaluate_claims`),
so the explorer without a server (:mod:`ecosystems.explorer.static.export`)
carries its verdicts, computed here. The page's cut points lie on a grid
(multiples of a step, ``10**-decimals``, fine enough to put a cut on any value
of the data). Along one cut the verdicts can change only where a comparison
the ledger makes changes its result:

- the rule itself (``value >= lower``, ``value > upper``) changes where the cut
  passes a value of the data;
- "approaches medium" (``R&D >= lower * (1 - approach_margin)``, the
  :class:`~ecosystems.ClaimRules` field) changes where the lower innovation cut
  passes a value divided by ``1 - approach_margin``.

So each cut's grid falls into *classes*, runs of grid points on which every
such comparison agrees; the verdicts are the same at every point of a class
(checked while computing: the ledger is evaluated at both ends of every class
of every single cut and must agree). :func:`verdict_tables` evaluates the
ledger once per pair of classes of one axis (lower and upper cut), the other
axis at the paper's cuts. Every setting in which at most one axis differs from
the paper's is thereby covered exactly; a setting in which both axes differ is
not (that would take the product of the two axes' pairs, some 10^5 to 10^6
evaluations of the ledger for Table 3), and the page says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..analysis.claims.ledger import VERDICTS, ClaimRules, evaluate_claims
from ..io.loaders import INDICATORS
from ..typology.thresholds import AXES, Thresholds

MAX_DECIMALS = 6  # the finest grid (values with more decimals share a step)


def grid_decimals(values, cuts=()) -> int:
    """Decimals of a grid fine enough for every value and cut: the fewest that
    write each of them exactly (at least 2, at most :data:`MAX_DECIMALS`)."""
    needed = 2
    for v in [*np.asarray(values, dtype=float).ravel(), *cuts]:
        if not math.isfinite(v):
            continue
        while needed < MAX_DECIMALS and round(v, needed) != v:
            needed += 1
    return needed


def cut_grid(decimals: int, top: float) -> np.ndarray:
    """The cut points a page can set: ``k / 10**decimals`` for ``k = 0 ... top``.

    Each point is the double nearest to its decimal (what a browser reads from
    the text ``"0.123"``), since ``k / 10**d`` is one correctly rounded division.
    """
    scale = 10 ** decimals
    return np.arange(round(top * scale) + 1, dtype=np.int64) / scale


def class_starts(values, grid: np.ndarray, side: str, margin: float | None = None) -> np.ndarray:
    """Grid indices where the comparisons of ``values`` with a cut change (with 0).

    Parameters
    ----------
    values : array-like of float
        The axis's values in the data (missing values are ignored).
    grid : numpy.ndarray
        :func:`cut_grid`.
    side : {"lower", "upper"}
        The rule's comparison: ``value >= cut`` for the lower cut, ``value > cut``
        for the upper one.
    margin : float, optional
        For the lower innovation cut, the approach margin: the comparison
        ``value >= cut * (1 - margin)`` counts too.

    Returns
    -------
    numpy.ndarray of int
        Sorted start indices of the classes; class ``i`` runs from
        ``starts[i]`` to ``starts[i + 1] - 1`` (the last to the grid's end).
    """
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    # first grid point at which the comparison is false for each value
    found = [np.searchsorted(grid, v, side="right" if side == "lower" else "left")]
    if margin is not None:
        found.append(np.searchsorted(grid * (1 - margin), v, side="right"))
    starts = np.unique(np.concatenate([[0], *found]))
    return starts[starts < len(grid)]


@dataclass(frozen=True)
class AxisTable:
    """The verdicts along one axis (the other at the paper's cuts).

    Attributes
    ----------
    axis : str
    decimals : int
        Grid step ``10**-decimals``.
    top : float
        The largest cut of the grid.
    lower, upper : numpy.ndarray of int
        Class starts (grid indices) of the lower and the upper cut.
    table : numpy.ndarray of int, shape (len(lower), len(upper))
        Index into :attr:`VerdictTables.vectors` for each pair of classes;
        ``-1`` where no lower cut of the first class is at most an upper cut
        of the second.
    """

    axis: str
    decimals: int
    top: float
    lower: np.ndarray
    upper: np.ndarray
    table: np.ndarray


@dataclass(frozen=True)
class VerdictTables:
    """Everything a page needs to name the claims whose verdict flips.

    Attributes
    ----------
    claims : pandas.DataFrame
        ``claim_id, statement`` in ledger order.
    verdicts : tuple of str
        :data:`ecosystems.VERDICTS`; vectors hold indices into it.
    vectors : tuple of tuple of int
        The distinct verdict vectors (one verdict per claim).
    paper : int
        The vector under the paper's cuts.
    axes : dict of str to AxisTable
    evaluations : int
        How many times the ledger was evaluated.
    """

    claims: pd.DataFrame
    verdicts: tuple
    vectors: tuple
    paper: int
    axes: dict
    evaluations: int

    def verdicts_at(self, thresholds) -> tuple[str, ...] | None:
        """The verdict of every claim at ``thresholds`` (on the grid), or None
        when both axes differ from the paper's cuts (not tabulated)."""
        t = Thresholds.from_any(thresholds)
        moved = [a for a in AXES if getattr(t, a) != getattr(Thresholds(), a)]
        if len(moved) > 1:
            return None
        vector = self.paper
        if moved:
            tab = self.axes[moved[0]]
            k = [round(c * 10 ** tab.decimals) for c in getattr(t, moved[0])]
            i = int(np.searchsorted(tab.lower, k[0], side="right")) - 1
            j = int(np.searchsorted(tab.upper, k[1], side="right")) - 1
            vector = int(tab.table[i, j])
        return tuple(self.verdicts[v] for v in self.vectors[vector])


def verdict_tables(data: pd.DataFrame, tops: dict, rules=None, progress: bool = True
                   ) -> VerdictTables:
    """The ledger's verdicts for every cut setting with at most one axis moved.

    Parameters
    ----------
    data : pandas.DataFrame
        Cluster indicators (``cluster, year, rd_per_employee,
        value_added_per_employee``).
    tops : dict of str to float
        The largest cut of each axis (the page's slider maximum).
    rules : ClaimRules or dict, optional
        The ledger's rules (defaults).
    progress : bool
        Show a progress bar (a few seconds for Table 3).

    Returns
    -------
    VerdictTables

    Raises
    ------
    RuntimeError
        If the ledger's verdicts differ at two ends of one class of a single
        cut: the ledger then compares the cut points in a way this module
        does not know, and the page would be wrong.
    """
    from tqdm.auto import tqdm

    rules = ClaimRules.from_any(rules)
    paper = Thresholds()
    plain = data[["cluster", "year", *INDICATORS.values()]]
    vectors: dict[tuple, int] = {}
    cache: dict[tuple, int] = {}

    def vector_at(t: Thresholds) -> int:
        key = tuple(t.as_array())
        if key not in cache:
            got = evaluate_claims(plain, t, rules)["verdict"]
            v = tuple(VERDICTS.index(x) for x in got)
            cache[key] = vectors.setdefault(v, len(vectors))
        return cache[key]

    first = evaluate_claims(plain, paper, rules)
    paper_vector = vector_at(paper)
    plan, axes = [], {}
    for axis in AXES:
        values = data[INDICATORS[axis]].to_numpy(dtype=float)
        decimals = grid_decimals(values, [*paper.innovation, *paper.productivity])
        grid = cut_grid(decimals, tops[axis])
        margin = rules.approach_margin if axis == "innovation" else None
        lower, upper = class_starts(values, grid, "lower", margin), class_starts(values, grid,
                                                                                 "upper")
        plan.append((axis, decimals, grid, lower, upper))
    total = sum(len(lo) * len(up) for _, _, _, lo, up in plan)
    with tqdm(total=total, desc="claims ledger for the static explorer", leave=False,
              disable=not progress) as bar:
        for axis, decimals, grid, lower, upper in plan:
            ends = [np.append(s[1:] - 1, len(grid) - 1) for s in (lower, upper)]
            table = np.full((len(lower), len(upper)), -1, dtype=np.int32)
            for i, lo in enumerate(lower):
                for j, hi_end in enumerate(ends[1]):
                    bar.update()
                    if grid[lo] > grid[hi_end]:
                        continue  # every lower cut of class i is above every upper of j
                    cuts = (float(grid[lo]), float(max(grid[hi_end], grid[lo])))
                    table[i, j] = vector_at(_with(paper, axis, cuts))
            _check_classes(axis, grid, lower, upper, ends, paper, vector_at)
            axes[axis] = AxisTable(axis, decimals, float(grid[-1]), lower, upper, table)
    inverse = tuple(v for v, _ in sorted(vectors.items(), key=lambda kv: kv[1]))
    return VerdictTables(first[["claim_id", "statement"]].copy(), VERDICTS, inverse,
                         paper_vector, axes, len(cache))


def _with(paper: Thresholds, axis: str, cuts) -> Thresholds:
    return Thresholds(**{**paper.as_dict(), axis: tuple(cuts)})


def _check_classes(axis, grid, lower, upper, ends, paper, vector_at) -> None:
    """Both ends of every class of each single cut give the same verdicts."""
    other = {"lower": getattr(paper, axis)[1], "upper": getattr(paper, axis)[0]}
    for side, starts, last in (("lower", lower, ends[0]), ("upper", upper, ends[1])):
        for a, b in zip(starts, last, strict=True):
            pair = [(grid[a], other[side]), (grid[b], other[side])] if side == "lower" else \
                [(other[side], grid[a]), (other[side], grid[b])]
            if any(lo > hi for lo, hi in pair) or a == b:
                continue
            got = [vector_at(_with(paper, axis, (float(lo), float(hi)))) for lo, hi in pair]
            if got[0] != got[1]:
                raise RuntimeError(
                    f"the claims ledger's verdicts change between the {side} {axis} cuts "
                    f"{grid[a]:g} and {grid[b]:g}, where no value of the data lies: the "
                    "ledger compares cut points in a way ecosystems.explorer.verdicts does "
                    "not know (add that comparison to class_starts)")
