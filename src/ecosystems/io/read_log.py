"""Which data files this process has read, for the provenance records.

The two ways the package reads a data file note it here: shipped CSV files
under ``data/`` (:func:`ecosystems.io.reference.read_data_csv`) and tables read
through :func:`ecosystems.read_table` (a user's own file too). Nothing is
installed or watched at import. :mod:`ecosystems.outputs.provenance` writes
what was read, with each file's SHA-256, into the run record.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import config

_read: dict[str, None] = {}  # files read, in order (an ordered set)


def sha256(path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def record_read(path) -> None:
    """Note that the data file ``path`` was read."""
    _read[config.relative(Path(path))] = None


def data_read() -> dict[str, str]:
    """Files read so far by this process, mapped to their current SHA-256.

    Names are repository-relative for files inside the repository, absolute
    otherwise (a user's table elsewhere).
    """
    out = {}
    for name in sorted(_read):
        path = Path(name) if Path(name).is_absolute() else config.ROOT / name
        if path.is_file():
            out[name] = sha256(path)
    return out
