"""The mistakes library: each detector alone, then each ready-made mistake inside a small
exercise of the kind later lessons will write (an update, a BCE function, a forward pass)."""

import pytest
import torch

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Attempt, Call, Exercise, Function, Grad, Value


def attempt(got, expected, ns=None, answer=None, setup=""):
    exercise = Exercise(
        id="99.q1",
        question="q",
        answer=answer or Value("w"),
        solution="",
        placeholder="w = ...",
        setup=setup,
    )
    return Attempt(exercise, ns or {}, got, expected)


# ---------------------------------------------------------------- detectors


def test_whole_multiple_finds_the_factor():
    e = torch.tensor([1.0, -2.0, 0.5])
    assert mistakes.is_whole_multiple(attempt(3 * e, e)) == {"times": 3}
    assert mistakes.is_whole_multiple(attempt(2 * 0.3, 0.3)) == {"times": 2}
    assert not mistakes.is_whole_multiple(attempt(e, e))
    assert not mistakes.is_whole_multiple(attempt(2.5 * e, e))
    assert not mistakes.is_whole_multiple(attempt(torch.zeros(3), torch.zeros(3)))
    assert not mistakes.is_whole_multiple(attempt(2 * e[:2], e))
    assert mistakes.is_whole_multiple(attempt([2 * e, 2.0], [e, 1.0])) == {"times": 2}
    assert not mistakes.is_whole_multiple(attempt([2 * e, 3.0], [e, 1.0]))


def test_odd_answers_raise_and_so_count_as_not_found():
    with pytest.raises(TypeError):
        mistakes.is_whole_multiple(attempt("a string", torch.ones(2)))


def test_grad_is_none_reasons():
    plain, leaf = torch.tensor(1.0), torch.tensor(1.0, requires_grad=True)
    grad = Grad("x")
    no_rg = attempt(None, torch.tensor(2.0), {"x": plain}, grad)
    broken = attempt(None, torch.tensor(2.0), {"x": leaf}, grad)
    assert mistakes.grad_is_none_no_requires_grad(no_rg)
    assert not mistakes.grad_is_none_graph_broken(no_rg)
    assert mistakes.grad_is_none_graph_broken(broken)
    assert not mistakes.grad_is_none_no_requires_grad(broken)
    assert not mistakes.grad_is_none_graph_broken(attempt(torch.ones(()), 2.0, {"x": leaf}, grad))


def test_has_grad_fn():
    leaf = torch.ones(2, requires_grad=True)
    assert mistakes.has_grad_fn(attempt(leaf - 1, leaf.detach())) == {"grad_fn": "SubBackward0"}
    assert not mistakes.has_grad_fn(attempt(leaf.detach(), leaf.detach()))


def test_went_uphill_compares_with_the_value_before():
    setup = "import torch\nw = torch.tensor([1.0, 2.0])"
    right, uphill = torch.tensor([0.9, 2.2]), torch.tensor([1.1, 1.8])
    assert mistakes.went_uphill(attempt(uphill, right, setup=setup))
    assert not mistakes.went_uphill(attempt(right, right, setup=setup))


def test_sigmoid_of_expected_and_inf_or_nan():
    p = torch.tensor([0.2, 0.7])
    assert mistakes.is_sigmoid_of_expected(attempt(torch.sigmoid(p), p))
    assert not mistakes.is_sigmoid_of_expected(attempt(p, p))
    assert mistakes.has_inf_or_nan(attempt(torch.tensor([float("inf"), 1.0]), p))
    assert mistakes.has_inf_or_nan(attempt(float("nan"), 0.5))
    assert not mistakes.has_inf_or_nan(attempt(p, p))


def test_uses_data_in_a_function_or_in_the_latest_cell():
    def step(w):
        with torch.no_grad():
            return w.data - 1

    def clean(w):
        return w - 1

    answer = Function("step", calls=list)
    assert mistakes.uses_data(attempt(None, None, {"step": step}, answer))
    assert not mistakes.uses_data(attempt(None, None, {"step": clean}, answer))
    cells = ["w = torch.ones(2)", "w.data -= 1", "ex.q1.check(w=w)"]
    assert mistakes.uses_data(attempt(None, None, {"w": 1, "In": cells}))
    fixed = [*cells, "with torch.no_grad():\n    w -= 1"]
    assert not mistakes.uses_data(attempt(None, None, {"w": 1, "In": fixed}))


# ---------------------------------------------------------------- ready-made mistakes at work

