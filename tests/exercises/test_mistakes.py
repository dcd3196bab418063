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


def attempt_on(exercise, ns):
    """An attempt at one of the exercises below, as the exercise itself would make it."""
    return Attempt(exercise, ns, exercise.answer.take(ns), exercise.expected())


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


# ---------------------------------------------------------------- detectors that lessons share


def test_times_and_whole_multiples_of_one_value():
    e = torch.tensor([0.5, -1.0])
    assert mistakes.times(2 * e, e) == {"times": 2} and mistakes.times(20 * e, e)
    assert not mistakes.times(e, e) and not mistakes.times(21 * e, e)
    assert not mistakes.times(-2 * e, e) and not mistakes.times(1.5 * e, e)


def test_shapes_of_outputs():
    want = [torch.tensor([0.2, 0.4]), torch.tensor([0.6])]
    column = [w.unsqueeze(1) for w in want]
    assert mistakes.is_column(attempt(column, want))
    assert not mistakes.is_column(attempt(want, want))
    assert not mistakes.is_column(attempt([c + 1 for c in column], want))
    assert mistakes.one_number(attempt([torch.tensor(0.1), torch.tensor(0.2)], want))
    assert not mistakes.one_number(attempt(want, want))
    per = [torch.tensor([0.1, 0.3]), torch.tensor([0.2, 0.2])]
    assert mistakes.mean_is_expected(attempt(per, [torch.tensor(0.2)] * 2)) == {"shape": (2,)}
    assert not mistakes.mean_is_expected(attempt(per, [torch.tensor(0.3)] * 2))
    assert not mistakes.mean_is_expected(attempt([torch.tensor(0.2)] * 2, [torch.tensor(0.2)] * 2))


def test_first_value_of_a_history():
    want = [torch.tensor([0.69, 0.5, 0.4])]
    assert mistakes.first_value_differs(attempt([torch.tensor([0.9, 0.5, 0.4])], want))
    assert not mistakes.first_value_differs(attempt([torch.tensor([0.69, 0.6, 0.9])], want))
    assert not mistakes.first_value_differs(attempt([torch.tensor([0.9, 0.5])], want))


def test_right_but_requires_grad():
    leaf = torch.tensor([0.5, 0.25], requires_grad=True)
    assert mistakes.right_but_requires_grad(attempt(leaf * 1, leaf.detach()))
    assert not mistakes.right_but_requires_grad(attempt(leaf.detach(), leaf.detach()))
    assert not mistakes.right_but_requires_grad(attempt(leaf * 2, leaf.detach()))


def test_update_detectors_on_the_update_exercise():
    ns = UPDATE.namespace_of
    lr_left_out = attempt_on(UPDATE, ns("with torch.no_grad():\n    w -= w.grad"))
    assert mistakes.step_divided_by("lr")(lr_left_out)
    assert not mistakes.step_divided_by("lr")(attempt_on(UPDATE, ns(UPDATE.solution_code)))
    assert not mistakes.step_divided_by("lr")(
        attempt_on(UPDATE, ns("with torch.no_grad():\n    w -= 2 * lr * w.grad")))
    solved = attempt_on(UPDATE, ns(UPDATE.solution_code))
    assert mistakes.grads_left("w")(solved)
    cleared = attempt_on(UPDATE, ns(UPDATE.solution_code + "\nw.grad.zero_()"))
    assert not mistakes.grads_left("w")(cleared)
    uphill = attempt_on(UPDATE, ns("with torch.no_grad():\n    w += lr * w.grad"))
    assert not mistakes.grads_left("w")(uphill), "only once the answer itself is right"


TWO = Exercise(
    id="99.q5", question="q", answer=Value("w"), placeholder="...",
    setup="import torch\nw = torch.tensor(1.0)\nb = torch.tensor(2.0)",
    solution="w = w - 0.5\nb = b - 0.5",
)


def test_the_other_parameter_unchanged_or_wrong():
    unchanged, differs = mistakes.other_unchanged("b"), mistakes.other_differs("b")
    left = attempt_on(TWO, TWO.namespace_of("w = w - 0.5"))
    wrong = attempt_on(TWO, TWO.namespace_of("w = w - 0.5\nb = b + 0.5"))
    both_wrong = attempt_on(TWO, TWO.namespace_of("w = w + 0.5\nb = b + 0.5"))
    solved = attempt_on(TWO, TWO.namespace_of(TWO.solution_code))
    assert unchanged(left) and not unchanged(wrong) and not unchanged(solved)
    assert differs(wrong) == {
        "difference": "values differ: the largest difference is 1 (you have 2.5 there)."}
    assert differs(left) and not differs(solved) and not differs(both_wrong)


def test_calls_finds_a_function_under_any_import_name():
    import torch.nn.functional as nnf

    def by_alias(p, y):
        return nnf.binary_cross_entropy(p, y)

    def by_hand(p, y):
        return -(y * torch.log(p)).mean()

    found = mistakes.calls("binary_cross_entropy", "BCELoss")
    answer = Function("bce", calls=list)
    assert found(attempt(None, None, {"bce": by_alias}, answer)) == {"used": "binary_cross_entropy"}
    assert not found(attempt(None, None, {"bce": by_hand}, answer))


