"""The explorers' words: cluster names, verdicts and messages in the page's language.

Both explorers (the Voila page, :mod:`ecosystems.explorer.app`, and the page
without a server, :mod:`ecosystems.explorer.static.export`) name things
through these functions, from ``data/``.
"""

from __future__ import annotations

from ..draw.scales import number
from ..io import reference


def cluster_labels(names, lang: str = "en") -> dict[str, str]:
    """Display names for clusters, in ``lang`` where ``data/clusters.csv`` has them.

    Table 3 clusters get their short name; other clusters (a user's own or
    synthetic data) keep their own name. When ``data/clusters.csv`` has no
    short names in ``lang``, the English short names are used.
    """
    try:
        known = reference.cluster_names(lang, short=True)
    except KeyError:
        known = reference.cluster_names("en", short=True)
    return {name: known.get(name, name) for name in names}


def verdict_word(verdict: str, lang: str = "en") -> str:
    """A verdict of the claims ledger (:data:`ecosystems.VERDICTS`) in ``lang``.

    The words are in ``data/labels.csv`` under ``verdict.<verdict>`` (spaces
    as ``_``); a verdict without a label is an error naming the key.
    """
    return reference.label(f"verdict.{verdict.replace(' ', '_')}", lang)


def message_text(key: str, params: dict, lang: str) -> str:
    """The text of label ``key`` in ``lang`` with ``params`` filled in, numbers
    written as the language writes them (decimal comma in Russian)."""
    words = {k: number(v, lang) if isinstance(v, float | int) else v for k, v in params.items()}
    return reference.label(key, lang).format(**words)
