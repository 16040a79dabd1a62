"""The explorer page in a real browser: Voila on a loopback port, headless Chromium.

Skipped (with the reason) when Debian's Chromium is not installed; playwright
never downloads a browser of its own. Every wait is bounded and the Voila
server (with its kernels) is always stopped.
"""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from ecosystems import config
from ecosystems.explorer.app import voila_command

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SERVER_START_S = 90      # until Voila accepts connections
PAGE_READY_MS = 240_000  # kernel start and notebook execution on a busy 2-core machine
UPDATE_MS = 60_000       # one slider move to a new table
TABLE = "#T_explorer"    # the classification table (Styler uuid "explorer")
SCREENSHOT = config.BUILD / "explorer_browser.png"
# cells of the table painted with the highlight colour (#F4D03F)
COUNT_HIGHLIGHTED = """sel => [...document.querySelectorAll(sel + ' td')].filter(
    td => getComputedStyle(td).backgroundColor === 'rgb(244, 208, 63)').length"""

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


@pytest.fixture
def explorer_url(tmp_path):
    port = free_port()
    log = (tmp_path / "voila.log").open("w")
    proc = subprocess.Popen(voila_command(port), stdout=log, stderr=subprocess.STDOUT,
                            cwd=config.ROOT, start_new_session=True)
    try:
        wait_for_port(port, proc, SERVER_START_S)
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(proc)
        log.close()


def test_moving_a_slider_changes_the_classification_table(explorer_url):
    from playwright import sync_api  # pinned in the lock: its absence is an error
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                     headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 2000})
            page.set_default_timeout(UPDATE_MS)
            page.goto(explorer_url, timeout=PAGE_READY_MS)
            table = page.locator(TABLE)
            table.wait_for(state="visible", timeout=PAGE_READY_MS)
            before = table.inner_text()
            highlighted_before = page.evaluate(COUNT_HIGHLIGHTED, TABLE)
            # The first range slider sets the innovation cut points; its first
            # handle is the lower one. Each right arrow moves it one step (0.01).
            handle = page.locator(".widget-slider .noUi-handle").first
            handle.focus()
            for _ in range(10):
                handle.press("ArrowRight")
            page.wait_for_function(
                "([sel, old]) => { const t = document.querySelector(sel);"
                " return t !== null && t.innerText !== old; }",
                arg=[TABLE, before], timeout=UPDATE_MS)
            after = table.inner_text()
            highlighted_after = page.evaluate(COUNT_HIGHLIGHTED, TABLE)
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
    assert after != before
    # at the paper's thresholds nothing differs; after the move some cells do
    assert highlighted_before == 0
    assert highlighted_after > 0
