import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal
from PIL import Image

from ecosystems import (
    Explorer,
    ExplorerApp,
    Thresholds,
    classify,
    cluster_names,
    evaluate_claims,
    load_indicators,
    type_counts,
    type_names,
)

TABLES = ("classification", "counts", "claims", "measures")
SHIFTED = Thresholds(innovation=(0.05, 0.3), productivity=(1.0, 4.0))


def tiny():
    """Two clusters of our own (not Table 3), a gap year and a missing value."""
    return pd.DataFrame({
        "cluster": ["A", "A", "A", "B", "B"],
        "year": [2020, 2021, 2022, 2020, 2022],
        "rd_per_employee": [0.05, 0.2, np.nan, 0.05, 0.35],
        "value_added_per_employee": [1.0, 3.0, 3.0, 1.0, 5.0],
    })


def expected_wide(data, thresholds, lang="en"):
    """The classification table computed the long way: classify, pivot, rename."""
    classified = classify(data, thresholds)
    names = type_names(lang, short=True)
    wide = classified.pivot(index="cluster", columns="year", values="ecosystem_type")
    wide = wide.reindex(pd.unique(data["cluster"])).astype(object)
    wide = wide.apply(lambda col: col.map(names)).fillna("")
    known = cluster_names("en")
    wide.index = [known.get(c, c) for c in wide.index]
    return wide


def check_classification(ex, data, thresholds):
    got = ex.classification()
    want = expected_wide(data, thresholds)
    assert_frame_equal(got, want, check_names=False, check_column_type=False,
                       check_index_type=False)
    now = classify(data, thresholds)["ecosystem_type"].astype(object)
    paper = classify(data)["ecosystem_type"].astype(object)
    n_diff = int((now.notna() & (now != paper)).sum())
    assert int(ex.differs().to_numpy().sum()) == n_diff


def test_paper_thresholds_match_classify_and_nothing_differs():
    data = load_indicators()
    ex = Explorer(data, views=TABLES)
    check_classification(ex, data, Thresholds())
    assert not ex.differs().to_numpy().any()
    counts = ex.counts()
    assert (counts["now"].to_numpy() == counts["paper"].to_numpy()).all()


def test_shifted_thresholds_match_classify():
    data = load_indicators()
    ex = Explorer(data, views=TABLES)
    assert ex.update(thresholds=SHIFTED) == TABLES
    check_classification(ex, data, SHIFTED)
    assert ex.differs().to_numpy().any()
    want = type_counts(classify(data, SHIFTED))
    assert (ex.counts()["now"].to_numpy() == want.to_numpy()).all()
    paper = type_counts(classify(data))
    assert (ex.counts()["paper"].to_numpy() == paper.to_numpy()).all()


@settings(max_examples=40, deadline=None)
@given(st.tuples(st.floats(0, 0.6), st.floats(0, 0.6)).filter(lambda t: t[0] < t[1]),
       st.tuples(st.floats(0, 8), st.floats(0, 8)).filter(lambda t: t[0] < t[1]))
def test_any_thresholds_match_classify(innovation, productivity):
    data = load_indicators()
    ex = Explorer(data, views=("classification",))
    cuts = Thresholds(innovation=innovation, productivity=productivity)
    ex.update(thresholds=cuts)
    check_classification(ex, data, cuts)


def test_missing_values_gaps_and_own_clusters():
    data = tiny()
    ex = Explorer(data, views=TABLES)
    check_classification(ex, data, Thresholds())
    table = ex.classification()
    assert list(table.index) == ["A", "B"]
    assert table.loc["A", 2022] == "" and table.loc["B", 2021] == ""
    counts = ex.counts()
    assert counts.index[-1] == "missing indicator"
    assert counts.loc["missing indicator", ("now", 2022)] == 1
    assert counts["now"].sum().tolist() == [2, 1, 2]


def test_update_recomputes_only_dependent_views():
    ex = Explorer(views=TABLES)
    # a cut point moved past no value changes no cell: nothing to redraw
    assert ex.update(thresholds=Thresholds(innovation=(0.1, 0.31))) == ()
    assert ex.update(scale="linear") == ()
    assert ex.update(lang="ru") == TABLES
    assert ex.update(lang="ru", thresholds=Thresholds()) == ()
    assert ex.update(thresholds=SHIFTED.as_dict()) == TABLES
    # claims are about all the data: the selection does not touch them
    assert ex.update(clusters=ex.all_clusters[:2]) == ("classification", "counts", "measures")


