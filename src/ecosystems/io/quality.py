"""Data-quality findings on indicator tables: missing values, suspect zeros, jumps.

Nothing here changes the data unless asked: :func:`data_quality` only reports,
and :func:`suspect_zeros_as_missing` is the explicit way to treat suspect zeros
as missing (the paper's published values are used as published by default).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .loaders import INDICATORS

DEFAULT_JUMP = 3.0
# A cluster that has employees creates some value added; an exact zero in this
# column is far more likely an unreported figure than a real one. Zero R&D, by
# contrast, can be genuine (or below the printed precision of 0.001).
SUSPECT_ZERO_COLUMNS = (INDICATORS["productivity"],)
FINDINGS = ("missing", "suspect_zero", "zero", "jump")
_COLUMNS = ["cluster", "year", "column", "finding", "value", "previous_value", "note"]


def data_quality(
    df: pd.DataFrame,
    jump: float | None = None,
    columns: Sequence[str] | None = None,
    suspect_zero_columns: Sequence[str] = SUSPECT_ZERO_COLUMNS,
) -> pd.DataFrame:
    """Findings per cluster-year that a reader should look at before trusting a table.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy indicators as returned by :func:`ecosystems.load_indicators`.
    jump : float, optional
        Report a change between consecutive years of a cluster when the larger
        value is more than ``jump`` times the smaller (default 3.0). Values
        printed with three decimals jump easily when small (0.001 -> 0.004).
    columns : sequence of str, optional
        Numeric columns to inspect; the two indicators by default.
    suspect_zero_columns : sequence of str
        Columns where an exact zero is likely missing data (value added per
        employee by default); exact zeros elsewhere are reported as ``zero``.

    Returns
    -------
    pandas.DataFrame
        One row per finding, columns ``cluster, year, column, finding, value,
        previous_value, note``; ``finding`` is one of ``missing``,
        ``suspect_zero``, ``zero``, ``jump``; ``previous_value`` is the
        previous year's value for jumps (NaN otherwise). Ordered by cluster
        (first appearance), year and column. Empty (with these columns) when
        there is nothing to report.
    """
    jump = DEFAULT_JUMP if jump is None else float(jump)
    if not jump > 1:
        raise ValueError(f"jump must be a factor greater than 1, got {jump}")
    columns = list(INDICATORS.values()) if columns is None else list(columns)
    rows = []
    for column in columns:
        values = df[column].astype(float)
        for i in np.flatnonzero(values.isna().to_numpy()):
            rows.append((i, column, "missing", np.nan, np.nan, "empty cell or not reported"))
        for i in np.flatnonzero((values == 0).to_numpy()):
            if column in suspect_zero_columns:
                note = "exactly 0: likely not reported (see suspect_zeros_as_missing)"
                rows.append((i, column, "suspect_zero", 0.0, np.nan, note))
            else:
                rows.append((i, column, "zero", 0.0, np.nan,
                             "exactly 0: may be genuine, or below the printed precision"))
        ordered = df.assign(_pos=np.arange(len(df))).sort_values(["cluster", "year"], kind="stable")
        prev_value = ordered.groupby("cluster", sort=False)[column].shift()
        prev_year = ordered.groupby("cluster", sort=False)["year"].shift()
        now = ordered[column].astype(float)
        consecutive = (ordered["year"] - prev_year) == 1
        positive = (now > 0) & (prev_value > 0)
        ratio = np.maximum(now / prev_value, prev_value / now)
        flagged = consecutive & positive & (ratio > jump)
        for pos, value, before, factor in zip(
            ordered["_pos"][flagged], now[flagged], prev_value[flagged], ratio[flagged],
            strict=True,
        ):
            direction = "rise" if value > before else "fall"
            note = f"{factor:.1f}-fold {direction} from the previous year"
            rows.append((int(pos), column, "jump", value, before, note))
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=float if "value" in c else object)
                             for c in _COLUMNS}).astype({"year": "int64"})
    found = pd.DataFrame(rows, columns=["_pos", "column", "finding", "value",
                                        "previous_value", "note"])
    found["cluster"] = df["cluster"].to_numpy()[found["_pos"]]
    found["year"] = df["year"].to_numpy()[found["_pos"]]
    cluster_order = {c: i for i, c in enumerate(pd.unique(df["cluster"]))}
    found["_c"] = found["cluster"].map(cluster_order)
    found["_k"] = found["column"].map({c: i for i, c in enumerate(columns)})
    found["_f"] = found["finding"].map({f: i for i, f in enumerate(FINDINGS)})
    found = found.sort_values(["_c", "year", "_k", "_f"], kind="stable")
    return found[_COLUMNS].reset_index(drop=True)


def suspect_zeros_as_missing(
    df: pd.DataFrame, columns: Sequence[str] = SUSPECT_ZERO_COLUMNS
) -> pd.DataFrame:
    """A copy of ``df`` with exact zeros in ``columns`` replaced by NaN.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy indicators.
    columns : sequence of str
        Columns where a zero means "not reported" (value added per employee
        by default, see :func:`data_quality`).

    Returns
    -------
    pandas.DataFrame
        Same shape, index and columns; the cluster-years concerned then
        classify as missing instead of low.
    """
    out = df.copy()
    for column in columns:
        out[column] = out[column].mask(out[column] == 0)
    return out
