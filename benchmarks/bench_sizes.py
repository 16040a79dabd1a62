"""Every notebook at size: time and peak memory on Table 3 and on SYNTHETIC tables, side by side.

Each notebook is run by the collection's runner (``python -m ecosystems run NB -f PARAMS
--dest DIR``), one process per run, on

* ``9``: the paper's Table 3 (9 clusters x 4 years, the default run);
* ``151``: ``indicators_SYNTHETIC_151x10.csv`` (151 clusters x 10 years, the size of
  GISP's Industrial Atlas);
* ``5000``: ``indicators_SYNTHETIC_5000x20.csv`` (5,000 clusters x 20 years), opt-in
  (``--sizes 9,151,5000``; some ten minutes).

The SYNTHETIC tables are written first by ``scripts/make_synthetic_indicators.py`` into
``build/bench_sizes/data/`` and the runs go to ``build/bench_sizes/<size>/`` (never the
committed outputs). The time is the wall time of the runner (kernel start-up included); the
peak memory the largest resident set of the runner and the kernel it waited for
(``os.wait4``). Printed: one row per notebook and a total, each size's seconds, MiB and
its ratio of time to the Table 3 run, then the targets of issue 15: the whole collection
at 151 x 10 within 2x of Table 3, at 5,000 x 20 within 10x, every peak under 1.5 GiB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import harness

ROOT = Path(__file__).resolve().parents[1]
PY = ROOT / ".venv" / "bin" / "python"
OUT = ROOT / "build" / "bench_sizes"
DATA = {151: "indicators_SYNTHETIC_151x10.csv", 5000: "indicators_SYNTHETIC_5000x20.csv"}
TARGETS = {151: 2.0, 5000: 10.0}  # whole collection: times the Table 3 run
PEAK_LIMIT_MIB = 1536


def sizes_arg(text: str) -> list[int]:
    try:
        sizes = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sizes are comma-separated integers, got {text!r}") from None
    unknown = sorted(set(sizes) - {9, *DATA})
    if unknown or 9 not in sizes:
        raise argparse.ArgumentTypeError(
            f"sizes are 9 (Table 3, always needed: the ratios are to it), 151 and 5000; "
            f"got {text!r}")
    return sorted(set(sizes))


def run(notebook: Path, size: int) -> tuple[float, float, int]:
    """``(seconds, peak MiB, exit status)`` of one runner process."""
    dest = OUT / str(size)
    args = [str(PY), "-m", "ecosystems", "run", str(notebook), "--dest", str(dest)]
    if size != 9:
        params = OUT / f"size{size}.yaml"
        params.write_text(f"data_path: {(OUT / 'data' / DATA[size]).relative_to(ROOT)}\n",
                          encoding="utf-8")
        args[5:5] = ["-f", str(params)]
    log = (OUT / f"{size}.{notebook.stem}.log").open("w", encoding="utf-8")
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
    log.close()
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def main(argv=None) -> int:
    parser = harness.parser(__doc__)
    parser.add_argument("--sizes", type=sizes_arg, default=[9, 151],
                        help="comma-separated: 9 (Table 3), 151, 5000 (default 9,151)")
    parser.add_argument("--notebooks", default=None,
                        help="comma-separated notebook numbers, e.g. 01,03 (default: all)")
    args = parser.parse_args(argv)
    harness.header(__file__)
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if args.notebooks:
        wanted = {n.strip().zfill(2) for n in args.notebooks.split(",")}
        notebooks = [n for n in notebooks if n.name[:2] in wanted]
        if len(notebooks) != len(wanted):
            parser.error(f"--notebooks {args.notebooks!r}: no notebook for some of them")
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(PY), str(ROOT / "scripts" / "make_synthetic_indicators.py"),
                    "--dest", str(OUT / "data")], check=True, stdout=subprocess.DEVNULL)
    results: dict[tuple[str, int], tuple[float, float, int]] = {}
    for nb in notebooks:
        for size in args.sizes:
            print(f"  running {nb.name} at {size} clusters ...", file=sys.stderr, flush=True)
            results[nb.stem, size] = run(nb, size)
    head = f"{'notebook':<28}" + "".join(
        f"{f'{s}: s':>10}{'MiB':>7}" + ("" if s == 9 else f"{'x T3':>7}") for s in args.sizes)
    print(head)
    totals = {s: [0.0, 0.0, 0] for s in args.sizes}
    for nb in notebooks:
        row = f"{nb.stem:<28}"
        for s in args.sizes:
            sec, mib, rc = results[nb.stem, s]
            totals[s][0] += sec
            totals[s][1] = max(totals[s][1], mib)
            totals[s][2] |= rc != 0
            row += f"{sec:>10.1f}{mib:>7.0f}" + ("" if s == 9 else
                                                 f"{sec / results[nb.stem, 9][0]:>7.1f}")
            row += "" if rc == 0 else " FAILED"
        print(row)
    row = f"{'whole collection (peak)':<28}"
    for s in args.sizes:
        row += f"{totals[s][0]:>10.1f}{totals[s][1]:>7.0f}" + (
            "" if s == 9 else f"{totals[s][0] / totals[9][0]:>7.1f}")
    print(row)

    for s in args.sizes:
        if s == 9:
            continue
        ratio = totals[s][0] / totals[9][0]
        good = ratio <= TARGETS[s] and totals[s][1] < PEAK_LIMIT_MIB and not totals[s][2]

        print(f"{s} clusters: whole collection {ratio:.2f}x the Table 3 run (target "
              f"<= {TARGETS[s]:g}x), peak {totals[s][1]:.0f} MiB (target < {PEAK_LIMIT_MIB}),"
              f" {'every run succeeded' if not totals[s][2] else 'a run FAILED (logs in '}"
              f"{'' if not totals[s][2] else str(OUT.relative_to(ROOT)) + ')'}: "
              f"{'met' if good else 'NOT met'}")
    print(f"logs and outputs: {OUT.relative_to(ROOT)}/")
    harness.footer()
    return 1 if any(t[2] for t in totals.values()) else 0  # targets are printed, not enforced


if __name__ == "__main__":
    raise SystemExit(main())
