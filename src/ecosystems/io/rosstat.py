"""Rosstat's regional workbooks: published totals per region and year, and the indicators from them.

Rosstat publishes regional statistics as workbooks with the regions down and the years across:
a title row and a unit row ("(млн. руб.)") above a header of years, the Russian Federation and
the federal districts among the regions, footnote markers glued to names and years
(``г. Москва1)``, ``20195)``), ``…`` for values withheld and ``-`` for none, and the autonomous
okrugs listed inside their oblasts (``в том числе``). :func:`read_rosstat` reads such a sheet
into a long table keyed by the registry ``data/rosstat/federal_subjects.csv`` and reports
everything it set aside; :func:`federal_subjects` is the registry. Dividing the totals by
employment into the typology's indicators is :func:`ecosystems.io.totals.per_employee`.

The trap of the autonomous okrugs. "Тюменская область" in the R&D and GRP tables includes the
Khanty-Mansi and Yamalo-Nenets okrugs (their rows follow it after ``в том числе``, and a row
"... без АО" gives the oblast without them); in the employment table the same words name the
oblast *without* them (the okrugs are rows of their own, not marked as parts). The reader
decides which from the table's structure and keys the row to ``RU-TYU`` (with) or
``RU-TYU excl. RU-KHM RU-YAN`` (without); a plain name whose structure says neither is
reported as unmatched, and the two are never joined.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import config
from ..errors import DataError
from .dialects import parse_number, read_grid
from .files import read_bytes
from .headers import column_ref

REGISTRY = config.DATA / "rosstat" / "federal_subjects.csv"

_MARKERS = re.compile(r"(?:\s*\d{1,2}\))+\s*$")
_YEAR = re.compile(r"^\s*((?:19|20)\d{2})(?:\.0)?\s*((?:\d{1,2}\)\s*)*)$")
_SUPPRESSED = {"…", "...", "-", "–", "—", "x", "х"}
_PARTS = re.compile(r"^(?:в\s*т\.\s*ч\.|в\s+том\s+числе)\s*:?\s*", re.IGNORECASE)
_WITHOUT = re.compile(r"\s*\(?\s*\bбез\b.*$")
# Latin letters that look like Cyrillic ones, as found inside Rosstat's names ("Калинингpадская").
_LOOKALIKE = str.maketrans("aAcCeEoOpPxXyKkMHTBop", "аАсСеЕоОрРхХуКкМНТВор")
_DASHES = re.compile(r"\s*[-‐‑‒–—―−]\s*")
_EPITHETS = re.compile(r"-(?:кузбасс|югра|алания|чувашия)$")
_UNIT = re.compile(r"\(([^()]*(?:руб|чел|процент|%)[^()]*)\)", re.IGNORECASE)


def _fold(name: str) -> str:
    """A region name as compared with the registry.

    Footnote markers, ``в т.ч.``/``в том числе``, ``г.``, parentheses and the epithets
    ``-Кузбасс``, ``-Югра``, ``-Алания`` go; Latin look-alike letters inside Cyrillic words
    become Cyrillic; dashes of every kind become ``-`` without spaces; ``авт.`` reads
    ``автономный``; case and ``ё`` are ignored.
    """
    text = unicodedata.normalize("NFKC", name)
    text = _MARKERS.sub("", text)
    text = _PARTS.sub("", text.strip())
    words = []
    for word in text.split():
        if re.search("[а-яё]", word, re.IGNORECASE):
            word = word.translate(_LOOKALIKE)
        words.append(word)
    text = " ".join(words).casefold().replace("ё", "е")
    text = _DASHES.sub("-", text)
    text = re.sub(r"\bавт\.\s*", "автономный ", text)
    text = re.sub(r"^г\.\s*", "", text)
    text = re.sub(r"\s*\([^()]*\)", "", text)
    return _EPITHETS.sub("", " ".join(text.split()))


@lru_cache(maxsize=1)
def _registry() -> pd.DataFrame:
    return pd.read_csv(REGISTRY, dtype=str, keep_default_na=False)


def federal_subjects() -> pd.DataFrame:
    """The registry of Russia's federal subjects (``data/rosstat/federal_subjects.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per unit a Rosstat row can be keyed to: ``unit`` (ISO 3166-2 code, or
        ``<code> excl. <okrugs>`` for an oblast without its autonomous okrugs),
        ``iso_3166_2``, ``name`` (Rosstat's spelling), ``name_iso``, ``federal_district``,
        ``iso_type``, ``okrugs``, ``part_of``, ``scope``, ``note``. See data/README.md.
    """
    return _registry().copy()


def _lookup() -> dict[str, str]:
    reg = _registry()
    table = {}
    for unit, name, iso, scope in zip(reg["unit"], reg["name"], reg["name_iso"], reg["scope"],
                                      strict=True):
        if scope == "without its autonomous okrugs":
            continue
        for spelling in (name, iso):
            if spelling:
                table[_fold(spelling)] = unit
    return table


@dataclass
class RosstatTable:
    """A Rosstat sheet read by :func:`read_rosstat`, with everything set aside.

    Attributes
    ----------
    values : pandas.DataFrame
        Long table: ``unit``, ``name`` (as written), ``row``, ``year``, ``value``; one row per
        matched region and year with a number.
    aggregates : pandas.DataFrame
        The Russian Federation and federal-district rows: ``name``, ``row``.
    unmatched : pandas.DataFrame
        Rows whose name is in no registry entry, or a plain okrug oblast whose scope the table
        does not show: ``name``, ``row``, ``reason``.
    footnotes : pandas.DataFrame
        Footnote markers stripped from names and values: ``where``, ``text``, ``marker``.
    suppressed : int
        Cells written ``…``, ``-`` and the like (withheld or none), kept out of ``values``.
    empty : int
        Empty cells of matched rows (e.g. Crimea before 2014).
    scope : dict
        For each oblast with autonomous okrugs written plainly, the unit chosen and why.
    notes : dict
        The footnotes' texts below the table, by marker (``"4)"``: "Данные не публикуются ...").
    other_columns : list of str
        Columns holding numbers under no year (e.g. the "в том числе" columns of a table with
        several per year), not read.
    unit_text : str or None
        The unit written in the title rows (``"млн. руб."``), if any.
    title : str
    where : str
        The file and sheet.
    """

    values: pd.DataFrame
    aggregates: pd.DataFrame
    unmatched: pd.DataFrame
    footnotes: pd.DataFrame
    suppressed: int
    empty: int
    scope: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)
    other_columns: list = field(default_factory=list)
    unit_text: str | None = None
    title: str = ""
    where: str = ""

    def report(self) -> str:
        """What was read and what was set aside, in a few lines."""
        lines = [f"{self.where}: {self.values['unit'].nunique()} regions, "
                 f"{len(self.values)} values, years "
                 f"{', '.join(str(y) for y in sorted(self.values['year'].unique()))}"]
        if len(self.aggregates):
            lines.append(f"aggregates kept out: {', '.join(self.aggregates['name'])}")
        if self.suppressed:
            lines.append(f"suppressed cells (…, -): {self.suppressed}")
        if self.empty:
            lines.append(f"empty cells: {self.empty}")
        for _, r in self.unmatched.iterrows():
            lines.append(f"unmatched, row {r['row']}: {r['name']!r} ({r['reason']})")
        for name, why in self.scope.items():
            lines.append(f"{name}: {why}")
        if self.other_columns:
            lines.append(f"columns with numbers under no year, not read: "
                         f"{', '.join(self.other_columns)}")
        if len(self.footnotes):
            lines.append(f"footnote markers stripped: {len(self.footnotes)}")
        return "\n".join(lines)


def year_cells(cells: list[str]) -> dict[int, tuple[int, str]]:
    """The cells of a row that are years (after its first, the names' column): column ->
    (year, footnote marker), e.g. ``20195)`` -> ``(2019, "5)")``."""
    found = {}
    for j, text in enumerate(cells[1:], start=1):
        m = _YEAR.match(text)
        if m:
            found[j] = (int(m.group(1)), m.group(2).strip())
    return found


def _is_aggregate(folded: str) -> bool:
    return ("федеральный округ" in folded or folded.startswith("российская федерация")
            or "по субъектам российской федерации" in folded)


def read_rosstat(path, sheet=None) -> RosstatTable:
    """Read a Rosstat-style sheet: regions down, years across.

    Parameters
    ----------
    path : str or pathlib.Path
        An .xlsx workbook (or CSV) as Rosstat publishes it.
    sheet : str or int, optional
        The sheet, by name or 0-based number (see :func:`ecosystems.io.dialects.read_grid`).

    Returns
    -------
    RosstatTable
        The values keyed to the registry's units, and what was set aside: aggregates,
        unmatched names, footnote markers, suppressed and empty cells.

    Raises
    ------
    DataError
        When no row holds at least two years (naming the file and sheet), or a cell of a
        region row is neither a number, empty, nor a suppression mark (naming row, column
        and value).
    """
    path = Path(path)
    name = config.relative(path)
    grid = read_grid(read_bytes(path), name, sheet)
    rows = grid.rows
    header = next((i for i, r in enumerate(rows) if len(year_cells(r)) >= 2), None)
    if header is None:
        raise DataError(f"{grid.where}: no row of years found (expected a header row such as "
                        "'2010 | 2011 | ...' above the regions); choose the sheet with sheet=")
    years = year_cells(rows[header])
    above = [c.strip() for r in rows[:header] for c in r if c.strip()]
    title = next((c for c in above if len(c) > 20), "")
    unit_text = next((m.group(1).strip() for c in above for m in [_UNIT.search(c)] if m), None)
    footnotes = [(f"{grid.unit} {grid.numbers[header]}, year {y}", rows[header][j], mark)
                 for j, (y, mark) in years.items() if mark]
    lookup = _lookup()
    reg = _registry().set_index("unit")
    # First pass: each named row, whether it is marked as a part of the row above it.
    entries, notes = [], {}
    in_parts = False
    for i in range(header + 1, len(rows)):
        cells = rows[i]
        raw = cells[0] if cells else ""
        if not raw.strip():
            continue
        stripped = raw.strip()
        numbers = [cells[j] for j in years if j < len(cells) and cells[j].strip()]
        note = re.match(r"^(\d{1,2}\))\s*(.*)$", stripped, re.DOTALL)
        if note and not numbers:
            notes[note.group(1)] = " ".join(note.group(2).split())  # a footnote below the table
            continue
        if _PARTS.match(stripped) and not _PARTS.sub("", stripped).strip():
            in_parts = True  # "в том числе:" on its own line
            continue
        marked = bool(_PARTS.match(stripped)) or in_parts or raw[:1].isspace()
        marker = _MARKERS.search(stripped)
        if marker:
            footnotes.append((f"{grid.unit} {grid.numbers[i]}", stripped, marker.group().strip()))
        without = bool(_WITHOUT.search(stripped.casefold()))
        folded = _fold(_WITHOUT.sub("", stripped.casefold()) if without else stripped)
        entries.append(dict(i=i, raw=stripped, folded=folded, marked=marked, without=without))
        if not marked:
            in_parts = False
    # Which units are written as "the oblast without its okrugs", and which okrugs appear.
    present = {lookup.get(e["folded"]) for e in entries}
    written_without = {lookup.get(e["folded"]) for e in entries if e["without"]}
    values, aggregates, unmatched, scope = [], [], [], {}
    suppressed = empty = 0
    for k, e in enumerate(entries):
        folded = e["folded"]
        row_no = grid.numbers[e["i"]]
        if _is_aggregate(folded):
            aggregates.append((e["raw"], row_no))
            continue
        unit = lookup.get(folded)
        if unit is None:
            unmatched.append((e["raw"], row_no, "no federal subject of the registry has this "
                              "name"))
            continue
        okrugs = reg.at[unit, "okrugs"]
        if e["without"] and not okrugs:
            unmatched.append((e["raw"], row_no, f"written 'without' (без), but {unit} contains "
                              "no autonomous okrug in the registry"))
            continue
        if e["without"]:
            unit = f"{unit} excl. {okrugs}"
        elif okrugs:
            parts = okrugs.split()
            following = entries[k + 1:k + 1 + len(parts) + 1]
            listed_as_parts = any(lookup.get(f["folded"]) in parts and f["marked"]
                                  for f in following)
            separate = [p for p in parts if p in present] and not listed_as_parts
            if listed_as_parts or unit in written_without:
                why = ("their rows follow it as parts (в том числе / indented)" if listed_as_parts
                       else "the table has a row of the oblast without them as well")
                scope[e["raw"]] = f"with its autonomous okrugs ({okrugs}): {why}"
            elif separate:
                unit = f"{unit} excl. {okrugs}"
                scope[e["raw"]] = (f"without its autonomous okrugs: {okrugs} are rows of their "
                                   "own, not marked as its parts; keyed to " + repr(unit))
            else:
                unmatched.append((e["raw"], row_no, "the table does not show whether this "
                                  f"includes its autonomous okrugs ({okrugs})"))
                continue
        cells = rows[e["i"]]
        for j, (year, _) in years.items():
            text = cells[j].strip() if j < len(cells) else ""
            if not text:
                empty += 1
                continue
            core = _MARKERS.sub("", text).strip()
            if core != text:
                footnotes.append((f"{grid.unit} {row_no}, year {year}", text,
                                  text[len(core):].strip()))
            if core in _SUPPRESSED:
                suppressed += 1
                continue
            value = parse_number(core)
            if value is None:
                raise DataError(f"{grid.where}, {grid.unit} {row_no}, column "
                                f"{column_ref(j, grid.unit)} ({e['raw']}, {year}): {text!r} is "
                                "not a number; expected a number, … or - (suppressed)")
            values.append((unit, e["raw"], row_no, year, value))
    other = sorted({j for e in entries for j, text in enumerate(rows[e["i"]])
                    if j and j not in years and parse_number(text) is not None and text.strip()})
    frame = pd.DataFrame(values, columns=["unit", "name", "row", "year", "value"])
    duplicated = frame[frame.duplicated(["unit", "year"], keep=False)]
    if len(duplicated):
        first = duplicated.iloc[0]
        twice = sorted({int(r) for r in duplicated.loc[duplicated["unit"] == first["unit"], "row"]})
        raise DataError(f"{grid.where}, {grid.unit}s {twice}: two rows name {first['unit']} "
                        f"({', '.join(duplicated['name'].unique()[:2])}); expected one row per "
                        "region")
    return RosstatTable(
        values=frame.astype({"year": "int64"}),
        aggregates=pd.DataFrame(aggregates, columns=["name", "row"]),
        unmatched=pd.DataFrame(unmatched, columns=["name", "row", "reason"]),
        footnotes=pd.DataFrame(footnotes, columns=["where", "text", "marker"]),
        suppressed=suppressed, empty=empty, scope=scope, notes=notes,
        other_columns=[column_ref(j, grid.unit) for j in other], unit_text=unit_text,
        title=title, where=grid.where)


# Units as written in Rosstat's title rows (or given by the caller): the power of ten of one unit.
