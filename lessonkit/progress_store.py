"""Where exercise results are kept: progress.db, a small SQLite database on the learner's machine.

The file lives in platformdirs.user_data_dir("lessonkit"), or in $LESSONKIT_DATA_DIR when
that is set (the tests and notebook runs set it). Every check adds one row in its own
transaction (BEGIN IMMEDIATE ... COMMIT), so kernels writing at once lose nothing; the
summaries are computed with SQL. The database keeps SQLite's rollback journal, not WAL,
because JupyterHub home folders are often on NFS, where WAL's shared memory does not work;
a busy timeout makes each writer wait its turn.

A file that is not a database, or not ours, is set aside as progress.db.corrupt-N and
replaced. The progress.json of earlier versions is carried over once, then kept as
progress.json.imported. This is the bottom layer: it knows nothing of exercises or tables.
"""

from __future__ import annotations

import json
import os
import sqlite3
import warnings
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

FILE_NAME = "progress.db"
LEGACY_NAME = "progress.json"
BUSY_TIMEOUT_S = 30.0
APPLICATION_ID = 0x4C4B5052  # "LKPR" in the file's header: this database is ours
SCHEMA_VERSION = 1
IMPORTED_KEY = "imported progress.json"

SCHEMA = (
    """CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,  -- grows with each commit: the order of the attempts
        exercise TEXT NOT NULL,
        status TEXT NOT NULL,
        mistake TEXT,
        at TEXT NOT NULL         -- UTC, ISO 8601
    )""",
    # progress.json kept only a summary per exercise; it is carried over as it was
    """CREATE TABLE imported (
        exercise TEXT PRIMARY KEY,
        attempts INTEGER NOT NULL,
        solved INTEGER NOT NULL,
        last TEXT NOT NULL,
        at TEXT
    )""",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"PRAGMA application_id = {APPLICATION_ID}",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)

# One row per exercise. An imported summary counts as one event older than every attempt.
SUMMARIES = """
WITH events AS (
    SELECT exercise, 1 AS attempts, status = 'correct' AS solved, status, mistake, at, id AS seq
    FROM attempts
    UNION ALL
    SELECT exercise, attempts, solved, last, NULL, at, 0 FROM imported
),
ranked AS (
    SELECT *,
        SUM(attempts) OVER whole AS total,
        MAX(solved) OVER whole AS ever_solved,
        ROW_NUMBER() OVER (whole ORDER BY seq DESC) AS newest
    FROM events
    WINDOW whole AS (PARTITION BY exercise)
)
SELECT exercise, total, ever_solved, status, at, mistake FROM ranked
WHERE newest = 1
ORDER BY exercise
"""

T = TypeVar("T")
_warned = False  # record() and recorded() warn once a session, not at every check


class Corrupt(Exception):
    """The store is not a database, or not a lessonkit progress database."""


