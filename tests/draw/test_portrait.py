import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.lines import Line2D

from ecosystems import (
    PhasePortrait,
    Thresholds,
    cluster_names,
    load_indicators,
    phase_portrait,
    phase_portrait_grid,
    save_figure,
    type_names,
    type_slugs,
)
from ecosystems.draw.scales import default_linthresh, number, plot_limits, scale_note
from ecosystems.draw.style import cluster_palette


@pytest.fixture(scope="module")
def data():
    return load_indicators()


def trajectories(ax):
    return [a for a in ax.get_lines() if str(a.get_gid()).startswith("trajectory:")]


def texts(ax):
    return [t.get_text() for t in ax.texts]


def threshold_positions(ax, axis):
    out = []
    for line in ax.get_lines():
        gid = str(line.get_gid())
        if gid.startswith(f"threshold:{axis}:"):
            values = line.get_xdata() if axis == "x" else line.get_ydata()
            assert values[0] == values[1]
            out.append(float(values[0]))
    return sorted(out)


@pytest.mark.parametrize("scale", ["symlog", "linear"])
def test_phase_portrait_returns_axes_with_one_trajectory_per_cluster(data, scale):
    ax = phase_portrait(data, scale=scale)
    assert isinstance(ax, plt.Axes)
    lines = trajectories(ax)
    assert len(lines) == data["cluster"].nunique()
    assert {line.get_gid() for line in lines} == {f"trajectory:{c}" for c in data["cluster"]}
    assert ax.get_xscale() == scale and ax.get_yscale() == scale
    # every point of the data is on its trajectory
    for line in lines:
        cluster = line.get_gid().split(":", 1)[1]
        rows = data[data["cluster"] == cluster].sort_values("year")
        np.testing.assert_array_equal(line.get_xdata(), rows["value_added_per_employee"])
        np.testing.assert_array_equal(line.get_ydata(), rows["rd_per_employee"])


def test_phase_portrait_draws_into_given_axes_only(data):
    fig, (left, right) = plt.subplots(1, 2)
    before = len(plt.get_fignums())
    out = phase_portrait(data, ax=right, legend=False)
    assert out is right
    assert len(plt.get_fignums()) == before
    assert trajectories(left) == [] and len(trajectories(right)) == 9
    # redrawing into the cleared Axes gives the same artists again
    right.cla()
    phase_portrait(data, ax=right, legend=False, clusters=list(data["cluster"].unique()[:3]))
    assert len(trajectories(right)) == 3


def test_subset_keeps_colours(data):
    some = list(data["cluster"].unique()[[1, 4]])
    ax = phase_portrait(data, clusters=some)
    palette = cluster_palette()
    for line in trajectories(ax):
        cluster = line.get_gid().split(":", 1)[1]
        assert line.get_color() == palette[cluster]
    assert len(trajectories(ax)) == 2


def test_unknown_cluster_is_an_error(data):
    with pytest.raises(KeyError, match="not in the data"):
        phase_portrait(data, clusters=["No such cluster"])


def test_unknown_scale_is_an_error(data):
    with pytest.raises(ValueError, match="scale must be one of"):
        phase_portrait(data, scale="log")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_region_is_shaded_and_labelled(data, lang):
    ax = phase_portrait(data, lang=lang)
    patches = {p.get_gid() for p in ax.patches}
    assert {f"region:{s}" for s in type_slugs()} <= patches
    labels = {t.get_gid(): t.get_text().replace("\n", " ") for t in ax.texts
              if str(t.get_gid()).startswith("region-label:")}
    names = type_names(lang, short=True)
    assert labels == {f"region-label:{s}": names[s] for s in type_slugs()}


@pytest.mark.parametrize("cuts", [None, {"innovation": [0.05, 0.2], "productivity": [1.0, 3.0]}])
def test_threshold_lines_at_the_given_values(data, cuts):
    t = Thresholds.from_any(cuts)
    ax = phase_portrait(data, thresholds=cuts)
    assert threshold_positions(ax, "x") == list(t.productivity)
    assert threshold_positions(ax, "y") == list(t.innovation)
    shown = texts(ax)
    for cut in (*t.productivity, *t.innovation):
        assert any(s.strip() == number(cut) for s in shown), cut


