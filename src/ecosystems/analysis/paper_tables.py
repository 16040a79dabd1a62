"""Tables 1 and 2 of the paper in their layout, and how far the policy paragraphs restate Table 2.

Table 2 "as printed" marks the cells that are not a plain transcription of a printed
cell (the Growth ecosystem's organizational cell, empty in the paper and filled from
its policy paragraph; its cooperation cell, printed in Russian): :func:`table2` adds
the marks, :func:`table2_notes` the footnotes. :func:`paragraph_coverage` checks,
cell by cell, which of a type's Table 2 measures its policy paragraph after the table
restates (``data/support_measures.csv``, column ``in_paragraph_en``).
"""

from __future__ import annotations

import pandas as pd

from .. import config
from ..errors import DataError
from ..io.reference import check_lang, label, type_names, type_slugs, type_table
from ..typology.rule import LEVELS
from .support import (
    CATEGORIES,
    category_names,
    measure_grid_of,
    policy_summaries,
    tidy_measures,
    validated_measures,
)

#: The mark of a cell filled from the text, and of a cell whose source differs from
#: the table's other cells (a translation among printed texts, or the reverse).
MARKS = {"filled": "\u2020", "other_source": "\u2021"}


def table1(lang: str = "en") -> pd.DataFrame:
    """Table 1 of the paper in its layout: innovation level rows, productivity level columns.

    Parameters
    ----------
    lang : {"en", "ru"}
        The Russian names and descriptions are our translation.

    Returns
    -------
    pandas.DataFrame
        3x3; index and columns ``"low level"``... in ``lang``; each cell
        ``"<type name>. <description>"``.
    """
    lang = check_lang(lang)
    types = type_table()
    level = label("word.level", lang)
    grid = pd.DataFrame(index=list(LEVELS), columns=list(LEVELS), dtype=object)
    for row in types.itertuples():
        grid.loc[row.innovation_level, row.productivity_level] = (
            f"{getattr(row, f'name_{lang}')}. {getattr(row, f'description_{lang}')}")
    names = {lv: f"{label(f'level.{lv}', lang)} {level}" for lv in LEVELS}
    grid = grid.rename(index=names, columns=names)
    grid.index.name = f"{label('word.innovations', lang)} \\ {label('axis.productivity', lang)}"
    return grid


def _cell_marks(measures: pd.DataFrame) -> tuple[dict[tuple[str, str], str], str | None]:
    """``({(type, category): mark}, the usual source)`` for the cells of ``measures``.

    A cell is *filled* when the English text is the paper's policy paragraph
    (``paper_text``); among the others, a cell whose ``source`` differs from the
    most common one is marked as of another source. Without a ``source`` column
    nothing is marked.
    """
    if "source" not in measures.columns:
        return {}, None
    english = tidy_measures(config.SUPPORT_MEASURES, "en").set_index(["type", "category"])
    marks = {}
    sources = measures.set_index(["type", "category"])["source"]
    filled = [k for k in sources.index
              if k in english.index and english.loc[k, "source"] == "paper_text"]
    rest = sources.drop(filled)
    usual = rest.mode().iloc[0] if len(rest) else None
    for key in filled:
        marks[key] = MARKS["filled"]
    for key, source in rest.items():
        if source != usual:
            marks[key] = MARKS["other_source"]
    return marks, usual


def table2(lang: str = "en", measures: pd.DataFrame | None = None,
           marks: bool = True) -> pd.DataFrame:
    """Table 2 of the paper in its layout: one row per type, one column per category.

    Parameters
    ----------
    lang : {"en", "ru"}
    measures : pandas.DataFrame, optional
        Tidy measures (``type, category, measure`` and, for the marks,
        ``source``); :func:`ecosystems.support_measures` by default.
    marks : bool
        Append a mark to the cells that are ours rather than as printed:
        ``†`` a cell empty in Table 2 and filled from the policy paragraph,
        ``‡`` a cell whose source differs from the table's other cells (in
        English: our translation of the cell the paper prints in Russian; in
        Russian: that cell, as printed, among our translations). The footnotes
        are :func:`table2_notes`.

    Returns
    -------
    pandas.DataFrame
        Index: type names in ``lang`` (Table 1 order); columns: category
        names in ``lang``; cells: the measure texts (see
        :func:`ecosystems.support_measures` for which are the paper's).
    """
    lang = check_lang(lang)
    tidy = tidy_measures(config.SUPPORT_MEASURES, lang) if measures is None else measures
    grid = measure_grid_of(measures, lang).reindex(type_slugs()).copy()
    if marks:
        for (typ, category), mark in _cell_marks(tidy)[0].items():
            grid.loc[typ, category] = f"{grid.loc[typ, category]} {mark}"
    grid = grid.rename(index=type_names(lang), columns=category_names(lang))
    grid.index.name = label("word.type", lang)
    grid.columns.name = None
    return grid


def table2_notes(lang: str = "en", measures: pd.DataFrame | None = None) -> list[str]:
    """The footnotes of the marks :func:`table2` adds, in ``lang`` (empty without marks)."""
    lang = check_lang(lang)
    tidy = tidy_measures(config.SUPPORT_MEASURES, lang) if measures is None else measures
    marks, usual = _cell_marks(tidy)
    notes = []
    if MARKS["filled"] in marks.values():
        notes.append(label("table2.note.filled", lang))
    if MARKS["other_source"] in marks.values():
        kind = "translated" if usual == "paper_table2" else "printed"
        notes.append(label(f"table2.note.{kind}", lang))
    return notes


def paragraph_coverage() -> pd.DataFrame:
    """Which of each type's Table 2 measures its policy paragraph after Table 2 restates.

    From ``data/support_measures.csv`` (``in_paragraph_en``: the paragraph's words
    that restate the cell, empty where the paragraph does not) and
    ``data/policy_summaries.csv``; English, the paper's own texts.

    Returns
    -------
    pandas.DataFrame
        One row per type and category (Table 1 order): ``type, paragraph,
        category, measure`` (the Table 2 text), ``source`` (as in
        :func:`ecosystems.support_measures`), ``in_paragraph`` and ``restated``
        (bool).

    Raises
    ------
    ecosystems.DataError
        If a phrase of ``in_paragraph_en`` is not in its type's paragraph.
    """
    where = config.relative(config.SUPPORT_MEASURES)
    table = validated_measures(config.SUPPORT_MEASURES)
    paragraphs = policy_summaries("en").set_index("type")
    rows = []
    for line, r in enumerate(table.itertuples(index=False), start=2):
        text = paragraphs.loc[r.type, "summary"]
        if r.in_paragraph_en and r.in_paragraph_en not in text:
            raise DataError(f"{where}, line {line}, column 'in_paragraph_en': "
                            f"{r.in_paragraph_en!r} is not in policy paragraph "
                            f"{paragraphs.loc[r.type, 'paragraph']} ({r.type})")
        rows.append((r.type, int(paragraphs.loc[r.type, "paragraph"]), r.category,
                     r.measure_en, r.source_en, r.in_paragraph_en, bool(r.in_paragraph_en)))
    out = pd.DataFrame(rows, columns=["type", "paragraph", "category", "measure", "source",
                                      "in_paragraph", "restated"])
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return out.sort_values(["paragraph", "category"], key=lambda s: s.map(order)
                           if s.name == "category" else s, kind="stable").reset_index(drop=True)
