import pytest

from ecosystems import cluster_names, clusters, label, load_indicators, type_names, type_table
from ecosystems.draw.style import PALETTE, cluster_palette


def test_typology_covers_the_grid_once():
    t = type_table()
    assert len(t) == 9
    assert not t.duplicated(["innovation_level", "productivity_level"]).any()
    assert (t[["name_en", "name_ru", "description_en"]] != "").all().all()


def test_names_in_both_languages():
    assert type_names()["growth"] == "Growth ecosystem"
    assert type_names("ru", short=True)["growth"] == "Рост"
    with pytest.raises(ValueError, match="lang"):
        type_names("de")


def test_clusters_match_table3():
    assert clusters()["cluster"].tolist() == list(dict.fromkeys(load_indicators()["cluster"]))
    assert cluster_names()['"Kalashnikov" industrial cluster'] == "Kalashnikov"


def test_label_lookup():
    assert label("level.medium", "ru") == "средний"
    with pytest.raises(KeyError, match="labels.csv"):
        label("no.such.key")


def test_palette_is_stable_per_cluster():
    full = cluster_palette()
    assert list(full.values()) == list(PALETTE)
    subset = cluster_palette(['"Kalashnikov" industrial cluster', "My own cluster"])
    assert subset['"Kalashnikov" industrial cluster'] == full['"Kalashnikov" industrial cluster']
    assert subset["My own cluster"] not in full.values()


def test_rd_intensity_bands_are_the_ranges_of_the_member_industries():
    from ecosystems import rd_intensity_bands, rd_intensity_industries

    industries = rd_intensity_industries()
    assert len(industries) == 44
    bands = rd_intensity_bands()
    assert bands["group"].tolist() == ["high", "medium_high", "medium", "medium_low", "low"]
    assert bands["n_industries"].tolist() == [5, 8, 6, 14, 11]
    assert bands["lowest_percent"].tolist() == [24.05, 5.72, 1.93, 0.57, 0.01]
    assert bands["highest_percent"].tolist() == [31.69, 18.87, 3.58, 1.76, 0.38]
    # the interval between two groups: the top of the lower group to the bottom of the upper one
    assert bands["gap_below_percent"].tolist()[:4] == [18.87, 3.58, 1.76, 0.38]
    assert bands["gap_below_percent"].isna().tolist() == [False] * 4 + [True]
    assert bands.loc[2, "lowest_industry"] == "Repair and installation of machinery and equipment"
    for row in bands.itertuples():  # every member industry inside its group's range
        members = industries[industries["group"] == row.group]["rd_intensity_percent"]
        assert members.between(row.lowest_percent, row.highest_percent).all()
