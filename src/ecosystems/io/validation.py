"""Checking the text cells of a table in long form and turning them into typed columns.

:func:`validate` takes a :class:`~ecosystems.io.layouts.LongTable` (from a file
or from a DataFrame), converts units and dates written into cells, checks every
cell with pandera and turns every failure into a message naming the file, the
line (or row), the column as headed in the file, the value, and what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from ..errors import DataError
from .dialects import SPACES, parse_numbers, parse_scaled
from .layouts import LongTable
from .units import cell_unit, year_of

YEAR_RANGE = (1990, 2100)
MAX_REPORTED = 5
_LETTERS = re.compile(r"[^\W\d_]|₽")
_YEAR = re.compile(r"\s*\d{4}\s*")

# problem phrases for the checks of the two schemas, by pandera check name
_PROBLEMS = {
    "number": "is not a number",
    "present": "is empty",
    "finite": "is not finite",
    "non_negative": "is negative",
    "whole": "is not a whole number",
    "plausible_year": "is not a plausible year",
}


class Shown(float):
    """A float that formats (``{x}`` or ``{x:g}``) with as many digits as tell it apart.

    ``f"{Shown(100.00000000000001):g}"`` is ``100.00000000000001``, never ``100``,
    so a message comparing two values never shows them equal.
    """

    def __format__(self, spec: str) -> str:
        if spec in ("", "g"):
            text = f"{float(self):g}"
            return text if float(text) == float(self) else repr(float(self))
        return float.__format__(self, spec)

    __str__ = __repr__ = lambda self: format(self, "")
def _schemas(columns, parsed: dict):
    """The pandera schemas of the text cells and of the typed values.

    ``parsed`` maps a number column to its :func:`parse_numbers` result, filled
    by the first check that needs it and reused for the values.
    """
    def number(texts):
        if texts.name not in parsed:
            parsed[texts.name] = parse_numbers(texts)
        return pd.Series(parsed[texts.name][1], index=texts.index)

    def present(texts):
        return pd.Series([bool(t.strip()) for t in texts], index=texts.index, dtype=bool)

    text_cols, typed_cols = {}, {}
    for c in columns:
        checks = []
        if c.kind in ("text", "year") or c.required:
            checks.append(pa.Check(present, name="present"))
        if c.kind != "text":
            checks.append(pa.Check(number, name="number"))
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


def _cell(table: LongTable, i: int, column: str) -> str:
    label = table.label(column, i)
    named = f"column {label!r}" + (f" ({column})" if label != column else "")
    return f"{table.where}, {table.unit} {table.numbers[i]}, {named}"


def _cells(failures: pd.DataFrame, table: LongTable):
    """(row, column, check) of each failing cell, the first failed check per cell."""
    if failures["index"].isna().any():  # a schema-level failure pandera cannot place
        raise DataError(f"{table.where}: cannot be checked ({failures.iloc[0].to_dict()})")
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


def _rows(table: LongTable, index) -> str:
    numbers = sorted({table.numbers[i] for i in index})
    if len(numbers) == 1:
        return f"{table.unit} {numbers[0]}"
    return f"{table.unit}s {numbers[0]}-{numbers[-1]}"


def _convert(frame: pd.DataFrame, table: LongTable, columns) -> dict[str, np.ndarray]:
    """Years written as dates or with "г.", amounts with a ruble unit: converted and noted.

    Returns the power of ten to million rubles of every cell of each amount
    column whose header or cells name a unit other than million rubles.
    """
    scales, problems = {}, []
    for c in columns:
        if c.kind == "year":
            column = frame[c.name]
            odd = [i for i, t in enumerate(column) if not _YEAR.fullmatch(t)]
            how_many: dict[str, list[int]] = {}
            for i in odd:
                year, how = year_of(column[i])
                if how is not None:
                    how_many.setdefault(how, []).append(i)
                    frame.at[i, c.name] = str(year)
            for how, index in how_many.items():
                table.notes.append((_rows(table, index), (
                    f"column {table.label(c.name, index[0])!r}: {len(index)} cell(s) written "
                    f"{how} (e.g. {column[index[0]]!r}) read as the year "
                    f"{frame.at[index[0], c.name]}"
                    + (" (Excel shows the number 2020 formatted as a date as 12.07.1905)"
                       if how.endswith("number") else ""))))
        elif c.unit.startswith("million rubles"):
            n = len(frame)
            header = table.units_of(c.name, n)
            exponents = np.zeros(n, dtype=int)
            for i, unit in enumerate(header):
                if unit is not None:
                    exponents[i] = unit.exponent
            column = frame[c.name]
            written: dict[str, list[int]] = {}
            for i in [i for i, t in enumerate(column) if _LETTERS.search(t)]:
                text = column[i]
                number, unit = cell_unit(text)
                if unit is None:
                    continue  # not a number with a unit: reported by the checks below
                if header[i] is not None and header[i].exponent != unit.exponent:
                    problems.append((i, 0, (
                        f"{_cell(table, i, c.name)}: value {text!r} is in {unit.name}, but the "
                        f"header says {header[i].name}; expected the number alone, in the "
                        "header's unit")))
                    continue
                frame.at[i, c.name] = number
                exponents[i] = unit.exponent
                if unit.exponent != 0:
                    written.setdefault(unit.describe(), []).append(i)
            for how, index in written.items():
                table.notes.append((_rows(table, index), (
                    f"column {table.label(c.name, index[0])!r}: {len(index)} cell(s) with a "
                    f"unit (e.g. {column[index[0]]!r}) {how}")))
            if exponents.any():
                scales[c.name] = exponents
    if problems:
        _raise(problems)
    return scales


def validate(table: LongTable, columns: Sequence, key: Sequence[str], rules, what: str,
             convert: bool = True) -> pd.DataFrame:
    """Check and type the cells of ``table``; return the DataFrame (see :func:`read_table`)."""
    by_name = {c.name: c for c in columns}
    order = {c.name: i for i, c in enumerate(columns)}
    frame = pd.DataFrame(table.rows, columns=table.columns, dtype=object)
    scales = _convert(frame, table, columns) if convert else {}
    parsed: dict = {}
    text_schema, typed_schema = _schemas(columns, parsed)
    failures = _run(text_schema, frame[[c.name for c in columns]])
    if failures is not None:
        problems = []
        for i, column, check in _cells(failures, table):
            value = frame.at[i, column]
            said = (f"value {value!r} {_PROBLEMS[check]}" if value.strip()
                    else "the cell is empty")
            problems.append((i, order[column], (
                f"{_cell(table, i, column)}: {said}; expected {by_name[column].expected()}")))
        _raise(problems)
    df = frame.copy()
    for c in columns:
        if c.kind == "text":
            df[c.name] = pd.Series([t.strip(SPACES) for t in frame[c.name]], dtype="str")
        else:
            values = (parsed[c.name] if c.name in parsed else parse_numbers(frame[c.name]))[0]
            if c.name in scales:  # the decimal point moved in the text, rounded once
                exponents = scales[c.name]
                for i in np.flatnonzero(exponents):
                    scaled = parse_scaled(frame.at[i, c.name], int(exponents[i]))
                    values[i] = np.nan if scaled is None else scaled
            df[c.name] = values
    failures = _run(typed_schema, df[list(typed_schema.columns)])
    if failures is not None:
        problems = []
        for i, column, check in _cells(failures, table):
            problems.append((i, order[column], (
                f"{_cell(table, i, column)}: value {frame.at[i, column]!r} {_PROBLEMS[check]}; "
                f"expected {by_name[column].expected()}")))
        _raise(problems)
    for c in columns:
        if c.kind == "year":
            df[c.name] = df[c.name].astype("int64")
    if key:
        _check_key(df, table, list(key), what)
    for rule in rules:
        ok = rule.test(df).to_numpy(dtype=bool)
        problems = []
        for i in np.flatnonzero(~ok):
            values = {str(k): Shown(v) if isinstance(v, float) else v
                      for k, v in df.iloc[i].items()}
            problems.append((int(i), 0, f"{_cell(table, i, rule.columns[0])}: "
                             + rule.message.format(**values)))
        if problems:
            _raise(problems)
    for column in df.columns:
        if column not in by_name:
            df[column] = frame[column].map(lambda t: t if t.strip() else np.nan)
    return df


def _check_key(df, table: LongTable, key, what):
    schema = pa.DataFrameSchema(unique=key, report_duplicates="exclude_first")
    failures = _run(schema, df[key])
    if failures is None:
        return
    first = {}
    for i, values in enumerate(df[key].itertuples(index=False)):
        first.setdefault(tuple(values), table.numbers[i])
    problems = []
    for i in sorted(set(failures["index"].astype(int))):
        values = tuple(df.loc[i, key])
        parts = [f"{k} {v!r}" for k, v in zip(key, values, strict=True)]
        if len(key) > 1:  # "cluster 'A' has year 2020 twice"
            parts = [*parts[:-2], f"{parts[-2]} has {key[-1]} {values[-1]}"]
        named = ", ".join(parts)
        problems.append((i, 0, (
            f"{table.where}, {table.unit} {table.numbers[i]}: {named} twice "
            f"(first on {table.unit} {first[values]}); expected one row per {what}")))
    _raise(problems)
