"""The notebook as the grader runs it: outputs cleared, missing checks added, bad files told."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from lessonkit.grading.prepare import GRADER_TAG, prepare


def exercise(exercise_id: str, source: str = "answer = ..."):
    return new_code_cell(source, metadata={"tags": [f"exercise:{exercise_id}"]})


def save(tmp_path, *cells, name="04_loss.ipynb"):
    path = tmp_path / name
    nbformat.write(new_notebook(cells=list(cells)), path)
    return path


def test_outputs_are_cleared(tmp_path):
    cell = new_code_cell("1 + 1", execution_count=3,
                         outputs=[new_output("execute_result", {"text/plain": "2"})])
    prepared = prepare(save(tmp_path, cell), "04_loss")
    code = prepared.notebook.cells[0]
    assert (code.outputs, code.execution_count) == ([], None)


def test_a_check_is_added_after_an_exercise_without_one(tmp_path):
    path = save(tmp_path, new_markdown_cell("# 04"), exercise("04.q1"),
                exercise("04.q2"), new_code_cell("ex.q2.check()"))
    prepared = prepare(path, "04_loss")
    cells = prepared.notebook.cells
    assert cells[2].metadata.tags == [GRADER_TAG]
    assert cells[2].source.endswith("_grader_lesson_04.q1.check()")
    assert len(cells) == 5
    assert prepared.cells == {"04.q1": [1, 2], "04.q2": [3, 4]}


def test_a_commented_check_is_not_a_check(tmp_path):
    path = save(tmp_path, exercise("04.q1"), new_code_cell("# ex.q1.check()"))
    assert prepare(path, "04_loss").notebook.cells[1].metadata.tags == [GRADER_TAG]


def test_checks_anywhere_and_by_any_import_name_count(tmp_path):
    path = save(
        tmp_path,
        new_code_cell("from lessonkit.exercises import lesson_03 as three\nthree.q1.check()"),
        exercise("03.q1"),
        exercise("04.q1"),
        new_code_cell("lessonkit.exercises.lesson_04.q1.check()"),
    )
    prepared = prepare(path, "04_loss")
    assert len(prepared.notebook.cells) == 4
    assert prepared.cells == {"03.q1": [0, 1], "04.q1": [2, 3]}


def test_an_unknown_exercise_tag_gets_no_check(tmp_path):
    prepared = prepare(save(tmp_path, exercise("04.q99")), "04_loss")
    assert len(prepared.notebook.cells) == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("this is not JSON", "not a notebook: the file is not notebook JSON"),
        ('{"cells": 3}', "not a notebook: the file is not notebook JSON"),
        ('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "x"}]}',
         "not a valid notebook: "),
    ],
)
def test_a_malformed_file_gives_a_reason(tmp_path, text, reason):
    path = tmp_path / "04_loss.ipynb"
    path.write_text(text)
    prepared = prepare(path, "04_loss")
    assert prepared.notebook is None
    assert prepared.reason.startswith(reason)


def test_a_binary_file_gives_a_reason(tmp_path):
    path = tmp_path / "04_loss.ipynb"
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert prepare(path, "04_loss").reason == "not a notebook: the file is not UTF-8 text"
