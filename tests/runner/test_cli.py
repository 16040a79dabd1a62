"""Every command a user types has ``--help`` and refuses an option it does not know.

The commands are the subcommands of ``python -m ecosystems``, every ``benchmarks/bench_*.py``
and every Python script in ``scripts/``. ``--help`` must print argparse's usage and exit 0
without doing the command's work; an unknown option (before the arguments a command requires)
must exit 2 naming the option, and never be taken for a path (nothing may be written). They run
in a temporary current folder, so that a command mistaking an option for a folder would leave it
there.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ecosystems import config

#: One worker runs this module (pytest-xdist), so its module fixture is made once.
pytestmark = pytest.mark.xdist_group("commands")
ROOT = config.ROOT
SUBCOMMANDS = ["run", "compare", "scenario", "report", "explore", "static-explorer"]
SCRIPTS = sorted(p.relative_to(ROOT).as_posix()
                 for p in [*ROOT.glob("benchmarks/bench_*.py"), *ROOT.glob("scripts/*.py")])
#: What a command needs besides options, so that argparse reaches the unknown option (it reports
#: a missing required argument first); none of these files exists.
REQUIRED = {"": ["compare", "a", "b"], "run": ["x.ipynb"], "compare": ["a", "b"],
            "scenario": ["p.yaml"]}
COMMANDS = ([(["-m", "ecosystems"], REQUIRED[""])]
            + [(["-m", "ecosystems", s], REQUIRED.get(s, [])) for s in SUBCOMMANDS]
            + [([str(ROOT / s)], []) for s in SCRIPTS])
IDS = ["ecosystems"] + [f"ecosystems {s}" for s in SUBCOMMANDS] + SCRIPTS


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    """(--help, --no-such-option) results of every command, run concurrently."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECOSYSTEMS_")}
    runs = {}
    for index, (command, required) in enumerate(COMMANDS):
        for option, rest in (("--help", []), ("--no-such-option", required)):
            where = tmp_path_factory.mktemp("cwd")
            runs[index, option] = where, subprocess.Popen(
                [sys.executable, *command, option, *rest], cwd=where, env=env, text=True,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    results = {}
    for key, (where, process) in runs.items():
        out, err = process.communicate(timeout=300)
        results[key] = process.returncode, out, err, sorted(p.name for p in where.iterdir())
    return results


def test_the_lists_are_complete():
    assert len(SCRIPTS) >= 8, SCRIPTS  # seven benchmarks and the two generators at least
    assert "benchmarks/harness.py" not in SCRIPTS


@pytest.mark.parametrize("index", range(len(COMMANDS)), ids=IDS)
def test_help_prints_usage_and_does_nothing_else(answers, index):
    status, out, err, left = answers[index, "--help"]
    assert status == 0, err
    assert out.startswith("usage: "), out[:200]
    assert len(out.splitlines()) >= 3, out  # a description, not only the usage line
    assert left == [], f"--help wrote {left}"


@pytest.mark.parametrize("index", range(len(COMMANDS)), ids=IDS)
def test_an_unknown_option_is_refused_by_name(answers, index):
    status, out, err, left = answers[index, "--no-such-option"]
    assert status == 2, (out, err)
    assert "--no-such-option" in err and "usage: " in err, err
    assert left == [], f"an unknown option made {left}"
