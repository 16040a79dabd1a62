"""The evaluation context of the claims ledger: the data as classify gives them, in order."""

import numpy as np
import pandas as pd

from ecosystems import ClaimRules, classify, cut_table
from ecosystems.analysis.claims.check_context import Context, prepare, status_word


def context(data, cuts=None):
    table = cut_table(cuts, data["year"])
    return Context(prepare(data, table), table, ClaimRules())


def shuffled_frame():
    rows = [("b", 2021, 0.15, 2.5), ("a", 2019, 0.05, 2.5), ("b", 2019, 0.05, 1.0),
            ("a", 2020, 0.05, 1.0), ("b", 2020, 0.15, 2.5), ("b", 2022, 0.5, 5.0),
            ("a", 2022, np.nan, 1.0)]
    return pd.DataFrame(rows, columns=["cluster", "year", "rd_per_employee",
                                       "value_added_per_employee"])


def test_prepare_matches_classify():
    data = shuffled_frame()
    arrays = prepare(data, cut_table(None, data["year"]))
    first_seen = {c: i for i, c in enumerate(pd.unique(data["cluster"]))}  # b before a
    classified = classify(data).sort_values(
        ["cluster", "year"], key=lambda s: s.map(first_seen) if s.name == "cluster" else s)
    assert arrays["cluster"].tolist() == classified["cluster"].tolist()
    for column in ("year", "innovation_level", "productivity_level", "ecosystem_type"):
        expected = classified[column].astype(object).to_numpy()
        assert [None if pd.isna(v) else v for v in expected] == \
            [None if pd.isna(v) else v for v in arrays[column]]


def test_status_words():
    assert [status_word(s) for s in (True, False, None, "note")] == [
        "holds", "fails", "not checkable", "note"]


def test_cut_points_per_year_reach_each_row_and_the_texts():
    data = shuffled_frame()
    table = cut_table(None, data["year"]).assign(innovation_lower=[0.05, 0.1, 0.15, 0.2])
    ctx = context(data, table)
    by_year = dict(zip(table["year"], table["innovation_lower"], strict=True))
    assert ctx.all["innovation_lower"].tolist() == [by_year[y] for y in ctx.all["year"]]
    assert ctx.cut("innovation_lower") == "0.05-0.2 by year"
    assert ctx.cut("innovation_upper") == "0.3"
    expected = classify(data, table).set_index(["cluster", "year"])["innovation_level"]
    got = dict(zip(zip(ctx.all["cluster"], ctx.all["year"], strict=True),
                   ctx.all["innovation_level"], strict=True))
    assert all(got[k] == (None if pd.isna(v) else v) for k, v in expected.items())
