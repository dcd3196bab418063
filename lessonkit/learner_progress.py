"""Your exercise results, lesson by lesson.

    lessonkit.progress()                  a table of lessons and exercises, in a notebook
    python -m lessonkit progress          the same table in a terminal
    python -m lessonkit progress --json   the results as JSON, for scripts
    python -m lessonkit progress --export FILE [--force]
                                          the results as a file to hand in to your instructor

Every `ex.qN.check()` records its result with progress_store.record(), in the SQLite database that
lessonkit/progress_store.py keeps (progress.db in your user data folder, or in
$LESSONKIT_DATA_DIR). Recording never fails a check: a folder we cannot write to gives one
warning per session. When its reader goes away with output still to come
(`python -m lessonkit progress | head -1`), the command stops quietly with exit status 141
(128 + SIGPIPE), as other Unix tools do. `--export` never replaces an existing FILE unless
`--force` is given: nothing a learner wrote is lost (lessonkit/grading/exports.py: the format).
"""

from __future__ import annotations

import json
import os
import sys

from lessonkit import display, progress_store
from lessonkit.exercises import registry
from lessonkit.grading import exports

USAGE = (
    "usage: python -m lessonkit progress [--json]\n"
    "       python -m lessonkit progress --export FILE [--force]"
)
CLOSED_PIPE = 141  # what a shell reports for a program stopped by SIGPIPE


# ---------------------------------------------------------------- the table


def status_of(entry: dict | None) -> str:
    if not entry:
        return "not_attempted"
    return "correct" if entry.get("solved") else str(entry.get("last", "not_attempted"))


def rows() -> list[list[str]]:
    """[lesson, exercise, status label, attempts] for every exercise the registry knows,
    then any recorded exercise it no longer knows."""
    results = progress_store.recorded()
    table, known = [], set()
    for lesson, exercises in registry.lessons():
        for exercise in exercises:
            known.add(exercise.id)
            entry = results.get(exercise.id)
            table.append(
                [
                    lesson,
                    exercise.id,
                    display.LABELS.get(status_of(entry), status_of(entry)),
                    str(entry.get("attempts", 0)) if entry else "0",
                ]
            )
    for exercise_id in sorted(set(results) - known):
        entry = results[exercise_id]
        label = display.LABELS.get(status_of(entry), status_of(entry))
        table.append(["(unknown lesson)", exercise_id, label, str(entry.get("attempts", 0))])
    return table


def progress():
    """A table of every lesson's exercises and how you did; shows itself in a notebook."""
    return display.Table(["Lesson", "Exercise", "Status", "Attempts"], rows(), status_column=2)


# ---------------------------------------------------------------- the command line


def cli(argv=None) -> int:
    """`python -m lessonkit progress [--json | --export FILE [--force]]`: print the table or
    JSON, or write the export. The exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "progress":
        argv = argv[1:]
    if argv[:1] == ["--export"] and len(argv) in (2, 3) and argv[2:] in ([], ["--force"]):
        return _export(argv[1], force=argv[2:] == ["--force"])
    if argv not in ([], ["--json"]):
        print(USAGE, file=sys.stderr)
        return 2
    show = _print_json if argv else _print_table
    try:
        show()
        sys.stdout.flush()  # so that a closed pipe shows here, not at exit
    except BrokenPipeError:
        _silence_stdout()
        return CLOSED_PIPE
    return 0


def _export(file: str, force: bool) -> int:
    try:
        exports.write(file, force=force)
    except FileExistsError:
        print(f"{file} exists: nothing written. Add --force to replace it.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"could not write {file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Your progress is in {file}: hand in that file.")
    return 0


def _print_table() -> None:
    table = progress()
    print(table.text())
    solved = sum(1 for r in table.rows if r[2] == "Correct")
    print(
        f"\n{solved} of {len(table.rows)} exercises correct. "
        f"Results kept in {progress_store.path()}"
    )


def _print_json() -> None:
    print(json.dumps(progress_store.recorded(), indent=2))


def _silence_stdout() -> None:
    """The reader has gone: what is left in stdout's buffer goes to os.devnull, so that
    Python's flush at exit raises no second BrokenPipeError (Python docs, "Note on SIGPIPE")."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
