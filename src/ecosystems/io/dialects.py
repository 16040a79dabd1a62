"""The dialects of tables people export: turning a CSV or .xlsx file into text cells.

Every cell comes back as text, with the line (CSV) or sheet row (xlsx) a person
sees for each row; :mod:`ecosystems.tabular` then checks and converts them.
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from charset_normalizer import from_bytes

from ..errors import DataError

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
SPACES = " \t\u00a0\u202f"


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


@dataclass
class RawTable:
    """A table split into text cells, before any check (see :func:`read_raw`)."""

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
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
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
    """Tab if the header line has one outside quotes, else ``;`` if it has one, else ``,``.

    Semicolon files often carry commas inside header names ("Индекс, %"), so a
    semicolon wins over commas whatever their number.
    """
    outside = re.sub(r'"[^"]*"', "", line)
    return next((d for d in ("\t", ";") if d in outside), ",")


def _read_csv(data: bytes, name: str) -> RawTable:
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
    return RawTable(header, rows, row_numbers, header_number, "line", name)


def _open_book(data: bytes, name: str, data_only: bool):
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds for damaged archives
        raise DataError(f"{name}: cannot be opened as an .xlsx workbook ({exc})") from None


def _unsaved_formula(data: bytes, name: str, sheet: str, cells: list[list[str]]):
    """Raise when an empty cell is a formula whose value was never saved.

    openpyxl reads the value a spreadsheet program last computed; a workbook
    written by a script has formulas without values, which would read as empty.
    """
    book = _open_book(data, name, data_only=False)
    try:
        for i, row in enumerate(book[sheet].iter_rows(min_row=1, values_only=True)):
            for j, formula in enumerate(row):
                if (isinstance(formula, str) and formula.startswith("=")
                        and i < len(cells) and j < len(cells[i]) and not cells[i][j].strip()):
                    raise DataError(
                        f"{name}, sheet {sheet!r}, row {i + 1}, column {_letter(j)}: formula "
                        f"{formula!r} has no saved value; expected a value (open and save the "
                        "workbook in Excel or LibreOffice so that its formulas are computed)"
                    )
    finally:
        book.close()


def _read_xlsx(data: bytes, name: str, sheet) -> RawTable:
    book = _open_book(data, name, data_only=True)
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
    if any(not c.strip() for row in cells for c in row):
        _unsaved_formula(data, name, sheet, cells)
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
    return RawTable(header, rows, numbers, start + 1, "row", where)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def read_raw(data: bytes, name: str, sheet=None) -> RawTable:
    """Split the bytes of a CSV file or an .xlsx workbook into header and text rows.

    Parameters
    ----------
    data : bytes
        The file's content (a workbook is recognised by its zip signature).
    name : str
        The file as named in messages.
    sheet : str or int, optional
        Workbook sheet by name or 0-based number; the first by default.

    Returns
    -------
    RawTable
    """
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, name, sheet)
    return _read_csv(data, name)