SETUP = """
import torch
torch.manual_seed(0)
w = torch.tensor([0.5, -1.0], requires_grad=True)
x = torch.tensor([1.0, 2.0])
loss = ((w * x).sum() - 1) ** 2
loss.backward()
lr = 0.1
"""

UPDATE = Exercise(
    id="99.q1",
    question="Update w by one gradient-descent step, in place, without recording it.",
    setup=SETUP,
    placeholder="# update w here",
    solution="with torch.no_grad():\n    w -= lr * w.grad",
    answer=Value("w", autograd=True),
    hints=["subtract lr times the gradient"],
    mistakes=[
        mistakes.updated_outside_no_grad(example="w = w - lr * w.grad"),
        mistakes.update_went_uphill(example="with torch.no_grad():\n    w += lr * w.grad"),
        mistakes.used_data(
            example=lambda: {
                "w": UPDATE.namespace_of(UPDATE.solution_code)["w"],
                "In": ["w.data -= lr * w.grad"],
            },
        ),
    ],
)


def _bce_calls():
    p = torch.tensor([0.9, 0.2, 0.6, 0.3])
    y = torch.tensor([1.0, 0.0, 1.0, 0.0])
    return [Call(p, y), Call(torch.tensor([0.5]), torch.tensor([1.0]))]


BCE = Exercise(
    id="99.q2",
    question="Write bce(p, y): the mean binary cross-entropy.",
    setup="import torch",
    placeholder="def bce(p, y):\n    ...",
    solution="def bce(p, y):\n    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()",
    answer=Function("bce", calls=_bce_calls),
    hints=["-(y log p + (1 - y) log(1 - p)), averaged"],
    mistakes=[
        mistakes.bce_sum_not_mean(
            example="def bce(p, y):\n"
            "    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).sum()",
        ),
        mistakes.bce_arguments_swapped(
            example="def bce(p, y):\n    return torch.nn.functional.binary_cross_entropy(y, p)",
        ),
        mistakes.log_of_zero(
            example="def bce(p, y):\n    return -(y * torch.log(p * 0)).mean()",
        ),
    ],
)

FORWARD = Exercise(
    id="99.q3",
    question="p = sigmoid(w * x + b)",
    setup="import torch\nw, b = torch.tensor(0.5), torch.tensor(-0.2)\nx = torch.tensor([1.0, 3])",
    placeholder="p = ...",
    solution="p = torch.sigmoid(w * x + b)",
    answer=Value("p"),
    hints=["z first, then the sigmoid"],
    mistakes=[mistakes.sigmoid_twice(example="p = torch.sigmoid(torch.sigmoid(w * x + b))")],
)

BACKWARD = Exercise(
    id="99.q4",
    question="the gradient of the loss",
    setup="import torch\nw = torch.tensor([1.0, -2.0], requires_grad=True)",
    placeholder="# backward here",
    solution="((w ** 2).sum()).backward()",
    answer=Grad("w"),
    hints=["call backward once"],
    mistakes=[
        mistakes.grad_multiplied(
            example="for _ in range(3):\n    ((w ** 2).sum()).backward()",
        ),
    ],
)

LIBRARY_EXERCISES = [UPDATE, BCE, FORWARD, BACKWARD]
CASES = [(e, m) for e in LIBRARY_EXERCISES for m in e.mistakes]


@pytest.mark.parametrize("exercise", LIBRARY_EXERCISES, ids=lambda e: e.id)
def test_their_solutions_are_correct(exercise):
    result = exercise.evaluate(exercise.namespace_of(exercise.solution_code))
    assert result.status == "correct", result.message


@pytest.mark.parametrize("case", CASES, ids=lambda c: c[1].id)
def test_each_ready_made_mistake_is_recognised(case):
    exercise, mistake = case
    result = exercise.evaluate(exercise.namespace_of(mistake.example))
    assert (result.status, result.mistake) == ("incorrect", mistake.id), result.message
    assert mistake.see in result.message


def test_sum_not_mean_allows_a_batch_of_one():
    e = [torch.tensor(0.5), torch.tensor(0.25)]
    assert mistakes.is_sum_not_mean(attempt([4 * e[0], e[1]], e)) == {"times": 4}
    assert not mistakes.is_sum_not_mean(attempt(e, e))


def test_messages_fill_in_what_the_detector_found():
    result = BACKWARD.evaluate(BACKWARD.namespace_of(BACKWARD.mistakes[0].example))
    assert result.message.startswith("Your gradient is 3 times the right one.")
    result = UPDATE.evaluate(UPDATE.namespace_of(UPDATE.mistakes[0].example))
    assert "grad_fn=SubBackward0" in result.message
