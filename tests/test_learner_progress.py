import importlib
import json
import math
import os
import sqlite3
import subprocess
import sys
import warnings
from contextlib import closing
from datetime import UTC, datetime

import pytest
from python_processes import release_together, start_python

from lessonkit import progress_store
from lessonkit.exercises import lesson_01

P = importlib.import_module("lessonkit.learner_progress")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONKIT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(progress_store, "_warned", False)
    return tmp_path


def test_record_counts_attempts_and_remembers_a_solve(data_dir):
    progress_store.record("01.q1", "incorrect", "degrees")
    progress_store.record("01.q1", "correct")
    progress_store.record("01.q1", "incorrect", "forgot_inner_derivative")
    entry = progress_store.recorded()["01.q1"]
    assert (entry["attempts"], entry["last"], entry["solved"], entry["mistake"]) == (
        3,
        "incorrect",
        True,
        "forgot_inner_derivative",
    )
    assert [p.name for p in data_dir.iterdir()] == ["progress.db"], "no temporary files left"


def test_a_corrupt_store_is_set_aside(data_dir):
    (data_dir / "progress.db").write_text("{ not a database")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning either: the learner loses nothing
        progress_store.record("01.q1", "correct")
    assert (data_dir / "progress.db.corrupt-1").read_text() == "{ not a database"
    (data_dir / "progress.db").unlink()
    with closing(sqlite3.connect(data_dir / "progress.db")) as db:
        db.execute("CREATE TABLE notes (text TEXT)")  # another program's database
    progress_store.record("01.q2", "correct")
    assert (data_dir / "progress.db.corrupt-2").exists()
    assert list(progress_store.recorded()) == ["01.q2"]


