"""Differentiated support measures (Table 2) applied to classified clusters.

Table 2 of the paper gives, for each of the nine ecosystem types, one legal,
one economic, one organizational and one cooperation measure. This module
reads those measures from ``data/support_measures.csv`` and turns a
classification into

* a support profile per cluster-year (:func:`support_profile`): the type, its
  four measures and, where the type changed since the previous year, which
  measures are added and which are no longer indicated;
* the development options of a cluster (:func:`development_options`): the
  neighbouring cells one level up on either axis (and on both), how far each
  indicator is from the cut it must reach, and which measures the target type
  adds.

Tables 1 and 2 in the paper's layout, and how far the policy paragraphs restate
Table 2, are in :mod:`ecosystems.analysis.paper_tables`.

Computing only: every function returns a DataFrame; rendering is in
:mod:`ecosystems.profiles`.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pandas as pd

from .. import config
from ..errors import DataError, require_columns
from ..io.loaders import INDICATORS
from ..io.reference import (
    check_lang,
    label,
    read_data_csv,
    type_names,
    type_slugs,
)
from ..typology.rule import LEVELS, classify, type_grid
from ..typology.thresholds import Thresholds

CATEGORIES = ("legal", "economic", "organizational", "cooperation")
SOURCES = ("paper_table2", "paper_text", "ours")
MOVES = ("innovation", "productivity", "both")


def category_names(lang: str = "en") -> dict[str, str]:
    """Map each measure category slug to its display name (Table 2's column heads).

    Parameters
    ----------
    lang : {"en", "ru"}
        English names are the paper's; Russian ones our translation.

    Returns
    -------
    dict
        ``{"legal": "Legal", ...}`` in the order of :data:`CATEGORIES`.
    """
    return {c: label(f"category.{c}", lang) for c in CATEGORIES}


@cache
def validated_measures(path) -> pd.DataFrame:
    """The measures file, checked once per path (callers must not modify the result)."""
    where = config.relative(path)
    table = read_data_csv(path)
    needed = ["type", "category", "measure_en", "source_en", "measure_ru", "source_ru",
              "in_paragraph_en", "note"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise DataError(f"{where}: missing column(s) {missing}")
    slugs = set(type_slugs())
    for i, row in enumerate(table.itertuples(index=False), start=2):
        if row.type not in slugs:
            raise DataError(f"{where}, line {i}, column 'type': unknown type {row.type!r}")
        if row.category not in CATEGORIES:
            raise DataError(f"{where}, line {i}, column 'category': "
                            f"unknown category {row.category!r}, expected one of {CATEGORIES}")
        for lang in ("en", "ru"):
            if not getattr(row, f"measure_{lang}").strip():
                raise DataError(f"{where}, line {i}, column 'measure_{lang}': empty measure")
            source = getattr(row, f"source_{lang}")
            if source not in SOURCES:
                raise DataError(f"{where}, line {i}, column 'source_{lang}': "
                                f"unknown source {source!r}, expected one of {SOURCES}")
    dup = table.duplicated(["type", "category"], keep=False)
    if dup.any():
        first = int(np.flatnonzero(dup)[0]) + 2
        raise DataError(f"{where}, line {first}: (type, category) pair listed twice")
    full = pd.MultiIndex.from_product([type_slugs(), CATEGORIES])
    absent = full.difference(pd.MultiIndex.from_frame(table[["type", "category"]]))
    if len(absent):
        raise DataError(f"{where}: no measure for {list(absent)}")
    return table


def support_measures(lang: str = "en") -> pd.DataFrame:
    """Table 2 of the paper as tidy data: one measure per type and category.

    Parameters
    ----------
    lang : {"en", "ru"}
        Language of the measure texts. English texts are the paper's except
        the Growth ecosystem's cooperation measure (printed in Russian in the
        paper); Russian texts are our translation except that one. ``source``
        says which (``paper_table2``, ``paper_text`` for the Growth
        ecosystem's organizational cell, empty in Table 2 and filled from
        the policy paragraph after it, or ``ours``).

    Returns
    -------
    pandas.DataFrame
        Columns ``type, category, measure, source, note``; 36 rows in Table 1
        type order and the category order of :data:`CATEGORIES`.

    Raises
    ------
    ecosystems.DataError
        If the data file lacks a (type, category) pair, repeats one, or has an
        unknown type, category or source, or an empty text.
    """
    return tidy_measures(config.SUPPORT_MEASURES, check_lang(lang)).copy()


@cache
def tidy_measures(path, lang: str) -> pd.DataFrame:
    table = validated_measures(path)
    out = pd.DataFrame({
        "type": table["type"],
        "category": table["category"],
        "measure": table[f"measure_{lang}"],
        "source": table[f"source_{lang}"],
        "note": table["note"],
    })
    order = {t: i for i, t in enumerate(type_slugs())}
    out = out.sort_values(["type", "category"], key=lambda s: s.map(
        order if s.name == "type" else {c: i for i, c in enumerate(CATEGORIES)}), kind="stable")
    return out.reset_index(drop=True)


@cache
def _default_grid(path, lang: str) -> pd.DataFrame:
    return _grid_of(tidy_measures(path, lang))


@cache
def _default_per_type(path, lang: str) -> dict[str, tuple]:
    grid = _default_grid(path, lang)
    return {t: tuple(grid.loc[t]) for t in grid.index}


def _per_type(measures: pd.DataFrame | None, lang: str) -> dict[str, tuple]:
    """Type slug -> its measures in :data:`CATEGORIES` order."""
    if measures is None:
        return _default_per_type(config.SUPPORT_MEASURES, lang)
    grid = _grid_of(measures)
    return {t: tuple(grid.loc[t]) for t in grid.index}


def measure_grid(lang: str = "en") -> pd.DataFrame:
    """Table 2 as a grid: the measure texts of each type and category.

    Parameters
    ----------
    lang : {"en", "ru"}

    Returns
    -------
    pandas.DataFrame
        Index ``type`` (slugs, Table 1 order), columns ``category``
        (:data:`CATEGORIES` order), cells the measure texts of
        :func:`support_measures` in ``lang``.
    """
    grid = _default_grid(config.SUPPORT_MEASURES, check_lang(lang))
    return grid.reindex(index=list(type_slugs()))


def measure_grid_of(measures: pd.DataFrame | None, lang: str) -> pd.DataFrame:
    """Measures as a type x category frame of texts (callers must not modify it)."""
    if measures is None:
        return _default_grid(config.SUPPORT_MEASURES, lang)
    return _grid_of(measures)


def _grid_of(measures: pd.DataFrame) -> pd.DataFrame:
    require_columns(measures, ("type", "category", "measure"), "measures")
    grid = measures.pivot(index="type", columns="category", values="measure")
    return grid.reindex(columns=list(CATEGORIES))


def policy_summaries(lang: str = "en") -> pd.DataFrame:
    """The numbered policy paragraphs after Table 2, one per type.

    Returns
    -------
    pandas.DataFrame
        Columns ``type, paragraph, name_in_text, summary``: the paragraph
        number, the type's name as the paragraph prints it (it differs from
        Table 1 for some types, e.g. "Adaptive ecosystems") and the paragraph
        text (English: the paper's; Russian: our translation).
    """
    lang = check_lang(lang)
    table = read_data_csv(config.POLICY_SUMMARIES)
    return pd.DataFrame({
        "type": table["type"],
        "paragraph": table["paragraph"].astype(int),
        "name_in_text": table[f"name_in_text_{lang}"],
        "summary": table[f"summary_{lang}"],
    })


def _changes(old: tuple, new: tuple) -> tuple[tuple, tuple]:
    added = tuple(m for m in new if m not in old)
    dropped = tuple(m for m in old if m not in new)
    return added, dropped


def support_profile(classified: pd.DataFrame, measures: pd.DataFrame | None = None,
                    lang: str = "en") -> pd.DataFrame:
    """The support measures indicated for every cluster-year.

    Parameters
    ----------
    classified : pandas.DataFrame
        Output of :func:`ecosystems.classify` (needs ``cluster``, ``year``,
        ``ecosystem_type``).
    measures : pandas.DataFrame, optional
        Tidy measures with columns ``type, category, measure``; by default
        :func:`support_measures` in ``lang``.
    lang : {"en", "ru"}
        Language of the type names and measure texts.

    Returns
    -------
    pandas.DataFrame
        One row per cluster-year, in the order of ``classified``, with
        ``cluster, year, ecosystem_type, type_name``, one column per category
        (:data:`CATEGORIES`) holding the measure text, ``previous_type``
        (the type in the previous calendar year, missing for a cluster's
        first year, after a gap in years or when either type is unknown),
        ``type_changed`` (bool) and ``measures_added`` / ``measures_dropped``:
        tuples of the measures the new type indicates that the previous one
        did not, and vice versa (empty when the type did not change). A
        cluster-year with a missing type has missing measures.
    """
    lang = check_lang(lang)
    require_columns(classified, ("cluster", "year", "ecosystem_type"), "support_profile")
    per_type = _per_type(measures, lang)
    types = [t if isinstance(t, str) else None
             for t in classified["ecosystem_type"].astype(object)]
    unknown = sorted(set(types) - set(per_type) - {None})
    if unknown:
        raise KeyError(f"no measures for type(s) {unknown}")
    clusters = classified["cluster"].tolist()
    years = classified["year"].tolist()
    # a plain loop over a (cluster, year) lookup: fast for the explorer, and a gap in the
    # years (or an unknown type on either side) simply finds no previous type
    known = {(c, y): t for c, y, t in zip(clusters, years, types, strict=True) if t is not None}
    names = type_names(lang)
    empty = (None,) * len(CATEGORIES)
    columns: dict[str, list] = {k: [] for k in (
        "cluster", "year", "ecosystem_type", "type_name", *CATEGORIES, "previous_type",
        "type_changed", "measures_added", "measures_dropped")}
    for c, y, t in zip(clusters, years, types, strict=True):
        prev = known.get((c, y - 1)) if t is not None else None
        changed = prev is not None and prev != t
        added, dropped = _changes(per_type[prev], per_type[t]) if changed else ((), ())
        row = (c, y, t, names.get(t), *(per_type[t] if t is not None else empty), prev,
               changed, added, dropped)
        for key, value in zip(columns, row, strict=True):
            columns[key].append(value)
    out = pd.DataFrame(columns)
    out["year"] = out["year"].astype(classified["year"].dtype)
    return out


def measure_changes(classified: pd.DataFrame, measures: pd.DataFrame | None = None,
                    lang: str = "en") -> pd.DataFrame:
    """Every measure added or no longer indicated when a cluster changes type.

    The long form of the ``measures_added`` / ``measures_dropped`` columns of
    :func:`support_profile`, with the category of each measure.

    Returns
    -------
    pandas.DataFrame
        Columns ``cluster, year, previous_type, ecosystem_type, change``
        (``added`` or ``dropped``), ``category``, ``measure``.
    """
    grid = measure_grid_of(measures, check_lang(lang))
    profile = support_profile(classified, measures, lang)
    rows = []
    for r in profile[profile["type_changed"]].itertuples(index=False):
        for change, texts, typ in (("added", r.measures_added, r.ecosystem_type),
                                   ("dropped", r.measures_dropped, r.previous_type)):
            for text in texts:
                category = next(c for c in CATEGORIES if grid.loc[typ, c] == text)
                rows.append((r.cluster, r.year, r.previous_type, r.ecosystem_type, change,
                             category, text))
    return pd.DataFrame(rows, columns=["cluster", "year", "previous_type", "ecosystem_type",
                                       "change", "category", "measure"])


def _requirement(value: float, code: int, cuts: tuple[float, float]):
    """What moving one level up from ``code`` needs: (cut, rule, gap, gap_percent)."""
    cut, rule = (cuts[0], ">=") if code == 0 else (cuts[1], ">")
    # rounding to 12 decimals strips binary noise (0.3 - 0.198 = 0.10199999999999998)
    gap = round(cut - value, 12)
    percent = math.inf if value == 0 else round(100.0 * (cut - value) / value, 9)
    return cut, rule, gap, percent


def development_options(classified: pd.DataFrame, thresholds=None, year: int | None = None,
                        measures: pd.DataFrame | None = None, lang: str = "en") -> pd.DataFrame:
    """Where each cluster could move on the grid, and what the move requires.

    For the cluster's type in ``year``, the neighbouring cells one level up
    on the innovation axis, on the productivity axis, and on both. A move up
    from low needs the indicator to reach the lower cut (``>=``, since
    ``low < lower <= medium``); a move up from medium needs it to exceed the
    upper cut (``>``, since ``medium <= upper < high``).

    Parameters
    ----------
    classified : pandas.DataFrame
        Output of :func:`ecosystems.classify` made with ``thresholds``.
    thresholds : Thresholds or dict, optional
        The cuts; the paper's by default. Must be those ``classified`` was
        made with (checked).
    year : int, optional
        Year to start from; by default each cluster's latest year.
    measures : pandas.DataFrame, optional
        Tidy measures (``type, category, measure``); :func:`support_measures`
        by default.
    lang : {"en", "ru"}
        Language of type names and measure texts.

    Returns
    -------
    pandas.DataFrame
        One row per cluster and move (clusters in the order of
        ``classified``; moves in the order innovation, productivity, both).
        Columns ``cluster, year, ecosystem_type, type_name, move,
        target_type, target_name``, then per indicator (prefix ``rd_`` for
        R&D per employee, ``va_`` for value added per employee): the current
        value, ``*_cut`` (the cut to reach), ``*_rule`` (``>=`` or ``>``),
        ``*_gap`` (cut minus current value, million rubles per employee) and
        ``*_gap_percent`` (the gap in percent of the current value; infinite
        when the current value is 0); these are missing for an indicator the
        move does not change. Last, ``measures_added``: the target type's
        measures the current type does not indicate (tuple). A cluster in
        the top cell, or whose type is unknown, gets one row with missing
        ``move``.

    Raises
    ------
    ValueError
        If ``classified`` was not made with ``thresholds``, or no cluster has
        data for ``year``.
    """
    lang = check_lang(lang)
    cuts = Thresholds.from_any(thresholds)
    rd_col, va_col = INDICATORS["innovation"], INDICATORS["productivity"]
    again = classify(classified[[rd_col, va_col]], cuts)["ecosystem_type"].astype(object)
    given = classified["ecosystem_type"].astype(object)
    if not (again.fillna("") == given.fillna("")).all():
        raise ValueError("classified was made with other thresholds than "
                         f"{cuts}; pass the thresholds used for classify")
    if year is None:
        latest = classified.groupby("cluster", sort=False)["year"].transform("max")
        rows = classified[classified["year"] == latest]
    else:
        rows = classified[classified["year"] == year]
        if rows.empty:
            raise ValueError(f"no cluster has data for year {year}; years present: "
                             f"{sorted(classified['year'].unique().tolist())}")
    per_type = _per_type(measures, lang)
    names = type_names(lang)
    cells = type_grid()
    out = []
    for r in rows.itertuples(index=False):
        rd, va = getattr(r, rd_col), getattr(r, va_col)
        typ = r.ecosystem_type if isinstance(r.ecosystem_type, str) else None
        base = {"cluster": r.cluster, "year": r.year, "ecosystem_type": typ,
                "type_name": names.get(typ), "rd_per_employee": rd,
                "value_added_per_employee": va}
        if typ is None:
            out.append(base)
            continue
        inn = LEVELS.index(r.innovation_level)
        prod = LEVELS.index(r.productivity_level)
        moves = [("innovation", inn + 1, prod), ("productivity", inn, prod + 1),
                 ("both", inn + 1, prod + 1)]
        possible = [(m, i, p) for m, i, p in moves if i < len(LEVELS) and p < len(LEVELS)]
        if not possible:
            out.append(base)
        current = per_type[typ]
        for move, i, p in possible:
            target = cells[i, p]
            row = dict(base, move=move, target_type=target, target_name=names[target])
            if move in ("innovation", "both"):
                row.update(zip(("rd_cut", "rd_rule", "rd_gap", "rd_gap_percent"),
                               _requirement(rd, inn, cuts.innovation), strict=True))
            if move in ("productivity", "both"):
                row.update(zip(("va_cut", "va_rule", "va_gap", "va_gap_percent"),
                               _requirement(va, prod, cuts.productivity), strict=True))
            row["measures_added"] = _changes(current, per_type[target])[0]
            out.append(row)
    columns = ["cluster", "year", "ecosystem_type", "type_name", "move", "target_type",
               "target_name", "rd_per_employee", "rd_cut", "rd_rule", "rd_gap", "rd_gap_percent",
               "value_added_per_employee", "va_cut", "va_rule", "va_gap", "va_gap_percent",
               "measures_added"]
    result = pd.DataFrame(out).reindex(columns=columns)
    for c in ("rd_cut", "rd_gap", "rd_gap_percent", "va_cut", "va_gap", "va_gap_percent"):
        result[c] = result[c].astype(float)
    return result
