"""The package's layers: each module imports only from its own layer or the ones below it."""

import ast

from ecosystems import config

ORDER = ["config", "errors", "io", "typology", "analysis", "draw", "outputs", "explorer", "book",
         "runner"]
PACKAGE = config.ROOT / "src" / "ecosystems"


def layer_of(module: str) -> str | None:
    """``ecosystems.io.loaders`` -> ``io``; the package itself -> None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def imports_of(path):
    """Absolute names of the ecosystems modules ``path`` imports."""
    here = "ecosystems." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    package = here.rsplit(".", 1)[0] if path.name != "__init__.py" else here.removesuffix(
        ".__init__")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ecosystems"):
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("ecosystems")]
        else:
            continue
        yield from names


def test_no_module_imports_a_later_layer():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = layer_of("ecosystems." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        if own is None or own in ("__init__", "__main__"):
            continue  # the package's __init__ and __main__ gather every layer
        for target in imports_of(path):
            other = layer_of(target)
            if other in ORDER and ORDER.index(other) > ORDER.index(own):
                upward.append(f"{path.relative_to(PACKAGE)} imports {target}")
    assert not upward, upward


def test_every_module_is_in_a_layer():
    tops = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in PACKAGE.rglob("*.py")}
    assert tops - {"__init__", "__main__"} == set(ORDER)
