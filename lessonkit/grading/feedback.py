"""Each student's feedback: feedback/<file name>.md, their results with their checks' words.

File names. A student's name is a folder name someone else chose, so it may be anything
(`<script>`, `../x`, `CON`, spaces, accents). The file name keeps its letters and digits
(any script), `-`, `_` and `.`, lower-cased, every other run of characters becoming one `_`,
without dots, dashes or underscores at either end, 60 characters at most. When that is not
the name exactly as given, or is a name Windows reserves (CON, NUL, COM1 ...), the first 12
hex digits of the name's SHA-256 follow: `ann.md`, but `ann_lee-1c3d5e7f9a2b.md` for "Ann Lee".
So two names never share a file, even on a case-insensitive disk, and the rule needs no other
student's name: each shard of a class names its files alone. The file starts with the real name.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from itertools import groupby

from lessonkit import display
from lessonkit.exercises import registry
from lessonkit.grading.rows import Row

# The grader's own statuses, beside the checks' (display.LABELS).
GRADER_LABELS = {"missing": "Missing", "timeout": "Timed out", "failed": "Failed"}
LABELS = {**display.LABELS, **GRADER_LABELS}
WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[\d¹²³]|lpt[\d¹²³])", re.IGNORECASE)
MAX_NAME = 60
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&#~|])")  # what could format, link or be HTML


def file_name(student: str) -> str:
    """The feedback file's name for this student, by the rule in the module docstring."""
    kept = unicodedata.normalize("NFC", student).lower()
    kept = re.sub(r"[^\w.-]+", "_", kept).strip("._- ")[:MAX_NAME].strip("._- ")
    stem = kept.split(".", 1)[0]
    if not kept or kept != student or WINDOWS_RESERVED.fullmatch(stem):
        digest = hashlib.sha256(student.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        kept = f"{kept or 'student'}-{digest}"
    return f"{kept}.md"


def markdown(student: str, rows: list[Row]) -> str:
    """One student's feedback: per lesson notebook, each exercise, its status and message."""
    lines = [f"# {_escaped(student)}", ""]
    for notebook, found in groupby(sorted(rows, key=_lesson_order), key=lambda r: r.notebook):
        lines += [f"## {_escaped(notebook)}", ""]
        lines += [_line(row) for row in found]
        lines.append("")
    if not rows:
        lines += ["Nothing was found to grade.", ""]
    return "\n".join(lines)


def _lesson_order(row: Row):
    return row.notebook, natural(row.exercise), row.source


def natural(text: str) -> list:
    """'01.q10' after '01.q2'."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text)]


def _line(row: Row) -> str:
    what = f"**{_escaped(row.exercise)}**" if row.exercise else "The notebook"
    said = f"{what}: {LABELS.get(row.status, row.status)}"
    if row.detail:
        said += f". {_message(row.detail)}"
    section = revisit(row)
    if section and section not in row.detail:  # a check's message already names it
        said += f"{'' if said.endswith('.') else '.'} Revisit {_escaped(section)}."
    if row.source != "notebook":
        said += f" _({_escaped(row.source)})_"
    return f"- {said}"


def revisit(row: Row) -> str:
    """The section that explains the row's named mistake, as its exercise declares it."""
    return see_of(row.exercise, row.mistake) if row.mistake else ""


@functools.cache  # asked per row of a class; the course's exercises do not change in a run
def see_of(exercise_id: str, mistake_id: str) -> str:
    try:
        declared = registry.get(exercise_id).mistakes
    except KeyError:  # an exercise this version of the course does not have
        return ""
    return next((m.see for m in declared if m.id == mistake_id), "")


def _message(text: str) -> str:
    """A check's message: `code` stays code, everything else is literal text (a name like
    <script> shows as written, never as HTML)."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code spans at all
        return _escaped(text)
    return "".join(f"`{p}`" if i % 2 else _escaped(p) for i, p in enumerate(parts))


def _escaped(text: str) -> str:
    """Markdown's punctuation backslash-escaped (CommonMark), and lines joined."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.splitlines()))
