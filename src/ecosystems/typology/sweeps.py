"""Classify cluster-years under many threshold sets at once (the sweep engine).

A threshold set is four cut points, in the order of :data:`CUT_COLUMNS`:
innovation lower and upper, productivity lower and upper. Given ``K`` sets and
``N`` cluster-years, :func:`sweep` returns the ``K x N`` type codes (index
into :func:`ecosystems.type_slugs`, ``-1`` for a missing indicator) under the
paper's rule ``low < lower <= medium <= upper < high``, exactly like
:func:`ecosystems.classify` applied ``K`` times.

How it is fast
--------------
Whether ``x >= lower`` depends only on where ``lower`` falls among the sorted
distinct values of ``x``. Each value is therefore replaced once by its rank
(a small integer) and each cut point by the rank it falls at
(``searchsorted``, ``O(K log N)``); the ``K x N`` work is then four
comparisons of small integers per cluster-year, written into preallocated
``uint8`` buffers in chunks that fit the CPU cache (no temporaries).

:func:`sweep_summary` answers "how many of each type, and how many changed
against a reference" for any ``K`` in memory bounded by the chunk size. For
tables of up to a few thousand cluster-years it never forms the ``K x N``
codes: a two-dimensional cumulative count over the ranks gives the number of
cluster-years in each cell of the 3x3 grid from 16 look-ups per set
(``O(K log N)`` instead of ``O(K N)``).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from ..io.reference import type_slugs
from .dominance import dominance
from .rule import grid_codes, indicator_arrays, type_codes
from .thresholds import Thresholds, threshold_array

#: Cluster-year elements per chunk (``rows x N``): about 256 KiB of uint8, so the
#: working buffers stay in the L2 cache.
CHUNK_ELEMENTS = 1 << 18
#: :func:`sweep_summary` counts by sorting and searching (``method="count"``) from this
#: many cluster-years on; below it, classifying every cluster-year is as fast.
COUNT_FROM = 64
#: Threshold sets per step of the counting path (its work per set is independent of N).
COUNT_CHUNK = 1 << 14
PROGRESS_DELAY = 2.0  # seconds before a progress bar appears
#: Tables with fewer cluster-years than this are classified in column-major buffers.
TRANSPOSE_BELOW = 256


class _Axis:
    """One indicator as ranks among its distinct values (NaN excluded)."""

    def __init__(self, values: np.ndarray):
        known = ~np.isnan(values)
        self.unique = np.unique(values[known])
        dtype = np.int16 if self.unique.size < np.iinfo(np.int16).max else np.int32
        self.dtype = dtype
        self.ranks = np.zeros(values.size, dtype=dtype)
        self.ranks[known] = np.searchsorted(self.unique, values[known])

    def cut_ranks(self, lower: np.ndarray, upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Ranks ``i, j`` with ``x >= lower <=> rank >= i`` and ``x > upper <=> rank >= j``."""
        i = np.searchsorted(self.unique, lower, side="left").astype(self.dtype)
        j = np.searchsorted(self.unique, upper, side="right").astype(self.dtype)
        return i, j


