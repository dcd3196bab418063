"""The answer kinds that read names from the notebook: Names, Choice and InPlace (Value and
Grad are at work in every lesson's exercises)."""

import torch

from lessonkit.exercises.core import Choice, Exercise, InPlace, Names


def _names_exercise():
    return Exercise(
        id="99.q1", question="q", answer=Names("leaves"),
        solution='leaves = {"a", "k"}', placeholder="leaves = ...",
    )


def test_names_accept_a_set_a_list_a_tuple_and_one_name():
    exercise = _names_exercise()
    for written in ({"a", "k"}, ["k", "a"], ("a", "k"), frozenset({"a", "k"})):
        assert exercise.evaluate({"leaves": written}).status == "correct", written
    assert exercise.evaluate({"leaves": "a"}).status == "incorrect"
    one = Exercise(id="99.q2", question="q", answer=Names("x"), solution='x = {"a"}',
                   placeholder="x = ...")
    assert one.evaluate({"x": "a"}).status == "correct"


def test_names_with_unhashable_items_get_a_message():
    result = _names_exercise().evaluate({"leaves": [["a"], "k"]})
    assert result.status == "incorrect" and result.message


def test_a_choice_is_one_letter_in_either_case():
    exercise = Exercise(id="99.q3", question="q", answer=Choice("picked", "ABC"),
                        solution='picked = "B"', placeholder="picked = ...")
    for written in ("B", "b", " B "):
        assert exercise.evaluate({"picked": written}).status == "correct", written
    assert exercise.evaluate({"picked": "a"}).status == "incorrect"
    for odd in ("D", "AB", 2, None):
        result = exercise.evaluate({"picked": odd})
        assert result.status == "incorrect" and '"A", "B", "C"' in result.message, odd


SETUP = """
import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor(0.5, requires_grad=True)
(w.sum() * b).backward()
"""


def _update(**options):
    return Exercise(
        id="99.q3", question="q", setup=SETUP, answer=InPlace("w", "b", **options),
        solution="with torch.no_grad():\n    w -= w.grad\n    b -= b.grad",
        placeholder="# update w and b",
    )


def test_in_place_unchanged_tensors_are_not_attempted():
    exercise = _update(unchanged="Nothing changed yet.")
    result = exercise.evaluate(exercise.namespace_of("# nothing"))
    assert (result.status, result.message) == ("not_attempted", "Nothing changed yet.")
    default = _update().evaluate(_update().namespace_of(""))
    assert "`w` and `b` still hold their starting values" in default.message


def test_in_place_any_change_is_an_attempt_and_the_first_name_is_the_answer():
    exercise = _update(autograd=True)
    assert exercise.evaluate(exercise.namespace_of(exercise.solution_code)).status == "correct"
    only_grad_cleared = exercise.evaluate(exercise.namespace_of("w.grad = None"))
    assert only_grad_cleared.status == "incorrect"
    recorded = exercise.evaluate(exercise.namespace_of("w = w - w.grad"))
    assert recorded.status == "incorrect" and "grad_fn" in recorded.message


def test_in_place_facts_are_compared_in_order_with_plain_words():
    exercise = Exercise(
        id="99.q4", question="q", setup="import torch\nw = torch.tensor(1.0, requires_grad=True)\n"
        "b = torch.tensor(2.0, requires_grad=True)",
        answer=InPlace("w", "b", facts=("b.requires_grad", "b.grad", "w.grad")),
        solution="b.requires_grad_(False)\n(w * b).backward()", placeholder="# freeze b",
    )
    said = {code: exercise.evaluate(exercise.namespace_of(code)).message for code in (
        "(w * b).backward()", "b.requires_grad_(False)", "b.requires_grad_(False)\n"
        "(3 * w * b).backward()")}
    assert said["(w * b).backward()"] == "`b.requires_grad` is True, but it should be False."
    assert said["b.requires_grad_(False)"].startswith("`w.grad` is None: no gradient arrived.")
    assert said["b.requires_grad_(False)\n(3 * w * b).backward()"].startswith("`w.grad`: ")
    filled = "b.requires_grad_(False)\nb.grad = torch.tensor(1.0)\n(w * b).backward()"
    assert exercise.evaluate(exercise.namespace_of(filled)).message == (
        "`b.grad` is filled, but it should stay None.")
    correct = exercise.evaluate(exercise.namespace_of(exercise.solution_code))
    assert correct.status == "correct"


def test_in_place_answers_a_non_tensor_clearly():
    exercise = _update()
    result = exercise.evaluate({**exercise.setup_namespace(), "b": 3})
    assert result.status == "incorrect" and "`b` should be a tensor" in result.message
    assert torch.equal(exercise.setup_namespace()["w"].detach(), torch.tensor([1.0, 2.0]))


# ---------------------------------------------------------------- an attempt that raised


def _with_cells(exercise, *cells):
    ns = exercise.namespace_of("")
    ns["In"] = ["", *cells]  # what IPython keeps of the cells that ran
    return exercise.evaluate(ns)


def test_a_cell_that_stopped_before_setting_the_name_is_an_attempt():
    exercise = _names_exercise()
    assert _with_cells(exercise, 'leaves = {"a", k}').status == "error"
    assert "stopped with an error" in _with_cells(exercise, 'leaves = {"a", k}').message
    for cell in ("# which are the leaves?", "print(leaves == leaves)", ""):
        assert _with_cells(exercise, cell).status == "not_attempted", cell


def test_an_in_place_cell_that_changed_nothing_is_an_attempt():
    exercise = _update()
    for cell in ("w.grad.zero_()\nb.grad.zero_()\nwith torch.no_grad():\n    w -= w.grad",
                 "b.requires_grad_(False)", "w = w.gard", "b.requires_grad(False)"):
        assert _with_cells(exercise, cell).status == "error", cell
    for cell in ("# update w and b", "print(w, b)", SETUP.splitlines()[2]):
        assert _with_cells(exercise, cell).status == "not_attempted", cell
