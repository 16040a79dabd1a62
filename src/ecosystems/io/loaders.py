"""Loading cluster indicator and participant tables, with errors a person can act on.

The column specifications below are the single source of the expected
columns, their units and the header aliases accepted (README "Use your own
data" lists them).
"""

from __future__ import annotations

import pandas as pd

from .. import config
from .tabular import Column, RowRule, read_frame, read_table, validate_frame

#: The two indicators of the typology: axis name -> column of the tidy indicator table.
INDICATORS = {"innovation": "rd_per_employee", "productivity": "value_added_per_employee"}
MLN_RUB_PER_EMPLOYEE = "million rubles per employee"
MLN_RUB = "million rubles"
#: Medians (million rubles per employee) of R&D and value added above which the read report
#: asks whether the values are in thousands or totals: Table 3 reaches 0.27 and 3.3.
PLAUSIBLE_MEDIAN = (10.0, 100.0)

INDICATOR_COLUMNS = (
    Column("cluster", "text", aliases=(
        "кластер", "название кластера", "наименование кластера",
        "cluster (industrial ecosystem)", "кластер (промышленная экосистема)",
    )),
    Column("year", "year", aliases=("год",)),
    Column("rd_per_employee", "amount", MLN_RUB_PER_EMPLOYEE, aliases=(
        "r&d per employee", "ниокр на работника", "ниокр на одного работника",
        "затраты на ниокр на одного работника",
        # Table 3's heading, its unit ("million rubles") taken out
        "participants and cluster infrastructure expenses volume on scientific research and "
        "development, per one cluster employee",
    ), wide_aliases=("ниокр", "r&d", "rd"), plausible_median=PLAUSIBLE_MEDIAN[0]),
    Column("value_added_per_employee", "amount", MLN_RUB_PER_EMPLOYEE, aliases=(
        "value added per employee", "добавленная стоимость на работника",
        "добавленная стоимость на одного работника",
        "added value created by industrial cluster participants, per cluster employee",
    ), wide_aliases=("добавленная стоимость", "value added", "added value", "va"),
        plausible_median=PLAUSIBLE_MEDIAN[1]),
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
#: Supplied to the cluster may exceed the total by this fraction of the total (at least of
#: 1 million rubles) before it is an error: the rounding of a spreadsheet's last digits.
TOTAL_TOLERANCE = 1e-9


def _not_above_total(df: pd.DataFrame) -> pd.Series:
    total = df["supplied_total_mln_rub"]
    slack = TOTAL_TOLERANCE * total.abs().clip(lower=1.0)
    return ~(df["supplied_to_cluster_mln_rub"] > total + slack)


NOT_ABOVE_TOTAL = RowRule(
    test=_not_above_total,
    message=(
        "participant {participant!r} in {year} (cluster {cluster!r}) supplied "
        "{supplied_to_cluster_mln_rub:g} million rubles to the cluster, more than its total "
        "{supplied_total_mln_rub:g}; expected supplied to the cluster <= supplied in total"
    ),
    columns=("supplied_to_cluster_mln_rub", "supplied_total_mln_rub"),
)


def load_indicators(path=config.TABLE3, sheet: str | int | None = None, *,
                    layout: str = "auto", report: bool = False):
    """Read a table of cluster indicators (Table 3 or your own export).

    Parameters
    ----------
    path : str or pathlib.Path, default ``data/table3.csv``
        CSV or ``.xlsx`` file of R&D and value added per employee (million
        rubles), laid out long (``cluster, year, rd_per_employee,
        value_added_per_employee``, or the aliases in
        :data:`INDICATOR_COLUMNS`, e.g. ``кластер``, ``год``), wide (one row
        per cluster, headers such as ``НИОКР 2020``, ``R&D 2021``,
        ``Добавленная стоимость 2020, млн руб.``) or as the paper's Table 3
        (indicator blocks above a row of years). Every dialect of
        :func:`ecosystems.read_table` is accepted. Extra columns are kept.
    sheet : str or int, optional
        Workbook sheet (name or 0-based number); the first by default.
    layout : {"auto", "long", "wide", "table3"}
        The layout; recognised from the header by default.
    report : bool
        Also return the :class:`ecosystems.ReadReport` (what was read, skipped
        and converted). Without it, a file from which anything was skipped or
        converted gives a :class:`ecosystems.DataWarning` saying what.

    Returns
    -------
    pandas.DataFrame, or (pandas.DataFrame, ReadReport) with ``report=True``
        One row per cluster-year, in file order; ``year`` as int64, the two
        indicators as float64 in million rubles per employee (empty cells are
        NaN), then extra columns.

    Raises
    ------
    DataError
        Naming the file, line (or sheet row), column and value, and what to
        change: the path is not a readable file, no header is found, a
        required column is missing, a value is not a non-negative finite
        number, a year is not a whole number in 1990-2100, or a (cluster, year)
        appears twice.

    Examples
    --------
    >>> load_indicators().shape
    (36, 4)
    """
    return read_table(path, INDICATOR_COLUMNS, key=INDICATOR_KEY, sheet=sheet,
                      what="cluster and year", layout=layout, report=report)


def load_participants(path, sheet: str | int | None = None, *, layout: str = "auto",
                      report: bool = False):
    """Read participant-level supplies (the Resolution 779 cooperation form).

    Parameters
    ----------
    path : str or pathlib.Path
        CSV or ``.xlsx`` file with columns ``cluster, participant, year,
        supplied_to_cluster_mln_rub, supplied_total_mln_rub`` (million
        rubles: goods, works and services a participant supplied to other
        participants of its cluster, and supplied in total), or their aliases
        in :data:`PARTICIPANT_COLUMNS`. Same dialects and layouts as
        :func:`load_indicators`; extra columns are kept.
    sheet : str or int, optional
        Workbook sheet (name or 0-based number); the first by default.
    layout, report
        As for :func:`load_indicators`.

    Returns
    -------
    pandas.DataFrame, or (pandas.DataFrame, ReadReport) with ``report=True``
        One row per cluster, participant and year, in file order: ``cluster``
        and ``participant`` as str, ``year`` int64, the two volumes float64
        (empty cells are NaN), then extra columns.

    Raises
    ------
    DataError
        For every error of :func:`load_indicators`, and when a (cluster,
        participant, year) appears twice or a participant supplied more to
        the cluster than in total (beyond :data:`TOTAL_TOLERANCE`; the message
        names participant and year and shows both values in full).
    """
    return read_table(path, PARTICIPANT_COLUMNS, key=PARTICIPANT_KEY, sheet=sheet,
                      rules=(NOT_ABOVE_TOTAL,), what="cluster, participant and year",
                      layout=layout, report=report)


def to_long(frame: pd.DataFrame, layout: str = "auto", report: bool = False):
    """Turn a DataFrame of cluster indicators in any layout the loader reads into the tidy table.

    For tables already in memory: read with pandas, reshaped by hand when the
    layout is none of the three (README, "Use your own data", has recipes),
    then checked and converted here by the rules of :func:`load_indicators`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long (columns ``cluster, year, rd_per_employee,
        value_added_per_employee`` or their aliases), wide (``Кластер``,
        ``НИОКР 2020``, ..., ``Добавленная стоимость 2020``, ...) or with a
        two-level column index ``(indicator, year)``; a named index (e.g.
        ``cluster``) counts as a column.
    layout, report
        As for :func:`load_indicators`.

    Returns
    -------
    pandas.DataFrame, or (pandas.DataFrame, ReadReport) with ``report=True``
        As :func:`load_indicators` returns.

    Raises
    ------
    DataError
        As :func:`load_indicators`, naming rows by position (from 0).

    Examples
    --------
    >>> import pandas as pd
    >>> wide = pd.DataFrame({"Кластер": ["A"], "НИОКР 2020": [0.1], "НИОКР 2021": [0.2],
    ...                      "Добавленная стоимость 2020": [2.5],
    ...                      "Добавленная стоимость 2021": [3.0]})
    >>> to_long(wide)[["cluster", "year", "rd_per_employee"]].to_dict("list")
    {'cluster': ['A', 'A'], 'year': [2020, 2021], 'rd_per_employee': [0.1, 0.2]}
    """
    return read_frame(frame, INDICATOR_COLUMNS, key=INDICATOR_KEY, what="cluster and year",
                      layout=layout, report=report)


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
