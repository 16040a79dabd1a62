"""Reference data shipped in ``data/``: type names, cluster names, labels, OECD bands.

Everything a reader sees as a name (ecosystem types, clusters, axis titles)
comes from here, in English or Russian, so that no name is repeated in code or
notebooks. :func:`rd_intensity_bands` gives the international yardstick of
R&D intensity (the OECD taxonomy's five groups).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from .. import config
from .read_log import record_read

LANGS = ("en", "ru")


def check_lang(lang: str) -> str:
    """``lang`` when it is one of :data:`LANGS`; otherwise a ``ValueError`` naming them."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


@cache
def read_data_csv(path) -> pd.DataFrame:
    """A shipped data file (UTF-8 CSV under ``data/``) as strings, read once per process and
    noted for the provenance records (:mod:`ecosystems.io.read_log`).

    Every cell is a string (empty cells are ``""``, never NaN). The frame is
    shared between callers: copy it before changing it.
    """
    record_read(path)
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


#: The five groups of the OECD taxonomy of R&D intensity, highest first.
RD_INTENSITY_GROUPS = ("high", "medium_high", "medium", "medium_low", "low")


def rd_intensity_industries() -> pd.DataFrame:
    """The industries of the OECD R&D-intensity taxonomy with their intensities.

    Galindo-Rueda and Verger (2016), as tabulated by NCSES (Table SAKTI-1);
    provenance in ``data/README.md``.

    Returns
    -------
    pandas.DataFrame
        ``group`` (one of :data:`RD_INTENSITY_GROUPS`), ``sector``,
        ``isic_rev4``, ``industry`` and ``rd_intensity_percent`` (R&D
        expenditure / value added of the industry, percent, float), in the
        order of the source table.
    """
    table = read_data_csv(config.RD_INTENSITY).copy()
    unknown = sorted(set(table["group"]) - set(RD_INTENSITY_GROUPS))
    if unknown:
        raise ValueError(f"{config.relative(config.RD_INTENSITY)}: unknown group(s) {unknown}; "
                         f"expected {list(RD_INTENSITY_GROUPS)}")
    table["rd_intensity_percent"] = table["rd_intensity_percent"].astype(float)
    return table


def rd_intensity_bands() -> pd.DataFrame:
    """The five OECD R&D-intensity groups as ranges of R&D / value added.

    The taxonomy assigns industries to groups; it is not a set of cut-offs.
    What the source supports is the range of each group's member
    industries, and the interval between the top of one group and the
    bottom of the next, in which no member industry lies: any limit there
    reproduces the published grouping.

    Returns
    -------
    pandas.DataFrame
        One row per group, highest first: ``group``, ``lowest_percent`` and
        ``highest_percent`` (the smallest and largest intensity of its
        member industries), ``n_industries``, ``lowest_industry``,
        ``highest_industry``, and ``gap_below_percent`` (the top of the next
        lower group; NaN for the lowest group): the limit between the two
        groups lies between ``gap_below_percent`` and ``lowest_percent``.
    """
    table = rd_intensity_industries()
    rows = []
    for group in RD_INTENSITY_GROUPS:
        members = table[table["group"] == group]
        low = members.loc[members["rd_intensity_percent"].idxmin()]
        high = members.loc[members["rd_intensity_percent"].idxmax()]
        rows.append({"group": group, "lowest_percent": low["rd_intensity_percent"],
                     "highest_percent": high["rd_intensity_percent"],
                     "n_industries": len(members), "lowest_industry": low["industry"],
                     "highest_industry": high["industry"]})
    out = pd.DataFrame(rows)
    out["gap_below_percent"] = out["highest_percent"].shift(-1)
    overlap = out[out["gap_below_percent"] >= out["lowest_percent"]]
    if not overlap.empty:
        raise ValueError(f"{config.relative(config.RD_INTENSITY)}: the ranges of groups "
                         f"{overlap['group'].tolist()} overlap the next lower group's")
    return out
