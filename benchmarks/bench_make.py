"""Pipeline speed: a forced ``make all`` (and ``make test``) against the papermill floor.

Measured on a copy of the working tree in a temporary folder (tracked and untracked files with
their times, a link to ``.venv``, ``PYTHONPATH`` on the copy's ``src/``), so the canonical
notebooks and figures are never touched; the script checks that the copy's package resolves
paths inside the copy.

Each round, interleaved so that load from other processes hits every measurement alike, times:

* the **floor**: N papermill command-line runs (N = number of notebooks) of a notebook with one
  empty code cell on the ``ecosystems`` kernel, one after the other: starting Python, importing
  papermill and starting a kernel N times;
* for reference, N runs of our runner (``python -m ecosystems run``) on that empty notebook;
* ``make -j1 all`` with every notebook forced to run (``build/stamps`` removed): serial;
* ``make -j2 all``, forced likewise;
* ``make all`` as typed (the Makefile's default jobs), forced likewise;
* ``make all`` on the up-to-date tree (must execute nothing);
* with ``--test``: ``make test`` as typed (lint, unit tests, nbval, byte comparison).

Prints each time (wall and CPU of the command and every process it waited for), the medians and
their ratios to the floor. Targets (issue 17): serial <= 1.0x the floor, ``-j2`` <= 0.6x,
``make test`` <= 3.0x, up to date under one second.
"""

from __future__ import annotations

import argparse
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
EMPTY = {"cells": [{"cell_type": "code", "execution_count": None, "id": "empty", "metadata": {},
                    "outputs": [], "source": ""}],
         "metadata": {"kernelspec": {"name": "ecosystems", "display_name": "Python (ecosystems)",
                                     "language": "python"}, "language_info": {"name": "python"}},
         "nbformat": 4, "nbformat_minor": 5}
