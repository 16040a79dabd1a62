"""The sweeps against a reference that applies the rule (``eco.classify``) set by set."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ecosystems as eco
from ecosystems.typology import sweeps as sw

TABLE3 = eco.load_indicators()
SLUGS = eco.type_slugs()


def classify_codes(data, cuts):
    """The reference: ``eco.classify`` (the rule, applied directly) under one threshold set."""
    if not isinstance(data, pd.DataFrame):
        data = pd.DataFrame({"rd_per_employee": data[0], "value_added_per_employee": data[1]})
    t = eco.Thresholds(innovation=cuts[:2], productivity=cuts[2:])
    types = eco.classify(data, t)["ecosystem_type"].astype(object)
    return np.array([-1 if pd.isna(s) else SLUGS.index(s) for s in types], dtype=np.int8)


def reference_summary(data, cuts, reference=(0.1, 0.3, 2.0, 4.0)):
    """The summary counted from ``eco.type_codes`` (the rule), one threshold set at a time."""
    rd, va = eco.typology.rule.indicator_arrays(data)
    base = eco.type_codes(rd, va, reference)
    rows = []
    for row in cuts:
        codes = eco.type_codes(rd, va, row)
        counts = [int((codes == t).sum()) for t in range(len(SLUGS))]
        rows.append([*counts, int((codes == -1).sum()), int((codes != base).sum()),
                     sum(c > 0 for c in counts)])
    return pd.DataFrame(rows, columns=[*SLUGS, "missing", "changed", "types_used"],
                        index=pd.RangeIndex(len(rows)), dtype=np.int32)


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
    codes = sw.sweep(TABLE3, cuts)
    assert codes.shape == (len(cuts), len(TABLE3))
    for k, row in enumerate(cuts):
        np.testing.assert_array_equal(codes[k], classify_codes(TABLE3, row))


@settings(max_examples=25, deadline=None)
@given(threshold_sets(k_max=40), st.integers(1, 7))
def test_chunked_sweeps_and_summary_match_the_reference(cuts, chunk):
    whole = sw.sweep(TABLE3, cuts)
    np.testing.assert_array_equal(sw.sweep(TABLE3, cuts, chunk_size=chunk), whole)
    expected = reference_summary(TABLE3, cuts)
    pd.testing.assert_frame_equal(sw.sweep_summary(TABLE3, cuts), expected)
    pd.testing.assert_frame_equal(sw.sweep_summary(TABLE3, cuts, chunk_size=chunk), expected)


def test_missing_values_and_equal_cuts():
    data = pd.DataFrame({"rd_per_employee": [0.1, np.nan, 0.2, 0.3],
                         "value_added_per_employee": [2.0, 1.0, np.nan, 4.0]})
    cuts = [[0.1, 0.1, 2.0, 2.0], [0.1, 0.3, 2.0, 4.0]]
    codes = sw.sweep(data, cuts)
    assert (codes[:, 1:3] == -1).all()
    for k, row in enumerate(cuts):
        inn = eco.level_codes(data["rd_per_employee"], *row[:2])
        prod = eco.level_codes(data["value_added_per_employee"], *row[2:])
        assert codes[k, 0] == inn[0] * 3 + prod[0]
        assert codes[k, 3] == inn[3] * 3 + prod[3]
    summary = sw.sweep_summary(data, cuts)
    assert summary["missing"].tolist() == [2, 2]
    assert summary[SLUGS].sum(axis=1).tolist() == [2, 2]
    pd.testing.assert_frame_equal(summary, reference_summary(data, np.array(cuts)))
    with pytest.raises(ValueError, match="chunk_size must be at least 1, got 0"):
        sw.sweep_summary(data, cuts, chunk_size=0)
    with pytest.raises(ValueError, match="the reference must be one threshold set, got 2"):
        sw.sweep_summary(data, cuts, reference=cuts)


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


def test_summary_in_chunks_bounded_by_the_table_size(monkeypatch, rng):
    """A table too large to bin every position: one table per chunk of sets, on their cuts."""
    data = (rng.lognormal(-3, 1.5, 400), rng.lognormal(0.5, 0.8, 400))
    cuts = np.column_stack([rng.uniform(0.01, 0.1, 50), rng.uniform(0.1, 0.5, 50),
                            rng.uniform(0.5, 2, 50), rng.uniform(2, 6, 50)])
    monkeypatch.setattr(sw, "TABLE_CELLS", 20 * 20)  # a table per chunk of 8 sets
    pd.testing.assert_frame_equal(sw.sweep_summary(data, cuts), reference_summary(data, cuts))


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
@given(tables_and_sets(), st.integers(1, 40))
def test_summary_matches_the_reference_at_any_size(case, chunk):
    """Ties, zeros, missing values, cuts on data values, any reference, any chunking."""
    data, cuts, ref = case
    expected = reference_summary(data, cuts, ref)
    pd.testing.assert_frame_equal(sw.sweep_summary(data, cuts, reference=ref), expected)
    pd.testing.assert_frame_equal(sw.sweep_summary(data, cuts, reference=ref, chunk_size=chunk),
                                  expected)
    codes = sw.sweep(data, cuts, chunk_size=chunk)
    np.testing.assert_array_equal(codes, [eco.type_codes(*data, row) for row in cuts])