def test_invalid_update_leaves_state_unchanged():
    ex = Explorer(views=TABLES)
    before = ex.state
    for bad in ({"clusters": []}, {"clusters": ["nope"]}, {"scale": "log2"}, {"lang": "de"},
                {"thresholds": {"innovation": (0.3, 0.1)}}):
        with pytest.raises(ValueError):
            ex.update(**bad)
        assert ex.state == before
    with pytest.raises(ValueError, match="unknown view"):
        Explorer(views=("pie",))
    with pytest.raises(ValueError, match="does not keep"):
        Explorer(views=("counts",)).classification()


def test_selection_keeps_data_order_and_filters_every_table():
    data = load_indicators()
    ex = Explorer(data, views=TABLES)
    chosen = [ex.all_clusters[4], ex.all_clusters[1]]
    ex.update(clusters=chosen)
    assert ex.state.clusters == (ex.all_clusters[1], ex.all_clusters[4])
    names = cluster_names("en")
    assert list(ex.classification().index) == [names[c] for c in ex.state.clusters]
    assert ex.counts()["now"].sum().tolist() == [2] * 4


def test_language_changes_names():
    ex = Explorer(views=TABLES, lang="ru")
    ru = set(type_names("ru", short=True).values())
    assert set(np.unique(ex.classification().to_numpy())) <= ru
    assert set(ex.counts().index) == ru
    assert ex.measures().columns[0] == "Тип экосистемы"


def test_styler_highlights_exactly_the_differing_cells_and_is_deterministic():
    ex = Explorer(views=TABLES, thresholds=SHIFTED)
    html = ex.classification_styler().to_html()
    assert html == ex.classification_styler().to_html()
    assert "T_explorer" in html
    n_diff = int(ex.differs().to_numpy().sum())
    # one CSS rule for the highlight, one class per highlighted cell
    assert html.count("background-color: #F4D03F") == 1
    assert html.count(' differs"') == n_diff
    counts = ex.counts()
    n_counts = int((counts["now"].to_numpy() != counts["paper"].to_numpy()).sum())
    assert ex.counts_styler().to_html().count(' differs"') == n_counts


def test_measures_follow_the_latest_year_types():
    data = load_indicators()
    ex = Explorer(data, views=TABLES)
    last = classify(data[data["year"] == data["year"].max()])
    present = [t for t in type_names() if t in set(last["ecosystem_type"].astype(object))]
    full = type_names("en")
    assert ex.measures()["Ecosystem type"].tolist() == [full[t] for t in present]
    assert not any(ex._view("measures")[1])
    ex.update(thresholds=SHIFTED)
    last = classify(data[data["year"] == data["year"].max()], SHIFTED)
    names = cluster_names("en")
    for row in ex.measures().itertuples(index=False):
        slug = next(t for t, n in full.items() if n == row[0])
        members = last.loc[last["ecosystem_type"] == slug, "cluster"]
        assert row[1] == "; ".join(names[c] for c in members)
    assert any(ex._view("measures")[1])


def test_classified_flags_differences():
    data = load_indicators()
    out = Explorer(data, views=("counts",), thresholds=SHIFTED).classified()
    assert_frame_equal(out.drop(columns=["paper_type", "differs"]), classify(data, SHIFTED))
    assert out["differs"].tolist() == (
        classify(data, SHIFTED)["ecosystem_type"].astype(object)
        != classify(data)["ecosystem_type"].astype(object)).tolist()
    assert out["differs"].any()


def test_app_slider_changes_the_table_and_reports_bad_ranges():
    app = ExplorerApp(Explorer(views=TABLES))
    before = app.views["classification"].value
    app.controls["innovation"].value = (0.2, 0.3)
    assert app.explorer.state.thresholds.innovation == (0.2, 0.3)
    assert app.views["classification"].value != before
    assert app.views["status"].value == ""
    app.controls["innovation"].value = (0.3, 0.3)  # equal cuts: medium is the value 0.3 only
    assert app.explorer.state.thresholds.innovation == (0.3, 0.3)
    assert app.views["status"].value == ""
    app.controls["lang"].value = "ru"
    assert "Производительность" in app.cut_controls["productivity"].title.value
    bundle = app._repr_mimebundle_()
    assert "0x" not in bundle["text/plain"]


