"""Exercises for 08_no_grad_and_detach: freeze a parameter, evaluate without a graph.

    from lessonkit.exercises import lesson_08 as ex
    ex.q1.check()      ex.q1.hint()      ex.q1.solution()

q1 reads two parameters that the setup already makes, so it uses a small answer kind of its
own (below): both .grad still None and b still requiring grad means "not attempted".
"""

import dataclasses
import re

import torch

from lessonkit.autograd_facts import read_grad
from lessonkit.exercises import mistakes
from lessonkit.exercises.answers import NotAttempted, Value, read_tensors
from lessonkit.exercises.compare import compare
from lessonkit.exercises.core import Exercise, Mistake

LESSON = "08_no_grad_and_detach"

SEE_FREEZE = "08_no_grad_and_detach, section 'Freezing a parameter: requires_grad_(False)'"
SEE_NO_GRAD = "08_no_grad_and_detach, section 'Evaluating: torch.no_grad()'"

# ---------------------------------------------------------------- q1: freeze a parameter

SETUP_Q1 = """
import torch
import torch.nn.functional as F
x = torch.tensor(2.0)
y = torch.tensor(1.0)


def loss_fn(w, b):
    return F.binary_cross_entropy(torch.sigmoid(w * x + b), y)


w = torch.tensor(0.5, requires_grad=True)
b = torch.tensor(-0.25, requires_grad=True)
"""



class FrozenAndTrained:
    """The answer: (w.grad, b.grad, b.requires_grad), read from the parameters w and b.

    The setup makes w and b, so a missing name cannot mean "not attempted" here: both
    gradients still None while b still requires grad does.
    """

    def __init__(self, trained="w", frozen="b"):
        self.trained, self.frozen = trained, frozen
        self.names = (trained, frozen)

    def take(self, ns):
        values = read_tensors(ns, self.names)
        w, b = values[self.trained], values[self.frozen]
        got = (read_grad(w), read_grad(b), bool(b.requires_grad))
        if got[0] is None and got[1] is None and b.requires_grad and w.requires_grad:
            raise NotAttempted(
                f"`{self.frozen}` still requires grad and no gradient has arrived yet: freeze "
                f"`{self.frozen}`, compute the loss and call backward."
            )
        return got

    def differ(self, got, expected):
        w, b = self.trained, self.frozen
        grad_w, grad_b, b_requires_grad = got
        if b_requires_grad:
            return f"`{b}` still requires grad: freeze it with {b}.requires_grad_(False)."
        if grad_b is not None:
            return f"`{b}.grad` is filled, but a frozen parameter should get no gradient."
        if grad_w is None:
            return (
                f"`{w}.grad` is None: compute the loss from {w} and {b}, then call loss.backward()."
            )
        found = compare(grad_w, expected[0])
        return f"`{w}.grad`: {found}" if found else None


def _latest_cell_with(name: str, ns) -> str:
    """The latest notebook cell (IPython keeps them in `In`) that uses `name`, not a check."""
    cells = [
        cell
        for cell in ns.get("In", [])
        if isinstance(cell, str)
        and re.search(rf"\b{re.escape(name)}\b", cell)
        and ".check(" not in cell
    ]
    return cells[-1] if cells else ""


FREEZE = re.compile(r"requires_grad_\(\s*False\s*\)|requires_grad\s*=\s*False")


def _froze_after_forward(attempt) -> bool:
    """Right numbers (backward drops a gradient for a leaf that stopped requiring grad),
    but the cell computes the loss before it freezes b."""
    cell = _latest_cell_with(attempt.exercise.answer.frozen, attempt.ns)
    freeze = FREEZE.search(cell)
    forward = cell.find("loss_fn(")
    return freeze is not None and 0 <= forward < freeze.start()



def _b_never_frozen(attempt) -> bool:
    _, grad_b, b_requires_grad = attempt.got
    return b_requires_grad and grad_b is not None


def _detached_not_frozen(attempt) -> bool:
    grad_w, grad_b, b_requires_grad = attempt.got
    return (
        b_requires_grad
        and grad_b is None
        and grad_w is not None
        and mistakes.close(grad_w, attempt.expected[0])
    )


def _wrong_tensor_cut(attempt) -> bool:
    grad_w, grad_b, _ = attempt.got
    return grad_w is None and grad_b is not None


def _w_grad_multiple(attempt) -> dict | bool:
    grad_w, grad_b, b_requires_grad = attempt.got
    if grad_w is None or grad_b is not None or b_requires_grad:
        return False
    times = mistakes.whole_ratio(grad_w, attempt.expected[0])
    return {"times": times} if times is not None and 2 <= times <= 20 else False


