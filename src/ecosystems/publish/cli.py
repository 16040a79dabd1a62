"""The collection's command line: ``python -m ecosystems COMMAND``.

``run``
    Execute notebooks with parameters, moving results into place on success
    (:func:`ecosystems.publish.pipeline.run_notebook`).
``compare``
    List the files of a fresh run that differ from the committed outputs.
``compare-scenario``
    Write a scenario's classification against the paper's
    (``comparison_with_paper``).
``report``
    Build the reviewer's site (:func:`ecosystems.build_report`).
``explore``
    Serve the threshold explorer (notebook 07) with Voila on the loopback address.
``static-explorer``
    Write the explorer without a server, one HTML file
    (:func:`ecosystems.write_static_explorer`, ``build/report/explorer.html``).

Every command has ``--help``; unknown options are an error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import config


def _parser() -> argparse.ArgumentParser:
    from .pipeline import KERNEL, TIMEOUT

    parser = argparse.ArgumentParser(prog="python -m ecosystems", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser("run", help="execute notebooks, moving results into place on success")
    run.add_argument("notebooks", nargs="+", type=Path)
    run.add_argument("-f", "--params", action="append", default=[],
                     help="YAML parameter file (repeatable; later files win)")
    run.add_argument("--dest", type=Path, help="write results here instead of in place")
    run.add_argument("--kernel", default=KERNEL)
    run.add_argument("--timeout", type=int, default=TIMEOUT)
    run.add_argument("--declared-only", action="store_true",
                     help="pass each notebook only the parameters it declares (scenarios)")
    cmp_ = sub.add_parser("compare", help="compare a fresh run's outputs with the committed ones")
    cmp_.add_argument("produced", type=Path)
    cmp_.add_argument("canonical", type=Path, nargs="?", default=config.CANONICAL_FIGURES)
    scen = sub.add_parser("compare-scenario",
                          help="write a scenario's classification against the paper's")
    scen.add_argument("params", type=Path, help="the scenario's YAML parameter file")
    scen.add_argument("--dest", type=Path, required=True, help="the scenario's output folder")
    rep = sub.add_parser("report", help="build the reviewer's HTML report")
    rep.add_argument("dest", type=Path, nargs="?", default=config.BUILD / "report",
                     help="output folder (default build/report)")
    exp = sub.add_parser("explore", help="serve the threshold explorer with Voila")
    exp.add_argument("--port", type=int, default=8866)
    exp.add_argument("--ip", default="127.0.0.1", help="address to listen on (loopback)")
    exp.add_argument("--cull-idle", type=int, default=None, metavar="SECONDS",
                     help="shut down the kernel of a closed page after this long idle "
                          "(default: ecosystems.explorer.app.CULL_IDLE_S; 0 keeps every "
                          "kernel until the server stops)")
    page = sub.add_parser("static-explorer",
                          help="write the explorer without a server (one HTML file)")
    page.add_argument("dest", type=Path, nargs="?",
                      default=config.BUILD / "report" / "explorer.html",
                      help="the page to write (default build/report/explorer.html)")
    page.add_argument("--data", type=Path, default=None,
                      help="a table of cluster indicators (default: Table 3, data/table3.csv)")
    page.add_argument("--lang", choices=("en", "ru"), default="en",
                      help="the language the page opens in (it has a toggle)")
    return parser


def _static_explorer(args) -> int:
    from .static_explorer import write_static_explorer

    path = write_static_explorer(args.dest, args.data, lang=args.lang)
    print(f"explorer without a server: {config.relative(path)} "
          f"({path.stat().st_size // 1024} KB; open it in a browser, straight from disk)")
    return 0


def _run(args) -> int:
    from .pipeline import NotebookFailed, parameters_per_notebook, read_params, run_notebook

    params = read_params(args.params)
    source = ", ".join(map(str, args.params)) or "parameters"
    per_notebook = {nb: params for nb in args.notebooks}
    if args.declared_only:
        per_notebook = parameters_per_notebook(args.notebooks, params, source)
    for notebook in args.notebooks:
        try:
            changed = run_notebook(notebook, per_notebook[notebook], dest=args.dest,
                                   kernel=args.kernel, timeout=args.timeout, source=source)
        except NotebookFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        names = ", ".join(config.relative(p) for p in changed) or "nothing changed"
        print(f"{config.relative(notebook)}: ok ({names})")
    return 0


def _compare(args) -> int:
    from .pipeline import compare

    problems = compare(args.produced, args.canonical)
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"{len(problems)} output file(s) do not reproduce", file=sys.stderr)
        return 1
    print(f"all outputs under {config.relative(args.canonical)} reproduce byte for byte")
    return 0


def _compare_scenario(args) -> int:
    from ..analysis.scenarios import (
        CLASSIFICATION_KEYS,
        compare_with_paper,
        scenario_classification,
    )
    from .output import save_table
    from .pipeline import read_params

    params = read_params([args.params])
    keys = {k: params[k] for k in CLASSIFICATION_KEYS if k in params}
    table = compare_with_paper(scenario_classification(**keys), keys.get("data_path"))
    written = save_table(table, "comparison_with_paper", folder=args.dest)
    print(f"{args.params}: {int(table['changed'].sum())} of {len(table)} cluster-years change "
          f"type against the paper's classification ({config.relative(written[0])})")
    return 0


def _report(args) -> int:
    from .provenance import stale_sidecars
    from .report import build_report

    index = build_report(args.dest)
    print(f"report: {config.relative(index)}")
    stale = stale_sidecars()
    if stale:
        print(f"warning: {len(stale)} stale sidecar(s), flagged on the page", file=sys.stderr)
    return 0


def _explore(args) -> int:
    from ..explorer.app import CULL_IDLE_S, voila_command, voila_env

    cull = CULL_IDLE_S if args.cull_idle is None else args.cull_idle
    command = voila_command(args.port, args.ip, cull_idle=cull)
    print(f"threshold explorer: http://{args.ip}:{args.port}/ (Ctrl-C stops the server)",
          flush=True)
    os.execve(command[0], command, voila_env())
    return 0  # not reached: the process is Voila now


COMMANDS = {"run": _run, "compare": _compare, "compare-scenario": _compare_scenario,
            "report": _report, "explore": _explore, "static-explorer": _static_explorer}


def main(argv=None) -> int:
    """Run one command; return the exit status (errors are printed, never raised)."""
    from ..errors import DataError
    from .pipeline import skip_slow_imports

    skip_slow_imports()
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (DataError, ValueError, KeyError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