def test_russian_labels(data):
    ax = phase_portrait(data, lang="ru")
    shown = " ".join(texts(ax))
    assert type_names("ru", short=True)["traditional_production"] in shown.replace("\n", " ")
    assert ax.get_xlabel() == "Добавленная стоимость на одного работника, млн руб."
    legend_text = [t.get_text() for t in ax.get_legend().get_texts()]
    legend_text += [t.get_text() for a in ax.artists for t in a.get_texts()]
    legend_text = [t.replace("\n", " ") for t in legend_text]  # long names on two lines
    for name in cluster_names("ru", short=True).values():
        assert name in legend_text
    assert "0,1" in [s.strip() for s in shown.split()]


def test_russian_cluster_names_cover_all_clusters(data):
    for short in (True, False):
        names = cluster_names("ru", short=short)
        assert set(names) == set(data["cluster"])
        assert all(names.values())
        assert all(any("\u0400" <= ch <= "\u04ff" for ch in n) for n in names.values())


def test_linear_region_and_limits(data):
    assert default_linthresh() == (0.1, 0.01)
    (x0, x1), (y0, y1) = plot_limits(data)
    assert x0 < 0 < data["value_added_per_employee"].max() < 4 < x1
    assert y0 < 0 < data["rd_per_employee"].max() < 0.3 < y1
    assert "0.1" in scale_note("symlog") and "0.01" in scale_note("symlog")
    assert "0,01" in scale_note("symlog", lang="ru")


def test_zeros_are_drawn_inside_the_axes(data):
    ax = phase_portrait(data)
    assert ax.get_xlim()[0] < 0 and ax.get_ylim()[0] < 0


@pytest.mark.slow  # a grid of panels drawn
def test_grid_one_panel_per_cluster_with_types(data):
    axes = phase_portrait_grid(data)
    used = [ax for ax in axes if ax.axison]
    assert len(used) == data["cluster"].nunique()
    runs = {}
    for ax in used:
        assert len(trajectories(ax)) == 1
        cluster = trajectories(ax)[0].get_gid().split(":", 1)[1]
        assert ax.xaxis.label.get_gid() == f"types:{cluster}"
        runs[cluster] = ax.xaxis.label.get_text().replace("\n", " ")
    # the types by year under each panel, consecutive years of a type joined
    assert runs['"Kalashnikov" industrial cluster'] == "2020\u20132023 Improvement"
    assert runs['"Transport and special mechanical engineering and instrument making" cluster'] == (
        "2020 Adaptation \u2192 2021 Traditional production \u2192 2022\u20132023 Adaptation")
    assert all(ax.get_xlim() == used[0].get_xlim() for ax in used)
    assert all(ax.get_ylim() == used[0].get_ylim() for ax in used)


def test_grid_accepts_axes_and_switches_off_spares(data):
    fig, axes = plt.subplots(2, 2)
    some = list(data["cluster"].unique()[:3])
    out = phase_portrait_grid(data, clusters=some, axes=axes)
    assert [ax.axison for ax in out] == [True, True, True, False]
    assert out[0].figure is fig


def test_missing_values_do_not_break_the_portrait():
    df = pd.DataFrame({"cluster": ["A"] * 3, "year": [2020, 2021, 2022],
                       "rd_per_employee": [0.05, np.nan, 0.2],
                       "value_added_per_employee": [1.0, 2.5, 3.0]})
    ax = phase_portrait(df)
    assert len(trajectories(ax)) == 1


