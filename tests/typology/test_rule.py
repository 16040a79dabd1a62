import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from ecosystems import (
    Thresholds,
    classify,
    dysfunction_types,
    level_codes,
    load_indicators,
    type_grid,
    type_slugs,
)

SLUGS = [
    "traditional_production", "adaptation", "sustainability",
    "improvement", "growth", "development",
    "experimentation", "new_models_transition", "leadership_breakthrough",
]


def test_slugs_in_table1_order():
    assert type_slugs() == SLUGS
    assert type_grid()[0, 0] == "traditional_production"
    assert type_grid()[2, 1] == "new_models_transition"


@pytest.mark.parametrize(
    "value, expected",
    [(0.0, 0), (0.0999, 0), (0.1, 1), (0.2, 1), (0.3, 1), (0.3001, 2), (np.nan, -1)],
)
def test_boundary_rule(value, expected):
    # low < 0.1 <= medium <= 0.3 < high
    assert level_codes([value], 0.1, 0.3)[0] == expected


def test_every_cell_of_the_grid():
    rd = [0.05, 0.05, 0.05, 0.2, 0.2, 0.2, 0.5, 0.5, 0.5]
    va = [1.0, 3.0, 5.0] * 3
    out = classify(pd.DataFrame({"rd_per_employee": rd, "value_added_per_employee": va}))
    assert out["ecosystem_type"].astype(str).tolist() == SLUGS
    levels = ["low"] * 3 + ["medium"] * 3 + ["high"] * 3
    assert out["innovation_level"].astype(str).tolist() == levels


def test_missing_values_give_missing_type_not_error():
    df = pd.DataFrame({"rd_per_employee": [np.nan, 0.2], "value_added_per_employee": [1.0, np.nan]})
    out = classify(df)
    assert out["ecosystem_type"].isna().all()
    assert out["innovation_level"].isna().tolist() == [True, False]
    assert out["productivity_level"].isna().tolist() == [False, True]


def test_keeps_other_columns_and_does_not_mutate():
    df = pd.DataFrame({"rd_per_employee": [0.2], "value_added_per_employee": [3.0], "extra": ["x"]})
    before = df.copy()
    out = classify(df)
    assert_frame_equal(df, before)
    assert_frame_equal(out[df.columns], df)
    assert out.loc[0, "ecosystem_type"] == "growth"


def test_missing_column_is_named():
    with pytest.raises(KeyError, match="value_added_per_employee"):
        classify(pd.DataFrame({"rd_per_employee": [0.1]}))


def test_table3_classification():
    out = classify(load_indicators())
    counts = out.groupby("year")["ecosystem_type"].value_counts().unstack(fill_value=0)
    # Computed from data/table3.csv under the paper's thresholds.
    assert counts.loc[2021, "traditional_production"] == 7
    assert counts.loc[2020, "improvement"] == 2
    transport = out[out["cluster"].str.startswith('"Transport')]
    assert transport["ecosystem_type"].astype(str).tolist() == [
        "adaptation", "traditional_production", "adaptation", "adaptation"
    ]
    assert not (out["ecosystem_type"] == "leadership_breakthrough").any()


def test_thresholds_change_the_result():
    df = pd.DataFrame({"rd_per_employee": [0.15], "value_added_per_employee": [1.0]})
    assert classify(df)["ecosystem_type"].iloc[0] == "improvement"
    out = classify(df, Thresholds(innovation=(0.2, 0.3)))
    assert out["ecosystem_type"].iloc[0] == "traditional_production"


finite = st.floats(0, 10, allow_nan=False)


@settings(deadline=None)  # the shared build machine is loaded: no per-example time limit
@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=30), finite, finite, finite, finite)
def test_matches_a_scalar_reading_of_the_rule(rows, a, b, c, d):
    (i_lo, i_hi), (p_lo, p_hi) = sorted((a, b)), sorted((c, d))
    if i_lo == i_hi or p_lo == p_hi:
        return
    t = Thresholds(innovation=(i_lo, i_hi), productivity=(p_lo, p_hi))
    df = pd.DataFrame(rows, columns=["rd_per_employee", "value_added_per_employee"])
    out = classify(df, t)

    def level(x, lo, hi):
        return 0 if x < lo else (1 if x <= hi else 2)

    expected = [type_grid()[level(r, i_lo, i_hi), level(v, p_lo, p_hi)] for r, v in rows]
    assert out["ecosystem_type"].astype(str).tolist() == expected


def test_dysfunction_types_are_the_off_diagonal_corners():
    grid = type_grid()
    assert dysfunction_types() == {grid[2, 0]: "commercialization", grid[0, 2]: "extensive_growth"}
