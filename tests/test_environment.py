"""pyproject.toml is the single source of dependencies; the lock and environment.yml follow it."""

import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from ecosystems import paths


def pyproject():
    return tomllib.loads((paths.ROOT / "pyproject.toml").read_text())


def lock():
    pins = {}
    for line in paths.LOCK.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, version = line.split("==")
        pins[canonicalize_name(name)] = version
    return pins


def declared():
    project = pyproject()["project"]
    reqs = list(project["dependencies"])
    for group in project.get("optional-dependencies", {}).values():
        reqs += group
    return [Requirement(r) for r in reqs]


def test_lock_pins_every_declared_dependency():
    pins = lock()
    for req in declared():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name}: in pyproject.toml, not in requirements.lock"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {req.name}=={pins[name]}, outside {req.specifier}"
        )


def test_lock_is_exact_pins_only():
    for line in paths.LOCK.read_text().splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+!\-]+", line), line


def test_environment_yml_installs_the_lock_and_the_package():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    python = next(d for d in deps if isinstance(d, str) and d.startswith("python="))
    version = python.split("=", 1)[1]
    assert SpecifierSet(pyproject()["project"]["requires-python"]).contains(version + ".0")
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict))
    assert pip_section == ["-r requirements.lock", "-e ."]
    # Nothing else is installed from conda: every package comes through the lock.
    assert sorted(d for d in deps if isinstance(d, str)) == ["pip", python]
