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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
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


_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_PLAIN_COMMA = re.compile(r"[+-]?\d+,\d+")
_STRIP = " \t\r\n\u00a0\u202f\u2009"


def parse_numbers(texts) -> tuple[np.ndarray, np.ndarray]:
    """:func:`parse_number` of every text of a sequence: (values, readable).

    Plain numbers (``0.121``, ``0,121``, ``-3``, ``1e-3``) are converted in one
    step; every other text goes through :func:`parse_number`. ``values`` has
    NaN where a text is empty or not a number; ``readable`` is False where it
    is not a number.
    """
    texts = list(texts)
    values = np.full(len(texts), np.nan)
    readable = np.zeros(len(texts), dtype=bool)
    fast, fast_text = [], []
    plain, comma = _PLAIN.fullmatch, _PLAIN_COMMA.fullmatch
    for i, text in enumerate(texts):
        t = text.strip(_STRIP)
        if not t:
            readable[i] = True
        elif plain(t):
            fast.append(i)
            fast_text.append(t)
        elif comma(t):
            fast.append(i)
            fast_text.append(t.replace(",", "."))
        else:
            value = parse_number(text)
            if value is not None:
                values[i], readable[i] = value, True
    if fast:
        values[fast] = np.array(fast_text, dtype=float)
        readable[fast] = True
    return values, readable


def parse_scaled(text: str, exponent: int) -> float | None:
    """:func:`parse_number` of ``text`` times ``10**exponent``, rounded once.

    The decimal point is moved before rounding to binary (``"0,00003"``
    billions is exactly ``0.03`` millions), so a converted value is the float
    the same number written in the target unit would give.
    """
    value = parse_number(text)
    if value is None or not math.isfinite(value) or exponent == 0:
        return value
    t = text.strip(" \t\r\n\u00a0\u202f\u2009").replace("\u2212", "-")
    t = re.sub(f"[{_GROUP}]", "", t) if _GROUPED.fullmatch(t) else t
    return float(Decimal(t.replace(",", ".")).scaleb(exponent))


@dataclass
class Grid:
    """A file split into text cells, before any header is looked for (see :func:`read_grid`).

    ``rows`` holds every record after the leading comment and blank lines of a
    CSV file (whose line numbers are in ``comments``), and every row of a
    sheet; ``numbers`` the line (CSV) or sheet row (xlsx) of each, as a
    person counts. CSV records may differ in length: the width is checked
    once the header is known.
    """

    rows: list[list[str]]
    numbers: list[int]
    unit: str  # "line" or "row"
    where: str  # the file, plus the sheet for workbooks
    source: str  # how it was read, for the report
    comments: list[tuple[int, str]] = field(default_factory=list)  # leading comment lines
    notes: list[tuple[str, str]] = field(default_factory=list)  # how it was read, if unusual
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    ragged: bool = True  # CSV: rows may be shorter or longer than the header


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def is_comment(cells: Sequence[str]) -> bool:
    first = next((c for c in cells if c.strip()), "")
    return first.lstrip().startswith("#")


