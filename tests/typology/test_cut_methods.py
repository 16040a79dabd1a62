import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import ecosystems as eco
from ecosystems.analysis.parameters import check_parameters
from ecosystems.typology.cut_methods import METHODS, FisherJenks, paper_cuts


def brute_force_split(values):
    """The least within-class sum of squares over every pair of split positions."""
    v = np.sort(np.asarray(values, dtype=float))
    best = None
    for i, j in itertools.combinations(range(1, len(v)), 2):
        cost = sum(((part - part.mean()) ** 2).sum() for part in (v[:i], v[i:j], v[j:]))
        if best is None or cost < best[0] - 1e-12:
            best = (cost, v[i - 1], v[j - 1])
    return best


def split_cost(values, bounds):
    v = np.sort(np.asarray(values, dtype=float))
    i, j = np.searchsorted(v, bounds[0], side="right"), np.searchsorted(v, bounds[1], side="right")
    return sum(((part - part.mean()) ** 2).sum() for part in (v[:i], v[i:j], v[j:]))


def test_tertiles_split_into_thirds(table3):
    codes, cuts = eco.alternative_classification(table3, "tertiles")
    inn = cuts.set_index("indicator").loc["rd_per_employee"]
    assert inn["low_upper"] == pytest.approx(np.quantile(table3["rd_per_employee"], 1 / 3))
    assert (codes >= 0).all()


def test_fisher_jenks_is_the_least_sum_of_squares_on_table3(table3):
    for column in ("rd_per_employee", "value_added_per_employee"):
        _cost, low, medium = brute_force_split(table3[column])
        assert FisherJenks().bounds(table3[column]) == (low, medium)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 2)),
                min_size=3, max_size=18).filter(lambda v: len(set(v)) >= 3))
def test_fisher_jenks_finds_the_least_sum_of_squares(values):
    """Jenks, Fisher and 1-D k-means: one criterion, so one brute-force reference."""
    cost = split_cost(values, FisherJenks().bounds(values))
    assert cost == pytest.approx(brute_force_split(values)[0], rel=1e-6, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.01, 0.05, 0.1, 0.12, 0.3, 0.5, 1.0]), min_size=3,
                max_size=20).filter(lambda v: len(set(v)) >= 3),
       st.sampled_from(sorted(METHODS)))
def test_paper_cuts_reproduce_each_methods_classes(values, method):
    v = np.asarray(values)
    try:
        low_upper, medium_upper = METHODS[method].bounds(v)
    except ValueError as exc:  # e.g. tertiles of values with many ties: refused, not guessed
        assert "three classes" in str(exc)
        assume(False)
    own = (v > low_upper).astype(int) + (v > medium_upper)
    lower, upper = paper_cuts(v, low_upper, medium_upper)
    assert lower <= upper
    np.testing.assert_array_equal(eco.level_codes(v, lower, upper), own)


def test_method_thresholds_classify_through_the_paper_rule(table3):
    t, bounds = eco.method_thresholds(table3, "fisher_jenks")
    codes, _ = eco.alternative_classification(table3, "fisher_jenks")
    np.testing.assert_array_equal(
        eco.type_codes(table3["rd_per_employee"], table3["value_added_per_employee"], t), codes)
    assert set(bounds) == {"rd_per_employee", "value_added_per_employee"}


def test_unknown_method_and_too_few_values(table3):
    with pytest.raises(ValueError, match="method must be one of"):
        eco.alternative_classification(table3, "median")
    with pytest.raises(ValueError, match="at least three distinct values"):
        FisherJenks().bounds([1.0, 1.0, 2.0])


@pytest.mark.parametrize("params, message", [
    ({"cut_method": "kmeans"}, "params/old.yaml: cut_method: 'kmeans' is not one of "
                               "['paper', 'explicit', 'tertiles', 'fisher_jenks', "
                               "'tertiles_per_year', 'fisher_jenks_per_year']"),
    ({"cut_method": "jenks_per_year"}, "params/old.yaml: cut_method: 'jenks_per_year' is not one"),
    ({"alternative_methods": ["tertiles", "jenks"]},
     "params/old.yaml: alternative_methods: ['tertiles', 'jenks'] has 'jenks', which is not one "
     "of ['tertiles', 'fisher_jenks']"),
])
def test_a_parameter_file_naming_a_removed_method_is_told_the_accepted_ones(params, message):
    with pytest.raises(eco.ParameterError) as info:
        check_parameters(params, "params/old.yaml")
    assert message in str(info.value)
