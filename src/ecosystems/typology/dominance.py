"""Two-dimensional dominance counts: how many points lie below and left of a corner.

The sweep summary (:func:`ecosystems.sweep_summary`) needs, for every threshold
set, the number of cluster-years in each cell of the 3x3 grid. With the points
ranked on each axis (positions ``0..n-1`` in sorted order, ties in any order), a
cut point becomes a position and a cell count is four values of

    ``P(a, b)`` = number of points with x-position < a and y-position < b.

Two structures answer ``P`` for many ``(a, b)`` at once:

:class:`FullTable`
    The ``(n + 1) x (n + 1)`` cumulative count table: one look-up per query.
    For small tables only (:data:`FULL_TABLE_MAX` points).
:class:`Wavelet`
    A wavelet matrix over the y-positions listed in x order, with ``2**d``-ary
    digits: ``O(n log n)`` memory and build time, one query is
    ``ceil(log2(n) / d)`` steps of two adjacent look-ups (a step reads the count
    of smaller digits at the prefix's end; the node's start comes from a small
    table). Any ``n``.

:func:`dominance` picks one. Both are exact; ``tests/typology/test_dominance.py``
checks them against brute force.
"""

from __future__ import annotations

import numpy as np

#: Largest number of points for which :func:`dominance` builds the full table
#: (``(n + 1)**2`` uint16 cells: 8 MiB at 2047).
FULL_TABLE_MAX = 2047
#: Memory budget of the wavelet matrix's tables; the widest digit that fits is used (fewer
#: levels, fewer look-ups; 6 bits, 75 MiB, at 100,000 points).
WAVELET_BUDGET = 96 << 20


