import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ecosystems as eco
from ecosystems.typology import dominance
from ecosystems.typology import sweeps as sw

TABLE3 = eco.load_indicators()
SLUGS = eco.type_slugs()


def classify_codes(data, cuts):
    t = eco.Thresholds(innovation=cuts[:2], productivity=cuts[2:])
    types = eco.classify(data, t)["ecosystem_type"].astype(object)
    return np.array([-1 if pd.isna(s) else SLUGS.index(s) for s in types], dtype=np.int8)


def values_from(data):
    """Data values and values just around them: cut points that hit ties exactly."""
    v = np.concatenate([data["rd_per_employee"], data["value_added_per_employee"]])
    near = np.unique(np.concatenate([v, np.nextafter(v, np.inf), np.nextafter(v, -np.inf)]))
    return near[near >= 0] + 0.0  # no negative cut points (and no -0.0)


CANDIDATES = values_from(TABLE3)


@st.composite
def threshold_sets(draw, k_max=12):
    """Valid, strictly increasing threshold sets; half of the cuts hit data values exactly."""
    k = draw(st.integers(1, k_max))
    rows = []
    for _ in range(k):
        row = []
        for _pair in range(2):
            a = draw(st.one_of(st.sampled_from(CANDIDATES.tolist()),
                               st.floats(0, 6, allow_nan=False)))
            b = draw(st.one_of(st.sampled_from(CANDIDATES.tolist()),
                               st.floats(0, 6, allow_nan=False)))
            lo, hi = sorted((a, b))
            if lo == hi:
                hi = np.nextafter(hi, np.inf)
            row += [lo, hi]
        rows.append(row)
    return np.array(rows)


@settings(max_examples=25, deadline=None)
@given(threshold_sets(k_max=6))
def test_sweep_matches_classify(cuts):
    codes = sw.sweep(TABLE3, cuts, progress=False)
    assert codes.shape == (len(cuts), len(TABLE3))
    for k, row in enumerate(cuts):
        np.testing.assert_array_equal(codes[k], classify_codes(TABLE3, row))


@settings(max_examples=25, deadline=None)
@given(threshold_sets(k_max=40), st.integers(1, 7))
def test_chunked_equals_unchunked_and_summary_methods_agree(cuts, chunk):
    whole = sw.sweep(TABLE3, cuts, chunk_size=len(cuts), progress=False)
    np.testing.assert_array_equal(sw.sweep(TABLE3, cuts, chunk_size=chunk, progress=False), whole)
    pieces = np.vstack([c.copy() for _, c in sw.iter_sweep(TABLE3, cuts, chunk_size=chunk,
                                                            progress=False)])
    np.testing.assert_array_equal(pieces, whole)
    by_count = sw.sweep_summary(TABLE3, cuts, chunk_size=chunk, method="count", progress=False)
    by_codes = sw.sweep_summary(TABLE3, cuts, chunk_size=chunk, method="codes", progress=False)
    pd.testing.assert_frame_equal(by_count, by_codes)
    # and both against the codes directly
    ref = classify_codes(TABLE3, [0.1, 0.3, 2.0, 4.0])
    expected_changed = (whole != ref).sum(axis=1)
    np.testing.assert_array_equal(by_count["changed"], expected_changed)
    for t, slug in enumerate(SLUGS):
        np.testing.assert_array_equal(by_count[slug], (whole == t).sum(axis=1))


def test_missing_values_and_equal_cuts():
    data = pd.DataFrame({"rd_per_employee": [0.1, np.nan, 0.2, 0.3],
                         "value_added_per_employee": [2.0, 1.0, np.nan, 4.0]})
    cuts = [[0.1, 0.1, 2.0, 2.0], [0.1, 0.3, 2.0, 4.0]]
    codes = sw.sweep(data, cuts, progress=False)
    assert (codes[:, 1:3] == -1).all()
    for k, row in enumerate(cuts):
        inn = eco.level_codes(data["rd_per_employee"], *row[:2])
        prod = eco.level_codes(data["value_added_per_employee"], *row[2:])
        assert codes[k, 0] == inn[0] * 3 + prod[0]
        assert codes[k, 3] == inn[3] * 3 + prod[3]
    summary = sw.sweep_summary(data, cuts, progress=False)
    assert summary["missing"].tolist() == [2, 2]
    assert summary[SLUGS].sum(axis=1).tolist() == [2, 2]
    pd.testing.assert_frame_equal(summary, sw.sweep_summary(data, cuts, method="codes",
                                                            progress=False))


def test_threshold_array_errors_name_the_set_and_cut():
    with pytest.raises(ValueError, match="threshold set 1: innovation_lower 0.5 is above"):
        eco.threshold_array([[0.1, 0.3, 2, 4], [0.5, 0.3, 2, 4]])
    with pytest.raises(ValueError, match="threshold set 0: productivity_upper inf is not a finite"):
        eco.threshold_array([[0.1, 0.3, 2, np.inf]])
    with pytest.raises(ValueError, match="K x 4"):
        eco.threshold_array([[0.1, 0.3, 2]])
    assert eco.threshold_array(eco.Thresholds()).tolist() == [[0.1, 0.3, 2.0, 4.0]]
    frame = pd.DataFrame([[0.1, 0.3, 2, 4]], columns=eco.CUT_COLUMNS)
    assert eco.threshold_array(frame).tolist() == [[0.1, 0.3, 2.0, 4.0]]


