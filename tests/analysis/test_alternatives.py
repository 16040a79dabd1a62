import numpy as np
import pytest

import ecosystems as eco


def test_cohen_kappa_of_a_textbook_table():
    # 50 items: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> p_o 0.7, p_e 0.5, kappa 0.4
    a = np.array(["y"] * 25 + ["n"] * 25)
    b = np.array(["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15)
    assert eco.cohen_kappa(a, b) == pytest.approx(0.4)
    assert eco.cohen_kappa(a, a) == 1.0


def test_compare_alternatives_against_itself_and_per_year(table3):
    agreement, cuts, types = eco.compare_alternatives(table3, methods=["fisher_jenks"])
    assert set(agreement["scope"]) == {"pooled", "per_year"}
    assert ((agreement["agreement"] >= 0) & (agreement["agreement"] <= 1)).all()
    per_year = cuts[cuts["scope"] == "per_year"]
    assert sorted(per_year["year"].unique()) == ["2020", "2021", "2022", "2023"]
    row = agreement.iloc[0]
    same = (types["fisher_jenks/pooled"] == types["paper"]).mean()
    assert row["agreement"] == pytest.approx(same)
    assert row["changed"] == (types["fisher_jenks/pooled"] != types["paper"]).sum()
    paper = types["paper"].to_numpy(dtype=str)
    assert row["kappa"] == pytest.approx(eco.cohen_kappa(paper, types["fisher_jenks/pooled"]
                                                        .to_numpy(dtype=str)))


def test_chance_and_max_agreement_of_a_hand_made_pair():
    # a: 4 x, 2 y; b: 3 x, 3 y -> chance (4*3 + 2*3) / 36 = 0.5; at most min(4,3) + min(2,3) = 5
    a = np.array(list("xxxxyy"))
    b = np.array(list("xxxyyy"))
    assert eco.chance_agreement(a, b) == pytest.approx(0.5)
    assert eco.max_agreement(a, b) == pytest.approx(5 / 6)
    # an even three-way split agrees with anything by chance on exactly a third
    even = np.array(list("lmh") * 4)
    lopsided = np.array(["l"] * 10 + ["m"] * 2)
    assert eco.chance_agreement(lopsided, even) == pytest.approx(1 / 3)


def test_tertiles_split_evenly_and_agree_at_chance(table3):
    sizes = eco.class_sizes(table3, methods=["tertiles"], scopes=["pooled"])
    assert sizes["indicator"].tolist() == ["rd_per_employee", "value_added_per_employee"]
    assert (sizes[["low", "medium", "high"]] == 12).all().all()  # 36 cluster-years in thirds
    assert sizes["chance_agreement"].tolist() == pytest.approx([1 / 3, 1 / 3])
    paper = eco.classify(table3)
    for r in sizes.itertuples():
        axis = "innovation" if r.indicator == "rd_per_employee" else "productivity"
        counts = paper[f"{axis}_level"].value_counts()
        assert (r.paper_low, r.paper_medium, r.paper_high) == tuple(
            int(counts.get(lv, 0)) for lv in ("low", "medium", "high"))
    agreement, _, _ = eco.compare_alternatives(table3, methods=["tertiles"], scopes=["pooled"])
    row = agreement.iloc[0]
    assert row["kappa"] == pytest.approx((row["agreement"] - row["chance_agreement"])
                                         / (1 - row["chance_agreement"]))
    assert row["agreement"] <= row["max_agreement"]