def test_flipped_claims_are_those_whose_verdict_changes():
    data = load_indicators()
    ex = Explorer(data, views=("claims",))
    assert ex.flipped_claims().empty
    ex.update(thresholds=SHIFTED)
    paper, now = evaluate_claims(data), evaluate_claims(data, SHIFTED)
    flipped = now.loc[now["verdict"] != paper["verdict"], "claim_id"].tolist()
    assert flipped  # these thresholds change at least one verdict
    got = ex.flipped_claims()
    assert got.iloc[:, 0].tolist() == flipped
    assert (got.iloc[:, 2] != got.iloc[:, 3]).all()


def test_figure_is_reused_and_redrawn_only_when_its_inputs_change():
    ex = Explorer(views=("figure", "counts"))
    fig, ax = ex.figure, ex.figure.axes[0]
    gids = {a.get_gid() for a in ax.get_children() if a.get_gid()}
    assert any(g.startswith("threshold:") and "0.3" in g for g in gids)
    assert ex.update(scale="linear") == ("figure",)
    assert ex.update(thresholds=Thresholds(innovation=(0.1, 0.31))) == ("figure",)
    new_gids = {a.get_gid() for a in ax.get_children() if a.get_gid()}
    assert any("0.31" in g for g in new_gids if g.startswith("threshold:"))
    assert ex.figure is fig and fig.axes == [ax]
    png = ex.figure_png()
    assert png.startswith(b"\x89PNG") and png == ex.figure_png()
    ex.update(clusters=ex.all_clusters[:2])
    lines = [a.get_gid() for a in ax.get_lines() if (a.get_gid() or "").startswith("trajectory:")]
    assert sorted(lines) == sorted(f"trajectory:{c}" for c in ex.all_clusters[:2])


def test_threshold_move_updates_the_figure_in_place_like_a_fresh_one():
    from ecosystems import phase_portrait
    from ecosystems.draw.scales import default_linthresh

    ex = Explorer(views=("figure",))
    ax = ex.figure.axes[0]
    trajectory_lines = [a for a in ax.get_lines() if str(a.get_gid()).startswith("trajectory:")]
    legends = list(ax.artists)
    ex.update(thresholds=SHIFTED)
    assert ex.figure.axes[0] is ax
    # trajectories and legends are the same objects: only the cut points moved
    assert [a for a in ax.get_lines() if a in trajectory_lines] == trajectory_lines
    assert list(ax.artists) == legends
    import matplotlib.pyplot as plt

    fig, fresh = plt.subplots(figsize=ex.figure.get_size_inches())
    fresh.set_position(ax.get_position())
    phase_portrait(ex.data, ax=fresh, thresholds=SHIFTED, linthresh=default_linthresh(),
                   legend=False)

    def cuts(a):
        return sorted((str(x.get_gid()), tuple(x.get_xdata()), tuple(x.get_ydata()))
                      for x in a.get_lines() if str(x.get_gid()).startswith("threshold:"))

    def regions(a):
        return sorted((p.get_gid(), p.get_bbox().bounds) for p in a.patches
                      if str(p.get_gid()).startswith("region:"))

    assert cuts(ax) == cuts(fresh) and regions(ax) == regions(fresh)


def test_cluster_list_follows_the_language():
    app = ExplorerApp(Explorer(views=("counts",)))
    selected = app.controls["clusters"].value
    app.controls["lang"].value = "ru"
    ru = cluster_names("ru", short=True)
    assert [label for label, _ in app.controls["clusters"].options] == [
        ru[c] for c in app.explorer.all_clusters]
    assert app.controls["clusters"].value == selected
    assert app.explorer.state.clusters == selected


