"""Files as people keep them: hidden sheets, stray NUL bytes, UTF-16 without a mark, sheet '2'."""

import io
import re
import zipfile

import pytest

from ecosystems import DataError, load_indicators
from ecosystems.io.dialects import read_grid

HEADER = "cluster,year,rd_per_employee,value_added_per_employee\n"


TABLE = [["cluster", "year", "rd_per_employee", "value_added_per_employee"],
         ["SYNTHETIC A", 2020, 0.1, 2.0]]
OLD = [["cluster", "year", "rd_per_employee", "value_added_per_employee"],
       ["SYNTHETIC A", 2020, 9.9, 99.0]]


def test_a_hidden_first_sheet_gives_way_to_the_sheet_excel_shows(tmp_path, workbook):
    path = tmp_path / "hidden.xlsx"
    path.write_bytes(workbook(("old", OLD), ("current", TABLE), hidden={"old"}, active=1))
    df, report = load_indicators(path, report=True)
    assert df["rd_per_employee"].tolist() == [0.1]
    assert any("the first sheet 'old' is hidden" in why and "'current'" in why
               for _, why in report.notes)
    asked = load_indicators(path, sheet="old")  # asking by name still reads it
    assert asked["rd_per_employee"].tolist() == [9.9]


def with_active_tab(data: bytes, tab: int) -> bytes:
    """The workbook with ``activeTab`` rewritten (openpyxl never saves a hidden active sheet)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item)
            if item.filename == "xl/workbook.xml":
                content = re.sub(rb'activeTab="\d+"', f'activeTab="{tab}"'.encode(), content)
            dst.writestr(item, content)
    return out.getvalue()


def test_a_hidden_first_sheet_without_a_visible_active_one_is_refused(workbook):
    data = with_active_tab(workbook(("old", OLD), ("current", TABLE), hidden={"old"}), 0)
    with pytest.raises(DataError, match=r"first sheet 'old' is hidden and Excel shows no visible"):
        read_grid(data, "h.xlsx")


def test_a_nul_byte_names_its_line(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes((HEADER + "A,2020,0.1,2.0\nB,2020,0.2,3.0\nC,20\x0020,0.3,4.0\n").encode())
    with pytest.raises(DataError, match=r"nul\.csv, line 4: a control character '\\x00'"):
        load_indicators(path)


def test_a_nul_byte_after_crlf_lines_names_its_line():
    data = (HEADER.replace("\n", "\r\n") + "A,2020,0.1,2.0\r\nB,2020,\x00,3.0\r\n").encode()
    with pytest.raises(DataError, match=r"x\.csv, line 3:"):
        read_grid(data, "x.csv")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_read_and_said(tmp_path, codec):
    path = tmp_path / "u16.csv"
    text = HEADER + "Кластер SYNTHETIC,2020,0.1,2.0\n"
    path.write_bytes(text.encode(codec))
    df, report = load_indicators(path, report=True)
    assert df["cluster"].tolist() == ["Кластер SYNTHETIC"]
    assert f"{codec.upper().replace('UTF-16-', 'UTF-16 ')} without byte-order mark" in report.source
    assert any("no byte-order mark" in why for _, why in report.notes)


def test_sheet_number_2_with_a_sheet_named_2_elsewhere_is_refused(workbook):
    data = workbook(("a", TABLE), ("2", TABLE), ("c", OLD))
    with pytest.raises(DataError) as err:
        read_grid(data, "s.xlsx", 2)
    message = str(err.value)
    assert "sheet 2 is ambiguous: a sheet is named '2' (it is number 1, 0-based)" in message
    assert "sheet number 2 is 'c'" in message and "data_sheet: \"2\"" in message
    assert read_grid(data, "s.xlsx", "2").sheet == "2"


def test_sheet_number_equal_to_its_own_name_is_not_ambiguous(workbook):
    data = workbook(("0", TABLE), ("1", TABLE), ("2", OLD))
    assert read_grid(data, "s.xlsx", 2).sheet == "2"
