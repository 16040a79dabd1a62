"""Write the loader test corpus (run from anywhere: python tests/io/data/loaders/make_corpus.py).

Every file is made from the small tables below, so the expected result of each accepted dialect
is the reference table `reference_indicators.csv` / `reference_participants.csv` (plain UTF-8,
comma, decimal point) and each error file differs from an accepted one by the one problem its
name says. MANIFEST.yaml lists every file with its expected result or exact message.
The cluster and participant names are made up for the tests (they are not data about anyone).
"""

import datetime
import struct
import zlib
from pathlib import Path

import numpy as np
import openpyxl

HERE = Path(__file__).resolve().parent
NBSP, NNBSP = "\u00a0", "\u202f"

IND_HEADER = ["cluster", "year", "rd_per_employee", "value_added_per_employee", "region"]
IND_HEADER_RU = ["Кластер", "Год", "НИОКР на одного работника",
                 "Добавленная стоимость на одного работника", "Регион"]
# (cluster, year, rd, va, region); None is an empty cell
IND = [
    ('Промышленный кластер "Калашников"', 2022, 0.121, 0.441, "Удмуртия"),
    ('Промышленный кластер "Калашников"', 2023, 0.148, 0.058, "Удмуртия"),
    ("Кластер ёлочных игрушек", 2022, 0.0, 1234.5, None),
    ("Кластер ёлочных игрушек", 2023, None, 2.25, None),
    ("Cluster, with comma", 2023, 1.5e-3, 12345678.125, "Mixed"),
]
PART_HEADER = ["cluster", "participant", "year", "supplied_to_cluster_mln_rub",
               "supplied_total_mln_rub"]
PART = [
    ("Кластер А", 'ООО "Ромашка"', 2022, 12.5, 1500.0),
    ("Кластер А", 'ООО "Ромашка"', 2023, 0.0, 1620.25),
    ("Кластер А", "АО Вектор", 2023, 980.0, 980.0),
    ("Кластер Б", "ИП Петров", 2023, None, 3.75),
]


def number(x, decimal=".", thousands=""):
    if x is None:
        return ""
    text = repr(float(x))
    if "e" in text:
        return text.replace(".", decimal)
    whole, _, frac = text.partition(".")
    if thousands:
        whole = f"{int(whole):,}".replace(",", thousands)
    return whole + (decimal + frac if frac else "")


def csv_text(header, rows, sep=",", decimal=".", thousands="", eol="\n", comments=()):
    def field(v):
        s = v if isinstance(v, str) else ("" if v is None else str(v))
        if any(c in s for c in (sep, '"', "\n")):
            s = '"' + s.replace('"', '""') + '"'
        return s

    lines = list(comments) + [sep.join(field(h) for h in header)]
    for row in rows:
        lines.append(sep.join(
            field(number(v, decimal, thousands) if isinstance(v, float) else v) for v in row))
    return eol.join(lines) + eol


def write(name, text, encoding="utf-8"):
    (HERE / name).write_bytes(text.encode(encoding))


