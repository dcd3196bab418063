import importlib
import json
import subprocess
import sys
import warnings

import pytest

from lessonkit.exercises import lesson_01

P = importlib.import_module("lessonkit.learner_progress")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONKIT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(P, "_warned", False)
    return tmp_path


def test_the_data_dir_follows_the_environment(data_dir, monkeypatch):
    assert P.progress_file() == data_dir / "progress.json"
    monkeypatch.delenv("LESSONKIT_DATA_DIR")
    assert P.progress_file().name == "progress.json" and "lessonkit" in str(P.progress_file())


def test_record_counts_attempts_and_remembers_a_solve(data_dir):
    P.record("01.q1", "incorrect")
    P.record("01.q1", "correct")
    P.record("01.q1", "incorrect")
    entry = P.load()["exercises"]["01.q1"]
    assert (entry["attempts"], entry["last"], entry["solved"]) == (3, "incorrect", True)
    assert [p.name for p in data_dir.iterdir()] == ["progress.json"], "no temporary files left"


def test_a_corrupt_file_is_set_aside(data_dir):
    (data_dir / "progress.json").write_text("{ not json")
    P.record("01.q1", "correct")
    assert (data_dir / "progress.json.corrupt-1").read_text() == "{ not json"
    (data_dir / "progress.json").write_text('["a list, not a record"]')
    P.record("01.q2", "correct")
    assert (data_dir / "progress.json.corrupt-2").exists()
    assert list(P.load()["exercises"]) == ["01.q2"]


def test_an_unwritable_directory_warns_once_and_never_fails_a_check(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("LESSONKIT_DATA_DIR", str(blocker / "sub"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ns = {"ex": lesson_01, "dfdx_by_hand": 1.0}
        exec("r1 = ex.q1.check()\nr2 = ex.q1.check()", ns)
    assert ns["r1"].status == ns["r2"].status == "incorrect"
    assert len(caught) == 1 and "could not save your progress" in str(caught[0].message)


def test_the_table_lists_unattempted_exercises_too():
    P.record("01.q2", "incorrect")
    rows = P.progress().rows
    assert ["01_why_autograd", "01.q1", "Not attempted yet", "0"] in rows
    assert ["01_why_autograd", "01.q2", "Incorrect", "1"] in rows
    text, html = P.progress().text(), P.progress()._repr_html_()
    assert text.splitlines()[0].split() == ["Lesson", "Exercise", "Status", "Attempts"]
    assert "<table>" in html and "01.q2" in html


def test_cli_prints_the_table(capsys, data_dir):
    P.record("01.q1", "correct")
    assert P.cli(["progress"]) == 0
    out = capsys.readouterr().out
    assert "01.q1" in out and "Correct" in out and "1 of" in out
    assert P.cli(["nonsense"]) == 2


def test_lessonkit_progress_is_the_function_whatever_was_imported_first(data_dir):
    code = (
        "import lessonkit, lessonkit.learner_progress\n"
        "print(type(lessonkit.progress()).__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "Table", done.stderr
    P.record("01.q1", "correct")
    assert json.loads((data_dir / "progress.json").read_text())["version"] == 1
