"""The explorer page in a real browser: Voila on a loopback port, headless Chromium.

Skipped (with the reason) when Debian's Chromium is not installed; playwright
never downloads a browser of its own. Every wait is bounded and the Voila
server (with its kernels) is always stopped. Any request the page makes to
anything but the local server fails the test.
"""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from ecosystems import config
from ecosystems.explorer.app import voila_command, voila_env
from ecosystems.explorer.render import CSS_SIZE, PIXEL_RATIO
from ecosystems.io import reference

# under pytest-xdist (`make unit`, --dist loadgroup) one worker runs this module: the
# Voila server and the browser are made once
pytestmark = pytest.mark.xdist_group("voila_server")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SERVER_START_S = 90      # until Voila accepts connections
PAGE_READY_MS = 240_000  # kernel start and notebook execution on a busy 2-core machine
UPDATE_MS = 60_000       # one slider move to a new table
CULL_IDLE_S, CULL_INTERVAL_S = 2, 1  # the test server culls a closed page's kernel quickly
CULLED_WITHIN_S = 90     # idle time + interval + a busy machine
SCREEN = {"width": 1280, "height": 1000}
TABLE = "#T_explorer"    # the classification table (Styler uuid "explorer")
SCREENSHOT = config.BUILD / "explorer_browser.png"
# cells of the table painted with the highlight colour (#F4D03F)
COUNT_HIGHLIGHTED = """sel => [...document.querySelectorAll(sel + ' td')].filter(
    td => getComputedStyle(td).backgroundColor === 'rgb(244, 208, 63)').length"""
