"""The explorer without a server: one deterministic, escaped HTML file that works offline,
classifies in the browser exactly as Python does, and names the claims that flip.

The browser tests open the page from disk in headless Debian Chromium (playwright,
never a downloaded browser); any request but the page's own file:// URL fails them.
"""

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ecosystems import Thresholds, evaluate_claims, static_explorer_html, write_static_explorer
from ecosystems.explorer.labels import verdict_word
from ecosystems.explorer.static.export import safe_json
from ecosystems.io import reference
from ecosystems.typology.rule import type_codes

# under pytest-xdist (`make unit`, --dist loadgroup) one worker runs this module: the
# page and the browser are made once
pytestmark = pytest.mark.xdist_group("static_explorer")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MARKUP = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">"
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} not installed (Debian package chromium; .ci/run installs it)")

# What the page computed and drew, read from its two Vega views: the type of every
# cluster-year in the classification grid's text marks and in the portrait's points,
# and the counts grid.
READ = """() => {
  const find = (node, name) => {
    if (!node) return null;
    if (node.marktype && node.name === name) return node;
    for (const item of (node.items || [])) { const hit = find(item, name); if (hit) return hit; }
    return null;
  };
  const v = window.explorer.views;
  const cells = find(v.tables.scenegraph().root, "classification_layer_1_marks").items;
  const points = find(v.portrait.scenegraph().root, "portrait_layer_9_marks").items;
  const counts = find(v.tables.scenegraph().root, "counts_layer_1_marks").items;
  return {
    cells: cells.map(i => [i.datum.c, i.datum.year, i.datum.t]),
    points: points.map(i => [i.datum.c, i.datum.year, i.datum.t]),
    counts: counts.map(i => [i.datum.ti, i.datum.year, i.datum.now, i.datum.then]),
    signals: ["lo1", "hi1", "lo2", "hi2"].map(n => [v.tables.signal(n), v.portrait.signal(n)]),
  };
}"""


@pytest.fixture(scope="session")  # not rebuilt when a worker runs another module in between
def page_file(tmp_path_factory):
    return write_static_explorer(tmp_path_factory.mktemp("static") / "explorer.html",
                                 progress=False)


def test_a_small_page_is_the_same_bytes_twice_and_refuses_foreign_files(tiny, tmp_path):
    first = static_explorer_html(tiny, progress=False)
    assert first == static_explorer_html(tiny, progress=False)
    target = tmp_path / "explorer.html"
    assert write_static_explorer(target, tiny, progress=False).read_text("utf-8") == first
    write_static_explorer(target, tiny, lang="ru", progress=False)  # its own page: replaced
    foreign = tmp_path / "notes.html"
    foreign.write_text("<p>my notes</p>", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not replacing"):
        write_static_explorer(foreign, tiny, progress=False)
    assert foreign.read_text(encoding="utf-8") == "<p>my notes</p>"


def test_names_with_markup_never_reach_the_page_as_markup(tiny):
    hostile = tiny.assign(cluster=tiny["cluster"].map({"A": MARKUP, "B": "B</script>&"}))
    html = static_explorer_html(hostile, source="<b>my</b> file", progress=False)
    assert MARKUP not in html and "</script>&" not in html and "<b>my</b>" not in html
    assert html.count("<script") == html.count("</script>")  # only the page's own elements
    assert json.loads(safe_json({"x": MARKUP})) == {"x": MARKUP}


def expected(data, cuts):
    t = Thresholds(innovation=(cuts["lo1"], cuts["hi1"]), productivity=(cuts["lo2"], cuts["hi2"]))
    codes = type_codes(data["rd_per_employee"], data["value_added_per_employee"], t)
    clusters = list(pd.unique(data["cluster"]))
    return {(clusters.index(c), int(y)): int(k)
            for c, y, k in zip(data["cluster"], data["year"], codes, strict=True)}, t


def cut_grid_cases(data, rng):
    """The paper's cuts; cuts exactly on data values (each side of the rule); equal cuts;
    zeros; the top of the sliders; random cuts on the page's 0.001 grid."""
    rd = np.sort(data["rd_per_employee"].unique())
    va = np.sort(data["value_added_per_employee"].unique())
    paper = {"lo1": 0.1, "hi1": 0.3, "lo2": 2.0, "hi2": 4.0}
    cases = [paper, {**paper, "lo2": 2.179}, {**paper, "lo2": 2.18},
             {**paper, "lo2": 1.0, "hi2": 2.179}, {**paper, "lo2": 1.0, "hi2": 2.178},
             {**paper, "lo1": 0.101}, {**paper, "hi1": 0.266}, {**paper, "hi1": 0.265},
             {**paper, "lo1": 0.121, "hi1": 0.121}, {**paper, "lo2": 3.305, "hi2": 3.305},
             {"lo1": 0.0, "hi1": 0.0, "lo2": 0.0, "hi2": 0.0},
             {"lo1": 0.6, "hi1": 0.6, "lo2": 8.0, "hi2": 8.0}]
    for _ in range(12):  # both cuts of each axis on values of the data
        a, b = sorted(rng.choice(rd, 2, replace=False))
        c, d = sorted(rng.choice(va, 2, replace=False))
        cases.append({"lo1": float(a), "hi1": float(b), "lo2": float(c), "hi2": float(d)})
    for _ in range(12):
        a, b = sorted(rng.integers(0, 601, 2))
        c, d = sorted(rng.integers(0, 8001, 2))
        cases.append({"lo1": a / 1000, "hi1": b / 1000, "lo2": c / 1000, "hi2": d / 1000})
    return cases


def open_page(browser, path, **context):
    ctx = browser.new_context(**context)
    ctx.set_offline(True)
    foreign, problems = [], []

    def refuse(route):
        foreign.append(route.request.url)
        route.abort()

    ctx.route(lambda url: not url.startswith("file://"), refuse)
    page = ctx.new_page()
    page.on("request", lambda r: None if r.url.startswith("file://") else foreign.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "(window.__csp = window.__csp || []).push(e.blockedURI));")
    page.goto(Path(path).as_uri())
    page.wait_for_function("() => document.documentElement.dataset.ready === '1'",
                           timeout=60_000)
    return page, foreign, problems


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (Debian package chromium; .ci/run installs it)")
    from playwright import sync_api
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                     headless=True)
        try:
            yield browser
        finally:
            browser.close()


