"""The collection's user-facing error."""

from __future__ import annotations


class DataError(ValueError):
    """A data file cannot be used as it is.

    The message names the file and, where they apply, the line or row as a
    person sees it in the file, the column, the offending value, and what was
    expected instead.
    """


class ParameterError(ValueError):
    """A run's parameters cannot be used as they are.

    The message names the parameter file (when there is one), the key and the
    value, says what is expected and, for a key nobody declares, suggests the
    closest valid one.
    """
