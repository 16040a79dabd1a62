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
