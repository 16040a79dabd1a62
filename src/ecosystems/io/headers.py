"""Reading header cells: a column's name, its ruble unit and its year; the names accepted.

``"НИОКР на одного работника, тыс. руб."`` names the column
``rd_per_employee`` in thousand rubles; ``"R&D 2021"`` names it for 2021 (in
the wide layouts). :class:`Spec` gathers the names a table's columns accept;
:func:`repeated_years` reads (or refuses) a Table 3 header that repeats a year,
and :func:`title_units` refuses a unit stated only in a title above the header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import DataError
from .dialects import SPACES, Grid, is_blank, is_comment, normalize_header
from .units import AmbiguousUnit, Unit, header_unit, plausible

_YEAR_AT_END = re.compile(r"^(?P<rest>.*?)[\s,;:(\[/_-]*(?<!\d)(?P<year>\d{4})"
                          r"(?:\s*(?:г\.?|гг\.?|год|года))?[)\]]?\s*$")
_YEAR_AT_START = re.compile(r"^(?P<year>\d{4})(?:\s*(?:г\.?|год))?[\s,;:.)\]/_-]+(?P<rest>\S.*)$")


@dataclass(frozen=True)
class HeaderCell:
    """A header as written, and what it names: base name, unit, year."""

    label: str
    base: str
    unit: Unit | None = None
    year: int | None = None
    problem: str | None = None


def parse_header(text: str) -> HeaderCell:
    """Split a header into its name, its ruble unit and its year (see :class:`HeaderCell`)."""
    label = text.strip(SPACES + "\r\n")
    norm = normalize_header(label)
    try:
        unit, rest = header_unit(norm)
    except AmbiguousUnit as exc:
        return HeaderCell(label, " ".join(exc.rest.split()), problem=str(exc))
    year = None
    m = _YEAR_AT_END.match(rest) or _YEAR_AT_START.match(rest)
    if m and plausible(int(m.group("year"))) and m.group("rest").strip(" ,;:-_("):
        year, rest = int(m.group("year")), m.group("rest").strip(" ,;:-_(")
    return HeaderCell(label, " ".join(rest.split()), unit, year)


def column_ref(index: int, unit: str) -> str:
    """Column ``index`` (0-based) as a person finds it: a letter in workbooks, a number in CSV."""
    if unit == "row":
        from openpyxl.utils import get_column_letter

        return get_column_letter(index + 1)
    return str(index + 1)


def short(label: str, width: int = 48) -> str:
    """A header shortened for messages."""
    return label if len(label) <= width else label[: width - 1] + "…"


class Miss(Exception):
    """A row that is not the header of this layout; ``score`` says how nearly it is."""

    def __init__(self, score: int, message: str):
        super().__init__(message)
        self.score = score


class Spec:
    """The expected columns, and the names accepted for them in each layout."""

    def __init__(self, columns):
        self.columns = list(columns)
        self.names, self.wide = {}, {}
        for c in self.columns:
            for alias in (c.name, *c.aliases):
                self.names[parse_header(alias).base] = c.name
            if c.kind in ("amount", "number"):
                for alias in (c.name, *c.aliases, *c.wide_aliases):
                    self.wide[parse_header(alias).base] = c.name
        self.ids = [c.name for c in self.columns if c.kind == "text"]
        years = [c.name for c in self.columns if c.kind == "year"]
        self.year = years[0] if len(years) == 1 else None
        self.values = [c.name for c in self.columns if c.kind in ("amount", "number")]
        self.money = {c.name for c in self.columns if c.unit.startswith("million rubles")}

    def accepted(self, names) -> str:
        """The headers accepted for ``names``, for messages."""
        by = {c.name: c for c in self.columns}
        return "; ".join(f"for {n}: {', '.join(repr(a) for a in by[n].aliases) or repr(n)}"
                         for n in names)


def width_of(grid: Grid, row: Sequence[str]) -> int:
    """Fields of a header row: all of them in CSV, up to the last filled cell in a sheet."""
    if grid.ragged:
        return len(row)
    return max((j + 1 for j, c in enumerate(row) if c.strip()), default=0)


def check_units(heads: Sequence[HeaderCell], where: str):
    for h in heads:
        if h.problem:
            raise DataError(f"{where}: {h.problem}; expected one unit per column")


def repeated_years(name, years, block, years_of, where, grid, notes, i):
    """The years of a block that repeats one year: Table 3's typesetting error, or refused."""
    unit = grid.unit
    refs = f"{column_ref(block[0][0], unit)}-{column_ref(block[-1][0], unit)}"
    label = short(block[0][1].label)
    others = [(n, y) for n, (y, _) in years_of.items() if n != name and len(set(y)) == len(y)]
    if len(set(years)) == 1 and others:
        other, proper = others[0]
        if len(proper) == len(years) and proper[0] == years[0]:
            notes.append((f"{unit}s {grid.numbers[i]}-{grid.numbers[i] + 1}", (
                f"the block {label!r} heads all {len(years)} columns {years[0]} (columns {refs}), "
                f"as the paper's Table 3 misprints its R&D block; read as "
                f"{', '.join(map(str, proper))} like the block of {other} (the correction of "
                "data/table3.csv, data/README.md)")))
            return list(proper)
    twice = sorted({y for y in years if years.count(y) > 1})
    raise DataError(
        f"{where}, columns {refs}: the block {label!r} has the year(s) {twice} more than once; "
        "expected each year once per indicator: correct the years in the second header row "
        "(when one block repeats a year and the other has the years in order, as in the "
        "paper's Table 3, the years are taken from the other block)")


def title_units(grid: Grid, spec: Spec, units: dict, first: int) -> None:
    """Refuse a title that names thousands (say) when no header says the unit itself."""
    if any(u is not None for u in units.values()) or not spec.money:
        return
    for i in range(first):
        row = grid.rows[i]
        if is_blank(row) or is_comment(row):
            continue
        text = " ".join(c.strip() for c in row if c.strip())
        try:
            unit, _ = header_unit(text)
        except AmbiguousUnit:
            unit = Unit(text, 99, "more than one unit")
        if unit is not None and unit.factor != 1:
            raise DataError(
                f"{grid.where}, {grid.unit} {grid.numbers[i]}: this row above the header says "
                f"{unit.text!r} ({unit.name}), but no header says the unit of its column, and "
                "values are read as million rubles; write the unit into the headers (e.g. "
                f"'НИОКР на одного работника, {unit.text}') so that they are converted, or "
                "delete the row if the values are in million rubles")
