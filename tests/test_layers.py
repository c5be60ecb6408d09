"""The layers run one way: no module of generator/ or synthsite/ imports, directly or through
others, a module that imports it back. Imports inside functions count: they run too.

Run `python -m tests.test_layers` to print the import graph's circles.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("generator", "synthsite")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {_module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts}


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `path` imports anywhere in its code (module level or in functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name in modules}


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(path, modules) - {name} for name, path in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_circle():
    """A module never imports (through any chain) a module that imports it back."""
    found = circles(import_graph())
    assert not found, "import circles: " + "; ".join(" ⇄ ".join(circle) for circle in found)


def test_the_walk_sees_imports_inside_functions(tmp_path):
    """The check itself reads an import made inside a function, so such a circle cannot hide."""
    source = tmp_path / "lazy.py"
    source.write_text("def f():\n    from generator.engine import generate_chunks\n", encoding="utf-8")
    assert imports_of(source, project_modules()) == {"generator.engine"}
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_ground_modules_import_nothing_of_the_project():
    """Seeds, Arrow text helpers, parameters and the column-type base stand on nothing above them."""
    graph = import_graph()
    assert graph["generator.seeds"] == graph["generator.arrow_text"] == graph["generator.params"] == set()
    assert graph["generator.column_types"] <= {"generator.seeds", "generator.params"}


if __name__ == "__main__":
    for circle in circles(import_graph()):
        print(" ⇄ ".join(circle))
