"""Figures of many clusters: a density layer, capped small multiples, bounded colour levels,
distributions instead of one bar per cluster-year."""

import numpy as np
import pytest

import ecosystems as eco
from ecosystems.draw.portrait import MANY_CLUSTERS
from ecosystems.draw.sensitivity_figures import MAX_BARS, MAX_LEVELS
from ecosystems.draw.style import PALETTE


@pytest.fixture(scope="module")
def many():
    return eco.synthetic_indicators(40, 5, seed=15)


def trajectory_gids(ax):
    return [a.get_gid() for a in ax.get_lines() if str(a.get_gid()).startswith("trajectory:")]


@pytest.mark.parametrize("scale", ["symlog", "linear"])
def test_many_clusters_are_a_density_with_the_ranked_ones_highlighted(many, scale):
    ax = eco.phase_portrait(many, scale=scale)
    mesh = next(c for c in ax.collections if c.get_gid() == "density")
    counts = mesh.get_array()
    finite = many[["rd_per_employee", "value_added_per_employee"]].notna().all(axis=1)
    assert counts.sum() == finite.sum()  # every cluster-year counted once
    ranked = eco.highlight_clusters(many, n=len(PALETTE))
    expected = [f"trajectory:{c}" for c in ranked.loc[ranked["chosen"], "cluster"]]
    assert trajectory_gids(ax) == expected
    legend = ax.artists[0] if ax.artists else ax.get_legend()
    title = legend.get_title().get_text().replace("\n", " ")
    assert f"{len(PALETTE)} of 40" in title and "most changes of type" in title
    texts = [t.get_text().replace("\n", " ") for t in legend.get_texts()]
    assert any(f"all {int(finite.sum())} cluster-years" in t for t in texts)


def test_density_cells_are_equal_on_screen(many):
    ax = eco.phase_portrait(many, scale="symlog")
    mesh = next(c for c in ax.collections if c.get_gid() == "density")
    corners = mesh.get_coordinates()  # (ny + 1, nx + 1, 2) in data coordinates
    xs = ax.transData.transform(corners[0])[:, 0]
    np.testing.assert_allclose(np.diff(xs), np.diff(xs)[0], rtol=1e-6)


def test_user_highlight_is_drawn_and_named(many):
    picked = ["SYNTHETIC cluster 03", "SYNTHETIC cluster 31"]
    ax = eco.phase_portrait(many, highlight=picked)
    assert trajectory_gids(ax) == [f"trajectory:{c}" for c in picked]


def test_few_clusters_keep_every_trajectory(table3):
    ax = eco.phase_portrait(table3)
    assert len(trajectory_gids(ax)) == table3["cluster"].nunique() <= MANY_CLUSTERS
    assert not [c for c in ax.collections if c.get_gid() == "density"]


@pytest.mark.slow  # a grid of many panels drawn
def test_small_multiples_are_capped_and_say_so(many):
    axes = eco.phase_portrait_grid(many)
    panels = [ax for ax in axes if ax.axison]
    assert len(panels) == eco.MAX_PANELS
    ranked = eco.highlight_clusters(many, n=eco.MAX_PANELS)
    assert [ax.get_title() for ax in panels] == ranked.loc[ranked["chosen"], "cluster"].tolist()
    heading = axes[0].figure.legends[0].get_title().get_text()
    assert f"{eco.MAX_PANELS} of 40 clusters shown" in heading


def test_threshold_map_colours_are_bounded():
    data = eco.synthetic_indicators(60, 4, seed=2)
    tmap = eco.threshold_map(data, "lower", resolution=9, factors=(0.5, 2.0))
    assert tmap["changed"].max() >= MAX_LEVELS  # else this tests nothing
    ax = eco.plot_threshold_map(tmap, "changed")
    mesh = ax.collections[0]
    assert mesh.cmap.N == MAX_LEVELS
    assert mesh.norm.boundaries[-1] >= tmap["changed"].max()


def test_few_counts_keep_one_colour_each(table3):
    tmap = eco.threshold_map(table3, "upper", resolution=9, factors=(0.5, 2.0))
    ax = eco.plot_threshold_map(tmap, "changed")
    assert ax.collections[0].cmap.N == int(tmap["changed"].max()) + 1


def test_margins_and_noise_become_distributions_when_many(many):
    margins = eco.stability_margins(many)
    assert margins["margin"].notna().sum() > MAX_BARS
    ax = eco.plot_margins(margins)
    heights = sum(p.get_height() for p in ax.patches)
    assert heights == margins["margin"].notna().sum()  # stacked: every cluster-year once
    assert ax.figure.get_size_inches()[1] < 4
    probs = eco.noise_probabilities(many, sigma=0.1, draws=50, seed=1)
    ax = eco.plot_noise(probs, sigma=0.1, draws=50, seed=1)
    assert sum(p.get_height() for p in ax.patches) == probs["p_same"].notna().sum()
    assert "50 draws" in ax.get_title()
