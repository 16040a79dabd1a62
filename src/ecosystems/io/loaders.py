"""Loading cluster indicator and participant tables, with errors a person can act on.

The column specifications below are the single source of the expected
columns, their units and the header aliases accepted (README "Use your own
data" lists them).
"""

from __future__ import annotations

import pandas as pd

from .. import config
from .tabular import Column, RowRule, read_table, validate_frame

#: The two indicators of the typology: axis name -> column of the tidy indicator table.
INDICATORS = {"innovation": "rd_per_employee", "productivity": "value_added_per_employee"}
MLN_RUB_PER_EMPLOYEE = "million rubles per employee"
MLN_RUB = "million rubles"

INDICATOR_COLUMNS = (
    Column("cluster", "text", aliases=("кластер", "название кластера", "наименование кластера")),
    Column("year", "year", aliases=("год",)),
    Column("rd_per_employee", "amount", MLN_RUB_PER_EMPLOYEE, aliases=(
        "r&d per employee", "ниокр на работника", "ниокр на одного работника",
        "затраты на ниокр на одного работника",
    )),
    Column("value_added_per_employee", "amount", MLN_RUB_PER_EMPLOYEE, aliases=(
        "value added per employee", "добавленная стоимость на работника",
        "добавленная стоимость на одного работника",
    )),
)
INDICATOR_KEY = ("cluster", "year")

PARTICIPANT_COLUMNS = (
    INDICATOR_COLUMNS[0],
    Column("participant", "text", aliases=("участник", "участник кластера", "организация")),
    INDICATOR_COLUMNS[1],
    Column("supplied_to_cluster_mln_rub", "amount", MLN_RUB, aliases=(
        "supplied to cluster", "поставлено участникам кластера", "поставки участникам кластера",
    )),
    Column("supplied_total_mln_rub", "amount", MLN_RUB, aliases=(
        "supplied total", "поставлено всего", "поставки всего", "общий объем поставок",
    )),
)
PARTICIPANT_KEY = ("cluster", "participant", "year")
NOT_ABOVE_TOTAL = RowRule(
    test=lambda df: ~(df["supplied_to_cluster_mln_rub"] > df["supplied_total_mln_rub"]),
    message=(
        "participant {participant!r} in {year} (cluster {cluster!r}) supplied "
        "{supplied_to_cluster_mln_rub:g} million rubles to the cluster, more than its total "
        "{supplied_total_mln_rub:g}; expected supplied to the cluster <= supplied in total"
    ),
    columns=("supplied_to_cluster_mln_rub", "supplied_total_mln_rub"),
)


def load_indicators(path=config.TABLE3, sheet: str | int | None = None) -> pd.DataFrame:
    """Read a table of cluster indicators (Table 3 or your own export).

    Parameters
    ----------
    path : str or pathlib.Path, default ``data/table3.csv``
        CSV or ``.xlsx`` file with columns ``cluster, year, rd_per_employee,
        value_added_per_employee`` (the two indicators in million rubles per
        employee), or their aliases in :data:`INDICATOR_COLUMNS` (e.g.
        ``кластер``, ``год``). Every dialect of :func:`ecosystems.read_table`
        is accepted. Extra columns are kept.
    sheet : str or int, optional
        Workbook sheet (name or 0-based number); the first by default.

    Returns
    -------
    pandas.DataFrame
        One row per cluster-year, in file order; ``year`` as int64, the two
        indicators as float64 (empty cells are NaN), then extra columns.

    Raises
    ------
    DataError
        Naming the file, line (or sheet row), column and value, when the file
        cannot be read as a table, a required column is missing, a value is
        not a non-negative finite number, a year is not a whole number in
        1990-2100, or a (cluster, year) appears twice.

    Examples
    --------
    >>> load_indicators().shape
    (36, 4)
    """
    return read_table(path, INDICATOR_COLUMNS, key=INDICATOR_KEY, sheet=sheet,
                      what="cluster and year")


def load_participants(path, sheet: str | int | None = None) -> pd.DataFrame:
    """Read participant-level supplies (the Resolution 779 cooperation form).

    Parameters
    ----------
    path : str or pathlib.Path
        CSV or ``.xlsx`` file with columns ``cluster, participant, year,
        supplied_to_cluster_mln_rub, supplied_total_mln_rub`` (million
        rubles: goods, works and services a participant supplied to other
        participants of its cluster, and supplied in total), or their aliases
        in :data:`PARTICIPANT_COLUMNS`. Same dialects as
        :func:`load_indicators`; extra columns are kept.
    sheet : str or int, optional
        Workbook sheet (name or 0-based number); the first by default.

    Returns
    -------
    pandas.DataFrame
        One row per cluster, participant and year, in file order: ``cluster``
        and ``participant`` as str, ``year`` int64, the two volumes float64
        (empty cells are NaN), then extra columns.

    Raises
    ------
    DataError
        For every error of :func:`load_indicators`, and when a (cluster,
        participant, year) appears twice or a participant supplied more to
        the cluster than in total (the message names participant and year).
    """
    return read_table(path, PARTICIPANT_COLUMNS, key=PARTICIPANT_KEY, sheet=sheet,
                      rules=(NOT_ABOVE_TOTAL,), what="cluster, participant and year")


def check_participants(df: pd.DataFrame) -> None:
    """Check a participant table built in code by the rules :func:`load_participants` applies.

    Raises
    ------
    DataError
        Naming the row (counted from 0), column and value: a column missing, a
        volume that is negative, infinite or not a number, a (cluster,
        participant, year) twice, or more supplied to the cluster than in total.
    """
    validate_frame(df, PARTICIPANT_COLUMNS, key=PARTICIPANT_KEY, rules=(NOT_ABOVE_TOTAL,),
                   what="cluster, participant and year", where="participant table")
