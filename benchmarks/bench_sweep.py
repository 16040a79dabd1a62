"""Speed and memory of the sweep engine (issue 7).

Classifications per second (threshold sets x cluster-years per second) of
``ecosystems.typology.sweeps`` for 10^5, 10^6 and 10^7 random threshold sets on

* the Table 3 data (N = 36 cluster-years), and
* a SYNTHETIC table of 151 clusters x 10 years (N = 1510; seeded log-normal
  values, labelled synthetic in every line it appears in),

against a bare NumPy floor written here: the least work that gives the same
answer, four float comparisons per value (``x >= a``, ``x > b``, ``y >= c``,
``y > d``) combined into the type code, chunked like the engine so that it
fits in memory. Two modes:

codes
    The K x N type codes, chunk by chunk (``ecosystems.iter_sweep``);
    floor: the four comparisons per chunk.
summary
    Counts per type and cluster-years changed per set
    (``ecosystems.sweep_summary``); floor: the four comparisons, then one
    count per type and one for the changes, per chunk.

``ratio`` is engine time / floor time (target: at most 1.5); times are the
best of three runs up to 10^8 classifications (the machine is shared), one
run beyond.
Peak memory is traced with tracemalloc in a separate run of the summary call,
net of its result (the K rows it returns) and of its input; it should stay
flat as K grows beyond one chunk.

Summary cost per set (issue 15)
    ``sweep_summary`` at N = 36 (Table 3), 1,510 (SYNTHETIC 151 x 10) and
    100,000 (SYNTHETIC 5,000 x 20; both from ``ecosystems.synthetic_indicators``)
    against a sort-and-search floor: sort each indicator once, then per set
    ``searchsorted`` the four cuts and write the counts of each level per axis
    into a K x 12 result. Every exact method has to locate the cuts; the floor
    gets the nine cells' joint counts and the changes for free, so it is a
    lower bound (target: engine within 2x). Both times include their set-up
    (sorting, the engine's count structures). The O(K N) classify-and-count
    path (``method="codes"``, what the engine fell back to above 2**22 table
    cells before) is timed beside them.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_sweep.py [--quick] [--full]
[--summary-floor] [--sizes K ...] [--data table3 synthetic] [--summary-cost-only]``.
"""

from __future__ import annotations

import time
import tracemalloc
from functools import partial

import harness
import numpy as np

import ecosystems as eco
from ecosystems.typology import sweeps as sw

SIZES = (10**5, 10**6, 10**7)
FULL_LIMIT = 2e9  # classifications; beyond it only the summary engine runs by default


def row(name, k, mode, cells, peak):
    print(f"{name:<27} {k:>9.0e} {mode:<8} {cells[0]:>9} {cells[1]:>9} {cells[2]:>13} "
          f"{cells[3]:>12} {cells[4]:>6} {peak:>9}", flush=True)


def synthetic_table(seed: int = 2024, clusters: int = 151, years: int = 10):
    """SYNTHETIC indicators, roughly the spread of Table 3 (not real data)."""
    rng = np.random.default_rng(seed)
    n = clusters * years
    return rng.lognormal(np.log(0.05), 1.2, n), rng.lognormal(np.log(1.2), 0.7, n)


