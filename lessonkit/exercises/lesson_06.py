"""Exercises for 06_update: one gradient-descent step under torch.no_grad(), then a bug hunt.

q1 reads `w` and `b`, which the setup makes and the learner changes in place (InPlace: both
still at their starting values means "not attempted"). q2 hands out a loop with a bug
(`train_buggy`) and calls the learner's corrected `train`.
"""

import torch

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Call, Function, InPlace, Lesson, Mistake, edit

SETUP_Q1 = """
import torch
import torch.nn.functional as F
X4 = torch.tensor([[1.0, 2.0], [-1.0, 0.5], [0.5, -1.5], [2.0, 1.0]])
y4 = torch.tensor([1.0, 0.0, 0.0, 1.0])
w = torch.tensor([0.2, -0.4], requires_grad=True)
b = torch.tensor(0.1, requires_grad=True)
lr = 0.5
p = torch.sigmoid(X4 @ w + b)
loss = F.binary_cross_entropy(p, y4)
loss.backward()
"""
lesson = Lesson("06_update", setup=SETUP_Q1)

q1 = lesson.exercise(
    "q1",
    question=(
        "Take one gradient-descent step on `w` and `b` (learning rate `lr`), in place and "
        "without autograd recording it, then clear both gradients. The check reads `w` and "
        "`b` (their values, that they are still leaves, and their .grad)."
    ),
    placeholder="# update w and b here (in place, not recorded), then clear their gradients",
    solution="""
with torch.no_grad():
    w -= lr * w.grad
    b -= lr * b.grad
w.grad.zero_()
b.grad.zero_()
""",
    answer=InPlace("w", "b", autograd=True, unchanged="`w` and `b` still hold their starting "
                   "values: write the update and run its cell."),
    hints=[
        "The step is new value = old value - lr * gradient, for w and for b.",
        "Write it in place (w -= ...) inside a `with torch.no_grad():` block, so that autograd "
        "does not record it and w stays the same leaf tensor.",
        "After the block, clear the gradients with w.grad.zero_() and b.grad.zero_(): the "
        "next backward() would add to them otherwise.",
    ],
    mistakes=[
        mistakes.used_data(mistakes.as_notebook_cell(SETUP_Q1, "w.data -= lr * w.grad\n"
                           "b.data -= lr * b.grad\nw.grad.zero_()\nb.grad.zero_()\n")),
        mistakes.updated_outside_no_grad("w = w - lr * w.grad\nb = b - lr * b.grad"),
        mistakes.update_went_uphill(edit("-=", "+=")),
        Mistake("forgot_learning_rate", edit("lr * ", ""),
                "Your step is the whole gradient: multiply it by the learning rate, "
                "w -= lr * w.grad, so that each step is a small one.",
                detect=mistakes.step_divided_by("lr")),
        Mistake("b_not_updated", edit("    b -= lr * b.grad\n", ""),
                "`w` is right, but `b` has not moved: b is a parameter too, update it.",
                detect=mistakes.other_unchanged("b")),
        Mistake("b_wrong", edit("lr * b.grad", "lr * w.grad.mean()"),
                "`w` is right, but `b` is not: {difference}",
                detect=mistakes.other_differs("b", autograd=True)),
        Mistake("forgot_zero_grad", edit("w.grad.zero_()\nb.grad.zero_()\n", ""),
                "The step is right, but the gradients are still in w.grad and b.grad. The next "
                "backward() adds to them, so clear them now: w.grad.zero_() and b.grad.zero_().",
                detect=mistakes.grads_left("w", "b"), see=mistakes.SEE_ZERO_GRAD),
    ],
)


def q2_calls():
    """Fresh data for every check: the lesson's data set, and a small one of our own."""
    g = torch.Generator().manual_seed(6)
    n = 50
    X = torch.cat([torch.randn(n, 2, generator=g) + 1.0, torch.randn(n, 2, generator=g) - 1.0])
    y = torch.cat([torch.ones(n), torch.zeros(n)])
    X4 = torch.tensor([[1.0, 2.0], [-1.0, 0.5], [0.5, -1.5], [2.0, 1.0]])
    y4 = torch.tensor([1.0, 0.0, 0.0, 1.0])
    return [Call(X, y, lr=1.0, steps=20), Call(X4, y4, lr=0.5, steps=10)]


