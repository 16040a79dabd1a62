import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecosystems import Thresholds


def test_defaults_are_the_papers():
    t = Thresholds()
    assert t.innovation == (0.1, 0.3)
    assert t.productivity == (2.0, 4.0)


def test_frozen():
    with pytest.raises(AttributeError):
        Thresholds().innovation = (0.2, 0.4)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"innovation": (0.3, 0.1)}, "innovation_lower 0.3 is above innovation_upper 0.1"),
        ({"productivity": (-1.0, 4.0)}, "negative"),
        ({"productivity": (2.0, math.inf)}, "productivity_upper inf is not a finite"),
        ({"innovation": (math.nan, 0.3)}, "innovation_lower nan is not a finite"),
        ({"innovation": (0.1,)}, "two numbers"),
        ({"innovation": ("a", 0.3)}, "two numbers"),
    ],
)
def test_rejects_bad_cut_points(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Thresholds(**kwargs)


def test_from_any():
    assert Thresholds.from_any(None) == Thresholds()
    t = Thresholds.from_any({"innovation": [0.05, 0.2]})
    assert t == Thresholds(innovation=(0.05, 0.2))
    assert Thresholds.from_any(t) is t
    assert Thresholds.from_any(t.as_dict()) == t
    with pytest.raises(ValueError, match="unknown threshold key"):
        Thresholds.from_any({"inovation": [0.1, 0.3]})


@given(st.floats(0, 1e6), st.floats(0, 1e6))
def test_accepts_any_ordered_pair_and_refuses_the_reverse(a, b):
    lo, hi = sorted((a, b))
    assert Thresholds(innovation=(lo, hi)).innovation == (lo, hi)  # equal cuts included
    assert Thresholds(innovation=(lo, hi)).as_array().tolist() == [lo, hi, 2.0, 4.0]
    if lo < hi:
        with pytest.raises(ValueError, match="is above"):
            Thresholds(productivity=(hi, lo))


def test_one_rule_for_one_set_and_for_arrays():
    import numpy as np

    from ecosystems import threshold_array

    for bad in ([0.3, 0.1, 2, 4], [0.1, 0.3, -1, 4], [0.1, 0.3, 2, np.nan]):
        with pytest.raises(ValueError) as one:
            Thresholds.from_any(bad)
        with pytest.raises(ValueError) as many:
            threshold_array([bad])
        assert str(one.value).split(": ", 1)[1] == str(many.value).split(": ", 1)[1]
    assert Thresholds.from_any([0.2, 0.2, 3, 3]) == Thresholds((0.2, 0.2), (3, 3))
