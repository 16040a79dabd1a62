"""The cut points of the 3x3 typology: their defaults and the one rule that checks them.

A set of cut points is two pairs, ``innovation = (lower, upper)`` (R&D per
employee) and ``productivity = (lower, upper)`` (value added per employee),
in million rubles. One set travels as a :class:`Thresholds`; many sets (the
sweeps of the sensitivity study) as a ``K x 4`` array whose columns are
:data:`CUT_COLUMNS`. Both are checked by :func:`check_cut_array`: every cut
finite and non-negative, each lower cut at most its upper cut. Equal cuts are
allowed: the medium level is then the single value at the cut (the paper's
rule ``low < lower <= medium <= upper < high``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: The four cut points of a set, in the column order of threshold arrays.
CUT_COLUMNS = ("innovation_lower", "innovation_upper", "productivity_lower", "productivity_upper")
AXES = ("innovation", "productivity")
PAPER = {"innovation": (0.1, 0.3), "productivity": (2.0, 4.0)}


def check_cut_array(cuts: np.ndarray, names=None) -> None:
    """Raise ``ValueError`` on the first set of ``cuts`` (``K x 4``) that breaks the rule.

    Parameters
    ----------
    cuts : numpy.ndarray of float, shape (K, 4)
        Columns in the order of :data:`CUT_COLUMNS`.
    names : callable, optional
        ``names(k)`` says what to call set ``k`` in the message; by default
        ``"threshold set k"``.

    Raises
    ------
    ValueError
        Naming the set, the cut point and the value: a cut that is not finite
        or is negative, or a lower cut above its upper cut.
    """
    def name(k):
        return names(k) if names is not None else f"threshold set {k}"

    step = 1 << 16  # checked in chunks: no temporaries the size of the input
    for start in range(0, len(cuts), step):
        part = cuts[start:start + step]
        bad = ~np.isfinite(part) | (part < 0)
        if bad.any():
            k, j = np.argwhere(bad)[0]
            raise ValueError(f"{name(start + k)}: {CUT_COLUMNS[j]} {float(part[k, j])!r} is not "
                             "a finite non-negative number (million rubles per employee)")
        for lo in (0, 2):
            crossed = part[:, lo] > part[:, lo + 1]
            if crossed.any():
                k = int(np.flatnonzero(crossed)[0])
                raise ValueError(
                    f"{name(start + k)}: {CUT_COLUMNS[lo]} {float(part[k, lo])!r} is above "
                    f"{CUT_COLUMNS[lo + 1]} {float(part[k, lo + 1])!r}; expected lower <= upper")


def _pair(axis: str, value) -> tuple[float, float]:
    try:
        lower, upper = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(
            f"Thresholds.{axis} must be two numbers (lower, upper), got {value!r}") from None
    return lower, upper


@dataclass(frozen=True)
class Thresholds:
    """Cut points between the low, medium and high levels of each axis.

    The paper's rule holds literally on both axes:
    ``low < lower <= medium <= upper < high``.

    Parameters
    ----------
    innovation : tuple of float, default (0.1, 0.3)
        R&D expenditure per employee, million rubles.
    productivity : tuple of float, default (2.0, 4.0)
        Value added per employee, million rubles.

    Raises
    ------
    ValueError
        If a cut point is not finite, is negative, or a lower cut is above
        its upper cut (:func:`check_cut_array`).

    Examples
    --------
    >>> Thresholds()
    Thresholds(innovation=(0.1, 0.3), productivity=(2.0, 4.0))
    >>> Thresholds(productivity=(1.5, 3.0)).productivity
    (1.5, 3.0)
    """

    innovation: tuple[float, float] = field(default=PAPER["innovation"])
    productivity: tuple[float, float] = field(default=PAPER["productivity"])

    def __post_init__(self):
        for axis in AXES:
            object.__setattr__(self, axis, _pair(axis, getattr(self, axis)))
        check_cut_array(self.as_array()[None, :], names=lambda _k: "Thresholds")

    @classmethod
    def from_any(cls, value) -> Thresholds:
        """Coerce ``None``, a :class:`Thresholds`, a mapping or four numbers into thresholds.

        Notebook parameters arrive as plain mappings such as
        ``{"innovation": [0.1, 0.3], "productivity": [2, 4]}`` (a missing axis
        keeps the paper's cuts); unknown keys are an error. Four numbers are
        in the order of :data:`CUT_COLUMNS`.
        """
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            unknown = sorted(set(value) - set(AXES))
            if unknown:
                raise ValueError(
                    f"unknown threshold key(s) {unknown}; expected 'innovation' and 'productivity'"
                )
            return cls(**value)
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            arr = None
        if arr is not None and arr.shape == (4,):
            return cls(innovation=tuple(arr[:2]), productivity=tuple(arr[2:]))
        raise TypeError(f"cannot make Thresholds from {value!r}")

    def as_dict(self) -> dict[str, list[float]]:
        """Plain mapping, the form used in parameter files."""
        return {"innovation": list(self.innovation), "productivity": list(self.productivity)}

    def as_array(self) -> np.ndarray:
        """The four cut points, in the order of :data:`CUT_COLUMNS`."""
        return np.array([*self.innovation, *self.productivity], dtype=float)

    def label(self) -> str:
        """Short label, e.g. ``"R&D 0.1/0.3, VA 2/4"``."""
        return (f"R&D {self.innovation[0]:g}/{self.innovation[1]:g}, "
                f"VA {self.productivity[0]:g}/{self.productivity[1]:g}")


def threshold_array(sets) -> np.ndarray:
    """Coerce threshold sets into a ``K x 4`` float array, checked by :func:`check_cut_array`.

    Parameters
    ----------
    sets : Thresholds, mapping, sequence of those, DataFrame or array-like
        A single :class:`Thresholds` (or its mapping form), a sequence of
        them, a DataFrame with the columns :data:`CUT_COLUMNS`, or anything
        NumPy turns into a ``K x 4`` (or length-4) array of cut points in the
        order of :data:`CUT_COLUMNS`.

    Returns
    -------
    numpy.ndarray of float64, shape (K, 4)

    Raises
    ------
    ValueError
        Naming the set (row) and cut point that break the rule.
    """
    if isinstance(sets, Thresholds | dict):
        sets = [sets]
    if isinstance(sets, pd.DataFrame):
        missing = [c for c in CUT_COLUMNS if c not in sets.columns]
        if missing:
            raise ValueError(f"threshold table lacks column(s) {missing}")
        arr = sets[list(CUT_COLUMNS)].to_numpy(dtype=float)
    elif isinstance(sets, list | tuple) and sets and isinstance(sets[0], Thresholds | dict):
        arr = np.array([Thresholds.from_any(s).as_array() for s in sets], dtype=float)
    else:
        arr = np.asarray(sets, dtype=float)
        if arr.ndim == 1:
            arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != 4:
        raise ValueError(f"threshold sets must be K x 4 {CUT_COLUMNS}, got shape {arr.shape}")
    check_cut_array(arr)
    return np.ascontiguousarray(arr)


def cut_table(thresholds, years) -> pd.DataFrame:
    """Cut points per year: one row per year of ``years``, columns ``year`` and :data:`CUT_COLUMNS`.

    Parameters
    ----------
    thresholds : Thresholds, mapping, four numbers, DataFrame or None
        One set for every year (the paper's when ``None``), or a table with a
        ``year`` column and :data:`CUT_COLUMNS` (cut points chosen per year,
        as ``Study.cut_points`` gives them).
    years : iterable of int
        The years the table must cover.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ValueError
        If a table lacks a year of ``years`` or a column, or breaks the rule
        of :func:`check_cut_array`.
    """
    years = sorted({int(y) for y in years})
    if isinstance(thresholds, pd.DataFrame):
        missing = [c for c in ("year", *CUT_COLUMNS) if c not in thresholds.columns]
        if missing:
            raise ValueError(f"cut table lacks column(s) {missing}")
        table = thresholds.assign(year=thresholds["year"].astype(int)).set_index("year")
        lacking = [y for y in years if y not in table.index]
        if lacking:
            raise ValueError(f"cut table has no cut points for year(s) {lacking}")
        arr = table.loc[years, list(CUT_COLUMNS)].to_numpy(dtype=float)
        check_cut_array(arr, names=lambda k: f"cut points of {years[k]}")
    else:
        arr = np.tile(Thresholds.from_any(thresholds).as_array(), (len(years), 1))
    return pd.DataFrame({"year": years, **dict(zip(CUT_COLUMNS, arr.T, strict=True))})


def uniform(table: pd.DataFrame) -> Thresholds | None:
    """The one set of a cut table whose years all share it, else ``None``."""
    values = table[list(CUT_COLUMNS)].to_numpy(dtype=float)
    if len(values) == 0 or (values != values[0]).any():
        return None
    return Thresholds.from_any(values[0])
