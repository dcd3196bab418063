"""What the grader leaves in OUT, and --merge, which joins the OUT folders of several shards.

    OUT/grades.csv               one row per (student, notebook, exercise), sorted
    OUT/feedback/<student>.md    each student's results (file names: grading/feedback.py)
    OUT/report.html              the instructor's report (grading/report.py)

Only these files are replaced; anything else in OUT stays, including the feedback of a
student who is no longer in the class. Each file is written whole to a temporary name first,
so an interrupted run never leaves half a file.

Merging. Shards of one class never share a student (grading/submissions.py's shard() keeps a
student's notebooks together), so a student found in two sources means two different runs
are being joined: merge() refuses that with MergeError, naming the student and the two
folders, unless the student's rows are the same in both (the same folder given twice), which
are kept once.
"""

from __future__ import annotations

import os
from dataclasses import astuple
from itertools import groupby
from pathlib import Path

from lessonkit.grading import feedback, report, rows
from lessonkit.grading.rows import STATUSES, Row

GRADES = "grades.csv"
FEEDBACK = "feedback"
REPORT = "report.html"


class MergeError(Exception):
    """The sources cannot be joined; the message says why, in one line."""


def write_all(graded: list[Row], out: Path) -> None:
    """grades.csv, one feedback file per student, and report.html, in `out`."""
    out = Path(out)
    (out / FEEDBACK).mkdir(parents=True, exist_ok=True)
    _replace(out / GRADES, lambda file: rows.write(graded, file))
    for student, found in groupby(sorted(graded), key=lambda r: r.student):
        text = feedback.markdown(student, list(found))
        _replace(out / FEEDBACK / feedback.file_name(student), _text_writer(text))
    _replace(out / REPORT, _text_writer(report.html(graded)))


def merge(sources: list[Path], out: Path) -> list[Row]:
    """Read each source's grades.csv, join them, write all outputs into `out`; the rows."""
    joined: dict[str, tuple[Path, list[Row]]] = {}
    for source in map(Path, sources):
        for student, found in _by_student(_read(source)).items():
            if student in joined and joined[student][1] != found:
                raise MergeError(
                    f"student {student!r} is graded in both {joined[student][0]} and {source}: "
                    "merge only the shards of one run"
                )
            joined.setdefault(student, (source, found))
    merged = sorted(row for _, found in joined.values() for row in found)
    write_all(merged, out)
    return merged


def _read(source: Path) -> list[Row]:
    file = source / GRADES
    try:
        found = rows.read(file)
    except FileNotFoundError:
        raise MergeError(f"{source} holds no {GRADES}: is it a grader's output folder?") from None
    except (OSError, UnicodeDecodeError, TypeError, ValueError) as exc:
        raise MergeError(f"{file} cannot be read as the grader's {GRADES}: {exc}") from None
    if any(None in astuple(r) for r in found):
        raise MergeError(f"{file} is not the grader's {GRADES}: a row has too few columns")
    odd = sorted({r.status for r in found} - set(STATUSES))
    if odd:
        raise MergeError(f"{file} is not the grader's {GRADES}: unknown statuses {odd}")
    return found


def _by_student(found: list[Row]) -> dict[str, list[Row]]:
    return {s: sorted(rs) for s, rs in groupby(sorted(found), key=lambda r: r.student)}


def _text_writer(text: str):
    def write(file: Path) -> None:
        file.write_text(text, encoding="utf-8")

    return write


def _replace(target: Path, write) -> None:
    """write(a temporary file) next to `target`, then rename it over `target` in one step.
    open() makes the file, so it gets the user's usual permissions (umask)."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        write(temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