def random_sets(k: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    cuts = np.empty((k, 4))
    cuts[:, 0] = rng.uniform(0.02, 0.2, k)
    cuts[:, 1] = rng.uniform(0.2, 0.6, k)
    cuts[:, 2] = rng.uniform(0.5, 3.0, k)
    cuts[:, 3] = rng.uniform(3.0, 8.0, k)
    return cuts


def floor_chunk(x, y, c):
    """Four comparisons per value, combined: the type code (Table 1 order is 3*i + p).

    Like the engine, a table of fewer than ``TRANSPOSE_BELOW`` cluster-years is
    laid out N x chunk so that NumPy's inner loop runs along the long axis.
    """
    if len(x) < sw.TRANSPOSE_BELOW:
        xs, ys = x[:, None], y[:, None]
        a, b, cc, d = c[:, 0], c[:, 1], c[:, 2], c[:, 3]
    else:
        xs, ys = x, y
        a, b, cc, d = c[:, 0:1], c[:, 1:2], c[:, 2:3], c[:, 3:4]
    lx = (xs >= a).view(np.uint8) + (xs > b).view(np.uint8)
    ly = (ys >= cc).view(np.uint8) + (ys > d).view(np.uint8)
    lx *= 3
    lx += ly
    return lx.T if len(x) < sw.TRANSPOSE_BELOW else lx


def floor_codes(x, y, cuts, rows):
    for start in range(0, len(cuts), rows):
        floor_chunk(x, y, cuts[start:start + rows])


def floor_summary(x, y, cuts, rows, ref):
    counts = np.empty((len(cuts), 9), dtype=np.int32)
    changed = np.empty(len(cuts), dtype=np.int32)
    for start in range(0, len(cuts), rows):
        codes = floor_chunk(x, y, cuts[start:start + rows])
        stop = start + len(codes)
        for t in range(9):
            counts[start:stop, t] = np.count_nonzero(codes == t, axis=1)
        changed[start:stop] = np.count_nonzero(codes != ref, axis=1)
    return counts, changed


def engine_codes(data, cuts):
    for _ in sw.iter_sweep(data, cuts, progress=False):
        pass


def engine_summary(data, cuts):
    return eco.sweep_summary(data, cuts, progress=False)


def timed(fn, *args, repeat=1):
    """Best of ``repeat`` wall-clock times (the machine is shared), and the result."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def traced(fn, *args):
    """Run ``fn`` under tracemalloc; return (seconds, result, peak bytes net of the result)."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    start = time.perf_counter()
    result = fn(*args)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    size = result.memory_usage(index=True, deep=True).sum() if hasattr(result, "memory_usage") \
        else 0
    return seconds, result, peak - before - size


def check_same_answer(data, x, y, cuts):
    probe = cuts[:2000]
    engine = eco.sweep(data, probe, progress=False)
    floor = floor_chunk(x, y, probe).view(np.int8)
    assert np.array_equal(engine, floor), "floor and engine disagree"
    summary = eco.sweep_summary(data, probe, progress=False)
    ref = eco.type_codes(*eco.typology.rule.indicator_arrays(data))
    counts, changed = floor_summary(x, y, probe, len(probe), ref)
    assert np.array_equal(summary[eco.type_slugs()].to_numpy(), counts)
    assert np.array_equal(summary["changed"].to_numpy(), changed)


def sort_and_search_floor(x, y, cuts, rows=1 << 14):
    """The floor: sort once, then four searchsorted per set and the 1-D level counts."""
    known = ~(np.isnan(x) | np.isnan(y))
    sx, sy = np.sort(x[known]), np.sort(y[known])
    n = sx.size
    result = np.zeros((len(cuts), 12), dtype=np.int32)
    for start in range(0, len(cuts), rows):
        c = cuts[start:start + rows]
        out = result[start:start + len(c)]
        a = np.searchsorted(sx, c[:, 0], side="left")
        b = np.searchsorted(sx, c[:, 1], side="right")
        lo = np.searchsorted(sy, c[:, 2], side="left")
        hi = np.searchsorted(sy, c[:, 3], side="right")
        out[:, 0], out[:, 1], out[:, 2] = a, b - a, n - b
        out[:, 3], out[:, 4], out[:, 5] = lo, hi - lo, n - hi
    return result


SUMMARY_SIZES = (("Table 3", 9, 4), ("SYNTHETIC 151x10", 151, 10),
                 ("SYNTHETIC 5000x20", 5000, 20))


def summary_cost_data():
    """(name, N, rd, va) for the summary-cost rows: Table 3 and the SYNTHETIC tables."""
    out = []
    for name, clusters, years in SUMMARY_SIZES:
        data = eco.load_indicators() if clusters == 9 else eco.synthetic_indicators(clusters,
                                                                                      years)
        rd, va = eco.typology.rule.indicator_arrays(data)
        out.append((name, rd.size, rd, va))
    return out


def summary_cost(datasets, k=10**6, codes_sets=(10**5, 10**5, 2000), repeat=3,
                 summary=None):
    """Print the summary's cost per set against the floor (and the O(K N) path)."""
    summary = summary or eco.sweep_summary
    print(f"\nsummary cost per threshold set, K = {k:.0e} random sets (best of {repeat}); "
          "set-up included")
    header = (f"{'data':<20} {'N':>7} {'engine us':>10} {'floor us':>9} {'ratio':>6} "
              f"{'codes us':>9}")
    print(header)
    print("-" * len(header))
    cuts = random_sets(k)
    for (name, n, x, y), kc in zip(datasets, codes_sets, strict=True):
        probe = cuts[:3000]
        assert np.array_equal(summary((x, y), probe, progress=False).to_numpy(),
                              summary((x, y), probe, method="codes", progress=False).to_numpy())
        te, _ = timed(partial(summary, (x, y), cuts, progress=False), repeat=repeat)
        tf, _ = timed(sort_and_search_floor, x, y, cuts, repeat=repeat)
        tc, _ = timed(partial(summary, (x, y), cuts[:kc], method="codes", progress=False),
                      repeat=repeat)
        print(f"{name:<20} {n:>7} {te / k * 1e6:>10.3f} {tf / k * 1e6:>9.3f} {te / tf:>6.2f} "
              f"{tc / kc * 1e6:>9.3f}", flush=True)
    print("engine: eco.sweep_summary; floor: sort + 4 searchsorted per set + level counts; "
          "codes: method='codes' (O(K N)), timed on fewer sets.")


def fmt_rate(n, seconds):
    return f"{n / seconds:.3g}"


def main(argv=None) -> int:
    parser = harness.parser(__doc__)
    parser.add_argument("--quick", action="store_true", help="10^5 and 10^6 sets only")
    parser.add_argument("--sizes", type=float, nargs="+", help="numbers of threshold sets")
    parser.add_argument("--data", choices=("table3", "synthetic"), nargs="+",
                        default=["table3", "synthetic"])
    parser.add_argument("--full", action="store_true",
                        help=f"also the codes mode and its floor above {FULL_LIMIT:.0e} "
                             "classifications (minutes)")
    parser.add_argument("--summary-cost-only", action="store_true",
                        help="only the summary cost per set against the sort-and-search floor")
    parser.add_argument("--summary-floor", action="store_true",
                        help=f"also the summary floor above {FULL_LIMIT:.0e} classifications "
                             "(about ten minutes at 10^7 x 1510)")
    args = parser.parse_args(argv)
    sizes = [int(k) for k in args.sizes] if args.sizes else SIZES[:2] if args.quick else SIZES
    harness.header(__file__)
    print(f"NumPy {np.__version__}")
    if args.summary_cost_only:
        summary_cost(summary_cost_data())
        harness.footer()
        return 0
    table3 = eco.load_indicators()
    datasets = [d for key, d in (
        ("table3", ("Table 3 (N=36)", table3, *eco.typology.rule.indicator_arrays(table3))),
        ("synthetic", ("SYNTHETIC 151x10 (N=1510)", synthetic_table(), *synthetic_table())),
    ) if key in args.data]
    header = (f"{'data':<27} {'K':>9} {'mode':<8} {'engine s':>9} {'floor s':>9} "
              f"{'engine cls/s':>13} {'floor cls/s':>12} {'ratio':>6} {'peak MiB':>9}")
    print(header)
    print("-" * len(header))
    for name, data, x, y in datasets:
        n = len(x)
        rows = max(1, sw.CHUNK_ELEMENTS // max(n, 1))  # the engine's default chunk
        ref = eco.type_codes(*eco.typology.rule.indicator_arrays(data))
        check_same_answer(data, x, y, random_sets(5000, seed=1))
        for k in sizes:
            cuts = random_sets(k)
            total = k * n
            full = total <= FULL_LIMIT or args.full
            summary_floor = total <= FULL_LIMIT or args.summary_floor
            cells = ["skipped"] * 5
            rep = 3 if total <= 1e8 else 1
            if full:
                te, _ = timed(engine_codes, data, cuts, repeat=rep)
                tf, _ = timed(floor_codes, x, y, cuts, rows, repeat=rep)
                cells = [f"{te:.2f}", f"{tf:.2f}", fmt_rate(total, te), fmt_rate(total, tf),
                         f"{te / tf:.2f}"]
            row(name, k, "codes", cells, "")
            ts, _ = timed(engine_summary, data, cuts, repeat=rep)
            _, _, peak = traced(engine_summary, data, cuts)  # separately: tracing slows it
            cells = [f"{ts:.2f}", "skipped", fmt_rate(total, ts), "skipped", ""]
            if summary_floor:
                tfs, _ = timed(floor_summary, x, y, cuts, rows, ref, repeat=rep)
                cells[1], cells[3], cells[4] = f"{tfs:.2f}", fmt_rate(total, tfs), f"{ts / tfs:.2f}"
            row(name, k, "summary", cells, f"{peak / 2**20:.1f}")
    print("cls/s: threshold sets x cluster-years classified per second; ratio: engine / floor "
          "time; peak: tracemalloc peak of the summary call net of its K-row result.")
    print(f"skipped: above {FULL_LIMIT:.0e} classifications the codes mode and the floors run "
          "only with --full (codes) and --summary-floor (see --help).")
    summary_cost(summary_cost_data())
    harness.footer()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
