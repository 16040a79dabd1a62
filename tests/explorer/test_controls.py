"""The explorer page's controls: typed cut points checked, named in both languages, never
out of step with what is drawn; every word follows the language toggle."""

import numpy as np
import pytest

from ecosystems import VERDICTS, Explorer, ExplorerApp, Thresholds
from ecosystems.explorer.controls import input_problem
from ecosystems.explorer.labels import message_text, verdict_word
from ecosystems.io import reference

TABLES = ("classification", "counts", "claims", "measures")


@pytest.fixture
def app(table3):
    return ExplorerApp(Explorer(table3, views=TABLES))


@pytest.mark.parametrize(("which", "value", "key"), [
    (0, -1.0, "explorer.input_negative"),
    (1, 1000.0, "explorer.input_above"),
    (0, float("inf"), "explorer.input_negative"),
    (0, 0.5, "explorer.input_lower_above"),
    (1, 0.05, "explorer.input_upper_below"),
    (0, 0.3, None),  # equal cuts are allowed
    (1, 0.1, None),
    (1, 0.6, None),  # the top of the slider itself
    (0, 0.0, None),
])
def test_input_problem_names_what_is_wrong(which, value, key):
    problem = input_problem(which, value, (0.1, 0.3), top=0.6)
    assert (problem[0] if problem else None) == key


def test_every_message_reads_in_both_languages():
    params = {"value": 1000.5, "kept": 0.3, "max": 0.6, "other": 0.1, "largest": 0.266}
    for key in ("explorer.input_negative", "explorer.input_above", "explorer.input_lower_above",
                "explorer.input_upper_below", "explorer.equal_cuts"):
        en, ru = message_text(key, params, "en"), message_text(key, params, "ru")
        assert "{" not in en + ru and en != ru
        assert "1000.5" in en and "1000,5" in ru  # decimal comma in Russian


def test_out_of_range_input_is_named_and_the_box_shows_the_drawn_cut(app):
    control = app.cut_controls["innovation"]
    before = app.views["classification"].value
    control.boxes[1].value = 1000.0  # what ipywidgets' readout silently clamped to 0.60
    assert "1000" in control.message.value and "0.6" in control.message.value
    assert control.boxes[1].value == 0.3 and control.slider.value == (0.1, 0.3)
    assert app.explorer.state.thresholds == Thresholds()
    assert app.views["classification"].value == before
    control.boxes[0].value = -1.0
    assert "-1" in control.message.value and control.boxes[0].value == 0.1
    control.boxes[0].value = 0.5  # above the upper cut
    assert "0.5" in control.message.value and control.boxes[0].value == 0.1
    assert app.explorer.state.thresholds == Thresholds()


def test_a_valid_typed_cut_moves_slider_table_and_state(app):
    control = app.cut_controls["productivity"]
    before = app.views["classification"].value
    control.boxes[0].value = 2.18  # just above Transport 2020 (2.179): it falls to low
    assert app.explorer.state.thresholds.productivity == (2.18, 4.0)
    assert control.slider.value == (2.18, 4.0) and control.message.value == ""
    assert app.views["classification"].value != before
    control.boxes[0].value = 2.179  # exactly on the value: medium again (v >= lower)
    assert app.views["classification"].value == before
    control.boxes[1].value = 2.179  # equal cuts: allowed, and said so
    assert app.explorer.state.thresholds.productivity == (2.179, 2.179)
    assert "2.179" in control.message.value


def test_dragging_one_handle_keeps_a_typed_cut_finer_than_the_step(app):
    control = app.cut_controls["innovation"]
    control.boxes[0].value = 0.123
    control.slider.value = (0.12, 0.25)  # the page sends the lower handle at its nearest step
    assert app.explorer.state.thresholds.innovation == (0.123, 0.25)
    control.slider.value = (0.13, 0.25)  # a real move of the lower handle
    assert app.explorer.state.thresholds.innovation == (0.13, 0.25)
    assert control.boxes[0].value == 0.13


def test_an_empty_selection_is_named_and_the_list_shows_the_drawn_clusters(app):
    selected = app.controls["clusters"].value
    app.controls["clusters"].value = ()
    assert reference.label("explorer.no_cluster", "en") in app.views["status"].value
    assert app.controls["clusters"].value == selected == app.explorer.state.clusters
    app.controls["clusters"].value = selected[:2]
    assert app.views["status"].value == ""
    assert app.explorer.state.clusters == selected[:2]


def test_every_word_on_the_page_follows_the_language(app):
    app.cut_controls["innovation"].boxes[0].value = 0.05  # flips claims (C2, C10)
    app.cut_controls["innovation"].boxes[1].value = 1000.0
    english = (app.cut_controls["innovation"].message.value, tuple(app.tabs.titles),
               app.views["claims"].value)
    app.controls["lang"].value = "ru"
    control = app.cut_controls["innovation"]
    assert control.message.value != english[0] and "1000" in control.message.value
    assert control.boxes[0].description == reference.label("cut.lower", "ru")
    assert tuple(app.tabs.titles) != english[1]
    assert all(t.split(" · ")[0] in reference.label(f"explorer.tab_{v}", "ru")
               for t, v in zip(app.tabs.titles, TABLES, strict=True))
    assert [label for label, _ in app.controls["scale"].options] == [
        reference.label(f"explorer.scale_{s}", "ru") for s in ("symlog", "linear")]
    claims = app.views["claims"].value
    for key in ("explorer.claim_id", "explorer.statement", "explorer.verdict_now",
                "explorer.evidence"):
        assert reference.label(key, "ru") in claims
    flipped = app.explorer.flipped_claims()
    assert len(flipped) and set(flipped.iloc[:, 3]) <= {verdict_word(v, "ru") for v in VERDICTS}


def test_every_verdict_of_the_ledger_has_words_in_both_languages():
    for verdict in VERDICTS:
        assert verdict_word(verdict, "en") == verdict
        assert verdict_word(verdict, "ru") != verdict


def test_missing_indicators_are_counted_under_a_translated_name(tiny):
    ex = Explorer(tiny, views=("counts",), lang="ru")
    assert ex.counts().index[-1] == reference.label("explorer.missing", "ru")


def test_tab_titles_count_what_differs(app):
    app.cut_controls["innovation"].boxes[0].value = 0.2
    differs = int(app.explorer.differs().to_numpy().sum())
    counts = app.explorer.counts()
    changed = int(np.sum(counts["now"].to_numpy() != counts["paper"].to_numpy()))
    assert app.tabs.titles[0].endswith(f": {differs}") and differs > 0
    assert app.tabs.titles[1].endswith(f": {changed}")
    assert app.tabs.titles[2].endswith(f": {len(app.explorer.flipped_claims())}")


def test_the_starting_cut_fits_the_slider(table3):
    app = ExplorerApp(Explorer(table3, thresholds={"productivity": [2, 1e9]}, views=("counts",)))
    assert app.controls["productivity"].max >= 1e9
    assert app.controls["productivity"].value == (2.0, 1e9)
