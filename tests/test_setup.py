"""The two commands' preconditions: the Python version check and JupyterLab as root."""

import os
import subprocess
from pathlib import Path

import pytest

from ecosystems import config

CHECK = config.ROOT / "scripts" / "check_python.sh"
PYENV = Path(os.environ.get("PYENV_ROOT", "/root/.pyenv")) / "versions"
OTHERS = sorted(p / "bin" / "python" for p in PYENV.glob("3.*")
                if not p.name.startswith("3.11") and (p / "bin" / "python").exists())


def test_python_311_passes():
    done = subprocess.run([CHECK, config.ROOT / ".venv" / "bin" / "python"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("python", OTHERS or [Path("/nonexistent/python3.12")],
                         ids=lambda p: p.parent.parent.name)
def test_another_python_stops_make_with_the_version_and_the_ways(python):
    done = subprocess.run([CHECK, python], capture_output=True, text=True)
    assert done.returncode == 2
    found = python.parent.parent.name if python.exists() else "not found"
    assert f"{python} is {found}" in done.stderr
    assert "uv python install 3.11" in done.stderr and "environment.yml" in done.stderr


def test_lab_uses_working_copies_and_allows_root():
    done = subprocess.run(["make", "-n", "lab"], cwd=config.ROOT, capture_output=True,
                          text=True, check=True)
    assert "--notebook-dir=build/lab" in done.stdout
    assert "ECOSYSTEMS_OUTPUT_DIR=" in done.stdout and "build/lab/figures" in done.stdout
    assert ("--allow-root" in done.stdout) == (os.geteuid() == 0)
