import csv
import io
import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from ecosystems import DataError, DataWarning, load_indicators, load_participants, read_table
from ecosystems.io.loaders import INDICATOR_COLUMNS, PARTICIPANT_COLUMNS

HEADER = "cluster,year,rd_per_employee,value_added_per_employee\n"
CORPUS = Path(__file__).parent / "data" / "loaders"
MANIFEST = yaml.safe_load((CORPUS / "MANIFEST.yaml").read_text(encoding="utf-8"))
LOADERS = {"indicators": load_indicators, "participants": load_participants}


def write(tmp_path, text, name="t.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_table3_shape_and_types():
    df = load_indicators()
    assert df.shape == (36, 4)
    assert df["cluster"].nunique() == 9
    assert sorted(df["year"].unique()) == [2020, 2021, 2022, 2023]
    assert df["year"].dtype == "int64"
    assert df["rd_per_employee"].dtype == float


def test_round_trip_and_extra_columns(tmp_path):
    p = write(tmp_path, "cluster,year,rd_per_employee,value_added_per_employee,region\n"
                        "A,2020,0.1,2.5,North\nA,2021,,3.0,\n")
    df = load_indicators(p)
    expected = pd.DataFrame({
        "cluster": ["A", "A"], "year": [2020, 2021], "rd_per_employee": [0.1, float("nan")],
        "value_added_per_employee": [2.5, 3.0], "region": ["North", float("nan")],
    })
    assert_frame_equal(df, expected, check_dtype=False)


@pytest.mark.parametrize(
    "body, fragments",
    [
        ("A,2020,abc,1\n", ["line 2", "'rd_per_employee'", "'abc'", "non-negative"]),
        ("A,2020,0.1,1\nA,2021,0.1,-3\n", ["line 3", "'value_added_per_employee'", "'-3'"]),
        ("A,2020,inf,1\n", ["line 2", "'inf'"]),
        ("A,2020.5,0.1,1\n", ["line 2", "'year'", "'2020.5'", "whole year"]),
        ("A,1850,0.1,1\n", ["'1850'", "between 1990 and 2100"]),
        ("A,2020,0.1,1\nB,2020,0.1,1\nA,2020,0.2,1\n", ["line 4", "'A'", "2020 twice", "line 2"]),
    ],
)
def test_errors_name_file_line_column_value(tmp_path, body, fragments):
    p = write(tmp_path, HEADER + body)
    with pytest.raises(DataError) as err:
        load_indicators(p)
    message = str(err.value)
    assert "t.csv" in message
    for fragment in fragments:
        assert fragment in message


def test_missing_column(tmp_path):
    p = write(tmp_path, "cluster,year,rd_per_employee\nA,2020,0.1\n")
    with pytest.raises(DataError, match=r"required column\(s\) \['value_added_per_employee'\]"):
        load_indicators(p)


def test_header_without_rows(tmp_path):
    with pytest.raises(DataError, match="no data rows"):
        load_indicators(write(tmp_path, HEADER))


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_indicators(tmp_path / "absent.csv")


def test_data_error_is_a_value_error():
    assert issubclass(DataError, ValueError)


def test_comment_lines_and_header_count_in_line_numbers(tmp_path):
    p = write(tmp_path, "# synthetic\n# second comment\n\n" + HEADER + "A,2020,0.1,1\nA,2021,x,1\n")
    with pytest.raises(DataError, match=r"t\.csv, line 6, column 'rd_per_employee': value 'x'"):
        load_indicators(p)


def test_at_most_five_problems_listed(tmp_path):
    p = write(tmp_path, HEADER + "".join(f"A,{2000 + i},x,1\n" for i in range(8)))
    lines = str(pytest.raises(DataError, load_indicators, p).value).splitlines()
    assert len(lines) == 6
    assert lines[0].startswith(f"{p}, line 2") or ", line 2," in lines[0]
    assert lines[-1] == "... and 3 more problem(s) of this kind"


# ---------------------------------------------------------------- the corpus


def _id(entry):
    return entry["file"] + (f"[sheet={entry['sheet']}]" if "sheet" in entry else "")


def test_manifest_covers_every_corpus_file():
    listed = {e["file"] for e in MANIFEST}
    references = {e["result"] for e in MANIFEST if "result" in e}
    present = {p.name for p in CORPUS.iterdir() if p.suffix not in (".py", ".yaml")}
    assert present == listed | references
    kinds = {e["file"].split("_")[0] for e in MANIFEST}
    assert kinds == {"ok", "err"}


@pytest.mark.filterwarnings("ignore::ecosystems.DataWarning")  # what is skipped: test_exports
@pytest.mark.parametrize("entry", MANIFEST, ids=_id)
def test_corpus(entry):
    load = LOADERS[entry["loader"]]
    path = CORPUS / entry["file"]
    if "error" in entry:
        with pytest.raises(DataError) as err:
            load(path, sheet=entry.get("sheet"))
        assert str(err.value) == entry["error"]
        assert err.value.__cause__ is None or isinstance(err.value.__cause__, DataError)
        return
    df = load(path, sheet=entry.get("sheet"))
    expected = load(CORPUS / entry["result"])
    spec = INDICATOR_COLUMNS if entry["loader"] == "indicators" else PARTICIPANT_COLUMNS
    assert df.columns.tolist()[: len(spec)] == [c.name for c in spec]
    assert len(df.columns) == len(expected.columns)
    df.columns = expected.columns  # extra columns keep their own header; compare by position
    assert_frame_equal(df, expected)
    assert df["year"].dtype == "int64"


def test_reference_tables_are_plain():
    # The references themselves are the simplest dialect; check a few values by hand.
    ind = load_indicators(CORPUS / "reference_indicators.csv")
    assert ind.loc[0, "cluster"] == 'Промышленный кластер "Калашников"'
    assert ind.loc[2, "value_added_per_employee"] == 1234.5
    assert math.isnan(ind.loc[3, "rd_per_employee"])
    assert ind.loc[4, "value_added_per_employee"] == 12345678.125
    part = load_participants(CORPUS / "reference_participants.csv")
    assert part.columns.tolist() == [c.name for c in PARTICIPANT_COLUMNS]
    assert part["supplied_total_mln_rub"].sum() == 1500.0 + 1620.25 + 980.0 + 3.75


# ---------------------------------------------------------- participants


def test_participants_exceeding_total_names_participant_and_year(tmp_path):
    p = write(tmp_path, "cluster;participant;year;supplied_to_cluster_mln_rub;"
                        "supplied_total_mln_rub\nК;ООО Ромашка;2021;10,5;10\n")
    message = str(pytest.raises(DataError, load_participants, p).value)
    assert "line 2" in message
    assert "participant 'ООО Ромашка' in 2021" in message
    assert "10.5" in message and "total 10" in message


def test_participants_equal_and_missing_volumes_pass(tmp_path):
    p = write(tmp_path, "cluster,participant,year,supplied_to_cluster_mln_rub,"
                        "supplied_total_mln_rub,inn\nK,P,2021,10,10,7701\nK,Q,2021,,5,\n")
    df = load_participants(p)
    assert df["supplied_to_cluster_mln_rub"].isna().tolist() == [False, True]
    assert df["inn"].tolist()[0] == "7701"  # extra columns stay text


def test_participants_same_participant_in_two_clusters_is_fine(tmp_path):
    p = write(tmp_path, "cluster,participant,year,supplied_to_cluster_mln_rub,"
                        "supplied_total_mln_rub\nK,P,2021,1,10\nL,P,2021,2,10\n")
    assert len(load_participants(p)) == 2


def test_participants_missing_column(tmp_path):
    p = write(tmp_path, "cluster,participant,year,supplied_total_mln_rub\nK,P,2021,10\n")
    with pytest.raises(DataError, match=r"\['supplied_to_cluster_mln_rub'\] missing"):
        load_participants(p)


# ------------------------------------------------------ property-based tests

FAST = settings(max_examples=50, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
NAME_CHARS = ("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
              "abcXYZ0189 -.,;\"'«»№()")
HEADERS = {
    "cluster": ["cluster", " Кластер ", "КЛАСТЕР"],
    "year": ["year", "Год", " YEAR"],
    "rd_per_employee": ["rd_per_employee", "НИОКР на одного работника", "RD  per employee"],
    "value_added_per_employee": ["value_added_per_employee", "Добавленная стоимость на работника"],
}
DIALECTS = st.fixed_dictionaries({
    "delimiter": st.sampled_from([",", ";", "\t"]),
    "decimal": st.sampled_from([".", ","]),
    "thousands": st.sampled_from(["", " ", "\u00a0", "\u202f"]),
    "encoding": st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16"]),
    "eol": st.sampled_from(["\n", "\r\n", "\r"]),
    "comments": st.integers(0, 2),
    "xlsx": st.booleans(),
    "headers": st.tuples(*(st.integers(0, len(v) - 1) for v in HEADERS.values())),
})
AMOUNT = st.one_of(
    st.none(),
    st.tuples(st.integers(0, 10**10), st.integers(0, 4)),  # digits, decimals
)


@st.composite
def tables(draw):
    names = draw(st.lists(
        st.text(NAME_CHARS, min_size=1, max_size=12).filter(lambda s: s == s.strip() and s),
        min_size=1, max_size=4, unique=True))
    rows = []
    for name in names:
        for year in draw(st.lists(st.integers(1990, 2100), min_size=1, max_size=3, unique=True)):
            rows.append((name, year, draw(AMOUNT), draw(AMOUNT)))
    return draw(st.permutations(rows))


def _text(amount, decimal, thousands):
    digits, places = amount
    whole, frac = divmod(digits, 10**places)
    head = f"{whole:,}".replace(",", thousands)
    return head + (f"{decimal}{frac:0{places}d}" if places else "")


def _value(amount):
    return math.nan if amount is None else amount[0] / 10**amount[1]


def _write(path, rows, d):
    if d["encoding"] == "cp1251" and d["thousands"] == "\u202f":
        d = {**d, "thousands": "\u00a0"}  # cp1251 has no narrow no-break space
    header = [v[i] for v, i in zip(HEADERS.values(), d["headers"], strict=True)] + ["note"]
    body = [[name, year, *("" if a is None else _text(a, d["decimal"], d["thousands"])
                           for a in (rd, va)), "" if k % 2 else f"n{k}"]
            for k, (name, year, rd, va) in enumerate(rows)]
    if d["xlsx"]:
        book = openpyxl.Workbook()
        sheet = book.active
        for _ in range(d["comments"]):
            sheet.append(["# synthetic"])
        sheet.append(header)
        for row, (_, _, rd, va) in zip(body, rows, strict=True):
            # Alternate numbers stored as numbers and as text, as exports do.
            cells = [row[0], row[1]] + [
                None if a is None else (_value(a) if row[1] % 2 else text)
                for a, text in zip((rd, va), row[2:4], strict=True)] + [row[4] or None]
            sheet.append(cells)
        path = path.with_suffix(".xlsx")
        book.save(path)
        return path
    out = io.StringIO()
    writer = csv.writer(out, delimiter=d["delimiter"], lineterminator=d["eol"])
    for _ in range(d["comments"]):
        out.write("# synthetic test table" + d["eol"])
    writer.writerow(header)
    writer.writerows(body)
    text = out.getvalue()
    if d["encoding"] == "cp1251":
        # A cp1251 text whose bytes happen to be valid UTF-8 is read as UTF-8 (documented).
        try:
            text.encode("cp1251").decode("utf-8")
            assume(False)
        except UnicodeDecodeError:
            pass
    path.write_bytes(text.encode(d["encoding"]))
    return path


@pytest.mark.slow  # 50 tables written and read back
@pytest.mark.filterwarnings("ignore::ecosystems.DataWarning")  # random names mix scripts
@FAST
@given(rows=tables(), dialect=DIALECTS)
def test_any_accepted_dialect_loads_back_the_same_values(tmp_path, rows, dialect):
    path = _write(tmp_path / "table.csv", rows, dialect)
    df = load_indicators(path)
    expected = pd.DataFrame({
        "cluster": [r[0] for r in rows],
        "year": np.array([r[1] for r in rows], dtype="int64"),
        "rd_per_employee": [_value(r[2]) for r in rows],
        "value_added_per_employee": [_value(r[3]) for r in rows],
        "note": [np.nan if k % 2 else f"n{k}" for k in range(len(rows))],
    })
    assert_frame_equal(df, expected, check_dtype=False)
    assert df["year"].dtype == "int64"
    assert df["rd_per_employee"].dtype == "float64"


WIDE_HEADERS = {
    "rd_per_employee": ["НИОКР {y}", "R&D {y}", "rd_per_employee_{y}",
                        "НИОКР на одного работника, {y}", "{y} НИОКР", "НИОКР {y} г."],
    "value_added_per_employee": ["Добавленная стоимость {y}", "Value added {y}",
                                 "value_added_per_employee {y}"],
}
BLOCKS = {
    "rd_per_employee": ["НИОКР на одного работника, млн руб.", "R&D per employee",
                        "Participants and cluster infrastructure expenses volume on scientific "
                        "research and development, million rubles, per one cluster employee"],
    "value_added_per_employee": ["Добавленная стоимость на одного работника",
                                 "Added value created by industrial cluster participants, "
                                 "million rubles, per cluster employee"],
}
UNITS = {"": 1, ", млн руб.": 1, ", тыс. руб.": 1000, " (тыс. руб./чел.)": 1000,
         ", млрд руб.": 0.001}


@st.composite
def wide_tables(draw):
    """Clusters with values for every year of a common set (empty cells where missing)."""
    names = draw(st.lists(
        st.text(NAME_CHARS, min_size=1, max_size=12).filter(lambda s: s == s.strip() and s),
        min_size=1, max_size=4, unique=True))
    years = draw(st.lists(st.integers(1990, 2100), min_size=1, max_size=4, unique=True))
    values = {(n, y): (draw(AMOUNT), draw(AMOUNT)) for n in names for y in years}
    # a row with a name and nothing else is refused (a heading, or a cluster without data)
    assume(all(any(v is not None for y in years for v in values[n, y]) for n in names))
    return names, years, values


WIDE_DIALECTS = st.fixed_dictionaries({
    "layout": st.sampled_from(["wide", "table3"]),
    "delimiter": st.sampled_from([",", ";", "\t"]),
    "decimal": st.sampled_from([".", ","]),
    "encoding": st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    "xlsx": st.booleans(),
    "title": st.booleans(),
    "unit": st.sampled_from(sorted(UNITS)),
    "headers": st.tuples(st.integers(0, 5), st.integers(0, 2)),
})


def _write_wide(path, table, d):
    names, years, values = table
    rd_h = WIDE_HEADERS["rd_per_employee"][d["headers"][0]]
    va_h = WIDE_HEADERS["value_added_per_employee"][d["headers"][1] % 3]
    unit = d["unit"]
    if d["layout"] == "wide":
        header = [["Кластер", *(rd_h.format(y=y) + unit for y in years),
                   *(va_h.format(y=y) for y in years), "note"]]
    else:
        rd_b = BLOCKS["rd_per_employee"][d["headers"][0] % 3]
        va_b = BLOCKS["value_added_per_employee"][d["headers"][1] % 2]
        if unit and "million" in rd_b:
            rd_b = rd_b.replace("million rubles", unit.strip(" ,()"))
        elif unit:
            rd_b = rd_b.replace(", млн руб.", "") + unit
        fill = [""] * (len(years) - 1)
        header = [["Кластер", rd_b, *fill, va_b, *fill, "note"],
                  ["", *map(str, years), *map(str, years), ""]]
    scale = UNITS[unit]
    body = []
    for k, n in enumerate(names):
        rd = [values[n, y][0] for y in years]
        va = [values[n, y][1] for y in years]
        body.append([n, *("" if a is None else _scaled(a, scale, d["decimal"]) for a in rd),
                     *("" if a is None else _text(a, d["decimal"], "") for a in va),
                     f"n{k}" if k % 2 else ""])
    title = [["Показатели кластеров (SYNTHETIC), млн руб."]] if d["title"] else []
    if d["xlsx"]:
        book = openpyxl.Workbook()
        for row in title + header + body:
            book.active.append([c if c != "" else None for c in row])
        path = path.with_suffix(".xlsx")
        book.save(path)
        return path
    out = io.StringIO()
    writer = csv.writer(out, delimiter=d["delimiter"], lineterminator="\n")
    writer.writerows(title + header + body)
    path.write_bytes(out.getvalue().encode(d["encoding"]))
    return path


def _scaled(amount, scale, decimal):
    """The amount in the header's unit, written exactly (thousands: three more decimals)."""
    digits, places = amount
    if scale == 1000:
        shifted = (digits, places - 3) if places >= 3 else (digits * 10 ** (3 - places), 0)
        return _text(shifted, decimal, "")
    if scale == 0.001:
        return _text((digits, places + 3), decimal, "")
    return _text(amount, decimal, "")


@pytest.mark.slow  # 50 tables written and read back
@pytest.mark.filterwarnings("ignore::ecosystems.DataWarning")
@FAST
@given(table=wide_tables(), dialect=WIDE_DIALECTS)
def test_wide_layouts_load_back_the_same_values(tmp_path, table, dialect):
    """The wide and Table 3 layouts, with units and titles, read as the long table they hold."""
    names, years, values = table
    path = _write_wide(tmp_path / "wide.csv", table, dialect)
    df, report = load_indicators(path, report=True)
    rows = [(n, y) for n in names for y in years]
    expected = pd.DataFrame({
        "cluster": [n for n, _ in rows],
        "year": np.array([y for _, y in rows], dtype="int64"),
        "rd_per_employee": [_value(values[r][0]) for r in rows],
        "value_added_per_employee": [_value(values[r][1]) for r in rows],
        "note": [f"n{names.index(n)}" if names.index(n) % 2 else np.nan for n, _ in rows],
    })
    assert_frame_equal(df, expected, check_dtype=False, rtol=0, atol=0)
    assert report.layout == dialect["layout"]
    assert report.records == len(rows)
    assert report.data_rows == len(names)
    assert any(why == "above the header" for _, why, _ in report.skipped) == dialect["title"]


@FAST
@given(data=st.binary(max_size=300))
def test_any_bytes_give_a_table_or_a_data_error(tmp_path, data):
    path = tmp_path / "any.csv"
    path.write_bytes(data)
    try:
        read_table(path, INDICATOR_COLUMNS)
    except DataError as err:
        assert str(err).startswith(str(path.resolve())) or "any.csv" in str(err)


@FAST
@given(text=st.text(max_size=200))
def test_any_text_gives_a_table_or_a_data_error(tmp_path, text):
    path = tmp_path / "any.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    try:
        load_indicators(path)
    except DataError as err:
        assert "any.csv" in str(err)


def test_read_table_with_own_columns_single_key_and_messages(tmp_path):
    from ecosystems import Column

    p = write(tmp_path, "Год;Индекс, %\n2021;8,39\n2022;−1,5\n2022;3\n")
    columns = (Column("year", "year", aliases=("год",)),
               Column("cpi", "number", "percent", aliases=("индекс, %",)))
    with pytest.raises(DataError) as err:
        read_table(p, columns, key=("year",), what="year")
    assert str(err.value).endswith("line 4: year 2022 twice (first on line 3); "
                                   "expected one row per year")
    df = read_table(write(tmp_path, "Год;Индекс, %\n2021;8,39\n2022;−1,5\n"), columns)
    assert df["cpi"].tolist() == [8.39, -1.5]  # "number" columns may be negative


def test_one_problem_per_cell(tmp_path):
    p = write(tmp_path, HEADER + "A,20201.5,0.1,1\n")
    message = str(pytest.raises(DataError, load_indicators, p).value)
    assert message.count("\n") == 0 and "'20201.5' is not a whole number" in message


@pytest.mark.parametrize("data", [
    b"\xff\xfe" + "cluster,year\n".encode("utf-16-le") + b"\x00",  # odd length after a BOM
    b"\xff\xfe\x00\xd8",  # lone surrogate
    b"PK\x03\x04not really a zip",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # old .xls
])
def test_damaged_or_foreign_files_give_data_errors(tmp_path, data):
    p = tmp_path / "f.csv"
    p.write_bytes(data)
    with pytest.raises(DataError, match="f.csv: "):
        load_indicators(p)


def test_a_title_with_a_comma_over_a_short_semicolon_table(tmp_path):
    """Found by the round trip above: a title, a header and one row, each split in two by their
    commas, outnumbered the two lines of four ';' fields; the delimiter is ';'."""
    path = tmp_path / "short.csv"
    path.write_text("Показатели кластеров (SYNTHETIC), млн руб.\n"
                    "Кластер;НИОКР на одного работника, 1990;Добавленная стоимость 1990;note\n"
                    "0;;0,1;\n", encoding="utf-8")
    with pytest.warns(DataWarning, match="above the header"):
        df = load_indicators(path)
    expected = pd.DataFrame({"cluster": ["0"], "year": np.array([1990], dtype="int64"),
                             "rd_per_employee": [np.nan], "value_added_per_employee": [0.1],
                             "note": [np.nan]})
    assert_frame_equal(df, expected, check_dtype=False)
