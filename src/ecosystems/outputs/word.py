"""Word export of the cluster profiles (python-docx), byte-deterministic.

A .docx file is a zip archive whose members carry modification times, and
python-docx stamps the document properties with the current time. Both are
fixed here, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd

from .. import config
from ..io.reference import check_lang, label
from . import provenance, run_notes
from .profiles import MAX_PROFILES, cluster_profile_blocks, profiled_clusters

_FIXED_TIME = datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _add_runs(paragraph, text: str) -> None:
    """Add ``text`` to ``paragraph``, with ``**...**`` as bold runs."""
    for i, piece in enumerate(re.split(r"\*\*", text)):
        if piece:
            paragraph.add_run(piece).bold = bool(i % 2)


def _add_blocks(document, blocks) -> None:
    for block in blocks:
        kind = block[0]
        if kind == "heading":
            document.add_heading(block[2], level=block[1] - 1)
        elif kind == "para":
            _add_runs(document.add_paragraph(), block[1])
        elif kind == "bullets":
            for depth, text in block[1]:
                style = "List Bullet" if depth == 0 else "List Bullet 2"
                _add_runs(document.add_paragraph(style=style), text)
        elif kind == "table":
            header, rows = block[1], block[2]
            table = document.add_table(rows=1 + len(rows), cols=len(header))
            table.style = "Table Grid"
            # the cells row by row (table.cell(i, j) rebuilds the whole grid on every call)
            for j, target in enumerate(table.rows[0].cells[:len(header)]):
                text = header[j]
                _add_runs(target.paragraphs[0], f"**{text}**" if text else "")
            for i, row in enumerate(rows, start=1):
                targets = table.rows[i].cells
                for j, cell in enumerate(row):
                    lines = cell if isinstance(cell, tuple | list) else (str(cell),)
                    target = targets[j]
                    _add_runs(target.paragraphs[0], lines[0])
                    for line in lines[1:]:
                        _add_runs(target.add_paragraph(), line)
        else:
            raise ValueError(f"unknown block kind {kind!r}")


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip archive with fixed member times and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def save_profiles_docx(classified: pd.DataFrame, name: str = "cluster_profiles",
                       thresholds=None, year: int | None = None, lang: str = "en",
                       folder=None, caption: str | None = None, reproduces=None,
                       max_clusters: int | None = MAX_PROFILES) -> Path:
    """Write the profile of every cluster to ``<folder>/<name>.docx``, one per page.

    At most ``max_clusters`` (the first in the order of the data, a line at
    the top saying so; ``None``: every one).

    Parameters
    ----------
    classified : pandas.DataFrame
        Output of :func:`ecosystems.classify` made with ``thresholds``.
    name : str
        File stem.
    thresholds : Thresholds or dict, optional
    year : int, optional
        Default: each cluster's latest year.
    lang : {"en", "ru"}
    folder : path, optional
        Defaults to :func:`ecosystems.config.tables_dir`.
    caption, reproduces : optional
        For the provenance sidecar, as for :func:`ecosystems.save_figure`.

    Returns
    -------
    pathlib.Path
        The file written. Same inputs give the same bytes (fixed document
        properties and zip member times).
    """
    import docx

    lang = check_lang(lang)
    document = docx.Document()
    props = document.core_properties
    props.title = label("profile.measures", lang)
    props.author = "ecosystems"
    props.last_modified_by = "ecosystems"
    props.created = props.modified = _FIXED_TIME
    props.revision = 1
    props.language = lang
    note = run_notes.run_note()
    if note:  # a non-paper run says which settings made the profiles
        document.add_paragraph(note).runs[0].italic = True
    chosen, line = profiled_clusters(classified, lang, max_clusters)
    if line:
        document.add_paragraph(line).runs[0].italic = True
    for i, cluster in enumerate(chosen):
        if i:
            document.add_page_break()
        _add_blocks(document, cluster_profile_blocks(classified, cluster, thresholds, year, lang))
    buffer = io.BytesIO()
    document.save(buffer)
    folder = Path(folder) if folder is not None else config.tables_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.docx"
    target.write_bytes(_deterministic_zip(buffer.getvalue()))
    provenance.write_sidecar([target], name, "document", caption, reproduces, note)
    return target
