"""pyproject.toml is the single source of dependencies; the lock and environment.yml follow it."""

import os
import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from ecosystems import config


def pyproject():
    return tomllib.loads((config.ROOT / "pyproject.toml").read_text())


def lock():
    pins = {}
    for line in config.LOCK.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, version = line.split("==")
        pins[canonicalize_name(name)] = version
    return pins


def declared():
    """Every requirement of pyproject.toml but the package's references to its own extras."""
    project = pyproject()["project"]
    reqs = list(project["dependencies"])
    for group in project.get("optional-dependencies", {}).values():
        reqs += group
    return [r for r in map(Requirement, reqs) if canonicalize_name(r.name) != "ecosystems"]


#: The extras, and the modules of src/ecosystems/ that may import them (by path prefix).
EXTRAS_OF = {"book": ("book/",), "explorer": ("explorer/",), "docx": ("outputs/word.py",)}


def extras() -> dict[str, set[str]]:
    """Extra -> its distributions, an ``ecosystems[other]`` in it replaced by other's."""
    groups = pyproject()["project"]["optional-dependencies"]

    def members(name: str) -> set[str]:
        found = set()
        for req in map(Requirement, groups[name]):
            if canonicalize_name(req.name) == "ecosystems":
                found |= set().union(*(members(extra) for extra in req.extras))
            else:
                found.add(canonicalize_name(req.name))
        return found

    return {name: members(name) for name in groups}


def test_lock_pins_every_declared_dependency():
    pins = lock()
    for req in declared():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name}: in pyproject.toml, not in requirements.lock"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {req.name}=={pins[name]}, outside {req.specifier}"
        )


def test_lock_pins_uv_which_installs_it():
    """make setup bootstraps the lock's own uv (scripts/install.sh reads its pin)."""
    assert "uv" in lock()
    assert "uv" in {canonicalize_name(r.name) for r in declared()}


def test_lock_is_exact_pins_only():
    for line in config.LOCK.read_text().splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+!\-]+", line), line


def test_environment_yml_installs_the_lock_and_the_package():
    env = yaml.safe_load((config.ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    python = next(d for d in deps if isinstance(d, str) and d.startswith("python="))
    version = python.split("=", 1)[1]
    assert SpecifierSet(pyproject()["project"]["requires-python"]).contains(version + ".0")
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict))
    assert pip_section == ["-r requirements.lock", "-e ."]
    # Nothing else is installed from conda: every package comes through the lock.
    assert sorted(d for d in deps if isinstance(d, str)) == ["pip", python]


# Declared, and used otherwise than by an import in src/: where to see the use.
USED_WITHOUT_IMPORT = {
    "tabulate": ("src/ecosystems/outputs/save.py", ".to_markdown("),
    "jupyterlab": ("Makefile", "jupyter lab"),
    "ipykernel": ("Makefile", "ipykernel install"),
    "ipython": ("notebooks/07_explorer.ipynb", "from IPython.display import"),
    "nbval": ("Makefile", "--nbval"),
    "voila": ("src/ecosystems/explorer/app.py", '"voila"'),
    "pytest": ("Makefile", "-m pytest"),
    "pytest-xdist": ("Makefile", "--dist loadgroup"),
    "ruff": ("Makefile", "-m ruff"),
    "uv": ("scripts/install.sh", "pip install --quiet --python"),
    # Sphinx extensions of the reviewer's book, loaded by name from its configuration
    "myst-nb": ("src/ecosystems/book/sphinx/conf.py", '"myst_nb"'),
    "sphinx-book-theme": ("src/ecosystems/book/sphinx/conf.py", '"sphinx_book_theme"'),
    "sphinx-external-toc": ("src/ecosystems/book/sphinx/conf.py", '"sphinx_external_toc"'),
    "sphinx-multitoc-numbering": ("src/ecosystems/book/sphinx/conf.py",
                                  '"sphinx_multitoc_numbering"'),
    "sphinxcontrib-bibtex": ("src/ecosystems/book/sphinx/conf.py", '"sphinxcontrib.bibtex"'),
}


