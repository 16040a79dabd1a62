"""Cooperation ratios (GISP form for Resolution No. 779) and the selection rule."""

import importlib.util

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from ecosystems import (
    DataError,
    config,
    cooperation_ratio,
    load_indicators,
    load_participants,
    reported_shares,
    select_clusters,
    selection_counts,
)
from ecosystems.analysis.cooperation import participant_ratios


def table(rows):
    return pd.DataFrame(rows, columns=[
        "cluster", "participant", "year",
        "supplied_to_cluster_mln_rub", "supplied_total_mln_rub",
    ])


def indicators(rows):
    return pd.DataFrame(rows, columns=["cluster", "year", "rd_per_employee",
                                       "value_added_per_employee"])


# --- cooperation_ratio -------------------------------------------------------------------------

def test_hand_computed_two_clusters_two_years():
    df = table([
        ("K", "p", 2022, 90.0, 100.0),
        ("K", "q", 2022, 1.0, 10.0),
        ("K", "p", 2023, 30.0, 60.0),
        ("K", "q", 2023, 10.0, 40.0),
        ("L", "r", 2022, 0.0, 50.0),
    ])
    got = cooperation_ratio(df)
    expected = pd.DataFrame({
        "cluster": ["K", "K", "L"],
        "year": [2022, 2023, 2022],
        "n_participants": [2, 2, 1],
        "n_zero_output": [0, 0, 0],
        "zero_output_participants": ["", "", ""],
        "n_missing": [0, 0, 0],
        "missing_participants": ["", "", ""],
        "supplied_to_cluster_mln_rub": [91.0, 40.0, 0.0],
        "supplied_total_mln_rub": [110.0, 100.0, 50.0],
        # 91/110; 40/100; 0/50
        "weighted_ratio": [91 / 110, 0.4, 0.0],
        # (0.9 + 0.1)/2; (0.5 + 0.25)/2; 0
        "unweighted_ratio": [0.5, 0.375, 0.0],
        "largest_participant": ["p", "p", "r"],
        "largest_share": [100 / 110, 0.6, 1.0],
    })
    assert_frame_equal(got, expected, check_dtype=False)


def test_keeps_cluster_order_of_first_appearance_and_sorts_years():
    df = table([("Z", "a", 2023, 1, 2), ("A", "b", 2022, 1, 4), ("Z", "a", 2021, 1, 1)])
    got = cooperation_ratio(df)
    assert got[["cluster", "year"]].values.tolist() == [["Z", 2021], ["Z", 2023], ["A", 2022]]


def test_zero_output_participant_is_counted_named_and_left_out_of_the_mean():
    df = table([
        ("K", "p", 2022, 30.0, 100.0),
        ("K", "new", 2022, 0.0, 0.0),
        ("K", "q", 2022, 40.0, 50.0),
    ])
    row = cooperation_ratio(df).iloc[0]
    assert row["n_participants"] == 3
    assert row["n_zero_output"] == 1
    assert row["zero_output_participants"] == "new"
    assert row["weighted_ratio"] == pytest.approx(70 / 150)
    assert row["unweighted_ratio"] == pytest.approx((0.3 + 0.8) / 2)  # not / 3
    parts = participant_ratios(df)
    assert parts["zero_output"].tolist() == [False, True, False]
    assert np.isnan(parts["participant_ratio"].iloc[1])


def test_cluster_with_only_zero_output_has_undefined_ratios():
    df = table([("K", "a", 2022, 0.0, 0.0), ("K", "b", 2022, 0.0, 0.0)])
    row = cooperation_ratio(df).iloc[0]
    assert row["n_zero_output"] == 2
    assert row["zero_output_participants"] == "a; b"
    assert np.isnan(row["weighted_ratio"])
    assert np.isnan(row["unweighted_ratio"])
    assert np.isnan(row["largest_share"])