q1 = Exercise(
    id="08.q1",
    question=(
        "Freeze `b`, so that training changes only `w`: switch off its requires_grad, then "
        "compute `loss = loss_fn(w, b)` and call backward. The check reads both: `w.grad` "
        "must hold the gradient, `b` must no longer require grad and `b.grad` must stay None."
    ),
    setup=SETUP_Q1,
    placeholder="# freeze b, then compute the loss and call backward",
    solution="""
b.requires_grad_(False)
loss = loss_fn(w, b)
loss.backward()
""",
    answer=FrozenAndTrained("w", "b"),
    hints=[
        "b.requires_grad_(False) switches tracking off for b itself (the trailing _ means: "
        "in place, on b).",
        "Freeze first, then do the forward pass: autograd decides what to record while it "
        "computes the loss.",
        "The whole answer is three lines: b.requires_grad_(False), loss = loss_fn(w, b), "
        "loss.backward().",
    ],
    mistakes=[
        Mistake(
            id="froze_after_forward",
            message=(
                "Your cell computes the loss before it freezes b. b.grad stays None anyway "
                "(backward() drops the gradient of a leaf that no longer requires grad), but "
                "the graph was recorded with b in it, so backward() still computed b's "
                "gradient, only to throw it away. Freeze first, then compute the loss."
            ),
            example=mistakes.as_notebook_cell(
                SETUP_Q1, "loss = loss_fn(w, b)\nb.requires_grad_(False)\nloss.backward()"
            ),
            detect=_froze_after_forward,
            see=SEE_FREEZE,
        ),
        Mistake(
            id="wrong_tensor_cut",
            message=(
                "The wrong tensor was cut off: w got no gradient and b got one. Freeze b and "
                "leave w trainable."
            ),
            example="""
loss = loss_fn(w.detach(), b)
loss.backward()
""",
            detect=_wrong_tensor_cut,
        ),
        Mistake(
            id="b_never_frozen",
            message=(
                "b still requires grad and got a gradient: nothing froze it. (b.detach() on "
                "its own does not: it returns a new tensor and leaves b as it was.) Call "
                "b.requires_grad_(False) before the forward pass."
            ),
            example="""
b.detach()
loss = loss_fn(w, b)
loss.backward()
""",
            detect=_b_never_frozen,
            see=SEE_FREEZE,
        ),
        Mistake(
            id="detached_not_frozen",
            message=(
                "b got no gradient this time, because the loss used b.detach(). But b itself "
                "still requires grad: the next forward pass that uses b trains it again. "
                "Freeze b itself, for good: b.requires_grad_(False)."
            ),
            example="""
loss = loss_fn(w, b.detach())
loss.backward()
""",
            detect=_detached_not_frozen,
            see=SEE_FREEZE,
        ),
        dataclasses.replace(
            mistakes.grad_multiplied(
                example="""
b.requires_grad_(False)
for _ in range(2):
    loss = loss_fn(w, b)
    loss.backward()
""",
            ),
            detect=_w_grad_multiple,
        ),
    ],
)

# ---------------------------------------------------------------- q2: evaluate without a graph

SETUP_Q2 = """
import torch
g = torch.Generator().manual_seed(8)
X_test = torch.cat([torch.randn(10, 2, generator=g) + 1.0, torch.randn(10, 2, generator=g) - 1.0])
y_test = torch.cat([torch.ones(10), torch.zeros(10)])
w = torch.tensor([1.49, 2.61], requires_grad=True)
b = torch.tensor(0.34, requires_grad=True)
"""


def _has_grad_fn(attempt) -> dict | bool:
    got = attempt.got
    if isinstance(got, torch.Tensor) and got.grad_fn is not None:
        return {"grad_fn": type(got.grad_fn).__name__}
    return False


def _item_per_element(attempt) -> bool:
    return ".item()" in _latest_cell_with(attempt.name, attempt.ns) and mistakes.close(
        attempt.got, attempt.expected
    )


q2 = Exercise(
    id="08.q2",
    question=(
        "Evaluate the trained model on the test set without building a graph: `probs`, the "
        "predicted probabilities sigmoid(X_test @ w + b), one per test example. The check "
        "compares the numbers, and that `probs` has no grad_fn and does not require grad."
    ),
    setup=SETUP_Q2,
    placeholder="probs = ...",
    solution="""
with torch.no_grad():
    probs = torch.sigmoid(X_test @ w + b)
""",
    answer=Value("probs", autograd=True),
    hints=[
        "The forward pass is the same as in training: torch.sigmoid(X_test @ w + b).",
        "Compute it inside a `with torch.no_grad():` block, so that autograd records nothing.",
    ],
    mistakes=[
        Mistake(
            id="forgot_no_grad",
            message=(
                "`probs` has grad_fn={grad_fn}: autograd recorded the evaluation and kept a "
                "graph you will never call backward on. Compute it inside "
                "`with torch.no_grad():`."
            ),
            example="probs = torch.sigmoid(X_test @ w + b)",
            detect=_has_grad_fn,
            see=SEE_NO_GRAD,
        ),
        mistakes.used_data(
            example=mistakes.as_notebook_cell(
                SETUP_Q2, "probs = torch.sigmoid(X_test @ w.data + b.data)"
            ),
        ),
        Mistake(
            id="item_per_element",
            message=(
                "The numbers are right, but taken one by one with .item() in a Python loop: "
                "slow, and it throws the batch away. Compute all of them at once, as one "
                "tensor operation, inside `with torch.no_grad():`."
            ),
            example=mistakes.as_notebook_cell(
                SETUP_Q2, "probs = torch.tensor([torch.sigmoid(x @ w + b).item() for x in X_test])"
            ),
            detect=_item_per_element,
        ),
        Mistake(
            id="predictions_not_probabilities",
            message=(
                "Those are 0/1 predictions; the task asks for the probabilities themselves, "
                "sigmoid(X_test @ w + b), before any threshold."
            ),
            example="""
with torch.no_grad():
    probs = (torch.sigmoid(X_test @ w + b) > 0.5).float()
""",
        ),
        Mistake(
            id="forgot_sigmoid",
            message=(
                "Those are the logits z = X_test @ w + b; a probability is sigmoid(z), "
                "between 0 and 1."
            ),
            example="""
with torch.no_grad():
    probs = X_test @ w + b
""",
            see=mistakes.SEE_SIGMOID,
        ),
    ],
)