def imported_distributions(folder, code=".py") -> dict[str, set[str]]:
    """Distribution -> files, for every third-party module imported under ``folder``."""
    import ast
    import json
    import sys
    from importlib.metadata import packages_distributions

    owners = packages_distributions()
    found: dict[str, set[str]] = {}
    for path in sorted((config.ROOT / folder).rglob(f"*{code}")):
        if code == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        else:
            sources = [path.read_text(encoding="utf-8")]
        for source in sources:
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    # a script's sibling module (benchmarks/harness.py); in a package an
                    # absolute import is never a sibling
                    local = (not (path.parent / "__init__.py").exists()
                             and (path.parent / f"{top}.py").exists())
                    if top in sys.stdlib_module_names or top == "ecosystems" or local:
                        continue
                    assert top in owners, f"{path}: imports {top!r}, which no package provides"
                    for dist in owners[top]:
                        found.setdefault(canonicalize_name(dist), set()).add(
                            path.relative_to(config.ROOT).as_posix())
    return found


def test_every_import_is_declared_and_every_dependency_used():
    project = pyproject()["project"]
    package = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    groups = extras()
    assert set(EXTRAS_OF) <= set(groups)
    src = imported_distributions("src")
    root = "src/ecosystems/"

    def allowed_in(path: str) -> set[str]:
        module = path.removeprefix(root)
        return package.union(*(groups[extra] for extra, prefixes in EXTRAS_OF.items()
                               if module.startswith(prefixes)))

    undeclared = {d: sorted(f for f in files if d not in allowed_in(f))
                  for d, files in src.items()}
    undeclared = {d: files for d, files in undeclared.items() if files}
    assert not undeclared, ("imported where neither [project] dependencies nor the module's "
                            f"extra ({EXTRAS_OF}) declares it: {undeclared}")
    every_extra = set().union(*(groups[extra] for extra in EXTRAS_OF))
    for folder, code, allowed in (("notebooks", ".ipynb",
                                   package | every_extra | groups["notebooks"]),
                                  ("tests", ".py", package | every_extra | groups["notebooks"]
                                   | groups["dev"]),
                                  ("benchmarks", ".py", package | every_extra | groups["dev"]),
                                  ("scripts", ".py", package)):
        extra = {d: sorted(f) for d, f in imported_distributions(folder, code).items()
                 if d not in allowed}
        assert not extra, f"{folder}/ imports undeclared package(s): {extra}"
    tests = imported_distributions("tests")
    without_import = {canonicalize_name(k): v for k, v in USED_WITHOUT_IMPORT.items()}
    for dist in sorted(package | every_extra | groups["notebooks"] | groups["dev"]):
        if dist in src or (dist in groups["dev"] and dist in tests):
            continue
        used = without_import.get(dist)
        assert used, f"{dist} is declared but nothing imports it; remove it or say where it is used"
        where, evidence = used
        assert evidence in (config.ROOT / where).read_text(encoding="utf-8"), (dist, where)


def test_xdist_keeps_each_group_on_one_worker(tmp_path):
    """`make unit` relies on --dist loadgroup to build each expensive fixture once; some
    pytest releases break it without a word (tests just spread over the workers)."""
    import subprocess
    import sys

    (tmp_path / "test_grouped.py").write_text(
        "import os\nimport pytest\n\n"
        "@pytest.mark.xdist_group('one')\n"
        "@pytest.mark.parametrize('k', range(6))\n"
        "def test_worker(k):\n"
        "    with open(os.environ['WORKERS_FILE'], 'a') as fh:\n"
        "        fh.write(os.environ['PYTEST_XDIST_WORKER'] + '\\n')\n", encoding="utf-8")
    workers = tmp_path / "workers.txt"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-p", "xdist", "-n", "2", "--dist", "loadgroup",
                           str(tmp_path / "test_grouped.py")],
                          cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "WORKERS_FILE": str(workers),
                               "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})  # only xdist: quick
    assert done.returncode == 0, done.stdout + done.stderr
    seen = workers.read_text().split()
    assert len(seen) == 6 and len(set(seen)) == 1, f"one group ran on workers {sorted(set(seen))}"
