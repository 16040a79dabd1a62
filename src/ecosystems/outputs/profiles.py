"""Readable support profiles: a one-page Markdown profile per cluster and an overview.

Builds on :mod:`ecosystems.support` (which computes); this module only
arranges and formats, in English or Russian (``lang="ru"``; Russian texts are
our translation except where ``data/README.md`` says otherwise).
"""

from __future__ import annotations

import math

import pandas as pd

from ..analysis.support import (
    CATEGORIES,
    category_names,
    development_options,
    policy_summaries,
    support_profile,
)
from ..io.loaders import INDICATORS
from ..io.reference import check_lang, cluster_names, label, type_names, type_table
from ..typology.thresholds import Thresholds
from .escape import md_escape_cell


def _display_clusters(lang: str) -> dict[str, str]:
    """Cluster display names in ``lang``; Table 3 names where no translation exists."""
    try:
        return cluster_names(lang, short=False)
    except KeyError:
        return cluster_names("en", short=False)


def _num(value: float, lang: str, digits: int = 3, sign: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if math.isinf(value):
        return "∞"
    text = f"{value:{'+' if sign else ''}.{digits}f}"
    return text.replace(".", ",") if lang == "ru" else text


def _requirement_text(row, lang: str) -> str:
    """'R&D per employee >= 0.100: +0.023 (+30.0%)' for each indicator the move changes."""
    parts = []
    for prefix, indicator in (("rd", INDICATORS["innovation"]),
                              ("va", INDICATORS["productivity"])):
        rule = row[f"{prefix}_rule"]
        if not isinstance(rule, str):
            continue
        parts.append(
            f"{label(f'indicator.{indicator}', lang)} {rule} {_num(row[f'{prefix}_cut'], lang)}: "
            f"{_num(row[f'{prefix}_gap'], lang, sign=True)} "
            f"({_num(row[f'{prefix}_gap_percent'], lang, 1, sign=True)}%)")
    return "; ".join(parts)


def overview(classified: pd.DataFrame, thresholds=None, year: int | None = None,
             lang: str = "en") -> pd.DataFrame:
    """One row per cluster for ``year`` (default: each cluster's latest year).

    Parameters
    ----------
    classified : pandas.DataFrame
        Output of :func:`ecosystems.classify` made with ``thresholds``.
    thresholds : Thresholds or dict, optional
    year : int, optional
    lang : {"en", "ru"}

    Returns
    -------
    pandas.DataFrame
        Display columns in ``lang``: cluster, year, ecosystem type, type in
        the previous year, the four measures, and the neighbouring cells with
        what they require.
    """
    lang = check_lang(lang)
    profile = support_profile(classified, lang=lang)
    options = development_options(classified, thresholds, year=year, lang=lang)
    keys = options[["cluster", "year"]].drop_duplicates()
    picked = keys.merge(profile, on=["cluster", "year"], how="left")
    names = type_names(lang)
    moves = options.dropna(subset=["move"]).assign(
        text=lambda d: [f"{t}: {_requirement_text(r, lang)}" for t, (_, r)
                        in zip(d["target_name"], d.iterrows(), strict=True)])
    joined = moves.groupby("cluster", sort=False)["text"].agg(" | ".join)
    clusters = _display_clusters(lang)
    out = pd.DataFrame({
        label("word.cluster", lang): picked["cluster"].map(clusters).fillna(picked["cluster"]),
        label("word.year", lang): picked["year"],
        label("word.type", lang): picked["type_name"],
        label("profile.previous_type", lang): picked["previous_type"].map(names).fillna(""),
    })
    for category, name in category_names(lang).items():
        out[name] = picked[category]
    out[label("profile.overview_options", lang)] = (
        picked["cluster"].map(joined).fillna(label("profile.top", lang)))
    return out


def _md_cell(cell) -> str:
    if isinstance(cell, tuple | list):
        cell = "<br>".join(map(str, cell))
    return str(cell).replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(map(_md_cell, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(_md_cell, r)) + " |" for r in rows]
    return "\n".join(lines)


def cluster_profile_blocks(classified: pd.DataFrame, cluster: str, thresholds=None,
                           year: int | None = None, lang: str = "en") -> list[tuple]:
    """The content of a one-page cluster profile, independent of the output format.

    Returns
    -------
    list of tuple
        Blocks in reading order: ``("heading", level, text)``, ``("para",
        text)`` (``**...**`` marks bold), ``("table", header, rows)`` (a
        cell may be a tuple of lines) and ``("bullets", [(depth, text),
        ...])``. :func:`cluster_profile_markdown` and
        :func:`ecosystems.save_profiles_docx` render them.
    """
    lang = check_lang(lang)
    cuts = Thresholds.from_any(thresholds)
    mine = classified[classified["cluster"] == cluster]
    if mine.empty:
        raise KeyError(f"no cluster {cluster!r} in the classified data")
    profile = support_profile(mine, lang=lang)
    year = int(mine["year"].max()) if year is None else year
    options = development_options(mine, cuts, year=year, lang=lang)
    now = profile[profile["year"] == year].iloc[0]
    names = type_names(lang)
    types = type_table().set_index("type")
    rd, va = INDICATORS["innovation"], INDICATORS["productivity"]
    unknown = label("profile.unclassified", lang)

    blocks: list[tuple] = [("heading", 2, _display_clusters(lang).get(cluster, cluster))]
    blocks.append(("para",
        f"{label('profile.thresholds', lang)}: {label('indicator.' + rd, lang)} "
        f"{_num(cuts.innovation[0], lang)} / {_num(cuts.innovation[1], lang)}, "
        f"{label('indicator.' + va, lang)} {_num(cuts.productivity[0], lang)} / "
        f"{_num(cuts.productivity[1], lang)} ({label('unit.mrub', lang)})."))
    blocks.append(("heading", 3, label("profile.history", lang)))
    history = [[str(r.year), _num(r[rd], lang), _num(r[va], lang),
                names[r.ecosystem_type] if isinstance(r.ecosystem_type, str) else unknown]
               for _, r in mine.sort_values("year").iterrows()]
    blocks.append(("table", [label("word.year", lang), label(f"indicator.{rd}", lang),
                             label(f"indicator.{va}", lang), label("word.type", lang)], history))
    blocks.append(("heading", 3, f"{label('profile.current_type', lang)} ({year})"))
    if not isinstance(now["ecosystem_type"], str):
        blocks.append(("para", unknown))
        return blocks
    typ = now["ecosystem_type"]
    blocks.append(("para", f"**{names[typ]}.** {types.loc[typ, f'description_{lang}']}"))
    blocks.append(("heading", 3, label("profile.measures", lang)))
    blocks.append(("table", [label("word.measures", lang), ""],
                   [[category_names(lang)[c], now[c]] for c in CATEGORIES]))
    if now["type_changed"]:
        blocks.append(("para", f"**{label('profile.changed', lang)}** "
                       f"({label('profile.previous_type', lang)}: "
                       f"{names[now['previous_type']]})."))
        blocks.append(("bullets",
                       [(0, f"{label('profile.added', lang)}:")]
                       + [(1, m) for m in now["measures_added"]]
                       + [(0, f"{label('profile.dropped', lang)}:")]
                       + [(1, m) for m in now["measures_dropped"]]))
    blocks.append(("heading", 3, label("profile.options", lang)))
    moves = options.dropna(subset=["move"])
    if moves.empty:
        blocks.append(("para", label("profile.top", lang)))
    else:
        rows = [[label(f"move.{r['move']}", lang), r["target_name"], _requirement_text(r, lang),
                 tuple(r["measures_added"]) or label("profile.none", lang)]
                for _, r in moves.iterrows()]
        blocks.append(("table", [label("profile.move", lang), label("profile.target", lang),
                                 label("profile.requires", lang), label("profile.added", lang)],
                       rows))
    summary = policy_summaries(lang).set_index("type").loc[typ]
    blocks.append(("heading", 3, label("profile.policy", lang).format(n=summary["paragraph"])))
    blocks.append(("para", summary["summary"]))
    return blocks


def blocks_to_markdown(blocks: list[tuple]) -> str:
    """Render :func:`cluster_profile_blocks` as Markdown (ends with a newline)."""
    parts = []
    for block in blocks:
        kind = block[0]
        if kind == "heading":  # a heading may hold a user's cluster name: escaped
            parts.append(f"{'#' * block[1]} {md_escape_cell(block[2])}")
        elif kind == "para":
            parts.append(block[1])
        elif kind == "table":
            parts.append(_md_table(block[1], block[2]))
        elif kind == "bullets":
            parts.append("\n".join(f"{'  ' * depth}- {text}" for depth, text in block[1]))
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    return "\n\n".join(parts) + "\n"


def cluster_profile_markdown(classified: pd.DataFrame, cluster: str, thresholds=None,
                             year: int | None = None, lang: str = "en") -> str:
    """A one-page profile of ``cluster`` as Markdown.

    Shows the type in every year with the indicators, the type's description
    and four measures in ``year`` (default: the cluster's latest year), the
    measures added and no longer indicated if the type changed since the
    previous year, the development options one level up, and the paper's
    policy paragraph for the type.

    Returns
    -------
    str
        Markdown text ending with a newline.
    """
    return blocks_to_markdown(cluster_profile_blocks(classified, cluster, thresholds, year, lang))


# A document of profiles holds at most this many clusters (the overview table has them all).
MAX_PROFILES = 200


def profiled_clusters(classified: pd.DataFrame, lang: str = "en",
                      max_clusters: int | None = MAX_PROFILES) -> tuple[list, str | None]:
    """The clusters a document of profiles holds, and the line saying so when not all.

    ``(clusters, None)`` when there are at most ``max_clusters`` (``None``:
    no limit), else ``(the first max_clusters in the order of the data,
    "The profiles of the first 200 of 5000 clusters ...")``.
    """
    every = list(pd.unique(classified["cluster"]))
    if max_clusters is None or len(every) <= max_clusters:
        return every, None
    return every[:max_clusters], label("profile.first_n", lang).format(k=max_clusters,
                                                                       n=len(every))


def cluster_profiles_markdown(classified: pd.DataFrame, thresholds=None,
                              year: int | None = None, lang: str = "en",
                              max_clusters: int | None = MAX_PROFILES) -> str:
    """The profiles of every cluster (in the order of ``classified``), one after another.

    Parameters are those of :func:`cluster_profile_markdown` (without
    ``cluster``); ``max_clusters``: at most this many (the first, a line at
    the top says so; :func:`profiled_clusters`).

    Returns
    -------
    str
        Markdown text, one ``##`` section per cluster.
    """
    chosen, line = profiled_clusters(classified, lang, max_clusters)
    pages = [cluster_profile_markdown(classified, c, thresholds, year, lang) for c in chosen]
    return "\n".join(([f"*{line}*\n"] if line else []) + pages)


def join_lists(df: pd.DataFrame, sep: str = "; ") -> pd.DataFrame:
    """A copy of ``df`` with tuple or list cells joined into text (for CSV and Markdown).

    The ``measures_added`` / ``measures_dropped`` columns of
    :func:`ecosystems.support_profile` and :func:`ecosystems.development_options`
    hold tuples; no measure text contains ``"; "``.
    """
    out = df.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, tuple | list)).any():
            out[column] = out[column].map(
                lambda v: sep.join(v) if isinstance(v, tuple | list) else v)
    return out