def test_same_as_any_of_several_wrong_answers():
    detect = mistakes.same_as_any("p = torch.sigmoid(torch.sigmoid(w * x + b))",
                                  "p = torch.sigmoid(w * x)")
    for code, found in [("p = torch.sigmoid(w * x)", True),
                        ("p = torch.sigmoid(torch.sigmoid(w * x + b))", True),
                        ("p = w * x + b", False), (FORWARD.solution_code, False)]:
        assert bool(detect(attempt_on(FORWARD, FORWARD.namespace_of(code)))) is found, code


def test_cell_order_reads_the_latest_cell():
    detect = mistakes.cell_order("b", r"loss_fn\(", r"requires_grad_\(False\)")
    late = {"In": ["", "loss = loss_fn(w, b)\nb.requires_grad_(False)\nloss.backward()"]}
    early = {"In": ["", "b.requires_grad_(False)\nloss = loss_fn(w, b)\nloss.backward()"]}
    fixed = {"In": [*late["In"], early["In"][1], "ex.q1.check()"]}
    assert detect(attempt(None, None, late)) and not detect(attempt(None, None, early))
    assert not detect(attempt(None, None, fixed)) and not detect(attempt(None, None, {}))


def test_raised_names_only_the_error_it_knows():
    from lessonkit.exercises.function_answers import Raised

    got = Raised("`train` raised RuntimeError: a leaf Variable ... in-place operation")
    assert mistakes.raised("a leaf Variable")(attempt(got, None)) == {"message": got.message}
    assert not mistakes.raised("'NoneType'")(attempt(got, None))
    assert not mistakes.raised("a leaf Variable")(attempt(torch.ones(2), None))


def test_detectors_of_names_and_words():
    setup = "import torch\na = torch.tensor(1.0)\nk = torch.tensor(2.0)"
    assert mistakes.unknown_names(attempt({"a", "w"}, {"a"}, setup=setup)) == {
        "names": "'w'", "known": "a, k"}
    assert not mistakes.unknown_names(attempt({"a", "k"}, {"a"}, setup=setup))
    assert mistakes.names_include("c", "d")(attempt({"a", "d"}, {"a"})) == {"names": "d"}
    assert not mistakes.names_include("c", "d")(attempt({"a"}, {"a"}))
    assert mistakes.names_miss("a")(attempt({"k"}, {"a"}))
    assert not mistakes.names_miss("a")(attempt({"a", "k"}, {"a"}))
    assert mistakes.gave_objects(attempt({torch.tensor(1.0)}, {"a"}))
    assert not mistakes.gave_objects(attempt({"a"}, {"a"}))
    assert mistakes.spelled_differently(attempt("sub backward0", "SubBackward0"))
    assert not mistakes.spelled_differently(attempt("SubBackward0", "SubBackward0"))
    assert not mistakes.spelled_differently(attempt("MulBackward0", "SubBackward0"))
    said = mistakes.said_one_of("MulBackward0", "DivBackward0")
    assert said(attempt(" DivBackward0", "SubBackward0")) == {"said": "DivBackward0"}
    assert not said(attempt("SubBackward0", "SubBackward0"))
    assert mistakes.verdict_starts("reversed")(attempt(["ok", "reversed: ..."], ["ok"] * 2))
    assert not mistakes.verdict_starts("reversed")(attempt(["ok", "duplicate: ..."], ["ok"] * 2))


def test_a_known_mistake_takes_overrides():
    plain = mistakes.grad_multiplied("x = 1")
    assert (plain.id, plain.detect, plain.see) == (
        "grad_multiplied", mistakes.is_whole_multiple, mistakes.SEE_ZERO_GRAD)
    by_example = mistakes.update_went_uphill("x = 1", detect=None, see="Elsewhere")
    assert (by_example.detect, by_example.see) == (None, "Elsewhere")


READY_MADE = {  # a learner's sigmoid_by_hand(z), and the ready-made sigmoid it reaches for
    "return torch.special.expit(z)": "expit",
    "return torch.nn.Sigmoid()(z)": "Sigmoid",
    "return z.sigmoid()": "sigmoid",
    "return helper(z)": "sigmoid",   # the learner's helper wraps torch.sigmoid
    "return s(z)": "expit",          # from torch.special import expit as s
    "return act(z)": "Sigmoid",      # act = nn.Sigmoid(), made in an earlier cell
    "return 1 / (1 + torch.exp(-z))": None,
    "return own_sigmoid(z)": None,   # the learner's own, written from the formula
    "return torch.exp(z) / (1 + torch.exp(z))": None,
}
NOTEBOOK = """
import torch
from torch.special import expit as s
act = torch.nn.Sigmoid()
def helper(t):
    return torch.sigmoid(t)
def own_sigmoid(t):
    return 1 / (1 + torch.exp(-t))
"""


@pytest.mark.parametrize(("body", "used"), READY_MADE.items())
def test_a_ready_made_function_is_found_under_any_name(body, used):
    from lessonkit.exercises.core import run_code

    ns = run_code(NOTEBOOK, f"def sigmoid_by_hand(z):\n    {body}\n")
    found = mistakes.calls("sigmoid", "expit", "Sigmoid")(
        attempt(None, None, ns, Function("sigmoid_by_hand", calls=list)))
    assert found == ({"used": used} if used else False)
