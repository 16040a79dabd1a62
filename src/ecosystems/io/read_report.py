"""What a loader read, skipped and changed: the read report.

``load_indicators(path, report=True)`` (and ``load_participants``,
``read_table``) return ``(table, report)``; :meth:`ReadReport.frame` is a
table a notebook shows, ``str(report)`` the same as text. Without
``report=True`` a file from which anything was skipped, converted or flagged
gives one :class:`ecosystems.DataWarning` with the same lines, so nothing is
left out silently.
"""

from __future__ import annotations

import inspect
import warnings
from dataclasses import dataclass, field

import pandas as pd

from ..errors import DataWarning


@dataclass
class ReadReport:
    """What was read from one table file.

    Attributes
    ----------
    file : str
        The file as messages name it (repository-relative inside the repository).
    source : str
        How it was read: ``"CSV (UTF-8, delimiter ',')"`` or ``"xlsx workbook"``.
    sheet : str or None
        The sheet read (workbooks).
    sheets : tuple of str
        Every sheet of the workbook.
    layout : str
        ``"long"`` (one row per cluster and year), ``"wide"`` (one row per
        cluster, a column per indicator and year) or ``"table3"`` (two header
        rows: indicator blocks above years, as the paper's Table 3).
    header : str
        Where the header is (``"line 3"``, ``"rows 1-2"``).
    data_rows : int
        Rows (lines) of the file read as data.
    records : int
        Rows of the returned table (cluster-years: a wide row gives one per year).
    columns : list of (str, str)
        Each header of the file and the column it was read as.
    skipped : list of (str, str, str)
        ``(where, why, text)`` of every row left out (title, comment, blank,
        totals and note rows).
    notes : list of (str, str)
        ``(where, what)``: conversions (units, dates as years), corrections
        (the repeated year header of Table 3) and look-alike names.
    """

    file: str
    source: str = ""
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    layout: str = "long"
    header: str = ""
    data_rows: int = 0
    records: int = 0
    columns: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def eventful(self) -> bool:
        """Whether anything was skipped (but blank rows and `#` comments), converted or flagged."""
        quiet = ("blank", "comment")
        return bool(self.notes) or any(why not in quiet for _, why, _ in self.skipped)

    def _skipped_runs(self):
        """Skipped rows, consecutive rows of one kind joined (``lines 1-3``)."""
        runs: list[list] = []
        for where, why, text in self.skipped:
            unit, _, number = where.partition(" ")
            if (runs and runs[-1][1] == why and runs[-1][0] == unit and why in ("blank", "comment")
                    and number.isdigit() and int(number) == runs[-1][3] + 1):
                runs[-1][3] = int(number)
                continue
            n = int(number) if number.isdigit() else -1
            runs.append([unit, why, text, n, n, where])
        for unit, why, text, start, stop, where in runs:
            if stop > start:
                where = f"{unit}s {start}-{stop}"
            yield where, why, text

    def frame(self) -> pd.DataFrame:
        """The report as a table: ``item``, ``where``, ``detail`` (one row per fact)."""
        sheet = ""
        if self.sheet is not None:
            sheet = f"sheet {self.sheet!r}" + (
                f" of {list(self.sheets)}" if len(self.sheets) > 1 else "")
        rows = [("file", self.file, self.source), ("sheet", sheet, "") if sheet else None,
                ("layout", self.layout, f"header on {self.header}"),
                ("read", f"{self.data_rows} data rows", f"{self.records} records")]
        rows = [r for r in rows if r is not None]
        rows += [("column", label, column) for label, column in self.columns]
        rows += [(f"skipped: {why}", where, text) for where, why, text in self._skipped_runs()]
        rows += [("note", where, what) for where, what in self.notes]
        return pd.DataFrame(rows, columns=["item", "where", "detail"])

    def __str__(self) -> str:
        lines = []
        for item, where, detail in self.frame().itertuples(index=False):
            lines.append(f"{item}: {where}" + (f": {detail}" if detail else ""))
        return "\n".join(lines)

    def summary(self) -> str:
        """The skipped rows (not blank ones) and the notes, one per line (the warning's text)."""
        lines = [f"{self.file}: read with changes (pass report=True to get the full report):"]
        lines += [f"  skipped {where} ({why}): {text}" for where, why, text in self._skipped_runs()
                  if why not in ("blank", "comment")]
        lines += [f"  {where}: {what}" for where, what in self.notes]
        return "\n".join(lines)

    def warn(self) -> None:
        """Warn with :meth:`summary` when the read skipped, converted or flagged anything.

        The warning is attributed to the first caller outside ``ecosystems.io``
        (a notebook cell, a user's script).
        """
        if not self.eventful:
            return
        frame, level = inspect.currentframe(), 1
        while frame is not None and frame.f_globals.get("__name__", "").startswith(
                ("ecosystems.io", "ecosystems.analysis.study")):
            frame, level = frame.f_back, level + 1
        warnings.warn(self.summary(), DataWarning, stacklevel=level)
