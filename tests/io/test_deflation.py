import pandas as pd
import pytest

import ecosystems as eco
from ecosystems.errors import DataError
from ecosystems.io import deflation


def test_hand_computed_deflation(tmp_path):
    # 10% in 2021 and 20% in 2022: the 2022 price level is 1.1 * 1.2 = 1.32 of 2020's,
    # and 2019 is 1 / 1.05 of 2020 when 2020 grew 5%.
    table = pd.DataFrame({"year": [2020, 2021, 2022], "series": "mine",
                          "percent_change": [5.0, 10.0, 20.0]})
    index = deflation.price_index(table, "mine", base_year=2020)
    assert index.loc[2020] == 1.0
    assert index.loc[2021] == pytest.approx(1.1)
    assert index.loc[2022] == pytest.approx(1.32)
    assert index.loc[2019] == pytest.approx(1 / 1.05)
    data = pd.DataFrame({"cluster": "c", "year": [2020, 2021, 2022],
                         "rd_per_employee": [0.1, 0.11, 0.132],
                         "value_added_per_employee": [2.0, 2.2, 2.64]})
    real = deflation.deflate(data, index)
    assert real["rd_per_employee"].tolist() == pytest.approx([0.1, 0.1, 0.1])
    assert real["value_added_per_employee"].tolist() == pytest.approx([2.0, 2.0, 2.0])
    assert data["rd_per_employee"].tolist() == [0.1, 0.11, 0.132]  # input untouched


def test_shipped_cpi_series_links_2023_to_2020():
    index = deflation.price_index(deflation.load_deflators(), "cpi_dec_dec", 2020)
    assert index.loc[2023] == pytest.approx(1.0839 * 1.1194 * 1.0742)


def test_errors_name_the_problem(tmp_path):
    table = pd.DataFrame({"year": [2021], "series": "s", "percent_change": [3.0]})
    assert deflation.price_index(table, "s", base_year=2019).index.tolist() == [2019]
    with pytest.raises(KeyError, match="no deflator series 'x'"):
        deflation.price_index(table, "x")
    with pytest.raises(KeyError, match=r"no value for year\(s\) \[2022, 2023\]"):
        deflation.deflate(eco.load_indicators(), deflation.price_index(table, "s", 2020))
    bad = tmp_path / "d.csv"
    bad.write_text("year,series,percent_change\n2021,s,abc\n")
    with pytest.raises(DataError, match="line 2, column 'percent_change'"):
        deflation.load_deflators(bad)
    empty = tmp_path / "e.csv"
    empty.write_text("year;series;percent_change\r\n2021;s;1,5\r\n2022;s;\r\n")
    with pytest.raises(DataError, match="line 3, column 'percent_change': the cell is empty"):
        deflation.load_deflators(empty)
    twice = tmp_path / "t.csv"
    twice.write_text("year,series,percent_change\n2021,s,1\n2021,s,2\n")
    with pytest.raises(DataError, match="line 3: series 's' has year 2021 twice"):
        deflation.load_deflators(twice)


def test_shipped_rosstat_series_link_2023_to_2020():
    table = deflation.load_deflators()
    gdp = deflation.price_index(table, "gdp_deflator", 2020)
    manufacturing = deflation.price_index(table, "gva_deflator_manufacturing", 2020)
    assert gdp.loc[2023] == pytest.approx(1.182 * 1.182 * 1.067)
    assert manufacturing.loc[2023] == pytest.approx(1.159 * 1.191 * 1.017)
    # every row says where it comes from
    assert (table["source"].str.len() > 40).all() and (table["vintage"] != "").all()


def test_deflator_series_choices():
    both = deflation.deflator_series("s")
    assert both == {"rd_per_employee": "s", "value_added_per_employee": "s"}
    assert deflation.deflator_series(None) == {"rd_per_employee": None,
                                               "value_added_per_employee": None}
    per = deflation.deflator_series({"rd_per_employee": "a", "value_added_per_employee": None})
    assert per == {"rd_per_employee": "a", "value_added_per_employee": None}
    with pytest.raises(ValueError, match=r"missing \['value_added_per_employee'\]"):
        deflation.deflator_series({"rd_per_employee": "a"})
    with pytest.raises(ValueError, match=r"unknown \['rd'\]"):
        deflation.deflator_series({"rd": "a", "rd_per_employee": "a",
                                   "value_added_per_employee": "b"})
    with pytest.raises(TypeError, match="series name or a mapping"):
        deflation.deflator_series(3)
    assert deflation.deflator_label("s") == "s"
    assert deflation.deflator_label({"rd_per_employee": "a", "value_added_per_employee": "b"}) \
        == "R&D a, value added b"
    assert deflation.deflator_label(None) == "nominal"


def test_each_indicator_by_its_own_series():
    # R&D by 'a' (+10% in 2021), value added by 'b' (+25%); None keeps an indicator nominal
    table = pd.DataFrame({"year": [2021, 2021], "series": ["a", "b"],
                          "percent_change": [10.0, 25.0]})
    data = pd.DataFrame({"cluster": "c", "year": [2020, 2021], "rd_per_employee": [0.1, 0.11],
                         "value_added_per_employee": [2.0, 2.5]})
    real = deflation.deflate_by(data, table, {"rd_per_employee": "a",
                                              "value_added_per_employee": "b"})
    assert real["rd_per_employee"].tolist() == pytest.approx([0.1, 0.1])
    assert real["value_added_per_employee"].tolist() == pytest.approx([2.0, 2.0])
    nominal_va = deflation.deflate_by(data, table, {"rd_per_employee": "a",
                                                    "value_added_per_employee": None})
    assert nominal_va["value_added_per_employee"].tolist() == [2.0, 2.5]
    with pytest.raises(KeyError, match="no deflator series 'z'"):
        deflation.deflate_by(data, table, {"rd_per_employee": "z",
                                           "value_added_per_employee": "b"})
