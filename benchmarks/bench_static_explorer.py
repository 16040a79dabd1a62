"""The explorer without a server: how long the page takes to write, to open, and per slider move.

Writes the Table 3 page (``ecosystems.write_static_explorer``) to
``build/bench/explorer.html``, timing the build (most of it the claims
ledger evaluated for every class of cut points), then opens it from disk in
headless Debian Chromium (playwright; never a downloaded browser) and moves
the lower innovation slider 60 times, timing each move from the input event
to both Vega views rendered. Without ``/usr/bin/chromium`` the browser part is
skipped, saying so. Run with ``make bench`` or
``.venv/bin/python benchmarks/bench_static_explorer.py``.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import harness

from ecosystems import config, write_static_explorer

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
MOVES = 60
TIME_MOVES = """async n => {
  const out = [], el = document.getElementById('range-lo1');
  for (let k = 20; k < 20 + n; k++) {
    const t0 = performance.now();
    el.value = String(k);
    el.dispatchEvent(new Event('input', {bubbles: true}));
    await Promise.all(Object.values(window.explorer.views).map(v => v.runAsync()));
    out.push(performance.now() - t0);
  }
  return out;
}"""


def main(argv=None) -> None:
    cli = harness.parser(__doc__)
    cli.add_argument("--moves", type=int, default=MOVES,
                     help=f"slider moves timed (default {MOVES})")
    args = cli.parse_args(argv)
    harness.header(__file__)
    target = config.BUILD / "bench" / "explorer.html"
    start = time.perf_counter()
    page = write_static_explorer(target, progress=False)
    print(f"write the Table 3 page: {time.perf_counter() - start:.1f} s wall, "
          f"{page.stat().st_size / 1024:.0f} KiB")
    if not CHROMIUM.exists():
        print(f"browser part skipped: {CHROMIUM} not installed (Debian package chromium)")
        harness.footer()
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 1000})
            tab.goto(page.as_uri())
            tab.wait_for_function("() => document.documentElement.dataset.ready === '1'")
            ready = tab.evaluate("() => performance.now()")
            times = tab.evaluate(TIME_MOVES, args.moves)
        finally:
            browser.close()
    print(f"open from disk to ready: {ready:.0f} ms")
    print(f"{args.moves} slider moves (input event to both views rendered): median "
          f"{statistics.median(times):.1f} ms, max {max(times):.1f} ms")
    harness.footer()


if __name__ == "__main__":
    main()
