import numpy as np
import pytest

import ecosystems as eco
from ecosystems import alternatives as alt

TABLE3 = eco.load_indicators()


def test_tertiles_split_into_thirds_and_jenks_agree():
    codes, cuts = alt.alternative_classification(TABLE3, "tertiles")
    inn = cuts.set_index("indicator").loc["rd_per_employee"]
    x = TABLE3["rd_per_employee"].to_numpy()
    assert inn["low_upper"] == pytest.approx(np.quantile(x, 1 / 3))
    fj = alt.alternative_classification(TABLE3, "fisher_jenks")
    jk = alt.alternative_classification(TABLE3, "jenks")
    np.testing.assert_array_equal(fj[0], jk[0])
    assert (codes >= 0).all()


def test_compare_alternatives_against_itself_and_per_year():
    agreement, cuts, types = alt.compare_alternatives(TABLE3, methods=["kmeans"], seed=0)
    assert set(agreement["scope"]) == {"pooled", "per_year"}
    assert ((agreement["agreement"] >= 0) & (agreement["agreement"] <= 1)).all()
    per_year = cuts[cuts["scope"] == "per_year"]
    assert sorted(per_year["year"].unique()) == ["2020", "2021", "2022", "2023"]
    row = agreement.iloc[0]
    same = (types["kmeans/pooled"] == types["paper"]).mean()
    assert row["agreement"] == pytest.approx(same)
    assert row["changed"] == (types["kmeans/pooled"] != types["paper"]).sum()


def test_unknown_method():
    with pytest.raises(ValueError, match="method must be one of"):
        alt.alternative_classification(TABLE3, "median")
