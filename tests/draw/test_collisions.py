"""Nothing in a figure collides: rendered with Agg, measured with public artist APIs.

Four kinds of collision, each checked on the figures it used to occur in and
on cut points of any scale (the paper's, tiny ones, 1e9 from a parameter
file), in both languages, on symlog and linear axes:

- a legend (or a zoomed inset) over data: trajectory points, threshold lines,
  hatched regions, step lines;
- a label outside its region (region names, OECD group names);
- clipped text: any drawn text reaching outside the figure;
- merged ticks: two tick labels of one axis overlapping (and, more generally,
  two texts of a figure overlapping).

Boxes come from ``get_window_extent`` with the canvas renderer after a draw.
"""

import contextlib

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.axis import Axis, Tick, XTick
from matplotlib.legend import Legend
from matplotlib.text import Text

import ecosystems as eco
from ecosystems.analysis import sensitivity
from ecosystems.draw.style import paper_style

pytestmark = pytest.mark.slow  # each test draws and measures whole figures: minutes in all

PAPER = None
TINY = {"innovation": [0.0005, 0.002], "productivity": [0.05, 0.2]}
HUGE = {"innovation": [1e9, 2e9], "productivity": [1e9, 2e9]}
ONE_AXIS_HUGE = {"innovation": [0.1, 0.3], "productivity": [1e9, 2e9]}
CLOSE = {"innovation": [0.1, 0.1001], "productivity": [2.0, 2.001]}
CUTS = {"paper": PAPER, "tiny": TINY, "huge": HUGE, "one-axis-huge": ONE_AXIS_HUGE,
        "close": CLOSE}


@pytest.fixture(scope="module")
def data():
    return eco.load_indicators()


# --------------------------------------------------------------------------- measuring

def rendered(fig):
    """Draw ``fig`` with Agg and return the renderer."""
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def drawn_texts(fig) -> list[Text]:
    """Every text the figure draws: visible, non-empty, ticks only inside the view."""
    out = []

    def walk(artist):
        if not artist.get_visible():
            return
        if isinstance(artist, Tick):
            axis = artist.axes.xaxis if isinstance(artist, XTick) else artist.axes.yaxis
            lo, hi = sorted(axis.get_view_interval())
            loc, slack = artist.get_loc(), 1e-9 * (hi - lo)
            if loc is None or not lo - slack <= loc <= hi + slack:
                return
        if isinstance(artist, Text) and artist.get_text().strip():
            out.append(artist)
        children = artist.get_children()
        if isinstance(artist, Axes) and not artist.axison:
            children = [c for c in children
                        if not isinstance(c, Axis) and c not in artist.spines.values()]
        for child in children:
            walk(child)

    walk(fig)
    return out


def tick_labels(axis) -> list[Text]:
    """The drawn major tick labels of one axis."""
    lo, hi = sorted(axis.get_view_interval())
    slack = 1e-9 * (hi - lo)
    return [label for tick in axis.get_major_ticks()
            if tick.get_loc() is not None and lo - slack <= tick.get_loc() <= hi + slack
            for label in (tick.label1, tick.label2)
            if label.get_visible() and label.get_text().strip()]


def overlap(a, b, pad: float = 0.0) -> bool:
    """Whether two display boxes share an area (``pad`` pixels shrink both first)."""
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > pad
            and min(a.y1, b.y1) - max(a.y0, b.y0) > pad)


def all_axes(fig):
    """Every Axes of the figure, insets included."""
    out = []
    for ax in fig.axes:
        out += [ax, *ax.child_axes]
    return out


def data_points(ax) -> np.ndarray:
    """Display coordinates of every plotted point (line vertices, scatter offsets) of ``ax``."""
    pts = []
    for line in ax.get_lines():
        gid = str(line.get_gid())
        if gid.startswith(("trajectory:", "oat:")):
            xy = np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float)
            pts.append(ax.transData.transform(xy[np.isfinite(xy).all(axis=1)]))
    for coll in ax.collections:
        if str(coll.get_gid()).startswith("year:"):
            pts.append(coll.get_offset_transform().transform(coll.get_offsets()))
    return np.vstack(pts) if pts else np.empty((0, 2))