def data_dir() -> Path:
    override = os.environ.get("LESSONKIT_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("lessonkit"))


def path() -> Path:
    return data_dir() / FILE_NAME


# ---------------------------------------------------------------- what the callers use


def add(exercise_id: str, status: str, mistake: str | None = None) -> None:
    """Add one attempt. Raises OSError or sqlite3.Error where the folder cannot be written."""
    _in_transaction(lambda db: _insert_attempt(db, exercise_id, status, mistake))


def summaries() -> dict[str, dict]:
    """{exercise id: {attempts, solved, last, when, mistake}} for each exercise with a record,
    sorted by id."""
    store = path()
    if not store.exists() and not store.with_name(LEGACY_NAME).exists():
        return {}  # nothing recorded yet: make no file just to say so
    rows = _in_transaction(lambda db: db.execute(SUMMARIES).fetchall())
    return {
        exercise: {
            "attempts": attempts,
            "solved": bool(solved),
            "last": last,
            "when": when,
            "mistake": mistake,
        }
        for exercise, attempts, solved, last, when, mistake in rows
    }


def record(exercise_id: str, status: str, mistake: str | None = None) -> None:
    """add(), for a check: never raises, and says at most once a session what went wrong."""
    try:
        add(exercise_id, status, mistake)
    except Exception as exc:
        _warn_once(f"lessonkit could not save your progress in {data_dir()}: {exc}")


def recorded() -> dict[str, dict]:
    """summaries(), or nothing (and a warning) where they cannot be read."""
    try:
        return summaries()
    except Exception as exc:
        _warn_once(f"lessonkit could not read your progress in {data_dir()}: {exc}")
        return {}


def _warn_once(message: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        warnings.warn(message, stacklevel=4)  # record()'s caller's caller: the learner's cell


def _insert_attempt(db: sqlite3.Connection, exercise_id: str, status: str, mistake) -> None:
    db.execute(
        "INSERT INTO attempts (exercise, status, mistake, at) VALUES (?, ?, ?, ?)",
        (exercise_id, status, mistake, _now()),  # the time once the lock is ours: ordered as id
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------- one transaction


def _in_transaction(work: Callable[[sqlite3.Connection], T]) -> T:
    """work(db) in one write transaction; a corrupt store is set aside and work runs again
    on a new one."""
    store = path()
    store.parent.mkdir(parents=True, exist_ok=True)
    seen = _identity(store)
    try:
        return _run(store, work)
    except Corrupt:
        _set_aside_store(store, seen)
        return _run(store, work)


def _run(store: Path, work: Callable[[sqlite3.Connection], T]) -> T:
    # A fresh connection each time: nothing is shared across a fork, and opening is cheap.
    try:
        with closing(sqlite3.connect(store, timeout=BUSY_TIMEOUT_S, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode = DELETE")  # in case another program chose WAL
            db.execute("BEGIN IMMEDIATE")  # the write lock now, so no reader-to-writer deadlock
            _check_schema(db)
            carried_over = _carry_over_legacy(db, store.with_name(LEGACY_NAME))
            result = work(db)
            db.execute("COMMIT")  # closing without it rolls back
    except sqlite3.DatabaseError as exc:
        if _is_corruption(exc):
            raise Corrupt(str(exc)) from exc
        raise
    if carried_over:
        _keep_legacy(store.with_name(LEGACY_NAME))
    return result


def _check_schema(db: sqlite3.Connection) -> None:
    """Create the tables in an empty file; refuse a database that is not ours."""
    found = (_pragma(db, "application_id"), _pragma(db, "user_version"))
    if found == (APPLICATION_ID, SCHEMA_VERSION):
        return
    if found == (0, 0) and db.execute("SELECT 1 FROM sqlite_master").fetchone() is None:
        for statement in SCHEMA:  # not executescript(): that would commit first
            db.execute(statement)
        return
    raise Corrupt(f"not a lessonkit progress database (application_id, version: {found})")


def _pragma(db: sqlite3.Connection, name: str) -> int:
    return db.execute(f"PRAGMA {name}").fetchone()[0]


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF  # primary code of extended ones
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


# ---------------------------------------------------------------- corrupt files


def _identity(file: Path) -> tuple[int, int] | None:
    try:
        stat = file.stat()
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


def _set_aside_store(store: Path, seen: tuple[int, int] | None) -> None:
    # Two kernels may find the same corrupt file: the second must not set aside the new
    # store that the first has made since.
    if _identity(store) == seen:
        _set_aside(store)


def _set_aside(file: Path) -> Path:
    """Keep a corrupt file as NAME.corrupt-N (the first free N) for a person to look at."""
    n = 1
    while file.with_name(f"{file.name}.corrupt-{n}").exists():
        n += 1
    target = file.with_name(f"{file.name}.corrupt-{n}")
    os.replace(file, target)
    return target


# ---------------------------------------------------------------- progress.json, carried over


def _carry_over_legacy(db: sqlite3.Connection, legacy: Path) -> bool:
    """Import progress.json in this transaction, once: the meta row says it was done.
    True when the file is to be renamed after the commit."""
    if not legacy.exists():
        return False
    if db.execute("SELECT 1 FROM meta WHERE key = ?", (IMPORTED_KEY,)).fetchone():
        return True  # imported before; the rename did not happen then
    try:
        entries = _legacy_entries(legacy.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        _set_aside(legacy)
        return False
    db.executemany("INSERT INTO imported VALUES (?, ?, ?, ?, ?)", entries)
    db.execute("INSERT INTO meta VALUES (?, ?)", (IMPORTED_KEY, _now()))
    return True


def _legacy_entries(text: str) -> list[tuple]:
    """(exercise, attempts, solved, last, when) for each exercise of a progress.json."""
    data = json.loads(text)
    exercises = data.get("exercises") if isinstance(data, dict) else None
    if not isinstance(exercises, dict) or not all(isinstance(e, dict) for e in exercises.values()):
        raise ValueError("not a lessonkit progress.json")
    return [
        (
            exercise_id,
            int(entry.get("attempts", 0)),
            bool(entry.get("solved")),
            str(entry.get("last", "not_attempted")),
            None if entry.get("when") is None else str(entry["when"]),
        )
        for exercise_id, entry in exercises.items()
    ]


def _keep_legacy(legacy: Path) -> None:
    try:
        os.replace(legacy, legacy.with_name(f"{LEGACY_NAME}.imported"))
    except OSError:  # another kernel renamed it first, or the next call will
        pass
