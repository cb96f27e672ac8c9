"""The benchmark scripts ``make bench`` runs as programs (``python benchmarks/<name>.py``) start their
``main()``: without the entry point a script prints nothing and the bench reports "failed"."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SCRIPTS = ["run.py", "print_bench.py", "preview_bench.py", "generate.py"]


def _calls_main_when_run(tree: ast.Module) -> bool:
    for node in tree.body:
        if (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
                and isinstance(node.test.left, ast.Name) and node.test.left.id == "__name__"):
            return any(isinstance(n, ast.Call) and getattr(n.func, "id", "") == "main" for n in ast.walk(node))
    return False


@pytest.mark.parametrize("name", SCRIPTS)
def test_a_benchmark_script_runs_its_main(name: str) -> None:
    tree = ast.parse((BENCHMARKS / name).read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.FunctionDef) and n.name == "main" for n in tree.body)
    assert _calls_main_when_run(tree), f"benchmarks/{name} has no 'if __name__ == \"__main__\": main()'"