LOCAL = ("http://127.0.0.1:", "ws://127.0.0.1:", "blob:http://127.0.0.1:", "data:")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} not installed (Debian package chromium; .ci/run installs it)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"voila exited with code {proc.returncode} before serving")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"voila did not listen on 127.0.0.1:{port} within {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    """Stop the server we started (its own process group: voila and its kernels)."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def kernels_of(pid: int) -> list[int]:
    """Process ids of the kernels the server ``pid`` started (its ipykernel children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # the process ended meanwhile
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"ipykernel" in cmdline:
            found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        voila_command(port, cull_idle=CULL_IDLE_S, cull_interval=CULL_INTERVAL_S),
        stdout=log, stderr=subprocess.STDOUT, cwd=config.ROOT, env=voila_env(),
        start_new_session=True)
    try:
        wait_for_port(port, proc, SERVER_START_S)
        yield {"url": f"http://127.0.0.1:{port}/", "proc": proc}
    finally:
        stop(proc)
        log.close()


@pytest.fixture
def browser():
    from playwright import sync_api  # pinned in the lock: its absence is an error
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                     headless=True)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, url, foreign, **context):
    """A page of the explorer at ``url``; every request to anything but the local
    server is refused and recorded in ``foreign``."""
    ctx = browser.new_context(viewport=SCREEN, **context)

    def refuse(route):
        foreign.append(route.request.url)
        route.abort()

    ctx.route(lambda u: not u.startswith(LOCAL), refuse)
    page = ctx.new_page()
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else foreign.append(r.url))
    page.on("websocket", lambda ws: None if ws.url.startswith(LOCAL) else foreign.append(ws.url))
    page.set_default_timeout(UPDATE_MS)
    page.goto(url, timeout=PAGE_READY_MS)
    page.locator(TABLE).wait_for(state="visible", timeout=PAGE_READY_MS)
    return page


def wait_for_change(page, selector, old):
    page.wait_for_function(
        "([sel, old]) => { const t = document.querySelector(sel);"
        " return t !== null && t.innerText !== old; }", arg=[selector, old], timeout=UPDATE_MS)


def test_slider_move_changes_the_table_on_one_offline_sharp_screen(server, browser):
    foreign = []
    page = open_page(browser, server["url"], foreign, device_scale_factor=PIXEL_RATIO)
    table = page.locator(TABLE)
    before = table.inner_text()
    highlighted_before = page.evaluate(COUNT_HIGHLIGHTED, TABLE)
    # The first range slider sets the innovation cut points; its first
    # handle is the lower one. Each right arrow moves it one step (0.01).
    handle = page.locator(".widget-slider .noUi-handle").first
    handle.focus()
    # the box under the slider shows the cut the table was computed with; each step is
    # awaited before the next press, so that the kernel's echo of an earlier step cannot
    # overwrite a later one on a busy machine (ipywidgets syncs the value both ways)
    lower = page.locator(".eco-explorer input[type=number]").first.element_handle()
    for step in range(1, 11):
        handle.press("ArrowRight")
        page.wait_for_function("([b, v]) => b.value === v", arg=[lower, f"{0.1 + step / 100:.2g}"],
                               timeout=UPDATE_MS)
    assert lower.evaluate("b => b.value") == "0.2"
    wait_for_change(page, TABLE, before)
    page.wait_for_load_state("networkidle")
    after = table.inner_text()
    highlighted_after = page.evaluate(COUNT_HIGHLIGHTED, TABLE)
    # controls, figure and the table they move fit one 1280 x 1000 screen, no scrolling
    bottoms = {name: page.locator(sel).first.bounding_box() for name, sel in (
        ("sliders", ".widget-slider"), ("clusters", "select"), ("figure", ".eco-explorer img"),
        ("table", TABLE))}
    # the portrait: shown at its CSS size, from twice as many device pixels
    image = page.locator(".eco-explorer img").evaluate(
        "i => [i.naturalWidth, i.naturalHeight, i.clientWidth, i.clientHeight]")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert after != before
    # at the paper's thresholds nothing differs; after the move some cells do
    assert highlighted_before == 0
    assert highlighted_after > 0
    off_screen = {k: b for k, b in bottoms.items() if b["y"] + b["height"] > SCREEN["height"]}
    assert not off_screen, off_screen
    assert image == [CSS_SIZE[0] * PIXEL_RATIO, CSS_SIZE[1] * PIXEL_RATIO, *CSS_SIZE]
    assert not foreign, f"requests that left the machine: {foreign}"


def test_typed_cuts_are_checked_named_and_translated(server, browser):
    foreign = []
    page = open_page(browser, server["url"], foreign)
    boxes = page.locator(".eco-explorer input[type=number]")  # lower, upper; lower, upper
    message = page.locator(".eco-explorer .widget-html").filter(has_text="1000")
    table = page.locator(TABLE)
    before = table.inner_text()

    def type_into(i, text):
        boxes.nth(i).fill(text)
        boxes.nth(i).press("Enter")

    type_into(1, "1000")  # ipywidgets' own readout turned this into 0.60 without a word
    message.wait_for(state="visible")
    page.wait_for_function("b => b.value === '0.3'", arg=boxes.nth(1).element_handle())
    assert "0.6" in message.inner_text() and "0.3" in message.inner_text()
    assert table.inner_text() == before  # nothing was applied
    type_into(0, "0.3")  # equal cuts are allowed: the table follows
    wait_for_change(page, TABLE, before)
    equal = table.inner_text()
    # C7's worked example (value added 2.179 in 2020) falls below a productivity cut of 2.2:
    # its verdict flips, so the claims tab lists it
    type_into(2, "2.2")
    wait_for_change(page, TABLE, equal)
    page.get_by_text("Русский").click()
    russian = reference.label("explorer.tab_claims", "ru").split(" · ")[0]
    page.locator(".lm-TabBar-tab", has_text=russian).click()
    page.get_by_text(reference.label("explorer.statement", "ru")).wait_for(state="visible")
    assert page.get_by_text(reference.label("verdict.supported", "ru"), exact=True).count()
    type_into(1, "-1")
    page.get_by_text("Введено -1").wait_for(state="visible")
    assert boxes.nth(1).input_value() == "0.3"
    # the Russian words make the controls taller: the portrait keeps its shape
    size = page.locator(".eco-explorer img").evaluate("i => [i.clientWidth, i.clientHeight]")
    assert size == list(CSS_SIZE)
    # the OECD toggle (named in Russian now) draws the bands: a new image, pressed button
    image = page.locator(".eco-explorer img")
    src = image.get_attribute("src")
    toggle = page.get_by_role("button", name=reference.label("explorer.intensity_bands", "ru"))
    toggle.click()
    page.wait_for_function("([i, s]) => i.src !== s", arg=[image.element_handle(), src])
    assert "mod-active" in toggle.get_attribute("class")
    assert image.evaluate("i => [i.clientWidth, i.clientHeight]") == list(CSS_SIZE)
    assert not foreign, f"requests that left the machine: {foreign}"


def test_the_kernel_of_a_closed_page_is_culled(server, browser):
    proc = server["proc"]
    earlier = set(kernels_of(proc.pid))  # other tests' pages: culled in their own time
    page = open_page(browser, server["url"], [])
    mine = set(kernels_of(proc.pid)) - earlier
    assert mine, "the page started no kernel"
    time.sleep(CULL_IDLE_S + 2 * CULL_INTERVAL_S)  # connected: never culled
    assert mine <= set(kernels_of(proc.pid))
    page.context.close()
    deadline = time.monotonic() + CULLED_WITHIN_S
    while mine & set(kernels_of(proc.pid)) and time.monotonic() < deadline:
        time.sleep(1)
    assert not mine & set(kernels_of(proc.pid)), (
        f"kernels {sorted(mine)} still running {CULLED_WITHIN_S} s after the page closed")
