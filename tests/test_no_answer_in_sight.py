"""No answer in sight: after an exercise cell, the rest of its section neither prints the
reference answer's value nor holds code that does what the solution does. A learner should
meet the answer through `ex.qN.solution()`, or after the next `##` heading."""

import json
import re
from pathlib import Path

import pytest
import torch

import lessonkit.exercises

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EXERCISES = {exercise.id: exercise for exercise in lessonkit.exercises.every_exercise()}


def _source(cell) -> str:
    return "".join(cell["source"])


def _outputs(cell) -> str:
    texts = []
    for output in cell.get("outputs", []):
        texts.append("".join(output.get("text", "")))
        texts.append("".join(output.get("data", {}).get("text/plain", "")))
        texts.append("".join(output.get("data", {}).get("text/html", "")))
    return "\n".join(texts)


def rest_of_section(cells, index) -> list:
    """The cells after `index` up to the next `##` heading, without the check cells."""
    rest = []
    for cell in cells[index + 1:]:
        if cell["cell_type"] == "markdown" and _source(cell).lstrip().startswith("## "):
            break
        if cell["cell_type"] == "code" and not re.fullmatch(
            r"(\s*(#\s*)?ex\.q\d+\.(check|hint|solution)\(.*\)\s*)*", _source(cell)
        ):
            rest.append(cell)
    return rest


def printed_forms(value) -> list[str]:
    """How a lesson would print the reference answer: numbers at 4 decimals."""
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        value = value.item()
    if isinstance(value, float):
        return [f"{value:.4f}"]
    if isinstance(value, str) and len(value) > 3:
        return [value]
    if isinstance(value, torch.Tensor) and value.dim() == 1:
        return [", ".join(f"{v:.4f}" for v in value.tolist()[:2])]
    return []


def solution_lines(code: str) -> set[str]:
    """The solution's working lines: no comments, no blank or one-word lines."""
    lines = {re.sub(r"\s+", " ", line.split("#")[0]).strip() for line in code.splitlines()}
    return {line for line in lines if len(line) >= 12 and not line.startswith(("def ", "return"))}


def cell_lines(code: str) -> set[str]:
    return {re.sub(r"\s+", " ", line.split("#")[0]).strip() for line in code.splitlines()}


def exercise_cells():
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for index, cell in enumerate(cells):
            for tag in cell.get("metadata", {}).get("tags", []):
                if tag.startswith("exercise:"):
                    yield path.stem, tag.removeprefix("exercise:"), cells, index


CASES = list(exercise_cells())


@pytest.mark.parametrize(("notebook", "exercise_id", "cells", "index"), CASES,
                         ids=[case[1] for case in CASES])
def test_no_answer_in_the_rest_of_the_section(notebook, exercise_id, cells, index):
    exercise = EXERCISES[exercise_id]
    expected = exercise.expected()
    forms = [] if isinstance(expected, list) else printed_forms(expected)
    wanted = solution_lines(exercise.solution_code)
    for cell in rest_of_section(cells, index):
        shown = _outputs(cell)
        for form in forms:
            assert form not in shown, f"{notebook}: {form} is printed after {exercise_id}"
        same = wanted & cell_lines(_source(cell))
        assert not same or len(same) * 2 < len(wanted), (
            f"{notebook}: a cell after {exercise_id} does what its solution does: {sorted(same)}"
        )


def test_the_section_ends_at_the_next_heading():
    cells = [{"cell_type": "code", "source": ["ex.q1.check()\n", "# ex.q1.hint()"]},
             {"cell_type": "code", "source": ["print(1)"]},
             {"cell_type": "markdown", "source": ["## Next"]},
             {"cell_type": "code", "source": ["print(2)"]}]
    assert [_source(c) for c in rest_of_section([{}, *cells], 0)] == ["print(1)"]
