"""Time of redrawing a phase portrait into an existing Axes (the interactive explorer's step).

Prints the median and 90th percentile over repeated runs of:

- ``build``: ``ax.cla()`` then ``phase_portrait(data, ax=ax, limits=...)`` (adding artists);
- ``build+draw``: the same plus ``fig.canvas.draw()`` (Agg rendering, what a slider update costs);
- ``new figure``: ``phase_portrait(data)`` creating, laying out and fixing its own figure.

Target (issue 10): build+draw under 100 ms. Run: ``.venv/bin/python benchmarks/bench_plots.py``.
"""

import statistics
import time

import matplotlib

matplotlib.use("Agg")

import harness
import matplotlib.pyplot as plt

import ecosystems as eco
from ecosystems.draw.scales import plot_limits
from ecosystems.draw.style import FULL_WIDTH

REPEATS = 15


def timed(step, repeats=REPEATS):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times) * 1000, times[int(0.9 * (len(times) - 1))] * 1000


def main(argv=None):
    cli = harness.parser(__doc__)
    cli.add_argument("--repeat", type=int, default=REPEATS,
                     help=f"timed redraws per step (default {REPEATS}; new figures: 5)")
    args = cli.parse_args(argv)
    harness.header(__file__)
    data = eco.load_indicators()
    limits = plot_limits(data)
    fig, ax = plt.subplots(figsize=(FULL_WIDTH, 4.4), layout="constrained")
    eco.phase_portrait(data, ax=ax, limits=limits)
    fig.canvas.draw()  # warm-up: fonts, caches
    fig.set_layout_engine("none")  # an explorer keeps its layout fixed between updates

    def build():
        ax.cla()
        eco.phase_portrait(data, ax=ax, limits=limits)

    def build_draw():
        build()
        fig.canvas.draw()

    def new_figure():
        eco.phase_portrait(data)
        plt.close("all")

    steps = (("build", build, args.repeat), ("build+draw", build_draw, args.repeat),
             ("new figure", new_figure, 5))
    for name, step, repeats in steps:
        median, p90 = timed(step, repeats)
        print(f"phase_portrait {name:<11} median {median:7.1f} ms   p90 {p90:7.1f} ms   "
              f"({repeats} runs)")
    harness.footer()


if __name__ == "__main__":
    main()