def workbook(name, sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.properties.creator = "make_corpus.py"
    book.save(HERE / name)


def png():
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"\x00\xff\x00\x00"  # one red pixel
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# The wide layouts give every cluster every year of the header: IND plus an empty 2022.
WIDE = IND[:4] + [("Cluster, with comma", 2022, None, None, "Mixed"), IND[4]]
YEARS = (2022, 2023)


def wide_rows(rows, scale=(1, 1)):
    """One row per cluster: name, R&D per year, value added per year, region."""
    out = {}
    for c, y, rd, va, r in rows:
        row = out.setdefault(c, {"region": r})
        row[y] = (None if rd is None else rd * scale[0], None if va is None else va * scale[1])
    return [[c, *(v[y][0] for y in YEARS), *(v[y][1] for y in YEARS), v["region"]]
            for c, v in out.items()]


def main():
    # references: what every accepted dialect must load to
    write("reference_indicators.csv", csv_text(IND_HEADER, IND))
    write("reference_participants.csv", csv_text(PART_HEADER, PART))
    write("reference_indicators_wide.csv", csv_text(IND_HEADER, WIDE))

    # exports: title, totals and note rows; the wide layouts; units; Excel's merged headers
    ru = [[c, y, number(rd, ",", " "), number(va, ",", NBSP), r or ""] for c, y, rd, va, r in IND]
    write("ok_title_totals_note_rows.csv", "\r\n".join(
        ["Показатели промышленных кластеров, млн руб.;;;;"]
        + [";".join(IND_HEADER_RU)] + [";".join(map(str, r)) for r in ru]
        + ["Итого по кластерам;;1,5;12 347 036,4;", "Источник: ГИСП (SYNTHETIC);;;;"]) + "\r\n")
    wide_header = ["Кластер", *(f"НИОКР {y}" for y in YEARS),
                   *(f"Добавленная стоимость {y}" for y in YEARS), "Регион"]
    write("ok_wide_one_header_row.csv", csv_text(wide_header, wide_rows(WIDE), ";", ","))
    thousands = ["Кластер", *(f"R&D {y}, тыс. руб." for y in YEARS),
                 *(f"Value added {y}, млн руб." for y in YEARS), "Регион"]
    write("ok_wide_thousand_rubles.csv",
          csv_text(thousands, wide_rows(WIDE, (1000, 1)), ",", "."))
    blocks = ["Кластер", "НИОКР на одного работника, млн руб.", "",
              "Добавленная стоимость на одного работника, млн руб.", "", "Регион"]
    years = ["", *map(str, YEARS), *map(str, YEARS), ""]
    write("ok_table3_layout.csv", csv_text(blocks, [years] + wide_rows(WIDE), ";", ","))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Данные"
    sheet.append(["Показатели кластеров (SYNTHETIC)"])
    sheet.append(blocks[:1] + [blocks[1], None, blocks[3], None, "Регион"])
    sheet.append([None, YEARS[0], f"{YEARS[1]} г.", YEARS[0], YEARS[1], None])
    for cells in ("A2:A3", "B2:C2", "D2:E2", "F2:F3"):
        sheet.merge_cells(cells)
    sheet["B3"].number_format = "DD.MM.YYYY"  # a year shown as a date (12.07.1905 for 2022)
    for row in wide_rows(WIDE):
        sheet.append([row[0], row[1], None if row[2] is None else number(row[2], ","),
                      *row[3:6]])
    sheet.append(["Итого", 1, 2, 3, 4, None])
    book.properties.creator = "make_corpus.py"
    book.save(HERE / "ok_table3_merged_header.xlsx")
    workbook("ok_dates_as_years.xlsx", [("Sheet", [IND_HEADER] + [
        [c, datetime.datetime(y, 1, 1), rd, va, r] for c, y, rd, va, r in IND])])
    write("err_title_thousand_rubles.csv",
          "Показатели, тыс. руб.\n" + csv_text(IND_HEADER, IND))
    write("err_table3_year_twice.csv", csv_text(
        blocks[:5], [["", "2022", "2022", "2023", "2024"]] + [r[:5] for r in wide_rows(WIDE)]))
    write("err_unit_in_cell_against_header.csv",
          "Кластер;Год;НИОКР на одного работника, млн руб.;Добавленная стоимость на "
          "одного работника\nА;2022;121 тыс. руб.;0,441\n")
    write("err_heading_row_in_table.csv", csv_text(IND_HEADER, IND[:2]).replace(
        "\n", "\nУдмуртская Республика,,,,\n", 1))
    write("err_no_header.csv", "Название;Значение\nА;1\n")
    write("err_wide_indicator_year_twice.csv", "Кластер,НИОКР 2022,R&D 2022,"
          "Добавленная стоимость 2022\nA,0.1,0.2,1\n")

    # accepted dialects of the indicators table
    write("ok_comma_point_utf8.csv", csv_text(IND_HEADER, IND))
    write("ok_semicolon_comma_nbsp_cp1251_crlf.csv",
          csv_text(IND_HEADER_RU, IND, ";", ",", NBSP, "\r\n"), "cp1251")
    write("ok_semicolon_comma_space_utf8bom.csv",
          csv_text(IND_HEADER_RU, IND, ";", ",", " "), "utf-8-sig")
    write("ok_semicolon_point_nnbsp_utf8_crlf.csv",
          csv_text(IND_HEADER, IND, ";", ".", NNBSP, "\r\n"))
    write("ok_comma_quoted_decimal_comma.csv", csv_text(IND_HEADER, IND, ",", ","))
    write("ok_comma_point_cr_only.csv", csv_text(IND_HEADER, IND, eol="\r"))
    write("ok_tab_utf16.txt", csv_text(IND_HEADER, IND, "\t", ","), "utf-16")
    write("ok_comment_lines.csv", csv_text(
        ["  CLUSTER ", "Year", "RD_per_employee", "value added  per employee", "region"], IND,
        comments=["# SYNTHETIC test table: made-up clusters", "#", ""]))
    ru_rows = [[c, y, number(rd, ",", " "), number(va, ",", NBSP), r or None]
               for c, y, rd, va, r in IND]
    # R&D as number cells, value added as text cells in the Russian way ("1 234,5")
    mixed = [[*row[:3], ru[3], row[4]] for row, ru in zip(IND, ru_rows, strict=True)]
    workbook("ok_numbers_and_text.xlsx", [("Лист1", [IND_HEADER_RU, *mixed])])
    workbook("ok_second_sheet.xlsx", [
        ("Пояснения", [["# see sheet Данные"], ["anything"]]),
        ("Данные", [["# comment row"], [], IND_HEADER] + [list(r) for r in IND]),
    ])

    # accepted dialects of the participants table
    write("ok_participants_semicolon_cp1251.csv",
          csv_text(["Кластер", "Участник", "Год", "Поставлено участникам кластера",
                    "Поставлено всего"], PART, ";", ",", NBSP, "\r\n"), "cp1251")
    workbook("ok_participants.xlsx", [("Sheet", [PART_HEADER] + [list(r) for r in PART])])

    # errors, indicators
    header = ",".join(IND_HEADER[:4]) + "\n"
    write("err_missing_column.csv", "cluster,year,rd_per_employee\nA,2020,0.1\n")
    write("err_not_a_number.csv", header + "A,2020,0.1,1\nA,2021,n/a,1\n")
    write("err_several_problems.csv", header + "A,2020,-1,x\nA,2021,?,1\n")
    write("err_negative.csv", "# SYNTHETIC\n" + header + "A,2020,0.1,1\nA,2021,0.1,−3\n")
    write("err_infinite.csv", header + "A,2020,inf,1\n")
    write("err_year_not_whole.csv", "Кластер;Год;НИОКР на работника;Добавленная стоимость на "
          "работника\nА;2020,5;0,1;1\n", "cp1251")
    write("err_year_implausible.csv", header + "A,1850,0.1,1\n")
    write("err_year_empty.csv", header + "A,,0.1,1\n")
    write("err_cluster_empty.csv", header + " ,2020,0.1,1\n")
    write("err_duplicate.csv", header + "A,2020,0.1,1\nB,2020,0.1,1\nA,2020,0.2,1\n")
    write("err_duplicate_header.csv", "cluster,Кластер,year,rd_per_employee,"
          "value_added_per_employee\nA,A,2020,0.1,1\n")
    write("err_empty.csv", "")
    write("err_comments_only.csv", "# nothing but a comment\r\n\r\n")
    write("err_header_only.csv", "# SYNTHETIC\n" + header)
    write("err_more_fields.csv", header + "A,2020,0.1,1\nA,2021,0,1,2\n")
    write("err_fewer_fields.csv", header + "A,2020,0.1,1\n\nA,2021,0.1\n")
    write("err_png_renamed.csv", png().decode("latin-1"), "latin-1")
    (HERE / "err_binary_garbage.csv").write_bytes(
        np.random.default_rng(3).integers(0, 256, 512, dtype=np.uint8).tobytes())
    workbook("err_xlsx_not_a_number.xlsx", [("Данные", [
        ["# SYNTHETIC"], IND_HEADER[:4], ["A", 2020, 0.1, 1.5], ["A", 2021, "0,2", "#Н/Д"]])])
    workbook("err_xlsx_formula_without_value.xlsx", [("Sheet", [
        IND_HEADER[:4], ["A", 2020, 0.1, 1.5], ["A", 2021, "=C2*2", 1.5]])])
    workbook("err_xlsx_value_without_header.xlsx", [("Sheet", [
        IND_HEADER[:4], ["A", 2020, 0.1, 1.5, None, "note"]])])

    # errors, participants
    pheader = ",".join(PART_HEADER) + "\n"
    write("err_participants_exceeds_total.csv",
          pheader + "K,P1,2022,5,10\nK,P2,2022,12.5,10\n")
    write("err_participants_duplicate.csv",
          pheader + "K,P1,2022,5,10\nK,P2,2022,5,10\nK,P1,2022,6,10\n")


if __name__ == "__main__":
    main()