@needs_chromium
def test_the_browser_classifies_every_cluster_year_as_python_does(page_file, browser, table3,
                                                                  rng):
    page, foreign, problems = open_page(browser, page_file)
    checked = 0
    for cuts in cut_grid_cases(table3, rng):
        page.evaluate("c => window.explorer.setCuts(c).then(() => true)", cuts)
        got = page.evaluate(READ)
        want, t = expected(table3, cuts)
        assert got["signals"] == [[cuts[n]] * 2 for n in ("lo1", "hi1", "lo2", "hi2")]
        for layer in ("cells", "points"):
            drawn = {(c, y): k for c, y, k in got[layer]}
            assert drawn == want, (layer, cuts)
        now = pd.Series(want).groupby(lambda key: key[1]).value_counts()
        for ti, year, count_now, _ in got["counts"]:
            assert count_now == now.get((year, ti), 0), (cuts, ti, year)
        checked += len(want)
    assert checked >= 36 * 30
    assert not foreign and not problems and not page.evaluate("() => window.__csp || []")


@needs_chromium
def test_moving_a_slider_changes_the_tables_and_lists_the_flipped_claims(page_file, browser,
                                                                         table3):
    page, foreign, problems = open_page(browser, page_file, viewport={"width": 1280,
                                                                      "height": 1000})
    before = page.evaluate(READ)["cells"]
    slider = page.locator("#range-lo1")  # a real click on the track: 0 ... 0.6
    box = slider.bounding_box()
    slider.click(position={"x": box["width"] * 0.45, "y": box["height"] / 2})
    page.wait_for_function("() => window.explorer.state.cut.lo1 > 0.2")
    lo1 = page.evaluate("() => window.explorer.state.cut.lo1")
    after = page.evaluate(READ)["cells"]
    assert after != before
    assert page.input_value("#box-lo1") == f"{lo1:g}"
    flipped = lambda t: [c for c, a, b in zip(  # noqa: E731
        evaluate_claims(table3)["claim_id"], evaluate_claims(table3)["verdict"],
        evaluate_claims(table3, t)["verdict"], strict=True) if a != b]
    listed = page.locator("#claims-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.claim)") if page.locator("#claims-table").count() else []
    assert listed == flipped(Thresholds(innovation=(lo1, 0.3)))
    page.fill("#box-lo2", "1")  # both axes moved: not tabulated, and said so
    page.press("#box-lo2", "Enter")
    page.locator("#claims-both").wait_for(state="visible")
    page.click("#reset")
    page.locator("#claims-none").wait_for(state="visible")
    page.fill("#box-lo1", "0.05")  # flips claim C2 among others (the ledger says which)
    page.press("#box-lo1", "Enter")
    page.check("input[name=lang][value=ru]")
    ledger = evaluate_claims(table3, Thresholds(innovation=(0.05, 0.3))).set_index("claim_id")
    paper = evaluate_claims(table3).set_index("claim_id")
    claim = next(c for c in ledger.index if ledger.loc[c, "verdict"] != paper.loc[c, "verdict"])
    row = page.locator(f"#claims-table tbody tr[data-claim={claim}] td")
    assert row.nth(3).inner_text() == verdict_word(ledger.loc[claim, "verdict"], "ru")
    assert row.nth(1).get_attribute("lang") == "en"  # the paper's words, in English
    header = page.locator("#claims-table th").all_inner_texts()
    assert header[1] == reference.label("explorer.statement", "ru")
    page.fill("#box-lo1", "0.3")  # equal cuts: allowed, and said so (in Russian now)
    page.press("#box-lo1", "Enter")
    assert page.inner_text("#msg-innovation") == reference.label(
        "explorer.equal_cuts", "ru").format(value="0,3")
    assert not foreign and not problems


