"""The reviewer's book: what it contains, that it refuses foreign folders, that no path escapes."""

import html
import json
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from ecosystems import config
from ecosystems.book import build, pages, replication
from ecosystems.outputs import provenance

# Anything the browser would fetch by itself: scripts, styles, images, frames, fonts.
EXTERNAL = re.compile(
    r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import\s+url\(\s*["']?(?:https?:)?//""", re.I)


# Tests of one built book carry one xdist_group mark: under pytest-xdist (`make unit`,
# --dist loadgroup) one worker runs them all and builds the book once. Session scope: a
# worker may run another module's tests between two of these, which would tear a module
# fixture down and build the book again.
STALE_SIDECAR = "tables/table3.provenance.json"  # its run's data checksum is made stale


@pytest.fixture(scope="session")
def book(tmp_path_factory):
    """The book of the committed outputs plus one figure made here, one of whose run records
    records a data checksum that no longer holds; built once."""
    import matplotlib.pyplot as plt

    from ecosystems import save_figure

    root = tmp_path_factory.mktemp("book")
    figures = root / "figures"
    shutil.copytree(config.CANONICAL_FIGURES, figures)
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([2020, 2021, 2022, 2023], [0.26, 0.27, 0.23, 0.20], marker="o")
    save_figure(fig, "test_figure", folder=figures, caption="A figure made by the test")
    plt.close(fig)
    side = figures / STALE_SIDECAR
    run_path = side.parent / json.loads(side.read_text(encoding="utf-8"))["run_record"]
    run = json.loads(run_path.read_text(encoding="utf-8"))
    run["object"][next(iter(run["object"]))] = "0" * 64
    run_path.write_text(json.dumps(run), encoding="utf-8")
    return build.build_report(root / "site", figures=figures, progress=False).parent


@pytest.mark.xdist_group("book")
def test_book_has_every_page_output_and_notebook(book):
    for name in ("index.html", "search.html", "replication.html", "replication.pdf",
                 "exhibits.html", "references.html", build.MARKER):
        assert (book / name).is_file(), name
    assert (book / "replication.pdf").read_bytes().startswith(b"%PDF")
    labels = json.loads((book / build.MARKER).read_text(encoding="utf-8"))["files"]
    assert "index.html" in labels
    for item in build.collect():
        key = build.anchor(item)
        label = "out-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
        stem = item["record"]["notebook"].split("/")[-1].removesuffix(".ipynb")
        page = (book / "outputs" / f"{stem}.html").read_text(encoding="utf-8")
        assert f'id="{label}"' in page, key
        assert item["record"]["caption"] in html.unescape(page), key
        for name in item["record"]["files"]:
            assert (book / "figures" / item["folder"] / name).is_file(), name
    for nb in config.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"):
        assert (book / "notebooks" / f"{nb.stem}.html").is_file()
    assert "A figure made by the test" in (book / "outputs" / "other.html").read_text("utf-8")
    exhibits = (book / "exhibits.html").read_text(encoding="utf-8")
    for element in ("Table 1", "Table 2", "Table 3", "Fig. 1", "claim C8b"):
        assert element in exhibits, element


@pytest.mark.xdist_group("book")
def test_no_page_loads_anything_from_outside_the_folder(book):
    pages_ = sorted(book.rglob("*.html"))
    assert len(pages_) > 10
    for page in pages_:
        text = page.read_text(encoding="utf-8")
        tags = re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", text, re.I)
        styles = re.findall(r"<style[^>]*>.*?</style>", text, re.I | re.S)
        for tag in tags + styles:
            assert not EXTERNAL.search(tag), f"{page.name}: {tag[:120]}"
    assert not list(book.rglob("*mathjax*")), "MathJax is not bundled: formulas are MathML"


@pytest.mark.xdist_group("book")
def test_stale_sidecar_is_flagged_in_the_book(book):
    committed = provenance.run_record_of(config.CANONICAL_FIGURES / STALE_SIDECAR)
    name = next(iter(committed["object"]))
    assert f"data file {name} changed since" in (book / "index.html").read_text("utf-8")
    stem = committed["notebook"].split("/")[-1].removesuffix(".ipynb")
    page = (book / "outputs" / f"{stem}.html").read_text("utf-8")
    assert "STALE" in page and "data file" in page


def test_builder_refuses_a_folder_it_did_not_make(tmp_path):
    notes = tmp_path / "mine" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("a user's notes")
    done = subprocess.run([sys.executable, "-m", "ecosystems", "report", str(notes.parent)],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "not made by the report builder" in done.stderr and "nothing was changed" in done.stderr
    assert notes.read_text() == "a user's notes" and sorted(notes.parent.iterdir()) == [notes]
    with pytest.raises(build.ReportFolderError, match="is a file"):
        build.check_destination(notes)


def test_builder_refuses_its_own_folder_holding_foreign_files(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    (site / build.MARKER).write_text(json.dumps({"files": ["index.html"]}))
    assert build.check_destination(site) == ["index.html"]
    (site / "notes.txt").write_text("mine")
    with pytest.raises(build.ReportFolderError, match=r"did not write \(notes.txt\)"):
        build.check_destination(site)
    assert (site / "notes.txt").read_text() == "mine"


def test_sidecar_paths_never_leave_the_site(tmp_path):
    outside = tmp_path / "secret.csv"
    outside.write_text("x\n1\n")
    assert pages.data_target("data/table3.csv") == "data/table3.csv"
    for name in ("../secret.csv", "data/../../secret.csv", str(outside), "/etc/passwd", ""):
        assert pages.data_target(name) is None, name
    side = tmp_path / "figures" / "t.provenance.json"
    side.parent.mkdir()
    side.write_text("{}")
    (side.parent / "t.csv").write_text("a\n1\n")
    record = {"output": "t", "kind": "table", "caption": "T", "files": ["t.csv", "../escape.csv"],
              "notebook": None, "cell": None, "run_record": "../../run.json"}
    run = {"object": {"../../secret.csv": "ab", str(outside): "cd"}, "parameters": {},
           "instrument": {}, "result": {}}
    item = {"sidecar": side, "record": record, "run": run,
            "folder": side.parent.relative_to(side.parent), "problems": []}
    rec = pages._record_of(item, {}, "")
    assert dict(map(tuple, rec["files"])) == {"t.csv": "figures/t.csv", "../escape.csv": None}
    assert [target for _, _, target in rec["data"]] == [None, None]
    assert rec["run_uri"] is None  # a run record outside the outputs' folder is never copied
    out = tmp_path / "site"
    out.mkdir()
    copied = pages.copy_files({"records": [rec]}, out)
    assert all(out in p.parents for p in copied)
    assert not (tmp_path / "escape.csv").exists()


def test_replication_text_changes_with_its_inputs(tmp_path):
    tables = tmp_path / "figures" / "tables"
    shutil.copytree(config.CANONICAL_FIGURES, tables.parent)  # the tables and run records
    before = replication.render(tables, [], figures=tables.parent, src=tmp_path / "src")
    ledger = tables / "claims.csv"
    claims = pd.read_csv(ledger, dtype=str, keep_default_na=False)
    claims.loc[0, "verdict"] = "refuted outright"  # a verdict word the template cannot know
    claims.to_csv(ledger, index=False, lineterminator="\n")
    noise = tables / "sensitivity_noise.csv"
    rows = noise.read_text(encoding="utf-8").splitlines()
    rows = [rows[0]] + [re.sub(r",[0-9.]+$", ",0.1", r) for r in rows[1:]]
    noise.write_text("\n".join(rows) + "\n", encoding="utf-8")
    after = replication.render(tables, [], figures=tables.parent, src=tmp_path / "src2")
    assert before != after
    # a verdict word the package does not know is a group of its own, counted and shown
    assert "refuted outright 1 (C1)" in after and "refuted outright" not in before
    assert "### C1: refuted outright" in after
    n = len(rows) - 1
    assert f"{n} of {n} cluster-years keep their type in fewer than" in after


def test_replication_template_types_no_number_by_hand():
    text = replication.TEMPLATE.read_text(encoding="utf-8")
    prose = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", text, flags=re.S)
    assert not re.search(r"\d", prose), re.findall(r".{20}\d.{20}", prose)


def test_report_help_says_what_it_builds():
    done = subprocess.run([sys.executable, "-m", "ecosystems", "report", "--help"],
                          capture_output=True, text=True, check=True)
    for words in ("replication.pdf", "exhibits.html", "--scenario", ".ecosystems-report.json"):
        assert words in done.stdout, words


def test_every_sidecar_is_in_the_book_collection():
    assert len(build.collect()) == len(provenance.sidecars())


# --- in a real browser: Debian's Chromium, one browser for this module ---------------------

HOSTILE = {'"ABAT" industrial cluster': '<script>window.__pwned=1</script>"ABAT" <b>cluster</b>',
           "Khabarovsk Territory industrial and construction cluster":
               '<img src=x onerror="window.__pwned=2">Khabarovsk *x* | y {role}`z`'}


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Crawl:
    def __init__(self):
        self.pages, self.outside, self.broken_images, self.broken_links = [], [], [], []
        self.too_wide, self.probed = [], []


class Browser:
    """One Chromium for the module; every request that is not file:// is blocked and noted."""

    def __init__(self, pw, chromium):
        self.browser = pw.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)

    def _page(self, width, crawl=None):
        page = self.browser.new_page(viewport={"width": width, "height": 900})

        def only_local(route):
            url = route.request.url
            if url.startswith(("file://", "data:", "blob:", "about:")):
                route.continue_()
            else:
                if crawl is not None:
                    crawl.outside.append(url)
                route.abort()

        page.route("**/*", only_local)
        return page

    def crawl(self, site, width, probe=None) -> Crawl:
        from pathlib import Path
        from urllib.parse import unquote, urlparse

        result = Crawl()
        page = self._page(width, result)
        site = Path(site).resolve()
        ids, links = {}, []
        for path in sorted(p for p in site.rglob("*.html") if "_static" not in p.parts):
            page.goto(path.as_uri(), wait_until="load")
            result.pages.append(path)
            if site.as_uri() not in page.url:
                result.outside.append(page.url)
            result.broken_images += [f"{path.name}: {src}" for src in page.eval_on_selector_all(
                "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0))"
                       ".map(i => i.src.slice(0, 80))")]
            ids[path] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
            links += [(path, h) for h in page.eval_on_selector_all(
                "a[href]", "as => as.map(a => a.href)")]
            if page.evaluate("document.documentElement.scrollWidth") > width:
                result.too_wide.append(path.relative_to(site).as_posix())
            if probe and page.evaluate(f"typeof {probe} !== 'undefined'"):
                result.probed.append(path.relative_to(site).as_posix())
            if probe and page.eval_on_selector_all("img[src='x']", "els => els.length"):
                result.probed.append(path.relative_to(site).as_posix() + " (img src=x)")
        for source, href in links:
            url = urlparse(href)
            if url.scheme in ("http", "https", "mailto"):  # external references, not requests
                continue
            target = Path(unquote(url.path))
            if url.scheme != "file" or site not in target.parents or not target.is_file():
                result.broken_links.append(f"{source.name}: {href}")
            elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in (
                    ids.get(target) or set()):
                result.broken_links.append(f"{source.name}: {href} (no such anchor)")
        page.close()
        return result

    def search(self, site, word) -> tuple[int, int]:
        page = self._page(400)
        page.goto((site / "search.html").as_uri() + f"?q={word}", wait_until="load")
        page.wait_for_selector("#search-results ul.search li", timeout=15000)
        page.wait_for_timeout(500)
        hits = page.locator("#search-results ul.search li").count()
        snippets = page.locator("#search-results ul.search li p.context").count()
        page.close()
        return hits, snippets

    def text(self, path) -> str:
        page = self._page(1280)
        page.goto(path.as_uri(), wait_until="load")
        text = page.inner_text("body")
        page.close()
        return text

    def screenshots(self, site, folder, names):
        folder.mkdir(parents=True, exist_ok=True)
        for width in (400, 1280):
            page = self._page(width)
            for name in names:
                page.goto((site / name).as_uri(), wait_until="load")
                page.screenshot(path=str(folder / f"{name.replace('/', '_')}_{width}.png"))
            page.close()


@pytest.fixture(scope="module")
def browser():
    from pathlib import Path

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip(f"Chromium not found at {chromium} (Debian package 'chromium'; .ci/run "
                    "installs it)")
    from playwright import sync_api  # pinned in the lock: its absence is an error

    with sync_api.sync_playwright() as pw:
        b = Browser(pw, chromium)
        yield b
        b.browser.close()


@pytest.fixture(scope="session")
def hostile_book(tmp_path_factory):
    """A run whose cluster names hold markup: notebooks 01 and 02 executed on such a table
    (the other outputs as committed), and its book: those two notebooks, every output, and the
    explorer page of that table (the other notebooks hold no such name and are left out)."""
    import csv

    from ecosystems.runner.pipeline import run_notebook

    root = tmp_path_factory.mktemp("hostile")
    data = root / "hostile_clusters.csv"
    with open(config.TABLE3, encoding="utf-8") as fh, open(data, "w", encoding="utf-8",
                                                            newline="") as out:
        rows = list(csv.reader(fh))
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(rows[0])
        for row in rows[1:]:
            writer.writerow([HOSTILE.get(row[0], row[0]), *row[1:]])
    run = root / "run"
    shutil.copytree(config.CANONICAL_FIGURES, run / "figures")
    hostile = ("01_table3_classification", "02_claims")
    for name in hostile:
        run_notebook(config.NOTEBOOKS / f"{name}.ipynb", {"data_path": str(data)}, dest=run)
    from ecosystems import load_indicators

    return build.build_report(run / "report", figures=run / "figures",
                               notebooks=[run / f"{name}.ipynb" for name in hostile],
                               progress=False, pdf=True, data=load_indicators(data)).parent


@pytest.mark.xdist_group("book")
def test_book_in_a_browser(book, browser):
    """Every page's links, anchors and images resolve; no request leaves the folder; no page
    is wider than a 400 px screen; search, opened from disk, finds a cluster name and a word of
    the manual."""
    result = browser.crawl(book, width=400)
    assert result.outside == [], f"requests outside the folder: {result.outside[:5]}"
    assert result.broken_images == [], result.broken_images[:5]
    assert result.broken_links == [], result.broken_links[:5]
    assert result.too_wide == [], result.too_wide[:5]
    assert len(result.pages) >= 15
    hits, snippets = browser.search(book, "Kalashnikov")
    assert hits >= 3 and snippets >= 1, (hits, snippets)
    hits, snippets = browser.search(book, "dialects")  # a word of the manual (docs/)
    assert hits >= 1 and snippets >= 1, (hits, snippets)
    browser.screenshots(book, config.BUILD / "report_screenshots",
                        ["index.html", "replication.html", "outputs/03_phase_portraits.html"])


@pytest.mark.xdist_group("hostile_book")
def test_markup_in_cluster_names_is_never_live(hostile_book, browser):
    result = browser.crawl(hostile_book, width=1280, probe="window.__pwned")
    assert result.probed == [], f"markup ran on: {result.probed}"
    assert result.outside == [] and result.broken_images == [], (result.outside,
                                                                 result.broken_images)
    text = browser.text(hostile_book / "outputs" / "01_table3_classification.html")
    assert "<script>window.__pwned=1</script>\"ABAT\"" in text
    assert "*x* | y {role}`z`" in text
    notebook = browser.text(hostile_book / "notebooks" / "01_table3_classification.html")
    assert "<script>window.__pwned=1</script>" in notebook
    pdf = subprocess.run(["pdftotext", str(hostile_book / "replication.pdf"), "-"],
                         capture_output=True, text=True)
    if pdf.returncode == 0:  # poppler-utils present: the PDF shows the names as text
        assert "replication" in pdf.stdout.lower()
