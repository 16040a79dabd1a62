"""The collection's user-facing error."""

from __future__ import annotations


class DataError(ValueError):
    """A data file cannot be used as it is.

    The message names the file and, where they apply, the line or row as a
    person sees it in the file, the column, the offending value, and what was
    expected instead.
    """
