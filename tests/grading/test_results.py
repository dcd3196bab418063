"""Rows from a run notebook: the checks' own results, and the statuses of the grader."""

from types import SimpleNamespace

from nbformat.v4 import new_code_cell, new_notebook, new_output

from lessonkit.exercises.core import Result
from lessonkit.grading.prepare import Prepared
from lessonkit.grading.results import rows_from
from lessonkit.grading.rows import Row


def checked(*results: Result):
    """A cell whose outputs are these check results, as Jupyter saves them."""
    outputs = []
    for result in results:
        data, metadata = result._repr_mimebundle_()
        outputs.append(new_output("display_data", data, metadata=metadata))
    return new_code_cell("ex.q1.check()", outputs=outputs)


def ran(*cells, outcome="finished", reason="", timed_out=()):
    return SimpleNamespace(notebook=new_notebook(cells=list(cells)), outcome=outcome,
                           reason=reason, timed_out_cells=tuple(timed_out))


def rows(run, cells=None):
    prepared = Prepared("04_loss", run.notebook if run else None,
                        "not a notebook: the file is not notebook JSON", cells or {})
    return rows_from("ann", prepared, run, 5.0)


def test_each_exercise_gets_its_checks_last_result():
    run = ran(
        checked(Result("04.q1", "incorrect", "Not yet: p and y swapped.", "swapped")),
        checked(Result("04.q1", "correct", "Well done."), Result("04.q2", "error", "Oops.")),
    )
    assert rows(run, {"04.q1": [0, 1], "04.q2": [1]}) == [
        Row("ann", "04_loss", "04.q1", "correct", "", "Well done."),
        Row("ann", "04_loss", "04.q2", "error", "", "Oops."),
    ]


def test_a_named_mistake_is_kept_with_the_message():
    run = ran(checked(Result("04.q1", "incorrect", "p and y swapped.", "swapped_arguments")))
    assert rows(run, {"04.q1": [0], "04.q2": [1]})[0] == Row(
        "ann", "04_loss", "04.q1", "incorrect", "swapped_arguments", "p and y swapped.")


def test_an_exercise_not_found_is_missing():
    assert rows(ran(checked(Result("04.q1", "correct"))), {"04.q1": [0]})[1] == Row(
        "ann", "04_loss", "04.q2", "missing", "",
        "not in the notebook: no cell tagged exercise:04.q2")


def test_a_check_that_gave_nothing_is_missing_with_its_error():
    error = new_output("error", ename="NameError", evalue="name 'ex' is not defined",
                       traceback=[])
    run = ran(new_code_cell("ex.q1.check()", outputs=[error]), checked(Result("04.q2", "correct")))
    assert rows(run, {"04.q1": [0], "04.q2": [1]})[0].detail == (
        "its check gave no result: NameError: name 'ex' is not defined")


def test_a_cell_past_the_limit_is_a_timeout():
    run = ran(new_code_cell("while True: pass"), checked(Result("04.q2", "correct")),
              timed_out=[0])
    assert rows(run, {"04.q1": [0], "04.q2": [1]})[0] == Row(
        "ann", "04_loss", "04.q1", "timeout", "", "its cell ran past the limit of 5 s per cell")


def test_a_run_that_did_not_finish_gives_its_reason():
    run = ran(checked(Result("04.q1", "correct")), outcome="failed", reason="the kernel died")
    assert rows(run, {"04.q1": [0], "04.q2": [1]})[1] == Row(
        "ann", "04_loss", "04.q2", "failed", "", "the kernel died")
    nothing = SimpleNamespace(notebook=None, outcome="timeout", reason="past 300 s",
                              timed_out_cells=())
    assert {row.status for row in rows(nothing)} == {"timeout"}


def test_a_notebook_that_could_not_be_read_fails_every_exercise():
    assert rows(None) == [
        Row("ann", "04_loss", exercise, "failed", "",
            "not a notebook: the file is not notebook JSON")
        for exercise in ("04.q1", "04.q2")
    ]


def test_other_lessons_exercises_are_kept():
    run = ran(checked(Result("03.q1", "correct")))
    assert Row("ann", "04_loss", "03.q1", "correct") in rows(run)


def test_an_earlier_cell_past_the_limit_is_a_timeout_of_what_follows():
    run = ran(new_code_cell("import torch\nimport lessonkit"), new_code_cell("ex.q1.check()"),
              checked(Result("04.q2", "correct")), timed_out=[0])
    assert rows(run, {"04.q1": [1], "04.q2": [2]})[0].detail == (
        "an earlier cell ran past the limit of 5 s per cell: import torch")


def test_a_result_from_a_cell_past_the_limit_is_a_timeout():
    run = ran(new_code_cell("while True: pass"), checked(Result("04.q1", "not_attempted")),
              timed_out=[0])
    assert rows(run, {"04.q1": [0, 1]})[0].status == "timeout"


def test_an_exercise_of_another_lesson_with_no_result_is_missing_too():
    run = ran(new_code_cell("answer = ..."), checked(Result("04.q1", "correct")))
    assert [(r.exercise, r.status) for r in rows(run, {"03.q1": [0], "04.q1": [1]})] == [
        ("03.q1", "missing"), ("04.q1", "correct"), ("04.q2", "missing")]
