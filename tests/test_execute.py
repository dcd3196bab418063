"""`make execute` is reproducible: a fresh run gives the committed notebook byte for byte.

This is what lets a reviewer trust a notebook diff: nothing in it changes from run to
run (seeds are fixed, widget ids and timings are normalised), so a committed notebook
that differs from a fresh run was edited without being re-executed.
"""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools/execute_notebooks.py"
spec = importlib.util.spec_from_file_location("execute_notebooks", TOOL)
execute_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(execute_notebooks)


@pytest.mark.slow
@pytest.mark.parametrize("path", execute_notebooks.notebook_paths(), ids=lambda p: p.name)
def test_fresh_run_matches_the_committed_notebook(path):
    fresh = execute_notebooks.to_text(execute_notebooks.execute(path))
    committed = path.read_text(encoding="utf-8")
    if fresh != committed:
        fresh_lines, committed_lines = fresh.splitlines(), committed.splitlines()
        pairs = enumerate(zip(fresh_lines, committed_lines, strict=False))
        first = next(
            (i for i, (a, b) in pairs if a != b), min(len(fresh_lines), len(committed_lines))
        )
        pytest.fail(
            f"{path.name} differs from a fresh run at line {first + 1}: run `make execute` "
            f"and commit, or remove what varies between runs.\n"
            f"committed: {committed_lines[first] if first < len(committed_lines) else '<end>'}\n"
            f"fresh:     {fresh_lines[first] if first < len(fresh_lines) else '<end>'}"
        )
