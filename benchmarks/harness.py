"""What every benchmark shares: its command line, and the lines saying when and where it ran.

Each ``bench_*.py`` builds its command line with :func:`parser` (``--help`` from its docstring;
an unknown option is an error, exit status 2) and prints :func:`header` first and :func:`footer`
last, so that every figure ``make bench`` prints (and keeps in ``build/bench/results.txt``)
carries its date, machine and load: on a shared machine the load decides absolute times, and
only ratios measured side by side in one run compare.
"""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from pathlib import Path

from ecosystems.runner.pipeline import machine


def parser(doc: str) -> argparse.ArgumentParser:
    """A command line described by a benchmark's docstring (first line, then the rest)."""
    first, _, rest = doc.strip().partition("\n")
    return argparse.ArgumentParser(description=first, epilog=rest.strip() or None,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)


def load() -> str:
    """The load average over 1, 5 and 15 minutes."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def header(script: str) -> None:
    """Print the date, machine and load a benchmark starts under."""
    info = machine()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"# {Path(script).name}, {now}: {info['processor']}, {info['cores']} cores, "
          f"{info['memory_gib']} GiB, {info['system']}, Python {info['python']}; "
          f"load average {load()}", flush=True)


def footer() -> None:
    """Print the load a benchmark ends under."""
    print(f"# load average at end {load()}", flush=True)
