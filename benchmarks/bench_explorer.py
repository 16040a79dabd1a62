"""Latency of one explorer update: recompute and redraw after a slider move.

One update is what the page does when a student releases a threshold slider:
``ExplorerApp`` reads the controls, ``Explorer.update`` recomputes the views
that depend on the thresholds and the app re-renders each of them (the figure
to PNG bytes, the tables to Styler HTML). Targets (issue 10): median under
100 ms for Table 3 and under 300 ms for a 151-cluster x 10-year table. The
full page is timed a second time with the OECD layer shown (issue 18), and the
ratio of the two medians printed.

The large table is SYNTHETIC (seeded, cluster names "synthetic cluster NNN"):
no such data exists in the paper. Run with ``make bench`` or
``.venv/bin/python benchmarks/bench_explorer.py``.
"""

from __future__ import annotations

import statistics
import time

import harness
import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
from tqdm import tqdm

from ecosystems import Explorer, ExplorerApp, Thresholds, load_indicators

SEED = 20240610
REPEATS = 15  # timed updates per case (after WARMUP); the machine is shared, keep it short
WARMUP = 1
TABLE_VIEWS = ("classification", "counts", "claims", "measures")
TARGET_MS = {"Table 3": 100, "synthetic 151 x 10": 300}


def synthetic_indicators(n_clusters: int = 151, years=range(2014, 2024),
                         seed: int = SEED) -> pd.DataFrame:
    """A SYNTHETIC cluster table spread over the whole 3x3 grid (seeded).

    Each cluster starts at a log-normal point around the paper's cut points
    and drifts by a random walk, so thresholds moves change many cells.
    """
    rng = np.random.default_rng(seed)
    years = list(years)
    rd0 = rng.lognormal(np.log(0.15), 0.9, n_clusters)
    va0 = rng.lognormal(np.log(2.5), 0.6, n_clusters)
    steps = rng.normal(0, 0.12, (2, n_clusters, len(years))).cumsum(axis=2)
    rows = {
        "cluster": np.repeat([f"synthetic cluster {i:03d}" for i in range(n_clusters)],
                             len(years)),
        "year": np.tile(years, n_clusters),
        "rd_per_employee": (rd0[:, None] * np.exp(steps[0])).ravel().round(3),
        "value_added_per_employee": (va0[:, None] * np.exp(steps[1])).ravel().round(3),
    }
    return pd.DataFrame(rows)


def threshold_moves(n: int) -> list[tuple[float, float]]:
    """Innovation cut points as a student sweeps the lower handle: each move is
    a new value (nothing is served from a cache)."""
    paper = Thresholds().innovation
    lows = np.round(np.linspace(0.02, paper[1] - 0.02, n), 2)
    return [(float(lo), paper[1]) for lo in lows]


def time_updates(app: ExplorerApp, moves) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each update after the warm-up."""
    slider = app.controls["innovation"]
    wall, cpu = [], []
    for i, value in enumerate(tqdm(moves, desc="updates", leave=False)):
        start, start_cpu = time.perf_counter(), time.process_time()
        slider.value = value  # observe -> Explorer.update -> re-render the changed views
        if i >= WARMUP:
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def time_scale_toggles(app: ExplorerApp, n: int = 4) -> list[float]:
    """Wall milliseconds of scale toggles: the portrait is drawn and laid out anew."""
    toggle, times = app.controls["scale"], []
    for i in range(n):
        start = time.perf_counter()
        toggle.value = "linear" if i % 2 == 0 else "symlog"
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv=None) -> None:
    cli = harness.parser(__doc__)
    cli.add_argument("--repeat", type=int, default=REPEATS,
                     help=f"timed threshold moves per case (default {REPEATS})")
    args = cli.parse_args(argv)
    harness.header(__file__)
    cases = {"Table 3": load_indicators(), "synthetic 151 x 10": synthetic_indicators()}
    failed = []
    for name, data in cases.items():
        n_clusters, n_years = data["cluster"].nunique(), data["year"].nunique()
        print(f"{name} ({n_clusters} clusters x {n_years} years):")
        for label, views in (("full page (figure + tables)", None), ("tables only", TABLE_VIEWS)):
            moves = threshold_moves(args.repeat + WARMUP)
            explorer = Explorer(data) if views is None else Explorer(data, views=views)
            app = ExplorerApp(explorer)
            wall, cpu = time_updates(app, moves)
            median = statistics.median(wall)
            line = (f"  {label}, {len(wall)} threshold moves: median {median:.1f} ms wall (p90 "
                    f"{float(np.percentile(wall, 90)):.1f}), {statistics.median(cpu):.1f} ms CPU")
            if views is None:
                ok = median < TARGET_MS[name]
                failed += [] if ok else [name]
                line += f"; target < {TARGET_MS[name]} ms: {'met' if ok else 'MISSED'}"
                toggles = time_scale_toggles(app)
                line += (f"\n  scale toggle (figure only, new layout): median "
                         f"{statistics.median(toggles):.1f} ms wall")
                # the same moves with the OECD layer drawn (its strips and the region names
                # under them are rendered on every move), beside the moves without it
                oecd = ExplorerApp(Explorer(data, intensity_bands=True))
                on, _cpu = time_updates(oecd, moves)
                line += (f"\n  with the OECD layer shown: median {statistics.median(on):.1f} ms "
                         f"wall, {statistics.median(on) / median:.2f}x the moves without it")
            print(line, flush=True)
    harness.footer()
    if failed:
        print(f"targets missed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
