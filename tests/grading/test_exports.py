import json

import pytest

from lessonkit import progress_store
from lessonkit.grading import exports
from lessonkit.grading.rows import Row


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONKIT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(progress_store, "_warned", False)
    return tmp_path / "data"


def exported(tmp_path, exercises: dict, **changes) -> object:
    data = {"format": exports.FORMAT, "version": 1, "lessonkit": "0.2.0", "exported": "x"}
    data.update(exercises=exercises, **changes)
    file = tmp_path / "ann.json"
    file.write_text(json.dumps(data))
    return file


def test_the_export_holds_the_marker_the_version_the_time_and_the_summaries(tmp_path):
    progress_store.record("04.q1", "incorrect", "bce_sum_not_mean")
    exports.write(tmp_path / "ann.json")
    data = json.loads((tmp_path / "ann.json").read_text())
    assert data["format"] == exports.FORMAT and data["version"] == exports.VERSION
    assert data["lessonkit"] == "0.2.0" and data["exported"].endswith("+00:00")
    assert data["exercises"] == json.loads(json.dumps(progress_store.recorded()))
    assert exports.is_export(tmp_path / "ann.json")


def test_an_existing_file_is_kept_without_force(tmp_path):
    (tmp_path / "ann.json").write_text("my notes")
    with pytest.raises(FileExistsError):
        exports.write(tmp_path / "ann.json")
    assert (tmp_path / "ann.json").read_text() == "my notes"
    exports.write(tmp_path / "ann.json", force=True)
    assert exports.is_export(tmp_path / "ann.json")


def test_rows_cover_every_exercise_of_the_lessons_present(tmp_path):
    file = exported(
        tmp_path,
        {
            "04.q1": {"attempts": 3, "solved": True, "last": "incorrect", "mistake": "x"},
            "03.q2": {"attempts": 1, "solved": False, "last": "incorrect", "mistake": "y"},
            "99.q1": {"attempts": 2, "solved": False, "last": "error", "mistake": None},
        },
    )
    rows = exports.rows_from(file, "ann")
    s = "self-reported"
    assert rows == [
        Row("ann", "03_forward_pass", "03.q1", "not_attempted", "", f"{s}: 0 attempts", s),
        Row("ann", "03_forward_pass", "03.q2", "incorrect", "y", f"{s}: 1 attempt", s),
        Row("ann", "04_loss", "04.q1", "correct", "", f"{s}: 3 attempts", s),
        Row("ann", "04_loss", "04.q2", "not_attempted", "", f"{s}: 0 attempts", s),
        Row("ann", "(unknown lesson)", "99.q1", "error", "", f"{s}: 2 attempts", s),
    ]


def test_the_lessons_can_be_named(tmp_path):
    file = exported(tmp_path, {})
    rows = exports.rows_from(file, "ann", notebooks=["06_update"])
    assert [(r.notebook, r.exercise, r.status) for r in rows] == [
        ("06_update", "06.q1", "not_attempted"),
        ("06_update", "06.q2", "not_attempted"),
    ]


@pytest.mark.parametrize(
    "text, reason",
    [
        ('{"format": "lessonkit-progress-export", "vers', "not a readable progress export"),
        ('{"format": "lessonkit-progress-export", "version": 7, "exercises": {}}', "version 7"),
        ('{"format": "lessonkit-progress-export", "version": 1, "exercises": []}', "malformed"),
        (
            '{"format": "lessonkit-progress-export", "version": 1, '
            '"exercises": {"04.q1": {"last": "hacked"}}}',
            "malformed",
        ),
        ('["lessonkit-progress-export"]', "not a progress export"),
    ],
)
def test_a_malformed_export_gives_one_failed_row_with_the_reason(tmp_path, text, reason):
    file = tmp_path / "bob.json"
    file.write_text(text)
    assert exports.is_export(file)
    [row] = exports.rows_from(file, "bob")
    assert (row.student, row.notebook, row.exercise, row.status, row.source) == (
        "bob",
        "bob.json",
        "",
        "failed",
        "self-reported",
    )
    assert reason in row.detail


def test_other_json_files_are_not_exports(tmp_path):
    (tmp_path / "a.json").write_text('{"cells": []}')
    (tmp_path / "b.ipynb").write_text('{"format": "lessonkit-progress-export"}')
    assert not exports.is_export(tmp_path / "a.json")
    assert not exports.is_export(tmp_path / "b.ipynb")
    assert not exports.is_export(tmp_path / "missing.json")
    assert not exports.is_export(tmp_path)