class FullTable:
    """``P(a, b)`` from the complete cumulative count table.

    Parameters
    ----------
    y_in_x_order : numpy.ndarray of int
        The y-position of each point, points listed in x order (a permutation
        of ``0..n-1``).
    """

    def __init__(self, y_in_x_order: np.ndarray):
        n = y_in_x_order.size
        dtype = np.uint16 if n < np.iinfo(np.uint16).max else np.int32
        table = np.zeros((n + 1, n + 1), dtype=dtype)
        table[np.arange(1, n + 1), np.asarray(y_in_x_order) + 1] = 1
        np.cumsum(table, axis=0, out=table)
        np.cumsum(table, axis=1, out=table)
        self.n, self.width = n, n + 1
        self.flat = table.ravel()

    def count(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``P(a, b)`` for arrays of positions ``0 <= a, b <= n`` (int32, broadcast)."""
        dtype = np.int32 if self.n < 46340 else np.int64  # (n + 1)**2 fits
        index = np.add(np.multiply(a, self.width, dtype=dtype), b, dtype=dtype)
        return self.flat.take(index).astype(np.int32, copy=False)

    @property
    def nbytes(self) -> int:
        return self.flat.nbytes


class Wavelet:
    """``P(a, b)`` from a wavelet matrix with ``2**digit_bits``-ary digits.

    Parameters
    ----------
    y_in_x_order : numpy.ndarray of int
        As for :class:`FullTable`.
    digit_bits : int
        Bits per level (1-6); fewer levels with wider digits, at more memory.

    Notes
    -----
    Level ``j`` holds the sequence stably sorted by the digits above it, and
    ``T[j][pos, c]`` = elements among its first ``pos`` whose digit ``j`` is
    below ``c``. Counting values below ``b`` in the first ``a`` elements adds,
    per level, those of the current node whose digit is below ``b``'s digit,
    then moves into the child node of ``b``'s digit.
    """

    def __init__(self, y_in_x_order: np.ndarray, digit_bits: int = 4):
        seq = np.asarray(y_in_x_order, dtype=np.int64)
        n = seq.size
        self.n, self.d = n, int(digit_bits)
        self.w = (1 << self.d) + 1
        bits = max(1, int(n).bit_length())  # positions 0..n, n included
        self.levels = -(-bits // self.d)
        mask = (1 << self.d) - 1
        self.tables, self.starts, self.node_counts = [], [], []
        cur = seq
        for j in range(self.levels):
            digit = ((cur >> self._shift(j)) & mask).astype(np.uint8)
            columns = np.zeros((self.w, n + 1), dtype=np.int32)
            for c in range(1, self.w):
                np.cumsum(digit < c, out=columns[c, 1:])
            table = np.ascontiguousarray(columns.T)  # T[pos, c] next to T[pos, c + 1]
            self.tables.append(table.ravel())
            self.starts.append(table[n].copy())  # elements of the level with a smaller digit
            cur = cur[np.argsort(digit, kind="stable")]  # radix sort of small integers
        # The start of each node (a prefix of the value's digits) is the same for
        # every query: tabulate T[j][start, c] per node, so a query tracks one end only.
        for j in range(self.levels):
            prefixes = np.arange(1 << (self.d * j), dtype=np.int64) << (self._shift(j) + self.d)
            start = np.zeros(prefixes.size, dtype=np.int64)
            for i in range(j):
                c = (prefixes >> self._shift(i)) & mask
                t = self.tables[i]
                start = self.starts[i][c] + t[start * self.w + c + 1] - t[start * self.w + c]
            self.node_counts.append(
                self.tables[j].reshape(n + 1, self.w)[np.minimum(start, n)].ravel())

    def _shift(self, level: int) -> int:
        return (self.levels - 1 - level) * self.d

    def count(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``P(a, b)`` for arrays of positions ``0 <= a, b <= n`` (int32, broadcast)."""
        hi, b = np.broadcast_arrays(np.asarray(a, dtype=np.int32), np.asarray(b, dtype=np.int32))
        hi, b = hi.copy(), b.copy()
        mask, w = (1 << self.d) - 1, self.w
        result = np.zeros(hi.shape, dtype=np.int32)
        c, index = np.empty_like(hi), np.empty_like(hi)
        below, above = np.empty_like(hi), np.empty_like(hi)
        for j in range(self.levels):
            shift = self._shift(j)
            np.right_shift(b, shift, out=c)
            np.bitwise_and(c, mask, out=c)
            np.multiply(hi, w, out=index)
            index += c
            table = self.tables[j]
            table.take(index, out=below)
            index += 1
            table.take(index, out=above)
            result += below
            if j:  # the root node starts at 0, where every count is 0
                node = np.right_shift(b, shift + self.d)
                node *= w
                node += c
                result -= self.node_counts[j].take(node)
            self.starts[j].take(c, out=hi)
            hi += above
            hi -= below
        return result

    @property
    def nbytes(self) -> int:
        return sum(t.nbytes for t in self.tables) + sum(t.nbytes for t in self.node_counts)


def wavelet_digit_bits(n: int, budget: int = WAVELET_BUDGET) -> int:
    """The widest digit (2 to 6 bits) whose wavelet tables for ``n`` points fit ``budget`` bytes."""
    bits = max(1, int(n).bit_length())
    for d in (6, 5, 4, 3):
        levels = -(-bits // d)
        nodes = sum(1 << (d * j) for j in range(levels))
        if 4 * ((1 << d) + 1) * ((n + 1) * levels + nodes) <= budget:
            return d
    return 2


def dominance(y_in_x_order: np.ndarray):
    """The structure that answers ``P(a, b)`` for these points: a full table when small.

    Parameters
    ----------
    y_in_x_order : numpy.ndarray of int
        The y-position of each point, points listed in x order.

    Returns
    -------
    FullTable or Wavelet
        Either has ``count(a, b)``.
    """
    n = np.asarray(y_in_x_order).size
    if n <= FULL_TABLE_MAX:
        return FullTable(y_in_x_order)
    return Wavelet(y_in_x_order, wavelet_digit_bits(n))