class _Engine:
    """Precomputed ranks of one table; classifies chunks of threshold sets."""

    def __init__(self, data):
        rd, va = indicator_arrays(data)
        self.n = rd.size
        self.innovation, self.productivity = _Axis(rd), _Axis(va)
        self.missing = np.flatnonzero(np.isnan(rd) | np.isnan(va))
        lut = grid_codes()
        self.lut = None if np.array_equal(lut, np.arange(9)) else lut.view(np.uint8)
        # NumPy's inner loop runs along the contiguous axis of the output. With
        # few cluster-years a row is too short to amortize the loop's overhead,
        # so buffers are column-major and the inner loop runs along the sets.
        self.order = "F" if self.n < TRANSPOSE_BELOW else "C"

    def rows_per_chunk(self, chunk_size: int | None) -> int:
        if chunk_size is not None:
            if chunk_size < 1:
                raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
            return int(chunk_size)
        return max(1, CHUNK_ELEMENTS // max(self.n, 1))

    def codes_into(self, cuts: np.ndarray, out: np.ndarray, tmp: np.ndarray) -> None:
        """Write the type codes of ``cuts`` (m x 4) into ``out`` (m x N int8)."""
        # the rule of classify.level_codes in rank space: value >= lower <=> rank >= ia,
        # value > upper <=> rank >= ib; then 3 * innovation level + productivity level
        inn, prod = self.innovation, self.productivity
        ia, ib = inn.cut_ranks(cuts[:, 0], cuts[:, 1])
        ic, id_ = prod.cut_ranks(cuts[:, 2], cuts[:, 3])
        o = out.view(np.uint8)
        t = tmp.view(np.uint8)
        np.greater_equal(inn.ranks, ia[:, None], out=o.view(bool))
        np.greater_equal(inn.ranks, ib[:, None], out=tmp)
        np.add(o, t, out=o)
        np.multiply(o, 3, out=o)
        np.greater_equal(prod.ranks, ic[:, None], out=tmp)
        np.add(o, t, out=o)
        np.greater_equal(prod.ranks, id_[:, None], out=tmp)
        np.add(o, t, out=o)
        if self.lut is not None:
            np.take(self.lut, o, out=o)
        if self.missing.size:
            out[:, self.missing] = -1


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n):
        pass


def _progress(total: int, progress, desc: str):
    """A tqdm bar (after PROGRESS_DELAY seconds unless ``progress`` is True), or none."""
    if progress is False:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="sets", unit_scale=True, leave=False,
                delay=0 if progress is True else PROGRESS_DELAY)


def iter_sweep(data, thresholds, chunk_size: int | None = None,
               progress=None) -> Iterator[tuple[slice, np.ndarray]]:
    """Type codes of successive chunks of threshold sets.

    Parameters
    ----------
    data : pandas.DataFrame or (array-like, array-like)
        See :func:`indicator_arrays`.
    thresholds : see :func:`threshold_array`
    chunk_size : int, optional
        Threshold sets per chunk; by default about 256 KiB of codes.
    progress : bool, optional
        ``None`` shows a tqdm bar only once the run has taken 2 s; ``True``
        always, ``False`` never.

    Yields
    ------
    (slice, numpy.ndarray of int8)
        The rows of ``thresholds`` covered and their ``rows x N`` codes. The
        array is reused for the next chunk: copy it to keep it.
    """
    cuts = threshold_array(thresholds)
    engine = _Engine(data)
    rows = engine.rows_per_chunk(chunk_size)
    out = np.empty((min(rows, len(cuts)), engine.n), dtype=np.int8, order=engine.order)
    tmp = np.empty_like(out, dtype=bool)
    with _progress(len(cuts), progress, "sweep") as bar:
        for start in range(0, len(cuts), rows):
            stop = min(start + rows, len(cuts))
            m = stop - start
            engine.codes_into(cuts[start:stop], out[:m], tmp[:m])
            yield slice(start, stop), out[:m]
            bar.update(m)


def sweep(data, thresholds, chunk_size: int | None = None, progress=None) -> np.ndarray:
    """Type codes of every cluster-year under every threshold set.

    Parameters
    ----------
    data : pandas.DataFrame or (array-like, array-like)
        A table with ``rd_per_employee`` and ``value_added_per_employee``
        (``N`` rows), or the two value arrays.
    thresholds : Thresholds, sequence, DataFrame or array-like
        ``K`` threshold sets (see :func:`threshold_array`).
    chunk_size : int, optional
        Threshold sets classified per step (the result is the same).
    progress : bool, optional
        See :func:`iter_sweep`.

    Returns
    -------
    numpy.ndarray of int8, shape (K, N)
        Index into :func:`ecosystems.type_slugs`; ``-1`` where an indicator
        is missing. Column-major (Fortran order) for tables of fewer than
        :data:`TRANSPOSE_BELOW` cluster-years.

    Examples
    --------
    >>> import ecosystems as eco
    >>> codes = sweep(eco.load_indicators(), [[0.1, 0.3, 2, 4], [0.05, 0.3, 1, 4]])
    >>> codes.shape
    (2, 36)
    """
    cuts = threshold_array(thresholds)
    engine = _Engine(data)
    result = np.empty((len(cuts), engine.n), dtype=np.int8, order=engine.order)
    rows = engine.rows_per_chunk(chunk_size)
    tmp = np.empty((min(rows, len(cuts)), engine.n), dtype=bool, order=engine.order)
    with _progress(len(cuts), progress, "sweep") as bar:
        for start in range(0, len(cuts), rows):
            stop = min(start + rows, len(cuts))
            engine.codes_into(cuts[start:stop], result[start:stop], tmp[: stop - start])
            bar.update(stop - start)
    return result


