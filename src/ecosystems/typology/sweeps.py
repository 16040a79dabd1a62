"""Classify cluster-years under many threshold sets at once (sweeps).

A threshold set is four cut points, in the order of :data:`CUT_COLUMNS`:
innovation lower and upper, productivity lower and upper.

:func:`sweep` gives the ``K x N`` type codes of ``N`` cluster-years under
``K`` sets: the one rule of :mod:`ecosystems.typology.rule`
(:func:`~ecosystems.typology.rule.level_codes`,
:func:`~ecosystems.typology.rule.combine_levels`) broadcast over a chunk of
sets at a time.

:func:`sweep_summary` counts, per set, the cluster-years of each type and
those whose type differs from a reference, without the ``K x N`` codes. Each
indicator is sorted once, and a cluster-year's position on an axis is the
number of values below its own (:func:`numpy.searchsorted`). A cut becomes a
position the same way: ``x >= lower`` exactly when the position of ``x`` is
at least the number of values below ``lower``, and ``x > upper`` exactly when
it is at least the number of values at or below ``upper``. The positions of
all cluster-years, binned by :func:`numpy.histogram2d` at the cut positions
of a chunk of sets (and the reference's) and summed cumulatively along both
axes, count the cluster-years in any rectangle whose sides are such cuts: the
nine cells of a set, and the nine overlaps of a set's cell with the same cell
of the reference (the cluster-years that keep their type).
"""

from __future__ import annotations

from math import isqrt

import numpy as np
import pandas as pd

from ..io.reference import type_slugs
from .rule import combine_levels, grid_codes, indicator_arrays, level_codes
from .thresholds import Thresholds, threshold_array

#: Type codes (int8) computed per chunk of :func:`sweep`: 1 MiB.
CHUNK_CELLS = 1 << 20
#: Cells of a cumulative count table of :func:`sweep_summary` (16 MiB of int32).
TABLE_CELLS = 1 << 22
#: Threshold sets per chunk of :func:`sweep_summary` while no table can exceed TABLE_CELLS.
SUMMARY_CHUNK = 1 << 14


