"""The public names: listed once, in ``src/ecosystems/__init__.pyi``, and nothing done at import.

Editors and type checkers resolve ``eco.<name>`` from the stub; at run time
``lazy_loader.attach_stub`` reads the same stub, so the two cannot disagree. Each name
must resolve to the object its stub line names.
"""

import ast
import importlib
import subprocess
import sys

import pytest

import ecosystems
from ecosystems import config

STUB = config.ROOT / "src" / "ecosystems" / "__init__.pyi"


def stub_lines() -> list[tuple[str, str, str]]:
    """``(module, name, alias)`` for every ``from .module import name as alias`` of the stub."""
    lines = []
    for node in ast.parse(STUB.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            assert node.level == 1, ast.unparse(node)
            lines += [(node.module or "", a.name, a.asname) for a in node.names]
    return lines


def test_import_loads_nothing_heavy_and_installs_nothing():
    code = ("import sys, ecosystems; print(sorted(m for m in sys.modules if m in "
            "('pandas', 'matplotlib', 'numpy') or m.startswith('ecosystems.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_stub_name_is_re_exported_and_resolves_to_its_module():
    lines = stub_lines()
    assert all(alias == name for _, name, alias in lines), "write `from .m import x as x`"
    names = [name for _, name, _ in lines]
    assert len(names) == len(set(names)), "a public name is listed twice"
    assert sorted(ecosystems.__all__) == sorted(names)
    for module, name, _ in lines:
        if module:
            expected = getattr(importlib.import_module(f"ecosystems.{module}"), name)
        else:
            expected = importlib.import_module(f"ecosystems.{name}")
        assert getattr(ecosystems, name) is expected, name
    assert set(ecosystems.__all__) <= set(dir(ecosystems))
    with pytest.raises(AttributeError, match="nope"):
        ecosystems.nope  # noqa: B018


def test_no_public_name_is_shadowed_by_a_module():
    """A name equal to a top-level module's would be replaced by it once it is imported."""
    package = config.ROOT / "src" / "ecosystems"
    modules = {p.name.removesuffix(".py") for p in package.iterdir()}
    shadowed = [name for module, name, _ in stub_lines() if module and name in modules]
    assert not shadowed, shadowed
