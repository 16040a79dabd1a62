"""Pipeline speed on a fresh clone: the first ``make all``, a forced one, ``make test``, the floor.

Each round clones the repository's committed ``HEAD`` (``git clone``: uncommitted changes are
not measured) into a temporary folder and times, one after the other in that folder, so that
load from other processes hits the measurements of a round alike:

* the **first** ``make all`` as a new user types it: creating ``.venv`` from the lock (uv, from
  the machine's package cache), registering the kernel, executing every notebook;
* a **forced** ``make all`` right after (``build/stamps`` removed: every notebook executes again,
  at the Makefile's default jobs);
* the **floor**: N papermill command-line runs (N = number of notebooks) of a notebook with one
  empty code cell on the clone's ``ecosystems`` kernel, one after the other: starting Python,
  importing papermill and starting a kernel N times;
* ``make all`` on the up-to-date clone (must execute nothing);
* with ``--test``: ``make test`` as typed (lint, unit tests, nbval, byte comparison; the browser
  tests run where ``/usr/bin/chromium`` is installed and are skipped otherwise).

Prints each time (wall, and CPU of the command and every process it waited for), the medians
over the rounds and the ratios of issue 30 with their targets: first ``make all`` <= 1.3x the
forced one, ``make test`` <= 4x the forced ``make all``, the forced ``make all`` <= 1.0x the
floor. At the end the clone's notebooks and figures are compared with the working tree's
(byte-identical, or the script fails: commit first).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness

ROOT = Path(__file__).resolve().parents[1]
EMPTY = {"cells": [{"cell_type": "code", "execution_count": None, "id": "empty", "metadata": {},
                    "outputs": [], "source": ""}],
         "metadata": {"kernelspec": {"name": "ecosystems", "display_name": "Python (ecosystems)",
                                     "language": "python"}, "language_info": {"name": "python"}},
         "nbformat": 4, "nbformat_minor": 5}
#: key, label
ROWS = (("first", "first make all on a fresh clone (venv + notebooks)"),
        ("all", "make all again, every notebook forced"),
        ("floor", "floor: {n} x papermill CLI, empty notebook"),
        ("up_to_date", "make all, up to date (nothing executed)"),
        ("test", "make test (lint, unit, nbval, reproduce)"))
#: label, numerator, denominator, target (issue 30)
RATIOS = (("first make all / forced make all", "first", "all", 1.3),
          ("make test / forced make all", "test", "all", 4.0),
          ("forced make all / floor", "all", "floor", 1.0))


def parse_args(argv=None):
    parser = harness.parser(__doc__)
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="rounds, each on a new clone (default 1; medians over the rounds)")
    parser.add_argument("--test", action="store_true",
                        help="also time `make test` each round (minutes)")
    args = parser.parse_args(argv)  # an unknown option is an error (exit status 2)
    if args.repeat < 1:
        parser.error(f"--repeat must be at least 1, not {args.repeat}")
    return args


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd, cwd: Path, env: dict) -> tuple[float, float, str]:
    """Wall time, CPU time (of the command and every process it waited for), stdout."""
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode:
        sys.exit(f"benchmark command failed in {cwd}: {' '.join(map(str, cmd))}\n"
                 f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return elapsed, cpu, done.stdout


def clean_env() -> dict:
    """This process's environment without what would point make or Python elsewhere."""
    drop = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTHONPATH", "VIRTUAL_ENV",
            "ECOSYSTEMS_OUTPUT_DIR")
    return {k: v for k, v in os.environ.items() if k not in drop}


def one_round(tmp: Path, keys, env: dict) -> tuple[dict, dict, int, Path]:
    """Clone, then time every measurement of ``keys`` in the clone."""
    clone = tmp / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    wall, cpu = {}, {}

    def record(key, runs):
        wall[key], cpu[key] = sum(r[0] for r in runs), sum(r[1] for r in runs)
        print(f"  {key}: {wall[key]:.2f} s wall / {cpu[key]:.2f} s CPU", flush=True)
        return runs

    n = len(sorted((clone / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    out = record("first", [timed(["make", "all"], clone, env)])[0][2]
    if out.count("== running") != n:
        sys.exit(f"the first make all did not run all {n} notebooks:\n{out}")
    shutil.rmtree(clone / "build" / "stamps")
    out = record("all", [timed(["make", "all"], clone, env)])[0][2]
    if out.count("== running") != n:
        sys.exit(f"the forced make all did not run all {n} notebooks:\n{out}")
    empty = clone / "build" / "bench" / "empty.ipynb"
    empty.parent.mkdir(parents=True)
    empty.write_text(json.dumps(EMPTY), encoding="utf-8")
    papermill = [str(clone / ".venv" / "bin" / "papermill"), str(empty),
                 str(empty.with_name("out.ipynb")), "-k", "ecosystems", "--no-progress-bar"]
    record("floor", [timed(papermill, clone, env) for _ in range(n)])
    out = record("up_to_date", [timed(["make", "all"], clone, env)])[0][2]
    if "== running" in out:
        sys.exit(f"make all on an up-to-date clone executed notebooks:\n{out}")
    if "test" in keys:
        record("test", [timed(["make", "test"], clone, env)])
    return wall, cpu, n, clone


def main(argv=None) -> int:
    args = parse_args(argv)
    harness.header(__file__)
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout.strip()
    chromium = "installed" if Path("/usr/bin/chromium").exists() else "missing (browser tests skip)"
    print(f"clones of HEAD {head}; chromium {chromium}", flush=True)
    keys = [k for k, _ in ROWS if k != "test" or args.test]
    wall: dict[str, list[float]] = {k: [] for k in keys}
    cpu: dict[str, list[float]] = {k: [] for k in keys}
    env = clean_env()
    differs = []
    for round_ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="eco-bench-") as tmp:
            w, c, n, clone = one_round(Path(tmp), keys, env)
            for k in keys:
                wall[k].append(w[k])
                cpu[k].append(c[k])
            differs = [line for line in (subprocess.run(
                ["diff", "-rq", "--exclude=__pycache__", "--exclude=.ipynb_checkpoints",
                 str(ROOT / d), str(clone / d)], capture_output=True, text=True).stdout
                for d in ("figures", "notebooks")) if line]
        print(f"round {round_ + 1}/{args.repeat} done (load {os.getloadavg()[0]:.1f})", flush=True)
    med = {k: statistics.median(v) for k, v in wall.items()}
    mcpu = {k: statistics.median(v) for k, v in cpu.items()}
    print(f"\n{n} notebook(s), {args.repeat} round(s), medians (load average now "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):")
    print(f"  {'':<54}{'wall':>8}{'CPU':>9}")
    for key, label in ROWS:
        if key in med:
            extra = (f"  ({'meets' if med[key] < 1 else 'MISSES'} target < 1 s)"
                     if key == "up_to_date" else "")
            print(f"  {label.format(n=n):<54}{med[key]:7.2f}s{mcpu[key]:8.2f}s{extra}")
    print("ratios (wall):")
    for label, num, den, target in RATIOS:
        if num in med and den in med:
            ratio = med[num] / med[den]
            print(f"  {label:<54}{ratio:6.2f}x  "
                  f"({'meets' if ratio <= target else 'MISSES'} target {target}x)")
    if differs:
        print("\noutputs of the clone differ from the working tree's (not byte-identical; "
              "uncommitted changes?):\n" + "".join(differs))
        harness.footer()
        return 1
    print("\nevery notebook and figure of the clone is byte-identical to the working tree's")
    harness.footer()
    return 0


if __name__ == "__main__":
    sys.exit(main())
