"""Timing of the claims ledger on Table 3 (target: well under 50 ms per evaluation).

The threshold explorer (notebook/app of issue 10) re-evaluates the ledger on every slider move,
so ``evaluate_claims`` and a one-alternative ``verdict_flips`` must stay interactive.
"""

import statistics
import time

import harness

import ecosystems as eco


def timed(fn, repeat=50):
    """Median and max wall time, and median CPU time of this process, in ms."""
    fn()  # warm caches (data files are read once)
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), max(wall), statistics.median(cpu)


def main(argv=None):
    cli = harness.parser(__doc__)
    cli.add_argument("--repeat", type=int, default=50, help="timed runs per call (default 50)")
    args = cli.parse_args(argv)
    harness.header(__file__)
    classified = eco.classify(eco.load_indicators())
    alt = [{"innovation": [0.05, 0.2], "productivity": [1.0, 3.0]}]
    for name, fn in [
        ("evaluate_claims(Table 3)", lambda: eco.evaluate_claims(classified)),
        ("verdict_flips(Table 3, 1 alternative)", lambda: eco.verdict_flips(classified, alt)),
    ]:
        median, worst, cpu = timed(fn, args.repeat)
        print(f"{name}: wall median {median:.1f} ms, max {worst:.1f} ms; "
              f"CPU median {cpu:.1f} ms ({args.repeat} runs)")
    harness.footer()


if __name__ == "__main__":
    main()
