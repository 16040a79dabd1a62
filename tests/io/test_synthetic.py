"""The SYNTHETIC indicator generator: seeded, labelled, shaped like Table 3, readable."""

import importlib.util

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import ecosystems as eco
from ecosystems import config
from ecosystems.io import synthetic


def test_same_seed_same_table_other_seed_other_table():
    a = eco.synthetic_indicators(20, 5, seed=3)
    assert_frame_equal(a, eco.synthetic_indicators(20, 5, seed=3))
    assert not a.equals(eco.synthetic_indicators(20, 5, seed=4))


@pytest.mark.parametrize("n_clusters, n_years", [(1, 1), (151, 10), (5000, 20)])
def test_shape_names_years_and_types(n_clusters, n_years):
    df = eco.synthetic_indicators(n_clusters, n_years)
    assert df.shape == (n_clusters * n_years, 4)
    assert df["cluster"].str.startswith("SYNTHETIC cluster ").all()
    assert df["cluster"].nunique() == n_clusters
    assert df["year"].dtype == "int64" and df["year"].max() == synthetic.LAST_YEAR
    assert df.groupby("cluster")["year"].nunique().eq(n_years).all()
    values = df[["rd_per_employee", "value_added_per_employee"]].to_numpy()
    known = values[~np.isnan(values)]
    assert (known >= 0).all() and np.array_equal(np.round(known, 3), known)


def test_the_distribution_has_what_the_docs_promise():
    df = eco.synthetic_indicators(5000, 20)
    rd, va = df["rd_per_employee"], df["value_added_per_employee"]
    for column in (rd, va):  # about 2 % missing each
        assert 0.015 < column.isna().mean() < 0.025
    assert 0.02 < (rd == 0).mean() < 0.06  # 3 % set to zero, and small values rounded to 0.000
    assert 0.005 < (va == 0).mean() < 0.02
    assert 0.015 < rd.median() < 0.06 and 0.7 < va.median() < 1.4  # around Table 3's
    types = eco.classify(df)
    assert types["ecosystem_type"].nunique() == 9  # every type of Table 1 occurs
    changes = types.sort_values(["cluster", "year"]).groupby("cluster")["ecosystem_type"]
    assert 0.1 < changes.nunique().gt(1).mean() < 0.9  # some clusters change type


def test_the_loader_reads_back_what_the_script_writes(tmp_path):
    script = config.ROOT / "scripts" / "make_synthetic_indicators.py"
    spec = importlib.util.spec_from_file_location("make_synthetic_indicators", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    df = eco.synthetic_indicators(151, 10)
    long = tmp_path / "long.csv"
    long.write_text(module.comment(151, 10) + module.long_csv(df), encoding="utf-8")
    wide = tmp_path / "wide.csv"
    wide.write_text(module.comment(151, 10) + module.wide_csv(df), encoding="utf-8")
    assert_frame_equal(eco.load_indicators(long), df)
    loaded, report = eco.load_indicators(wide, report=True)
    assert_frame_equal(loaded, df)
    assert report.layout == "wide" and not report.eventful


def test_needs_a_cluster_and_a_year():
    with pytest.raises(ValueError, match="at least one cluster and one year"):
        eco.synthetic_indicators(0, 3)
    assert isinstance(eco.synthetic_indicators(2, 2), pd.DataFrame)
