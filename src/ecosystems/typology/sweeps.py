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
from .rule import grid_codes, indicator_arrays, type_codes
from .thresholds import Thresholds, threshold_array

#: Cluster-year elements per chunk (``rows x N``): about 256 KiB of uint8, so the
#: working buffers stay in the L2 cache.
CHUNK_ELEMENTS = 1 << 18
#: Largest cumulative-count table (cells) :func:`sweep_summary` builds.
MAX_TABLE_CELLS = 1 << 22
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


def _reference(data, reference) -> np.ndarray:
    """Type codes of ``data`` under one threshold set (the paper's by default)."""
    ref = threshold_array(Thresholds() if reference is None else reference)
    if len(ref) != 1:
        raise ValueError(f"the reference must be one threshold set, got {len(ref)}")
    return type_codes(*indicator_arrays(data), Thresholds.from_any(ref[0]))


def _cumulative_counts(xs: np.ndarray, ys: np.ndarray, ux: np.ndarray, uy: np.ndarray):
    """``P[i, j]`` = points with x-rank < i and y-rank < j (ranks in ``ux``, ``uy``)."""
    table = np.zeros((ux.size + 1, uy.size + 1), dtype=np.int32)
    np.add.at(table, (np.searchsorted(ux, xs) + 1, np.searchsorted(uy, ys) + 1), 1)
    np.cumsum(table, axis=0, out=table)
    np.cumsum(table, axis=1, out=table)
    return table


