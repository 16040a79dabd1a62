"""Reading tables as people export them: CSV in Russian or English dialects, or Excel.

:func:`read_table` turns a file into raw text cells (:mod:`ecosystems.dialects`),
each tagged with the line (CSV) or sheet row (xlsx) a person sees, then
validates them with pandera and turns every failure case into an
:class:`~ecosystems.DataError` message naming the file, the line, the column,
the value, and what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..errors import DataError
from . import files, read_log
from .dialects import Grid, read_grid
from .layouts import LongTable, Spec, to_long_table
from .names import look_alikes
from .read_report import ReadReport
from .validation import validate

KINDS = ("text", "year", "amount", "number")
YEAR_RANGE = (1990, 2100)

@dataclass(frozen=True)
class Column:
    """One expected column of a table read by :func:`read_table`.

    Parameters
    ----------
    name : str
        Canonical name, the column's name in the returned DataFrame.
    kind : {"text", "year", "amount", "number"}
        ``text``: non-empty string (surrounding spaces trimmed, otherwise kept
        exactly). ``year``: whole number in 1990-2100, never empty.
        ``amount``: finite number >= 0, empty cells are NaN. ``number``:
        finite number of any sign, empty cells are NaN.
    unit : str, optional
        Shown in error messages and the README (e.g. "million rubles").
    aliases : tuple of str
        Other headers accepted for this column (compared after trimming,
        case-folding, ``ё`` -> ``е``, ``_`` -> space and collapsing spaces).
    required : bool
        For ``amount`` and ``number``: an empty cell is an error instead of
        NaN (``text`` and ``year`` cells are always required).
    wide_aliases : tuple of str
        Further names accepted only in the wide and Table 3 layouts, where a
        year follows them (``"НИОКР"`` in ``"НИОКР 2020"``).
    plausible_median : float, optional
        For numbers: a median above it is noted in the read report (and
        warned), as a sign of values in thousands or of totals instead of
        per-employee figures.

    Notes
    -----
    A column whose ``unit`` starts with "million rubles" accepts ruble units
    in its header or cells (``тыс. руб.``, ``млрд руб.``, ``руб.``) and
    converts them to million rubles (:mod:`ecosystems.io.units`).
    """

    name: str
    kind: str = "amount"
    unit: str = ""
    aliases: tuple[str, ...] = ()
    required: bool = False
    wide_aliases: tuple[str, ...] = ()
    plausible_median: float | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Column {self.name!r}: kind must be one of {KINDS}, "
                             f"got {self.kind!r}")

    def expected(self) -> str:
        """What a valid cell of this column looks like, for messages."""
        unit = f" ({self.unit})" if self.unit else ""
        if self.required and self.kind in ("amount", "number"):
            sign = "non-negative " if self.kind == "amount" else ""
            return f"a {sign}finite number{unit}"
        return {
            "text": "a non-empty name",
            "year": f"a whole year between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}",
            "amount": f"a non-negative finite number{unit}, or an empty cell if unknown",
            "number": f"a finite number{unit}, or an empty cell if unknown",
        }[self.kind]


@dataclass(frozen=True)
class RowRule:
    """A check across columns of each row, applied after the types are parsed.

    Parameters
    ----------
    test : callable
        ``test(df) -> pandas.Series of bool``, True where a row is valid
        (rows with missing values should return True).
    message : str
        ``str.format`` template filled with the row's parsed values by
        column name, e.g. ``"{a} exceeds {b}; expected a <= b"``.
    columns : tuple of str
        Columns the rule is about (the first one is named in the message).
    """

    test: Callable[[pd.DataFrame], pd.Series]
    message: str
    columns: tuple[str, ...]




def read_table(
    path,
    columns: Sequence[Column],
    *,
    key: Sequence[str] = (),
    sheet: str | int | None = None,
    rules: Sequence[RowRule] = (),
    what: str = "table",
    layout: str = "auto",
    report: bool = False,
):
    """Read and validate a CSV or .xlsx table against expected columns.

    Parameters
    ----------
    path : str or pathlib.Path
        CSV (``,``, ``;`` or tab delimited; UTF-8, UTF-8 with BOM, UTF-16
        with BOM or Windows-1251, detected with charset-normalizer; any line
        endings; decimal point or comma; thousands separated by spaces or
        no-break spaces) or an ``.xlsx`` workbook. The format is recognised by
        content, not by the file's extension. Anything but a regular, readable,
        non-empty file is refused without being read (:mod:`ecosystems.io.files`).
    columns : sequence of Column
        The required columns, their kinds and header aliases. Headers in the
        file are matched after :func:`normalize_header`, with a ruble unit
        (``", тыс. руб."``) taken out.
    key : sequence of str, optional
        Columns whose combination must be unique (e.g. cluster and year).
    sheet : str or int, optional
        Workbook sheet by name or 0-based number; the first sheet by default.
        Ignored for CSV.
    rules : sequence of RowRule, optional
        Cross-column checks on the parsed rows.
    what : str
        What one row describes, for messages (e.g. "cluster and year").
    layout : {"auto", "long", "wide", "table3"}
        How the table is laid out (:mod:`ecosystems.io.layouts`); ``"auto"``
        recognises each from its header.
    report : bool
        Also return the :class:`ReadReport` of what was read and skipped.
        Without it, a read that skipped, converted or flagged anything warns
        (:class:`ecosystems.DataWarning`) with the report's lines.

    Returns
    -------
    pandas.DataFrame, or (pandas.DataFrame, ReadReport) with ``report=True``
        The required columns in ``columns`` order under their canonical
        names, then any other columns of the file (as text, headers trimmed)
        in file order. ``year`` columns are int64, ``amount`` and ``number``
        columns float64 with NaN for empty cells, text columns str. Rows in
        file order (a wide row gives one row per year), RangeIndex.

    Raises
    ------
    DataError
        When the path is not a readable regular file, the file is empty, not a
        text table or a workbook, has no header or no data rows, a row has more
        or fewer fields than the header, a required column is missing, or a
        value breaks its column's rule, the key or a rule. The message names
        the file, the line (CSV, counting comment lines and the header) or
        sheet row (xlsx), the column, the value as written, and what to change;
        up to five problems are listed, one per line.
    """
    path = Path(path)
    name = config.relative(path)
    data = files.read_bytes(path)
    read_log.record_read(path)  # a user's table outside data/ is in the sidecars too
    grid = read_grid(data, name, sheet)
    table = to_long_table(grid, Spec(columns), layout)
    if not table.rows:
        raise DataError(f"{grid.where}: the header on {table.header} has no data rows below it")
    df = validate(table, columns, list(key), rules, what)
    _implausible(df, columns, table)
    for column in [c.name for c in columns if c.kind == "text"]:
        table.notes += [(where, text) for _, where, text
                        in look_alikes(df[column].tolist(), table.numbers, table.unit)]
    found = ReadReport(
        file=name, source=grid.source, sheet=grid.sheet, sheets=grid.sheets,
        layout=table.layout, header=table.header, data_rows=table.data_rows, records=len(df),
        columns=table.mapping, skipped=table.skipped, notes=table.notes)
    if report:
        return df, found
    found.warn()
    return df


def _implausible(df: pd.DataFrame, columns: Sequence[Column], table: LongTable) -> None:
    """Note a number column whose median is far above what its unit makes plausible."""
    for c in columns:
        if c.plausible_median is None or not df[c.name].notna().any():
            continue
        median = float(df[c.name].median())
        if median > c.plausible_median:
            table.notes.append((table.header, (
                f"{c.name}: the median is {median:g} {c.unit}, above {c.plausible_median:g}; "
                "if the values are in thousand rubles, or totals rather than per employee, "
                "say so in the header (', тыс. руб.') or divide by the employees")))


def read_frame(frame: pd.DataFrame, columns: Sequence[Column], *, key: Sequence[str] = (),
               rules: Sequence[RowRule] = (), what: str = "table", layout: str = "auto",
               report: bool = False, where: str = "table"):
    """:func:`read_table` for a DataFrame: its column labels are the header.

    A two-level column index (indicator, year) is read as the two header rows
    of the Table 3 layout; a named index is a column. Values are read as
    their text (floats in full), so every rule and message of :func:`read_table`
    applies; rows are named by their position (counted from 0).
    """
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    levels = frame.columns.nlevels
    if levels > 2:
        raise DataError(f"{where}: {levels} levels of column labels; expected one (long or "
                        "wide layout) or two (indicator, year: the Table 3 layout)")

    def text(value) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            return ""
        return repr(float(value)) if isinstance(value, float) else str(value)

    labels = [list(frame.columns.get_level_values(k)) for k in range(levels)]
    header = [[text(v) for v in row] for row in labels]
    body = [[text(v) for v in row] for row in frame.itertuples(index=False)]
    grid = Grid(header + body, list(range(-levels, 0)) + list(range(len(body))), "row", where,
                "DataFrame", ragged=False)
    try:
        table = to_long_table(grid, Spec(columns), layout)
        df = validate(table, columns, list(key), rules, what)
        _implausible(df, columns, table)
    except DataError as exc:
        said = str(exc).replace(f"{where}, rows -2--1", f"{where}, column labels")
        raise DataError(said.replace(f"{where}, row -1", f"{where}, column labels")) from None
    found = ReadReport(file=where, source="DataFrame", layout=table.layout,
                       header="column labels", data_rows=table.data_rows, records=len(df),
                       columns=table.mapping, skipped=table.skipped, notes=table.notes)
    if report:
        return df, found
    found.warn()
    return df


def validate_frame(df: pd.DataFrame, columns: Sequence[Column], *, key: Sequence[str] = (),
                   rules: Sequence[RowRule] = (), what: str = "table",
                   where: str = "table") -> None:
    """Check a table built in code by the same rules :func:`read_table` applies to files.

    Parameters
    ----------
    df : pandas.DataFrame
        Must have every column of ``columns`` under its canonical name.
    columns, key, rules, what
        As for :func:`read_table`.
    where : str
        What to call the table in messages (e.g. ``"participant table"``).

    Raises
    ------
    DataError
        With the same messages as :func:`read_table`, naming the row by its
        position (counted from 0) instead of a file line.
    """
    absent = [c.name for c in columns if c.name not in df.columns]
    if absent:
        raise DataError(f"{where}: required column(s) {absent} missing; found {list(df.columns)}")

    def text(value) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            return ""
        return repr(value) if isinstance(value, float) else str(value)

    names = [c.name for c in columns]
    rows = [[text(v) for v in row] for row in df[names].itertuples(index=False)]
    table = LongTable(columns=names, rows=rows, numbers=list(range(len(df))), unit="row",
                      where=where)
    try:
        validate(table, columns, list(key), rules, what, convert=False)
    except DataError as exc:  # name each row by its key as well as its position
        def named(match):
            i = int(match.group(1))
            keys = ", ".join(f"{k} {rows[i][names.index(k)]!r}" for k in key)
            return f"{where}, row {i} ({keys})" if keys else match.group(0)

        raise DataError(re.sub(rf"^{re.escape(where)}, row (\d+)", named, str(exc),
                               flags=re.MULTILINE)) from None