def _codes(rd: np.ndarray, va: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """Type codes (``m x N``) under the ``m`` sets of ``cuts``: the rule, broadcast."""
    c = cuts[:, :, None]
    return combine_levels(level_codes(rd, c[:, 0], c[:, 1]), level_codes(va, c[:, 2], c[:, 3]))


def _rows(chunk_size: int | None, default: int) -> int:
    if chunk_size is None:
        return max(1, default)
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    return int(chunk_size)


def sweep(data, thresholds, chunk_size: int | None = None) -> np.ndarray:
    """Type codes of every cluster-year under every threshold set.

    Parameters
    ----------
    data : pandas.DataFrame or (array-like, array-like)
        A table with ``rd_per_employee`` and ``value_added_per_employee``
        (``N`` rows), or the two value arrays (see :func:`indicator_arrays`).
    thresholds : Thresholds, sequence, DataFrame or array-like
        ``K`` threshold sets (see :func:`threshold_array`).
    chunk_size : int, optional
        Threshold sets classified per step (the result is the same); by
        default :data:`CHUNK_CELLS` codes per step.

    Returns
    -------
    numpy.ndarray of int8, shape (K, N)
        Index into :func:`ecosystems.type_slugs`; ``-1`` where an indicator
        is missing.

    Examples
    --------
    >>> import ecosystems as eco
    >>> codes = sweep(eco.load_indicators(), [[0.1, 0.3, 2, 4], [0.05, 0.3, 1, 4]])
    >>> codes.shape
    (2, 36)
    """
    cuts = threshold_array(thresholds)
    rd, va = indicator_arrays(data)
    rows = _rows(chunk_size, CHUNK_CELLS // max(rd.size, 1))
    result = np.empty((len(cuts), rd.size), dtype=np.int8)
    for start in range(0, len(cuts), rows):
        result[start:start + rows] = _codes(rd, va, cuts[start:start + rows])
    return result


def _reference_cuts(reference) -> np.ndarray:
    """The reference threshold set as a length-4 array (the paper's by default)."""
    ref = threshold_array(Thresholds() if reference is None else reference)
    if len(ref) != 1:
        raise ValueError(f"the reference must be one threshold set, got {len(ref)}")
    return ref[0]


def _cut_positions(sx: np.ndarray, sy: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """Level boundaries of each set as positions, ``2 x 4 x m``: per axis 0, lower, upper, n."""
    pos = np.zeros((2, 4, len(cuts)), dtype=np.int64)
    pos[0, 1] = np.searchsorted(sx, cuts[:, 0], "left")
    pos[0, 2] = np.searchsorted(sx, cuts[:, 1], "right")
    pos[1, 1] = np.searchsorted(sy, cuts[:, 2], "left")
    pos[1, 2] = np.searchsorted(sy, cuts[:, 3], "right")
    pos[:, 3] = sx.size
    return pos


def _cumulative(px: np.ndarray, py: np.ndarray, edges) -> np.ndarray:
    """``table[i, j]``: points with x-position below ``edges[0][i]`` and y below ``edges[1][j]``."""
    counts, _, _ = np.histogram2d(px, py, bins=edges)
    table = np.zeros((edges[0].size, edges[1].size), dtype=np.int32)
    table[1:, 1:] = counts.cumsum(axis=0).cumsum(axis=1)
    return table


def _boxes(table: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Points in the rectangles ``[lo, hi)`` (table indices ``2 x 3 x m``), ``3 x 3 x m``."""
    (x0, y0), (x1, y1) = lo, hi
    x0, x1, y0, y1 = x0[:, None], x1[:, None], y0[None, :], y1[None, :]
    return table[x1, y1] - table[x0, y1] - table[x1, y0] + table[x0, y0]


def sweep_summary(data, thresholds, reference=None, chunk_size: int | None = None
                  ) -> pd.DataFrame:
    """Counts of each type, and cluster-years changed, under every threshold set.

    Memory is bounded by the chunk size (besides the ``K`` rows of input and
    result), so ``K`` can be in the millions; the cost per set grows with
    ``N`` only through the binning of the ``N`` positions once per chunk (see
    the module's documentation).

    Parameters
    ----------
    data : pandas.DataFrame or (array-like, array-like)
        See :func:`sweep`.
    thresholds : Thresholds, sequence, DataFrame or array-like
        ``K`` threshold sets (see :func:`threshold_array`).
    reference : Thresholds, mapping or length-4 array, optional
        The classification ``changed`` is counted against; the paper's
        thresholds by default.
    chunk_size : int, optional
        Threshold sets per step (the result is the same); by default as many
        as keep the cumulative table within :data:`TABLE_CELLS` cells.

    Returns
    -------
    pandas.DataFrame
        One row per threshold set (index 0..K-1) with one int32 column per
        type slug (cluster-years of that type), ``missing`` (cluster-years
        without a type: a missing indicator), ``changed`` (cluster-years whose
        type differs from the reference's) and ``types_used`` (number of
        types with at least one cluster-year).
    """
    cuts = threshold_array(thresholds)
    ref = _reference_cuts(reference)
    rd, va = indicator_arrays(data)
    known = ~(np.isnan(rd) | np.isnan(va))
    x, y = rd[known], va[known]
    sx, sy = np.sort(x), np.sort(y)
    n = sx.size
    px, py = np.searchsorted(sx, x, "left"), np.searchsorted(sy, y, "left")
    refpos = _cut_positions(sx, sy, ref[None, :])
    # A chunk's table has as edges its sets' cut positions (two per set and axis), the
    # reference's and the ends, at most n + 2 per axis: as many sets a chunk as keep it within
    # TABLE_CELLS cells.
    small = (n + 2) ** 2 <= TABLE_CELLS
    rows = _rows(chunk_size, SUMMARY_CHUNK if small else isqrt(TABLE_CELLS) // 2 - 2)
    slugs = type_slugs()
    columns = [*slugs, "missing", "changed", "types_used"]
    result = np.zeros((len(cuts), len(columns)), dtype=np.int32)
    at = grid_codes()  # grid cell -> its type code
    for start in range(0, len(cuts), rows):
        block = slice(start, start + rows)
        pos = _cut_positions(sx, sy, cuts[block])
        edges = [np.unique(np.concatenate([[0, n + 1], pos[a].ravel(), refpos[a].ravel()]))
                 for a in (0, 1)]
        table = _cumulative(px, py, edges)
        # positions to table indices (increasing, so maxima and minima carry over)
        pos = np.stack([np.searchsorted(e, p) for e, p in zip(edges, pos, strict=True)])
        ref_at = np.stack([np.searchsorted(e, p) for e, p in zip(edges, refpos, strict=True)])
        cells = _boxes(table, pos[:, :3], pos[:, 1:])
        lo = np.maximum(pos[:, :3], ref_at[:, :3])  # overlap with the reference's same level
        hi = np.maximum(np.minimum(pos[:, 1:], ref_at[:, 1:]), lo)
        result[block, at] = cells.reshape(9, -1).T
        result[block, len(slugs) + 1] = n - _boxes(table, lo, hi).sum(axis=(0, 1))
    result[:, len(slugs)] = rd.size - n
    result[:, -1] = np.count_nonzero(result[:, :len(slugs)], axis=1)
    return pd.DataFrame(result, columns=columns, copy=False)


__all__ = ["sweep", "sweep_summary"]
