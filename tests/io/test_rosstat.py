"""Rosstat's regional workbooks: read as published, names keyed to the registry, totals divided.

The real workbooks are the committed copies in data/rosstat/ (see data/README.md); the small
workbooks made here are SYNTHETIC and hold the surprises one at a time.
"""

import subprocess
import sys
import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from ecosystems import DataError, DataWarning, config, federal_subjects, per_employee, read_rosstat

ROSSTAT = config.DATA / "rosstat"
RD = ROSSTAT / "rd_expenditure_regions_2010_2020.xlsx"
RD_2019 = ROSSTAT / "rd_expenditure_regions_2010_2019.xlsx"
GRP = ROSSTAT / "grp_regions_1998_2023.xlsx"
EMPLOYMENT = ROSSTAT / "employment_regions_2010_2023.xlsx"
POPULATION = ROSSTAT / "population_older_regions_2012_2023.xlsx"


@pytest.fixture(scope="module")
def rd():
    return read_rosstat(RD, "2")


@pytest.fixture(scope="module")
def employment():
    return read_rosstat(EMPLOYMENT)


@pytest.fixture(scope="module")
def grp():
    return read_rosstat(GRP, "1")


def sheet(tmp_path, rows, name="t.xlsx"):
    """A SYNTHETIC Rosstat-style workbook: title, unit, years, then ``rows``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["SYNTHETIC: затраты по субъектам Российской Федерации"], ["(млн. руб.)"],
                [None, 2020, "20215)"], *rows]:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


# --- the real workbooks -----------------------------------------------------------------------


def test_rd_workbook_aggregates_footnotes_suppressed(rd):
    assert rd.unit_text == "млн. руб."
    assert rd.aggregates["name"].iloc[0] == "Российская Федерация"
    assert rd.aggregates["name"].str.contains("федеральный округ").sum() == 8
    assert rd.unmatched.empty
    # Jewish AO and Chukotka 2013-2020 are "…4)": withheld, counted, not values.
    assert rd.suppressed == 16
    assert rd.values.query("unit in ['RU-YEV', 'RU-CHU']")["year"].max() == 2012
    # Crimea and Sevastopol are empty before 2014: 4 years each.
    assert rd.empty == 8
    markers = dict(zip(rd.footnotes["text"], rd.footnotes["marker"], strict=True))
    assert markers["г. Москва1)"] == "1)" and markers["Республика Крым 2)"] == "2)"
    assert rd.values.query("unit == 'RU-KGD'")["name"].iloc[0] == "Калинингpадская область"
    assert rd.notes["4)"].startswith("Данные не публикуются в целях обеспечения конфиденциальности")
    assert rd.other_columns == []
    assert set(rd.values.query("unit in ['UA-43', 'UA-40']")["year"]) == set(range(2014, 2021))


def test_every_registry_unit_is_in_the_rd_and_grp_tables(rd, grp):
    units = set(federal_subjects()["unit"])
    assert set(rd.values["unit"]) == units
    assert set(grp.values["unit"]) == units


def test_okrug_scope_read_from_the_tables_structure(rd, employment):
    assert "with its autonomous okrugs" in rd.scope["Тюменская область"]
    assert "without its autonomous okrugs" in employment.scope["Тюменская область"]
    rd_units = set(rd.values["unit"])
    assert {"RU-TYU", "RU-TYU excl. RU-KHM RU-YAN", "RU-KHM", "RU-YAN"} <= rd_units
    emp_units = set(employment.values["unit"])
    assert "RU-TYU excl. RU-KHM RU-YAN" in emp_units and "RU-TYU" not in emp_units


def test_employment_lacks_moscow_saint_petersburg_sevastopol(employment):
    absent = set(federal_subjects()["unit"]) - set(employment.values["unit"])
    assert absent == {"RU-MOW", "RU-SPE", "UA-40", "RU-ARK", "RU-TYU"}  # the last two: "with"


def test_the_two_rd_editions_agree_where_they_overlap(rd):
    old = read_rosstat(RD_2019, "по субъектам РФ").values
    both = rd.values.merge(old, on=["unit", "year"], suffixes=("", "_2019"))
    # Every region-year of the 2010-2019 edition is in the 2010-2020 one, with the same value.
    assert len(both) == len(old) == 848
    assert_frame_equal(both[["unit", "year", "value"]],
                       both[["unit", "year", "value_2019"]].rename(columns={"value_2019": "value"}))


def test_grp_sheet_2_agrees_with_per_capita_times_population():
    """Sheet 2 (English 'region' header) against sheet 4 (per capita, rubles) x population.

    Per capita GRP is over the year's average population; the population workbook gives it at
    the start of each year, so the mean of two starts stands for it (2016-2022).
    """
    grp2 = read_rosstat(GRP, "2").values
    per_capita = read_rosstat(GRP, "4").values
    assert set(grp2["unit"]) == set(per_capita["unit"])
    start = read_rosstat(POPULATION, "Числ. нас. субъекты").values
    following = start.assign(year=start["year"] - 1)
    average = start.merge(following, on=["unit", "year"], suffixes=("", "_next"))
    average["population"] = (average["value"] + average["value_next"]) / 2  # thousand persons
    x = grp2.merge(per_capita, on=["unit", "year"], suffixes=("", "_pc")).merge(
        average[["unit", "year", "population"]], on=["unit", "year"])
    ratio = x["value"] / (x["value_pc"] * x["population"] / 1000)
    population = read_rosstat(POPULATION, "Числ. нас. субъекты")
    # three columns a year (all, of which older than working age, %): the two unheaded not read
    assert len(population.other_columns) == 2 * 12
    assert len(x) == 595  # 85 regions (no Crimea, Sevastopol in the population table) x 7 years
    assert ratio.between(0.999, 1.001).all(), x[~ratio.between(0.999, 1.001)]


def test_per_employee_on_the_real_workbooks(rd, grp, employment):
    df, left = per_employee(rd, grp, employment, value_added_unit="million rubles",
                            employment_unit="thousand persons", report=True)
    assert list(df.columns) == ["cluster", "year", "rd_per_employee", "value_added_per_employee"]
    assert set(df["year"]) == {2010, 2015}  # GRP sheet 1 ends in 2015
    belgorod = df.query("cluster == 'Белгородская область' and year == 2010")
    rd_b = rd.values.query("unit == 'RU-BEL' and year == 2010")["value"].item()
    va_b = grp.values.query("unit == 'RU-BEL' and year == 2010")["value"].item()
    emp_b = employment.values.query("unit == 'RU-BEL' and year == 2010")["value"].item()
    assert belgorod["rd_per_employee"].item() == rd_b / emp_b / 1000
    assert belgorod["value_added_per_employee"].item() == va_b / emp_b / 1000
    moscow = left.query("unit == 'RU-MOW' and year in [2010, 2015]")
    assert moscow["reason"].tolist() == ["no employment value"] * 2
    # every region-year of any table that is not in the result is listed, with its reason
    assert len(left) + len(df) == len(
        pd.concat([t.values[["unit", "year"]] for t in (rd, grp, employment)]).drop_duplicates())
    tyumen = left.query("unit == 'RU-TYU' and year == 2015")["reason"].item()
    assert "employment has 'RU-TYU excl. RU-KHM RU-YAN'" in tyumen and "not joined" in tyumen


def test_the_okrug_trap_costs_a_factor_of_ten_and_is_not_taken():
    grp2 = read_rosstat(GRP, "2")
    emp = read_rosstat(EMPLOYMENT)
    with_okrugs = grp2.values.query("unit == 'RU-TYU' and year == 2020")["value"].item()
    without = grp2.values.query("unit == 'RU-TYU excl. RU-KHM RU-YAN' and year == 2020")
    employed = emp.values.query("unit == 'RU-TYU excl. RU-KHM RU-YAN' and year == 2020")
    wrong = with_okrugs / employed["value"].item() / 1000
    rd = read_rosstat(RD, "2")
    df = per_employee(rd, grp2, emp, value_added_unit="million rubles",
                      employment_unit="thousand persons", report=True)[0]
    right = df.query("cluster == 'Тюменская область без автономных округов' and year == 2020")
    assert right["value_added_per_employee"].item() == (
        without["value"].item() / employed["value"].item() / 1000)
    assert wrong / right["value_added_per_employee"].item() > 5
    assert not (df["value_added_per_employee"] == wrong).any()


# --- SYNTHETIC workbooks: one surprise each -------------------------------------------------


@pytest.mark.parametrize(("written", "unit"), [
    ("г.Москва", "RU-MOW"), ("г. Москва1)", "RU-MOW"), ("  г.  Москва ", "RU-MOW"),
    ("Республика Татарстан (Татарстан)", "RU-TA"), ("Республика Крым 2)", "UA-43"),
    ("Калинингpадская область", "RU-KGD"), ("Oмская область", "RU-OMS"),
    ("Республика Северная Осетия – Алания", "RU-SE"),
    ("Республика Северная Осетия-Алания", "RU-SE"),
    ("Кемеровская область-Кузбасс", "RU-KEM"), ("Кемеровская область – Кузбасс", "RU-KEM"),
    ("Ханты-Мансийский авт. округ—Югра", "RU-KHM"), ("Чувашская Республика - Чувашия", "RU-CU"),
    ("г. Севастополь", "UA-40"), ("Республика Тыва", "RU-TY"), ("Республика Хакассия", "RU-KK"),
])
def test_names_match_across_publications(tmp_path, written, unit):
    t = read_rosstat(sheet(tmp_path, [[written, 1.5, 2.5]]))
    assert t.values["unit"].tolist() == [unit, unit]
    assert t.values["name"].iloc[0] == written.strip()


def test_parts_prefixes_and_without_rows(tmp_path):
    t = read_rosstat(sheet(tmp_path, [
        ["Архангельская область", 10, 11],
        ["в т.ч. Ненецкий авт. округ", 1, 2],
        ["Архангельская область без Ненецкого авт.округа", 9, 9],
        ["Тюменская область", 100, 110],
        ["в том числе:"],
        ["Ханты-Мансийский автономный округ - Югра", 50, 55],
        ["   Ямало-Ненецкий автономный округ", 30, 33],
        ["Тюменская область (без Ханты-Мансийского авт.округа и Ямало-Ненецкого авт.округа)",
         20, 22],
    ]))
    got = t.values.query("year == 2020").set_index("unit")["value"].to_dict()
    assert got == {"RU-ARK": 10, "RU-NEN": 1, "RU-ARK excl. RU-NEN": 9, "RU-TYU": 100,
                   "RU-KHM": 50, "RU-YAN": 30, "RU-TYU excl. RU-KHM RU-YAN": 20}
    assert t.footnotes["marker"].tolist() == ["5)"]  # the year 20215)
    assert sorted(t.values["year"].unique()) == [2020, 2021]


def test_a_plain_okrug_oblast_whose_scope_the_table_does_not_show_is_unmatched(tmp_path):
    t = read_rosstat(sheet(tmp_path, [["Тюменская область", 1, 2], ["Курская область", 3, 4]]))
    assert t.unmatched["name"].tolist() == ["Тюменская область"]
    assert "does not show whether this includes" in t.unmatched["reason"].item()
    assert t.values["unit"].unique().tolist() == ["RU-KRS"]


def test_unmatched_names_are_reported_with_their_row(tmp_path):
    t = read_rosstat(sheet(tmp_path, [["Российская Федерация", 5, 6],
                                      ["Курская область", 3, 4], ["SYNTHETIC область", 1, 2]]))
    assert t.unmatched[["name", "row"]].values.tolist() == [["SYNTHETIC область", 6]]
    assert t.aggregates["name"].tolist() == ["Российская Федерация"]
    assert "unmatched, row 6: 'SYNTHETIC область'" in t.report()


def test_suppressed_and_empty_cells_are_counted(tmp_path):
    t = read_rosstat(sheet(tmp_path, [["Курская область", "…", "-"],
                                      ["Липецкая область", None, "…4)"]]))
    assert (t.suppressed, t.empty, len(t.values)) == (3, 1, 0)
    assert "4)" in t.footnotes["marker"].tolist()


def test_a_cell_that_is_no_number_names_row_and_column(tmp_path):
    path = sheet(tmp_path, [["Курская область", 1, "н/д"]])
    with pytest.raises(DataError, match=r"t\.xlsx, sheet 'Sheet', row 4, column C "
                       r"\(Курская область, 2021\): 'н/д' is not a number"):
        read_rosstat(path)


def test_a_sheet_without_years_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Содержание"])
    path = tmp_path / "toc.xlsx"
    wb.save(path)
    with pytest.raises(DataError, match="no row of years found"):
        read_rosstat(path)


# --- per_employee ----------------------------------------------------------------------------


def frame(values):
    return pd.DataFrame(values, columns=["unit", "year", "value"])


def test_units_are_converted_with_one_rounding():
    rd = frame([("RU-KRS", 2020, 1.0)])
    va = frame([("RU-KRS", 2020, 7.0)])
    emp = frame([("RU-KRS", 2020, 3.0)])
    got = per_employee(rd, va, emp, rd_unit="млн. руб.", value_added_unit="тыс. руб.",
                       employment_unit="тыс. человек")
    expected = pd.DataFrame({"cluster": ["Курская область"], "year": [2020],
                             "rd_per_employee": [1.0 / 3.0 / 1000],
                             "value_added_per_employee": [7.0 / 3.0 / 1000 / 1000]})
    assert_frame_equal(got, expected)
    persons = per_employee(rd, va, frame([("RU-KRS", 2020, 3000.0)]), rd_unit="million rubles",
                           value_added_unit="billion rubles", employment_unit="persons")
    assert persons["value_added_per_employee"].item() == 7.0 / 3000.0 * 1000


@pytest.mark.parametrize("missing", ["rd", "value_added", "employment"])
def test_a_missing_indicator_is_named_with_how_to_add_it(missing):
    given = {"rd": frame([]), "value_added": frame([]), "employment": frame([])}
    given[missing] = None
    with pytest.raises(DataError, match=rf"per_employee: {missing} missing .*read_rosstat"):
        per_employee(**given)


def test_an_unstated_unit_is_asked_for():
    with pytest.raises(DataError, match=r"the unit of value added is not stated; give it as "
                       r"value_added_unit="):
        per_employee(frame([]), frame([]), frame([]), rd_unit="млн. руб.")


def test_what_is_left_out_is_warned_without_report():
    rd = frame([("RU-KRS", 2020, 1.0), ("RU-MOW", 2020, 2.0)])
    emp = frame([("RU-KRS", 2020, 3.0)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        per_employee(rd, rd, emp, rd_unit="млн. руб.", value_added_unit="млн. руб.",
                     employment_unit="тыс. человек")
    assert [str(w.message) for w in caught if w.category is DataWarning] == [
        "per_employee: 1 region-years left out (1 regions; e.g. RU-MOW 2020: no employment "
        "value); pass report=True for the list"]


def test_registry_has_every_subject_once():
    reg = federal_subjects()
    assert reg["unit"].is_unique and len(reg) == 87
    assert set(reg.query("scope != ''")["iso_3166_2"]) == {"RU-ARK", "RU-TYU"}


@pytest.mark.skipif(not Path("/usr/share/iso-codes/json/iso_3166-2.json").exists(),
                    reason="Debian's iso-codes (the registry's source of ISO codes) not installed")
def test_registry_is_what_its_script_writes(tmp_path):
    out = tmp_path / "federal_subjects.csv"
    subprocess.run([sys.executable, str(config.ROOT / "scripts" / "make_federal_subjects.py"),
                    "--out", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == (ROSSTAT / "federal_subjects.csv").read_bytes()


def test_two_rows_of_one_region_are_refused(tmp_path):
    path = sheet(tmp_path, [["г. Москва", 1, 2], ["г.Москва1)", 1, 2]])
    with pytest.raises(DataError, match=r"rows \[4, 5\]: two rows name RU-MOW"):
        read_rosstat(path)


def test_without_for_an_oblast_with_no_okrugs_is_unmatched(tmp_path):
    t = read_rosstat(sheet(tmp_path, [["Курская область без АО", 1, 2]]))
    assert "contains no autonomous okrug" in t.unmatched["reason"].item()


def test_the_indicator_loader_points_a_rosstat_workbook_to_the_reader():
    """load_indicators cannot read totals with the years across; its message says what can."""
    from ecosystems import load_indicators

    with pytest.raises(DataError, match=r"sheet '2': no header found: .*Rosstat's layout .*"
                                        r"eco\.read_rosstat .*eco\.per_employee"):
        load_indicators(RD, sheet="2")
    with pytest.raises(DataError) as plain:  # a table without a row of years gets no such hint
        load_indicators(config.ROOT / "tests/io/data/loaders/err_no_header.csv")
    assert "read_rosstat" not in str(plain.value)