def test_missing_volume_is_left_out_of_both_sums_and_named():
    df = table([
        ("K", "p", 2022, 30.0, 100.0),
        ("K", "gap", 2022, np.nan, 500.0),  # only the total known: must not enter the total
        ("K", "q", 2022, 40.0, 50.0),
    ])
    row = cooperation_ratio(df).iloc[0]
    assert row["n_participants"] == 3
    assert row["n_missing"] == 1
    assert row["missing_participants"] == "gap"
    assert row["supplied_total_mln_rub"] == 150.0
    assert row["weighted_ratio"] == pytest.approx(70 / 150)
    assert row["unweighted_ratio"] == pytest.approx((0.3 + 0.8) / 2)
    assert row["largest_participant"] == "p"


def test_dominant_participant_drives_the_weighted_ratio():
    # one participant with 90% of output and own ratio 0.05; four small ones at 0.8
    df = table([("K", "big", 2022, 45.0, 900.0)]
               + [("K", f"s{i}", 2022, 20.0, 25.0) for i in range(4)])
    row = cooperation_ratio(df).iloc[0]
    assert row["largest_participant"] == "big"
    assert row["largest_share"] == pytest.approx(900 / 1000)
    assert row["weighted_ratio"] == pytest.approx(125 / 1000)
    assert row["unweighted_ratio"] == pytest.approx((0.05 + 4 * 0.8) / 5)
    assert row["weighted_ratio"] < 0.30 < row["unweighted_ratio"]


@pytest.mark.parametrize("rows, fragments", [
    ([("K", "p", 2022, -1.0, 10.0)], ["'p'", "supplied_to_cluster_mln_rub", "-1.0"]),
    ([("K", "p", 2022, 1.0, np.inf)], ["'p'", "supplied_total_mln_rub", "'inf'"]),
    ([("K", "p", 2022, "lots", 2.0)], ["'p'", "supplied_to_cluster_mln_rub", "'lots'"]),
    ([("K", "p", 2022, 11.0, 10.0)], ["'p'", "2022", "more than its total"]),
])
def test_bad_in_memory_tables_are_named(rows, fragments):
    with pytest.raises(DataError) as err:
        cooperation_ratio(table(rows))
    for fragment in fragments:
        assert fragment in str(err.value)


def test_missing_column_is_named():
    with pytest.raises(DataError, match="supplied_total_mln_rub"):
        cooperation_ratio(table([("K", "p", 2022, 1.0, 2.0)]).drop(
            columns="supplied_total_mln_rub"))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1e4)), min_size=1, max_size=8))
def test_ratios_are_shares_and_weighted_matches_the_form(pairs):
    df = table([("K", f"p{i}", 2022, ratio * total, total)
                for i, (ratio, total) in enumerate(pairs)])
    row = cooperation_ratio(df).iloc[0]
    total = sum(t for _, t in pairs)
    if total > 0:
        assert row["weighted_ratio"] == pytest.approx(sum(r * t for r, t in pairs) / total)
        assert -1e-12 <= row["weighted_ratio"] <= 1 + 1e-12
    assert row["n_zero_output"] == sum(t == 0 for _, t in pairs)


# --- select_clusters ---------------------------------------------------------------------------

COMPLETE = indicators([
    ("A", 2022, 0.1, 2.0), ("A", 2023, 0.2, 3.0),
    ("B", 2022, 0.1, 2.0), ("B", 2023, 0.2, 3.0),
    ("C", 2022, 0.1, 2.0), ("C", 2023, 0.2, 3.0),
])


def shares(pairs):
    return pd.DataFrame(pairs, columns=["cluster", "share"])


def test_strictly_above_keeps_and_drops_with_reasons():
    got = select_clusters(shares([("A", 0.45), ("B", 0.30), ("C", 0.2999)]), COMPLETE)
    assert got["cluster"].tolist() == ["A", "B", "C"]
    assert got["kept"].tolist() == [True, False, False]
    assert got["reason"].tolist() == [
        "cooperation 45.00% above 30%; both indicators available",
        "cooperation 30.00% equal to the line 30%, not above it; both indicators available",
        "cooperation 29.99% below 30%; both indicators available",
    ]


