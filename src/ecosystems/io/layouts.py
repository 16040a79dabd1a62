"""Finding the header and the layout of a table, and turning any accepted layout into long form.

Three layouts are read (``layout=`` of the loaders, ``"auto"`` by default):

``long``
    One row per cluster and year: ``cluster, year, rd_per_employee, ...``.
``wide``
    One row per cluster, one header row naming indicator and year in each
    column: ``Кластер, НИОКР 2020, НИОКР 2021, ..., Добавленная стоимость 2020, ...``.
``table3``
    One row per cluster under two header rows, as the paper prints Table 3:
    indicator blocks above (merged cells, or a name followed by empty cells),
    years below.

The header is the first row (of the first :data:`HEADER_SEARCH` that are not
blank or ``#`` comments) that reads as one of them; rows above it are titles
and notes, skipped and reported. Below it, blank rows, ``#`` comments, totals
("Итого", "Всего", "Total") and notes ("Примечание: ...") are skipped and
reported. The result is a :class:`LongTable` of text cells in long form that
:mod:`ecosystems.io.tabular` checks.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import DataError
from .dialects import Grid, is_blank, is_comment
from .headers import (
    Miss,
    Spec,
    check_units,
    column_ref,
    parse_header,
    repeated_years,
    short,
    title_units,
    width_of,
)
from .names import is_note, is_total
from .rosstat import year_cells
from .units import Unit, year_of

LAYOUTS = ("auto", "long", "wide", "table3")
#: Rows (not blank, not comments) searched for the header.
HEADER_SEARCH = 20
@dataclass
class LongTable:
    """Text cells in long form, with where each came from (see :mod:`ecosystems.io.tabular`)."""

    columns: list[str]
    rows: list[list[str]]
    numbers: list[int]
    unit: str
    where: str
    header: str = ""
    layout: str = "long"
    variant: list[int] = field(default_factory=list)  # per row: which group of headers
    labels: dict[str, list[str]] = field(default_factory=dict)  # per column, per group
    units: dict[str, list[Unit | None]] = field(default_factory=dict)
    mapping: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    data_rows: int = 0

    def label(self, column: str, i: int) -> str:
        """The header, as written, of ``column`` in row ``i``."""
        labels = self.labels.get(column)
        return labels[self.variant[i] if self.variant else 0] if labels else column

    def unit_of(self, column: str, i: int) -> Unit | None:
        units = self.units.get(column)
        return units[self.variant[i] if self.variant else 0] if units else None

    def units_of(self, column: str, n: int) -> list[Unit | None]:
        """The header unit of ``column`` in each of the ``n`` rows."""
        units = self.units.get(column)
        if not units:
            return [None] * n
        return [units[k] for k in self.variant] if self.variant else units[:1] * n


@dataclass
class _Header:
    layout: str
    rows: tuple[int, ...]  # grid indexes of the header rows
    width: int
    ids: dict[str, int]
    cells: dict[tuple[str, int | None], int]  # (column, year or None) -> field index
    extras: list[tuple[int, str]]
    labels: dict[int, str]  # field index -> label shown in messages
    units: dict[int, Unit | None]
    notes: list[tuple[str, str]] = field(default_factory=list)


def _long(spec: Spec, grid: Grid, i: int) -> _Header:
    row = grid.rows[i][: width_of(grid, grid.rows[i])]
    where = f"{grid.where}, {grid.unit} {grid.numbers[i]}"
    heads = [parse_header(c) for c in row]
    found, extras, labels = {}, [], {}
    for j, h in enumerate(heads):
        name = spec.names.get(h.base) if h.year is None else None
        if name is None:
            if h.label or any(r[j].strip() for r in grid.rows[i + 1:] if j < len(r)):
                extras.append((j, h.label or f"column_{j + 1}"))
            continue
        if name in found:
            raise Miss(100, f"{where}: headers {heads[found[name]].label!r} and {h.label!r} "
                             f"both name column {name!r}; expected each column once")
        found[name], labels[j] = j, h.label
    absent = [c.name for c in spec.columns if c.name not in found]
    if absent:
        shown = [h.label for h in heads if h.label]
        raise Miss(len(found), f"{where}: required column(s) {absent} missing; found "
                               f"{shown}; accepted headers besides the column's name (case, "
                               f"spaces and a unit such as ', млн руб.' ignored) "
                               f"{spec.accepted(absent)}")
    check_units([heads[j] for j in found.values()], where)
    return _Header("long", (i,), len(row), {n: j for n, j in found.items() if n in spec.ids},
                   {(n, None): j for n, j in found.items() if n not in spec.ids}, extras,
                   labels, {j: heads[j].unit for j in found.values()})


def _wide(spec: Spec, grid: Grid, i: int) -> _Header:
    row = grid.rows[i]
    where = f"{grid.where}, {grid.unit} {grid.numbers[i]}"
    if spec.year is None:
        raise Miss(0, f"{where}: not a long header")
    row = row[: width_of(grid, row)]
    heads = [parse_header(c) for c in row]
    ids, cells, extras, labels, seen = {}, {}, [], {}, {}
    for j, h in enumerate(heads):
        if h.year is None:
            name = spec.names.get(h.base)
            if name in spec.ids:
                if name in ids:
                    raise Miss(100, f"{where}: headers {heads[ids[name]].label!r} and "
                                     f"{h.label!r} both name column {name!r}; expected each "
                                     "column once")
                ids[name], labels[j] = j, h.label
                continue
            if name is not None:  # a year or indicator column without a year: not wide
                raise Miss(0, f"{where}: {h.label!r} is a column of the long layout")
        else:
            name = spec.wide.get(h.base)
            if name is not None:
                if (name, h.year) in cells:
                    first = heads[cells[name, h.year]].label
                    raise Miss(100, f"{where}: headers {first!r} and {h.label!r} both give "
                                     f"{name} for {h.year}; expected each indicator once per "
                                     "year")
                cells[name, h.year], labels[j], seen[name] = j, h.label, True
                continue
        if h.label or any(r[j].strip() for r in grid.rows[i + 1:] if j < len(r)):
            extras.append((j, h.label or f"column_{j + 1}"))
    absent = [n for n in spec.ids if n not in ids] + [n for n in spec.values if n not in seen]
    if absent or not cells:
        raise Miss(len(ids) + len(seen), (
            f"{where}: reads as a wide header (indicator and year in each column) but "
            f"{absent} {'is' if len(absent) == 1 else 'are'} missing; accepted besides the "
            f"column's name (each followed by a year for the indicators, e.g. 'НИОКР 2020') "
            f"{spec.accepted(absent)}"))
    check_units([heads[j] for j in cells.values()], where)
    return _Header("wide", (i,), len(row), ids, cells, extras, labels,
                   {j: heads[j].unit for j in cells.values()})


def _table3(spec: Spec, grid: Grid, i: int) -> _Header:
    top = grid.rows[i]
    where = f"{grid.where}, {grid.unit}s {grid.numbers[i]}-{grid.numbers[i] + 1}"
    if spec.year is None or i + 1 >= len(grid.rows) or grid.numbers[i + 1] != grid.numbers[i] + 1:
        raise Miss(0, f"{where}: not two header rows")
    below = grid.rows[i + 1]
    width = max(width_of(grid, top), width_of(grid, below))
    top, below = top[:width], below[:width]
    top = top + [""] * (width - len(top))
    below = below + [""] * (width - len(below))
    ids, blocks, extras, labels = {}, {}, [], {}
    current = None
    for j in range(width):
        h = parse_header(top[j]) if top[j].strip() else None
        low = parse_header(below[j]) if below[j].strip() else None
        if h is not None:
            current = None
            name = spec.names.get(h.base)
            if name in spec.ids:
                ids[name], labels[j] = j, h.label
                continue
            if spec.wide.get(h.base) and h.year is None:
                current = spec.wide[h.base]
                blocks.setdefault(current, []).append((j, h))
            elif low is None or year_of(below[j])[0] is None:
                extras.append((j, h.label))
                continue
            else:
                raise Miss(1 if ids else 0, (
                    f"{where}, column {column_ref(j, grid.unit)}: block {short(h.label)!r} is "
                    f"not one of the indicators; accepted: {spec.accepted(spec.values)}"))
        elif current is not None:
            blocks[current].append((j, blocks[current][-1][1]))
        elif low is not None and spec.names.get(low.base) in spec.ids:
            ids[spec.names[low.base]], labels[j] = j, low.label
        elif low is not None:
            extras.append((j, low.label))
    if not blocks or [n for n in spec.ids if n not in ids]:
        shown = [c.strip() for c in top if c.strip()]
        raise Miss(len(ids), (
            f"{where}: not a Table 3 header: expected the cluster's column and a block for each "
            f"of {spec.values} (a name above a row of years); found {shown} above "
            f"{[c.strip() for c in below if c.strip()]}"))
    cells, units, notes, years_of = {}, {}, [], {}
    for name, block in blocks.items():
        check_units([h for _, h in block], where)
        years = []
        for j, h in block:
            year, how = year_of(below[j])
            if how is not None:
                notes.append((f"{grid.unit} {grid.numbers[i] + 1}, column "
                              f"{column_ref(j, grid.unit)}", f"the year {below[j]!r} written "
                              f"{how}, read as {year}"))
            if year is None:
                raise Miss(50, (
                    f"{where}, column {column_ref(j, grid.unit)}: no year under the block "
                    f"{short(h.label)!r} (found {below[j]!r}); expected a year in every column "
                    "of the second header row"))
            years.append(year)
        years_of[name] = (years, block)
    for name, (years, block) in years_of.items():
        if len(set(years)) < len(years):
            years = repeated_years(name, years, block, years_of, where, grid, notes, i)
        for (j, h), year in zip(block, years, strict=True):
            cells[name, year], units[j] = j, h.unit
            labels[j] = f"{short(h.label, 32)} {year}"
    absent = [n for n in spec.values if n not in blocks]
    if absent:
        raise Miss(len(ids) + len(blocks), (
            f"{where}: reads as a Table 3 header but has no block for {absent}; accepted: "
            f"{spec.accepted(absent)}"))
    return _Header("table3", (i, i + 1), width, ids, cells, extras, labels, units, notes)


_TRIES = {"long": (_long,), "wide": (_wide,), "table3": (_table3,),
          "auto": (_long, _table3, _wide)}


def _find_header(grid: Grid, spec: Spec, layout: str) -> _Header:
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")
    candidates = list(itertools.islice(
        (i for i, row in enumerate(grid.rows) if not is_blank(row) and not is_comment(row)),
        HEADER_SEARCH))
    misses = []
    for i in candidates:
        for attempt in _TRIES[layout]:
            try:
                return attempt(spec, grid, i)
            except Miss as miss:
                misses.append((miss.score, -i, str(miss)))
    sheets = ""
    if grid.sheets and len(grid.sheets) > 1:
        sheets = (f"; the workbook's sheets are {list(grid.sheets)}: choose one with sheet= "
                  "(data_sheet)")
    if not candidates:
        raise DataError(f"{grid.where}: no rows but comments; expected a header and data rows"
                        + sheets)
    score, _, message = max(misses)
    if score == 0:
        first = grid.rows[candidates[0]]
        text = " ".join(c.strip() for c in first if c.strip())
        tried = {"auto": "a long, wide or Table 3 layout", "long": "the long layout",
                 "wide": "the wide layout", "table3": "the Table 3 layout"}[layout]
        text = short(text, 60)
        number = grid.numbers[candidates[0]]
        names = (f"the columns {[c.name for c in spec.columns]} (or their accepted names, "
                 f"README 'Use your own data') in {tried}")
        message = (f"{grid.where}: no header found: its only row ({grid.unit} {number}, "
                   f"{text!r}) does not name {names}" if len(candidates) == 1 else
                   f"{grid.where}: no header found: none of the first {len(candidates)} rows "
                   f"names {names}; {grid.unit} {number} reads {text!r}")
    if any(len(year_cells(grid.rows[i])) >= 3 for i in candidates):
        message += ("; a row of years across looks like a table of totals in Rosstat's layout "
                    "(regions down, years across): read it with eco.read_rosstat and divide by "
                    "employment with eco.per_employee (the manual, docs/02_own_data.md)")
    raise DataError(message + sheets)


def _skip(grid: Grid, i: int, head: _Header, spec: Spec, skipped: list,
          id_fields: Sequence[int]) -> bool:
    """Whether data row ``i`` is to be left out (recorded in ``skipped``); errors for odd rows."""
    row = grid.rows[i]
    if (len(row) > 1 and row[0].strip() and row[1].strip() and row[0].lstrip()[0] != "#"
            and not any(is_total(row[j]) for j in id_fields if j < len(row))):
        return False  # a row of data (the common case, decided first)
    filled = [c for c in (c.strip() for c in row) if c]
    where = f"{grid.unit} {grid.numbers[i]}"
    if not filled:
        skipped.append((where, "blank", ""))
        return True
    if filled[0].startswith("#"):
        skipped.append((where, "comment", filled[0]))
        return True
    if len(filled) == 1 and is_note(filled[0]):
        skipped.append((where, "note", filled[0]))
        return True
    if any(head.ids[n] < len(row) and is_total(row[head.ids[n]]) for n in spec.ids):
        skipped.append((where, "totals", short(" ".join(filled), 80)))
        return True
    if len(filled) == 1 and row[0].strip() and len(row) > 1 and head.width > 1:
        raise DataError(
            f"{grid.where}, {where}: only the first cell is filled ({short(filled[0], 60)!r}); "
            "expected a row of data: if it is a heading or a note, delete it or start it "
            "with '#'")
    return False


def to_long_table(grid: Grid, spec: Spec, layout: str = "auto") -> LongTable:
    """Find the header and the layout of ``grid`` and return its data rows in long form.

    Raises
    ------
    DataError
        No header found (naming the nearest miss), a row with more or fewer
        fields than the header, a value beyond the header, a row with only its
        first cell filled, a unit stated in a title only.
    """
    head = _find_header(grid, spec, layout)
    first = head.rows[0]
    skipped = [(f"{grid.unit} {n}", "comment", text) for n, text in grid.comments]
    for i in range(first):
        row, where = grid.rows[i], f"{grid.unit} {grid.numbers[i]}"
        text = " ".join(c.strip() for c in row if c.strip())
        if is_blank(row):
            skipped.append((where, "blank", ""))
        elif is_comment(row):
            skipped.append((where, "comment", text))
        else:
            skipped.append((where, "above the header", short(text, 80)))
    title_units(grid, spec, head.units, first)
    numbers = [grid.numbers[i] for i in head.rows]
    header_where = (f"{grid.unit} {numbers[0]}" if len(numbers) == 1
                    else f"{grid.unit}s {numbers[0]}-{numbers[-1]}")
    data, data_numbers = [], []
    id_fields = list(head.ids.values())
    for i in range(head.rows[-1] + 1, len(grid.rows)):
        if _skip(grid, i, head, spec, skipped, id_fields):
            continue
        row = grid.rows[i]
        if grid.ragged and len(row) != head.width:
            more = "more" if len(row) > head.width else "fewer"
            raise DataError(
                f"{grid.where}, {grid.unit} {grid.numbers[i]}: {len(row)} fields, {more} than "
                f"the {head.width} of the header on {header_where}; expected one value per "
                "column (a value containing the delimiter must be quoted)")
        row = row + [""] * (head.width - len(row))
        extra = next((j for j in range(head.width, len(row)) if row[j].strip()), None)
        if extra is not None:
            raise DataError(
                f"{grid.where}, {grid.unit} {grid.numbers[i]}: value {row[extra]!r} in column "
                f"{column_ref(extra, grid.unit)}, which has no header on {header_where}; "
                "expected one value per headed column")
        data.append(row)
        data_numbers.append(grid.numbers[i])
    return _build(grid, spec, head, data, data_numbers, header_where, skipped)


def _build(grid, spec, head, data, numbers, header_where, skipped) -> LongTable:
    extras = []
    for _, label in head.extras:
        if label in spec.names.values() or label in extras:
            raise DataError(f"{grid.where}, {header_where}: header {label!r} twice; expected "
                            "each column once")
        extras.append(label)
    table = LongTable(columns=[c.name for c in spec.columns] + extras, rows=[], numbers=[],
                      unit=grid.unit, where=grid.where, header=header_where,
                      layout=head.layout, skipped=skipped, notes=grid.notes + head.notes,
                      data_rows=len(data))
    extra_fields = [j for j, _ in head.extras]
    names = {n: j for n, j in head.ids.items()}
    if head.layout == "long":
        names.update({n: j for (n, _), j in head.cells.items()})
        order = [names[c.name] for c in spec.columns] + extra_fields
        if order == list(range(head.width)):
            table.rows = data  # the file's columns are already in order
        else:
            pick = operator.itemgetter(*order)
            table.rows = [list(pick(row)) if len(order) > 1 else [row[order[0]]]
                          for row in data]
        order = order[: len(spec.columns)]
        table.numbers = list(numbers)
        table.labels = {c.name: [head.labels[j]] for c, j in zip(spec.columns, order, strict=True)}
        table.units = {n: [head.units.get(names[n])] for n in spec.values}
        mapping = [(head.labels[j], c.name) for c, j in zip(spec.columns, order, strict=True)]
    else:
        by_field = sorted(head.cells.items(), key=lambda kv: kv[1])
        years = list(dict.fromkeys(y for (_, y), _ in by_field))
        table.labels = {n: [head.labels[head.ids[n]]] * len(years) for n in spec.ids}
        table.labels[spec.year] = [f"(year {y} of the header)" for y in years]
        mapping = [(head.labels[j], n) for n, j in head.ids.items()]
        for n in spec.values:
            fields = [head.cells.get((n, y)) for y in years]
            table.labels[n] = [head.labels[j] if j is not None else f"(no column for {y})"
                               for j, y in zip(fields, years, strict=True)]
            table.units[n] = [head.units.get(j) for j in fields]
            missing = [y for y, j in zip(years, fields, strict=True) if j is None]
            if missing:
                table.notes.append((header_where, (
                    f"{n} has no column for {missing}: missing (empty) in every row")))
        mapping += [(head.labels[j], f"{n}, {y}") for (n, y), j in by_field]
        id_order = [head.ids[n] for n in spec.ids]
        value_fields = [[head.cells.get((n, y)) for n in spec.values] for y in years]
        for row, number in zip(data, numbers, strict=True):
            ids = [row[j] for j in id_order]
            rest = [row[j] for j in extra_fields]
            for k, y in enumerate(years):
                cells = dict(zip(spec.ids, ids, strict=True))
                cells[spec.year] = str(y)
                cells.update((n, row[j] if j is not None else "")
                             for n, j in zip(spec.values, value_fields[k], strict=True))
                table.rows.append([cells[c.name] for c in spec.columns] + rest)
                table.numbers.append(number)
                table.variant.append(k)
    table.mapping = mapping + [(label, "kept as text") for label in extras]
    converted: dict[tuple[str, str], list[str]] = {}
    for j, unit in sorted(head.units.items()):
        name = next((n for (n, _), f in head.cells.items() if f == j), None)
        if unit is not None and unit.factor != 1 and name in spec.money:
            converted.setdefault((name, unit.describe()), []).append(head.labels[j])
    for (name, how), labels in converted.items():
        cols = (f"column {labels[0]!r}" if len(labels) == 1
                else f"{len(labels)} columns ({labels[0]!r} ...)")
        table.notes.append((header_where, f"{name}: {cols} {how}"))
    return table
