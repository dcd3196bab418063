"""Rows of grades.csv from a run notebook: what its checks said, and what they could not say.

A check's output carries `{"lessonkit": {"exercise", "status", "mistake"}}` in its metadata
(lessonkit.exercises.core.Result); its message is the text after "NN.qK Label: ". The last
result per exercise wins (a learner may have checked again after fixing), unless the
exercise's own cell ran out of time. Then, for every exercise the lesson declares or the
notebook holds, with no result:
- `timeout` when one of its cells (the tagged cell or a check cell), or a cell before them, ran
  past the cell limit (an import cell that did not finish leaves every later check blind);
- `timeout` or `failed`, with the reason, when the whole run did not finish;
- `missing` otherwise: the exercise was not found, or its check gave no result.
Results of other lessons' exercises found in the notebook are kept too.
"""

from __future__ import annotations

from lessonkit.display import LABELS
from lessonkit.exercises import registry
from lessonkit.grading.prepare import Prepared
from lessonkit.grading.rows import Row


def rows_from(student: str, prepared: Prepared, ran, cell_timeout: float) -> list[Row]:
    """`ran` is the sandbox's Ran for `prepared.notebook` (None when it could not be read)."""
    given = _trusted(checked(ran.notebook) if ran and ran.notebook else {}, prepared, ran)
    rows = [
        Row(student, prepared.lesson, exercise_id, *_with_error(found, ran, prepared, exercise_id))
        for exercise_id, found in given.items()
    ]
    by_number = {name[:2]: found for name, found in registry.lessons()}
    declared = [e.id for e in by_number.get(prepared.lesson[:2], [])]
    known = {e.id for found in by_number.values() for e in found}
    for exercise_id in dict.fromkeys([*declared, *prepared.cells]):
        if exercise_id not in given and exercise_id in known:
            status, detail = not_given(exercise_id, prepared, ran, cell_timeout)
            rows.append(Row(student, prepared.lesson, exercise_id, status, "", detail))
    return sorted(rows)


def _trusted(given: dict, prepared: Prepared, ran) -> dict:
    """The results, less those of exercises whose own cell ran out of time: the learner's
    loop, not the check's words about an unfinished cell, is what the instructor needs."""
    stopped = set(ran.timed_out_cells) if ran else set()
    return {exercise_id: found for exercise_id, found in given.items()
            if not stopped & set(prepared.cells.get(exercise_id, []))}


def _with_error(found: tuple, ran, prepared: Prepared, exercise_id: str) -> tuple:
    """A check that says "read the error under that cell" cannot show the instructor that
    error: the detail gets it (a memory limit, a NameError...)."""
    status, mistake, text = found
    raised = _error_in(ran.notebook, prepared.cells.get(exercise_id, []))
    if status == "error" and raised:
        text = f"{text} The cell raised{raised}"
    return status, mistake, text


def checked(nb) -> dict[str, tuple[str, str, str]]:
    """Exercise id -> (status, mistake, message) of its last check output."""
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            marker = output.get("metadata", {}).get("lessonkit")
            if isinstance(marker, dict) and marker.get("exercise") and marker.get("status"):
                text = output.get("data", {}).get("text/plain", "")
                found[marker["exercise"]] = (
                    marker["status"],
                    marker.get("mistake") or "",
                    message(marker, text),
                )
    return found


def message(marker: dict, text: str) -> str:
    """The check's words without the "04.q1 Incorrect: " before them."""
    head = f"{marker['exercise']} {LABELS.get(marker['status'], '')}"
    return text.removeprefix(head).removeprefix(":").strip()


def not_given(exercise_id: str, prepared: Prepared, ran, cell_timeout: float):
    """(status, detail) for an exercise with no check result."""
    cells = prepared.cells.get(exercise_id, [])
    if ran is None:
        return "failed", prepared.reason
    stopped = [index for index in ran.timed_out_cells if cells and index <= max(cells)]
    if stopped:
        return "timeout", _stopped(ran.notebook, cells, stopped[0], cell_timeout)
    if ran.outcome in ("timeout", "failed"):
        return ran.outcome, ran.reason
    if not cells:
        return "missing", f"not in the notebook: no cell tagged exercise:{exercise_id}"
    return "missing", "its check gave no result" + _error_in(ran.notebook, cells)


def _stopped(nb, cells: list[int], index: int, cell_timeout: float) -> str:
    """Which cell ran past the limit: one of the exercise's, or one before them."""
    limit = f"ran past the limit of {cell_timeout:g} s per cell"
    if index in cells or nb is None:
        return f"its cell {limit}"
    first_line = (nb.cells[index].source.strip().splitlines() or [""])[0]
    return f"an earlier cell {limit}: {first_line}"


def _error_in(nb, cells: list[int]) -> str:
    """': NameError: name 'ex' is not defined' when one of these cells raised."""
    for index in cells:
        for output in nb.cells[index].get("outputs", []) if index < len(nb.cells) else []:
            if output.get("output_type") == "error":
                return f": {output.get('ename')}: {output.get('evalue')}"
    return ""
