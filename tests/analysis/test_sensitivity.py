import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ecosystems as eco
from ecosystems import CUT_COLUMNS
from ecosystems.analysis import sensitivity as sens

TABLE3 = eco.load_indicators()
PAPER = np.array([0.1, 0.3, 2.0, 4.0])


def types_under(data, cuts):
    """Types by the paper's rule via level_codes (allows equal cuts)."""
    inn = eco.level_codes(data["rd_per_employee"], *cuts[:2])
    prod = eco.level_codes(data["value_added_per_employee"], *cuts[2:])
    grid = eco.type_grid()
    return np.array([grid[i, p] if i >= 0 and p >= 0 else None
                     for i, p in zip(inn, prod, strict=True)], dtype=object)


def check_margins(data, base):
    """Every margin moves the type when reached and no smaller single-cut move does."""
    margins = sens.stability_margins(data, base)
    assert len(margins) == len(data)
    by_label = data.assign(label=sens.cluster_year_labels(data)).set_index("label")
    for row in margins.itertuples():
        one = by_label.loc[[row.label]].reset_index(drop=True)
        assert types_under(one, base)[0] == row.ecosystem_type
        if np.isfinite(row.margin):
            j = CUT_COLUMNS.index(row.cut)
            sign = 1 if row.direction == "up" else -1
            moved = base.copy()
            moved[j] = base[j] * (1 + sign * row.margin * (1 + 1e-9)) + sign * 1e-12
            assert types_under(one, moved)[0] == row.new_type != row.ecosystem_type, row
            sizes = [row.margin * (1 - 1e-9)]
        else:  # no single-cut move changes the type: try small and large ones
            assert row.new_type is None and row.cut is None
            sizes = [0.01, 0.5, 0.99, 3.0]
        checked = 0
        for jj in range(4):
            for s in (1, -1):
                for size in sizes:
                    smaller = base.copy()
                    smaller[jj] = base[jj] * (1 + s * size)
                    if smaller[jj] >= 0 and smaller[0] <= smaller[1] and smaller[2] <= smaller[3]:
                        assert types_under(one, smaller)[0] == row.ecosystem_type, (row, jj, s)
                        checked += 1
        assert checked > 0  # moving a lower cut down is always allowed


def test_margins_on_table3():
    check_margins(TABLE3, PAPER)
    margins = sens.stability_margins(TABLE3)
    assert margins["margin"].is_monotonic_increasing
    kal = margins.set_index("label").loc["Kalashnikov 2020"]
    assert kal["cut"] == "innovation_lower" and kal["direction"] == "up"
    assert kal["margin"] == pytest.approx((0.101 - 0.1) / 0.1)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0.0, 0.05, 0.1, 0.2, 0.3, 0.45]),
                          st.sampled_from([0.0, 1.0, 2.0, 3.0, 4.0, 7.5])), min_size=1, max_size=8),
       st.sampled_from([PAPER, np.array([0.1, 0.1, 2.0, 4.0]), np.array([0.05, 0.2, 1.0, 2.0])]))
def test_margins_move_the_type(points, base):
    data = pd.DataFrame({"cluster": [f"c{i}" for i in range(len(points))], "year": 2020,
                         "rd_per_employee": [p[0] for p in points],
                         "value_added_per_employee": [p[1] for p in points]})
    check_margins(data, base)


def test_one_at_a_time_counts_match_direct_classification():
    factors = np.array([0.5, 1.0, 1.3, 2.0])
    oat = sens.one_at_a_time(TABLE3, factors)
    assert len(oat) == 16
    ref = types_under(TABLE3, PAPER)
    labels = sens.cluster_year_labels(TABLE3).to_numpy()
    for row in oat.itertuples():
        cuts = PAPER.copy()
        cuts[CUT_COLUMNS.index(row.cut)] = row.threshold
        diff = types_under(TABLE3, cuts) != ref
        assert row.changed == diff.sum()
        assert row.which == "; ".join(labels[diff])
    assert (oat.loc[oat["factor"] == 1.0, "changed"] == 0).all()


def test_threshold_map_marks_crossed_cuts_missing():
    tmap = sens.threshold_map(TABLE3, "lower", innovation=[0.1, 0.5], productivity=[2.0])
    assert tmap["changed"].tolist()[0] == 0
    assert tmap["changed"].isna().tolist() == [False, True]
    assert tmap["types_used"].iloc[0] == len(set(types_under(TABLE3, PAPER)))


def test_noise_probabilities_sum_to_one_and_zero_sigma_is_certain():
    probs = sens.noise_probabilities(TABLE3, sigma=0.2, draws=500, seed=1)
    slugs = eco.type_slugs()
    np.testing.assert_allclose(probs[slugs].sum(axis=1), 1.0)
    again = sens.noise_probabilities(TABLE3, sigma=0.2, draws=500, seed=1)
    pd.testing.assert_frame_equal(probs, again)
    exact = sens.noise_probabilities(TABLE3, sigma=0.0, draws=10)
    assert (exact["p_same"] == 1.0).all()
    with pytest.raises(ValueError, match="sigma"):
        sens.noise_probabilities(TABLE3, sigma=-1)


def test_real_terms_per_deflator_choice():
    from ecosystems import load_deflators, real_terms, real_terms_changes

    data = eco.load_indicators()
    real = real_terms(data, load_deflators())
    labels = list(dict.fromkeys(real["deflator"]))
    assert labels == ["R&D gdp_deflator, value added gva_deflator_manufacturing",
                      "gdp_deflator", "cpi_dec_dec"]
    fitted = real[real["deflator"] == labels[0]]
    # R&D and value added carry different price levels under the fitted choice
    assert (fitted["rd_price_level"] != fitted["va_price_level"])[fitted["year"] > 2020].all()
    assert fitted["rd_real"].to_numpy() == pytest.approx(
        data["rd_per_employee"].to_numpy() / fitted["rd_price_level"].to_numpy())
    changes = real_terms_changes(real)
    assert changes["deflator"].tolist() == labels
    assert changes["changed"].tolist() == real.groupby("deflator", sort=False)["changed"].sum() \
        .tolist()
    assert all("Kalashnikov 2022: improvement -> traditional_production" in w
               for w in changes["which"])


def test_real_terms_of_a_table_of_ones_own():
    from ecosystems import real_terms

    own = pd.DataFrame({"year": [2021, 2022, 2023], "series": "mine",
                        "percent_change": [0.0, 0.0, 0.0]})
    real = real_terms(eco.load_indicators(), own)
    assert set(real["deflator"]) == {"mine"} and not real["changed"].any()