def test_summary_types_used_and_the_large_table_structure(monkeypatch):
    rng = np.random.default_rng(5)
    data = (rng.lognormal(-3, 1.5, 400), rng.lognormal(0.5, 0.8, 400))
    cuts = np.column_stack([rng.uniform(0.01, 0.1, 50), rng.uniform(0.1, 0.5, 50),
                            rng.uniform(0.5, 2, 50), rng.uniform(2, 6, 50)])
    auto = sw.sweep_summary(data, cuts, progress=False)
    monkeypatch.setattr(dominance, "FULL_TABLE_MAX", 10)  # the wavelet matrix, as for big N
    pd.testing.assert_frame_equal(sw.sweep_summary(data, cuts, progress=False), auto)
    codes = sw.sweep(data, cuts, progress=False)
    assert auto["types_used"].tolist() == [len(set(row)) for row in codes.tolist()]


@st.composite
def tables_and_sets(draw):
    """A table of N cluster-years (ties, zeros, missing values) and threshold sets on its values."""
    n = draw(st.integers(1, 300))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    decimals = draw(st.sampled_from([1, 2, 3]))  # few decimals: many ties
    rd = np.round(rng.lognormal(-3, 1.5, n), decimals)
    va = np.round(rng.lognormal(0.3, 0.8, n), decimals)
    rd[rng.random(n) < 0.05] = 0.0
    rd[rng.random(n) < draw(st.sampled_from([0.0, 0.1]))] = np.nan
    va[rng.random(n) < draw(st.sampled_from([0.0, 0.1]))] = np.nan
    k = draw(st.integers(1, 30))
    pool = [v[~np.isnan(v)] for v in (rd, va)]
    cuts = []
    for _ in range(k):
        row = []
        for values in pool:
            candidates = np.concatenate([values, rng.uniform(0, 6, 4), [0.0]])
            pair = np.sort(rng.choice(candidates, 2))
            row += pair.tolist()
        cuts.append(row)
    ref = np.sort(rng.choice(np.concatenate([pool[0], [0.1]]), 2)).tolist() + \
        np.sort(rng.choice(np.concatenate([pool[1], [2.0]]), 2)).tolist()
    return (rd, va), np.array(cuts), np.array(ref)


@settings(max_examples=60, deadline=None)
@given(tables_and_sets(), st.booleans())
def test_summary_counts_match_the_engine_codes_at_any_size(case, wavelet):
    """Sorting and searching (full table or wavelet matrix) against the sweep's exact codes."""
    data, cuts, ref = case
    old = dominance.FULL_TABLE_MAX
    dominance.FULL_TABLE_MAX = -1 if wavelet else old
    try:
        summary = sw.sweep_summary(data, cuts, reference=ref, method="count", progress=False)
    finally:
        dominance.FULL_TABLE_MAX = old
    codes = sw.sweep(data, cuts, progress=False)
    reference = sw.sweep(data, ref[None, :], progress=False)[0]
    np.testing.assert_array_equal(summary["changed"], (codes != reference).sum(axis=1))
    for t, slug in enumerate(SLUGS):
        np.testing.assert_array_equal(summary[slug], (codes == t).sum(axis=1))
    assert (summary["missing"] == (codes[0] == -1).sum()).all()


@pytest.mark.parametrize("n", [1, 2, 3, 17, 64, 1000])
@pytest.mark.parametrize("digit_bits", [1, 2, 3, 4, 5])
def test_dominance_structures_against_brute_force(n, digit_bits, rng):
    y_in_x = rng.permutation(n)
    a, b = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    a, b = a.ravel(), b.ravel()
    if a.size > 5000:
        pick = rng.choice(a.size, 5000, replace=False)
        a, b = a[pick], b[pick]
    expected = np.array([(y_in_x[:x] < y).sum() for x, y in zip(a, b, strict=True)])
    np.testing.assert_array_equal(dominance.FullTable(y_in_x).count(a, b), expected)
    np.testing.assert_array_equal(dominance.Wavelet(y_in_x, digit_bits).count(a, b), expected)


@pytest.mark.parametrize("n", [1000, 5000])
@pytest.mark.parametrize("budget", [1 << 16, 1 << 20, 4 << 20])
def test_wavelet_digit_fits_the_budget(n, budget, rng):
    d = dominance.wavelet_digit_bits(n, budget)
    if d > 2:  # 2 bits is the narrowest used, whatever the budget
        assert dominance.Wavelet(rng.permutation(n), d).nbytes <= budget
    wider = dominance.Wavelet(rng.permutation(n), d + 1) if d < 6 else None
    assert wider is None or wider.nbytes > budget
    assert dominance.wavelet_digit_bits(100_000) == 6  # 75 MiB within the default 96 MiB
