"""Summary tables of indicators and classifications (computing only)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..io.loaders import INDICATORS
from ..io.reference import type_slugs
from ..typology.rule import DYSFUNCTIONS


def table3_wide(df: pd.DataFrame, flat: bool = False) -> pd.DataFrame:
    """Table 3 in the paper's layout: one row per cluster, indicator x year columns.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy indicators (``cluster, year, rd_per_employee,
        value_added_per_employee``).
    flat : bool
        Return ``cluster`` as a column and one column per indicator and year
        (``rd_per_employee_2020``...), the form written to CSV.

    Returns
    -------
    pandas.DataFrame
        Index: cluster in first-appearance order. Columns: a two-level index
        (indicator, year) with the corrected years.
    """
    order = pd.unique(df["cluster"])
    wide = df.pivot(index="cluster", columns="year", values=list(INDICATORS.values()))
    wide = wide.reindex(order)
    wide.columns = wide.columns.set_names(["indicator", "year"])
    wide.index.name = "cluster"
    if flat:
        wide.columns = [f"{indicator}_{year}" for indicator, year in wide.columns]
        wide = wide.reset_index()
    return wide


def type_counts(classified: pd.DataFrame) -> pd.DataFrame:
    """Number of clusters of each ecosystem type in each year.

    Returns
    -------
    pandas.DataFrame
        Rows: the nine types in Table 1 order (all of them, zeros included)
        plus ``missing`` when some cluster-year could not be classified.
        Columns: years.
    """
    types = classified["ecosystem_type"].astype(object).fillna("missing")
    counts = pd.crosstab(types, classified["year"])
    order = type_slugs() + (["missing"] if "missing" in counts.index else [])
    counts = counts.reindex(order, fill_value=0)
    counts.index.name = "ecosystem_type"
    counts.columns.name = "year"
    return counts


def transitions(classified: pd.DataFrame) -> pd.DataFrame:
    """Every change of ecosystem type between consecutive years of a cluster.

    Parameters
    ----------
    classified : pandas.DataFrame
        Output of :func:`ecosystems.classify`.

    Returns
    -------
    pandas.DataFrame
        Columns ``cluster, from_year, to_year, from_type, to_type, axis``
        where ``axis`` is ``innovation``, ``productivity`` or ``both``
        (which level moved). Years that are not consecutive (a gap in the
        data) are not compared. Cluster-years with a missing type are not
        compared either.
    """
    # consecutive rows of one cluster in year order (clusters in order of first appearance,
    # ties kept in row order): one sort, then each row compared with the one before it
    codes, _ = pd.factorize(classified["cluster"])
    year = classified["year"].to_numpy(dtype=float, na_value=np.nan)
    order = np.lexsort((year, codes))
    before, after = order[:-1], order[1:]
    types = classified["ecosystem_type"].astype(object).to_numpy()
    known = ~pd.isna(types)
    changed = ((codes[before] == codes[after]) & (codes[after] >= 0)
               & (year[before] == year[after] - 1) & known[before] & known[after])
    changed &= types[before] != types[after]
    before, after = before[changed], after[changed]
    inn, prod = (classified[f"{axis}_level"].astype(object).to_numpy()
                 for axis in ("innovation", "productivity"))
    moved_inn, moved_prod = inn[before] != inn[after], prod[before] != prod[after]
    axis = np.where(moved_inn & moved_prod, "both",
                    np.where(moved_inn, "innovation", "productivity"))
    return pd.DataFrame({
        "cluster": classified["cluster"].iloc[after].reset_index(drop=True),
        "from_year": pd.array(year[before], dtype="Int64"),
        "to_year": classified["year"].iloc[after].reset_index(drop=True),
        "from_type": pd.Series(types[before], dtype=object),
        "to_type": pd.Series(types[after], dtype=object),
        "axis": pd.Series(axis, dtype="str"),
    })


def transition_matrix(classified: pd.DataFrame, include_stays: bool = True) -> pd.DataFrame:
    """Count the type-to-type moves between consecutive years: a 9x9 matrix.

    Parameters
    ----------
    classified : pandas.DataFrame
        Output of :func:`ecosystems.classify`.
    include_stays : bool
        Count the years a cluster kept its type on the diagonal (default);
        with ``False`` the diagonal is zero and the matrix sums to
        ``len(transitions(classified))``.

    Returns
    -------
    pandas.DataFrame
        Rows ``from_type``, columns ``to_type``, both the nine type slugs in
        Table 1 order (all of them, zeros included); integer counts of
        cluster-year pairs. Pairs across a gap in the years or with a missing
        type are not counted, as in :func:`transitions`.
    """
    d = classified[["cluster", "year", "ecosystem_type"]].sort_values(
        ["cluster", "year"], kind="stable")
    grouped = d.groupby("cluster", sort=False)
    prev_type = grouped["ecosystem_type"].shift(1).astype(object)
    prev_year = grouped["year"].shift(1)
    cur_type = d["ecosystem_type"].astype(object)
    pair = (prev_year == d["year"] - 1) & cur_type.notna() & prev_type.notna()
    if not include_stays:
        pair &= cur_type != prev_type
    slugs = type_slugs()
    matrix = pd.crosstab(
        pd.Categorical(prev_type[pair], categories=slugs),
        pd.Categorical(cur_type[pair], categories=slugs),
        dropna=False,
    ).reindex(index=slugs, columns=slugs, fill_value=0)
    matrix.index.name, matrix.columns.name = "from_type", "to_type"
    return matrix.astype("int64")


def development_dysfunctions(classified: pd.DataFrame) -> pd.DataFrame:
    """The cluster-years in one of the paper's two "development dysfunctions".

    High innovativeness with low productivity ("technology commercialization
    issues") and high productivity with low innovativeness ("resource-extensive
    growth model exhaustion"): the two off-diagonal corners of the 3x3 grid.

    Parameters
    ----------
    classified : pandas.DataFrame
        Output of :func:`ecosystems.classify`.

    Returns
    -------
    pandas.DataFrame
        ``classified`` with one more column ``dysfunction``
        (``commercialization``, ``extensive_growth`` or missing), in its own
        row order; filter with ``.dropna(subset=["dysfunction"])`` for the
        flagged rows. Names to show are ``label(f"dysfunction.{name}")``.
    """
    levels = zip(classified["innovation_level"].astype(object),
                 classified["productivity_level"].astype(object), strict=True)
    flags = [DYSFUNCTIONS.get(pair) for pair in levels]
    return classified.assign(dysfunction=pd.Series(flags, index=classified.index, dtype=object))


def extra_columns(data: pd.DataFrame) -> list[str]:
    """The user's own columns of an indicator table (region, sector, ...), in their order.

    Every column but ``cluster``, ``year``, the two indicators and the
    classification's own (levels and type).
    """
    own = {"cluster", "year", *INDICATORS.values(), "innovation_level", "productivity_level",
           "ecosystem_type"}
    return [c for c in data.columns if c not in own]


def keep_extra_columns(table: pd.DataFrame, data: pd.DataFrame) -> pd.DataFrame:
    """``table`` with the user's own columns of ``data`` (:func:`extra_columns`) after its key.

    Parameters
    ----------
    table : pandas.DataFrame
        A result with ``cluster`` (and ``year``: then the values of that
        cluster-year, else those of the cluster's first row in ``data``).
    data : pandas.DataFrame
        The indicator table the result was computed from.

    Returns
    -------
    pandas.DataFrame
        ``table`` itself when ``data`` has no extra columns or ``table``
        already has them; otherwise a copy with them inserted after
        ``cluster`` / ``year``, rows and their order unchanged.
    """
    extra = [c for c in extra_columns(data) if c not in table.columns]
    if not extra or "cluster" not in table.columns:
        return table
    key = ["cluster", "year"] if "year" in table.columns and "year" in data.columns else ["cluster"]
    values = data[key + extra].drop_duplicates(subset=key, keep="first")
    merged = table[key].merge(values, on=key, how="left", validate="many_to_one")
    out = table.copy()
    at = max(out.columns.get_loc(k) for k in key) + 1
    for k, column in enumerate(extra):
        out.insert(at + k, column, merged[column].to_numpy())
    return out
