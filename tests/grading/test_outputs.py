import pytest

from lessonkit.grading import outputs, rows
from lessonkit.grading.feedback import file_name
from lessonkit.grading.rows import Row

CLASS = [
    Row("ann", "04_loss", "04.q1", "correct", "", "Well done."),
    Row("ann", "04_loss", "04.q2", "incorrect", "bce_sum_not_mean", "Divide by `n`."),
    Row("<script>alert(1)</script>", "04_loss", "04.q1", "missing", "", "not found"),
    Row("<script>alert(1)</script>", "04_loss", "04.q2", "timeout", "", "over 60 s"),
    Row("Bob", "04_loss", "", "failed", "", "not a notebook"),
]


def test_write_all_writes_the_csv_a_feedback_file_per_student_and_the_report(tmp_path):
    out = tmp_path / "out"
    outputs.write_all(CLASS, out)
    assert rows.read(out / "grades.csv") == sorted(CLASS)
    files = sorted(p.name for p in (out / "feedback").iterdir())
    assert files == sorted(file_name(s) for s in ["ann", "<script>alert(1)</script>", "Bob"])
    assert (out / "feedback" / "ann.md").read_text().startswith("# ann\n")
    assert "Class report" in (out / "report.html").read_text()
    assert sorted(p.name for p in out.iterdir()) == ["feedback", "grades.csv", "report.html"]


def test_only_the_graders_files_are_replaced(tmp_path):
    (tmp_path / "feedback").mkdir()
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "feedback" / "old.md").write_text("an earlier student")
    (tmp_path / "grades.csv").write_text("old")
    outputs.write_all(CLASS[:2], tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert (tmp_path / "feedback" / "old.md").exists()
    assert rows.read(tmp_path / "grades.csv") == CLASS[:2]


def shards(tmp_path) -> list:
    """The class written as two shards, each student in one of them."""
    one, two = tmp_path / "one", tmp_path / "two"
    outputs.write_all([r for r in CLASS if r.student == "ann"], one)
    outputs.write_all([r for r in CLASS if r.student != "ann"], two)
    return [one, two]


def test_merging_shards_gives_what_one_run_gives(tmp_path):
    outputs.write_all(CLASS, tmp_path / "whole")
    merged = outputs.merge(shards(tmp_path), tmp_path / "merged")
    assert merged == sorted(CLASS)
    for name in ["grades.csv", "report.html", "feedback/ann.md"]:
        whole = (tmp_path / "whole" / name).read_bytes()
        assert (tmp_path / "merged" / name).read_bytes() == whole, name


def test_the_same_folder_twice_is_merged_once(tmp_path):
    one, two = shards(tmp_path)
    assert outputs.merge([one, two, one], tmp_path / "merged") == sorted(CLASS)


def test_a_student_graded_differently_in_two_sources_is_refused(tmp_path):
    one, _ = shards(tmp_path)
    again = tmp_path / "again"
    outputs.write_all([CLASS[0]], again)
    with pytest.raises(
        outputs.MergeError, match="student 'ann' is graded in both .*one and .*again"
    ):
        outputs.merge([one, again], tmp_path / "merged")
    assert not (tmp_path / "merged").exists()


def test_a_folder_without_grades_is_refused_with_a_plain_message(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(outputs.MergeError, match="holds no grades.csv"):
        outputs.merge([tmp_path / "empty"], tmp_path / "merged")
    (tmp_path / "empty" / "grades.csv").write_text("name,score\nann,3\n")
    with pytest.raises(outputs.MergeError, match="cannot be read as the grader's grades.csv"):
        outputs.merge([tmp_path / "empty"], tmp_path / "merged")
    (tmp_path / "empty" / "grades.csv").write_text(
        "student,notebook,exercise,status,mistake,detail,source\nann,04_loss,04.q1,great,,,notebook\n"
    )
    with pytest.raises(outputs.MergeError, match="unknown statuses"):
        outputs.merge([tmp_path / "empty"], tmp_path / "merged")