def test_exactly_at_the_line_from_a_computed_ratio_and_a_percentage():
    # 45/150 from money amounts and 30.0/100 from a percent both sit exactly at the line,
    # as does 0.1 + 0.2 (0.30000000000000004 in binary)
    coop = shares([("A", 45 / 150), ("B", 30.0 / 100), ("C", 0.1 + 0.2)])
    strict = select_clusters(coop, COMPLETE, 0.30)
    assert not strict["kept"].any()
    assert strict["reason"].str.contains("equal to the line").all()
    inclusive = select_clusters(coop, COMPLETE, 0.30, inclusive=True)
    assert inclusive["kept"].all()


def test_missing_indicator_drops_and_names_column_and_year():
    gappy = COMPLETE.copy()
    gappy.loc[(gappy.cluster == "B") & (gappy.year == 2023), "value_added_per_employee"] = np.nan
    gappy = gappy[~((gappy.cluster == "C") & (gappy.year == 2022))]
    got = select_clusters(shares([("A", 0.5), ("B", 0.5), ("C", 0.5)]), gappy)
    assert got["kept"].tolist() == [True, False, False]
    assert got["indicators_complete"].tolist() == [True, False, False]
    assert got.loc[1, "reason"].endswith("indicators missing: value_added_per_employee 2023")
    assert got.loc[2, "reason"].endswith(
        "indicators missing: rd_per_employee 2022; value_added_per_employee 2022")
    # restricting the years to those present makes C complete again
    assert select_clusters(shares([("C", 0.5)]), gappy, years=[2023])["kept"].iloc[0]


def test_clusters_only_on_one_side_are_listed_dropped_or_unknown():
    got = select_clusters(shares([("A", 0.9), ("X", 0.9)]), COMPLETE)
    assert got["cluster"].tolist() == ["A", "X", "B", "C"]
    # a cluster with indicators but no share is unknown (neither kept nor dropped)
    assert got["status"].tolist() == ["kept", "dropped", "unknown", "unknown"]
    assert got["kept"].tolist() == [True, False, pd.NA, pd.NA]
    assert got["kept"].dtype == "boolean"
    assert got.loc[1, "reason"].endswith("not in the indicator table")
    assert got.loc[2, "reason"] == "no cooperation share reported; both indicators available"


def test_no_share_and_missing_indicators_is_dropped_not_unknown():
    gappy = COMPLETE.copy()
    gappy.loc[gappy.cluster == "B", "rd_per_employee"] = np.nan
    got = select_clusters(shares([("A", 0.9)]), gappy).set_index("cluster")
    assert got.loc["B", "status"] == "dropped" and got.loc["C", "status"] == "unknown"


def test_without_indicators_only_cooperation_is_checked():
    got = select_clusters(shares([("A", 0.31), ("B", 0.1)]), None)
    assert got["kept"].tolist() == [True, False]
    assert got["indicators_complete"].isna().all()
    assert got["reason"].str.endswith("indicators not checked").all()


def test_percentages_and_duplicates_are_refused():
    with pytest.raises(ValueError, match="did you mean 0.3"):
        select_clusters(shares([("A", 0.5)]), None, min_cooperation=30)
    with pytest.raises(DataError, match="'A' has more than one share"):
        select_clusters(shares([("A", 0.5), ("A", 0.6)]), None)


def test_reported_shares_against_table3():
    reported = reported_shares()
    assert reported["share"].tolist() == pytest.approx(
        (reported["share_percent"] / 100).tolist())
    got = select_clusters(reported, load_indicators())
    table3 = load_indicators()["cluster"].unique().tolist()
    # every reported row and every Table 3 cluster appears exactly once
    assert len(got) == len(set(reported["cluster"]) - {""}) + (reported["cluster"] == "").sum() \
        + len(set(table3) - set(reported["cluster"]))
    kept = got.loc[got["status"] == "kept", "cluster"].tolist()
    assert kept == [c for c in reported["cluster"] if c in table3]
    # the Table 3 clusters the paper gives no share for are unknown, not dropped
    unknown = got.loc[got["status"] == "unknown", "cluster"].tolist()
    assert unknown == [c for c in table3 if c not in set(reported["cluster"])]
    unmatched = got[got["cluster"].isin(reported.loc[reported["cluster"] == "",
                                                      "cluster_as_reported"])]
    assert unmatched["reason"].str.startswith("reported share matches no cluster").all()


