"""The two commands' preconditions: the Python check, the installer, JupyterLab as root."""

import os
import subprocess
import sys
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


def lock_pin(name):
    line = next(x for x in (config.ROOT / "requirements.lock").read_text().splitlines()
                if x.startswith(f"{name}=="))
    return line.split("==", 1)[1]


def test_setup_installs_with_the_script_and_registers_the_kernel():
    done = subprocess.run(["make", "-n", "-B", "setup"], cwd=config.ROOT, capture_output=True,
                          text=True, check=True)
    lines = done.stdout.splitlines()
    install = next(i for i, x in enumerate(lines) if "scripts/install.sh" in x)
    kernel = next(i for i, x in enumerate(lines) if "ipykernel install" in x)
    assert install < kernel and "requirements.lock" in lines[install]
    assert "--name ecosystems" in lines[kernel]


def test_the_venv_has_the_uv_the_lock_pins():
    done = subprocess.run([config.ROOT / ".venv" / "bin" / "uv", "--version"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.split()[:2] == ["uv", lock_pin("uv")]


def test_without_uv_pip_installs_the_lock_and_says_so_on_one_line(tmp_path):
    """No package index (as where uv has no wheel): pip installs the lock, one line says so."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    pip = subprocess.run([venv / "bin" / "python", "-m", "pip", "--version"],
                         capture_output=True, text=True, check=True).stdout.split()[1]
    lock = tmp_path / "requirements.lock"  # what pip can install here without an index
    lock.write_text(f"# uv and the venv's own pip\npip=={pip}\nuv=={lock_pin('uv')}\n")
    empty = tmp_path / "no-wheels"
    empty.mkdir()
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(empty)}
    done = subprocess.run([CHECK.with_name("install.sh"), venv / "bin" / "python", lock],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"note: could not install uv=={lock_pin('uv')} with pip; installing {lock} with pip "
        "instead (slower)"]
    assert not (venv / "bin" / "uv").exists()


def test_lock_resolves_with_the_locked_uv_and_writes_pip_freeze_pins():
    done = subprocess.run(["make", "-n", "lock"], cwd=config.ROOT, capture_output=True,
                          text=True, check=True)
    assert "grep -m1 '^uv==' requirements.lock" in done.stdout
    assert "build/lockenv/bin/uv pip install" in done.stdout
    assert "resolving with pip instead" in done.stdout  # the fallback, as in setup
    # the lock's format: pip freeze's names and exact pins, sorted bytewise
    assert "pip freeze --all --exclude-editable" in done.stdout and "LC_ALL=C sort" in done.stdout
