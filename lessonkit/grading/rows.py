"""One row of grades.csv: what one student's notebook gave for one exercise.

Every part of the grader speaks in rows: the runner makes them, the writers turn them into
grades.csv, feedback and the report, and --merge reads them back.
"""

from __future__ import annotations

import csv
from dataclasses import astuple, dataclass, fields
from pathlib import Path

# correct / incorrect / not_attempted / error come from the checks themselves; the others
# are the grader's: the exercise was not found (missing), or the notebook did not finish
# in time (timeout) or at all (failed).
STATUSES = ("correct", "incorrect", "not_attempted", "error", "missing", "timeout", "failed")


@dataclass(frozen=True, order=True)
class Row:
    student: str
    notebook: str  # the lesson, e.g. "04_loss"
    exercise: str  # e.g. "04.q1"; "" for a notebook that gave no exercise at all
    status: str
    mistake: str = ""  # the named mistake's id, when the check recognised one
    detail: str = ""  # the check's message, or why the notebook failed
    source: str = "notebook"  # "notebook", or "self-reported" for a progress export


COLUMNS = tuple(f.name for f in fields(Row))


def write(rows: list[Row], file: Path) -> None:
    """grades.csv: sorted, so that the same class gives the same file however it was run."""
    with open(file, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(astuple(row) for row in sorted(rows))


def read(file: Path) -> list[Row]:
    with open(file, newline="", encoding="utf-8") as source:
        return [Row(**record) for record in csv.DictReader(source)]
