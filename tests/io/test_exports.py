"""What real exports contain: titles, totals, notes, units, dates, sheets, look-alike names.

Each case is read with the values it holds (and reported), or refused with a message that
says what to change.
"""

import warnings

import numpy as np
import openpyxl
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import ecosystems as eco
from ecosystems import DataError, DataWarning, load_indicators, load_participants

HEADER = "cluster,year,rd_per_employee,value_added_per_employee\n"


def write(tmp_path, text, name="t.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def frame(rows, extra=None):
    df = pd.DataFrame(rows, columns=["cluster", "year", "rd_per_employee",
                                     "value_added_per_employee"])
    df["year"] = df["year"].astype("int64")
    df[["rd_per_employee", "value_added_per_employee"]] = df[
        ["rd_per_employee", "value_added_per_employee"]].astype(float)
    return df if extra is None else df.assign(**extra)


def test_title_row_is_skipped_reported_and_warned(tmp_path):
    path = write(tmp_path, "Показатели кластеров за 2020 год;;;\r\nКластер;Год;НИОКР на одного "
                           "работника;Добавленная стоимость на одного работника\r\n"
                           "А;2020;0,1;2,5\r\n")
    df, report = load_indicators(path, report=True)
    assert_frame_equal(df, frame([("А", 2020, 0.1, 2.5)]), check_dtype=False)
    assert report.skipped == [("line 1", "above the header", "Показатели кластеров за 2020 год")]
    assert report.header == "line 2" and report.layout == "long"
    with pytest.warns(DataWarning) as caught:
        load_indicators(path)
    assert str(caught[0].message) == (
        f"{path}: read with changes (pass report=True to get the full report):\n"
        "  skipped line 1 (above the header): Показатели кластеров за 2020 год")
    assert caught[0].filename == __file__  # attributed to the caller, not the package


def test_comment_rows_anywhere_are_skipped_without_a_warning(tmp_path):
    path = write(tmp_path, "# SYNTHETIC\n" + HEADER + "A,2020,0.1,1\n# a note\nA,2021,0.2,1\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        df, report = load_indicators(path, report=True)
        load_indicators(path)
    assert df["year"].tolist() == [2020, 2021]
    assert report.skipped == [("line 1", "comment", "# SYNTHETIC"),
                              ("line 4", "comment", "# a note")]
    assert not report.eventful


@pytest.mark.parametrize("total", ["Итого", "ИТОГО:", "Всего по кластерам", "Total",
                                   "Grand total", "В среднем"])
def test_totals_rows_are_skipped(tmp_path, total):
    path = write(tmp_path, HEADER + f"A,2020,0.1,1\nB,2020,0.2,2\n{total},2020,0.3,3\n")
    df, report = load_indicators(path, report=True)
    assert df["cluster"].tolist() == ["A", "B"]
    assert report.skipped == [("line 4", "totals", f"{total} 2020 0.3 3")]


def test_a_name_starting_like_a_total_is_a_cluster(tmp_path):
    path = write(tmp_path, HEADER + "Total Energies cluster,2020,0.1,1\n")
    assert load_indicators(path)["cluster"].tolist() == ["Total Energies cluster"]


def test_note_rows_below_the_table_are_skipped(tmp_path):
    path = write(tmp_path, HEADER + "A,2020,0.1,1\nПримечание: данные предварительные\n"
                                    "Источник: ГИСП,,,\n* оценка\n")
    _, report = load_indicators(path, report=True)
    assert [why for _, why, _ in report.skipped] == ["note", "note", "note"]


def test_a_heading_row_inside_the_table_is_refused_with_the_fix(tmp_path):
    path = write(tmp_path, HEADER + "Приволжский федеральный округ,,,\nA,2020,0.1,1\n")
    with pytest.raises(DataError) as err:
        load_indicators(path)
    assert str(err.value) == (
        f"{path}, line 2: only the first cell is filled ('Приволжский федеральный округ'); "
        "expected a row of data: if it is a heading or a note, delete it or start it with '#'")


@pytest.mark.parametrize("unit, value", [
    ("млн руб.", 0.121), ("тыс. руб.", 121), ("тыс.руб.", 121), ("руб.", 121000),
    ("млрд руб.", 0.000121), ("thousand rubles", 121), ("RUB mn", 0.121),
    ("тыс. руб./чел.", 121)])
def test_units_in_headers_are_converted_to_million_rubles(tmp_path, unit, value):
    path = write(tmp_path, f"Кластер;Год;НИОКР на одного работника, {unit};Добавленная "
                           f"стоимость на одного работника (млн руб.)\nК;2022;{value};0,441\n")
    df, report = load_indicators(path, report=True)
    assert df.loc[0, "rd_per_employee"] == 0.121  # exactly: the decimal point is moved
    assert df.loc[0, "value_added_per_employee"] == 0.441
    converted = [what for _, what in report.notes]
    assert bool(converted) == (unit not in ("млн руб.", "RUB mn"))


def test_units_in_cells_are_converted_and_reported(tmp_path):
    path = write(tmp_path, "Кластер;Год;НИОКР на одного работника;Добавленная стоимость на "
                           "одного работника\nК;2022;121 тыс. руб.;0,441 млн руб.\n"
                           "К;2023;0,148;58 тыс. руб.\n")
    df, report = load_indicators(path, report=True)
    assert df["rd_per_employee"].tolist() == [0.121, 0.148]
    assert df["value_added_per_employee"].tolist() == [0.441, 0.058]
    assert report.notes == [
        ("line 2", "column 'НИОКР на одного работника': 1 cell(s) with a unit (e.g. "
                   "'121 тыс. руб.') in thousand rubles: divided by 1,000 to million rubles"),
        ("line 3", "column 'Добавленная стоимость на одного работника': 1 cell(s) with a unit "
                   "(e.g. '58 тыс. руб.') in thousand rubles: divided by 1,000 to million rubles"),
    ]


def test_two_units_in_one_header_are_refused(tmp_path):
    path = write(tmp_path, "cluster,year,\"rd_per_employee, млн руб. (тыс. руб.)\","
                           "value_added_per_employee\nA,2020,1,1\n")
    with pytest.raises(DataError, match=r"names more than one unit \('млн руб\.', 'тыс\. руб\.'\)"
                                        r"; expected one unit per column"):
        load_indicators(path)


def test_a_title_in_millions_is_fine(tmp_path):
    path = write(tmp_path, "Показатели, млн руб.\n" + HEADER + "A,2020,0.1,1\n")
    with pytest.warns(DataWarning, match="skipped line 1 \\(above the header\\)"):
        assert load_indicators(path)["rd_per_employee"].tolist() == [0.1]


def test_a_sheet_without_a_table_lists_the_sheets(tmp_path, workbook):
    path = tmp_path / "b.xlsx"
    path.write_bytes(workbook(("Титул", [["Отчёт о кластерах"], ["2023 год"]]),
                              ("Данные", [HEADER.strip().split(","), ["A", 2020, 0.1, 1]])))
    with pytest.raises(DataError) as err:
        load_indicators(path)
    assert str(err.value) == (
        f"{path}, sheet 'Титул': no header found: none of the first 2 rows names the columns "
        "['cluster', 'year', 'rd_per_employee', 'value_added_per_employee'] (or their accepted "
        "names, README 'Use your own data') in a long, wide or Table 3 layout; row 1 reads "
        "'Отчёт о кластерах'; the workbook's sheets are ['Титул', 'Данные']: choose one with "
        "sheet= (data_sheet)")
    df, report = load_indicators(path, sheet="Данные", report=True)
    assert len(df) == 1 and report.sheet == "Данные" and report.sheets == ("Титул", "Данные")


def test_excel_quirks_trailing_columns_numbers_as_text_dates_as_years(tmp_path, workbook):
    import datetime as dt

    rows = [["cluster", "year", "rd_per_employee", "value_added_per_employee", None, None],
            ["A", dt.datetime(2020, 1, 1), "0,1", "2,5", None, None],
            ["A", 2021, 0.2, 3, None, None], [None] * 6, [None] * 6]
    path = tmp_path / "b.xlsx"
    path.write_bytes(workbook(("Лист1", rows)))
    book = openpyxl.load_workbook(path)
    book.active["B3"].number_format = "DD.MM.YYYY"  # shows 2021 as 13.07.1905
    book.save(path)
    df, report = load_indicators(path, report=True)
    assert_frame_equal(df, frame([("A", 2020, 0.1, 2.5), ("A", 2021, 0.2, 3.0)]),
                       check_dtype=False)
    assert [w for w, _ in report.notes] == ["row 2", "row 3"]
    assert "as a date that stores the number" in report.notes[1][1]


@pytest.mark.parametrize("year, read", [("2020 г.", 2020), ("2020г", 2020), ("2020 год", 2020),
                                        ("01.01.2020", 2020), ("2020-12-31", 2020)])
def test_years_written_with_a_word_or_as_dates(tmp_path, year, read):
    df, report = load_indicators(write(tmp_path, HEADER + f"A,{year},0.1,1\n"), report=True)
    assert df["year"].tolist() == [read]
    assert len(report.notes) == 1


def test_look_alike_names_are_flagged_with_both_lines(tmp_path):
    latin, cyrillic = "ABAT industrial cluster", "АBAT industrial cluster"
    path = write(tmp_path, HEADER + f"{latin},2020,0.1,1\n{cyrillic},2021,0.1,1\n"
                                    "Кластер\u00a0Б,2020,0.1,1\nКластер Б,2021,0.1,1\n"
                                    "Кластер\u200bВ,2020,0.1,1\n")
    df, report = load_indicators(path, report=True)
    assert df["cluster"].nunique() == 5  # never merged
    assert report.notes == [
        ("lines 2 and 3", f"{latin!r} (line 2) and {cyrillic!r} (line 3) look alike but differ "
         "in character 1: 'A' (U+0041 LATIN CAPITAL LETTER A) against 'А' (U+0410 CYRILLIC "
         "CAPITAL LETTER A); if they are one, write the name the same way on every line"),
        ("lines 4 and 5", "'Кластер\\xa0Б' (line 4) and 'Кластер Б' (line 5) look alike but "
         "differ in character 8: '\\xa0' (U+00A0 NO-BREAK SPACE) against ' ' (U+0020 SPACE); if "
         "they are one, write the name the same way on every line"),
        ("line 6", "'Кластер\\u200bВ' contains ZERO WIDTH SPACE (U+200B) at character 8"),
    ]
    with pytest.warns(DataWarning, match="look alike"):
        load_indicators(path)


def test_supplied_above_total_by_rounding_passes_and_beyond_shows_every_digit(tmp_path):
    head = "cluster,participant,year,supplied_to_cluster_mln_rub,supplied_total_mln_rub\n"
    ok = write(tmp_path, head + "K,P,2021,100.00000000000001,100\nK,Q,2021,0.30000000000000004,"
                                "0.3\n")
    assert len(load_participants(ok)) == 2  # within eco.TOTAL_TOLERANCE (1e-9 of the total)
    bad = write(tmp_path, head + "K,P,2021,100.000001,100\n", name="bad.csv")
    with pytest.raises(DataError) as err:
        load_participants(bad)
    assert str(err.value) == (
        f"{bad}, line 2, column 'supplied_to_cluster_mln_rub': participant 'P' in 2021 (cluster "
        "'K') supplied 100.000001 million rubles to the cluster, more than its total 100; "
        "expected supplied to the cluster <= supplied in total")


def test_check_participants_uses_the_same_tolerance():
    df = pd.DataFrame({"cluster": ["K"], "participant": ["P"], "year": [2021],
                       "supplied_to_cluster_mln_rub": [0.1 + 0.2],
                       "supplied_total_mln_rub": [0.3]})
    eco.check_participants(df)
    df["supplied_to_cluster_mln_rub"] = 0.3000001
    with pytest.raises(DataError, match="supplied 0.3000001 million rubles to the cluster, more "
                                        "than its total 0.3;"):
        eco.check_participants(df)


def test_report_frame_and_text(tmp_path):
    path = write(tmp_path, "Отчёт\n\n" + HEADER + "A,2020,0.1,1\nИтого,,0.1,1\n")
    _, report = load_indicators(path, report=True)
    table = report.frame()
    assert table.columns.tolist() == ["item", "where", "detail"]
    assert table["item"].tolist() == ["file", "layout", "read", "column", "column", "column",
                                      "column", "skipped: above the header", "skipped: blank",
                                      "skipped: totals"]
    assert str(report).splitlines()[0] == f"file: {path}: CSV (UTF-8, delimiter ',')"
    assert np.array_equal(table.loc[2, ["where", "detail"]], ["1 data rows", "1 records"])


def test_values_that_look_like_thousands_are_noted(tmp_path):
    path = write(tmp_path, HEADER + "A,2020,121,441\nA,2021,148,58\n")
    _, report = load_indicators(path, report=True)
    assert report.notes == [
        ("line 1", "rd_per_employee: the median is 134.5 million rubles per employee, above 10; "
                   "if the values are in thousand rubles, or totals rather than per employee, "
                   "say so in the header (', тыс. руб.') or divide by the employees"),
        ("line 1", "value_added_per_employee: the median is 249.5 million rubles per employee, "
                   "above 100; if the values are in thousand rubles, or totals rather than per "
                   "employee, say so in the header (', тыс. руб.') or divide by the employees")]
