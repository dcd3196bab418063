import json
import signal
import sqlite3
import subprocess
import time

import pytest
from python_processes import release_together, start_python

from lessonkit import progress_store as S


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONKIT_DATA_DIR", str(tmp_path))
    return tmp_path


def brief(entry):
    return entry["attempts"], entry["solved"], entry["last"], entry["mistake"]


def names(folder):
    return sorted(p.name for p in folder.iterdir())


LEGACY = {
    "version": 1,
    "exercises": {
        "01.q1": {"attempts": 3, "last": "incorrect", "solved": True, "when": "2025-01-02T03:04"},
        "01.q2": {"attempts": 2, "last": "error", "solved": False, "when": "2025-01-03T03:04"},
    },
}


def write_legacy(data_dir, data=LEGACY):
    (data_dir / "progress.json").write_text(json.dumps(data))


def test_the_data_dir_follows_the_environment(data_dir, monkeypatch):
    assert S.path() == data_dir / "progress.db"
    monkeypatch.delenv("LESSONKIT_DATA_DIR")
    assert S.path().name == "progress.db" and "lessonkit" in str(S.path())


def test_add_keeps_every_attempt_and_summaries_count_them(data_dir):
    S.add("01.q1", "incorrect", "forgot_inner_derivative")
    S.add("01.q1", "correct")
    S.add("01.q2", "incorrect", "degrees")
    found = S.summaries()
    assert list(found) == ["01.q1", "01.q2"]
    assert brief(found["01.q1"]) == (2, True, "correct", None)
    assert brief(found["01.q2"]) == (1, False, "incorrect", "degrees")
    assert found["01.q2"]["when"].endswith("+00:00")
    assert names(data_dir) == ["progress.db"], "no journal left behind"


def test_reading_an_empty_folder_makes_no_file(data_dir):
    assert S.summaries() == {}
    assert names(data_dir) == []


def test_a_file_that_is_not_a_database_is_set_aside(data_dir):
    (data_dir / "progress.db").write_text("{ not a database }" * 100)
    S.add("01.q1", "correct")
    assert (data_dir / "progress.db.corrupt-1").read_text() == "{ not a database }" * 100
    assert S.summaries()["01.q1"]["attempts"] == 1


def test_a_database_that_is_not_ours_is_set_aside(data_dir):
    (data_dir / "progress.db.corrupt-1").write_text("an earlier one")
    with sqlite3.connect(data_dir / "progress.db") as db:
        db.execute("CREATE TABLE attempts (who TEXT)")
    S.add("01.q1", "incorrect")
    assert (data_dir / "progress.db.corrupt-2").exists()
    assert list(S.summaries()) == ["01.q1"]


def test_progress_json_is_carried_over_once(data_dir):
    write_legacy(data_dir)
    found = S.summaries()
    for exercise_id, old in LEGACY["exercises"].items():
        new = found[exercise_id]
        assert brief(new) == (old["attempts"], old["solved"], old["last"], None)
        assert new["when"] == old["when"]
    assert names(data_dir) == ["progress.db", "progress.json.imported"]
    assert json.loads((data_dir / "progress.json.imported").read_text()) == LEGACY
    assert S.summaries() == found, "a second load does not import it again"
    # a kernel stopped between the import's commit and the rename: not imported twice
    (data_dir / "progress.json").write_text(json.dumps(LEGACY))
    assert S.summaries() == found
    assert not (data_dir / "progress.json").exists()
    S.add("01.q2", "correct")
    assert brief(S.summaries()["01.q2"]) == (3, True, "correct", None)


def test_kernels_starting_at_once_import_progress_json_once(data_dir):
    write_legacy(data_dir)
    code = (
        "import sys\n"
        "from lessonkit import progress_store\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "progress_store.add('01.q1', 'incorrect')\n"
    )
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE}
    kernels = [start_python(["-c", code], data_dir, **pipes) for _ in range(4)]
    release_together(kernels)
    assert [kernel.wait(timeout=60) for kernel in kernels] == [0, 0, 0, 0]
    assert S.summaries()["01.q1"]["attempts"] == 3 + 4
    assert S.summaries()["01.q2"]["attempts"] == 2


@pytest.mark.parametrize(
    "text", ["{ not json", '["a list, not a record"]', '{"exercises": {"01.q1": 3}}']
)
def test_a_corrupt_progress_json_is_set_aside_not_imported(data_dir, text):
    (data_dir / "progress.json").write_text(text)
    assert S.summaries() == {}
    assert (data_dir / "progress.json.corrupt-1").read_text() == text
    assert "progress.json.imported" not in names(data_dir)


def test_a_writer_killed_while_writing_leaves_every_commit_and_nothing_corrupt(data_dir):
    code = (
        "from lessonkit import progress_store\n"
        "for n in range(1, 10**6):\n"
        "    progress_store.add('01.q1', 'incorrect')\n"
        "    print(n, flush=True)\n"
    )
    moments = [(1, 0), (20, 3e-4), (7, 1e-3), (50, 1e-4), (3, 2e-3), (12, 5e-4)]
    total = 0
    for commits, pause_s in moments:
        writer = start_python(["-c", code], data_dir, stdout=subprocess.PIPE)
        for _ in range(commits):
            writer.stdout.readline()
        time.sleep(pause_s)  # a different moment of the next transaction each round
        writer.send_signal(signal.SIGKILL)
        committed = commits + len(writer.stdout.read().split())  # the lines not read yet
        writer.wait(timeout=10)
        count = S.summaries()["01.q1"]["attempts"]
        assert count - total in (committed, committed + 1), "+ 1: killed after its commit"
        total = count
    with sqlite3.connect(data_dir / "progress.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not list(data_dir.glob("*corrupt*")), "nothing set aside"
    S.add("01.q1", "correct")  # a journal left empty by a kill is not hot: the next write clears it
    assert names(data_dir) == ["progress.db"]
