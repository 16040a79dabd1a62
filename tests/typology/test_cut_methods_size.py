"""Natural breaks at size: above LIBRARY_MAX_VALUES the exact least-squares split, the same
optimum the libraries find."""

import numpy as np
import pytest

from ecosystems.typology import cut_methods


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_exact_split_is_the_libraries_optimum(seed, monkeypatch):
    values = np.random.default_rng(seed).lognormal(0.0, 1.0, 300).round(3)
    library = {m: cut_methods.METHODS[m].bounds(values) for m in ("fisher_jenks", "jenks")}
    monkeypatch.setattr(cut_methods, "LIBRARY_MAX_VALUES", 100)  # the switch at 300 values
    for method, bounds in library.items():
        assert cut_methods.METHODS[method].bounds(values) == pytest.approx(bounds, abs=0)
        assert bounds == cut_methods.KMeans().bounds(values)


def test_large_tables_do_not_reach_the_libraries(monkeypatch):
    import jenkspy
    import mapclassify

    def refuse(*args, **kwargs):
        raise AssertionError("the O(n^2) library was called")

    monkeypatch.setattr(mapclassify, "FisherJenks", refuse)
    monkeypatch.setattr(jenkspy, "jenks_breaks", refuse)
    values = np.random.default_rng(5).lognormal(0.0, 1.0, cut_methods.LIBRARY_MAX_VALUES + 1)
    expected = cut_methods.KMeans().bounds(values)
    assert cut_methods.FisherJenks().bounds(values) == expected
    assert cut_methods.Jenks().bounds(values) == expected