def test_selection_counts_fall_as_the_line_rises():
    coop = shares([("A", 0.15), ("B", 0.30), ("C", 0.6)])
    got = selection_counts(coop, COMPLETE)
    assert got["min_cooperation"].tolist() == [0.10, 0.20, 0.30, 0.50]
    assert got["n_kept"].tolist() == [3, 2, 1, 1]
    assert got["n_dropped"].tolist() == [0, 1, 2, 2]
    assert got["n_unknown"].tolist() == [0, 0, 0, 0]
    assert got["kept"].tolist() == ["A; B; C", "B; C", "C", "C"]
    partial = selection_counts(shares([("A", 0.7)]), COMPLETE)
    assert partial["n_unknown"].tolist() == [2, 2, 2, 2]  # B and C: no share at any line
    assert selection_counts(coop, COMPLETE, [0.3], inclusive=True)["n_kept"].tolist() == [2]


# --- the synthetic example ---------------------------------------------------------------------

def test_synthetic_file_is_what_the_seeded_script_writes():
    script = config.ROOT / "scripts" / "make_synthetic_participants.py"
    spec = importlib.util.spec_from_file_location("make_synthetic_participants", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render() == config.PARTICIPANTS_SYNTHETIC.read_text(encoding="utf-8")
    assert module.render(seed=1) != module.render()
    # and the loader reads back exactly the generated table
    assert_frame_equal(load_participants(config.PARTICIPANTS_SYNTHETIC), module.make(),
                       check_dtype=False)


def test_synthetic_file_shows_the_failure_modes():
    text = config.PARTICIPANTS_SYNTHETIC.read_text(encoding="utf-8")
    assert text.startswith("# SYNTHETIC")
    df = load_participants(config.PARTICIPANTS_SYNTHETIC)
    assert df["cluster"].str.startswith("SYNTHETIC").all()
    coop = cooperation_ratio(df)
    assert (coop["n_zero_output"] > 0).any()
    assert (coop["largest_share"] > 0.8).any()
    gap = coop["weighted_ratio"] - coop["unweighted_ratio"]
    assert (gap < -0.3).any() and (gap > 0.3).any()  # dominance can push either way


# --- figures -----------------------------------------------------------------------------------

def test_reported_bars_use_the_collection_palette_for_matched_clusters():
    import matplotlib.colors as mcolors

    from ecosystems import cluster_palette, plot_reported_shares
    from ecosystems.draw.style import EXTRA_COLOUR

    reported = reported_shares()
    ax = plot_reported_shares(reported, 0.30, (0.10, 0.20, 0.50))
    bars = ax.patches
    assert len(bars) == len(reported)
    palette = cluster_palette()
    expected = [palette.get(c, EXTRA_COLOUR) for c in reported["cluster"]]
    assert [mcolors.to_hex(b.get_facecolor()) for b in bars] == [c.lower() for c in expected]
    assert [b.get_width() for b in bars] == pytest.approx(reported["share"].tolist())
    assert sorted(line.get_xdata()[0] for line in ax.lines) == [0.10, 0.20, 0.30, 0.50]


def test_weighted_vs_unweighted_plots_both_measures_per_row():
    from ecosystems import plot_weighted_vs_unweighted

    coop = cooperation_ratio(table([("K", "big", 2022, 45.0, 900.0), ("K", "s", 2022, 20, 25),
                                    ("K", "z", 2023, 0, 0), ("K", "s", 2023, 1, 4)]))
    ax = plot_weighted_vs_unweighted(coop)
    unweighted, weighted = ax.collections[1], ax.collections[2]
    assert weighted.get_offsets()[:, 0].tolist() == pytest.approx(coop["weighted_ratio"].tolist())
    assert unweighted.get_offsets()[:, 0].tolist() == pytest.approx(
        coop["unweighted_ratio"].tolist())
    notes = [t.get_text() for t in ax.texts]
    assert "largest participant big: 97% of output" in notes[0]  # 900 / 925
    assert any("zero output (no own ratio): z" in n for n in notes)

