"""Pipeline speed: ``make all`` against the start-up floor of papermill.

Measured on a copy of the working tree in a temporary folder (the canonical
notebooks and figures are never touched): the copy gets a link to ``.venv``
and ``PYTHONPATH`` pointing at its own ``src/``, so the package, the runner and
every kernel resolve paths inside the copy.

For each of ``--repeat`` rounds (default 3), interleaved so that load from
other processes hits every measurement alike:

* floor: N papermill command-line runs (N = number of notebooks) of a notebook
  with one empty code cell on the same kernel, one after the other: the cost of
  starting Python, importing papermill and starting a kernel N times;
* for reference, N runs of our runner (``python -m ecosystems run``)
  on that empty notebook: the runner's own start-up;
* ``make all`` with every notebook forced to run (stamps removed), sequential;
* ``make -j2 all``, forced likewise;
* ``make all`` on the up-to-date tree (must execute nothing).

Prints the median of each and the ratios to the floor. Targets: sequential
within 1.5x of the floor, ``-j2`` within 1.0x, up-to-date under one second.
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
VENV = ROOT / ".venv"
REPEATS = 3
EMPTY = {"cells": [{"cell_type": "code", "execution_count": None, "id": "empty", "metadata": {},
                    "outputs": [], "source": ""}],
         "metadata": {"kernelspec": {"name": "ecosystems", "display_name": "Python (ecosystems)",
                                     "language": "python"}, "language_info": {"name": "python"}},
         "nbformat": 4, "nbformat_minor": 5}


def copy_tree(dest: Path) -> None:
    """Copy tracked and untracked (not ignored) files, keeping their times."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    (dest / ".venv").symlink_to(VENV)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd, cwd: Path, env: dict) -> tuple[float, float, str]:
    """Wall time, CPU time (of the command and every process it waited for), stdout."""
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode:
        sys.exit(f"benchmark command failed: {' '.join(map(str, cmd))}\n{done.stderr[-2000:]}")
    return elapsed, cpu, done.stdout


def main(argv=None) -> int:
    cli = harness.parser(__doc__)
    cli.add_argument("--repeat", type=int, default=REPEATS,
                     help=f"interleaved rounds (default {REPEATS})")
    args = cli.parse_args(argv)
    harness.header(__file__)
    if not (VENV / ".installed").exists():
        sys.exit("run `make setup` first")
    with tempfile.TemporaryDirectory(prefix="eco-bench-") as tmp:
        tree = Path(tmp) / "tree"
        copy_tree(tree)
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
        env["PYTHONPATH"] = str(tree / "src")
        env.pop("ECOSYSTEMS_OUTPUT_DIR", None)
        root_seen = subprocess.run(
            [str(VENV / "bin" / "python"), "-c",
             "from ecosystems import config; print(config.ROOT)"],
            env=env, capture_output=True, text=True, check=True).stdout.strip()
        if Path(root_seen) != tree:
            sys.exit(f"the copy would import the package from {root_seen}, not {tree}")
        notebooks = sorted((tree / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        n = len(notebooks)
        empty = tree / "build" / "bench" / "empty.ipynb"
        empty.parent.mkdir(parents=True)
        empty.write_text(json.dumps(EMPTY), encoding="utf-8")
        papermill = [str(VENV / "bin" / "papermill"), str(empty), str(empty.with_name("out.ipynb")),
                     "-k", "ecosystems", "--no-progress-bar"]
        runner = [str(VENV / "bin" / "python"), "-m", "ecosystems", "run", str(empty),
                  "--dest", str(empty.parent / "runner")]
        keys = ("floor", "runner_floor", "all", "all_j2", "up_to_date")
        results: dict[str, list[float]] = {k: [] for k in keys}
        cpu: dict[str, list[float]] = {k: [] for k in keys}

        def record(key, runs):
            results[key].append(sum(r[0] for r in runs))
            cpu[key].append(sum(r[1] for r in runs))
            return runs

        timed(["make", "all"], tree, env)  # warm the file cache once
        for round_ in range(args.repeat):
            record("floor", [timed(papermill, tree, env) for _ in range(n)])
            record("runner_floor", [timed(runner, tree, env) for _ in range(n)])
            for key, jobs in (("all", []), ("all_j2", ["-j2"])):
                shutil.rmtree(tree / "build" / "stamps")
                record(key, [timed(["make", *jobs, "all"], tree, env)])
            out = record("up_to_date", [timed(["make", "all"], tree, env)])[0][2]
            if "== running" in out:
                sys.exit(f"make all on an up-to-date tree executed notebooks:\n{out}")
            print(f"round {round_ + 1}/{args.repeat} (load {os.getloadavg()[0]:.1f}): " + ", ".join(
                f"{k} {results[k][-1]:.2f} s wall / {cpu[k][-1]:.2f} s CPU" for k in keys),
                flush=True)
    med = {k: statistics.median(v) for k, v in results.items()}
    mcpu = {k: statistics.median(v) for k, v in cpu.items()}
    print(f"\n{n} notebook(s), {args.repeat} rounds, medians (load average now "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):")
    print(f"  {'':<46}{'wall':>8}{'CPU':>9}")
    rows = (("floor", f"floor: {n} x papermill CLI, empty notebook", None),
            ("runner_floor", f"{n} x our runner, empty notebook", None),
            ("all", "make all, every notebook forced", 1.5),
            ("all_j2", "make -j2 all, every notebook forced", 1.0),
            ("up_to_date", "make all, up to date (nothing executed)", None))
    for key, label, target in rows:
        line = f"  {label:<46}{med[key]:7.2f}s{mcpu[key]:8.2f}s"
        if target:
            ratio = med[key] / med["floor"]
            verdict = "meets" if ratio <= target else "MISSES"
            line += f"  {ratio:.2f}x floor wall ({verdict} target {target}x)"
        if key == "up_to_date":
            line += f"  ({'meets' if med[key] < 1 else 'MISSES'} target < 1 s)"
        print(line)
    harness.footer()
    return 0


if __name__ == "__main__":
    sys.exit(main())
