"""The long, wide and Table 3 layouts, by detection or by ``layout=``, and ``eco.to_long``."""

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import ecosystems as eco
from ecosystems import DataError, load_indicators

# The header of the paper's Table 3 exactly as printed (tab-separated in the paper's text),
# with its four "2020" above the R&D block.
TABLE3_TOP = ["Cluster (industrial ecosystem)",
              "Participants and cluster infrastructure expenses volume on scientific research "
              "and development, million rubles, per one cluster employee", "", "", "",
              "Added value created by industrial cluster participants, million rubles, per "
              "cluster employee", "", "", ""]
TABLE3_YEARS = ["", "2020", "2020", "2020", "2020", "2020", "2021", "2022", "2023"]


def paper_layout(table3: pd.DataFrame) -> str:
    """Table 3 laid out as the paper prints it: decimal commas, tabs, the misprinted years."""
    lines = ["\t".join(TABLE3_TOP), "\t".join(TABLE3_YEARS)]
    for name, group in table3.groupby("cluster", sort=False):
        cells = [f"{v:.3f}".replace(".", ",") for v in (*group["rd_per_employee"],
                                                         *group["value_added_per_employee"])]
        lines.append("\t".join([name, *cells]))
    return "\n".join(lines) + "\n"


def test_the_papers_own_layout_reads_as_data_table3(tmp_path, table3):
    path = tmp_path / "table3_as_printed.txt"
    path.write_text(paper_layout(table3), encoding="utf-8")
    df, report = load_indicators(path, report=True)
    assert_frame_equal(df, table3)
    assert report.layout == "table3" and report.header == "lines 1-2"
    assert report.notes[0] == ("line 5", (
        "quotes do not follow CSV quoting (a quoted value goes on after its closing quote); "
        "every quote in the file is read as written, as part of its value"))
    assert report.notes[1:] == [("lines 1-2", (
        "the block 'Participants and cluster infrastructure expense…' heads all 4 columns 2020 "
        "(columns 2-5), as the paper's Table 3 misprints its R&D block; read as 2020, 2021, "
        "2022, 2023 like the block of value_added_per_employee (the correction of "
        "data/table3.csv, data/README.md)"))]
    with pytest.warns(eco.DataWarning, match="misprints its R&D block"):
        load_indicators(path)


def test_explicit_layouts(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text("Кластер,НИОКР 2020,Добавленная стоимость 2020\nA,0.1,2\n", encoding="utf-8")
    assert load_indicators(wide, layout="wide")["year"].tolist() == [2020]
    with pytest.raises(DataError) as err:
        load_indicators(wide, layout="long")
    assert str(err.value).startswith(f"{wide}, line 1: required column(s) ['year', "
                                     "'rd_per_employee', 'value_added_per_employee'] missing")
    with pytest.raises(DataError) as err:
        load_indicators(wide, layout="table3")
    assert str(err.value) == (
        f"{wide}, lines 1-2: not a Table 3 header: expected the cluster's column and a block "
        "for each of ['rd_per_employee', 'value_added_per_employee'] (a name above a row of "
        "years); found ['Кластер', 'НИОКР 2020', 'Добавленная стоимость 2020'] above ['A', "
        "'0.1', '2']")
    with pytest.raises(ValueError, match="layout must be one of"):
        load_indicators(wide, layout="pivot")


def test_wide_keeps_extra_columns_per_cluster_and_notes_missing_years(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("Кластер;Регион;НИОКР 2021;НИОКР 2022;Добавленная стоимость 2022\n"
                    "А;Север;0,1;0,2;3\n", encoding="utf-8")
    df, report = load_indicators(path, report=True)
    assert df.columns.tolist() == ["cluster", "year", "rd_per_employee",
                                   "value_added_per_employee", "Регион"]
    assert df["Регион"].tolist() == ["Север", "Север"]
    assert df["value_added_per_employee"].isna().tolist() == [True, False]
    assert report.notes == [("line 1", "value_added_per_employee has no column for [2021]: "
                                       "missing (empty) in every row")]


def test_cell_errors_in_wide_layouts_name_the_header_as_written(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("Кластер,R&D 2021,Value added 2021\nA,n/a,2\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_indicators(path)
    assert str(err.value) == (
        f"{path}, line 2, column 'R&D 2021' (rd_per_employee): value 'n/a' is not a number; "
        "expected a non-negative finite number (million rubles per employee), or an empty cell "
        "if unknown")


def test_to_long_reads_wide_multiindex_and_long_frames(table3):
    wide = table3.pivot(index="cluster", columns="year")
    wide = wide.loc[table3["cluster"].unique()]  # the file's order
    wide.columns = wide.columns.set_levels(["НИОКР", "Добавленная стоимость"], level=0)
    assert_frame_equal(eco.to_long(wide), table3)
    flat = wide.copy()
    flat.columns = [f"{a} {y}" for a, y in wide.columns]
    assert_frame_equal(eco.to_long(flat), table3)
    renamed = table3.rename(columns={"cluster": "Кластер", "year": "Год"})
    assert_frame_equal(eco.to_long(renamed), table3)


def test_to_long_names_the_row_by_position():
    wide = pd.DataFrame({"Кластер": ["A", "B"], "НИОКР 2020": [0.1, -1.0],
                         "Добавленная стоимость 2020": [2.0, 1.0]})
    with pytest.raises(DataError) as err:
        eco.to_long(wide)
    assert str(err.value) == (
        "table, row 1, column 'НИОКР 2020' (rd_per_employee): value '-1.0' is negative; "
        "expected a non-negative finite number (million rubles per employee), or an empty cell "
        "if unknown")
