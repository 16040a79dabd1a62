"""Verdicts under other thresholds, rules and readings of the data, and what changes each."""

import pytest

from ecosystems import (
    ClaimRules,
    data_flips,
    evaluate_claims,
    flip_summary,
    load_indicators,
    rule_flips,
    suspect_zeros_as_missing,
    verdict_flips,
)


@pytest.fixture(scope="module")
def table3():
    return load_indicators()


def test_verdict_flips(table3):
    alt = {"innovation": [0.1, 0.3], "productivity": [2.2, 4.4]}
    flips = verdict_flips(table3, [alt])
    base, other = flips.columns[1], flips.columns[2]
    assert flips[base].tolist() == evaluate_claims(table3)["verdict"].tolist()
    assert flips[other].tolist() == evaluate_claims(load_indicators(), alt)["verdict"].tolist()
    assert flips["flips"].tolist() == (flips[base] != flips[other]).astype(int).tolist()
    assert flips.set_index("claim_id").loc["C7", other] == "supported"


def test_verdict_flips_refuses_repeats(table3):
    with pytest.raises(ValueError, match="repeat"):
        verdict_flips(table3, [None])


def test_halved_thresholds_flip_what_the_cuts_decide(table3):
    halved = {"innovation": [0.05, 0.15], "productivity": [1.0, 2.0]}
    flips = verdict_flips(table3, [halved]).set_index("claim_id")
    changed = flips[flips["flips"] > 0]
    assert changed.index.tolist() == ["C2", "C7", "C22"]
    # halved, Voronezh 2023 is high on R&D and low on value added: a dysfunction occurs
    assert flips.loc["C22"].tolist()[:2] == ["asserted without evidence", "supported"]
    assert flips.loc["C16", "flips"] == 0  # a judgement the cut points do not decide


def test_rule_flips(table3):
    flips = rule_flips(table3, [{"growth": "one_dip"}, {"decline": "every_year"}])
    assert list(flips.columns) == ["claim_id", "default rules", "growth=one_dip",
                                   "decline=every_year", "flips"]
    rows = flips.set_index("claim_id")
    assert rows.loc["C4"].tolist() == ["partly supported", "supported", "partly supported", 1]
    # 'decline' read as 'falls every year': both series rise through 2022
    assert rows.loc["C5"].tolist() == ["supported", "supported", "contradicted", 1]
    assert flips["flips"].sum() == 2
    with pytest.raises(ValueError, match="repeat"):
        rule_flips(table3, [ClaimRules()])


def test_data_flips_suspect_zeros(table3):
    flips = data_flips(table3, {"suspect zeros as missing": suspect_zeros_as_missing(table3)})
    assert list(flips.columns) == ["claim_id", "data as published", "suspect zeros as missing",
                                   "flips"]
    changed = flips[flips["flips"] > 0].set_index("claim_id")
    assert changed.index.tolist() == ["C8b"]  # the only verdict the zeros decide
    assert changed.loc["C8b"].tolist()[:2] == ["supported where checkable", "partly supported"]
    with pytest.raises(ValueError, match="repeat"):
        data_flips(table3, {"data as published": table3})


def test_flip_summary_names_what_changes_each_verdict(table3):
    ledger = evaluate_claims(table3)
    tables = [
        verdict_flips(table3, [{"innovation": [0.05, 0.15], "productivity": [1.0, 2.0]}]),
        rule_flips(table3, [{"decline": "every_year"}]),
        data_flips(table3, {"suspect zeros as missing": suspect_zeros_as_missing(table3)}),
    ]
    summary = flip_summary(ledger, tables).set_index("claim_id")
    assert summary.loc["C5", "changed_by"] == "decline=every_year: contradicted"
    assert summary.loc["C8b", "changed_by"] == "suspect zeros as missing: partly supported"
    assert summary.loc["C1", "changed_by"] == "none of the alternatives"
    assert summary.loc["C22", "changed_by"] == "R&D 0.05/0.15, VA 1/2: supported"
    other = rule_flips(table3, [{"growth": "one_dip"}], thresholds={"innovation": [0.05, 0.15],
                                                                    "productivity": [1, 2]})
    with pytest.raises(ValueError, match="not made with the ledger's"):
        flip_summary(ledger, [other])