def _reference_cuts(reference) -> np.ndarray:
    """The reference threshold set as a length-4 array (the paper's by default)."""
    ref = threshold_array(Thresholds() if reference is None else reference)
    if len(ref) != 1:
        raise ValueError(f"the reference must be one threshold set, got {len(ref)}")
    return ref[0]


class _Counter:
    """Counts per 3x3 cell and agreement with a reference, by sorting and searching.

    Each axis is sorted once; a cut point becomes a position (``searchsorted``)
    and a cell count four values of the dominance count ``P(a, b)``
    (:mod:`ecosystems.typology.dominance`). The reference types partition the
    points into the nine reference cells, so the cluster-years that keep their
    type are the points in the nine intersections of a reference cell with the
    same cell under the new cuts: rectangles again, whose corners are the
    reference's or the set's cut positions. Corners on a reference cut need only
    one-dimensional counts (tabulated once), so a set costs four searches and
    four dominance queries whatever ``N``.
    """

    def __init__(self, rd: np.ndarray, va: np.ndarray, reference: np.ndarray):
        known = ~(np.isnan(rd) | np.isnan(va))
        x, y = rd[known], va[known]
        n = self.n_known = int(known.sum())
        by_x, by_y = np.argsort(x, kind="stable"), np.argsort(y, kind="stable")
        self.sx, self.sy = x[by_x], y[by_y]
        y_pos = np.empty(n, dtype=np.int64)
        y_pos[by_y] = np.arange(n)
        x_pos = np.empty(n, dtype=np.int64)
        x_pos[by_x] = np.arange(n)
        y_in_x, x_in_y = y_pos[by_x], x_pos[by_y]
        self.points = dominance(y_in_x)
        ref = self.positions(reference[None, :])[0]
        self.ref = ref  # (ra, rb, rc, rd): reference cut positions
        # P(a, rc), P(a, rd) for every a; P(ra, b), P(rb, b) for every b
        self.at_ref_y = [np.concatenate([[0], np.cumsum(y_in_x < r)]).astype(np.int32)
                         for r in ref[2:]]
        self.at_ref_x = [np.concatenate([[0], np.cumsum(x_in_y < r)]).astype(np.int32)
                         for r in ref[:2]]
        self.ref_corners = np.array([[self.at_ref_x[i][r] for r in ref[2:]] for i in range(2)],
                                    dtype=np.int32)
        self.cell_codes = grid_codes()

    def positions(self, cuts: np.ndarray) -> np.ndarray:
        """Positions (m x 4) of the cuts: points below the lower cut, at most the upper."""
        out = np.empty(cuts.shape, dtype=np.int32)
        out[:, 0] = np.searchsorted(self.sx, cuts[:, 0], side="left")
        out[:, 1] = np.searchsorted(self.sx, cuts[:, 1], side="right")
        out[:, 2] = np.searchsorted(self.sy, cuts[:, 2], side="left")
        out[:, 3] = np.searchsorted(self.sy, cuts[:, 3], side="right")
        return out

    def counts(self, cuts: np.ndarray, out: np.ndarray) -> np.ndarray:
        """Write counts per type code into ``out`` (m x 9); return cluster-years changed."""
        n = self.n_known
        pos = self.positions(cuts)
        ia, ib, ic, id_ = pos[:, 0], pos[:, 1], pos[:, 2], pos[:, 3]
        m = len(cuts)
        q = self.points.count(np.repeat(pos[:, :2], 2, axis=1).ravel(),
                              np.tile(pos[:, 2:], (1, 2)).ravel()).reshape(m, 4)
        q11, q12, q21, q22 = q[:, 0], q[:, 1], q[:, 2], q[:, 3]  # P(ia|ib, ic|id)
        # cell (i, j) = P(x[i+1], y[j+1]) - P(x[i], y[j+1]) - P(x[i+1], y[j]) + P(x[i], y[j])
        # with x = (0, ia, ib, n), y = (0, ic, id, n); P(0, .) = 0, P(n, y) = y, P(x, n) = x
        cells = (q11, q12 - q11, ia - q12,
                 q21 - q11, q22 - q21 - q12 + q11, ib - ia - q22 + q12,
                 ic - q21, id_ - ic - q22 + q21, n - ib - id_ + q22)
        for code, cell in zip(self.cell_codes, cells, strict=True):
            out[:, code] = cell
        return n - self._same(pos, q)

    def _same(self, pos: np.ndarray, q: np.ndarray) -> np.ndarray:
        """Cluster-years whose cell under ``pos`` is their reference cell."""
        n = self.n_known
        ra, rb, rc, rd = self.ref
        ia, ib, ic, id_ = pos[:, 0], pos[:, 1], pos[:, 2], pos[:, 3]
        # P at x in (ia, ra) x y in (ic, rc), and so on: rows x, columns y
        at_ic = (q[:, 0], self.at_ref_x[0].take(ic))   # P(ia, ic), P(ra, ic)
        at_id = (q[:, 1], self.at_ref_x[0].take(id_))  # P(ia, id), P(ra, id)
        at_ic_b = (q[:, 2], self.at_ref_x[1].take(ic))  # P(ib, ic), P(rb, ic)
        at_id_b = (q[:, 3], self.at_ref_x[1].take(id_))  # P(ib, id), P(rb, id)
        at_rc = (self.at_ref_y[0].take(ia), self.ref_corners[0, 0])  # P(ia, rc), P(ra, rc)
        at_rd = (self.at_ref_y[1].take(ia), self.ref_corners[0, 1])
        at_rc_b = (self.at_ref_y[0].take(ib), self.ref_corners[1, 0])
        at_rd_b = (self.at_ref_y[1].take(ib), self.ref_corners[1, 1])
        # P is non-decreasing in both arguments, so P(min(a, a'), y) = min(P(a, y), P(a', y)):
        # the overlaps' ends x_lo = min(ia, ra), x_m0 = max(ia, ra), x_m1 = min(ib, rb),
        # x_hi = max(ib, rb) (and y alike) need only minima and maxima of these values.
        lo, hi = np.minimum, np.maximum

        def by_y(first, second):  # P(x, min(y, y')), P(x, max(y, y')) for the x of the pair
            return lo(first, second), hi(first, second)

        ya = [*by_y(at_ic[0], at_rc[0]), *by_y(at_id[0], at_rd[0])]  # x = ia
        yr = [*by_y(at_ic[1], at_rc[1]), *by_y(at_id[1], at_rd[1])]  # x = ra
        yb = [*by_y(at_ic_b[0], at_rc_b[0]), *by_y(at_id_b[0], at_rd_b[0])]  # x = ib
        yrb = [*by_y(at_ic_b[1], at_rc_b[1]), *by_y(at_id_b[1], at_rd_b[1])]  # x = rb
        # f[r][c]: P(x_r, y_c), r, c in (lo, m0, m1, hi)
        f = [[lo(a, r) for a, r in zip(ya, yr, strict=True)],
             [hi(a, r) for a, r in zip(ya, yr, strict=True)],
             [lo(b, r) for b, r in zip(yb, yrb, strict=True)],
             [hi(b, r) for b, r in zip(yb, yrb, strict=True)]]
        x = (lo(ia, ra), hi(ia, ra), lo(ib, rb), hi(ib, rb))
        y = (lo(ic, rc), hi(ic, rc), lo(id_, rd), hi(id_, rd))
        mx = (x[2] > x[1]).astype(np.int32)  # the medium levels overlap
        my = (y[2] > y[1]).astype(np.int32)
        low_x = f[0][0] + my * (f[0][2] - f[0][1]) + x[0] - f[0][3]
        mid_x = (f[2][0] - f[1][0] + my * (f[2][2] - f[1][2] - f[2][1] + f[1][1])
                 + x[2] - x[1] - f[2][3] + f[1][3])
        high_x = (y[0] - f[3][0] + my * (y[2] - y[1] - f[3][2] + f[3][1])
                  + n - x[3] - y[3] + f[3][3])
        return low_x + mx * mid_x + high_x