class _Counter:
    """Counts per 3x3 cell and agreement with a reference from rank bounds alone.

    One cumulative count table over all classified cluster-years gives the
    number in each cell of the grid from 16 look-ups; one table per reference
    type (over that type's cluster-years, ranked among their own distinct
    values) gives how many of them stay in their cell. All look-ups of a chunk
    are single ``take`` calls on flattened tables.
    """

    def __init__(self, rd: np.ndarray, va: np.ndarray, ref: np.ndarray):
        known = ref >= 0
        xs, ys = rd[known], va[known]  # x: innovation ranks (rows), y: productivity (columns)
        self.n_known = int(known.sum())
        self.ux, self.uy = np.unique(xs), np.unique(ys)
        self.width = self.uy.size + 1
        self.full = _cumulative_counts(xs, ys, self.ux, self.uy).ravel()
        grid = grid_codes()
        tables, offsets, widths, cxs, cys, inn, prod = [], [], [], [], [], [], []
        offset = 0
        for t in np.unique(ref[known]):
            sel = ref[known] == t
            ux_t, uy_t = np.unique(xs[sel]), np.unique(ys[sel])
            table = _cumulative_counts(xs[sel], ys[sel], ux_t, uy_t)
            tables.append(table.ravel())
            offsets.append(offset)
            widths.append(table.shape[1])
            offset += table.size
            # rank among the type's values = cx[rank among all values]
            cxs.append(np.concatenate([[0], np.cumsum(np.isin(self.ux, ux_t))]))
            cys.append(np.concatenate([[0], np.cumsum(np.isin(self.uy, uy_t))]))
            i, p = divmod(int(np.flatnonzero(grid == t)[0]), 3)
            inn.append(i)
            prod.append(p)
        self.types = np.concatenate(tables) if tables else np.zeros(1, dtype=np.int32)
        self.offsets = np.array(offsets, dtype=np.intp)
        self.widths = np.array(widths, dtype=np.intp)
        self.cx = np.concatenate(cxs) if cxs else np.zeros(1, dtype=np.intp)
        self.cy = np.concatenate(cys) if cys else np.zeros(1, dtype=np.intp)
        self.cx_off = np.arange(len(cxs), dtype=np.intp) * (self.ux.size + 1)
        self.cy_off = np.arange(len(cys), dtype=np.intp) * (self.uy.size + 1)
        self.inn = np.array(inn, dtype=np.intp)
        self.prod = np.array(prod, dtype=np.intp)
        self.cell_codes = grid

    def bounds(self, cuts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rank bounds (m x 4) of the low, medium, high intervals on each axis."""
        m = len(cuts)
        bx = np.empty((m, 4), dtype=np.intp)
        by = np.empty((m, 4), dtype=np.intp)
        bx[:, 0] = by[:, 0] = 0
        bx[:, 1] = np.searchsorted(self.ux, cuts[:, 0], side="left")
        bx[:, 2] = np.searchsorted(self.ux, cuts[:, 1], side="right")
        bx[:, 3] = self.ux.size
        by[:, 1] = np.searchsorted(self.uy, cuts[:, 2], side="left")
        by[:, 2] = np.searchsorted(self.uy, cuts[:, 3], side="right")
        by[:, 3] = self.uy.size
        return bx, by

    def counts(self, cuts: np.ndarray, out: np.ndarray) -> np.ndarray:
        """Write counts per type code into ``out`` (m x 9); return cluster-years changed."""
        bx, by = self.bounds(cuts)
        g = self.full.take(bx[:, :, None] * self.width + by[:, None, :])
        cells = g[:, 1:, 1:] - g[:, :-1, 1:] - g[:, 1:, :-1] + g[:, :-1, :-1]
        out[:, self.cell_codes] = cells.reshape(len(cuts), 9)
        if self.inn.size == 0:
            return np.zeros(len(cuts), dtype=np.int32)
        x0 = self.cx.take(self.cx_off + bx[:, self.inn])
        x1 = self.cx.take(self.cx_off + bx[:, self.inn + 1])
        y0 = self.cy.take(self.cy_off + by[:, self.prod])
        y1 = self.cy.take(self.cy_off + by[:, self.prod + 1])
        o, w = self.offsets, self.widths
        t = self.types
        same = (t.take(o + x1 * w + y1) - t.take(o + x0 * w + y1)
                - t.take(o + x1 * w + y0) + t.take(o + x0 * w + y0))
        return (self.n_known - same.sum(axis=1)).astype(np.int32)


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
    cuts = threshold_array(thresholds)
    engine = _Engine(data)
    ref = _reference(data, reference)
    slugs = type_slugs()
    k = len(cuts)
    # one block for the whole result, so that the DataFrame wraps it without a copy
    columns = [*slugs, "missing", "changed", "types_used"]
    result = np.zeros((k, len(columns)), dtype=np.int32)
    counts = result[:, : len(slugs)]
    changed = result[:, len(slugs) + 1]
    n_missing = engine.missing.size
    rows = engine.rows_per_chunk(chunk_size)
    if method == "auto":
        # counting pays off once a set costs more to classify than ~20 look-ups
        cells = (engine.innovation.unique.size + 1) * (engine.productivity.unique.size + 1)
        method = "count" if engine.n >= TRANSPOSE_BELOW and cells <= MAX_TABLE_CELLS else "codes"
    if method == "count":
        counter = _Counter(*indicator_arrays(data), ref)
        rows = max(rows, 1 << 14)
        with _progress(k, progress, "sweep summary") as bar:
            for start in range(0, k, rows):
                stop = min(start + rows, k)
                changed[start:stop] = counter.counts(cuts[start:stop], counts[start:stop])
                bar.update(stop - start)
    elif method == "codes":
        known = np.flatnonzero(ref >= 0)
        every = known.size == engine.n
        for block, codes in iter_sweep(data, cuts, chunk_size=rows, progress=progress):
            m = block.stop - block.start
            changed[block] = np.count_nonzero(codes != ref, axis=1)
            # one pass: code + 9 * row, counted by bincount (missing ones left out)
            flat = (codes if every else codes[:, known]).astype(np.int32)
            flat += (9 * np.arange(m, dtype=np.int32))[:, None]
            counts[block] = np.bincount(flat.ravel(order="K"), minlength=9 * m).reshape(m, 9)
    else:
        raise ValueError(f"method must be 'auto', 'count' or 'codes', got {method!r}")
    step = 1 << 16
    for start in range(0, k, step):
        result[start:start + step, -1] = np.count_nonzero(counts[start:start + step], axis=1)
    result[:, len(slugs)] = n_missing
    return pd.DataFrame(result, columns=columns, copy=False)


__all__ = ["iter_sweep", "sweep", "sweep_summary"]