def covers(box, points: np.ndarray, margin: float = 0.0) -> bool:
    """Whether any point lies in ``box`` grown by ``margin`` pixels."""
    return bool(((points[:, 0] >= box.x0 - margin) & (points[:, 0] <= box.x1 + margin)
                 & (points[:, 1] >= box.y0 - margin) & (points[:, 1] <= box.y1 + margin)).any())


def obstacles(ax, renderer):
    """Boxes nothing may cover: threshold lines and hatched regions (clipped to the Axes)."""
    frame = ax.get_window_extent(renderer)
    boxes = []
    for line in ax.get_lines():
        if str(line.get_gid()).startswith("threshold:"):
            boxes.append(line.get_window_extent(renderer))
    for patch in ax.patches:
        if str(patch.get_gid()).startswith("region:") and patch.get_hatch():
            box = patch.get_window_extent(renderer)
            if overlap(box, frame):
                boxes.append(box.intersection(box, frame))
    return boxes


# --------------------------------------------------------------------------- checks

def assert_no_clipped_text(fig, renderer):
    frame = fig.bbox
    for text in drawn_texts(fig):
        box = text.get_window_extent(renderer)
        assert (box.x0 >= frame.x0 - 1 and box.x1 <= frame.x1 + 1
                and box.y0 >= frame.y0 - 1 and box.y1 <= frame.y1 + 1), \
            f"text {text.get_text()!r} at {box.bounds} reaches outside the figure {frame.bounds}"


def assert_no_merged_ticks(fig, renderer):
    for ax in all_axes(fig):
        for axis in (ax.xaxis, ax.yaxis):
            boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in tick_labels(axis)]
            for (sa, a), (sb, b) in zip(boxes[:-1], boxes[1:], strict=True):
                assert not overlap(a, b), f"tick labels {sa!r} and {sb!r} overlap: {a} {b}"


def corners(text, renderer) -> np.ndarray:
    """The four corners of a text's box in display pixels, rotated with the text.

    ``get_window_extent`` gives the upright box around a rotated text; for a
    slanted one (the OECD group names) the box itself is measured upright
    and turned about its centre.
    """
    box = text.get_window_extent(renderer)
    angle = text.get_rotation() % 180
    if angle in (0, 90):
        return np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1]])
    text.set_rotation(0)
    upright = text.get_window_extent(renderer)
    text.set_rotation(angle)
    a = np.radians(angle)
    u = np.array([np.cos(a), np.sin(a)]) * upright.width / 2
    v = np.array([-np.sin(a), np.cos(a)]) * upright.height / 2
    centre = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
    return np.array([centre - u - v, centre + u - v, centre + u + v, centre - u + v])


def polygons_overlap(p, q, pad: float = 0.5) -> bool:
    """Whether two convex polygons share an area deeper than ``pad`` pixels (separating axes)."""
    for poly in (p, q):
        for k in range(len(poly)):
            edge = poly[(k + 1) % len(poly)] - poly[k]
            normal = np.array([-edge[1], edge[0]]) / max(np.hypot(*edge), 1e-12)
            a, b = p @ normal, q @ normal
            if min(a.max(), b.max()) - max(a.min(), b.min()) <= pad:
                return False
    return True


def assert_no_overlapping_texts(fig, renderer, allowed=lambda a, b: False):
    texts = [(t, corners(t, renderer)) for t in drawn_texts(fig)]
    for i, (a, box_a) in enumerate(texts):
        for b, box_b in texts[i + 1:]:
            if polygons_overlap(box_a, box_b) and not allowed(a, b):
                raise AssertionError(f"texts {a.get_text()!r} and {b.get_text()!r} overlap: "
                                     f"{box_a.round(1).tolist()} {box_b.round(1).tolist()}")


def assert_no_legend_over_data(fig, renderer):
    """Legends and insets inside an Axes cover no data point, cut line or hatched region."""
    for ax in fig.axes:
        frame = ax.get_window_extent(renderer)
        legends = [a for a in [ax.get_legend(), *ax.artists] if isinstance(a, Legend)]
        boxes = [lg.get_window_extent(renderer) for lg in legends]
        boxes += [inset.get_window_extent(renderer) for inset in ax.child_axes]
        boxes += [t.get_window_extent(renderer) for t in ax.texts
                  if str(t.get_gid()).startswith("types:")]
        points = data_points(ax)
        for box in boxes:
            if not overlap(box, frame):
                continue  # outside the Axes: over nothing of it
            assert not covers(box, points, margin=2), f"{box.bounds} covers data of {ax}"
            for other in obstacles(ax, renderer):
                assert not overlap(box, other), f"{box.bounds} covers {other.bounds}"


