import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from ecosystems import (
    classify,
    development_dysfunctions,
    load_indicators,
    table3_wide,
    transition_matrix,
    transitions,
    type_counts,
    type_slugs,
)


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


def shifted_transitions(classified):
    """The transitions by pandas' groupby-shift, cluster by cluster: the reference."""
    cols = ["cluster", "year", "ecosystem_type", "innovation_level", "productivity_level"]
    d = classified[cols].sort_values(["cluster", "year"], kind="stable")
    prev = d.groupby("cluster", sort=False).shift(1)
    prev_year = d.groupby("cluster", sort=False)["year"].shift(1)
    cur_t, prev_t = d["ecosystem_type"].astype(object), prev["ecosystem_type"].astype(object)
    changed = (prev_year == d["year"] - 1) & cur_t.notna() & prev_t.notna() & (cur_t != prev_t)
    inn = d["innovation_level"].astype(object) != prev["innovation_level"].astype(object)
    prod = d["productivity_level"].astype(object) != prev["productivity_level"].astype(object)
    axis = np.where(inn & prod, "both", np.where(inn, "innovation", "productivity"))
    out = pd.DataFrame({"cluster": d["cluster"], "from_year": prev_year.astype("Int64"),
                        "to_year": d["year"], "from_type": prev_t, "to_type": cur_t,
                        "axis": pd.Series(axis, index=d.index, dtype="str")})[changed.to_numpy()]
    first = {c: i for i, c in enumerate(pd.unique(classified["cluster"]))}
    out = out.sort_values(["cluster", "to_year"], kind="stable",
                          key=lambda s: s.map(first) if s.name == "cluster" else s)
    return out.reset_index(drop=True)


@pytest.mark.slow  # 150 tables against the reference
@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), st.integers(2018, 2023),
                          st.sampled_from([0.05, 0.2, 0.5, np.nan]),
                          st.sampled_from([1.0, 3.0, 5.0, np.nan])), max_size=30))
def test_transitions_equal_a_groupby_shift_per_cluster(rows):
    """Any order, gaps, repeated years, missing values: the same rows in the same order."""
    data = pd.DataFrame(rows, columns=["cluster", "year", "rd_per_employee",
                                       "value_added_per_employee"])
    classified = classify(data.astype({"cluster": "str", "year": "int64"}))
    assert_frame_equal(transitions(classified), shifted_transitions(classified))


def test_transition_matrix_counts_consecutive_pairs():
    m = transition_matrix(classify(tiny()))
    assert list(m.index) == type_slugs() and list(m.columns) == type_slugs()
    assert (m.index.name, m.columns.name) == ("from_type", "to_type")
    expected = pd.DataFrame(0, index=m.index, columns=m.columns)
    expected.loc["traditional_production", "growth"] = 1
    expected.loc["growth", "new_models_transition"] = 1
    assert_frame_equal(m, expected, check_names=False)


def test_transition_matrix_stays_on_the_diagonal():
    df = pd.concat([tiny(), pd.DataFrame({
        "cluster": ["C", "C"], "year": [2020, 2021],
        "rd_per_employee": [0.0, 0.01], "value_added_per_employee": [0.0, 0.5]})])
    classified = classify(df)
    m = transition_matrix(classified)
    assert m.loc["traditional_production", "traditional_production"] == 1
    changes = transition_matrix(classified, include_stays=False)
    assert int(changes.to_numpy().trace()) == 0
    assert int(changes.to_numpy().sum()) == len(transitions(classified))


def test_transition_matrix_of_table3_agrees_with_transitions():
    classified = classify(load_indicators())
    m = transition_matrix(classified)
    # 9 clusters x 3 consecutive pairs, none missing
    assert int(m.to_numpy().sum()) == 27
    off = m.to_numpy().sum() - m.to_numpy().trace()
    assert off == len(transitions(classified))
    for row in transitions(classified).itertuples():
        assert m.loc[row.from_type, row.to_type] >= 1


def test_development_dysfunctions_flags_the_two_corners():
    df = pd.DataFrame({
        "cluster": list("ABCD"), "year": [2020] * 4,
        "rd_per_employee": [0.5, 0.01, 0.5, 0.2],
        "value_added_per_employee": [1.0, 5.0, 5.0, 3.0],
    })
    out = development_dysfunctions(classify(df))
    assert out["dysfunction"].tolist() == ["commercialization", "extensive_growth", None, None]
    assert list(out.columns[:4]) == list(df.columns)


def test_dysfunction_flags_match_levels_on_table3():
    for cuts in (None, {"innovation": [0.01, 0.05], "productivity": [0.5, 1.0]}):
        out = development_dysfunctions(classify(load_indicators(), cuts))
        inn, prod = out["innovation_level"], out["productivity_level"]
        expect = ((inn == "high") & (prod == "low")) | ((inn == "low") & (prod == "high"))
        assert (out["dysfunction"].notna() == expect).all()
