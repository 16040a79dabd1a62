import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from ecosystems import config
from ecosystems.publish import provenance, report

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Anything the browser would fetch by itself: scripts, styles, images, frames, fonts.
EXTERNAL = re.compile(
    r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import\s+url\(\s*["']?(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The report of the committed outputs plus one figure made here (so that images are
    always exercised), built once for this module."""
    import matplotlib.pyplot as plt

    from ecosystems import save_figure

    root = tmp_path_factory.mktemp("report")
    figures = root / "figures"
    shutil.copytree(config.CANONICAL_FIGURES, figures)
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([2020, 2021, 2022, 2023], [0.26, 0.27, 0.23, 0.20], marker="o")
    ax.set_title("test figure (made by the test)")
    save_figure(fig, "test_figure", folder=figures, caption="A figure made by the test")
    plt.close(fig)
    return report.build_report(root / "site", figures=figures, progress=False)


def test_index_lists_every_output_and_notebook(site):
    text = site.read_text(encoding="utf-8")
    items = report.collect()
    assert len(items) == len(provenance.sidecars())
    assert "A figure made by the test" in text
    for item in items:
        assert f"id='{report.anchor(item)}'" in text, report.anchor(item)
        assert f"href='#{report.anchor(item)}'" in text, report.anchor(item)
        for name in item["record"]["files"]:
            assert (site.parent / "figures" / item["folder"] / name).is_file()
    for nb in config.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"):
        assert (site.parent / "notebooks" / f"{nb.stem}.html").is_file()
        assert f"notebooks/{nb.stem}.html" in text
    assert "STALE" not in text


def test_no_page_loads_anything_from_outside_the_folder(site):
    pages = sorted(site.parent.rglob("*.html"))
    assert len(pages) > 1
    for page in pages:
        text = page.read_text(encoding="utf-8")
        tags = re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", text, re.I)
        styles = re.findall(r"<style[^>]*>.*?</style>", text, re.I | re.S)
        for tag in tags + styles:
            assert not EXTERNAL.search(tag), f"{page.name}: {tag[:120]}"


def test_stale_sidecar_is_flagged_on_the_page(tmp_path):
    figures = tmp_path / "figures"
    shutil.copytree(config.CANONICAL_FIGURES, figures)
    side = provenance.sidecars(figures)[0]
    record = json.loads(side.read_text(encoding="utf-8"))
    name = next(iter(record["data"]))
    record["data"][name] = "0" * 64
    side.write_text(json.dumps(record), encoding="utf-8")
    index = report.build_report(tmp_path / "site", figures=figures, notebooks=[], progress=False)
    text = index.read_text(encoding="utf-8")
    assert "STALE" in text and "id='stale'" in text
    assert f"data file {name} changed since" in text


def _browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} "
                    "(Debian package 'chromium'; .ci/run installs it)")
    from playwright import sync_api  # pinned in the lock: its absence is an error
    return sync_api.sync_playwright()


def test_report_in_a_real_browser(site):
    with _browser() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        outside = []

        def only_local(route):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", only_local)
        links = {}
        pages = [site]
        seen = set()
        while pages:
            current = pages.pop()
            if current in seen:
                continue
            seen.add(current)
            page.goto(current.as_uri(), wait_until="load")
            broken = page.eval_on_selector_all(
                "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0))"
                       ".map(i => i.src.slice(0, 80))")
            assert broken == [], f"{current.name}: images not loaded {broken}"
            ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
            links[current] = ids
            if current == site:
                cards = page.locator(".card img").count()
                assert cards >= 1 + len(list(config.CANONICAL_FIGURES.rglob("*.png")))
                config.BUILD.mkdir(exist_ok=True)
                page.screenshot(path=str(config.BUILD / "report_screenshot.png"), full_page=False)
                hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
                assert hrefs
                targets = []
                for href in hrefs:
                    url = urlparse(href)
                    assert url.scheme == "file", f"link leaves the folder: {href}"
                    target = Path(unquote(url.path))
                    assert target.is_file(), f"broken link {href}"
                    assert site.parent in target.parents, f"link leaves the folder: {href}"
                    targets.append((target, unquote(url.fragment)))
                pages += sorted({t for t, _ in targets if t.suffix == ".html"})
        for target, fragment in targets:
            if fragment and target.suffix == ".html":
                assert fragment in links[target], f"no anchor #{fragment} in {target.name}"
        browser.close()
    assert outside == [], f"requests outside the folder: {outside}"
