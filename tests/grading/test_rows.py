"""grades.csv: one row per student, notebook and exercise, written sorted and read back whole."""

from lessonkit.grading import rows
from lessonkit.grading.rows import Row


def test_rows_come_back_as_written_whatever_their_text(tmp_path):
    written = [
        Row("zoe", "04_loss", "04.q2", "incorrect", "plus_y_z", 'a "quoted", two-line\nmessage'),
        Row("<script>", "04_loss", "04.q1", "correct", "", "Well done."),
        Row("ann", "04_loss", "04.q1", "correct", "", "self-reported: 2 attempts",
            "self-reported"),
    ]
    rows.write(written, tmp_path / "grades.csv")
    assert rows.read(tmp_path / "grades.csv") == sorted(written)


def test_the_file_starts_with_the_columns_and_is_sorted(tmp_path):
    rows.write([Row("b", "04_loss", "04.q1", "missing"), Row("a", "04_loss", "04.q1", "timeout")],
               tmp_path / "grades.csv")
    lines = (tmp_path / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "student,notebook,exercise,status,mistake,detail,source"
    assert [line.split(",")[0] for line in lines[1:]] == ["a", "b"]

