"""Reading tables as people export them: CSV in Russian or English dialects, or Excel.

:func:`read_table` turns a file into raw text cells, each tagged with the line
(CSV) or sheet row (xlsx) a person sees, then validates them with pandera and
turns every failure case into an :class:`~ecosystems.DataError` message naming
the file, the line, the column, the value, and what was expected.
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from charset_normalizer import from_bytes
from pandera.errors import SchemaErrors

from . import paths
from .errors import DataError

KINDS = ("text", "year", "amount", "number")
YEAR_RANGE = (1990, 2100)
MAX_REPORTED = 5
DELIMITERS = (",", ";", "\t")
# Thousands separators: space, no-break space, narrow no-break space, thin space.
_GROUP = " \u00a0\u202f\u2009"
_GROUPED = re.compile(rf"[+-]?\d{{1,3}}(?:[{_GROUP}]\d{{3}})+(?:[.,]\d*)?")
_FLOAT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_INFINITE = {"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "+∞", "-∞"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old-style Excel .xls (or other OLE) file; save it as .xlsx or CSV",
    b"\x1f\x8b": "a gzip archive",
}


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
    """

    name: str
    kind: str = "amount"
    unit: str = ""
    aliases: tuple[str, ...] = ()

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Column {self.name!r}: kind must be one of {KINDS}, "
                             f"got {self.kind!r}")

    def expected(self) -> str:
        """What a valid cell of this column looks like, for messages."""
        unit = f" ({self.unit})" if self.unit else ""
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


def normalize_header(text) -> str:
    """Header text as compared with column names and aliases.

    Trimmed, case-folded, ``ё`` read as ``е``, underscores as spaces, runs of
    whitespace (including no-break spaces) collapsed to one space.
    """
    text = str(text).casefold().replace("ё", "е").replace("_", " ")
    return " ".join(text.split())


def parse_number(text: str) -> float | None:
    """The number written in ``text``, or None when it is not one.

    Accepts a decimal point or a decimal comma, thousands groups separated by
    spaces or no-break spaces (``1 234,5``), exponents, a leading ``+``, ``-``
    or ``−`` (U+2212), and ``inf``/``∞`` (returned as infinity so that the
    caller can say it is not finite). Empty text gives NaN.
    """
    t = text.strip(" \t\r\n\u00a0\u202f\u2009").replace("\u2212", "-")
    if not t:
        return math.nan
    if t.casefold() in _INFINITE:
        return -math.inf if t.startswith("-") else math.inf
    if _GROUPED.fullmatch(t):
        t = re.sub(f"[{_GROUP}]", "", t)
    if t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")
    return float(t) if _FLOAT.fullmatch(t) else None


# ---------------------------------------------------------------- raw reading


@dataclass
class _Raw:
    header: list[str]
    rows: list[list[str]]
    numbers: list[int]  # line (CSV) or sheet row (xlsx) of each row, as a person counts
    header_number: int
    unit: str  # "line" or "row"
    where: str  # the file, plus the sheet for workbooks


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _is_comment(cells: Sequence[str]) -> bool:
    first = next((c for c in cells if c.strip()), "")
    return first.lstrip().startswith("#")


def _blank(cells: Sequence[str]) -> bool:
    return all(not c.strip() for c in cells)


def _decode(data: bytes, name: str) -> str:
    for signature, what in _SIGNATURES.items():
        if data.startswith(signature):
            raise DataError(f"{name}: this is {what}, not a CSV table or .xlsx workbook")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
        if text is None and b"\x00" not in data:
            # Not UTF-8: Russian Excel writes Windows-1251. charset-normalizer,
            # limited to it, decodes the bytes when they form cp1251 text; its
            # chaos threshold is relaxed because names are short, and binary
            # content is recognised by the control characters checked below.
            best = from_bytes(data, cp_isolation=["cp1251"], threshold=1.0).best()
            text = str(best) if best is not None else None
    if text is None or _CONTROL.search(text):
        raise DataError(
            f"{name}: not a text table (binary content); expected a CSV file in UTF-8 or "
            "Windows-1251, or an .xlsx workbook"
        )
    return text.removeprefix("\ufeff")


def _delimiter(line: str) -> str:
    counts = {d: 0 for d in DELIMITERS}
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(DELIMITERS, key=lambda d: counts[d])  # ties: the earlier, i.e. ","


def _read_csv(data: bytes, name: str) -> _Raw:
    text = _decode(data, name)
    lines = re.split(r"\r\n|\r|\n", text)
    skip = 0
    while skip < len(lines) and (not lines[skip].strip() or lines[skip].lstrip().startswith("#")):
        skip += 1
    if skip == len(lines):
        raise DataError(f"{name}: the file is empty; expected a header line and data rows")
    reader = csv.reader(io.StringIO("\n".join(lines[skip:])), delimiter=_delimiter(lines[skip]))
    records, numbers, previous = [], [], 0
    try:
        for record in reader:
            records.append(record)
            numbers.append(skip + previous + 1)
            previous = reader.line_num
    except csv.Error as exc:
        raise DataError(
            f"{name}, line {skip + previous + 1}: cannot be split into fields ({exc})"
        ) from None
    header, header_number = records[0], numbers[0]
    rows, row_numbers = [], []
    for record, number in zip(records[1:], numbers[1:], strict=True):
        if _blank(record):
            continue
        if len(record) != len(header):
            more = "more" if len(record) > len(header) else "fewer"
            raise DataError(
                f"{name}, line {number}: {len(record)} fields, {more} than the {len(header)} of "
                f"the header on line {header_number}; expected one value per column (a value "
                "containing the delimiter must be quoted)"
            )
        rows.append(record)
        row_numbers.append(number)
    return _Raw(header, rows, row_numbers, header_number, "line", name)


