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
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from .. import config
from ..errors import DataError
from . import reads
from .dialects import SPACES, RawTable, normalize_header, parse_number, read_raw

KINDS = ("text", "year", "amount", "number")
YEAR_RANGE = (1990, 2100)
MAX_REPORTED = 5

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
    """

    name: str
    kind: str = "amount"
    unit: str = ""
    aliases: tuple[str, ...] = ()
    required: bool = False

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
) -> pd.DataFrame:
    """Read and validate a CSV or .xlsx table against expected columns.

    Parameters
    ----------
    path : str or pathlib.Path
        CSV (``,``, ``;`` or tab delimited; UTF-8, UTF-8 with BOM, UTF-16
        with BOM or Windows-1251, detected with charset-normalizer; any line
        endings; decimal point or comma; thousands separated by spaces or
        no-break spaces) or an ``.xlsx`` workbook. Leading lines starting with
        ``#`` and blank lines are skipped; the first other line is the header.
        The format is recognised by content, not by the file's extension.
    columns : sequence of Column
        The required columns, their kinds and header aliases. Headers in the
        file are matched after :func:`normalize_header`.
    key : sequence of str, optional
        Columns whose combination must be unique (e.g. cluster and year).
    sheet : str or int, optional
        Workbook sheet by name or 0-based number; the first sheet by default.
        Ignored for CSV.
    rules : sequence of RowRule, optional
        Cross-column checks on the parsed rows.
    what : str
        What one row describes, for messages (e.g. "cluster and year").

    Returns
    -------
    pandas.DataFrame
        The required columns in ``columns`` order under their canonical
        names, then any other columns of the file (as text, headers trimmed)
        in file order. ``year`` columns are int64, ``amount`` and ``number``
        columns float64 with NaN for empty cells, text columns str. Rows in
        file order, RangeIndex.

    Raises
    ------
    DataError
        When the file is missing, empty, not a text table or a workbook, has
        no data rows, a row has more or fewer fields than the header, a
        required column is missing, or a value breaks its column's rule, the
        key or a rule. The message names the file, the line (CSV, counting
        comment lines and the header) or sheet row (xlsx), the column, the
        value as written, and what was expected; up to five problems are
        listed, one per line.
    """
    path = Path(path)
    name = config.relative(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{name}: no such file") from None
    except OSError as exc:
        raise DataError(f"{name}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise DataError(f"{name}: the file is empty; expected a header line and data rows")
    reads.record_read(path)  # a user's table outside data/ is in the sidecars too
    raw = read_raw(data, name, sheet)
    frame, labels = _match_columns(raw, columns)
    if frame.empty:
        raise DataError(
            f"{raw.where}: the header on {raw.unit} {raw.header_number} has no data rows below it"
        )
    return _validate(frame, labels, raw, columns, list(key), rules, what)


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
    raw = RawTable(header=names, rows=rows, numbers=list(range(len(df))), header_number=0,
                   unit="row", where=where)
    frame = pd.DataFrame(rows, columns=names, index=raw.numbers, dtype=object)
    try:
        _validate(frame, {n: n for n in names}, raw, columns, list(key), rules, what)
    except DataError as exc:  # name each row by its key as well as its position
        def named(match):
            i = int(match.group(1))
            keys = ", ".join(f"{k} {rows[i][names.index(k)]!r}" for k in key)
            return f"{where}, row {i} ({keys})" if keys else match.group(0)

        raise DataError(re.sub(rf"^{re.escape(where)}, row (\d+)", named, str(exc),
                               flags=re.MULTILINE)) from None


def _match_columns(raw: RawTable, columns: Sequence[Column]):
    wanted = {}
    for column in columns:
        for alias in (column.name, *column.aliases):
            wanted[normalize_header(alias)] = column.name
    names, labels, seen = [], {}, {}
    for i, header in enumerate(raw.header):
        label = header.strip(SPACES)
        canonical = wanted.get(normalize_header(label))
        if canonical is None:
            canonical = label or f"column_{i + 1}"
        if canonical in seen:
            raise DataError(
                f"{raw.where}, {raw.unit} {raw.header_number}: headers {seen[canonical]!r} and "
                f"{label!r} both name column {canonical!r}; expected each column once"
            )
        seen[canonical] = label
        names.append(canonical)
        labels[canonical] = label
    absent = [c.name for c in columns if c.name not in seen]
    if absent:
        accepted = {c.name: list(c.aliases) for c in columns if c.name in absent}
        raise DataError(
            f"{raw.where}, {raw.unit} {raw.header_number}: required column(s) {absent} missing; "
            f"found {[h.strip() for h in raw.header]}; accepted headers (case and spaces "
            f"ignored): {accepted}"
        )
    frame = pd.DataFrame(raw.rows, columns=names, index=raw.numbers, dtype=object)
    empty_extra = [n for n, h in zip(names, raw.header, strict=True)
                   if not h.strip() and frame[n].map(str.strip).eq("").all()]
    return frame.drop(columns=empty_extra), labels


# problem phrases for the checks of the two schemas, by pandera check name
_PROBLEMS = {
    "number": "is not a number",
    "present": "is empty",
    "finite": "is not finite",
    "non_negative": "is negative",
    "whole": "is not a whole number",
    "plausible_year": "is not a plausible year",
}


def _schemas(columns: Sequence[Column]):
    def number(text):
        return parse_number(text) is not None

    def present(text):
        return bool(text.strip())

    text_cols, typed_cols = {}, {}
    for c in columns:
        checks = []
        if c.kind in ("text", "year") or c.required:
            checks.append(pa.Check(present, element_wise=True, name="present"))
        if c.kind != "text":
            checks.append(pa.Check(number, element_wise=True, name="number"))
        text_cols[c.name] = pa.Column(object, checks=checks)
        if c.kind == "year":
            typed = [
                pa.Check(lambda s: s % 1 == 0, name="whole"),
                pa.Check(lambda s: s.between(*YEAR_RANGE), name="plausible_year"),
            ]
        elif c.kind in ("amount", "number"):
            typed = [pa.Check(lambda s: ~np.isinf(s), name="finite", ignore_na=True)]
            if c.kind == "amount":
                typed.append(pa.Check(lambda s: s >= 0, name="non_negative", ignore_na=True))
        else:
            continue
        typed_cols[c.name] = pa.Column(float, checks=typed, nullable=c.kind != "year")
    return pa.DataFrameSchema(text_cols), pa.DataFrameSchema(typed_cols)


def _run(schema, frame) -> pd.DataFrame | None:
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        return exc.failure_cases
    return None


def _cell(raw, line, column, labels) -> str:
    label = labels.get(column, column)
    named = f"column {label!r}" + (f" ({column})" if label != column else "")
    return f"{raw.where}, {raw.unit} {line}, {named}"


def _cells(failures: pd.DataFrame, raw: RawTable):
    """(line, column, check) of each failing cell, the first failed check per cell."""
    if failures["index"].isna().any():  # a schema-level failure pandera cannot place
        raise DataError(f"{raw.where}: cannot be checked ({failures.iloc[0].to_dict()})")
    seen = set()
    for row in failures.itertuples():
        cell = (int(row.index), row.column)
        if cell not in seen:
            seen.add(cell)
            yield (*cell, row.check)


def _raise(problems: list[tuple[int, int, str]]):
    problems.sort()
    text = [p[2] for p in problems[:MAX_REPORTED]]
    if len(problems) > MAX_REPORTED:
        text.append(f"... and {len(problems) - MAX_REPORTED} more problem(s) of this kind")
    raise DataError("\n".join(text))


def _validate(frame, labels, raw, columns, key, rules, what) -> pd.DataFrame:
    by_name = {c.name: c for c in columns}
    order = {c.name: i for i, c in enumerate(columns)}
    text_schema, typed_schema = _schemas(columns)
    failures = _run(text_schema, frame[[c.name for c in columns]])
    if failures is not None:
        problems = []
        for line, column, check in _cells(failures, raw):
            value = frame.at[line, column]
            said = (f"value {value!r} {_PROBLEMS[check]}" if value.strip()
                    else "the cell is empty")
            problems.append((line, order[column], (
                f"{_cell(raw, line, column, labels)}: {said}; "
                f"expected {by_name[column].expected()}"
            )))
        _raise(problems)
    df = frame.copy()
    for c in columns:
        if c.kind == "text":
            df[c.name] = frame[c.name].map(lambda t: t.strip(SPACES))
        else:
            df[c.name] = frame[c.name].map(parse_number).astype(float)
    failures = _run(typed_schema, df[list(typed_schema.columns)])
    if failures is not None:
        problems = []
        for line, column, check in _cells(failures, raw):
            problems.append((line, order[column], (
                f"{_cell(raw, line, column, labels)}: value "
                f"{frame.at[line, column]!r} {_PROBLEMS[check]}; expected "
                f"{by_name[column].expected()}"
            )))
        _raise(problems)
    for c in columns:
        if c.kind == "year":
            df[c.name] = df[c.name].astype("int64")
    if key:
        _check_key(df, raw, key, what)
    for rule in rules:
        ok = rule.test(df).to_numpy(dtype=bool)
        problems = [
            (int(line), 0, f"{_cell(raw, line, rule.columns[0], labels)}: "
             + rule.message.format(**{str(k): v for k, v in df.loc[line].items()}))
            for line in df.index[~ok]
        ]
        if problems:
            _raise(problems)
    for column in df.columns:
        if column not in by_name:
            df[column] = frame[column].map(lambda t: t if t.strip() else np.nan)
    return df.reset_index(drop=True)


def _check_key(df, raw, key, what):
    schema = pa.DataFrameSchema(unique=key, report_duplicates="exclude_first")
    failures = _run(schema, df[key])
    if failures is None:
        return
    first = {}
    for line, values in zip(df.index, df[key].itertuples(index=False), strict=True):
        first.setdefault(tuple(values), line)
    problems = []
    for line in sorted(set(failures["index"].astype(int))):
        values = tuple(df.loc[line, key])
        parts = [f"{k} {v!r}" for k, v in zip(key, values, strict=True)]
        if len(key) > 1:  # "cluster 'A' has year 2020 twice"
            parts = [*parts[:-2], f"{parts[-2]} has {key[-1]} {values[-1]}"]
        named = ", ".join(parts)
        problems.append((line, 0, (
            f"{raw.where}, {raw.unit} {line}: {named} twice "
            f"(first on {raw.unit} {first[values]}); expected one row per {what}"
        )))
    _raise(problems)
