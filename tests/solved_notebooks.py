"""Lessons run with their solutions swapped in, and what their checks then said.

An exercise cell carries the tag `exercise:NN.qK`. Check outputs carry a machine-readable
marker in their output metadata ({"lessonkit": {"exercise", "status", "mistake"}}), which is
what the solution run (tests/test_solution_run.py) and the hosted-kernel test read.
"""

import re
from pathlib import Path

import nbformat

import lessonkit.exercises

TAG = re.compile(r"exercise:(\d\d\.q\d+)")


def exercise_ids(cell) -> list[str]:
    return [
        m.group(1) for tag in cell.get("metadata", {}).get("tags", []) if (m := TAG.fullmatch(tag))
    ]


def tagged_cells(nb) -> list[tuple[str, object]]:
    return [(exercise_id, cell) for cell in nb.cells for exercise_id in exercise_ids(cell)]


def with_solutions(nb):
    """An in-memory copy whose exercise cells hold the solutions."""
    copy = nbformat.from_dict(nb)
    for exercise_id, cell in tagged_cells(copy):
        cell.source = lessonkit.exercises.get(exercise_id).solution_code.strip("\n")
    return copy


def check_markers(nb) -> list[dict]:
    return [
        output["metadata"]["lessonkit"]
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if "lessonkit" in output.get("metadata", {})
    ]


def execute(nb, folder: Path, kernel_name: str = "python3", env: dict | None = None):
    """Run `nb` top to bottom in a fresh kernel whose working folder is `folder`. Cells tagged
    raises-exception may error; any other error raises CellExecutionError."""
    from nbclient import NotebookClient

    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        timeout=120,
        resources={"metadata": {"path": str(folder)}},
        shutdown_kernel="immediate",  # the outputs are in; a graceful stop costs 2 s a notebook
    )
    client.execute(**({"env": env} if env else {}))
    return nb


def run_with_solutions(path: Path, data_dir: Path, kernel_name: str = "python3", env=None):
    """Execute the solved copy of `path` (cwd: the notebook's folder)."""
    solved = with_solutions(nbformat.read(path, as_version=4))
    return execute(solved, path.parent, kernel_name, env)


def assert_all_checks_correct(nb, path: Path):
    markers = check_markers(nb)
    wrong = [m for m in markers if m.get("status") != "correct"]
    assert not wrong, f"{path.name}: checks not correct with the solutions: {wrong}"
    checked = {m.get("exercise") for m in markers}
    missing = {exercise_id for exercise_id, _ in tagged_cells(nb)} - checked
    assert not missing, (
        f"{path.name}: no check output for {sorted(missing)}; put `ex.qK.check()` in its own "
        "cell after the exercise cell"
    )