# How learners make w and b: from zero, or not.
ZEROS = ("zeros", "zeros_like")
NOT_ZEROS = ("ones", "ones_like", "rand", "randn", "rand_like", "randn_like", "full", "empty")
TRAIN = """
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)           # 1. forward
        loss = F.binary_cross_entropy(p, y)    # 2. loss
        loss.backward()                        # 3. backward
        for param in (w, b):                   # 4. update: the step, then clear the gradient
            with torch.no_grad():
                param -= lr * param.grad
            param.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
"""
# The loop the notebook hands out: it runs, but clears each gradient before the step that
# uses it, so every step is lr * 0 and the loss never moves.
TRAIN_BUGGY = edit(
    "def train(", "def train_buggy(",
    "# 4. update: the step, then clear the gradient\n"
    "            with torch.no_grad():\n                param -= lr * param.grad\n"
    "            param.grad.zero_()",
    "# 4. update, one parameter at a time\n            param.grad.zero_()\n"
    "            with torch.no_grad():\n                param -= lr * param.grad",
).applied_to(TRAIN)
# A loop that clears neither gradient, or only one of them.
UNCLEARED = (
    TRAIN.replace("            param.grad.zero_()\n", ""),
    TRAIN.replace("            param.grad.zero_()\n",
                  "            if param is w:\n                param.grad.zero_()\n"),
    TRAIN.replace("            param.grad.zero_()\n",
                  "            if param is b:\n                param.grad.zero_()\n"),
)

q2 = lesson.exercise(
    "q2",
    question=(
        "`train_buggy(X, y, lr, steps)` runs without an error, but its loss never moves: it "
        "has one bug. Find it, and write the corrected loop as `train(X, y, lr, steps)`: the "
        "same start (w = zeros(2), b = 0), the same four steps (forward, loss, backward, "
        "update), each step's loss recorded before its update, and the history returned as "
        "a tensor. The check runs it on fresh data and compares with ours."
    ),
    setup="""
import torch
import torch.nn.functional as F
g = torch.Generator().manual_seed(6)
n = 50
X = torch.cat([torch.randn(n, 2, generator=g) + 1.0, torch.randn(n, 2, generator=g) - 1.0])
y = torch.cat([torch.ones(n), torch.zeros(n)])
""" + TRAIN_BUGGY,
    placeholder="def train(X, y, lr, steps):\n    ...",
    solution=TRAIN,
    answer=Function("train", calls=q2_calls),
    hints=[
        "Print w.grad inside the update, just before the step: what does the step subtract?",
        "The update is two things in an order: the step `param -= lr * param.grad`, then "
        "clearing the gradient. Which comes first in train_buggy?",
        "Move `param.grad.zero_()` after the step (out of the `with` block or not, either "
        "works): clear a gradient once it has been used, before the next backward().",
    ],
    mistakes=[
        Mistake("cleared_before_step",
                edit("            with torch.no_grad():\n                param -= lr * param.grad\n"
                     "            param.grad.zero_()\n",
                     "            param.grad.zero_()\n            with torch.no_grad():\n"
                     "                param -= lr * param.grad\n"),
                "Your loss still never moves: it is the same at every step, so every step "
                "changed nothing. Look at what the step subtracts at the moment it runs: what "
                "does param.grad hold just then?",
                # every loss the same as the first one: no step moved w or b
                detect=lambda attempt: all(
                    got.numel() > 1 and bool((got == got[0]).all())
                    for got, _ in mistakes.pairs(attempt))),
        mistakes.used_data(edit("param -= lr", "param.data -= lr")),
        Mistake("loss_after_update",
                edit("loss.item()", "F.binary_cross_entropy(torch.sigmoid(X @ w + b), y).item()"),
                "Your history is one step ahead of ours: record the loss computed in the "
                "forward step, before the update, and not a loss computed again afterwards."),
        Mistake("not_from_zero", edit("torch.zeros(2,", "torch.ones(2,"),
                "The first loss in your history is not the loss at w = 0, b = 0 (for any data "
                "that is log 2 = 0.6931). Start w and b at zero, as train_buggy does, so that "
                "your run can be compared with ours.",
                # the first loss is wrong, and w or b is made some other way than with zeros (a
                # sum loss or a second sigmoid also make the first loss wrong, from zero)
                detect=lambda attempt: mistakes.first_value_differs(attempt) and bool(
                    mistakes.calls(*NOT_ZEROS)(attempt) or not mistakes.calls(*ZEROS)(attempt))),
        # the right first loss, then higher at the first step (even when the history later
        # runs into inf or NaN)
        mistakes.update_went_uphill(edit("-=", "+="), detect=lambda attempt: all(
            mistakes.close(got[0], want[0]) and bool(got[1] > got[0])
            for got, want in mistakes.pairs(attempt))),
        Mistake("forgot_zero_grad", edit("            param.grad.zero_()\n", ""),
                "Your losses match ours only at the start: the gradients are not all cleared, "
                "so each backward() adds to the last ones and the steps grow. The update ends "
                "by clearing each gradient it used: param.grad.zero_() after the step.",
                see=mistakes.SEE_ZERO_GRAD,
                # the history of a loop that clears neither gradient, or only one of them,
                # wherever the learner's is finite (a loss written by hand runs into inf or NaN)
                detect=lambda attempt: any(all(
                    bool(got[:3].isfinite().all()) and got.shape == bad.shape
                    and mistakes.close(got[got.isfinite()], bad[got.isfinite()])
                    for got, bad in zip(attempt.got, attempt.answer_of(code), strict=True))
                    for code in UNCLEARED)),
    ],
)
