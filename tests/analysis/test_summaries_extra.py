"""The user's own columns (region, sector, ...) are kept through the result tables."""

import pandas as pd
from pandas.testing import assert_frame_equal

import ecosystems as eco


def with_region(n_clusters=4, n_years=3):
    data = eco.synthetic_indicators(n_clusters, n_years, seed=1)
    names = list(data["cluster"].unique())
    return data.assign(region=data["cluster"].map({c: f"R{k % 2}" for k, c in enumerate(names)}),
                       sector=data["year"].map(lambda y: f"s{y}"))


def test_extra_columns_are_the_users_own():
    data = with_region()
    assert eco.extra_columns(data) == ["region", "sector"]
    assert eco.extra_columns(eco.classify(data, eco.Thresholds())) == ["region", "sector"]
    assert eco.extra_columns(eco.synthetic_indicators(2, 2, seed=1)) == []


def test_kept_by_cluster_year_or_by_cluster():
    data = with_region()
    classified = eco.classify(data, eco.Thresholds())
    profile = eco.keep_extra_columns(eco.support_profile(classified), data)
    assert list(profile.columns[:4]) == ["cluster", "year", "region", "sector"]
    assert profile["sector"].tolist() == [f"s{y}" for y in profile["year"]]
    expected = profile["cluster"].map(dict(zip(data["cluster"], data["region"], strict=True)))
    assert profile["region"].tolist() == expected.tolist()
    per_cluster = eco.keep_extra_columns(pd.DataFrame({"cluster": ["SYNTHETIC cluster 2"]}), data)
    assert per_cluster.to_dict("records") == [
        {"cluster": "SYNTHETIC cluster 2", "region": "R1", "sector": f"s{data['year'].min()}"}]


def test_nothing_to_keep_leaves_the_table_alone(table3):
    profile = eco.support_profile(eco.classify(table3, eco.Thresholds()))
    assert eco.keep_extra_columns(profile, table3) is profile
    assert_frame_equal(eco.keep_extra_columns(profile, table3), profile)
