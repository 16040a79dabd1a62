"""The claims ledger: every rule holds in one hand-made case and fails in another."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystems import (
    FORCES,
    VERDICTS,
    ClaimRules,
    DataError,
    Thresholds,
    claims_table,
    classify,
    clusters,
    errata,
    evaluate_claims,
    load_indicators,
    part_counts,
    support_measures,
    verdict_of,
)
from ecosystems.analysis.claims import checks, ledger
from ecosystems.analysis.claims.check_context import BY_CONSTRUCTION, NO_EVIDENCE, NOT_SHOWN, NOTE

NAMES = dict(zip(clusters()["short_name_en"], clusters()["cluster"], strict=True))
VOR, PSK, TRM, PIP = (NAMES[k] for k in ("Voronezh oil & gas equipment",
                                         "Pskov electrical engineering", "TRANSMASH",
                                         "Pipeline fittings"))
VOL, TRA, KAL = (NAMES[k] for k in ("Volga furniture", "Transport & special engineering",
                                    "Kalashnikov"))


def frame(series, start=2020):
    """Tidy indicators from ``{cluster: [(rd, va), ...]}``, one pair per year from ``start``."""
    rows = [
        (cluster, start + i, rd, va)
        for cluster, pairs in series.items()
        for i, (rd, va) in enumerate(pairs)
    ]
    return pd.DataFrame(rows, columns=["cluster", "year", "rd_per_employee",
                                       "value_added_per_employee"])


def flat(rd, vas):
    return [(rd, va) for va in vas]


def verdicts(df, thresholds=None, rules=None):
    ledger = evaluate_claims(df, thresholds, rules)
    return dict(zip(ledger["claim_id"], ledger["verdict"], strict=True))


def evidence(df, claim_id, thresholds=None, rules=None):
    ledger = evaluate_claims(df, thresholds, rules)
    return ledger.loc[ledger["claim_id"] == claim_id, "evidence"].item()


@pytest.fixture(scope="module")
def table3():
    return classify(load_indicators())


# -- the data files ----------------------------------------------------------------------


def test_claims_file_is_complete():
    table = claims_table()
    assert table["claim_id"].is_unique
    assert set(table["kind"]) <= set(checks.CHECKS)
    assert set(table["force"]) <= set(FORCES)
    named = {c for text in table["clusters"] for c in text.split("|") if c}
    assert named <= set(clusters()["cluster"])
    assert (table["quote"].str.len() > 20).all()
    # the argued choice is one line, and present for every claim whose reading a rule sets
    assert not table["choice"].str.contains("\n").any()
    ruled = {"C2", "C3", "C4", "C5", "C6", "C7", "C8b", "C9", "C10a", "C10b", "C11", "C16",
             "C19", "C20", "C21", "C22", "C24", "C25"}
    assert (table.set_index("claim_id").loc[sorted(ruled), "choice"].str.len() > 40).all()


def test_errata_file():
    table = errata()
    assert table["erratum_id"].is_unique
    assert not (table[["kind", "category", "location", "quote", "issue", "correction"]]
                == "").any().any()
    assert set(table["category"]) == {"inconsistency", "omission", "citation unrelated",
                                      "citation form", "missing reference", "uncited reference",
                                      "incomplete reference"}
    assert not table[["quote", "issue", "correction"]].stack().str.contains("{table2:").any()
    # the references that have no bearing on the sentences citing them, each with its sentence
    irrelevant = table[table["kind"] == "citation relevance"]
    numbers = irrelevant["issue"].str.extract(r"^Reference (\d+), (?:cited here as|\")")[0]
    assert numbers.dropna().astype(int).tolist() == [5, 6, 17, 18, 39, 23, 13, 36, 37, 38]
    assert (irrelevant["quote"].str.len() > 80).all()


def test_errata_take_table2_texts_from_the_measures_file():
    raw = ledger.read_data_csv(ledger.config.ERRATA).set_index("erratum_id")
    assert "{table2:growth/cooperation}" in raw.loc["E13", "correction"]
    english = support_measures().set_index(["type", "category"])["measure"]
    resolved = errata().set_index("erratum_id")
    assert f'"{english[("growth", "cooperation")]}"' in resolved.loc["E13", "correction"]
    assert f'"{english[("growth", "organizational")]}"' in resolved.loc["E13", "correction"]


def test_bad_table2_reference_is_named(tmp_path):
    raw = ledger.read_data_csv(ledger.config.ERRATA).copy()
    raw.loc[1, "issue"] = "see {table2:growth/financial}"
    path = tmp_path / "errata.csv"
    raw.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"line 3, column 'issue': \{table2:growth/financial\} "
                                        "names no cell"):
        errata(path)


# -- verdict aggregation -----------------------------------------------------------------


@pytest.mark.parametrize(("parts", "verdict"), [
    ([True, True], "supported"),
    ([True, NOTE], "supported"),                      # notes count for nothing
    ([True, None], "supported where checkable"),
    ([True, NOT_SHOWN], "supported where checkable"),  # not shown counts as not checkable
    ([True, False], "partly supported"),
    ([True, False, None], "partly supported"),
    ([False, False], "contradicted"),
    ([False, None], "contradicted"),
    ([None, None], "not checkable"),
    ([NOT_SHOWN, None], "not checkable"),
    ([NOTE], "not checkable"),
    ([], "not checkable"),
    ([NO_EVIDENCE, None], "asserted without evidence"),   # not the same as not checkable
    ([True, NO_EVIDENCE], "supported where checkable"),
    ([BY_CONSTRUCTION, None], "true by construction"),    # counts for nothing
    ([BY_CONSTRUCTION, False], "contradicted"),
])
def test_verdict_of(parts, verdict):
    assert verdict_of(parts) == verdict


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([True, False, None, NOT_SHOWN, NOTE, NO_EVIDENCE,
                                 BY_CONSTRUCTION]), max_size=8))
def test_verdict_follows_the_counts(parts):
    holds, fails, unchecked = part_counts(parts)
    assert holds + fails + unchecked == sum(1 for p in parts
                                            if p is not NOTE and p is not BY_CONSTRUCTION)
    verdict = verdict_of(parts)
    assert verdict in VERDICTS
    assert (verdict == "supported") == (holds > 0 and fails == 0 and unchecked == 0)
    assert (verdict == "contradicted") == (holds == 0 and fails > 0)
    nothing = holds == fails == 0
    assert (verdict == "asserted without evidence") == (nothing and NO_EVIDENCE in parts)
    assert (verdict == "true by construction") == (
        nothing and NO_EVIDENCE not in parts and BY_CONSTRUCTION in parts)
    assert (verdict == "not checkable") == (
        nothing and NO_EVIDENCE not in parts and BY_CONSTRUCTION not in parts)


def test_force_turns_a_failure_into_not_shown():
    parts = [(False, "a"), (True, "b"), (None, "c"), (NOTE, "d")]
    assert ledger._with_force(parts, "assertion") == parts
    for force in ("modal", "causal"):
        assert [ok for ok, _ in ledger._with_force(parts, force)] == [NOT_SHOWN, True, None, NOTE]


# -- the paper's own data ----------------------------------------------------------------


def test_table3_verdicts(table3):
    assert verdicts(table3) == {
        "C1": "supported",
        "C2": "supported",
        "C3": "contradicted",       # Voronezh above it every year; Kalashnikov medium already
        "C4": "partly supported",   # Transport falls in 2021
        "C5": "supported",
        "C6": "supported",
        "C7": "partly supported",   # 2020 is adaptation (2.179 >= 2): a round trip
        "C8a": "not checkable",     # 'highest' of all clusters: other shares unknown
        "C8b": "supported where checkable",  # 7 Table 3 shares not reported
        "C9": "supported",
        "C10a": "contradicted",     # no transition to growth or leadership
        "C10b": "not checkable",    # the cause is not in the data
        "C11": "contradicted",      # nothing above medium: no 'high-tech industry leaders'
        "C12": "not checkable",
        "C13": "not checkable",
        "C14": "not checkable",
        "C15": "not checkable",
        "C16": "not checkable",     # a judgement on Russia nine clusters cannot test
        "C17": "not checkable",
        "C18": "not checkable",
        "C19": "asserted without evidence",
        "C20": "true by construction",
        "C21": "contradicted",      # furniture, arms, construction, machine building
        "C22": "asserted without evidence",  # no dysfunction in Table 3
        "C23": "supported",
        "C24": "asserted without evidence",
        "C25": "asserted without evidence",
    }


def test_table3_evidence(table3):
    assert "2020: adaptation (R&D 0.033, value added 2.179), stated traditional production " \
        "[fails]" in evidence(table3, "C7")
    assert "stated course traditional production -> adaptation; observed adaptation -> " \
        "traditional production -> adaptation (a round trip, not a one-way shift) [fails]" in \
        evidence(table3, "C7")
    assert "within 20% of it in 0 of 4 years, at or above it (already medium or higher) in 4" \
        in evidence(table3, "C3")
    assert "other clusters not low, or not below Kalashnikov: Voronezh oil & gas equipment R&D " \
        "0.198-0.266 [fails]" in evidence(table3, "C3")
    assert "Industrial Cluster for Specialized Equipment (73.66%) is above the line but has no " \
        "Table 3 row" in evidence(table3, "C8b")
    assert "+1144%" in evidence(table3, "C6")
    assert "Voronezh oil & gas equipment 2023 -70%; Kalashnikov 2023 -87% [note]" in \
        evidence(table3, "C5")
    assert "other 7 clusters of the data lie above the selection line 30% (Table 3's rule) and " \
        "at or below the lowest share listed, 66.71% [note]" in evidence(table3, "C8a")
    ledger_ = evaluate_claims(table3).set_index("claim_id")
    assert ledger_.loc["C10b", "force"] == "causal"
    assert tuple(ledger_.loc["C16", ["holds", "fails", "not_checkable"]]) == (0, 0, 1)
    # what each fragile verdict rests on, computed
    assert "Voronezh oil & gas equipment out-spends Kalashnikov on R&D in every year " \
        "(whatever the cut points)" in ledger_.loc["C3", "rests_on"]
    assert ledger_.loc["C5", "rests_on"] == "2 of 2 named clusters only through a change " \
        "data_quality flags as a jump (Voronezh oil & gas equipment 2023, Kalashnikov 2023)"
    assert ledger_.loc["C7", "rests_on"] == "2020: value added 2.179, 9% above the cut 2"
    assert "33 of 36 cluster-years have both indicators" in ledger_.loc["C8b", "rests_on"]
    assert ledger_.loc["C9", "rests_on"].startswith("1 cluster crossing 1 cut(s) (value added 2)")
    assert ledger_.loc["C1", "rests_on"] == ""
    # the key number of each verdict, computed
    assert ledger_.loc["C1", "key_number"] == "0 of 36 cluster-years high on both"
    assert ledger_.loc["C7", "key_number"] == "3 of 4 years as stated; 2020 value added 2.179 " \
        "(cut 2)"
    assert ledger_.loc["C8b", "key_number"] == "36 of 36 cluster-years with both indicators (33 " \
        "if the zeros of value added are missing)"
    assert ledger_.loc["C5", "choice"] == claims_table().set_index("claim_id").loc["C5", "choice"]


def test_unclassified_input_gives_the_same_ledger(table3):
    plain = load_indicators()
    pd.testing.assert_frame_equal(evaluate_claims(plain), evaluate_claims(table3))


def test_levels_from_other_thresholds_are_refused(table3):
    with pytest.raises(ValueError, match="ecosystem_type|productivity_level"):
        evaluate_claims(table3, {"innovation": [0.1, 0.3], "productivity": [2.2, 4.4]})
    other = classify(load_indicators(), Thresholds(productivity=(2.2, 4.4)))
    assert verdicts(other, Thresholds(productivity=(2.2, 4.4)))["C7"] == "supported"


def test_missing_column_is_named():
    with pytest.raises(KeyError, match="value_added_per_employee"):
        evaluate_claims(pd.DataFrame({"cluster": ["a"], "year": [2020],
                                      "rd_per_employee": [0.1]}))


# -- each rule: one case where it holds, one where it fails -------------------------------


def test_no_high_high():
    assert verdicts(frame({VOR: [(0.29, 5.0)], PSK: [(0.5, 3.9)]}))["C1"] == "supported"
    assert verdicts(frame({VOR: [(0.31, 4.1)], PSK: [(0.5, 3.9)]}))["C1"] == "contradicted"


def test_most_means_more_than_half():
    low, medium = flat(0.05, [1, 1]), flat(0.2, [1, 1])
    assert verdicts(frame({VOR: low, PSK: low, TRM: medium}))["C2"] == "supported"
    assert verdicts(frame({VOR: low, PSK: medium}))["C2"] == "contradicted"
    assert verdicts(frame({VOR: low, PSK: medium}), rules={"most_share": 0.4})["C2"] == \
        "supported"


def test_over_years_rule():
    mostly_low = [(0.05, 1), (0.05, 1), (0.05, 1), (0.2, 1)]
    df = frame({VOR: mostly_low, PSK: flat(0.2, [1] * 4)})
    assert verdicts(df)["C2"] == "contradicted"  # low in every year: neither
    assert verdicts(df, rules={"over_years": "most_years"})["C2"] == "contradicted"  # 1 of 2
    three = frame({VOR: mostly_low, PSK: flat(0.05, [1] * 4), TRM: flat(0.2, [1] * 4)})
    assert verdicts(three)["C2"] == "contradicted"  # 1 of 3 low in every year
    assert verdicts(three, rules={"over_years": "most_years"})["C2"] == "supported"  # 2 of 3


def test_approaches_medium():
    others = {VOR: flat(0.02, [1] * 4), PSK: flat(0.03, [1] * 4)}
    near = frame({KAL: flat(0.09, [1] * 4), **others})
    assert verdicts(near)["C3"] == "supported"
    already = frame({KAL: flat(0.12, [1] * 4), **others})
    assert verdicts(already)["C3"] == "partly supported"  # the one exception, but not 'near'
    far = frame({KAL: flat(0.05, [1] * 4), **others})
    assert verdicts(far)["C3"] == "partly supported"  # the one above the others, but not near
    assert verdicts(far, rules={"approach_margin": 0.6})["C3"] == "supported"


def test_sole_exception():
    not_alone = frame({KAL: flat(0.09, [1] * 4), VOR: flat(0.25, [1] * 4)})
    assert verdicts(not_alone)["C3"] == "partly supported"  # near, but not the one exception
    assert "Voronezh oil & gas equipment R&D 0.250-0.250 [fails]" in evidence(not_alone, "C3")
    level = frame({KAL: flat(0.09, [1] * 4), VOR: flat(0.09, [1] * 4)})  # low, but not below
    assert verdicts(level)["C3"] == "partly supported"
    both_fail = frame({KAL: flat(0.12, [1] * 4), VOR: flat(0.25, [1] * 4)})
    assert verdicts(both_fail)["C3"] == "contradicted"  # Table 3's case


def test_stable_growth_every_year():
    rising = [(0.01, v) for v in (1.0, 1.1, 1.2, 1.3)]
    dip = [(0.01, v) for v in (1.0, 0.9, 1.2, 1.3)]
    assert verdicts(frame({TRA: rising, TRM: rising, PIP: rising}))["C4"] == "supported"
    assert verdicts(frame({TRA: dip, TRM: rising, PIP: rising}))["C4"] == "partly supported"
    assert verdicts(frame({TRA: dip, TRM: dip, PIP: dip}))["C4"] == "contradicted"


def test_stable_growth_one_dip():
    one = {"growth": "one_dip"}
    dip = [(0.01, v) for v in (1.0, 0.9, 1.2, 1.3)]
    two_dips = [(0.01, v) for v in (1.0, 0.9, 1.2, 1.1, 1.4)]
    ends_lower = [(0.01, v) for v in (1.0, 1.1, 1.2, 0.9)]
    assert verdicts(frame({TRA: dip, TRM: dip, PIP: dip}), rules=one)["C4"] == "supported"
    assert verdicts(frame({TRA: two_dips, TRM: ends_lower, PIP: two_dips}),
                    rules=one)["C4"] == "contradicted"


def test_unnamed_clusters_are_notes_not_parts():
    rising = [(0.01, v) for v in (1.0, 1.1, 1.2, 1.3)]
    falling = [(0.01, v) for v in (1.3, 1.2, 1.1, 1.0)]
    df = frame({TRA: falling, TRM: falling, PIP: falling, VOL: rising})
    assert verdicts(df)["C4"] == "contradicted"
    assert "also meeting the rule but not named: Volga furniture [note]" in evidence(df, "C4")


def test_decline_end_below_start():
    down = [(0.2, v) for v in (1.2, 1.3, 1.25, 0.4)]
    up = [(0.2, v) for v in (1.2, 1.1, 1.0, 1.3)]
    assert verdicts(frame({VOR: down, KAL: down}))["C5"] == "supported"
    assert verdicts(frame({VOR: up, KAL: up}))["C5"] == "contradicted"


def test_decline_every_year():
    rule = {"decline": "every_year"}
    steady = [(0.2, v) for v in (1.3, 1.2, 1.1, 1.0)]
    late = [(0.2, v) for v in (1.2, 1.3, 1.25, 0.4)]
    assert verdicts(frame({VOR: steady, KAL: steady}), rules=rule)["C5"] == "supported"
    assert verdicts(frame({VOR: late, KAL: steady}), rules=rule)["C5"] == "partly supported"


def test_significant_increase():
    df = frame({VOL: [(0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (0.0, 1.6)]})
    assert verdicts(df)["C6"] == "supported"          # +60% > 50%
    small = frame({VOL: [(0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (0.0, 1.4)]})
    assert verdicts(small)["C6"] == "contradicted"    # +40%
    assert verdicts(small, rules={"significant_change": 0.3})["C6"] == "supported"
    from_zero = frame({VOL: [(0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.5)]})
    assert verdicts(from_zero)["C6"] == "supported"
    assert "(from zero)" in evidence(from_zero, "C6")


def test_type_sequence():
    stated = [(0.03, 1.9), (0.03, 1.6), (0.07, 2.3), (0.06, 3.3)]
    assert verdicts(frame({TRA: stated}))["C7"] == "supported"
    other = [(0.03, 2.1), (0.03, 2.1), (0.07, 1.3), (0.06, 1.3)]
    assert verdicts(frame({TRA: other}))["C7"] == "contradicted"


def test_absent_cluster_is_not_checkable():
    v = verdicts(frame({PSK: flat(0.05, [1] * 4)}))
    assert v["C3"] == v["C6"] == v["C7"] == "not checkable"
    assert v["C4"] == v["C5"] == "not checkable"


def test_cooperation_order_is_a_note_not_a_part(monkeypatch, table3):
    assert verdicts(table3)["C8a"] == "not checkable"
    ascending = (("a", "", 10.0), ("b", "", 20.0), ("c", "", 30.0))
    monkeypatch.setattr(checks, "cooperation_shares", lambda: ascending)
    assert verdicts(table3)["C8a"] == "not checkable"  # the order is not asserted
    assert "listed not in descending order" in evidence(table3, "C8a")


def test_selection_rule(monkeypatch, table3):
    gap = load_indicators()
    gap.loc[3, "rd_per_employee"] = np.nan
    assert evidence(gap, "C8b").startswith(
        "35 of 36 cluster-years have both indicators: Voronezh oil & gas equipment lacks R&D "
        "2023 (5 values are exactly 0.000, read as published, as data; whether they are data or "
        "gaps the paper does not say) [fails]")
    assert verdicts(gap)["C8b"] == "partly supported"
    low_share = ((PSK, PSK, 20.0), (TRA, TRA, 10.0))
    monkeypatch.setattr(checks, "cooperation_shares", lambda: low_share)
    assert verdicts(gap)["C8b"] == "contradicted"  # a gap, shares below 30%, others unknown
    full = ((PSK, PSK, 80.0),) + tuple((c, c, 50.0) for c in table3["cluster"].unique()
                                       if c != PSK)
    monkeypatch.setattr(checks, "cooperation_shares", lambda: full)
    assert verdicts(table3)["C8b"] == "supported"


def test_selection_rule_with_suspect_zeros_as_missing(table3):
    from ecosystems import suspect_zeros_as_missing

    missing = suspect_zeros_as_missing(table3[["cluster", "year", "rd_per_employee",
                                               "value_added_per_employee"]])
    assert verdicts(table3)["C8b"] == "supported where checkable"
    assert verdicts(missing)["C8b"] == "partly supported"
    assert evidence(missing, "C8b").startswith(
        "33 of 36 cluster-years have both indicators: Pskov electrical engineering (reported "
        "cooperation 80.4%) lacks value added 2022, 2023; Volga furniture lacks value added 2020")


def test_transitions_exist():
    moving = frame({VOR: [(0.05, 1.0), (0.05, 2.5)]})
    assert verdicts(moving)["C9"] == "supported"
    assert verdicts(frame({VOR: flat(0.05, [1.0, 1.5])}))["C9"] == "contradicted"


def test_transitions_between_premise_and_cause():
    upward = frame({VOR: [(0.05, 2.5), (0.15, 2.5)]})  # adaptation -> growth
    assert verdicts(upward)["C10a"] == "supported"
    sideways = frame({VOR: [(0.05, 2.5), (0.05, 1.5)]})  # adaptation -> traditional
    assert verdicts(sideways)["C10a"] == "contradicted"  # the premise is asserted
    for df in (upward, sideways):  # the cause is never in the data
        assert verdicts(df)["C10b"] == "not checkable"


def test_types_range():
    both_ends = frame({VOR: [(0.05, 1.0)], PSK: [(0.5, 5.0)]})
    assert verdicts(both_ends)["C11"] == "supported"
    one_type = frame({VOR: [(0.5, 5.0)], PSK: [(0.5, 5.0)]})
    assert verdicts(one_type)["C11"] == "contradicted"  # leaders only: no range
    low_only = frame({VOR: [(0.05, 1.0)], PSK: [(0.2, 3.0)]})
    assert verdicts(low_only)["C11"] == "contradicted"  # the low end alone pads nothing
    assert "traditional production, growth [note]" in evidence(low_only, "C11")


# -- rules and flips ---------------------------------------------------------------------


@pytest.mark.parametrize("bad", [
    {"most_share": 1.0}, {"most_share": -0.1}, {"approach_margin": 0}, {"approach_margin": 1},
    {"significant_change": 0}, {"significant_change": float("inf")}, {"growth": "mostly"},
    {"decline": "sometimes"}, {"over_years": "any"},
])
def test_rules_are_validated(bad):
    with pytest.raises(ValueError, match="ClaimRules"):
        ClaimRules(**bad)


def test_rules_from_any():
    assert ClaimRules.from_any(None) == ClaimRules()
    assert ClaimRules.from_any({"growth": "one_dip"}).growth == "one_dip"
    assert ClaimRules.from_any(ClaimRules().as_dict()) == ClaimRules()
    with pytest.raises(ValueError, match="unknown"):
        ClaimRules.from_any({"stable": 1})
    with pytest.raises(TypeError):
        ClaimRules.from_any(3)


@pytest.mark.slow  # 40 whole ledgers
@settings(max_examples=40, deadline=None)
@given(
    st.floats(0.01, 0.5), st.floats(1.1, 3.0), st.floats(0.5, 5.0), st.floats(1.1, 3.0),
)
def test_any_thresholds_give_a_full_ledger(inn_lo, inn_ratio, prod_lo, prod_ratio):
    cuts = {"innovation": [inn_lo, inn_lo * inn_ratio],
            "productivity": [prod_lo, prod_lo * prod_ratio]}
    ledger = evaluate_claims(load_indicators(), cuts)
    assert ledger["claim_id"].tolist() == claims_table()["claim_id"].tolist()
    assert ledger["verdict"].isin(VERDICTS).all()
    assert (ledger["evidence"].str.len() > 0).all()


def test_a_cut_at_zero_gives_a_full_ledger():
    # the static explorer's grid starts at zero: what a verdict rests on is then absolute
    ledger = evaluate_claims(load_indicators(), {"innovation": [0, 0.3], "productivity": [0, 4]})
    assert ledger["verdict"].isin(VERDICTS).all()
    rests = ledger.set_index("claim_id").loc["C7", "rests_on"]
    assert "2020: R&D 0.033, 0.033 above the cut 0" in rests


def test_bad_claims_file_is_named(tmp_path):
    good = claims_table()
    bad = good.assign(kind=good["kind"].where(good.index != 2, "guess"))
    path = tmp_path / "kind.csv"  # a new name per case: data files are read once per path
    bad.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"line 4, column 'kind': value 'guess'"):
        ledger._claims(path)
    path = tmp_path / "twice.csv"
    good.iloc[[0, 0]].to_csv(path, index=False)
    with pytest.raises(DataError, match=r"line 3, column 'claim_id': value 'C1' appears twice"):
        ledger._claims(path)
    path = tmp_path / "force.csv"
    good.assign(force=good["force"].where(good.index != 0, "hedged")).to_csv(path, index=False)
    with pytest.raises(DataError, match=r"line 2, column 'force': value 'hedged'"):
        ledger._claims(path)
    path = tmp_path / "words.csv"
    good.assign(short=good["short"].where(good.index != 0, "not the paper's words")).to_csv(
        path, index=False)
    with pytest.raises(DataError, match=r"line 2, column 'short': value \"not the paper's"):
        ledger._claims(path)
    path = tmp_path / "short.csv"
    good.drop(columns="quote").to_csv(path, index=False)
    with pytest.raises(DataError, match=r"\['quote'\] missing"):
        ledger._claims(path)
