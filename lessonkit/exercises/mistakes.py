"""The mistakes learners make across the course, ready to attach to any exercise.

Each function here returns a Mistake with a detector, a message and the lesson section that
explains it; you give the `example` (wrong code for *your* exercise) so the tests can prove
the detector fires:

    mistakes.grad_multiplied(example="for _ in range(2):\\n    loss(w).backward()")

Detectors are plain functions of an Attempt (see core.py) and may be used on their own:
`Mistake(id=..., message=..., example=..., detect=mistakes.is_whole_multiple)`.
A detector may raise on odd answers (a string, None ...): that just means "not found".
"""

from __future__ import annotations

import re

import torch

from lessonkit.autograd_facts import depends_on
from lessonkit.exercises.core import Attempt, Mistake, run_code

RTOL, ATOL = 1e-4, 1e-6

# Where the course explains each mistake. Keep these in step with the notebooks' headings.
SEE_ZERO_GRAD = "07_clearing_gradients, section 'Gradients add up'"
SEE_REQUIRES_GRAD = "01_why_autograd, section 'Asking autograd'"
SEE_BROKEN_GRAPH = "08_no_grad_and_detach, section 'Leaving the graph'"
SEE_NO_GRAD_UPDATE = "06_update, section 'Updating inside torch.no_grad()'"
SEE_UPDATE_SIGN = "06_update, section 'Downhill: minus the gradient'"
SEE_BCE_MEAN = "04_loss, section 'The mean over the batch'"
SEE_BCE_ARGUMENTS = "04_loss, section 'Prediction first, target second'"
SEE_LOG_ZERO = "04_loss, section 'log(0)'"
SEE_SIGMOID = "03_forward_pass, section 'The sigmoid'"
SEE_DATA = "08_no_grad_and_detach, section '.data and .detach()'"


# ---------------------------------------------------------------- helpers


def as_tensor(x) -> torch.Tensor:
    """A detached float64 CPU copy of a tensor or number (TypeError for anything else)."""
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().to(torch.float64)
    if isinstance(x, int | float) and not isinstance(x, bool):
        return torch.tensor(float(x), dtype=torch.float64)
    raise TypeError(f"not a tensor or number: {type(x).__name__}")


def close(a, b) -> bool:
    a, b = as_tensor(a), as_tensor(b)
    return a.shape == b.shape and bool(torch.allclose(a, b, rtol=RTOL, atol=ATOL))


def pairs(attempt: Attempt):
    """(got, expected) pairs: one for a value, one per test call for a function."""
    if isinstance(attempt.expected, list):
        return list(zip(attempt.got, attempt.expected, strict=True))
    return [(attempt.got, attempt.expected)]


# ---------------------------------------------------------------- detectors


def forgot_backward(attempt: Attempt) -> bool:
    """y was computed from x (a graph leads back to it), yet x.grad is None."""
    return attempt.got is None and depends_on(attempt.ns.get("y"), attempt.value)


def is_whole_multiple(attempt: Attempt) -> dict | bool:
    """The answer is k times the expected one, for one whole k from 2 to 20."""
    ratios = {whole_ratio(got, e) for got, e in pairs(attempt)}
    if len(ratios) != 1:
        return False
    times = ratios.pop()
    return {"times": times} if times is not None and 2 <= times <= 20 else False


def whole_ratio(got, expected) -> int | None:
    """k when got == k * expected for a whole k >= 1, else None."""
    g, e = as_tensor(got), as_tensor(expected)
    if g.shape != e.shape or not bool(e.ne(0).any()):
        return None
    k = round(float((g * e).sum() / (e * e).sum()))
    return k if k >= 1 and close(g, k * e) else None


def is_sum_not_mean(attempt: Attempt) -> dict | bool:
    """A loss that is a whole multiple of the mean (the batch size; 1 for a batch of one):
    summed over the batch instead of averaged."""
    ratios = [whole_ratio(got, e) for got, e in pairs(attempt)]
    if None in ratios or max(ratios) < 2:
        return False
    return {"times": max(ratios)}


def grad_is_none_no_requires_grad(attempt: Attempt) -> bool:
    """No gradient because the tensor was made without requires_grad=True."""
    value = attempt.value
    return attempt.got is None and isinstance(value, torch.Tensor) and not value.requires_grad


def grad_is_none_graph_broken(attempt: Attempt) -> bool:
    """No gradient although the tensor requires grad: the path to it was cut."""
    value = attempt.value
    return (
        attempt.got is None
        and attempt.expected is not None
        and isinstance(value, torch.Tensor)
        and value.requires_grad
    )


def has_grad_fn(attempt: Attempt) -> dict | bool:
    """A parameter that should be a leaf came out of a recorded computation."""
    got, expected = attempt.got, attempt.expected
    if isinstance(got, torch.Tensor) and got.grad_fn is not None and expected.grad_fn is None:
        return {"grad_fn": type(got.grad_fn).__name__}
    return False


def went_uphill(attempt: Attempt) -> bool:
    """The update moved the parameter the wrong way: + lr * grad instead of - lr * grad."""
    before = as_tensor(attempt.before())
    step = as_tensor(attempt.expected) - before
    return bool(step.ne(0).any()) and close(as_tensor(attempt.got) - before, -step)


def is_sigmoid_of_expected(attempt: Attempt) -> bool:
    """The answer is sigmoid(right answer): sigmoid applied twice."""
    return all(
        close(got, torch.sigmoid(as_tensor(e))) and not close(e, torch.sigmoid(as_tensor(e)))
        for got, e in pairs(attempt)
    )