def assert_labels_in_regions(ax, renderer):
    regions = {p.get_gid().split(":", 1)[1]: p for p in ax.patches
               if str(p.get_gid()).startswith("region:")}
    frame = ax.get_window_extent(renderer)
    for text in ax.texts:
        gid = str(text.get_gid())
        if not gid.startswith("region-label:") or not text.get_visible():
            continue
        box = text.get_window_extent(renderer)
        cell = regions[gid.split(":", 1)[1]].get_window_extent(renderer)
        cell = cell.intersection(cell, frame)
        assert cell is not None, gid
        assert (cell.x0 - 1 <= box.x0 and box.x1 <= cell.x1 + 1
                and cell.y0 - 1 <= box.y0 and box.y1 <= cell.y1 + 1), (gid, box, cell)


def assert_oecd_labels_in_their_groups(ax, renderer):
    """Each OECD group name lies inside the Axes, centred within its group's sector."""
    bands = eco.rd_intensity_bands().set_index("group")
    frame = ax.get_window_extent(renderer)
    names = [t for t in ax.texts if str(t.get_gid()).startswith("oecd-label:")]
    assert names, "no OECD group named"
    for text in names:
        box = text.get_window_extent(renderer)
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, text.get_text()
        assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, text.get_text()
        group = text.get_gid().split(":", 1)[1]
        x, y = ax.transData.inverted().transform(
            ax.transAxes.transform(text.get_position()))
        ratio = 100 * y / x
        below = bands.loc[group, "gap_below_percent"]
        above = bands["lowest_percent"].shift(1).loc[group]  # the next higher group's bottom
        assert (np.isnan(below) or ratio > below) and (np.isnan(above) or ratio < above), \
            (group, ratio)


# --------------------------------------------------------------------------- the figures

@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("scale", ["symlog", "linear"])
@pytest.mark.parametrize("cuts", list(CUTS))
def test_portrait_has_no_collision(data, cuts, scale, lang):
    ax = eco.phase_portrait(data, thresholds=CUTS[cuts], scale=scale, lang=lang)
    renderer = rendered(ax.figure)
    assert_no_clipped_text(ax.figure, renderer)
    assert_no_merged_ticks(ax.figure, renderer)
    assert_no_overlapping_texts(ax.figure, renderer)
    assert_labels_in_regions(ax, renderer)
    assert_no_legend_over_data(ax.figure, renderer)
    # the legends start right of the cut labels beside the Axes
    cut_labels = [t.get_window_extent(renderer) for t in ax.texts
                  if str(t.get_gid()).startswith("threshold-label:y:")]
    for legend in [ax.get_legend(), *ax.artists]:
        box = legend.get_window_extent(renderer)
        assert all(box.x0 > label.x1 for label in cut_labels)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("scale", ["symlog", "linear"])
@pytest.mark.parametrize("cuts", ["paper", "huge"])
def test_portrait_with_oecd_bands_has_no_collision(data, cuts, scale, lang):
    ax = eco.phase_portrait(data, thresholds=CUTS[cuts], scale=scale, lang=lang,
                            intensity_bands=True)
    renderer = rendered(ax.figure)
    assert_no_clipped_text(ax.figure, renderer)
    assert_no_overlapping_texts(ax.figure, renderer)
    assert_labels_in_regions(ax, renderer)
    if cuts == "paper":
        assert_oecd_labels_in_their_groups(ax, renderer)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("scale", ["symlog", "linear"])