def sweep_summary(data, thresholds, reference=None, chunk_size: int | None = None,
                  method: str = "auto", progress=None) -> pd.DataFrame:
    """Counts of each type, and cluster-years changed, under every threshold set.

    Memory is bounded by the chunk size (besides the ``K`` rows of input and
    result), so ``K`` can be in the tens of millions.

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
        Threshold sets per step (the result is the same).
    method : {"auto", "count", "codes"}
        ``"count"`` uses cumulative count tables (``O(K log N)``); ``"codes"``
        classifies every cluster-year and counts (``O(K N)``); ``"auto"``
        picks ``"count"`` for tables of at least :data:`TRANSPOSE_BELOW`
        cluster-years whose count tables stay under :data:`MAX_TABLE_CELLS`
        cells, ``"codes"`` otherwise.
    progress : bool, optional
        See :func:`iter_sweep`.

    Returns
    -------
    pandas.DataFrame
        One row per threshold set (index 0..K-1) with one int32 column per
        type slug (cluster-years of that type), ``missing`` (cluster-years
        without a type: a missing indicator), ``changed`` (cluster-years whose
        type differs from the reference's) and ``types_used`` (number of
        types with at least one cluster-year).
    """
    if method not in ("auto", "count", "codes"):
        raise ValueError(f"method must be 'auto', 'count' or 'codes', got {method!r}")
    cuts = threshold_array(thresholds)
    ref_cuts = _reference_cuts(reference)
    rd, va = indicator_arrays(data)
    slugs = type_slugs()
    k = len(cuts)
    # one block for the whole result, so that the DataFrame wraps it without a copy
    columns = [*slugs, "missing", "changed", "types_used"]
    result = np.zeros((k, len(columns)), dtype=np.int32)
    counts = result[:, : len(slugs)]
    changed = result[:, len(slugs) + 1]
    n_missing = int(np.count_nonzero(np.isnan(rd) | np.isnan(va)))
    if method == "auto":
        method = "count" if rd.size >= COUNT_FROM else "codes"
    if method == "count":
        counter = _Counter(rd, va, ref_cuts)
        rows = max(chunk_size or 0, COUNT_CHUNK)
        with _progress(k, progress, "sweep summary") as bar:
            for start in range(0, k, rows):
                stop = min(start + rows, k)
                changed[start:stop] = counter.counts(cuts[start:stop], counts[start:stop])
                bar.update(stop - start)
    else:
        ref = type_codes(rd, va, Thresholds.from_any(ref_cuts))
        known = np.flatnonzero(ref >= 0)
        every = known.size == rd.size
        for block, codes in iter_sweep((rd, va), cuts, chunk_size=chunk_size,
                                       progress=progress):
            m = block.stop - block.start
            changed[block] = np.count_nonzero(codes != ref, axis=1)
            # one pass: code + 9 * row, counted by bincount (missing ones left out)
            flat = (codes if every else codes[:, known]).astype(np.int32)
            flat += (9 * np.arange(m, dtype=np.int32))[:, None]
            counts[block] = np.bincount(flat.ravel(order="K"), minlength=9 * m).reshape(m, 9)
    step = 1 << 16
    for start in range(0, k, step):
        result[start:start + step, -1] = np.count_nonzero(counts[start:start + step], axis=1)
    result[:, len(slugs)] = n_missing
    return pd.DataFrame(result, columns=columns, copy=False)


__all__ = ["iter_sweep", "sweep", "sweep_summary"]
