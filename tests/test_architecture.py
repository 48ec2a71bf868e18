"""The layout's rules, checked on the installed package: small modules, no import cycle, layers
pointing downward (docs/architecture.md)."""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

PACKAGE = Path(str(resources.files("swingometer")))
LIMIT = 400


def _module(path: Path) -> str:
    parts = ["swingometer", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The swingometer modules imported when ``path`` is (not those imported only for type
    checking or inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("swingometer"):
                # ``from package import module`` depends on the module, not on the package's
                # own names
                submodules = {f"{node.module}.{a.name}" for a in node.names} & NAMES
                found |= submodules or {node.module}
                if len(submodules) < len(node.names):
                    found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("swingometer")}
    return found


NAMES = {_module(p) for p in PACKAGE.rglob("*.py")}
MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {m for m in _imports(path) if m in MODULES and m != name}
         for name, path in MODULES.items()}


def test_no_module_is_over_400_lines() -> None:
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT}
    assert long == {}


def test_no_import_cycle() -> None:
    """A module never imports, directly or through others, a module that imports it (a package
    importing its own modules, to re-export them, is not a cycle unless one imports it back)."""
    cycles = []

    def visit(name: str, path: list[str]) -> None:
        for target in sorted(GRAPH[name]):
            if target in path:
                cycles.append(path[path.index(target):] + [target])
            elif target not in done:
                visit(target, [*path, target])
        done.add(name)

    done: set[str] = set()
    for name in sorted(GRAPH):
        if name not in done:
            visit(name, [name])
    assert cycles == []


# the layers, lowest first (docs/architecture.md); scenarios and pictures are peers
RANKS = {"_version": 0, "exceptions": 0, "data": 1, "results": 2, "dataset": 3, "forecast": 4,
         "scenarios": 5, "pictures": 5, "interfaces": 6, "__main__": 7, "": 7}


def _layer(module: str) -> str:
    """The layer of a module: its folder or top-level module (``""`` for the package itself)."""
    return module.split(".")[1] if "." in module else ""


def _every_import(path: Path) -> set[tuple[str, bool]]:
    """Each swingometer module ``path`` imports anywhere, with whether at module level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found |= {(name, id(node) in top) for name in names if name in MODULES}
    return found


def test_every_module_sits_in_a_layer() -> None:
    assert sorted({_layer(name) for name in MODULES} - set(RANKS)) == []


def test_layers_point_downward() -> None:
    """A module imports only its own layer and those below; the peers scenarios and pictures may
    import each other inside a function (the story draws a map), never at module level."""
    wrong = []
    for name, path in MODULES.items():
        layer = _layer(name)
        for target, at_top in _every_import(path):
            other = _layer(target)
            if RANKS[other] > RANKS[layer] or (
                    at_top and other != layer and RANKS[other] == RANKS[layer]):
                wrong.append(f"{name} -> {target}")
    assert sorted(wrong) == []
