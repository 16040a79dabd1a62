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
    agreement, cuts, types = eco.compare_alternatives(table3, methods=["kmeans"])
    assert set(agreement["scope"]) == {"pooled", "per_year"}
    assert ((agreement["agreement"] >= 0) & (agreement["agreement"] <= 1)).all()
    per_year = cuts[cuts["scope"] == "per_year"]
    assert sorted(per_year["year"].unique()) == ["2020", "2021", "2022", "2023"]
    row = agreement.iloc[0]
    same = (types["kmeans/pooled"] == types["paper"]).mean()
    assert row["agreement"] == pytest.approx(same)
    assert row["changed"] == (types["kmeans/pooled"] != types["paper"]).sum()
    paper = types["paper"].to_numpy(dtype=str)
    assert row["kappa"] == pytest.approx(eco.cohen_kappa(paper, types["kmeans/pooled"]
                                                        .to_numpy(dtype=str)))