def layered_and_whole(ex: Explorer) -> tuple[np.ndarray, np.ndarray]:
    """The explorer's layered page image after a cut move, and its figure rendered whole."""
    from ecosystems.draw.style import paper_style

    ex.figure_png()  # the still layer is cached at the paper's cut points
    ex.update(thresholds=SHIFTED)
    layered = np.asarray(Image.open(io.BytesIO(ex.figure_png())).convert("RGB"), dtype=int)
    buf = io.BytesIO()
    with paper_style():
        ex.figure.savefig(buf, format="png", dpi=ex.figure.dpi)
    return layered, np.asarray(Image.open(buf).convert("RGB"), dtype=int)


def test_layered_png_looks_like_a_whole_render():
    layered, whole = layered_and_whole(Explorer(views=("figure",)))
    assert layered.shape == whole.shape
    assert np.abs(layered - whole).max() <= 8  # antialiasing of edges composited twice


def test_cached_texts_give_the_same_png_as_rendering_anew():
    warm = Explorer(views=("figure",))
    warm.figure_png()  # texts at the paper's cut points rendered and kept
    kept = dict(warm.portrait._texts)
    warm.update(thresholds=SHIFTED)
    pasted = warm.figure_png()
    assert set(kept) & set(warm.portrait._texts)  # some texts were pasted, not rendered
    cold = Explorer(views=("figure",))
    cold.update(thresholds=SHIFTED)
    fresh = cold.figure_png()
    a = np.asarray(Image.open(io.BytesIO(pasted)).convert("RGB"), dtype=int)
    b = np.asarray(Image.open(io.BytesIO(fresh)).convert("RGB"), dtype=int)
    assert np.array_equal(a, b)


def test_the_oecd_toggle_redraws_only_the_figure_and_a_new_still_layer():
    ex = Explorer(views=("figure", "counts"))
    ax = ex.figure.axes[0]

    def oecd(a):
        return sorted(str(x.get_gid()) for x in a.get_children()
                      if str(x.get_gid()).startswith("oecd-"))

    assert ex.state.intensity_bands is False and oecd(ax) == []
    ex.figure_png()
    still = ex.portrait._still
    assert ex.update(intensity_bands=True) == ("figure",)
    assert ex.state.intensity_bands is True and ex.figure.axes[0] is ax
    assert {g.split(":")[0] for g in oecd(ax)} == {"oecd-strip", "oecd-label"}
    ex.figure_png()
    assert ex.portrait._still is not still  # the still layer was made again
    assert ex.update(intensity_bands=True) == ()  # no change, no redraw
    ex.update(thresholds=SHIFTED)  # a cut move keeps the layer
    assert oecd(ax) and ex.state.intensity_bands
    assert ex.update(intensity_bands=False) == ("figure",) and oecd(ax) == []
    with pytest.raises(ValueError, match="intensity_bands"):
        ex.update(intensity_bands="yes")
    assert ex.state.intensity_bands is False


def test_layered_png_with_the_oecd_layer_looks_like_a_whole_render():
    layered, whole = layered_and_whole(Explorer(views=("figure",), intensity_bands=True))
    assert np.abs(layered - whole).max() <= 8  # antialiasing of edges composited twice


def test_the_oecd_toggle_of_the_page_follows_the_language_and_sets_the_state():
    from ecosystems.io.reference import label

    app = ExplorerApp(Explorer(views=("figure",)))
    toggle = app.controls["intensity_bands"]
    assert toggle.description == label("explorer.intensity_bands", "en") and not toggle.value
    toggle.value = True
    assert app.explorer.state.intensity_bands is True
    app.controls["lang"].value = "ru"
    assert toggle.description == label("explorer.intensity_bands", "ru")
    assert "Galindo-Rueda" in toggle.tooltip and "3,58" in toggle.tooltip
    toggle.value = False
    assert app.explorer.state.intensity_bands is False


def test_the_page_image_is_the_layered_png_as_jpeg_within_a_few_levels():
    ex = Explorer(views=("figure",))
    ex.update(thresholds=SHIFTED)
    png = np.asarray(Image.open(io.BytesIO(ex.figure_png())).convert("RGB"), dtype=int)
    jpeg = Image.open(io.BytesIO(ex.figure_jpeg()))
    assert jpeg.format == "JPEG" and jpeg.size == (png.shape[1], png.shape[0])
    diff = np.abs(np.asarray(jpeg.convert("RGB"), dtype=int) - png)
    assert diff.mean() < 1 and np.percentile(diff, 99.9) <= 16, (diff.mean(), diff.max())