@needs_chromium
@pytest.mark.parametrize(("box", "text", "key"), [
    ("hi1", "1000", "explorer.input_above"), ("lo1", "-1", "explorer.input_negative"),
    ("lo1", "0.1234", "static.off_step"), ("lo2", "abc", "static.not_number"),
    ("lo1", "0.5", "explorer.input_lower_above"), ("hi2", "1,5", "explorer.input_upper_below"),
])
def test_typed_cuts_the_page_cannot_take_are_named_and_not_applied(page_file, browser, box,
                                                                   text, key):
    page, foreign, _ = open_page(browser, page_file)
    before = page.evaluate(READ)["cells"]
    kept = page.input_value(f"#box-{box}")
    page.fill(f"#box-{box}", text)
    page.press(f"#box-{box}", "Enter")
    axis = "innovation" if box.endswith("1") else "productivity"
    message = page.inner_text(f"#msg-{axis}")
    pattern = re.escape(reference.label(key, "en")).replace(r"\{value\}", ".+").replace(
        r"\{kept\}", ".+").replace(r"\{max\}", ".+").replace(r"\{largest\}", ".+").replace(
        r"\{step\}", ".+").replace(r"\{other\}", ".+")
    assert re.fullmatch(pattern, message), message
    assert page.input_value(f"#box-{box}") == kept  # the box shows the cut that is drawn
    assert page.evaluate(READ)["cells"] == before
    assert not foreign


@needs_chromium
def test_markup_in_names_is_shown_as_text(browser, tiny, tmp_path):
    hostile = tiny.assign(cluster=tiny["cluster"].map({"A": MARKUP, "B": "B"}))
    path = write_static_explorer(tmp_path / "explorer.html", hostile, progress=False)
    page, foreign, _ = open_page(browser, path)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src=x]").count() == 0
    texts = page.locator("#tables svg text").all_text_contents()
    assert any(t.startswith("<script>window") for t in texts)  # the name, drawn as text
    page.locator("#portrait g.mark-symbol path").first.hover()
    page.locator("#vg-tooltip-element").wait_for(state="visible")
    assert "<script>window" in page.inner_text("#vg-tooltip-element")  # as text too
    assert page.evaluate("() => window.__pwned") is None
    assert not foreign


@needs_chromium
def test_the_oecd_checkbox_draws_the_bands_in_both_languages(page_file, browser):
    page, foreign, problems = open_page(browser, page_file)
    names = """() => [...document.querySelectorAll('#portrait svg text')].map(t => t.textContent)"""
    strips = "() => document.querySelectorAll('#portrait g.mark-area path').length"
    high = {lg: reference.label("oecd.high", lg) for lg in ("en", "ru")}
    assert high["en"] not in page.evaluate(names) and page.evaluate(strips) == 0
    assert page.inner_text("#bands-note") == ""
    page.click("#bands")
    page.wait_for_function("t => [...document.querySelectorAll('#portrait svg text')]"
                           ".some(e => e.textContent === t)", arg=high["en"])
    assert page.evaluate(strips) == 4  # one area per interval between two groups
    assert page.evaluate("() => window.explorer.views.portrait.signal('bands')") is True
    assert "Galindo-Rueda" in page.inner_text("#bands-note")
    page.check("input[name=lang][value=ru]")
    page.wait_for_function("t => [...document.querySelectorAll('#portrait svg text')]"
                           ".some(e => e.textContent === t)", arg=high["ru"])
    assert page.inner_text("label[for=bands], #bands + span") == reference.label(
        "explorer.intensity_bands", "ru")
    assert "18,87" in page.inner_text("#bands-note")
    page.click("#bands")
    page.wait_for_function("() => window.explorer.views.portrait.signal('bands') === false")
    assert high["ru"] not in page.evaluate(names) and page.evaluate(strips) == 0
    assert not foreign and not problems and not page.evaluate("() => window.__csp || []")