@pytest.mark.parametrize("cuts", ["paper", "tiny", "huge"])
def test_small_multiples_have_no_collision(data, cuts, scale, lang):
    axes = eco.phase_portrait_grid(data, thresholds=CUTS[cuts], scale=scale, lang=lang)
    fig = axes[0].figure
    renderer = rendered(fig)
    assert_no_clipped_text(fig, renderer)
    assert_no_merged_ticks(fig, renderer)
    assert_no_overlapping_texts(fig, renderer)
    assert_no_legend_over_data(fig, renderer)
    # no text box inside a panel at all: the types stand under it
    for ax in fig.axes:
        frame = ax.get_window_extent(renderer)
        for text in ax.texts:
            box = text.get_window_extent(renderer)
            assert not (box.x0 > frame.x0 and box.x1 < frame.x1
                        and box.y0 > frame.y0 and box.y1 < frame.y1), text.get_text()


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("scale", ["symlog", "linear"])
def test_small_multiples_with_oecd_bands_have_no_collision(data, scale, lang):
    axes = eco.phase_portrait_grid(data, scale=scale, lang=lang, intensity_bands=True)
    fig = axes[0].figure
    renderer = rendered(fig)
    assert_no_clipped_text(fig, renderer)
    assert_no_overlapping_texts(fig, renderer)
    assert_no_legend_over_data(fig, renderer)
    named = [ax for ax in axes if any(str(t.get_gid()).startswith("oecd-label:")
                                      for t in ax.texts)]
    assert named == [axes[0]]  # the groups are named once
    assert_oecd_labels_in_their_groups(axes[0], renderer)


def test_pipeline_fittings_get_a_labelled_zoom_in_both_scales(data):
    pipeline = "Pipeline fittings production cluster"
    for scale in ("symlog", "linear"):
        axes = eco.phase_portrait_grid(data, scale=scale)
        panel = next(ax for ax in axes if ax.xaxis.label.get_gid() == f"types:{pipeline}")
        insets = [a for a in panel.child_axes if a.get_gid() == f"zoom:{pipeline}"]
        assert len(insets) == 1, scale
        inset = insets[0]
        assert inset.get_title(loc="left") == eco.label("portrait.zoom")
        # the inset shows every point, told apart: at least a marker's width between them
        fig = panel.figure
        renderer = rendered(fig)
        line = next(line for line in inset.get_lines()
                    if str(line.get_gid()).endswith(":trajectory"))
        xy = inset.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]))
        frame = inset.get_window_extent(renderer)
        assert covers(frame, xy) and all(frame.contains(*p) for p in xy)
        steps = np.hypot(*np.diff(xy, axis=0).T)
        assert steps.min() > renderer.points_to_pixels(4.0)
        # a cluster whose points are spread gets none
        kalashnikov = next(ax for ax in axes if ax.xaxis.label.get_gid()
                           == 'types:"Kalashnikov" industrial cluster')
        assert kalashnikov.child_axes == []


