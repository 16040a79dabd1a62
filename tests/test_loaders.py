import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from ecosystems import DataError, load_indicators

HEADER = "cluster,year,rd_per_employee,value_added_per_employee\n"


def write(tmp_path, text, name="t.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_table3_shape_and_types():
    df = load_indicators()
    assert df.shape == (36, 4)
    assert df["cluster"].nunique() == 9
    assert sorted(df["year"].unique()) == [2020, 2021, 2022, 2023]
    assert df["year"].dtype.kind == "i"
    assert df["rd_per_employee"].dtype == float


def test_round_trip_and_extra_columns(tmp_path):
    p = write(tmp_path, "cluster,year,rd_per_employee,value_added_per_employee,region\n"
                        "A,2020,0.1,2.5,North\nA,2021,,3.0,North\n")
    df = load_indicators(p)
    expected = pd.DataFrame({
        "cluster": ["A", "A"], "year": [2020, 2021], "rd_per_employee": [0.1, float("nan")],
        "value_added_per_employee": [2.5, 3.0], "region": ["North", "North"],
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