def test_an_unwritable_directory_warns_once_and_never_fails_a_check(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("LESSONKIT_DATA_DIR", str(blocker / "sub"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ns = {"ex": lesson_01, "dfdx_by_hand": 1.0}
        exec("r1 = ex.q1.check()\nr2 = ex.q1.check()", ns)
        table = P.progress()
    assert ns["r1"].status == ns["r2"].status == "incorrect"
    assert len(caught) == 1 and "could not save your progress" in str(caught[0].message)
    assert ["01_why_autograd", "01.q1", "Not attempted yet", "0"] in table.rows


def test_the_placeholder_is_not_an_attempt(data_dir):
    ns = {"ex": lesson_01}
    exec(f"{lesson_01.q1.placeholder}\nresult = ex.q1.check()", ns)
    assert ns["result"].status == "not_attempted"
    assert progress_store.recorded() == {} and list(data_dir.iterdir()) == []


def test_a_check_records_the_mistake_it_found():
    result = lesson_01.q1.check(dfdx_by_hand=math.cos(3.0**2))
    entry = progress_store.recorded()["01.q1"]
    assert entry["mistake"] == result.mistake == "forgot_inner_derivative"


def test_the_table_lists_unattempted_exercises_too():
    progress_store.record("01.q2", "incorrect")
    rows = P.progress().rows
    assert ["01_why_autograd", "01.q1", "Not attempted yet", "0"] in rows
    assert ["01_why_autograd", "01.q2", "Incorrect", "1"] in rows
    text, html = P.progress().text(), P.progress()._repr_html_()
    assert text.splitlines()[0].split() == ["Lesson", "Exercise", "Status", "Attempts"]
    assert "<table>" in html and "01.q2" in html


def test_cli_prints_the_table(capsys, data_dir):
    progress_store.record("01.q1", "correct")
    assert P.cli(["progress"]) == 0
    out = capsys.readouterr().out
    assert "01.q1" in out and "Correct" in out and "1 of" in out
    assert P.cli(["nonsense"]) == 2
    assert P.cli(["progress", "--json", "more"]) == 2
    assert capsys.readouterr().err.count("usage: python -m lessonkit progress [--json]") == 2


def test_cli_prints_json_and_nothing_else(data_dir):
    progress_store.record("01.q2", "incorrect", "degrees")
    progress_store.record("01.q1", "correct")
    done = subprocess.run(
        [sys.executable, "-m", "lessonkit", "progress", "--json"],
        env={**os.environ, "LESSONKIT_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert list(found) == ["01.q1", "01.q2"]
    assert found["01.q2"] == {
        "attempts": 1,
        "solved": False,
        "last": "incorrect",
        "when": found["01.q2"]["when"],
        "mistake": "degrees",
    }
    assert datetime.fromisoformat(found["01.q1"]["when"]).tzinfo == UTC


def test_a_closed_pipe_ends_the_command_quietly(data_dir):
    # A table longer than the pipe's buffer, so the command is still writing when it closes.
    many = {f"99.a-long-exercise-name-{n:04}": {"attempts": 1} for n in range(3000)}
    (data_dir / "progress.json").write_text(json.dumps({"version": 1, "exercises": many}))
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    command = start_python(["-m", "lessonkit", "progress"], data_dir, **pipes)
    assert command.stdout.readline().split() == ["Lesson", "Exercise", "Status", "Attempts"]
    command.stdout.close()  # as `| head -1` does
    stderr = command.stderr.read()
    assert command.wait(timeout=60) == P.CLOSED_PIPE
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr


def test_kernels_checking_at_once_lose_no_attempt(data_dir):
    prelude = (
        "import math, sys\n"
        "from lessonkit.exercises import lesson_01 as ex\n"
        "ex.q1.evaluate({'dfdx_by_hand': 1.0})\n"  # builds the reference answer first
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
    )
    wrong = prelude + "for _ in range(500):\n    ex.q1.check(dfdx_by_hand=1.0)\n"
    right = prelude + "ex.q1.check(dfdx_by_hand=math.cos(3.0**2) * 2 * 3.0)\n"
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE}
    kernels = [start_python(["-c", code], data_dir, **pipes) for code in [wrong] * 4 + [right]]
    started = datetime.now(UTC).replace(microsecond=0)
    release_together(kernels)
    assert [kernel.wait(timeout=120) for kernel in kernels] == [0] * 5
    entry = progress_store.recorded()["01.q1"]
    assert (entry["attempts"], entry["solved"]) == (4 * 500 + 1, True)
    assert started <= datetime.fromisoformat(entry["when"]) <= datetime.now(UTC)
    with closing(sqlite3.connect(data_dir / "progress.db")) as db:
        newest = db.execute("SELECT status, mistake, at FROM attempts ORDER BY id DESC").fetchone()
        assert db.execute("SELECT COUNT(*), MAX(id) FROM attempts").fetchone() == (2001, 2001)
    assert newest == (entry["last"], entry["mistake"], entry["when"])


def test_lessonkit_progress_is_the_function_whatever_was_imported_first(data_dir):
    code = (
        "import lessonkit, lessonkit.learner_progress\nprint(type(lessonkit.progress()).__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "Table", done.stderr
    progress_store.record("01.q1", "correct")
    with closing(sqlite3.connect(data_dir / "progress.db")) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (progress_store.SCHEMA_VERSION,)


def test_cli_exports_the_progress_for_the_grader(tmp_path, capsys):
    progress_store.record("04.q1", "incorrect", "bce_sum_not_mean")
    file = tmp_path / "ann.json"
    assert P.cli(["progress", "--export", str(file)]) == 0
    assert str(file) in capsys.readouterr().out
    data = json.loads(file.read_text())
    assert data["format"] == "lessonkit-progress-export" and data["version"] == 1
    assert data["exercises"]["04.q1"]["mistake"] == "bce_sum_not_mean"


def test_cli_export_never_replaces_a_file_without_force(tmp_path, capsys):
    file = tmp_path / "ann.json"
    file.write_text("my own notes")
    assert P.cli(["progress", "--export", str(file)]) == 1
    assert "exists" in capsys.readouterr().err and file.read_text() == "my own notes"
    assert P.cli(["progress", "--export", str(file), "--force"]) == 0
    assert json.loads(file.read_text())["format"] == "lessonkit-progress-export"
    assert P.cli(["progress", "--export", str(tmp_path / "no" / "such" / "dir.json")]) == 1
    assert "could not write" in capsys.readouterr().err
    for wrong in (["--export"], ["--force", "--export", "f"], ["--export", "f", "--json"]):
        assert P.cli(wrong) == 2
    assert capsys.readouterr().err.count("--export FILE [--force]") == 3