def is_blank(cells: Sequence[str]) -> bool:
    return all(not c.strip() for c in cells)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for signature, what in _SIGNATURES.items():
        if data.startswith(signature):
            raise DataError(f"{name}: this is {what}, not a CSV table or .xlsx workbook")
    encoding = "UTF-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "UTF-16"
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            encoding = "UTF-8 with BOM"
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
            encoding = "Windows-1251"
    if text is None or _CONTROL.search(text):
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        control = _CONTROL.search(text) if text is not None else None
        if control is not None:
            line = text.count("\n", 0, control.start()) + 1
            line += text.count("\r", 0, control.start()) - text.count("\r\n", 0, control.start())
            raise DataError(
                f"{name}, line {line}: a control character {control.group()!r} (binary "
                "content) in a text table; remove it (a NUL byte often comes from a damaged "
                "copy or a program that pads fields), or export the table again as CSV in "
                "UTF-8 or Windows-1251, or as .xlsx"
            )
        raise DataError(
            f"{name}: not a text table (binary content); expected a CSV file in UTF-8 or "
            "Windows-1251, or an .xlsx workbook"
        )
    return text.removeprefix("\ufeff"), encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """The text of UTF-16 bytes written without a byte-order mark, or None.

    Text in UTF-16 has a zero byte beside nearly every ASCII character (digits, separators,
    Latin letters): after it in little-endian files, before it in big-endian ones. When at
    least a third of the bytes at odd (or even) positions are zero, none at the other, and the
    bytes decode to text without control characters, that is what they are.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    odd_zeros, even_zeros = data[1::2].count(0), data[0::2].count(0)
    half = len(data) // 2
    for codec, zeros, others in (("utf-16-le", odd_zeros, even_zeros),
                                 ("utf-16-be", even_zeros, odd_zeros)):
        if zeros * 3 >= half and others == 0:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            if _CONTROL.search(text):
                return None
            return text, f"{codec.upper().replace('UTF-16-', 'UTF-16 ')} without byte-order mark"
    return None


#: Lines looked at to choose the delimiter.
DELIMITER_LINES = 30
_DELIMITERS = ("\t", ";", ",")


def _delimiter(lines: Sequence[str]) -> str:
    """The delimiter that splits the most of ``lines`` into one same number of fields.

    Title rows above a header ("Показатели, тыс. руб.") may hold any of tab,
    ``;`` and ``,``, and semicolon files carry decimal commas, so the choice is
    made over the first lines: for each candidate and each number of fields
    k > 1, the lines split into k fields times the k - 1 delimiters each
    holds; the candidate that explains the most delimiters in lines of one
    shape wins, on a tie tab, then ``;``, then ``,``. (Counting lines alone
    let a title with one comma over a short semicolon table choose the comma:
    a title, a header and one row split in two by their commas outnumbered
    the two lines of four fields.)
    """
    def score(d):
        counts = Counter(len(next(csv.reader([line], delimiter=d), [])) for line in lines)
        return max((n * (k - 1) for k, n in counts.items() if k > 1), default=0)

    scores = {d: score(d) for d in _DELIMITERS}
    return max(_DELIMITERS, key=lambda d: (scores[d], -_DELIMITERS.index(d)))


def _read_csv(data: bytes, name: str) -> Grid:
    text, encoding = _decode(data, name)
    lines = re.split(r"\r\n|\r|\n", text)
    skip = 0
    comments = []
    while skip < len(lines) and (not lines[skip].strip() or lines[skip].lstrip().startswith("#")):
        if lines[skip].strip():
            comments.append((skip + 1, lines[skip].strip()))
        skip += 1
    if skip == len(lines):
        raise DataError(f"{name}: the file is empty; expected a header line and data rows")
    sample = [line for line in lines[skip:skip + 4 * DELIMITER_LINES] if line.strip()]
    delimiter = _delimiter(sample[:DELIMITER_LINES])
    body = "\n".join(lines[skip:])
    notes = []
    if encoding.endswith("without byte-order mark"):
        notes.append(("line 1", (
            f"no byte-order mark, but the bytes are {encoding.split(' without')[0]} text (a "
            "zero byte beside every Latin letter and digit): read as such; saving the file as "
            "CSV UTF-8 avoids the guess")))
    try:
        records, numbers = _records(body, delimiter, skip, strict=True)
    except csv.Error as exc:
        # A field that starts with a quote but goes on after the closing one (the paper's
        # '"TRANSMASH" industrial cluster' pasted into a file) is no CSV quoting: read the
        # quotes as written rather than drop them, and say so.
        try:
            records, numbers = _records(body, delimiter, skip, strict=False,
                                        quoting=csv.QUOTE_NONE)
        except csv.Error as again:
            raise DataError(f"{name}, line {again.args[1]}: cannot be split into fields "
                            f"({again.args[0]})") from None
        notes.append((f"line {exc.args[1]}", (
            "quotes do not follow CSV quoting (a quoted value goes on after its closing "
            "quote); every quote in the file is read as written, as part of its value")))
    shown = {"\t": "tab"}.get(delimiter, repr(delimiter))
    return Grid(records, numbers, "line", name, f"CSV ({encoding}, delimiter {shown})",
                comments=comments, notes=notes)


def _records(body: str, delimiter: str, skip: int, strict: bool, quoting=csv.QUOTE_MINIMAL):
    """Records of a CSV text and the line each starts on (after ``skip`` leading lines)."""
    reader = csv.reader(io.StringIO(body), delimiter=delimiter, strict=strict, quoting=quoting)
    records, numbers, previous = [], [], 0
    try:
        for record in reader:
            records.append(record)
            numbers.append(skip + previous + 1)
            previous = reader.line_num
    except csv.Error as exc:
        exc.args = (exc.args[0] if exc.args else "", skip + previous + 1)
        raise
    return records, numbers


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


def _read_xlsx(data: bytes, name: str, sheet) -> Grid:
    book = _open_book(data, name, data_only=True)
    try:
        names = book.sheetnames
        notes = []
        if sheet is None:
            sheet = names[0]
            first, shown = book.worksheets[0], book.active
            if first.sheet_state != "visible":
                if shown is None or shown.sheet_state != "visible":
                    raise DataError(
                        f"{name}: the first sheet {sheet!r} is {first.sheet_state} and Excel "
                        "shows no visible active sheet; choose one with sheet= (data_sheet); "
                        f"sheets: {names}")
                notes.append((f"sheet {shown.title!r}", (
                    f"the first sheet {sheet!r} is {first.sheet_state} (Excel does not show "
                    f"it); read the sheet Excel shows on opening, {shown.title!r}; give "
                    f"sheet={sheet!r} (data_sheet) to read the hidden one")))
                sheet = shown.title
        elif isinstance(sheet, int) and not isinstance(sheet, bool):
            if not 0 <= sheet < len(names):
                raise DataError(f"{name}: no sheet number {sheet} (0-based); sheets: {names}")
            if str(sheet) in names and names[sheet] != str(sheet):
                raise DataError(
                    f"{name}: sheet {sheet} is ambiguous: a sheet is named {str(sheet)!r} (it "
                    f"is number {names.index(str(sheet))}, 0-based), while sheet number {sheet} "
                    f"is {names[sheet]!r}; give the name as text, sheet={str(sheet)!r} "
                    f"(data_sheet: \"{sheet}\" in a parameter file), or the other sheet by its "
                    f"name, sheet={names[sheet]!r}")
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
    if all(is_blank(row) for row in cells):
        raise DataError(f"{where}: the sheet is empty; expected a header row and data rows"
                        + _other_sheets(names, sheet))
    return Grid(cells, list(range(1, len(cells) + 1)), "row", where, "xlsx workbook",
                notes=notes, sheet=sheet, sheets=tuple(names), ragged=False)


def _other_sheets(names: Sequence[str], sheet: str) -> str:
    """The message's hint when a workbook has other sheets."""
    others = [n for n in names if n != sheet]
    if not others:
        return ""
    return f"; the workbook's sheets are {list(names)}: choose one with sheet= (data_sheet)"


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def read_grid(data: bytes, name: str, sheet=None) -> Grid:
    """Split the bytes of a CSV file or an .xlsx workbook into rows of text cells.

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
    Grid
    """
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, name, sheet)
    return _read_csv(data, name)
