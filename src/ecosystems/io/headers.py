"""Reading header cells: a column's name, its ruble unit and its year; the names accepted.

``"НИОКР на одного работника, тыс. руб."`` names the column
``rd_per_employee`` in thousand rubles; ``"R&D 2021"`` names it for 2021 (in
the wide layouts). :class:`Spec` gathers the names a table's columns accept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import DataError
from .dialects import SPACES, Grid, normalize_header
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


