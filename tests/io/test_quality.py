import math

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from ecosystems import classify, data_quality, load_indicators, suspect_zeros_as_missing


def frame(rows):
    return pd.DataFrame(rows, columns=["cluster", "year", "rd_per_employee",
                                       "value_added_per_employee"])


def test_findings_on_a_small_table():
    df = frame([
        ("B", 2021, 0.1, 1.0),
        ("A", 2020, np.nan, 2.0),
        ("A", 2021, 0.0, 0.0),
        ("A", 2022, 0.05, 0.5),
        ("B", 2022, 0.35, 1.5),   # R&D 3.5-fold rise
        ("B", 2024, 1.5, 1.5),    # 2023 absent: not consecutive, no jump reported
    ])
    found = data_quality(df)
    assert found[["cluster", "year", "column", "finding"]].values.tolist() == [
        ["B", 2022, "rd_per_employee", "jump"],
        ["A", 2020, "rd_per_employee", "missing"],
        ["A", 2021, "rd_per_employee", "zero"],
        ["A", 2021, "value_added_per_employee", "suspect_zero"],
    ]
    jump = found.iloc[0]
    assert jump["value"] == 0.35 and jump["previous_value"] == 0.1
    assert jump["note"] == "3.5-fold rise from the previous year"


def test_jump_parameter_and_falls():
    df = frame([("A", 2020, 0.1, 4.0), ("A", 2021, 0.1, 1.9)])
    assert data_quality(df)["finding"].tolist() == []
    found = data_quality(df, jump=2.0)
    assert found["finding"].tolist() == ["jump"]
    assert found["note"].item() == "2.1-fold fall from the previous year"
    with pytest.raises(ValueError, match="greater than 1"):
        data_quality(df, jump=0.5)


def test_nothing_to_report_gives_empty_table_with_columns():
    found = data_quality(frame([("A", 2020, 0.1, 1.0)]))
    assert found.empty
    assert found.columns.tolist() == ["cluster", "year", "column", "finding", "value",
                                      "previous_value", "note"]


def test_table3_suspect_zeros_are_the_value_added_zeros_the_issue_names():
    found = data_quality(load_indicators())
    suspect = found[found["finding"] == "suspect_zero"]
    assert [(c.split()[0], y) for c, y in zip(suspect["cluster"], suspect["year"], strict=True)] \
        == [("Pskov", 2022), ("Pskov", 2023), ("Volga", 2020)]
    assert not found["finding"].eq("missing").any()


def test_suspect_zeros_as_missing_changes_only_those_cells():
    df = load_indicators()
    treated = suspect_zeros_as_missing(df)
    changed = (df != treated) & ~(df.isna() & treated.isna())
    assert changed.sum().to_dict() == {"cluster": 0, "year": 0, "rd_per_employee": 0,
                                       "value_added_per_employee": 3}
    assert df["value_added_per_employee"].eq(0).sum() == 3  # the input is left alone
    kinds = classify(treated)["ecosystem_type"]
    assert kinds.isna().sum() == 3
    assert_frame_equal(suspect_zeros_as_missing(df, columns=()), df)
    assert math.isnan(treated.loc[(df["value_added_per_employee"] == 0).idxmax(),
                                  "value_added_per_employee"])
