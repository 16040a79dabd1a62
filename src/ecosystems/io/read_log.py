"""Which data files this process has read, for the provenance sidecars.

Data files are tracked without any loader having to cooperate: an audit hook
(:func:`sys.addaudithook`) notes every file under ``data/`` opened for
reading; :func:`record_read` adds files elsewhere (a user's own table, which
:func:`ecosystems.read_table` records). :mod:`ecosystems.outputs.provenance`
writes what was read into each sidecar.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from .. import config

_read: dict[str, None] = {}  # files read, in order (an ordered set)
_installed = False
_DATA_PREFIX = str(config.DATA) + os.sep
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR


def sha256(path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def record_read(path) -> None:
    """Note that the data file ``path`` was read (files under ``data/`` are noted anyway)."""
    _read[config.relative(Path(path))] = None


def _audit(event, args) -> None:
    if event != "open":
        return
    try:
        target, mode, flags = args
        if isinstance(target, int):
            return
        if (flags or 0) & _WRITE_FLAGS if mode is None else ("r" not in mode or "+" in mode):
            return
        name = os.path.abspath(os.fsdecode(target))
        if name.startswith(_DATA_PREFIX):
            _read[name[len(str(config.ROOT)) + 1:].replace(os.sep, "/")] = None
    except Exception:  # an audit hook must never break the open() it watches
        return


def install() -> None:
    """Start noting data files opened for reading (idempotent; done on package import)."""
    global _installed
    if not _installed:
        sys.addaudithook(_audit)
        _installed = True


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