@pytest.mark.parametrize("style", ["paper", "matplotlib"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_sensitivity_figures_have_no_collision(data, lang, style):
    """In the collection's style (as the notebooks draw them) and in matplotlib's default."""
    with paper_style() if style == "paper" else contextlib.nullcontext():
        check_sensitivity_figures(data, lang)


def check_sensitivity_figures(data, lang):
    base = eco.Thresholds().as_array()
    oat = eco.one_at_a_time(data, sensitivity.factor_grid(0.5, 2.0, 61), base)
    figures = [eco.plot_one_at_a_time(oat, base=base, lang=lang)[0].figure]
    fig, axes = plt.subplots(2, 2, figsize=(7.2, 5.6), layout="constrained")
    for row, pair in enumerate(("lower", "upper")):
        tmap = eco.threshold_map(data, pair, thresholds=base, resolution=9)
        point = base[[eco.CUT_COLUMNS.index(c) for c in sensitivity.PAIRS[pair]]]
        for col, value in enumerate(("changed", "types_used")):
            eco.plot_threshold_map(tmap, value, point=point, ax=axes[row, col], pair=pair,
                                   lang=lang)
    figures.append(fig)
    probs = eco.noise_probabilities(data, sigma=0.1, draws=200, seed=0)
    figures.append(eco.plot_noise(probs, lang=lang, sigma=0.1, draws=200, seed=0).figure)
    figures.append(eco.plot_margins(eco.stability_margins(data), lang=lang).figure)
    for fig in figures:
        renderer = rendered(fig)
        assert_no_clipped_text(fig, renderer)
        assert_no_merged_ticks(fig, renderer)
        assert_no_overlapping_texts(fig, renderer)
        assert_no_legend_over_data(fig, renderer)


def test_cooperation_notes_follow_their_rows_without_a_gap():
    coop = eco.cooperation_ratio(eco.load_participants(eco.config.PARTICIPANTS_SYNTHETIC))
    ax = eco.plot_weighted_vs_unweighted(coop, 0.3)
    fig = ax.figure
    renderer = rendered(fig)
    assert_no_clipped_text(fig, renderer)
    assert_no_merged_ticks(fig, renderer)
    assert_no_overlapping_texts(fig, renderer)
    points = np.vstack([c.get_offset_transform().transform(c.get_offsets())
                        for c in ax.collections if len(c.get_offsets())
                        and c.get_offsets().shape[1] == 2 and c.get_label() != ""])
    notes = [t for t in ax.texts if t.get_text()]
    assert notes
    for note in notes:
        box = note.get_window_extent(renderer)
        row = points[np.abs(points[:, 1] - (box.y0 + box.y1) / 2) < 1.0]
        gap = box.x0 - row[:, 0].max()
        assert 0 < gap < renderer.points_to_pixels(12), (note.get_text(), gap)
    # the axis ends a little after the largest ratio, not at 100 %
    largest = np.nanmax(coop[["weighted_ratio", "unweighted_ratio"]].to_numpy())
    assert largest < ax.get_xlim()[1] <= largest + 0.15


def test_huge_cut_ticks_are_written_with_powers_of_ten(data):
    ax = eco.phase_portrait(data, thresholds=HUGE)
    renderer = rendered(ax.figure)
    shown = [t.get_text() for t in tick_labels(ax.xaxis)]
    assert "10⁹" in shown and not any("e+" in s for s in shown)
    cut_labels = {t.get_text().strip("\u2009 ") for t in ax.texts
                  if str(t.get_gid()).startswith("threshold-label:")}
    assert cut_labels == {"10⁹", "2×10⁹"}
    assert renderer is not None


@pytest.mark.parametrize("scale", ["symlog", "linear"])
def test_ticks_thin_out_in_a_small_axes(data, scale):
    """A narrow Axes keeps fewer ticks, never overlapping ones."""
    fig, (wide, narrow) = plt.subplots(1, 2, figsize=(8, 3), width_ratios=[5, 1])
    for ax in (wide, narrow):  # long labels (5×10⁸) in little room
        eco.phase_portrait(data, ax=ax, scale=scale, legend=False, title=False,
                           region_labels=False, thresholds=HUGE)
    renderer = rendered(fig)
    assert_no_merged_ticks(fig, renderer)
    assert len(tick_labels(narrow.xaxis)) < len(tick_labels(wide.xaxis))
    assert len(tick_labels(narrow.xaxis)) >= 2


def test_a_legend_inside_the_data_is_caught():
    """The check itself fails when a legend covers data (a check that cannot fail is no check)."""
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [0, 1, 2], gid="trajectory:x")
    ax.legend(["a long legend entry"], loc="center")
    renderer = rendered(fig)
    with pytest.raises(AssertionError, match="covers data"):
        assert_no_legend_over_data(fig, renderer)


def test_merged_ticks_and_clipped_text_are_caught():
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.set_xticks([0, 0.01, 0.02], ["1000000", "2000000", "3000000"])
    ax.text(1.5, 0.5, "far outside", transform=ax.transAxes)
    renderer = rendered(fig)
    with pytest.raises(AssertionError, match="overlap"):
        assert_no_merged_ticks(fig, renderer)
    with pytest.raises(AssertionError, match="outside the figure"):
        assert_no_clipped_text(fig, renderer)


def test_region_label_outside_its_region_is_caught(data):
    ax = eco.phase_portrait(data)
    label = next(t for t in ax.texts if t.get_gid() == "region-label:growth")
    label.set_position((0.01, 0.01))  # into Traditional production
    with pytest.raises(AssertionError, match="growth"):
        assert_labels_in_regions(ax, rendered(ax.figure))


def test_type_runs_join_consecutive_years(tiny):
    from ecosystems.draw.small_multiples import type_runs

    classified = eco.classify(tiny)
    a = classified[classified["cluster"] == "A"]
    b = classified[classified["cluster"] == "B"]
    assert type_runs(a, "en") == ("2020 Traditional production \u2192 2021 Growth \u2192 "
                                  "2023 Leadership and breakthrough")
    assert type_runs(b, "en") == "2020 Type unknown (missing indicator) \u2192 2021 Growth"
    same = pd.DataFrame({"year": [2020, 2021, 2022], "ecosystem_type": ["growth"] * 3})
    assert type_runs(same, "ru") == "2020\u20132022 Рост"
