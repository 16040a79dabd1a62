"""The package's layers and modules: each module imports only from its own layer or the ones
below it, no module imports itself back through others (counting imports inside functions), and
no module reaches into another's private names."""

import ast
from graphlib import CycleError, TopologicalSorter

from ecosystems import config

ORDER = ["config", "errors", "io", "typology", "analysis", "draw", "outputs", "explorer", "book",
         "runner"]
PACKAGE = config.ROOT / "src" / "ecosystems"


def module_name(path) -> str:
    """``src/ecosystems/io/loaders.py`` -> ``ecosystems.io.loaders`` (a package: its name)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(("ecosystems", *parts)).removesuffix(".__init__")


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str | None:
    """``ecosystems.io.loaders`` -> ``io``; the package itself -> None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def imports_of(path):
    """``(module, names)`` for every ecosystems module ``path`` imports, anywhere in it (also
    inside functions): the module imported, and the names taken from it (empty for a module
    imported whole)."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").split(".")[0] == "ecosystems":
                target = node.module
            else:
                continue
            taken = []
            for alias in node.names:
                if f"{target}.{alias.name}" in MODULES:  # from . import module
                    yield f"{target}.{alias.name}", ()
                else:
                    taken.append(alias.name)
            if taken:
                yield target, tuple(taken)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "ecosystems":
                    yield alias.name, ()


def test_no_module_imports_a_later_layer():
    upward = []
    for module, path in MODULES.items():
        own = layer_of(module)
        if own is None or own == "__main__":
            continue  # the package's __init__ and __main__ gather every layer
        for target, _ in imports_of(path):
            other = layer_of(target)
            if other in ORDER and ORDER.index(other) > ORDER.index(own):
                upward.append(f"{path.relative_to(PACKAGE)} imports {target}")
    assert not upward, upward


def test_every_module_is_in_a_layer():
    tops = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in PACKAGE.rglob("*.py")}
    assert tops - {"__init__", "__main__"} == set(ORDER)


def test_no_import_cycle_between_modules():
    graph = {module: {target for target, _ in imports_of(path) if target != module}
             for module, path in MODULES.items()}
    unknown = sorted({t for targets in graph.values() for t in targets} - set(MODULES))
    assert not unknown, f"imports of modules that do not exist: {unknown}"
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        raise AssertionError(f"import cycle: {' -> '.join(error.args[1])}") from None


def test_no_private_name_crosses_modules():
    crossing = [f"{path.relative_to(PACKAGE)} imports {name} from {target}"
                for module, path in MODULES.items() for target, names in imports_of(path)
                for name in names if name.startswith("_") and not name.startswith("__")]
    assert not crossing, crossing