def _read_xlsx(data: bytes, name: str, sheet) -> _Raw:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged archives
        raise DataError(f"{name}: cannot be opened as an .xlsx workbook ({exc})") from None
    try:
        names = book.sheetnames
        if sheet is None:
            sheet = names[0]
        elif isinstance(sheet, int) and not isinstance(sheet, bool):
            if not 0 <= sheet < len(names):
                raise DataError(f"{name}: no sheet number {sheet} (0-based); sheets: {names}")
            sheet = names[sheet]
        if sheet not in names:
            raise DataError(f"{name}: no sheet {sheet!r}; sheets: {names}")
        cells = [
            [_cell_text(v) for v in row]
            for row in book[sheet].iter_rows(min_row=1, values_only=True)
        ]
    finally:
        book.close()
    where = f"{name}, sheet {sheet!r}"
    start = 0
    while start < len(cells) and (_blank(cells[start]) or _is_comment(cells[start])):
        start += 1
    if start == len(cells):
        raise DataError(f"{where}: the sheet is empty; expected a header row and data rows")
    header = cells[start]
    while header and not header[-1].strip():
        header = header[:-1]
    rows, numbers = [], []
    for i in range(start + 1, len(cells)):
        row = cells[i] + [""] * (len(header) - len(cells[i]))
        if _blank(row):
            continue
        if not _blank(row[len(header):]):
            extra = next(j for j in range(len(header), len(row)) if row[j].strip())
            raise DataError(
                f"{where}, row {i + 1}: value {row[extra]!r} in column {_letter(extra)}, which "
                f"has no header on row {start + 1}; expected one value per headed column"
            )
        rows.append(row[: len(header)])
        numbers.append(i + 1)
    return _Raw(header, rows, numbers, start + 1, "row", where)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# ------------------------------------------------------------- the reader


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
    name = paths.relative(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{name}: no such file") from None
    except OSError as exc:
        raise DataError(f"{name}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise DataError(f"{name}: the file is empty; expected a header line and data rows")
    if data.startswith(b"PK\x03\x04"):
        raw = _read_xlsx(data, name, sheet)
    else:
        raw = _read_csv(data, name)
    frame, labels = _match_columns(raw, columns)
    if frame.empty:
        raise DataError(
            f"{raw.where}: the header on {raw.unit} {raw.header_number} has no data rows below it"
        )
    return _validate(frame, labels, raw, columns, list(key), rules, what)


def _match_columns(raw: _Raw, columns: Sequence[Column]):
    wanted = {}
    for column in columns:
        for alias in (column.name, *column.aliases):
            wanted[normalize_header(alias)] = column.name
    names, labels, seen = [], {}, {}
    for i, header in enumerate(raw.header):
        label = header.strip(" \t\u00a0\u202f")
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
        if c.kind == "text" or c.kind == "year":
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


def _cell(raw, line, column, labels, columns_by_name) -> str:
    label = labels.get(column, column)
    named = f"column {label!r}" + (f" ({column})" if label != column else "")
    return f"{raw.where}, {raw.unit} {line}, {named}"


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
        for row in failures.itertuples():
            line, column = int(row.index), row.column
            value = frame.at[line, column]
            said = (f"value {value!r} {_PROBLEMS[row.check]}" if value.strip()
                    else "the cell is empty")
            problems.append((line, order[column], (
                f"{_cell(raw, line, column, labels, by_name)}: {said}; "
                f"expected {by_name[column].expected()}"
            )))
        _raise(problems)
    df = frame.copy()
    for c in columns:
        if c.kind == "text":
            df[c.name] = frame[c.name].map(lambda t: t.strip(" \t\u00a0\u202f"))
        else:
            df[c.name] = frame[c.name].map(parse_number).astype(float)
    failures = _run(typed_schema, df[list(typed_schema.columns)])
    if failures is not None:
        problems = []
        for row in failures.itertuples():
            line, column = int(row.index), row.column
            problems.append((line, order[column], (
                f"{_cell(raw, line, column, labels, by_name)}: value "
                f"{frame.at[line, column]!r} {_PROBLEMS[row.check]}; expected "
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
            (int(line), 0, f"{_cell(raw, line, rule.columns[0], labels, by_name)}: "
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
        named = ", ".join(f"{k} {v!r}" for k, v in zip(key[:-1], values[:-1], strict=True))
        problems.append((line, 0, (
            f"{raw.where}, {raw.unit} {line}: {named} has {key[-1]} {values[-1]} twice "
            f"(first on {raw.unit} {first[values]}); expected one row per {what}"
        )))
    _raise(problems)


def column_table(columns: Sequence[Column]) -> pd.DataFrame:
    """The expected columns as a table (name, kind, unit, accepted headers), for docs."""
    return pd.DataFrame([
        {"column": c.name, "kind": c.kind, "unit": c.unit,
         "also accepted": ", ".join(c.aliases)}
        for c in columns
    ])

