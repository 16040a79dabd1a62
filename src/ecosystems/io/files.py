"""Opening a user's file: whatever the path turns out to be, a DataError that names it.

A path can name a folder, a broken or looping symbolic link, a named pipe
(reading would wait for a writer for ever), a device (``/dev/zero`` never
ends), a socket, a file without read permission or an empty file. Each is
recognised with :func:`os.stat` before anything is read, and the file is
opened non-blocking and checked again on the open descriptor, so a pipe put
in its place in between cannot hang the read either.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .. import config
from ..errors import DataError

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
_EXPECTED = "expected a CSV or .xlsx file"


def _kind(mode: int) -> str | None:
    """What a non-regular file is, as a message fragment (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return ("is a named pipe (FIFO), not a regular file: reading it would wait for whatever "
                "writes into it")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file: reading it might never end"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def _tables_in(folder: Path, limit: int = 5) -> str:
    try:
        names = sorted(p.name for p in folder.iterdir()
                       if p.suffix.lower() in TABLE_SUFFIXES and p.is_file())
    except OSError:
        return ""
    if not names:
        return ""
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return f" (tables in it: {', '.join(names[:limit])}{more})"


def _given(path: Path) -> str:
    """``path`` as given (symbolic links not followed), repository-relative when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(config.ROOT).as_posix()
    except ValueError:
        return str(absolute)


def check_path(path) -> os.stat_result:
    """The ``stat`` of ``path`` when it is a regular file; else a DataError saying what it is.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    os.stat_result

    Raises
    ------
    DataError
        Naming the path: no such file, a broken or looping symbolic link, a
        folder, a pipe, a device or a socket, and what to give instead.
    """
    path = Path(path)
    name = config.relative(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise DataError(
                f"{_given(path)}: is a broken symbolic link (it points to "
                f"{os.readlink(path)!r}, which does not exist); {_EXPECTED}: fix the link or "
                "give the file itself") from None
        parent = path.parent
        where = "" if parent.is_dir() else f" (the folder {config.relative(parent)} does not exist)"
        raise DataError(f"{name}: no such file{where}") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DataError(
                f"{_given(path)}: is a symbolic link that loops (following it leads back to "
                f"itself); {_EXPECTED}: fix the link or give the file itself") from None
        if exc.errno == errno.ENOTDIR:
            raise DataError(f"{name}: no such file (a part of the path is a file, not a "
                            "folder)") from None
        if exc.errno == errno.EACCES:
            raise DataError(f"{name}: cannot be reached: permission denied on a folder of its "
                            "path") from None
        raise DataError(f"{name}: cannot be read ({exc.strerror})") from None
    kind = _kind(st.st_mode)
    if kind is not None:
        extra = _tables_in(path) if stat.S_ISDIR(st.st_mode) else ""
        raise DataError(f"{name}: {kind}; {_EXPECTED}{extra}")
    return st


def read_bytes(path) -> bytes:
    """The content of a regular file, refusing anything else without hanging.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    bytes
        Never empty.

    Raises
    ------
    DataError
        For everything :func:`check_path` refuses, a file that cannot be read
        (permissions) and an empty file (nothing but white space).
    """
    path = Path(path)
    name = config.relative(path)
    check_path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError:
        raise DataError(f"{name}: cannot be read: permission denied; make it readable (e.g. "
                        "chmod u+r) or copy it to a place you can read") from None
    except OSError as exc:
        raise DataError(f"{name}: cannot be opened ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as fh:
        kind = _kind(os.fstat(fh.fileno()).st_mode)  # replaced since the check?
        if kind is not None:
            raise DataError(f"{name}: {kind}; {_EXPECTED}")
        try:
            data = fh.read()
        except OSError as exc:
            raise DataError(f"{name}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise DataError(f"{name}: the file is empty; expected a header line and data rows")
    return data
