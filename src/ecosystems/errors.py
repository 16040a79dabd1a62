"""The collection's user-facing errors (data, parameters) and warning (data read with changes)."""

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


class DataWarning(UserWarning):
    """A data file was read, but something in it was skipped, converted or looks suspicious.

    Raised as a warning (:func:`warnings.warn`) by the loaders when their
    ``report`` is not asked for; the message lists what the read report says
    (:class:`ecosystems.ReadReport`).
    """


def require_columns(frame, columns, who: str) -> None:
    """Raise ``KeyError`` naming the ``columns`` that the DataFrame ``frame`` lacks.

    Parameters
    ----------
    frame : pandas.DataFrame
    columns : iterable of str
        The columns ``who`` needs.
    who : str
        What needs them, for the message ("classifying", "Explorer", ...).

    Raises
    ------
    KeyError
        ``"<who> needs column(s) [...]; got [...]"``, listing the missing
        columns and those the frame has.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"{who} needs column(s) {missing}; got {list(frame.columns)}")
