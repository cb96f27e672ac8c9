"""The pipeline's packages import downwards only: no import circle between them."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "quartierboards"
# Bottom to top. A package may import those before it (and the top-level utility modules).
LAYERS = ["i18n", "content", "schedule", "render", "print", "write", "commands"]


def _imports(path: Path, module: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + (path.name == "__init__.py")]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("quartierboards.")}


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        owner = ".".join(module.split(".")[:2])
        for name in _imports(path, module):
            target = ".".join(name.split(".")[:2])
            if target != owner:
                graph.setdefault(owner, set()).add(target)
    return graph


def test_no_import_circle_between_packages() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    circles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                circles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not circles, f"import circles: {circles}"


def test_the_pipeline_packages_import_only_downwards() -> None:
    graph = _graph()
    rank = {f"quartierboards.{name}": i for i, name in enumerate(LAYERS)}
    upward = [(a, b) for a, targets in graph.items() if a in rank
              for b in targets if b in rank and rank[b] > rank[a]]
    assert not upward, f"imports against the pipeline's direction: {sorted(upward)}"
