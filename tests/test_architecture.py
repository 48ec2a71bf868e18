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
