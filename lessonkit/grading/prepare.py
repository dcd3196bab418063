"""A submitted notebook as the grader will run it.

- Every output is cleared: a submitted notebook's outputs are not trusted, results come only
  from running it.
- An exercise whose cell (tagged `exercise:NN.qK`) is there but whose check call
  (`ex.qK.check()`, `lesson_NN.qK.check()`, `lessonkit.exercises.lesson_NN.qK.check()`) is
  nowhere in the notebook gets a check cell right after its own, tagged `lessonkit-grader`.
- Where each exercise's cells are is kept, so that a cell that ran out of time can be told.

A check call `X.qK.check(` counts for lesson NN when X is `lesson_NN`, or a name the notebook
imported `lesson_NN` as; any other name counts for the notebook's own lesson. Comments are
not calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from lessonkit.exercises import registry

GRADER_TAG = "lessonkit-grader"
EXERCISE_TAG = re.compile(r"exercise:(\d\d\.q\d+)")
CHECK_CALL = re.compile(r"(\w+)\.(q\d+)\.check\s*\(")
ALIAS = re.compile(r"\blesson_(\d\d)\s+as\s+(\w+)")
COMMENT = re.compile(r"#.*")


@dataclass
class Prepared:
    lesson: str  # e.g. "04_loss"
    notebook: nbformat.NotebookNode | None = None  # None when the file could not be read
    reason: str = ""  # why it could not be read
    cells: dict[str, list[int]] = field(default_factory=dict)  # exercise id -> its cells


def prepare(path: Path, lesson: str) -> Prepared:
    """The notebook at `path`, cleared and completed; or why it cannot be graded."""
    try:
        nb = read(path)
    except ValueError as unreadable:
        return Prepared(lesson, reason=str(unreadable))
    clear_outputs(nb)
    add_missing_checks(nb, lesson)
    return Prepared(lesson, nb, cells=exercise_cells(nb, lesson))


def read(path: Path) -> nbformat.NotebookNode:
    """The notebook, valid; ValueError with a reason an instructor can act on."""
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except nbformat.ValidationError as invalid:
        first_line = str(invalid.message).splitlines()[0]
        raise ValueError(f"not a valid notebook: {first_line}") from None
    except UnicodeDecodeError:
        raise ValueError("not a notebook: the file is not UTF-8 text") from None
    except OSError as error:
        raise ValueError(f"cannot read the file: {error.strerror}") from None
    except (ValueError, AttributeError, KeyError, TypeError):  # not JSON, or not a notebook's
        raise ValueError("not a notebook: the file is not notebook JSON") from None
    return nb


def clear_outputs(nb: nbformat.NotebookNode) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None


def add_missing_checks(nb: nbformat.NotebookNode, lesson: str) -> None:
    checked = set(check_calls(nb, lesson))
    known = {e.id for e in registry.all_exercises()}
    for index in reversed(range(len(nb.cells))):
        for exercise_id in tags(nb.cells[index]):
            if exercise_id not in checked and exercise_id in known:
                nb.cells.insert(index + 1, check_cell(exercise_id))


def check_cell(exercise_id: str) -> nbformat.NotebookNode:
    module = f"lesson_{exercise_id[:2]}"
    number = exercise_id.split(".")[1]
    source = (
        "# Added by the grader: this exercise's check was not in the notebook.\n"
        f"from lessonkit.exercises import {module} as _grader_{module}\n"
        f"_grader_{module}.{number}.check()"
    )
    return nbformat.v4.new_code_cell(source, metadata={"tags": [GRADER_TAG]})


def exercise_cells(nb: nbformat.NotebookNode, lesson: str) -> dict[str, list[int]]:
    """Exercise id -> the indices of its tagged cells and check cells, in order."""
    cells: dict[str, list[int]] = {}
    known = aliases(nb)
    for index, cell in enumerate(nb.cells):
        for exercise_id in {*tags(cell), *calls_in(cell, lesson, known)}:
            cells.setdefault(exercise_id, []).append(index)
    return cells


def tags(cell) -> list[str]:
    found = (EXERCISE_TAG.fullmatch(tag) for tag in cell.get("metadata", {}).get("tags", []))
    return [match.group(1) for match in found if match]


def check_calls(nb: nbformat.NotebookNode, lesson: str) -> list[str]:
    known = aliases(nb)
    return [exercise_id for cell in nb.cells for exercise_id in calls_in(cell, lesson, known)]


def calls_in(cell, lesson: str, known: dict[str, str]) -> list[str]:
    """The exercise ids whose check this code cell calls."""
    if cell.cell_type != "code":
        return []
    code = COMMENT.sub("", cell.source)
    return [
        f"{_lesson_number(name, lesson, known)}.{number}"
        for name, number in CHECK_CALL.findall(code)
    ]


def aliases(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Names lesson modules were imported as: {"ex": "04"} for `import lesson_04 as ex`."""
    code = "\n".join(COMMENT.sub("", c.source) for c in nb.cells if c.cell_type == "code")
    return {name: number for number, name in ALIAS.findall(code)}


def _lesson_number(name: str, lesson: str, known: dict[str, str]) -> str:
    if re.fullmatch(r"lesson_\d\d", name):
        return name[-2:]
    return known.get(name, lesson[:2])
