"""Cost of the sweeps per threshold set at 36, 1,510 and 100,000 cluster-years (issues 7, 15, 26).

Data: the paper's Table 3 (N = 36) and the SYNTHETIC tables of
``ecosystems.synthetic_indicators`` at 151 x 10 (N = 1,510) and 5,000 x 20
(N = 100,000), labelled SYNTHETIC in every line they appear in. Random threshold
sets, seeded. Printed side by side, per threshold set (best of three, set-up included):

summary
    ``eco.sweep_summary`` (counts of each type, cluster-years changed against the
    paper's classification, types in use) against a sort-and-search floor written
    here: sort each indicator once, then per set ``searchsorted`` the four cuts and
    the counts of each level per axis. Every exact method has to locate the cuts and
    the floor gets the nine joint counts and the changes free, so it is a lower bound.
    ``peak MiB``: tracemalloc peak of one summary call, net of its K-row result.
codes
    ``eco.sweep`` (the K x N type codes) against a bare NumPy floor: four float
    comparisons per value combined into the type code, on the same chunks.
map
    ``eco.threshold_map`` at its default resolution (41 x 41 = 1,681 sets), the
    call notebook 05 makes: seconds per call.

Both answers are checked equal to their floor's first. The machine is shared: absolute
times move with its load, the ratios (taken back to back) much less.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_sweep.py [--sets K]``.
"""

from __future__ import annotations

import time
import tracemalloc

import harness
import numpy as np

import ecosystems as eco
from ecosystems.typology import sweeps
from ecosystems.typology.rule import indicator_arrays

DATA = (("Table 3", None), ("SYNTHETIC 151x10", (151, 10)), ("SYNTHETIC 5000x20", (5000, 20)))
CODES_CELLS = 2 * 10**7  # threshold sets x cluster-years timed for the codes


def random_sets(k: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(0.02, 0.2, k), rng.uniform(0.2, 0.6, k),
                            rng.uniform(0.5, 3.0, k), rng.uniform(3.0, 8.0, k)])


def summary_floor(x, y, cuts):
    """Sort once, then four searchsorted per set and the level counts of each axis."""
    known = ~(np.isnan(x) | np.isnan(y))
    sx, sy = np.sort(x[known]), np.sort(y[known])
    n = sx.size
    a = np.searchsorted(sx, cuts[:, 0], side="left")
    b = np.searchsorted(sx, cuts[:, 1], side="right")
    c = np.searchsorted(sy, cuts[:, 2], side="left")
    d = np.searchsorted(sy, cuts[:, 3], side="right")
    return np.column_stack([a, b - a, n - b, c, d - c, n - d]).astype(np.int32)


def codes_floor(x, y, cuts):
    """Four comparisons per value, combined into the type code (Table 1 order is 3*i + p)."""
    rows = max(1, sweeps.CHUNK_CELLS // max(x.size, 1))
    out = np.empty((len(cuts), x.size), dtype=np.uint8)
    for start in range(0, len(cuts), rows):
        c = cuts[start:start + rows]
        lx = (x >= c[:, 0:1]).view(np.uint8) + (x > c[:, 1:2]).view(np.uint8)
        lx *= 3
        lx += (y >= c[:, 2:3]).view(np.uint8)
        lx += (y > c[:, 3:4]).view(np.uint8)
        out[start:start + rows] = lx
    return out


def best_of(fn, *args, repeat=3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - start)
    return best


def peak_mib(fn, *args) -> float:
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = fn(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak - before - result.memory_usage(index=True, deep=True).sum()) / 2**20


def check(data, x, y, cuts):
    probe = cuts[:500]
    codes = eco.sweep(data, probe)
    known = ~(np.isnan(x) | np.isnan(y))  # the floor has no missing code: compare the others
    assert (codes[:, ~known] == -1).all(), "a missing indicator got a type"
    assert np.array_equal(codes[:, known], codes_floor(x[known], y[known], probe).view(np.int8)), \
        "codes differ"
    summary = eco.sweep_summary(data, probe)
    ref = eco.type_codes(x, y)
    for t, slug in enumerate(eco.type_slugs()):
        assert np.array_equal(summary[slug], (codes == t).sum(axis=1)), slug
    assert np.array_equal(summary["changed"], (codes != ref).sum(axis=1)), "changed differs"


def main(argv=None) -> int:
    parser = harness.parser(__doc__)
    parser.add_argument("--sets", type=float, default=1e5,
                        help="threshold sets timed for the summary (default 1e5)")
    args = parser.parse_args(argv)
    k = int(args.sets)
    harness.header(__file__)
    print(f"NumPy {np.__version__}; summary on K = {k:.0e} random sets, codes on "
          f"{CODES_CELLS:.0e} / N sets; us per set, best of 3, set-up included")
    head = (f"{'data':<18} {'N':>7} {'summary':>8} {'floor':>7} {'ratio':>6} {'peak MiB':>8} "
            f"{'codes':>9} {'floor':>9} {'ratio':>6} {'map s':>6}")
    print(head)
    print("-" * len(head))
    cuts = random_sets(k)
    for name, size in DATA:
        data = eco.load_indicators() if size is None else eco.synthetic_indicators(*size)
        x, y = indicator_arrays(data)
        n = x.size
        check(data, x, y, cuts)
        ts = best_of(eco.sweep_summary, data, cuts)
        tf = best_of(summary_floor, x, y, cuts)
        peak = peak_mib(eco.sweep_summary, data, cuts)
        kc = max(1, CODES_CELLS // n)
        tc = best_of(eco.sweep, data, cuts[:kc])
        tcf = best_of(codes_floor, x, y, cuts[:kc])
        tm = best_of(eco.threshold_map, data, repeat=1)
        print(f"{name:<18} {n:>7} {ts / k * 1e6:>8.3f} {tf / k * 1e6:>7.3f} {ts / tf:>6.1f} "
              f"{peak:>8.1f} {tc / kc * 1e6:>9.2f} {tcf / kc * 1e6:>9.2f} {tc / tcf:>6.2f} "
              f"{tm:>6.2f}", flush=True)
    print("summary: eco.sweep_summary; floor: sort + 4 searchsorted per set + level counts; "
          "codes: eco.sweep against four comparisons per value; map: eco.threshold_map "
          "(41 x 41 sets) once.")
    harness.footer()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
