"""Real terms: indicators in constant (base-year) rubles (computing only).

The paper's thresholds are nominal rubles applied to four years of high
inflation (2020-2023). Dividing each year's indicators by a price index
(base year = 1) expresses them in base-year rubles, so one set of cut points
means the same real amount in every year.

Each indicator can take its own series (a *deflator choice*): a series name
deflates both, a mapping ``{"rd_per_employee": "gdp_deflator",
"value_added_per_employee": "gva_deflator_manufacturing"}`` deflates R&D by the
GDP deflator (Frascati practice) and value added by the value-added deflator of
manufacturing; ``None`` for an indicator keeps it nominal.
"""

from __future__ import annotations

from collections.abc import Mapping

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


#: What every table of real terms must say (one wording, used by the notebooks).
REAL_TERMS_CAVEAT = (
    "Real terms are an approximation: the deflators are national price indices (the GDP "
    "deflator, the value-added deflator of manufacturing as a whole, the CPI), not the "
    "clusters' own prices; national-accounts deflators are revised between releases (the "
    "release used is in data/README.md); and the paper does not say in which year's rubles "
    "its thresholds are meant, so the base year is our choice."
)
_WORDS = {INDICATORS["innovation"]: "R&D", INDICATORS["productivity"]: "value added"}


def deflator_series(deflator) -> dict[str, str | None]:
    """The series each indicator is deflated by.

    Parameters
    ----------
    deflator : str, mapping or None
        A series name (both indicators), a mapping from indicator column
        (``rd_per_employee``, ``value_added_per_employee``) to a series name
        or ``None`` (kept nominal; an indicator not named is an error), or
        ``None`` (both nominal).

    Returns
    -------
    dict
        ``{"rd_per_employee": series or None, "value_added_per_employee": ...}``.

    Raises
    ------
    ValueError
        If a mapping names another column or leaves an indicator out.
    TypeError
        If ``deflator`` is neither a string, a mapping nor ``None``.

    Examples
    --------
    >>> deflator_series("gdp_deflator")["value_added_per_employee"]
    'gdp_deflator'
    """
    columns = list(INDICATORS.values())
    if deflator is None or isinstance(deflator, str):
        return dict.fromkeys(columns, deflator or None)
    if not isinstance(deflator, Mapping):
        raise TypeError(f"deflator must be a series name or a mapping {{column: series}}, "
                        f"got {deflator!r}")
    unknown = sorted(set(deflator) - set(columns))
    missing = [c for c in columns if c not in deflator]
    if unknown or missing:
        raise ValueError(f"deflator mapping must name exactly the indicators {columns} "
                         f"(a series or None each); unknown {unknown}, missing {missing}")
    return {c: deflator[c] or None for c in columns}


def deflator_label(deflator) -> str:
    """Short label of a deflator choice: ``"gdp_deflator"``, or one series per indicator.

    Examples
    --------
    >>> deflator_label({"rd_per_employee": "gdp_deflator",
    ...                 "value_added_per_employee": "gva_deflator_manufacturing"})
    'R&D gdp_deflator, value added gva_deflator_manufacturing'
    """
    series = deflator_series(deflator)
    if len(set(series.values())) == 1:
        return next(iter(series.values())) or "nominal"
    return ", ".join(f"{_WORDS[c]} {s or 'nominal'}" for c, s in series.items())


def price_indices(deflators: pd.DataFrame, deflator, base_year: int = 2020) -> dict:
    """The price index of each indicator under a deflator choice.

    Parameters
    ----------
    deflators : pandas.DataFrame
        From :func:`load_deflators`.
    deflator : str or mapping
        See :func:`deflator_series`.
    base_year : int

    Returns
    -------
    dict
        Indicator column -> :func:`price_index` of its series (``None`` when
        the indicator stays nominal).

    Raises
    ------
    KeyError
        If a series is not in the table.
    """
    return {c: None if s is None else price_index(deflators, s, base_year)
            for c, s in deflator_series(deflator).items()}


def deflate(data: pd.DataFrame, index) -> pd.DataFrame:
    """The indicators divided by the price index of their year.

    Parameters
    ----------
    data : pandas.DataFrame
        Indicators with ``year``.
    index : pandas.Series or mapping
        Price level by year (:func:`price_index`) for both indicators, or a
        mapping from indicator column to its index (:func:`price_indices`;
        ``None`` keeps that indicator nominal).

    Returns
    -------
    pandas.DataFrame
        A copy of ``data`` in base-year rubles.

    Raises
    ------
    KeyError
        Naming the index and the years of ``data`` it does not cover.
    """
    indices = index if isinstance(index, Mapping) else dict.fromkeys(INDICATORS.values(), index)
    out = data.copy()
    for column in INDICATORS.values():
        series = indices.get(column)
        if series is None:
            continue
        lacking = sorted(set(data["year"]) - set(series.index))
        if lacking:
            raise KeyError(f"price index {series.name!r} has no value for year(s) {lacking}")
        out[column] = data[column].to_numpy() / data["year"].map(series).to_numpy()
    return out


def deflate_by(data: pd.DataFrame, deflators: pd.DataFrame, deflator,
               base_year: int = 2020) -> pd.DataFrame:
    """``data`` in ``base_year`` rubles under a deflator choice (:func:`deflator_series`).

    Examples
    --------
    >>> from ecosystems import load_indicators
    >>> real = deflate_by(load_indicators(), load_deflators(),
    ...                   {"rd_per_employee": "gdp_deflator",
    ...                    "value_added_per_employee": "gva_deflator_manufacturing"})
    >>> bool((real["year"] == 2020).any())
    True
    """
    return deflate(data, price_indices(deflators, deflator, base_year))
