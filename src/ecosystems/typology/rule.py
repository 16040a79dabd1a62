"""The paper's one rule: indicator values to levels, levels to one of the nine types (Table 1).

Everything in the collection that classifies goes through this module:
:func:`level_codes` (values to levels), :func:`combine_levels` (two levels to
a type code) and :func:`type_codes` (both at once), on NumPy arrays;
:func:`classify` on a table. The sweeps (:mod:`ecosystems.typology.sweeps`)
broadcast the same functions over many threshold sets.

A type code is the position of the type in Table 1 order
(:func:`ecosystems.type_slugs`); ``-1`` means that an indicator is missing.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from ..errors import require_columns
from ..io.loaders import INDICATORS
from ..io.reference import type_slugs, type_table
from .thresholds import Thresholds, cut_table

LEVELS = ("low", "medium", "high")

# The paper's "development dysfunctions" (section on threshold values): high
# innovativeness with low productivity signals technology commercialization
# problems; the reverse, an exhausted resource-extensive growth model.
# Keyed by (innovation level, productivity level); names in data/labels.csv
# under ``dysfunction.<name>``.
DYSFUNCTIONS = {("high", "low"): "commercialization", ("low", "high"): "extensive_growth"}


def level_codes(values, lower: float, upper: float) -> np.ndarray:
    """Level codes 0 (low), 1 (medium), 2 (high), -1 (missing) for ``values``.

    Implements the paper's rule ``low < lower <= medium <= upper < high``.

    Parameters
    ----------
    values : array-like of float
    lower, upper : float or array-like of float
        The two cut points; arrays broadcast against ``values`` (a column of
        ``K`` cut points against ``N`` values gives ``K x N`` codes, as the
        sweeps use it).

    Returns
    -------
    numpy.ndarray of int8
    """
    v = np.asarray(values, dtype=float)
    codes = (v >= lower).astype(np.int8) + (v > upper).astype(np.int8)
    return np.where(np.isnan(v), np.int8(-1), codes)


@cache
def type_grid() -> np.ndarray:
    """3x3 array of type slugs, indexed ``[innovation_code, productivity_code]`` (read-only)."""
    grid = np.empty((3, 3), dtype=object)
    for row in type_table().itertuples():
        grid[LEVELS.index(row.innovation_level), LEVELS.index(row.productivity_level)] = row.type
    grid.flags.writeable = False
    return grid


@cache
def grid_codes() -> np.ndarray:
    """Type code of each grid cell, flattened as ``3 * innovation_code + productivity_code``."""
    slugs = type_slugs()
    codes = np.array([slugs.index(s) for s in type_grid().ravel()], dtype=np.int8)
    codes.flags.writeable = False
    return codes


def combine_levels(innovation, productivity) -> np.ndarray:
    """Type codes from innovation and productivity level codes (``-1`` where either is missing).

    Parameters
    ----------
    innovation, productivity : array-like of int
        Level codes as :func:`level_codes` returns them.

    Returns
    -------
    numpy.ndarray of int8
    """
    inn = np.asarray(innovation)
    prod = np.asarray(productivity)
    known = (inn >= 0) & (prod >= 0)
    return np.where(known, grid_codes()[np.where(known, 3 * inn + prod, 0)], -1).astype(np.int8)


def type_codes(rd, va, thresholds=None) -> np.ndarray:
    """Type codes of cluster-years from their R&D and value added per employee.

    Parameters
    ----------
    rd, va : array-like of float
        R&D expenditure and value added per employee (million rubles).
    thresholds : Thresholds or mapping, optional
        Cut points; the paper's by default.

    Returns
    -------
    numpy.ndarray of int8
        Index into :func:`ecosystems.type_slugs`; ``-1`` where an indicator
        is missing.

    Examples
    --------
    >>> type_codes([0.05, 0.1], [2.0, 4.5]).tolist()
    [1, 5]
    """
    t = Thresholds.from_any(thresholds)
    return combine_levels(level_codes(rd, *t.innovation), level_codes(va, *t.productivity))


def levels_of(codes) -> tuple[np.ndarray, np.ndarray]:
    """Innovation and productivity level codes (0-2, -1 missing) of type codes."""
    inverse = np.full(10, -1, dtype=np.int8)  # index -1 maps to the last slot
    inverse[grid_codes()] = np.arange(9, dtype=np.int8)
    flat = inverse[np.asarray(codes)]
    known = flat >= 0
    inn = np.where(known, flat // 3, -1).astype(np.int8)
    prod = np.where(known, flat % 3, -1).astype(np.int8)
    return inn, prod


def slugs_of(codes) -> np.ndarray:
    """Type slugs (object array, ``None`` where the code is ``-1``) of type codes."""
    slugs = np.array([*type_slugs(), None], dtype=object)
    return slugs[np.asarray(codes, dtype=int)]  # -1 picks the trailing None


def indicator_arrays(data) -> tuple[np.ndarray, np.ndarray]:
    """The R&D and value-added values of ``data`` as float arrays (innovation, productivity).

    Parameters
    ----------
    data : pandas.DataFrame or (array-like, array-like)
        A table with ``rd_per_employee`` and ``value_added_per_employee``, or
        the two value arrays (innovation, productivity).
    """
    if isinstance(data, pd.DataFrame):
        require_columns(data, INDICATORS.values(), "classifying")
        rd = data[INDICATORS["innovation"]].to_numpy(dtype=float)
        va = data[INDICATORS["productivity"]].to_numpy(dtype=float)
    else:
        rd, va = (np.asarray(v, dtype=float).ravel() for v in data)
    if rd.shape != va.shape:
        raise ValueError(f"innovation and productivity differ in length: {rd.size} vs {va.size}")
    return rd, va


def _categorical(codes: np.ndarray, categories, index) -> pd.Series:
    return pd.Series(pd.Categorical.from_codes(codes, categories=list(categories)), index=index)


def classify(df: pd.DataFrame, thresholds: Thresholds | None = None) -> pd.DataFrame:
    """Add the innovation level, productivity level and ecosystem type.

    Parameters
    ----------
    df : pandas.DataFrame
        Must have ``rd_per_employee`` and ``value_added_per_employee``
        (million rubles per employee); other columns are kept.
    thresholds : Thresholds, mapping or DataFrame, optional
        Cut points; the paper's (0.1/0.3 and 2/4) by default. A table with
        ``year`` and the four cut columns gives each year its own cut points
        (:func:`ecosystems.typology.thresholds.cut_table`); ``df`` then needs
        ``year``.

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` with ordered categorical columns
        ``innovation_level`` and ``productivity_level`` (``low``, ``medium``,
        ``high``) and ``ecosystem_type`` (one of the nine type slugs in
        Table 1 order). A missing indicator gives a missing level and type.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"rd_per_employee": [0.05, 0.1], "value_added_per_employee": [2.0, 4.5]})
    >>> classify(df)["ecosystem_type"].tolist()
    ['adaptation', 'development']
    """
    rd, va = indicator_arrays(df)
    if isinstance(thresholds, pd.DataFrame):
        table = cut_table(thresholds, df["year"])
        years = df["year"].to_numpy()
        inn = np.full(len(df), -1, dtype=np.int8)
        prod = np.full(len(df), -1, dtype=np.int8)
        for row in table.itertuples(index=False):
            sel = years == row.year
            inn[sel] = level_codes(rd[sel], row.innovation_lower, row.innovation_upper)
            prod[sel] = level_codes(va[sel], row.productivity_lower, row.productivity_upper)
    else:
        t = Thresholds.from_any(thresholds)
        inn, prod = level_codes(rd, *t.innovation), level_codes(va, *t.productivity)
    out = df.copy()
    out["innovation_level"] = _categorical(inn, LEVELS, df.index).cat.as_ordered()
    out["productivity_level"] = _categorical(prod, LEVELS, df.index).cat.as_ordered()
    out["ecosystem_type"] = _categorical(combine_levels(inn, prod), type_slugs(), df.index)
    return out


def dysfunction_types() -> dict[str, str]:
    """Map the type slug of each dysfunction cell of the grid to the dysfunction's name.

    Returns
    -------
    dict
        ``{"experimentation": "commercialization", "sustainability":
        "extensive_growth"}`` with the paper's Table 1 (derived from
        :data:`DYSFUNCTIONS` and ``data/typology.csv``).
    """
    grid = type_grid()
    return {
        grid[LEVELS.index(inn), LEVELS.index(prod)]: name
        for (inn, prod), name in DYSFUNCTIONS.items()
    }
