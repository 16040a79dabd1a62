"""The collection's command line: ``python -m ecosystems COMMAND``.

``run``
    Execute notebooks with parameters, moving results into place on success
    (:func:`ecosystems.publish.pipeline.run_notebook`).
``compare``
    List the files of a fresh run that differ from the committed outputs.
``scenario``
    Check a parameter file, run every notebook with it into
    ``build/scenarios/NAME/`` and write its summary against the paper's.
``report``
    Build the reviewer's site (:func:`ecosystems.build_report`).
``explore``
    Serve the threshold explorer (notebook 07) with Voila on the loopback address.

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
    where = run.add_mutually_exclusive_group()
    where.add_argument("--dest", type=Path,
                       help="write the executed notebooks and their outputs here "
                            "(default build/run; relative to the current folder)")
    where.add_argument("--in-place", action="store_true",
                       help="rewrite the committed notebooks and figures/ (what make all does)")
    run.add_argument("--kernel", default=KERNEL)
    run.add_argument("--timeout", type=int, default=TIMEOUT)
    run.add_argument("--declared-only", action="store_true",
                     help="pass each notebook only the parameters it declares (scenarios)")
    cmp_ = sub.add_parser("compare", help="compare a fresh run's outputs with the committed ones")
    cmp_.add_argument("produced", type=Path)
    cmp_.add_argument("canonical", type=Path, nargs="?", default=config.CANONICAL_FIGURES)
    scen = sub.add_parser("scenario", help="run every notebook with a parameter file and "
                                           "summarise what changed against the paper")
    scen.add_argument("params", type=Path, help="the scenario's YAML parameter file")
    scen.add_argument("--dest", type=Path,
                      help="output folder (default build/scenarios/NAME, NAME the file's stem)")
    scen.add_argument("--kernel", default=KERNEL)
    scen.add_argument("--timeout", type=int, default=TIMEOUT)
    rep = sub.add_parser(
        "report", help="build the reviewer's book (site, replication report, exhibit map)",
        description="Build the reviewer's book: a static site (index.html, search.html) of "
        "every executed notebook (not re-executed), figure and table with its provenance, the "
        "replication report (replication.html and replication.pdf) and the exhibit map "
        "(exhibits.html). It opens from disk and loads nothing from outside its folder. DEST "
        "must be new, empty or a folder this command made (it carries the marker file "
        ".ecosystems-report.json); any other folder is refused and left untouched.",
        epilog="examples: python -m ecosystems report  (build/report/);  python -m ecosystems "
        "report --scenario tertiles  (build/scenarios/tertiles/report/)")
    rep.add_argument("dest", type=Path, nargs="?", default=None,
                     help="output folder (default build/report, or SOURCE/report)")
    where = rep.add_mutually_exclusive_group()
    where.add_argument("--scenario", metavar="NAME",
                       help="the book of build/scenarios/NAME/ (a `make scenario` run)")
    where.add_argument("--source", type=Path, metavar="DIR",
                       help="the book of a run folder DIR holding NN_*.ipynb and figures/")
    rep.add_argument("--no-pdf", action="store_true", help="skip replication.pdf")
    exp = sub.add_parser("explore", help="serve the threshold explorer with Voila")
    exp.add_argument("--port", type=int, default=8866)
    exp.add_argument("--ip", default="127.0.0.1", help="address to listen on (loopback)")
    return parser


def _run_all(notebooks, params: dict, source: str, dest, in_place: bool, kernel: str,
             timeout: int, declared_only: bool) -> int:
    """Check everything first, then run each notebook; print where each one wrote."""
    from .pipeline import DEFAULT_DEST, NotebookFailed, plan, run_notebook

    per_notebook = plan(notebooks, params, source, declared_only)  # nothing runs before this
    for notebook in notebooks:
        try:
            changed = run_notebook(notebook, per_notebook[Path(notebook)], dest=dest,
                                   in_place=in_place, kernel=kernel, timeout=timeout,
                                   source=source)
        except NotebookFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        target = "in place" if in_place else f"to {config.relative(Path(dest or DEFAULT_DEST))}"
        shown = [config.relative(p) for p in changed[:3]]
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        names = f"{len(changed)} file(s) changed: {', '.join(shown)}{more}" if changed \
            else "nothing changed"
        print(f"{config.relative(notebook)}: ok, written {target} ({names})")
    return 0


def _run(args) -> int:
    from .pipeline import read_params

    params = read_params(args.params)
    source = ", ".join(map(str, args.params)) or "parameters"
    return _run_all(args.notebooks, params, source, args.dest, args.in_place, args.kernel,
                    args.timeout, args.declared_only)


def _compare(args) -> int:
    from .pipeline import compare, record_compare

    problems = compare(args.produced, args.canonical)
    if Path(args.canonical).resolve() == config.CANONICAL_FIGURES:
        record_compare(args.produced, args.canonical, problems)
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"{len(problems)} output file(s) do not reproduce", file=sys.stderr)
        return 1
    print(f"all outputs under {config.relative(args.canonical)} reproduce byte for byte")
    return 0


def _scenario(args) -> int:
    from ..analysis.scenarios import claims_against_paper, compare_with_paper, scenario_summary
    from ..analysis.study import Study
    from .output import save_table, save_text
    from .pipeline import read_params

    params = read_params([args.params])
    source = config.relative(args.params)
    name = args.params.stem
    dest = args.dest or config.BUILD / "scenarios" / name
    notebooks = sorted(config.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    status = _run_all(notebooks, params, source, dest, False, args.kernel, args.timeout,
                      declared_only=True)
    if status:
        return status
    study = Study.from_params(params)
    table = compare_with_paper(study)
    tables = Path(dest) / "figures" / "tables"  # beside the notebooks' tables: in its book too
    save_table(table, "comparison_with_paper", folder=tables,
               caption=f"Scenario {name}: every cluster-year's type against the paper's")
    save_table(claims_against_paper(study), "claims_against_paper", folder=tables,
               caption=f"Scenario {name}: the ledger's verdicts against the paper's")
    summary = save_text(scenario_summary(study, name, params, source), "SUMMARY.md", folder=dest,
                        caption=f"Scenario {name}: summary")
    print(f"{source}: {int(table['changed'].sum())} of {len(table)} cluster-years change type "
          f"against the paper's configuration; summary {config.relative(summary[0])}")
    return 0


def _report(args) -> int:
    import re

    from .provenance import stale_sidecars
    from .report import ReportFolderError, build_report

    source, title = args.source, None
    if args.scenario is not None:
        if not re.fullmatch(r"[\w][\w.-]*", args.scenario):
            print(f"error: scenario name {args.scenario!r}: use letters, digits, '.', '-', '_'",
                  file=sys.stderr)
            return 2
        source, title = config.BUILD / "scenarios" / args.scenario, (
            f"Reviewer's book, scenario {args.scenario}")
    if source is not None:
        source = Path(source)
        notebooks = sorted(source.glob("[0-9][0-9]_*.ipynb"))
        if not (source / "figures").is_dir() or not notebooks:
            print(f"error: {source}: no executed notebooks (NN_*.ipynb) and figures/ folder; "
                  "run `make scenario PARAMS=params/NAME.yaml` first", file=sys.stderr)
            return 1
        dest = args.dest or source / "report"
        figures = source / "figures"
    else:
        notebooks, figures = None, None
        dest = args.dest or config.BUILD / "report"
    try:
        index = build_report(dest, figures=figures, notebooks=notebooks, title=title,
                             pdf=not args.no_pdf)
    except ReportFolderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"report: {config.relative(index)}")
    stale = stale_sidecars(figures or config.CANONICAL_FIGURES)
    if stale:
        print(f"warning: {len(stale)} stale sidecar(s), flagged in the book", file=sys.stderr)
    return 0


def _explore(args) -> int:
    from ..explorer.app import voila_command

    command = voila_command(args.port, args.ip)
    print(f"threshold explorer: http://{args.ip}:{args.port}/ (Ctrl-C stops the server)",
          flush=True)
    os.execv(command[0], command)
    return 0  # not reached: the process is Voila now


COMMANDS = {"run": _run, "compare": _compare, "scenario": _scenario,
            "report": _report, "explore": _explore}


def main(argv=None) -> int:
    """Run one command; return the exit status (errors are printed, never raised)."""
    from ..errors import DataError, ParameterError
    from .pipeline import skip_slow_imports

    skip_slow_imports()
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (DataError, ValueError, KeyError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
