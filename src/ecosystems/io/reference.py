"""Reference data shipped in ``data/``: type names, cluster names, labels.

Everything a reader sees as a name (ecosystem types, clusters, axis titles)
comes from here, in English or Russian, so that no name is repeated in code or
notebooks.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from .. import config

LANGS = ("en", "ru")


def check_lang(lang: str) -> str:
    """``lang`` when it is one of :data:`LANGS`; otherwise a ``ValueError`` naming them."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


@cache
def read_data_csv(path) -> pd.DataFrame:
    """A shipped data file (UTF-8 CSV under ``data/``) as strings, read once per process.

    Every cell is a string (empty cells are ``""``, never NaN). The frame is
    shared between callers: copy it before changing it.
    """
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def type_table() -> pd.DataFrame:
    """Table 1 of the paper: the nine ecosystem types on the 3x3 grid.

    Returns
    -------
    pandas.DataFrame
        One row per type, in the paper's order (innovation level, then
        productivity level), with columns ``innovation_level``,
        ``productivity_level``, ``type`` (slug), names and descriptions.
    """
    return read_data_csv(config.TYPOLOGY).copy()


def type_slugs() -> list[str]:
    """The nine type slugs in Table 1 order."""
    return type_table()["type"].tolist()


def type_names(lang: str = "en", short: bool = False) -> dict[str, str]:
    """Map type slug to its display name.

    Parameters
    ----------
    lang : {"en", "ru"}
        Language of the names (the Russian ones are our translation, see
        ``data/README.md``).
    short : bool
        Drop the word "ecosystem" (for figure labels).
    """
    column = f"{'short_name' if short else 'name'}_{check_lang(lang)}"
    table = type_table()
    return dict(zip(table["type"], table[column], strict=True))


def clusters() -> pd.DataFrame:
    """The nine clusters of Table 3 with short names, in Table 3 order."""
    table = read_data_csv(config.CLUSTERS).copy()
    table["table3_order"] = table["table3_order"].astype(int)
    return table.sort_values("table3_order", ignore_index=True)


def cluster_names(lang: str = "en", short: bool = True) -> dict[str, str]:
    """Map each Table 3 cluster name to its display name in ``lang``.

    Clusters not listed in ``data/clusters.csv`` (a user's own data) keep
    their own name wherever this mapping is used.
    """
    table = clusters()
    column = f"{'short_name' if short else 'name'}_{check_lang(lang)}"
    if column not in table:
        if lang == "en" and not short:
            return dict(zip(table["cluster"], table["cluster"], strict=True))
        raise KeyError(f"data/clusters.csv has no column {column!r}")
    return dict(zip(table["cluster"], table[column], strict=True))


@cache
def label(key: str, lang: str = "en") -> str:
    """A display string (axis title, level name) from ``data/labels.csv``."""
    table = read_data_csv(config.LABELS)
    match = table.loc[table["key"] == key, check_lang(lang)]
    if match.empty:
        raise KeyError(f"no label {key!r} in {config.relative(config.LABELS)}")
    return match.iloc[0]
