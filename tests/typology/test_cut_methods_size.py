"""Natural breaks at size: above LIBRARY_MAX_VALUES kmeans1d finds Fisher-Jenks' optimum.

Checked against what does not share its code: mapclassify's Fisher-Jenks itself, and a
brute force over every pair of split positions (prefix sums, NumPy).
"""

import mapclassify
import numpy as np
import pytest

from ecosystems.typology import cut_methods


def least_squares_bounds(values):
    """Bounds of the split of the sorted values with the least within-class sum of squares."""
    v = np.sort(values)
    s1, s2 = (np.concatenate([[0.0], np.cumsum(p)]) for p in (v, v * v))

    def cost(a, b):
        return s2[b] - s2[a] - (s1[b] - s1[a]) ** 2 / (b - a)

    i, j = np.triu_indices(v.size, 1)
    i, j = i[i >= 1], j[i >= 1]
    total = cost(0, i) + cost(i, j) + cost(j, v.size)
    k = int(np.argmin(total))
    return float(v[i[k] - 1]), float(v[j[k] - 1])


@pytest.mark.filterwarnings("ignore:Numba not installed")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_above_the_switch_the_optimum_is_mapclassifys(seed, monkeypatch):
    values = np.random.default_rng(seed).lognormal(0.0, 1.0, 300).round(3)
    bins = mapclassify.FisherJenks(values, k=3).bins
    monkeypatch.setattr(cut_methods, "LIBRARY_MAX_VALUES", 100)  # kmeans1d at 300 values
    assert cut_methods.FisherJenks().bounds(values) == (float(bins[0]), float(bins[1]))


def test_large_tables_do_not_reach_mapclassify_and_get_the_optimum(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("mapclassify's O(n^2) Fisher-Jenks was called")

    monkeypatch.setattr(mapclassify, "FisherJenks", refuse)
    values = np.random.default_rng(5).lognormal(0.0, 1.0, cut_methods.LIBRARY_MAX_VALUES + 1)
    assert cut_methods.FisherJenks().bounds(values) == least_squares_bounds(values)
