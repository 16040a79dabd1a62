"""The book's tables: each one a JSON file the ``{eco-table}`` directive shows
(:mod:`ecosystems.book.sphinx.directives`), written by the pages that hold them."""

from __future__ import annotations

import json
from pathlib import Path


def write_table(src: Path, name: str, caption: str, header: list[str], rows: list[list]) -> str:
    """Write ``_eco/tables/NAME.json`` and return the MyST directive that shows it.

    A cell is a string, ``{"text": ..., "uri": ...}`` (a link relative to the site's
    root) or a list of those; every text is shown literally (text nodes).
    """
    folder = src / "_eco" / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    spec = {"caption": caption, "label": f"tab-{name}", "header": header, "rows": rows}
    (folder / f"{name}.json").write_text(json.dumps(spec, ensure_ascii=False, indent=0),
                                         encoding="utf-8")
    return f"\n:::{{eco-table}} {name}\n:::\n"
