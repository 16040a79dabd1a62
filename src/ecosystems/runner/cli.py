"""The collection's command line: ``python -m ecosystems COMMAND``.

``run``
    Execute notebooks with parameters, moving results into place on success
    (:func:`ecosystems.runner.pipeline.run_notebook`).
``compare``
    List the files of a fresh run that differ from the committed outputs.
``scenario``
    Check a parameter file, run every notebook with it into
    ``build/scenarios/NAME/`` and write its summary against the paper's.
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
    from ..explorer.static.export import write_static_explorer

    path = write_static_explorer(args.dest, args.data, lang=args.lang)
    print(f"explorer without a server: {config.relative(path)} "
          f"({path.stat().st_size // 1024} KB; open it in a browser, straight from disk)")
    return 0


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
    from ..outputs.save import save_table, save_text
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
    import yaml

    # the settings beside the outputs, for the scenario's book (python -m ecosystems report)
    (Path(dest) / "params.yaml").write_text(
        f"# The parameter file of this scenario ({source}), as it was run.\n"
        + yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
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

    from ..book.build import ReportFolderError, build_report
    from ..outputs.provenance import stale_sidecars

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
        data = None
        if source is not None and (Path(source) / "params.yaml").is_file():
            from ..analysis.study import Study
            from ..io.paramfile import read_param_file

            data = Study.from_params(read_param_file(Path(source) / "params.yaml")).indicators
        index = build_report(dest, figures=figures, notebooks=notebooks, title=title,
                             pdf=not args.no_pdf, data=data)
    except ReportFolderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"report: {config.relative(index)}")
    stale = stale_sidecars(figures or config.CANONICAL_FIGURES)
    if stale:
        print(f"warning: {len(stale)} stale sidecar(s), flagged in the book", file=sys.stderr)
    return 0


def _explore(args) -> int:
    from ..explorer.app import CULL_IDLE_S, voila_command, voila_env

    cull = CULL_IDLE_S if args.cull_idle is None else args.cull_idle
    command = voila_command(args.port, args.ip, cull_idle=cull)
    print(f"threshold explorer: http://{args.ip}:{args.port}/ (Ctrl-C stops the server)",
          flush=True)
    os.execve(command[0], command, voila_env())
    return 0  # not reached: the process is Voila now


COMMANDS = {"run": _run, "compare": _compare, "scenario": _scenario,
            "report": _report, "explore": _explore, "static-explorer": _static_explorer}


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
