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
        for claim_id in ("C13", "C14", "C15", "C17", "C18", "C19"):
            assert ledger.loc[claim_id, "verdict"] == "not checkable", claim_id
            assert ledger.loc[claim_id, "holds"] == ledger.loc[claim_id, "fails"] == 0


def test_threshold_rationale_notes_what_the_data_show():
    got = row(load_indicators(), "C14")["evidence"]
    assert "no innovation output" in got
    assert "8 of 36 cluster-years reach 0.1, 0 exceed 0.3" in got
    assert "(OECD, 2020), is not in the paper's reference list" in row(load_indicators(),
                                                                      "C15")["evidence"]
    assert "3 of 36 cluster-years reach 2, 0 exceed 4" in row(load_indicators(), "C15")["evidence"]


def test_thresholds_realistic():
    # medium and high reached on both axes: everything checkable holds
    spread = frame({VOR: [(0.05, 1.0)], PSK: [(0.2, 3.0)], KAL: [(0.5, 5.0)]})
    assert row(spread, "C16")["verdict"] == "supported where checkable"
    # Table 3's case: medium reached on both axes, high on neither
    assert row(load_indicators(), "C16")["verdict"] == "partly supported"
    assert "25 of 36 classified cluster-years fall in one cell (traditional production)" in \
        row(load_indicators(), "C16")["evidence"]
    assert "R&D high: 0 cluster-years; value added high: 0 cluster-years" in \
        row(load_indicators(), "C16")["evidence"]
    # nothing above the lower cuts: both checkable parts fail
    low = frame({VOR: [(0.05, 1.0)], PSK: [(0.02, 0.5)]})
    assert row(low, "C16")["verdict"] == "contradicted"


def test_scale_and_criterion_say_why_not():
    assert "An Econometric Analysis at the Firm Level" in row(load_indicators(), "C17")["evidence"]
    assert "regions' average labour productivity" in row(load_indicators(), "C18")["evidence"]
    assert "requires more detailed statistical data" in row(load_indicators(), "C19")["evidence"]


def test_differentiation_needs_more_than_one_type():
    assert row(load_indicators(), "C20")["verdict"] == "supported where checkable"
    assert "3 type(s) occur (traditional production, adaptation, improvement), with 3 different " \
        "set(s) of measures" in row(load_indicators(), "C20")["evidence"]
    one_type = frame({VOR: [(0.05, 1.0), (0.06, 1.1)], PSK: [(0.02, 0.5)]})
    assert row(one_type, "C20")["verdict"] == "contradicted"  # one type: nothing differentiated
