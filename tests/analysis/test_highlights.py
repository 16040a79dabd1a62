import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import ecosystems as eco


def test_ranks_by_type_changes_then_movement_then_name():
    data = pd.DataFrame({
        "cluster": ["a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "d", "d"],
        "year": [2020, 2021, 2022] * 4,
        # a: traditional -> adaptation -> traditional (2 changes); b: one change;
        # c and d: none, d moves further than c
        "value_added_per_employee": [1.0, 3.0, 1.0, 1.0, 3.0, 3.0, 1.0, 1.1, 1.2, 0.5, 1.0, 1.5],
        "rd_per_employee": [0.05] * 12,
    })
    ranked = eco.highlight_clusters(data, n=2)
    assert ranked["cluster"].tolist() == ["a", "b", "d", "c"]
    assert ranked["type_changes"].tolist() == [2, 1, 0, 0]
    assert ranked["chosen"].tolist() == [True, True, False, False]
    assert ranked["rank"].tolist() == [1, 2, 3, 4]
    expected_d = np.hypot(np.log1p(1.5) - np.log1p(0.5), 0.0)
    assert ranked.loc[2, "movement"] == pytest.approx(expected_d)
    assert ranked.loc[0, "first_type"] == "traditional_production"


def test_user_choice_comes_first_and_alone_is_chosen():
    data = eco.synthetic_indicators(30, 4, seed=3)
    picked = ["SYNTHETIC cluster 07", "SYNTHETIC cluster 02"]
    ranked = eco.highlight_clusters(data, chosen=picked)
    assert ranked["cluster"].tolist()[:2] == picked
    assert ranked["chosen"].sum() == 2
    with pytest.raises(KeyError, match="nowhere"):
        eco.highlight_clusters(data, chosen=["nowhere"])


def test_every_cluster_once_and_same_result_for_same_data():
    data = eco.synthetic_indicators(40, 5, seed=11)
    a, b = eco.highlight_clusters(data), eco.highlight_clusters(data.sample(frac=1, random_state=1))
    assert sorted(a["cluster"]) == sorted(data["cluster"].unique())
    assert_frame_equal(a, b)
    assert a["chosen"].sum() == eco.HIGHLIGHTED
