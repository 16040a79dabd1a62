"""Rows and names that are not what they seem: totals, notes, and names that only look alike.

Exports close a table with totals ("Итого", "Всего", "Total") and notes
("Примечание: ...", "Источник: ..."); the loaders skip such rows and report
them. Two names that differ only in invisible characters (no-break space,
zero-width space, soft hyphen) or in Latin against Cyrillic letters ("ABAT"
written with a Cyrillic "А") are different clusters to a computer and the
same to a reader: they are flagged with both lines, never merged.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

_TOTALS = re.compile(
    r"^(?:итого|итог|всего|в среднем|среднее|total|totals|grand total|sum|average|mean)"
    r"(?:\s*[:.]?\s*|\s+(?:по|за|for|of|across)\b.*|\s*\(.*\))$")
_NOTES = re.compile(
    r"^(?:примечани[ея]|источник[и]?|сноска|рассчитано|составлено|note|notes|source|sources)\b"
    r"|^[*¹²³†]")
#: Characters that show as nothing (or as a plain space) and are easy to paste unknowingly.
INVISIBLE = {"\u00ad": "SOFT HYPHEN", "\u200b": "ZERO WIDTH SPACE",
             "\u200c": "ZERO WIDTH NON-JOINER", "\u200d": "ZERO WIDTH JOINER",
             "\u200e": "LEFT-TO-RIGHT MARK", "\u200f": "RIGHT-TO-LEFT MARK",
             "\u2060": "WORD JOINER", "\ufeff": "ZERO WIDTH NO-BREAK SPACE"}
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009\u2002-\u200a\u3000]+")
# Cyrillic letters drawn like Latin ones (after case folding), and look-alike punctuation.
_CONFUSABLE = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "–": "-", "—": "-", "‑": "-", "−": "-", "«": '"', "»": '"', "“": '"', "”": '"', "„": '"',
    "’": "'", "‘": "'",
})


def _plain(text: str) -> str:
    return _SPACES.sub(" ", str(text).casefold().replace("ё", "е")).strip()


@functools.lru_cache(maxsize=1 << 16)  # a name repeats on every year of its cluster
def is_total(text: str) -> bool:
    """Whether a name cell reads like a totals row ("Итого", "Всего по кластерам", "Total")."""
    return bool(_TOTALS.match(_plain(text)))


@functools.lru_cache(maxsize=1 << 16)
def is_note(text: str) -> bool:
    """Whether a cell reads like a note under a table ("Примечание: ...", "Источник: ...")."""
    return bool(_NOTES.match(_plain(text)))


def skeleton(name: str) -> str:
    """``name`` as a reader sees it: invisible characters dropped, look-alike letters equal."""
    text = unicodedata.normalize("NFKC", str(name))
    text = "".join(ch for ch in text if ch not in INVISIBLE)
    return _plain(text).translate(_CONFUSABLE)


def _char(ch: str) -> str:
    return f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')})"


def differences(a: str, b: str, limit: int = 3) -> str:
    """Where two look-alike names differ, naming each character."""
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        left = ", ".join(_char(c) for c in a[i1:i2]) or "nothing"
        right = ", ".join(_char(c) for c in b[j1:j2]) or "nothing"
        parts.append(f"character {i1 + 1}: {left} against {right}")
    more = f"; and {len(parts) - limit} more" if len(parts) > limit else ""
    return "; ".join(parts[:limit]) + more


def _script(ch: str) -> str | None:
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC"):
        if name.startswith(script):
            return script
    return None


def oddities(name: str) -> str | None:
    """What is odd inside one name: invisible characters, Latin and Cyrillic in one word."""
    found = [f"{INVISIBLE[ch]} (U+{ord(ch):04X}) at character {i + 1}"
             for i, ch in enumerate(name) if ch in INVISIBLE]
    for word in re.findall(r"\w+", name):
        scripts = {_script(ch) for ch in word if ch.isalpha()} - {None}
        if len(scripts) > 1:
            odd = [ch for ch in word if _script(ch) == "LATIN"]
            if sum(_script(ch) == "CYRILLIC" for ch in word) < len(odd):
                odd = [ch for ch in word if _script(ch) == "CYRILLIC"]
            found.append(f"Latin and Cyrillic letters in the word {word!r} "
                         f"({', '.join(_char(c) for c in odd[:3])})")
    return "; ".join(found) or None


def look_alikes(names, numbers, unit: str = "line") -> list[tuple[int, str, str]]:
    """Names that look alike but differ, and names with invisible or mixed-script letters.

    Parameters
    ----------
    names : sequence of str
        The names, one per row.
    numbers : sequence of int
        The line (or row) of each.
    unit : str
        What the numbers count ("line" in CSV files, "row" in workbooks).

    Returns
    -------
    list of (int, str, str)
        The line of the first name concerned, where (``"lines 4 and 9"``) and
        a sentence naming both names and the characters that differ.
    """
    first: dict[str, int] = {}
    for name, number in zip(names, numbers, strict=True):
        first.setdefault(name, number)
    groups: dict[str, list[str]] = {}
    for name in first:
        groups.setdefault(skeleton(name), []).append(name)
    found = []
    for group in groups.values():
        for other in group[1:]:
            a = group[0]
            found.append((first[a], f"{unit}s {first[a]} and {first[other]}", (
                f"{a!r} ({unit} {first[a]}) and {other!r} ({unit} {first[other]}) look alike "
                f"but differ in {differences(a, other)}; if they are one, write the name the "
                "same way on every line")))
    flagged = {name for group in groups.values() if len(group) > 1 for name in group}
    for name, number in first.items():
        odd = oddities(name)
        if odd and name not in flagged:
            found.append((number, f"{unit} {number}", f"{name!r} contains {odd}"))
    return sorted(found)
