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
