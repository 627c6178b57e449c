"""The package's layout is its architecture: each stage is a room, and rooms import one way only."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "src" / "competency"
BASE = {"errors", "terminal", "files", "cache", "schemas", "suggest"}  # shared by every stage; they import no stage


def _room(module: str) -> str:
    """`competency.engine.matching` -> `engine`; the base modules share one room."""
    first = module.split(".")[1] if module.count(".") else ""
    return "base" if first in BASE else first


def _imports(path: Path) -> set[str]:
    """Every `competency.*` module a file imports, at any depth (lazy imports count too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("competency."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("competency.")}
    return found


def _room_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(("competency", *path.relative_to(PACKAGE).with_suffix("").parts))
        if module == "competency.__init__":
            continue
        room = _room(module)
        graph.setdefault(room, set()).update(_room(target) for target in _imports(path) if _room(target) != room)
    return graph


def test_rooms_import_one_way() -> None:
    graph = _room_graph()
    order = list(graphlib.TopologicalSorter(graph).static_order())  # raises CycleError on a cycle
    assert order.index("base") < order.index("language") < order.index("compiler") < order.index("engine")
    assert graph["base"] == set()


def test_package_code_imports_absolutely() -> None:
    """Absolute imports name the room of every dependency, so the graph above is the whole truth."""
    relative = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level and node.module != "__version__"
    ]
    assert relative == []
