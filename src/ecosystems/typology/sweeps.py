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
against a reference" for any ``K`` in memory bounded by the chunk size, and
never forms the ``K x N`` codes (from :data:`COUNT_FROM` cluster-years on).
Each indicator is sorted once; a set's four cuts become positions
(``searchsorted``) and the count of each cell of the 3x3 grid follows from
four two-dimensional dominance counts (:mod:`ecosystems.typology.dominance`:
a full cumulative table for small tables, a wavelet matrix built in
``O(N log N)`` for large ones); the reference types partition the points into
rectangles, so the cluster-years that keep their type are counted from the
same values and one-dimensional counts at the reference's cuts. The cost is
``O((N + K) log N)`` whatever ``N``.
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
#: many cluster-years on; below it, classifying every cluster-year is faster (measured:
#: equal at about 12).
COUNT_FROM = 16
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
        ref = self.positions(reference[None, :])[:, 0]
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
        """Positions (4 x m) of the cuts: points below the lower cut, at most the upper."""
        out = np.empty((4, len(cuts)), dtype=np.int32)
        out[0] = np.searchsorted(self.sx, cuts[:, 0], side="left")
        out[1] = np.searchsorted(self.sx, cuts[:, 1], side="right")
        out[2] = np.searchsorted(self.sy, cuts[:, 2], side="left")
        out[3] = np.searchsorted(self.sy, cuts[:, 3], side="right")
        return out

    def counts(self, cuts: np.ndarray, out: np.ndarray, used: np.ndarray) -> np.ndarray:
        """Write counts per type code into ``out`` (m x 9) and the number of types in use
        into ``used`` (m); return cluster-years changed."""
        n = self.n_known
        pos = self.positions(cuts)
        ia, ib, ic, id_ = pos
        q = self.points.count(pos[:2, None], pos[None, 2:]).reshape(4, -1)
        q11, q12, q21, q22 = q  # P(ia|ib, ic|id)
        # cell (i, j) = P(x[i+1], y[j+1]) - P(x[i], y[j+1]) - P(x[i+1], y[j]) + P(x[i], y[j])
        # with x = (0, ia, ib, n), y = (0, ic, id, n); P(0, .) = 0, P(n, y) = y, P(x, n) = x
        cells = np.empty((9, len(cuts)), dtype=np.int32)  # rows in type-code order
        at = self.cell_codes  # grid cell 3 * i + j -> its type code
        cells[at[0]] = q11
        np.subtract(q12, q11, out=cells[at[1]])
        np.subtract(ia, q12, out=cells[at[2]])
        np.subtract(q21, q11, out=cells[at[3]])
        cells[at[4]] = q22 - q21 - cells[at[1]]
        cells[at[5]] = ib - ia - q22 + q12
        np.subtract(ic, q21, out=cells[at[6]])
        cells[at[7]] = id_ - ic - q22 + q21
        cells[at[8]] = n - ib - id_ + q22
        out[...] = cells.T
        used[:] = np.count_nonzero(cells, axis=0)
        return n - self._same(pos, q)

    def _same(self, pos: np.ndarray, q: np.ndarray) -> np.ndarray:
        """Cluster-years whose cell under ``pos`` is their reference cell.

        On each axis the overlap of a level with the reference's level has ends
        at ``lo = min(new, ref)`` and ``hi = max(new, ref)`` of the lower and of
        the upper cut. ``P`` is non-decreasing in both arguments, so ``P`` at
        such ends is the minimum or maximum of ``P`` at the raw cuts: the
        4 x 4 values ``G`` at x in (ia, ra, ib, rb), y in (ic, rc, id, rd)
        become the values ``F`` at the ends by minima and maxima along each
        axis. The nine overlaps then add up to ``sx' F sy`` plus terms in the
        ends themselves, with ``s = (1, -m, m, -1)`` and ``m`` 1 where the medium
        levels overlap (``min(upper) > max(lower)``), else 0.
        """
        n, m = self.n_known, pos.shape[1]
        ra, rb, rc, rd = self.ref
        g = np.empty((4, 4, m), dtype=np.int32)  # x: ia, ra, ib, rb; y: ic, rc, id, rd
        g[0, 0], g[0, 2], g[2, 0], g[2, 2] = q
        for i, row in ((0, 1), (1, 3)):  # P(ra|rb, ic|id): one-dimensional counts
            self.at_ref_x[i].take(pos[2], out=g[row, 0])
            self.at_ref_x[i].take(pos[3], out=g[row, 2])
        for j, column in ((0, 1), (1, 3)):  # P(ia|ib, rc|rd)
            self.at_ref_y[j].take(pos[0], out=g[0, column])
            self.at_ref_y[j].take(pos[1], out=g[2, column])
        g[1::2, 1::2] = self.ref_corners[:, :, None]
        f = np.empty_like(g)
        for a, b in ((0, 1), (2, 3)):  # y: (new, ref) -> (min, max)
            np.minimum(g[:, a], g[:, b], out=f[:, a])
            np.maximum(g[:, a], g[:, b], out=f[:, b])
        for a, b in ((0, 1), (2, 3)):  # x: (new, ref) -> (min, max)
            np.minimum(f[a], f[b], out=g[a])
            np.maximum(f[a], f[b], out=g[b])
        ends = np.empty((4, 2, m), dtype=np.int32)  # per cut: (min, max) of new and reference
        for k, ref in enumerate(self.ref):
            np.minimum(pos[k], ref, out=ends[k, 0])
            np.maximum(pos[k], ref, out=ends[k, 1])
        mx = ends[1, 0] > ends[0, 1]  # the medium levels overlap
        my = ends[3, 0] > ends[2, 1]
        # sx' F sy with s = (1, -m, m, -1): columns first, then rows
        by_row = g[:, 0] - g[:, 3]
        by_row += np.where(my, g[:, 2] - g[:, 1], 0)
        same = by_row[0] - by_row[3]
        same += np.where(mx, by_row[2] - by_row[1], 0)
        same += ends[0, 0] - ends[1, 1] + ends[2, 0] - ends[3, 1] + n
        same += np.where(mx, ends[1, 0] - ends[0, 1], 0)
        same += np.where(my, ends[3, 0] - ends[2, 1], 0)
        return same


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
        ``"count"`` sorts and searches (``O((N + K) log N)``, see the module's
        documentation); ``"codes"`` classifies every cluster-year and counts
        (``O(K N)``); ``"auto"`` picks ``"count"`` for tables of at least
        :data:`COUNT_FROM` cluster-years, ``"codes"`` otherwise. The results
        are the same.
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
                changed[start:stop] = counter.counts(cuts[start:stop], counts[start:stop],
                                                     result[start:stop, -1])
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
