"""Finding submissions in both layouts, matching names to lessons, and sharding."""

import json
from pathlib import Path

import pytest

from lessonkit.grading import exports
from lessonkit.grading.submissions import Submission, find, parse_shard, shard


def touch(path: Path, text: str = "{}") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def export(path: Path) -> Path:
    return touch(path, json.dumps({"format": exports.FORMAT, "version": 1, "exercises": {}}))


def test_a_folder_per_student(tmp_path):
    touch(tmp_path / "bob" / "04_loss.ipynb")
    touch(tmp_path / "alice" / "03_forward_pass.ipynb")
    touch(tmp_path / "alice" / "04_loss.ipynb")
    found = find(tmp_path)
    assert found.submissions == [
        Submission("alice", "03_forward_pass", tmp_path / "alice" / "03_forward_pass.ipynb"),
        Submission("alice", "04_loss", tmp_path / "alice" / "04_loss.ipynb"),
        Submission("bob", "04_loss", tmp_path / "bob" / "04_loss.ipynb"),
    ]
    assert found.skipped == []


@pytest.mark.parametrize("given", ["course", "course/submitted"])
def test_nbgrader_layout_from_the_course_or_from_submitted(tmp_path, given):
    notebook = touch(tmp_path / "course" / "submitted" / "alice" / "ps1" / "04_loss.ipynb")
    touch(tmp_path / "course" / "source" / "ps1" / "04_loss.ipynb")  # not a student's
    assert find(tmp_path / given).submissions == [Submission("alice", "04_loss", notebook)]


def test_copies_are_matched_by_the_lesson_number(tmp_path):
    copy = touch(tmp_path / "alice" / "04_loss-Copy1.ipynb")
    other = touch(tmp_path / "bob" / "04_loss (1).ipynb")
    assert [s.path for s in find(tmp_path).submissions] == [copy, other]


def test_two_copies_of_a_lesson_grade_the_one_named_like_it(tmp_path):
    touch(tmp_path / "alice" / "04_loss (1).ipynb")
    exact = touch(tmp_path / "alice" / "04_loss.ipynb")
    found = find(tmp_path)
    assert [s.path for s in found.submissions] == [exact]
    assert found.skipped == [
        (tmp_path / "alice" / "04_loss (1).ipynb", "another copy of 04_loss: graded 04_loss.ipynb")
    ]


def test_names_the_course_does_not_know_are_reported(tmp_path):
    touch(tmp_path / "alice" / "Untitled.ipynb")
    touch(tmp_path / "alice" / "99_extra.ipynb")
    touch(tmp_path / "alice" / ".ipynb_checkpoints" / "04_loss-checkpoint.ipynb")
    touch(tmp_path / "stray.ipynb")
    found = find(tmp_path)
    assert found.submissions == []
    assert found.skipped == [
        (tmp_path / "alice" / "99_extra.ipynb", "not a lesson of this course"),
        (tmp_path / "alice" / "Untitled.ipynb", "not a lesson of this course"),
        (tmp_path / "stray.ipynb", "not in a student's folder"),
    ]


def test_progress_exports_at_the_top_or_in_a_students_folder(tmp_path):
    top = export(tmp_path / "carol.json")
    inside = export(tmp_path / "dave" / "progress.json")
    touch(tmp_path / "dave" / "settings.json")  # some other JSON: not an export, not reported
    assert find(tmp_path).submissions == [
        Submission("carol", "", top),
        Submission("dave", "", inside),
    ]


def test_shards_keep_a_student_together_and_cover_everyone_once():
    items = [Submission(f"s{n}", lesson, Path(f"s{n}/{lesson}.ipynb"))
             for n in range(40) for lesson in ("03_forward_pass", "04_loss")]
    parts = [shard(items, i, 3) for i in (1, 2, 3)]
    assert sorted(s for part in parts for s in part) == sorted(items)
    owners = [{s.student for s in part} for part in parts]
    assert not (owners[0] & owners[1] or owners[1] & owners[2] or owners[0] & owners[2])
    assert shard(items, 2, 3) == parts[1]  # the same every time
    assert shard(items, 1, 1) == items


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0", "-1/2"])
def test_a_bad_shard_is_refused(text):
    with pytest.raises(ValueError, match="give i/n"):
        parse_shard(text)


def test_a_shard():
    assert parse_shard("2/5") == (2, 5)
