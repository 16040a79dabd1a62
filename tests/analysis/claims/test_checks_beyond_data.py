"""Claims that reach beyond the data: each new kind on hand-made frames where it holds and fails."""

import pandas as pd

from ecosystems import clusters, evaluate_claims, load_indicators

NAMES = dict(zip(clusters()["short_name_en"], clusters()["cluster"], strict=True))
VOR, PSK, KAL = (NAMES[k] for k in ("Voronezh oil & gas equipment",
                                    "Pskov electrical engineering", "Kalashnikov"))


def frame(series, start=2020):
    rows = [(cluster, start + i, rd, va) for cluster, pairs in series.items()
            for i, (rd, va) in enumerate(pairs)]
    return pd.DataFrame(rows, columns=["cluster", "year", "rd_per_employee",
                                       "value_added_per_employee"])


def row(df, claim_id):
    return evaluate_claims(df).set_index("claim_id").loc[claim_id]


def test_outside_the_data_is_not_checkable_whatever_the_data():
    for df in (load_indicators(), frame({VOR: [(0.5, 5.0)]})):
        ledger = evaluate_claims(df).set_index("claim_id")
        for claim_id in ("C10b", "C13", "C14", "C15", "C16", "C17", "C18"):
            assert ledger.loc[claim_id, "verdict"] == "not checkable", claim_id
            assert ledger.loc[claim_id, "holds"] == ledger.loc[claim_id, "fails"] == 0
        # asserted with no evidence offered: not the same as a question the data cannot answer
        for claim_id in ("C19", "C24", "C25"):
            assert ledger.loc[claim_id, "verdict"] == "asserted without evidence", claim_id


def test_threshold_rationale_notes_what_the_data_show():
    got = row(load_indicators(), "C14")["evidence"]
    assert "no innovation output" in got
    assert "8 of 36 cluster-years reach 0.1, 0 exceed 0.3" in got
    assert "(OECD, 2020), is not in the paper's reference list" in row(load_indicators(),
                                                                      "C15")["evidence"]
    assert "3 of 36 cluster-years reach 2, 0 exceed 4" in row(load_indicators(), "C15")["evidence"]


def test_thresholds_realistic_is_a_judgement_the_clusters_cannot_test():
    # whatever levels the clusters reach, nine selected clusters cannot test "quite realistic"
    spread = frame({VOR: [(0.05, 1.0)], PSK: [(0.2, 3.0)], KAL: [(0.5, 5.0)]})
    low = frame({VOR: [(0.05, 1.0)], PSK: [(0.02, 0.5)]})
    for df in (spread, low, load_indicators()):
        assert row(df, "C16")["verdict"] == "not checkable"
    got = row(load_indicators(), "C16")["evidence"]
    assert "25 of 36 classified cluster-years fall in one cell (traditional production)" in got
    assert "R&D high: 0 cluster-years; value added high: 0 cluster-years" in got


def test_scale_and_criterion_say_why_not():
    assert "An Econometric Analysis at the Firm Level" in row(load_indicators(), "C17")["evidence"]
    assert "regions' average labour productivity" in row(load_indicators(), "C18")["evidence"]
    assert "requires more detailed statistical data" in row(load_indicators(), "C19")["evidence"]


def test_differentiation_is_true_by_construction_with_more_than_one_type():
    got = row(load_indicators(), "C20")
    assert got["verdict"] == "true by construction"
    assert (got["holds"], got["fails"]) == (0, 0)
    assert "3 type(s) occur (traditional production, adaptation, improvement), with 3 different " \
        "set(s) of measures: true by construction" in got["evidence"]
    one_type = frame({VOR: [(0.05, 1.0), (0.06, 1.1)], PSK: [(0.02, 0.5)]})
    assert row(one_type, "C20")["verdict"] == "contradicted"  # one type: nothing differentiated


def test_scope_restriction_against_the_sample():
    got = row(load_indicators(), "C21")
    assert got["verdict"] == "contradicted"
    assert "4 sector(s) among the 8 clusters whose name states one" in got["evidence"]
    one_sector = frame({VOR: [(0.05, 1.0)], PSK: [(0.02, 0.5)]})  # both machine building
    assert row(one_sector, "C21")["verdict"] == "supported"


def test_dysfunctions_hold_only_where_the_data_have_one():
    assert row(load_indicators(), "C22")["verdict"] == "asserted without evidence"
    assert "0 of 36 cluster-years are in a dysfunction" in row(load_indicators(), "C22")["evidence"]
    corner = frame({VOR: [(0.5, 1.0)], PSK: [(0.02, 0.5)]})  # high R&D, low value added
    assert row(corner, "C22")["verdict"] == "supported"


def test_sample_period():
    assert row(load_indicators(), "C23")["verdict"] == "supported"
    short = frame({VOR: [(0.05, 1.0)] * 3})
    assert row(short, "C23")["verdict"] == "partly supported"  # 2020-2022 only
