import pandas as pd
from pandas.testing import assert_frame_equal

from ecosystems import classify, load_indicators, table3_wide, transitions, type_counts


def tiny():
    return pd.DataFrame({
        "cluster": ["A", "A", "A", "B", "B"],
        "year": [2020, 2021, 2022, 2020, 2022],
        "rd_per_employee": [0.05, 0.2, 0.5, 0.05, 0.2],
        "value_added_per_employee": [1.0, 3.0, 3.0, 1.0, 1.0],
    })


def test_table3_wide_layout():
    wide = table3_wide(load_indicators())
    assert wide.shape == (9, 8)
    assert list(wide.columns.get_level_values("year")) == [2020, 2021, 2022, 2023] * 2
    assert wide.loc['"Kalashnikov" industrial cluster', ("rd_per_employee", 2020)] == 0.101
    flat = table3_wide(load_indicators(), flat=True)
    assert flat.columns[1] == "rd_per_employee_2020"


def test_type_counts_lists_all_types():
    counts = type_counts(classify(tiny()))
    assert len(counts) == 9
    assert counts.loc["traditional_production", 2020] == 2
    assert counts.loc["growth", 2021] == 1
    assert counts.sum().tolist() == [2, 1, 2]


def test_transitions_consecutive_years_only():
    out = transitions(classify(tiny()))
    expected = pd.DataFrame({
        "cluster": ["A", "A"],
        "from_year": pd.array([2020, 2021], dtype="Int64"),
        "to_year": [2021, 2022],
        "from_type": ["traditional_production", "growth"],
        "to_type": ["growth", "new_models_transition"],
        "axis": ["both", "innovation"],
    })
    # B has 2020 and 2022 only: the gap is not a transition.
    assert_frame_equal(out, expected, check_dtype=False)
