from lessonkit import display
from lessonkit.exercises.core import Result


def test_result_reads_the_same_as_text_and_html():
    result = Result("05.q1", "incorrect", "`w` is wrong")
    assert repr(result) == "05.q1 Incorrect: `w` is wrong"
    html = result._repr_html_()
    assert "Incorrect" in html and "<code>w</code>" in html and display.COLOURS["incorrect"] in html


def test_result_carries_a_machine_readable_marker():
    data, meta = Result("05.q1", "correct", "Well done.", mistake=None)._repr_mimebundle_()
    assert set(data) == {"text/plain", "text/html"}
    assert meta == {"lessonkit": {"exercise": "05.q1", "status": "correct", "mistake": None}}


def test_every_status_has_a_label_and_a_colour():
    for status in ("correct", "incorrect", "not_attempted", "error"):
        assert Result("01.q1", status, "m").text().startswith(f"01.q1 {display.LABELS[status]}")
    assert Result("01.q1", "not_attempted").text() == "01.q1 Not attempted yet"


def test_html_escapes_the_learner_text():
    html = Result("01.q1", "error", "raised <script>").html()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_output_is_deterministic():
    def make():
        return Result("01.q1", "correct", "ok")

    assert make().html() == make().html() and repr(make()) == repr(make())
    assert " at 0x" not in make().html()


def test_hint_solution_question_and_table():
    hint = display.Hint("01.q1", 1, 2, "think `x`")
    assert hint.text() == "01.q1 hint 1 of 2: think `x`" and ".hint(2)" in hint.html()
    assert display.Hint("01.q1", 0, 0, "").text() == "01.q1: no hints for this one"
    solution = display.Solution("01.q1", "\nx = 1 < 2\n")
    assert solution.text() == "01.q1 solution:\nx = 1 < 2" and "1 &lt; 2" in solution.html()
    assert display.Question("01.q1", "Why?").text() == "Exercise 01.q1: Why?"
    table = display.Table(["A", "Status"], [["long cell", "Correct"]], status_column=1)
    assert table.text().splitlines() == [
        "A          Status",
        "---------  -------",
        "long cell  Correct",
    ]
    assert display.COLOURS["correct"] in table.html()
