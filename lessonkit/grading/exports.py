"""A learner's progress, handed in as a file: `python -m lessonkit progress --export FILE`.

The file is JSON: {"format": FORMAT, "version": VERSION, "lessonkit": "0.2.0", "exported":
"<UTC time>", "exercises": {exercise id: {attempts, solved, last, when, mistake}}}, the
summaries progress_store.recorded() gives. The grader turns it into rows marked
"self-reported": the learner's own machine ran the checks, so nobody saw them run.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from lessonkit import progress_store
from lessonkit.exercises import registry
from lessonkit.grading.rows import Row

FORMAT = "lessonkit-progress-export"
VERSION = 1
SOURCE = "self-reported"
UNKNOWN_LESSON = "(unknown lesson)"  # as in the progress table
CHECK_STATUSES = ("correct", "incorrect", "not_attempted", "error")
MARKER_BYTES = 4096  # the format marker is near the top of every export we write


# ---------------------------------------------------------------- writing


def document() -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        # the package is loaded by now; `import lessonkit` here would close a circle of
        # imports (lessonkit -> learner_progress -> this module), see tests/test_layers.py
        "lessonkit": sys.modules["lessonkit"].__version__,
        "exported": datetime.now(UTC).isoformat(timespec="seconds"),
        "exercises": progress_store.recorded(),
    }


def write(file: Path, *, force: bool = False) -> None:
    """Write the export. An existing file is kept unless `force`: FileExistsError (mode "x"
    checks and creates in one step, so no file appearing meanwhile is overwritten either)."""
    text = json.dumps(document(), indent=2) + "\n"
    with open(file, "w" if force else "x", encoding="utf-8") as out:
        out.write(text)


# ---------------------------------------------------------------- reading


def is_export(path: Path) -> bool:
    """A .json file naming our format near its top: even a damaged export counts, so that
    it gets a `failed` row rather than being passed over."""
    path = Path(path)
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    try:
        with open(path, "rb") as file:
            return FORMAT.encode() in file.read(MARKER_BYTES)
    except OSError:
        return False


def rows_from(path: Path, student: str, notebooks=None) -> list[Row]:
    """One row per exercise of each lesson the export mentions (or of `notebooks`, lesson
    names, when given), then the exercises the course does not know. A file that cannot be
    read as an export gives one `failed` row saying why."""
    path = Path(path)
    try:
        exercises = _exercises(path)
    except ValueError as reason:
        return [Row(student, path.name, "", "failed", "", str(reason), SOURCE)]
    known = {e.id: lesson for lesson, found in registry.lessons() for e in found}
    present = {known[e] for e in exercises if e in known}
    lessons = set(notebooks) if notebooks is not None else present
    rows = [
        _row(student, lesson, exercise.id, exercises.get(exercise.id))
        for lesson, found in registry.lessons()
        if lesson in lessons
        for exercise in found
    ]
    unknown = sorted(set(exercises) - set(known))
    return rows + [_row(student, UNKNOWN_LESSON, e, exercises[e]) for e in unknown]


def _exercises(path: Path) -> dict[str, dict]:
    """The export's summaries, checked; ValueError with the reason when it is malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a readable progress export: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f'not a progress export: no "format": "{FORMAT}"')
    if data.get("version") != VERSION:
        raise ValueError(
            f"progress export version {data.get('version')!r}; this lessonkit reads {VERSION}"
        )
    exercises = data.get("exercises")
    if not isinstance(exercises, dict) or not all(_is_summary(s) for s in exercises.values()):
        raise ValueError('malformed progress export: "exercises" is not a set of summaries')
    return exercises


def _is_summary(summary) -> bool:
    return (
        isinstance(summary, dict)
        and isinstance(summary.get("attempts", 0), int)
        and summary.get("last", "not_attempted") in CHECK_STATUSES
        and isinstance(summary.get("mistake") or "", str)
    )


def _row(student: str, lesson: str, exercise_id: str, summary: dict | None) -> Row:
    """Correct if ever solved, else the last status; the last named mistake of an unsolved one."""
    summary = summary or {}
    solved = bool(summary.get("solved"))
    status = "correct" if solved else summary.get("last", "not_attempted")
    mistake = "" if solved else (summary.get("mistake") or "")
    attempts = summary.get("attempts", 0)
    detail = f"self-reported: {attempts} attempt{'' if attempts == 1 else 's'}"
    return Row(student, lesson, exercise_id, status, mistake, detail, SOURCE)