#: key, label, target (ratio of the floor, or None)
ROWS = (("floor", "floor: {n} x papermill CLI, empty notebook", None),
        ("runner_floor", "{n} x our runner, empty notebook", None),
        ("all_j1", "make -j1 all, every notebook forced", 1.0),
        ("all_j2", "make -j2 all, every notebook forced", 0.6),
        ("all", "make all (default jobs), every notebook forced", None),
        ("up_to_date", "make all, up to date (nothing executed)", None),
        ("test", "make test (lint, unit, nbval, reproduce)", 3.0))


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="Targets: serial <= 1.0x the floor, -j2 <= 0.6x, "
                                            "make test <= 3.0x.")
    parser.add_argument("--repeat", type=int, default=2, metavar="N",
                        help="rounds, each measuring everything once (default 2; medians over "
                             "the rounds)")
    parser.add_argument("--test", action="store_true",
                        help="also time `make test` each round (about a minute or more a round)")
    args = parser.parse_args(argv)  # an unknown option is an error (exit status 2)
    if args.repeat < 1:
        parser.error(f"--repeat must be at least 1, not {args.repeat}")
    return args


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
        sys.exit(f"benchmark command failed: {' '.join(map(str, cmd))}\n"
                 f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed, cpu, done.stdout


def prepare(tree: Path) -> dict:
    """Copy the working tree to ``tree``; the environment that makes it import its own package."""
    copy_tree(tree)
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["PYTHONPATH"] = str(tree / "src")
    env.pop("ECOSYSTEMS_OUTPUT_DIR", None)
    # `make` in the copy must not re-run setup: that would point the shared .venv at the copy
    if subprocess.run(["make", f"VENV={VENV}", "-q", str(VENV / ".installed")], cwd=tree,
                      env=env).returncode:
        sys.exit("the .venv is older than requirements.lock or pyproject.toml: run `make setup`")
    root_seen = subprocess.run(
        [str(VENV / "bin" / "python"), "-c", "from ecosystems import config; print(config.ROOT)"],
        env=env, capture_output=True, text=True, check=True).stdout.strip()
    if Path(root_seen) != tree:
        sys.exit(f"the copy would import the package from {root_seen}, not {tree}")
    return env


def main(argv=None) -> int:
    args = parse_args(argv)
    harness.header(__file__)
    if not (VENV / ".installed").exists():
        sys.exit("run `make setup` first")
    keys = [k for k, _, _ in ROWS if k != "test" or args.test]
    wall: dict[str, list[float]] = {k: [] for k in keys}
    cpu: dict[str, list[float]] = {k: [] for k in keys}
    with tempfile.TemporaryDirectory(prefix="eco-bench-") as tmp:
        tree = Path(tmp) / "tree"
        env = prepare(tree)
        n = len(sorted((tree / "notebooks").glob("[0-9][0-9]_*.ipynb")))
        empty = tree / "build" / "bench" / "empty.ipynb"
        empty.parent.mkdir(parents=True)
        empty.write_text(json.dumps(EMPTY), encoding="utf-8")
        papermill = [str(VENV / "bin" / "papermill"), str(empty), str(empty.with_name("out.ipynb")),
                     "-k", "ecosystems", "--no-progress-bar"]
        runner = [str(VENV / "bin" / "python"), "-m", "ecosystems", "run", str(empty),
                  "--dest", str(empty.parent / "runner")]
        # VENV on the command line: the copy's commands run the venv by its real path, as in
        # the working tree (through the .venv link, matplotlib's data path would differ from
        # the one its font cache recorded, and a test checks they are the same)
        make = ["make", f"VENV={VENV}"]
        forced = {"all_j1": [*make, "-j1", "all"], "all_j2": [*make, "-j2", "all"],
                  "all": [*make, "all"]}

        def record(key, runs):
            wall[key].append(sum(r[0] for r in runs))
            cpu[key].append(sum(r[1] for r in runs))
            print(f"  {key}: {wall[key][-1]:.2f} s wall / {cpu[key][-1]:.2f} s CPU", flush=True)
            return runs

        timed([*make, "all"], tree, env)  # bring the copy up to date; warms the file cache
        for round_ in range(args.repeat):
            record("floor", [timed(papermill, tree, env) for _ in range(n)])
            record("runner_floor", [timed(runner, tree, env) for _ in range(n)])
            for key, cmd in forced.items():
                shutil.rmtree(tree / "build" / "stamps")
                out = record(key, [timed(cmd, tree, env)])[0][2]
                if out.count("== running") != n:
                    sys.exit(f"{' '.join(cmd)} did not run all {n} notebooks:\n{out}")
            out = record("up_to_date", [timed([*make, "all"], tree, env)])[0][2]
            if "== running" in out:
                sys.exit(f"make all on an up-to-date tree executed notebooks:\n{out}")
            if args.test:
                record("test", [timed([*make, "test"], tree, env)])
            print(f"round {round_ + 1}/{args.repeat} (load {os.getloadavg()[0]:.1f}): " + ", ".join(
                f"{k} {wall[k][-1]:.2f} s wall / {cpu[k][-1]:.2f} s CPU" for k in keys),
                flush=True)
        differs = [line for line in (subprocess.run(
            ["diff", "-rq", "--exclude=__pycache__", "--exclude=.ipynb_checkpoints",
             str(ROOT / d), str(tree / d)], capture_output=True, text=True).stdout
            for d in ("figures", "notebooks")) if line]
    med = {k: statistics.median(v) for k, v in wall.items()}
    mcpu = {k: statistics.median(v) for k, v in cpu.items()}
    print(f"\n{n} notebook(s), {args.repeat} round(s), medians (load average now "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):")
    print(f"  {'':<50}{'wall':>8}{'CPU':>9}  wall / floor")
    for key, label, target in ROWS:
        if key not in med:
            continue
        line = f"  {label.format(n=n):<50}{med[key]:7.2f}s{mcpu[key]:8.2f}s"
        if key not in ("floor", "up_to_date"):
            ratio = med[key] / med["floor"]
            line += f"  {ratio:5.2f}x"
            if target:
                line += f"  ({'meets' if ratio <= target else 'MISSES'} target {target}x)"
        if key == "up_to_date":
            line += f"  ({'meets' if med[key] < 1 else 'MISSES'} target < 1 s)"
        print(line)
    if differs:
        print("\noutputs of the copy differ from the working tree's (not byte-identical):\n"
              + "".join(differs))
        harness.footer()
        return 1
    print("\nevery notebook and figure of the copy is byte-identical to the working tree's")
    harness.footer()
    return 0


if __name__ == "__main__":
    sys.exit(main())
