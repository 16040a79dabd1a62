"""Fixtures of the io tests: SYNTHETIC workbooks made in the test."""

import io

import openpyxl
import pytest


@pytest.fixture
def workbook():
    """A function making an .xlsx workbook's bytes (SYNTHETIC), one sheet per ``(title, rows)``;
    ``hidden`` names sheets to hide, ``active`` is the index of the sheet Excel opens on."""

    def make(*sheets, hidden=(), active=0) -> bytes:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for title, rows in sheets:
            ws = wb.create_sheet(title)
            for row in rows:
                ws.append(row)
            if title in hidden:
                ws.sheet_state = "hidden"
        wb.active = active
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    return make