def test_output_bytes_are_stable(data, tmp_path):
    ax = phase_portrait(data, clusters=list(data["cluster"].unique()[:2]))
    first = save_figure(ax.figure, "pp", folder=tmp_path / "a")
    second = save_figure(ax.figure, "pp", folder=tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_legend_entries_are_lines(data):
    ax = phase_portrait(data)
    handles = ax.artists[0].legend_handles if ax.artists else []
    assert len(handles) == 9 and all(isinstance(h, Line2D) for h in handles)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_region_labels_fit_their_regions_and_legends_do_not_overlap(data, lang):
    ax = phase_portrait(data, lang=lang)
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    regions = {p.get_gid().split(":", 1)[1]: p for p in ax.patches
               if str(p.get_gid()).startswith("region:")}
    axes_box = ax.get_window_extent(renderer)
    for text in ax.texts:
        gid = str(text.get_gid())
        if not gid.startswith("region-label:"):
            continue
        box = text.get_window_extent(renderer)
        cell = regions[gid.split(":", 1)[1]].get_window_extent(renderer)
        cell = cell.intersection(cell, axes_box)
        assert cell.x0 - 1 <= box.x0 and box.x1 <= cell.x1 + 1, (gid, box, cell)
        assert cell.y0 - 1 <= box.y0 and box.y1 <= cell.y1 + 1, (gid, box, cell)
    legends = [ax.get_legend(), *[a for a in ax.artists if a is not ax.get_legend()]]
    boxes = [lg.get_window_extent(renderer) for lg in legends if lg is not None]
    assert len(boxes) == 2 and not boxes[0].overlaps(boxes[1])
    figure_box = fig.bbox
    for box in boxes:  # legends inside the figure, right of the Axes
        assert box.x0 >= axes_box.x1 and box.x1 <= figure_box.x1
    title = ax.title.get_window_extent(renderer)
    assert title.x0 >= 0 and title.x1 <= figure_box.x1


def portrait_geometry(ax):
    """Threshold lines, their labels, region extents and region-label positions by gid."""
    out = {}
    for artist in ax.get_children():
        gid = str(artist.get_gid())
        if gid.startswith("threshold:"):
            out[gid] = (tuple(artist.get_xdata()), tuple(artist.get_ydata()))
        elif gid.startswith("region:"):
            out[gid] = tuple(artist.get_bbox().bounds)
        elif gid.startswith(("threshold-label:", "region-label:")):
            # positions in axes fraction: rounded, the two Axes differ in the last bits of width
            pos = tuple(round(float(v), 9) for v in artist.get_position())
            out[gid] = (pos, artist.get_text(), artist.get_fontsize(),
                        artist.get_rotation(), artist.get_ha(), artist.get_va())
    return out


@pytest.mark.parametrize("scale", ["symlog", "linear"])
@pytest.mark.parametrize("cuts", [
    Thresholds(innovation=(0.05, 0.2), productivity=(1.5, 3.0)),
    Thresholds(innovation=(0.2, 0.9), productivity=(2.5, 9.0)),  # upper cuts beyond the data
])
def test_update_thresholds_matches_a_fresh_portrait(data, scale, cuts):
    fig, (moved, fresh) = plt.subplots(1, 2, figsize=(10, 4))
    lin = default_linthresh()
    portrait = PhasePortrait(data, ax=moved, scale=scale, linthresh=lin, legend=False)
    before = len(moved.get_children())
    assert portrait.update_thresholds(cuts)
    phase_portrait(data, ax=fresh, scale=scale, linthresh=lin, legend=False, thresholds=cuts)
    assert len(moved.get_children()) == before  # moved in place, nothing added
    assert portrait_geometry(moved) == portrait_geometry(fresh)
    assert moved.get_xlim() == fresh.get_xlim() and moved.get_ylim() == fresh.get_ylim()
    assert list(moved.get_yticks()) == list(fresh.get_yticks())
    # and back to the paper's cut points
    assert portrait.update_thresholds(Thresholds())
    phase_portrait(data, ax=fresh.clear() or fresh, scale=scale, linthresh=lin, legend=False)
    assert portrait_geometry(moved) == portrait_geometry(fresh)


def test_update_thresholds_declines_a_new_linear_part(data):
    fig, ax = plt.subplots()
    portrait = PhasePortrait(data, ax=ax, legend=False)  # symlog part follows the lower cuts
    assert not portrait.update_thresholds(Thresholds(innovation=(0.05, 0.3)))  # 0.01 -> 0.001
    assert portrait.thresholds == Thresholds()
    assert portrait.update_thresholds(Thresholds(innovation=(0.2, 0.3)))  # same decade
    assert portrait.thresholds.innovation == (0.2, 0.3)


@pytest.mark.parametrize("scale", ["symlog", "linear"])
def test_oecd_strips_follow_their_rays_on_either_scale(data, scale):
    """The strips lie between y = k x rays: straight on linear axes, curves on symlog ones.

    The vertices are on the rays by construction; what is checked is the drawn
    path: the midpoint of every drawn segment, taken back from display to data
    coordinates, still has the ray's ratio (a coarse sampling on symlog axes
    would cut the corner of the curve).
    """
    from ecosystems import rd_intensity_bands

    ax = phase_portrait(data, scale=scale, intensity_bands=True)
    strips = [p for p in ax.patches if str(p.get_gid()).startswith("oecd-strip:")]
    bands = rd_intensity_bands().set_index("group")
    assert sorted(s.get_gid() for s in strips) == sorted(
        f"oecd-strip:{g}" for g in ["high", "medium_high", "medium", "medium_low"])
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for strip in strips:
        group = strip.get_gid().split(":", 1)[1]
        xy = strip.get_xy()
        ratios = {bands.loc[group, "gap_below_percent"] / 100,
                  bands.loc[group, "lowest_percent"] / 100}
        display = ax.transData.transform(xy)
        middle = ax.transData.inverted().transform((display[:-1] + display[1:]) / 2)
        # segments along one ray (not the edges joining the two rays)
        same_ray = np.isclose(xy[:-1, 1] * xy[1:, 0], xy[1:, 1] * xy[:-1, 0])
        for (x, y), keep in zip(middle, same_ray, strict=True):
            if not keep or not (x0 < x < x1 and y0 < y < y1) or x <= 0:
                continue
            assert min(abs(y / x - k) / k for k in ratios) < 0.01, (group, x, y)
    labels = {t.get_gid() for t in ax.texts if str(t.get_gid()).startswith("oecd-label:")}
    assert labels == {f"oecd-label:{g}" for g in bands.index}
    assert not [p for p in phase_portrait(data).patches if str(p.get_gid()).startswith("oecd")]


def test_update_thresholds_keeps_the_oecd_layer_like_a_fresh_portrait(data):
    fig, (moved, fresh) = plt.subplots(1, 2, figsize=(10, 4))
    lin = default_linthresh()
    cuts = Thresholds(innovation=(0.2, 0.9), productivity=(2.5, 9.0))  # new limits
    portrait = PhasePortrait(data, ax=moved, linthresh=lin, legend=False, intensity_bands=True)
    assert portrait.update_thresholds(cuts)
    phase_portrait(data, ax=fresh, linthresh=lin, legend=False, thresholds=cuts,
                   intensity_bands=True)

    def layer(ax):
        return sorted((str(a.get_gid()), np.round(a.get_xy(), 9).tolist() if hasattr(a, "get_xy")
                       else (tuple(np.round(a.get_position(), 9)), round(a.get_rotation(), 6)))
                      for a in ax.get_children() if str(a.get_gid()).startswith("oecd-"))

    assert layer(moved) == layer(fresh) and len(layer(moved)) == 9


def test_numbers_are_written_with_powers_of_ten_when_large_or_small():
    assert number(1e9) == "10\u2079" and number(2e9) == "2\u00d710\u2079"
    assert number(1234567.0) == "1.234567\u00d710\u2076"  # every digit kept
    assert number(2.5e-5, "ru") == "2,5\u00d710\u207b\u2075"
    assert number(0.005) == "0.005" and number(0.1, "ru") == "0,1" and number(0) == "0"


def test_symlog_linear_part_meets_the_logarithmic_part_without_a_kink(data):
    """The slope of the axis just below and just above the linear threshold is the same."""
    ax = phase_portrait(data)
    lt = default_linthresh()[1]
    f = ax.yaxis.get_transform().transform
    eps = 1e-6 * lt
    below = (f(np.array([lt])) - f(np.array([lt - eps])))[0] / eps
    above = (f(np.array([lt + eps])) - f(np.array([lt])))[0] / eps
    assert below == pytest.approx(above, rel=1e-4)
    # so 0-0.01 (and the margin under zero) takes about a fifth of the height, not two fifths
    y0, y1 = ax.get_ylim()
    share = (f(np.array([lt])) - f(np.array([y0])))[0] / (f(np.array([y1])) - f(np.array([y0])))[0]
    assert 0.15 < share < 0.25


def test_equal_cuts_move_in_place_with_the_empty_regions_unnamed(data):
    portrait = PhasePortrait(data, legend=False)
    assert portrait.update_thresholds(Thresholds(innovation=(0.3, 0.3)))
    hidden = [t.get_gid() for t in portrait.region_texts if not t.get_visible()]
    assert hidden and all(g.startswith("region-label:") for g in hidden)
