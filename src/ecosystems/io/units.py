"""Units and years as exports write them: "тыс. руб." in a header, "0,5 млн руб." in a cell.

Also a year written as a date, or with "г.".

Amounts are kept in million rubles. A ruble unit in a column's header or in a
cell is recognised and converted with a stated factor (thousands are divided
by 1,000, billions multiplied by 1,000, plain rubles divided by 1,000,000);
a unit that cannot be read with certainty is never guessed. Every conversion
goes into the read report (:class:`ecosystems.ReadReport`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from .dialects import parse_number

YEAR_RANGE = (1990, 2100)
# Multipliers, as written in Russian and English exports, and their factor to millions.
_MULTIPLIERS = (
    (r"млрд\.?|миллиард(?:ов|а)?|billions?|bn\.?|bln\.?", 3, "billion"),
    (r"млн\.?|миллион(?:ов|а)?|millions?|mln\.?|mn\.?", 0, "million"),
    (r"тыс\.?|тысяч[аи]?|thousands?|thous\.?|ths\.?|k", -3, "thousand"),
)
_CURRENCY = r"руб(?:лей|ля|ль)?\.?|rub(?:les?)?\.?|roubles?|rur|₽"
_PER = (r"(?:\s*(?:/|на|per|в\s+расчете\s+на)\s*(?:1|одного|one)?\s*"
        r"(?:чел(?:овека)?\.?|работника|сотрудника|employee|person|worker)\b\.?)?")
_MULT = "|".join(f"(?P<m{i}>{p})" for i, (p, _, _) in enumerate(_MULTIPLIERS))
_MULT_AFTER = _MULT.replace("?P<m", "?P<n")
_UNIT = re.compile(
    rf"(?<![\w])(?:(?:{_MULT})\s*(?:{_CURRENCY})|(?:{_CURRENCY})\s*(?:{_MULT_AFTER})"
    rf"|(?P<plain>{_CURRENCY}))(?![\w]){_PER}",
    re.IGNORECASE,
)
_NUMBER_THEN_UNIT = re.compile(r"^(?P<number>[^a-zа-яё₽]*)(?P<unit>[a-zа-яё₽].*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    """A ruble unit as written, and its power of ten to million rubles (thousands: -3)."""

    text: str
    exponent: int
    name: str  # "thousand rubles", ...

    @property
    def factor(self) -> float:
        """The factor to million rubles (0.001 for thousands)."""
        return 10.0 ** self.exponent

    def describe(self) -> str:
        """How values in this unit are converted, for the report."""
        if self.exponent == 0:
            return f"in {self.name} (as expected)"
        if self.exponent > 0:
            return f"in {self.name}: multiplied by {10 ** self.exponent:,} to million rubles"
        return f"in {self.name}: divided by {10 ** -self.exponent:,} to million rubles"


def _unit_of(match: re.Match) -> Unit:
    text = match.group(0).strip()
    for i, (_, exponent, name) in enumerate(_MULTIPLIERS):
        if match.group(f"m{i}") or match.group(f"n{i}"):
            return Unit(text, exponent, f"{name} rubles")
    return Unit(text, -6, "rubles")


class AmbiguousUnit(ValueError):
    """A header names more than one different ruble unit (``rest``: the header without them)."""

    def __init__(self, message: str, rest: str):
        super().__init__(message)
        self.rest = rest


def header_unit(label: str) -> tuple[Unit | None, str]:
    """The ruble unit a header names, and the header without it.

    Parameters
    ----------
    label : str
        The header as written, e.g. ``"НИОКР на одного работника, тыс. руб."``.

    Returns
    -------
    (Unit or None, str)
        The unit (None when the header names none) and the header with the
        unit, and the separators left around it, removed.

    Raises
    ------
    AmbiguousUnit
        When the header names two different units.
    """
    matches = list(_UNIT.finditer(label))
    if not matches:
        return None, label
    rest = _UNIT.sub(" ", label)
    rest = re.sub(r"\(\s*\)|\[\s*\]", " ", rest)
    rest = re.sub(r"\s*,(\s*,)+", ",", rest).strip(" \t,;:-/")
    if len({_unit_of(m).exponent for m in matches}) > 1:
        raise AmbiguousUnit(f"header {label!r} names more than one unit "
                            f"({', '.join(repr(m.group(0).strip()) for m in matches)})", rest)
    return _unit_of(matches[0]), rest


def cell_unit(text: str) -> tuple[str, Unit | None]:
    """Split ``"0,5 тыс. руб."`` into the number's text and its unit.

    Returns the text unchanged and None when the cell is not a number followed
    by a recognised ruble unit.
    """
    if not any(ch.isalpha() or ch == "₽" for ch in text):
        return text, None
    m = _NUMBER_THEN_UNIT.match(text.strip())
    if not m or not m.group("number").strip():
        return text, None
    unit = _UNIT.fullmatch(m.group("unit").strip())
    if unit is None or parse_number(m.group("number")) is None:
        return text, None
    return m.group("number").strip(), _unit_of(unit)


# ------------------------------------------------------------------ years

_YEAR_WORD = r"(?:\s*(?:г\.?|гг\.?|год|года|y\.?|yr\.?))?"
_YEAR_TEXT = re.compile(rf"^(?P<year>\d{{4}}){_YEAR_WORD}$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:[T ](?P<t>[\d:.]+))?$")
_DOTTED_DATE = re.compile(r"^(?P<d>\d\d?)\.(?P<m>\d\d?)\.(?P<y>\d{4})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def plausible(year) -> bool:
    """Whether ``year`` is a whole number in :data:`YEAR_RANGE`."""
    return (year is not None and math.isfinite(year) and year == int(year)
            and YEAR_RANGE[0] <= year <= YEAR_RANGE[1])


def year_of(text: str) -> tuple[int | None, str | None]:
    """The year a cell means, and how it was written when not as a plain number.

    Returns
    -------
    (int or None, str or None)
        ``(2020, None)`` for ``2020``; ``(2020, "with a year word")`` for
        ``2020 г.``; ``(2020, "as a date")`` for ``2020-01-01`` or
        ``01.01.2020``; ``(2020, "as a date that stores the number")`` for the
        date Excel shows when the number 2020 is formatted as a date
        (12.07.1905); ``(None, None)`` when the cell is no year.
    """
    t = text.strip()
    number = parse_number(t)
    if number is not None and not math.isnan(number):
        return (int(number), None) if plausible(number) else (None, None)
    m = _YEAR_TEXT.match(t)
    if m and plausible(int(m.group("year"))):
        return int(m.group("year")), "with a year word"
    m = _ISO_DATE.match(t) or _DOTTED_DATE.match(t)
    if not m:
        return None, None
    try:
        day = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None, None
    serial = (day - _EXCEL_EPOCH).days
    midnight = not (m.groupdict().get("t") or "0").strip("0:.")
    if plausible(serial) and midnight:
        return serial, "as a date that stores the number"
    return (day.year, "as a date") if plausible(day.year) else (None, None)
