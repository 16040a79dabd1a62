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
        ({"innovation": (0.3, 0.1)}, "strictly increasing"),
        ({"innovation": (0.1, 0.1)}, "strictly increasing"),
        ({"productivity": (-1.0, 4.0)}, "negative"),
        ({"productivity": (2.0, math.inf)}, "not finite"),
        ({"innovation": (math.nan, 0.3)}, "not finite"),
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
def test_accepts_any_increasing_pair(a, b):
    lo, hi = sorted((a, b))
    if lo == hi:
        with pytest.raises(ValueError):
            Thresholds(innovation=(lo, hi))
    else:
        assert Thresholds(innovation=(lo, hi)).innovation == (lo, hi)
