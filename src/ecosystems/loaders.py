"""Loading cluster indicator tables, with errors a person can act on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .errors import DataError

REQUIRED = ("cluster", "year", "rd_per_employee", "value_added_per_employee")
NUMERIC = ("rd_per_employee", "value_added_per_employee")
YEAR_RANGE = (1990, 2100)


def _where(path: Path, line: int | None = None, column: str | None = None) -> str:
    parts = [paths.relative(path)]
    if line is not None:
        parts.append(f"line {line}")
    if column is not None:
        parts.append(f"column {column!r}")
    return ", ".join(parts)


def load_indicators(path=paths.TABLE3) -> pd.DataFrame:
    """Read a table of cluster indicators.

    Parameters
    ----------
    path : str or pathlib.Path, default ``data/table3.csv``
        CSV file with columns ``cluster, year, rd_per_employee,
        value_added_per_employee`` (million rubles per employee). Extra
        columns are kept.

    Returns
    -------
    pandas.DataFrame
        One row per cluster-year, in file order; ``year`` as int, the two
        indicators as float (empty cells are NaN).

    Raises
    ------
    DataError
        Naming the file, line, column and value, when a required column is
        missing, a value is not a non-negative finite number, a year is not a
        whole number in 1990-2100, or a (cluster, year) appears twice.
    """
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{_where(path)}: no such file") from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"{_where(path)}: cannot be read as a UTF-8 CSV table ({exc})") from None
    raw.columns = [str(c).strip() for c in raw.columns]
    absent = [c for c in REQUIRED if c not in raw.columns]
    if absent:
        raise DataError(
            f"{_where(path)}: required column(s) {absent} missing; found {list(raw.columns)}"
        )
    if raw.empty:
        raise DataError(f"{_where(path)}: header has no data rows")
    df = raw.copy()
    lines = np.arange(len(raw)) + 2  # header is line 1
    for column in NUMERIC:
        text = raw[column].str.strip()
        values = pd.to_numeric(text.where(text != ""), errors="coerce")
        bad = values.isna() & (text != "")
        bad |= ~np.isfinite(values.fillna(0)) | (values < 0)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataError(
                f"{_where(path, lines[i], column)}: value {raw[column].iloc[i]!r} is not "
                "a non-negative finite number (million rubles per employee)"
            )
        df[column] = values.astype(float)
    years = pd.to_numeric(raw["year"].str.strip(), errors="coerce")
    bad = years.isna() | (years % 1 != 0) | ~years.between(*YEAR_RANGE)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"{_where(path, lines[i], 'year')}: value {raw['year'].iloc[i]!r} is not a whole "
            f"year between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}"
        )
    df["year"] = years.astype(int)
    dup = df.duplicated(["cluster", "year"], keep="first")
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        same = (df["cluster"] == df["cluster"].iloc[i]) & (df["year"] == df["year"].iloc[i])
        first = int(np.flatnonzero(same.to_numpy())[0])
        raise DataError(
            f"{_where(path, lines[i])}: cluster {df['cluster'].iloc[i]!r} has year "
            f"{df['year'].iloc[i]} twice (first on line {lines[first]}); expected one row per "
            "cluster and year"
        )
    return df
