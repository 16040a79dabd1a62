"""Real terms: indicators in constant (base-year) rubles (computing only).

The paper's thresholds are nominal rubles applied to four years of high
inflation (2020-2023). Dividing each year's indicators by a price index
(base year = 1) expresses them in base-year rubles, so one set of cut points
means the same real amount in every year.
"""

from __future__ import annotations

import pandas as pd

from .. import config
from .loaders import INDICATORS
from .tabular import Column, read_table

DEFLATOR_COLUMNS = (
    Column("year", "year"),
    Column("series", "text"),
    # A deflator year without a value cannot be used: an empty cell is an error.
    Column("percent_change", "number", "percent over the year before", required=True),
)


def load_deflators(path=None) -> pd.DataFrame:
    """Read a deflator table (``data/deflators.csv`` by default).

    Parameters
    ----------
    path : path, optional
        A CSV with at least ``year, series, percent_change`` (price growth
        of ``year`` over the year before, in percent); more columns (period,
        vintage, source) are kept.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    DataError
        Naming file, line and column when a column is missing, a value is
        empty or not a number, or a (series, year) appears twice (the file may
        be in any dialect :func:`ecosystems.read_table` accepts).
    """
    return read_table(config.user_path(path, config.DEFLATORS), DEFLATOR_COLUMNS,
                      key=("series", "year"), what="series and year")


def price_index(deflators: pd.DataFrame, series: str, base_year: int = 2020) -> pd.Series:
    """Price level of each year relative to ``base_year`` (= 1).

    ``index[t] = prod_{s = base+1..t} (1 + g_s / 100)`` after the base year
    and ``1 / prod_{s = t+1..base} (1 + g_s / 100)`` before it, where ``g_s``
    is the percent change of year ``s`` over ``s - 1``.

    Parameters
    ----------
    deflators : pandas.DataFrame
        From :func:`load_deflators` (or the same columns).
    series : str
        Which series of the table.
    base_year : int

    Returns
    -------
    pandas.Series
        Index: every year linked to the base year by an unbroken run of
        growth figures (always the base year itself); values: the price level.

    Raises
    ------
    KeyError
        If the series is not in the table.
    """
    rows = deflators[deflators["series"] == series]
    if rows.empty:
        raise KeyError(f"no deflator series {series!r}; have {sorted(set(deflators['series']))}")
    growth = dict(zip(rows["year"], 1 + rows["percent_change"] / 100, strict=True))
    # growth of year s links s - 1 to s; keep the years linked to the base year
    years = sorted(set(growth) | {s - 1 for s in growth} | {base_year})
    index = {}
    for year in years:
        steps = range(base_year + 1, year + 1) if year >= base_year else range(year + 1,
                                                                                base_year + 1)
        if any(s not in growth for s in steps):
            continue
        level = 1.0
        for s in steps:
            level *= growth[s]
        index[year] = level if year >= base_year else 1 / level
    return pd.Series(index, name=f"{series}_index_{base_year}").rename_axis("year")


def deflate(data: pd.DataFrame, index: pd.Series) -> pd.DataFrame:
    """Both indicators divided by the price index of their year.

    Parameters
    ----------
    data : pandas.DataFrame
        Indicators with ``year``.
    index : pandas.Series
        Price level by year (:func:`price_index`).

    Returns
    -------
    pandas.DataFrame
        A copy of ``data`` in base-year rubles.

    Raises
    ------
    KeyError
        Naming the years of ``data`` the index does not cover.
    """
    lacking = sorted(set(data["year"]) - set(index.index))
    if lacking:
        raise KeyError(f"price index {index.name!r} has no value for year(s) {lacking}")
    level = data["year"].map(index).to_numpy()
    out = data.copy()
    for column in INDICATORS.values():
        out[column] = data[column].to_numpy() / level
    return out
