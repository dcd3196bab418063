"""Your exercise results, kept in a small JSON file on your own machine.

    lessonkit.progress()              a table of lessons and exercises, in a notebook
    python -m lessonkit progress      the same table in a terminal

Every `ex.qN.check()` records its result here. The file lives in
platformdirs.user_data_dir("lessonkit"), or in $LESSONKIT_DATA_DIR when that is set (the
tests and notebook runs set it). It is written atomically (a temporary file, then
os.replace); a corrupt file is set aside as progress.json.corrupt-N and started afresh;
a directory we cannot write to gives one warning, never a failed check.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import warnings
from datetime import UTC, datetime
from pathlib import Path

FILE_NAME = "progress.json"
VERSION = 1
_warned = False


def data_dir() -> Path:
    override = os.environ.get("LESSONKIT_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("lessonkit"))


def progress_file() -> Path:
    return data_dir() / FILE_NAME


# ---------------------------------------------------------------- reading and writing


def _empty() -> dict:
    return {"version": VERSION, "exercises": {}}


def _set_aside(path: Path) -> None:
    """Keep a corrupt file as progress.json.corrupt-N (the first free N) for a person to see."""
    n = 1
    while path.with_name(f"{path.name}.corrupt-{n}").exists():
        n += 1
    os.replace(path, path.with_name(f"{path.name}.corrupt-{n}"))


def load() -> dict:
    """The recorded results; an empty record when there is no file or it is corrupt."""
    path = progress_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return _empty()
    except (OSError, ValueError):
        _try_set_aside(path)
        return _empty()
    if not (isinstance(data, dict) and isinstance(data.get("exercises"), dict)):
        _try_set_aside(path)
        return _empty()
    return data


def _try_set_aside(path: Path) -> None:
    try:
        _set_aside(path)
    except OSError:
        pass


def save(data: dict) -> None:
    """Write atomically: a temporary file in the same directory, then os.replace."""
    path = progress_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".progress-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(data, file, indent=1, sort_keys=True)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def record(exercise_id: str, status: str) -> None:
    """Add one check's result. Never raises: at most one warning per session."""
    global _warned
    try:
        data = load()
        entry = data["exercises"].setdefault(exercise_id, {"attempts": 0, "solved": False})
        entry["attempts"] = int(entry.get("attempts", 0)) + 1
        entry["last"] = status
        entry["solved"] = bool(entry.get("solved")) or status == "correct"
        entry["when"] = datetime.now(UTC).isoformat(timespec="seconds")
        save(data)
    except Exception as exc:
        if not _warned:
            _warned = True
            warnings.warn(
                f"lessonkit could not save your progress in {data_dir()}: {exc}",
                stacklevel=3,
            )


# ---------------------------------------------------------------- the table


def status_of(entry: dict | None) -> str:
    if not entry:
        return "not_attempted"
    return "correct" if entry.get("solved") else str(entry.get("last", "not_attempted"))


def rows() -> list[list[str]]:
    """[lesson, exercise, status label, attempts] for every exercise the registry knows,
    then any recorded exercise it no longer knows."""
    from lessonkit.exercises import registry, view

    recorded = load()["exercises"]
    table, known = [], set()
    for lesson, exercises in registry.lessons():
        for exercise in exercises:
            known.add(exercise.id)
            entry = recorded.get(exercise.id)
            table.append(
                [
                    lesson,
                    exercise.id,
                    view.LABELS.get(status_of(entry), status_of(entry)),
                    str(entry.get("attempts", 0)) if entry else "0",
                ]
            )
    for exercise_id in sorted(set(recorded) - known):
        entry = recorded[exercise_id]
        label = view.LABELS.get(status_of(entry), status_of(entry))
        table.append(["(unknown lesson)", exercise_id, label, str(entry.get("attempts", 0))])
    return table


def progress():
    """A table of every lesson's exercises and how you did; shows itself in a notebook."""
    from lessonkit.exercises import view

    return view.Table(["Lesson", "Exercise", "Status", "Attempts"], rows(), status_column=2)


def cli(argv=None) -> int:
    """`python -m lessonkit progress`: print the table. Returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "progress":
        argv = argv[1:]
    if argv:
        print("usage: python -m lessonkit progress", file=sys.stderr)
        return 2
    table = progress()
    print(table.text())
    solved = sum(1 for r in table.rows if r[2] == "Correct")
    print(f"\n{solved} of {len(table.rows)} exercises correct. Results kept in {progress_file()}")
    return 0
