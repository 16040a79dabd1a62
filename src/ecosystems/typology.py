"""Classification of cluster-years into the nine ecosystem types (Table 1)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .reference import type_table
from .thresholds import Thresholds

LEVELS = ("low", "medium", "high")
INDICATORS = {"innovation": "rd_per_employee", "productivity": "value_added_per_employee"}

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
    lower, upper : float
        The two cut points.

    Returns
    -------
    numpy.ndarray of int8
    """
    v = np.asarray(values, dtype=float)
    codes = (v >= lower).astype(np.int8) + (v > upper).astype(np.int8)
    codes[np.isnan(v)] = -1
    return codes


def _categorical(codes: np.ndarray, categories, index) -> pd.Series:
    return pd.Series(pd.Categorical.from_codes(codes, categories=list(categories)), index=index)


def type_grid() -> np.ndarray:
    """3x3 array of type slugs, indexed ``[innovation_code, productivity_code]``."""
    table = type_table()
    grid = np.empty((3, 3), dtype=object)
    for row in table.itertuples():
        grid[LEVELS.index(row.innovation_level), LEVELS.index(row.productivity_level)] = row.type
    return grid


def classify(df: pd.DataFrame, thresholds: Thresholds | None = None) -> pd.DataFrame:
    """Add the innovation level, productivity level and ecosystem type.

    Parameters
    ----------
    df : pandas.DataFrame
        Must have ``rd_per_employee`` and ``value_added_per_employee``
        (million rubles per employee); other columns are kept.
    thresholds : Thresholds, optional
        Cut points; the paper's (0.1/0.3 and 2/4) by default.

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
    thresholds = Thresholds.from_any(thresholds)
    missing = [c for c in INDICATORS.values() if c not in df.columns]
    if missing:
        raise KeyError(f"classify needs column(s) {missing}; got {list(df.columns)}")
    inn = level_codes(df[INDICATORS["innovation"]], *thresholds.innovation)
    prod = level_codes(df[INDICATORS["productivity"]], *thresholds.productivity)
    slugs = type_table()["type"].tolist()
    grid_codes = np.array([[slugs.index(s) for s in row] for row in type_grid()], dtype=np.int8)
    known = (inn >= 0) & (prod >= 0)
    type_codes = np.full(len(df), -1, dtype=np.int8)
    type_codes[known] = grid_codes[inn[known], prod[known]]
    out = df.copy()
    out["innovation_level"] = _categorical(inn, LEVELS, df.index).cat.as_ordered()
    out["productivity_level"] = _categorical(prod, LEVELS, df.index).cat.as_ordered()
    out["ecosystem_type"] = _categorical(type_codes, slugs, df.index)
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