def has_inf_or_nan(attempt: Attempt) -> bool:
    """inf or NaN where the right answer is finite: typically log(0)."""
    return any(
        not bool(as_tensor(got).isfinite().all()) and bool(as_tensor(e).isfinite().all())
        for got, e in pairs(attempt)
    )


def code_names(code) -> set[str]:
    """Every name and attribute a function's code (and code nested in it) uses: for detectors
    such as "computed by hand, not with the built-in" (pass `function.__code__`)."""
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= code_names(const)
    return names


def as_notebook_cell(setup: str, cell: str):
    """An `example` for detectors that read the learner's cell (uses_data): run `cell` after
    `setup` and keep it in `In`, where IPython keeps the cells a learner ran."""

    def build() -> dict:
        ns = run_code(setup, cell, name="<example cell>")
        ns["In"] = ["", cell]
        return ns

    return build


def uses_data(attempt: Attempt) -> bool:
    """The learner's code reaches for `.data`.

    For a function, look at the attributes its code uses. For a value, look at the latest
    notebook cell (IPython keeps them in `In`) that mentions the name, other than a check.
    """
    value = attempt.value
    if callable(value) and hasattr(value, "__code__"):
        return "data" in code_names(value.__code__)
    cells = [
        cell
        for cell in attempt.ns.get("In", [])
        if isinstance(cell, str)
        and re.search(rf"\b{re.escape(attempt.name)}\b", cell)
        and ".check(" not in cell
    ]
    return bool(cells) and ".data" in cells[-1]


# ---------------------------------------------------------------- ready-made mistakes


def grad_multiplied(*, example, see=SEE_ZERO_GRAD, id="grad_multiplied") -> Mistake:
    return Mistake(
        id=id,
        message=(
            "Your gradient is {times} times the right one. Gradients add up in .grad: "
            ".backward() ran {times} times without zeroing .grad in between "
            "(running a cell again does that too)."
        ),
        example=example,
        detect=is_whole_multiple,
        see=see,
    )


def forgot_requires_grad(*, example, see=SEE_REQUIRES_GRAD, id="forgot_requires_grad") -> Mistake:
    return Mistake(
        id=id,
        message=(
            "The .grad is None because the tensor does not require grad: create it with "
            "requires_grad=True so that autograd records what is computed from it."
        ),
        example=example,
        detect=grad_is_none_no_requires_grad,
        see=see,
    )


def graph_broken(*, example, see=SEE_BROKEN_GRAPH, id="graph_broken") -> Mistake:
    return Mistake(
        id=id,
        message=(
            "The .grad is None although the tensor requires grad: the path from it to the "
            "result was cut. .item(), .detach(), .data, float() or numpy leave the graph; "
            "keep the computation in tensors."
        ),
        example=example,
        detect=grad_is_none_graph_broken,
        see=see,
    )


def updated_outside_no_grad(*, example, see=SEE_NO_GRAD_UPDATE, id="updated_outside_no_grad"):
    return Mistake(
        id=id,
        message=(
            "The parameter has grad_fn={grad_fn}: autograd recorded the update, so it is no "
            "longer a leaf and will not get a .grad. Update in place inside "
            "`with torch.no_grad():`."
        ),
        example=example,
        detect=has_grad_fn,
        see=see,
    )


def update_went_uphill(*, example, see=SEE_UPDATE_SIGN, id="update_went_uphill") -> Mistake:
    return Mistake(
        id=id,
        message=(
            "The update went uphill: the gradient points to where the loss grows, so subtract "
            "it: w - lr * w.grad."
        ),
        example=example,
        detect=went_uphill,
        see=see,
    )


def bce_sum_not_mean(*, example, see=SEE_BCE_MEAN, id="bce_sum_not_mean") -> Mistake:
    return Mistake(
        id=id,
        message=(
            "Your loss is {times} times too big: it sums over the batch. Binary cross-entropy "
            "takes the mean, so that the loss does not grow with the batch size."
        ),
        example=example,
        detect=is_sum_not_mean,
        see=see,
    )


def bce_arguments_swapped(*, example, see=SEE_BCE_ARGUMENTS, id="bce_arguments_swapped"):
    """Recognised by example: the learner's answer equals the swapped-argument one."""
    return Mistake(
        id=id,
        message=(
            "The prediction and the target are swapped: the log is taken of the prediction "
            "p, never of the 0/1 target y: -(y * log(p) + (1 - y) * log(1 - p))."
        ),
        example=example,
        see=see,
    )


def sigmoid_twice(*, example, see=SEE_SIGMOID, id="sigmoid_twice") -> Mistake:
    return Mistake(
        id=id,
        message="The sigmoid is applied twice: apply it once, to z = w * x + b.",
        example=example,
        detect=is_sigmoid_of_expected,
        see=see,
    )


def log_of_zero(*, example, see=SEE_LOG_ZERO, id="log_of_zero") -> Mistake:
    return Mistake(
        id=id,
        message=(
            "Your answer has inf or NaN: log(0) is -inf (and 0 * -inf is NaN). Keep p away "
            "from 0 and 1, e.g. p.clamp(1e-7, 1 - 1e-7), or use "
            "torch.nn.functional.binary_cross_entropy."
        ),
        example=example,
        detect=has_inf_or_nan,
        see=see,
    )


def used_data(*, example, see=SEE_DATA, id="used_data") -> Mistake:
    return Mistake(
        id=id,
        message=(
            "Your code uses .data. It hides changes from autograd, which can give silently "
            "wrong gradients; use `with torch.no_grad():` (to update) or .detach() (to read)."
        ),
        example=example,
        detect=uses_data,
        see=see,
    )
