"""Synthetic classes of submissions built from the real lesson notebooks, for the grader's
tests (tests/grading/test_cli.py) and its benchmark (benchmarks/bench_grade.py)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from solved_notebooks import tagged_cells, with_solutions

import lessonkit.exercises

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def lesson(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def solved(nb):
    return with_solutions(nb)


def placeholders(nb):
    return nbformat.from_dict(nb)


def mistaken(nb, *mistake_ids):
    """Solved, except the exercises with a mistake named: each holds that mistake's example,
    the wrong answer the check is proven to name."""
    copy = with_solutions(nb)
    for exercise_id, cell in tagged_cells(copy):
        exercise = lessonkit.exercises.get(exercise_id)
        for mistake in exercise.mistakes:
            if mistake.id in mistake_ids:
                cell.source = mistake.example.strip("\n")
    return copy


def looping(nb):
    """Solved, but the first exercise's cell never ends."""
    copy = with_solutions(nb)
    tagged_cells(copy)[0][1].source = "while True:\n    pass"
    return copy


def allocating(nb):
    """Solved, but the first exercise's cell first asks for 2 GiB."""
    copy = with_solutions(nb)
    cell = tagged_cells(copy)[0][1]
    cell.source = "big = torch.ones(2**29)  # 2 GiB of float32\n" + cell.source
    return copy


def deleted(nb):
    """Solved, with the last exercise's cell and the check cell after it deleted."""
    copy = with_solutions(nb)
    cell = tagged_cells(copy)[-1][1]
    index = copy.cells.index(cell)
    del copy.cells[index:index + 2]
    return copy


def write(folder: Path, student: str, name: str, nb) -> Path:
    """folder/<student>/<name>.ipynb; a str `nb` is written as it is (a malformed file)."""
    path = folder / student / f"{name}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(nb, str):
        path.write_text(nb, encoding="utf-8")
    else:
        nbformat.write(nb, path)
    return path
