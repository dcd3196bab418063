"""Exercises for 04_loss: binary cross-entropy by hand, then from logits in the stable form.

    from lessonkit.exercises import lesson_04 as ex
    ex.q1.check()      ex.q1.hint()      ex.q1.hint(2)      ex.q1.solution()

Everything here is data: strings of code, and small functions. Nothing is computed at
import time; the reference answers are built at the first check.
"""

import dataclasses

import torch
import torch.nn.functional as F

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Call, Exercise, Function, Mistake

LESSON = "04_loss"

SEE_LOGITS = "04_loss, section 'Logits: the safe way'"

# What the notebook has run before q1 (the same code as its cells).
SETUP = """
import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F

import lessonkit

torch.manual_seed(0)
X = torch.tensor([[2.0, 7.0, 1.0],
                  [0.5, 5.0, 3.0],
                  [4.0, 8.0, 0.0],
                  [1.0, 4.0, 2.0],
                  [3.0, 6.0, 1.0]])
w = torch.tensor([0.8, 0.3, -0.5])
b = torch.tensor(-2.0)
y = torch.tensor([1.0, 0.0, 1.0, 1.0, 0.0])
p = torch.sigmoid(X @ w + b)
losses = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))
loss = losses.mean()
loss_pt = F.binary_cross_entropy(p, y)


def show(t):
    return "  ".join(f"{v + 0.0:9.4f}" for v in t.tolist())


z_sure = torch.tensor([40.0, -40.0])
y_sure = torch.tensor([1.0, 0.0])
p_sure = torch.sigmoid(z_sure)
"""

# q2 comes after section 'Logits: the safe way': four students' logits, then the batch's
# loss from its logits, with w and b as parameters.
SETUP_LOGITS = (
    SETUP
    + """
z4 = torch.tensor([40.0, 40.0, -40.0, 2.0])
y4 = torch.tensor([1.0, 0.0, 0.0, 1.0])
p4 = torch.sigmoid(z4)
loss_fn = nn.BCEWithLogitsLoss()
w = torch.tensor([0.8, 0.3, -0.5], requires_grad=True)
b = torch.tensor(-2.0, requires_grad=True)
z = X @ w + b
loss = F.binary_cross_entropy_with_logits(z, y)
"""
)

PYTORCH_LOSSES = {
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "BCELoss",
    "BCEWithLogitsLoss",
}



def _calls_pytorch_loss(attempt) -> dict | bool:
    used = sorted(PYTORCH_LOSSES & mistakes.code_names(attempt.value.__code__))
    return {"used": used[0]} if used else False


def _matches_one_of(*variants):
    """A detector: the learner's outputs equal those of one of `variants` (functions of the
    same arguments), on the exercise's own test calls. For wrong answers that come in
    several spellings (a clamp of 1e-7, PyTorch's clamp of the log at -100, no clamp)."""

    def detect(attempt) -> bool:
        calls = attempt.exercise.answer.calls()
        for variant in variants:
            wrong = [variant(*c.args, **c.kwargs) for c in calls]
            if attempt.differs_from(wrong) is None:
                return True
        return False

    return detect


def _bce_naive(p, y):
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


def _bce_clamped(p, y):
    return _bce_naive(p.clamp(1e-7, 1 - 1e-7), y)


def _per_example(attempt) -> dict | bool:
    """One loss per example where their mean was due."""
    pairs = mistakes.pairs(attempt)
    if all(got.dim() == 1 and mistakes.close(got.mean(), want) for got, want in pairs):
        return {"shape": tuple(pairs[0][0].shape)}
    return False


# ---------------------------------------------------------------- q1: BCE by hand


def _bce_calls():
    """Fresh inputs for every check. The last one has predictions of exactly 1.0 and 0.0,
    both right, as sigmoid gives for large |z| in float32: the loss there is finite."""
    g = torch.Generator().manual_seed(5)
    return [
        Call(torch.tensor([0.9, 0.2, 0.6, 0.3]), torch.tensor([1.0, 0.0, 0.0, 1.0])),
        Call(
            torch.rand(6, generator=g) * 0.98 + 0.01,
            torch.tensor([1.0, 1.0, 0.0, 1.0, 0.0, 0.0]),
        ),
        Call(torch.tensor([1.0, 0.0, 0.7]), torch.tensor([1.0, 0.0, 1.0])),
    ]


# Swapped arguments come in several spellings: no clamp (the example), a clamp of the 0/1
# targets, or F.binary_cross_entropy(y, p), whose log PyTorch clamps at -100. Recognise all.
_swapped = dataclasses.replace(
    mistakes.bce_arguments_swapped(
        example="""
def bce(p, y):
    return -(p * torch.log(y) + (1 - p) * torch.log(1 - y)).mean()
""",
    ),
    detect=_matches_one_of(
        lambda p, y: _bce_naive(y, p),
        lambda p, y: _bce_clamped(y, p),
        lambda p, y: F.binary_cross_entropy(y, p),
    ),
)

q1 = Exercise(
    id="04.q1",
    question=(
        "Write `bce(p, y)` by hand: the mean binary cross-entropy of predicted probabilities "
        "p and 0/1 targets y (two tensors of shape (N,)), -(y * log(p) + (1 - y) * log(1 - p)) "
        "averaged over the batch. Use torch.log, not PyTorch's loss functions. It must match "
        "F.binary_cross_entropy(p, y), also when some p are exactly 0.0 or 1.0 (and right): "
        "there the loss is finite."
    ),
    setup=SETUP,
    placeholder="def bce(p, y):\n    ...",
    solution="""
def bce(p, y):
    p = p.clamp(1e-7, 1 - 1e-7)    # keep log away from log(0)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
""",
    answer=Function("bce", calls=_bce_calls),
    hints=[
        "One loss per example: -(y * torch.log(p) + (1 - y) * torch.log(1 - p)); then one "
        "number for the batch with .mean().",
        "A p of exactly 1.0 gives torch.log(1 - p) = -inf, and 0 * -inf is NaN. Clamp p "
        "first: p = p.clamp(1e-7, 1 - 1e-7).",
        "p = p.clamp(1e-7, 1 - 1e-7), then "
        "return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()",
    ],
    mistakes=[
        _swapped,
        Mistake(
            id="used_pytorch_loss",
            message=(
                "Your function calls PyTorch's `{used}`. That is what we compare with; this "
                "exercise asks for the formula by hand, with torch.log."
            ),
            example="""
def bce(p, y):
    return F.binary_cross_entropy(p, y)
""",
            detect=_calls_pytorch_loss,
        ),
        mistakes.log_of_zero(
            example="""
def bce(p, y):
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
""",
        ),
        mistakes.bce_sum_not_mean(
            example="""
def bce(p, y):
    p = p.clamp(1e-7, 1 - 1e-7)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).sum()
""",
        ),
        Mistake(
            id="forgot_the_mean",
            message=(
                "You returned one loss per example, shape {shape}: the loss of a batch is one "
                "number, their mean. End with .mean()."
            ),
            example="""
def bce(p, y):
    p = p.clamp(1e-7, 1 - 1e-7)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p))
""",
            detect=_per_example,
            see=mistakes.SEE_BCE_MEAN,
        ),
        Mistake(
            id="missing_minus",
            message=(
                "Your loss is negative: the minus sign in front is missing. log of a "
                "probability is never positive, so -(y * log(p) + (1 - y) * log(1 - p)) is "
                "never negative."
            ),
            example="""
def bce(p, y):
    p = p.clamp(1e-7, 1 - 1e-7)
    return (y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
""",
            see="04_loss, section 'How wrong is one prediction?'",
        ),
        Mistake(
            id="only_the_y1_term",
            message=(
                "Only the y = 1 term is there: examples with y = 0 cost nothing. Add their "
                "term, (1 - y) * log(1 - p), inside the brackets."
            ),
            example="""
def bce(p, y):
    p = p.clamp(1e-7, 1 - 1e-7)
    return -(y * torch.log(p)).mean()
""",
            see="04_loss, section 'How wrong is one prediction?'",
        ),
    ],
)
# ---------------------------------------------------------------- q2: BCE from logits


def _logits_calls():
    """Fresh inputs for every check; the second has logits far from 0, where sigmoid rounds
    to exactly 1.0 (and a loss computed through probabilities goes wrong)."""
    g = torch.Generator().manual_seed(6)
    return [
        Call(torch.tensor([2.0, -1.0, 0.5, -3.0]), torch.tensor([1.0, 0.0, 0.0, 1.0])),
        Call(
            torch.tensor([40.0, -40.0, 60.0, -60.0, 100.0, 0.0]),
            torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0, 1.0]),
        ),
        Call(torch.randn(6, generator=g) * 3, torch.tensor([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])),
    ]


def _through_sigmoid_clamped(z, y):
    return _bce_clamped(torch.sigmoid(z), y)


def _through_sigmoid_pytorch(z, y):
    return F.binary_cross_entropy(torch.sigmoid(z), y)


q2 = Exercise(
    id="04.q2",
    question=(
        "Write `bce_with_logits(z, y)` by hand in the stable form: the mean over the batch of "
        "max(z, 0) - y * z + log(1 + e^(-|z|)), for logits z and 0/1 targets y of shape (N,). "
        "Use torch.clamp (or .clamp), .abs(), torch.exp and torch.log1p, not PyTorch's loss "
        "functions. It must match F.binary_cross_entropy_with_logits(z, y), also for logits "
        "like 60 or 100."
    ),
    setup=SETUP_LOGITS,
    placeholder="def bce_with_logits(z, y):\n    ...",
    solution="""
def bce_with_logits(z, y):
    losses = z.clamp(min=0) - y * z + torch.log1p(torch.exp(-z.abs()))
    return losses.mean()
""",
    answer=Function("bce_with_logits", calls=_logits_calls),
    hints=[
        "Work from z directly: no sigmoid anywhere. max(z, 0) is z.clamp(min=0), |z| is "
        "z.abs(), and torch.log1p(u) is log(1 + u).",
        "One loss per example: z.clamp(min=0) - y * z + torch.log1p(torch.exp(-z.abs())). "
        "Then .mean().",
    ],
    mistakes=[
        Mistake(
            id="sigmoid_before_logits_loss",
            message=(
                "The sigmoid is applied to z first, and then the logits formula, which "
                "contains the sigmoid already: the sigmoid runs twice. Give the formula the "
                "logits z themselves."
            ),
            example="""
def bce_with_logits(z, y):
    z = torch.sigmoid(z)
    return (z.clamp(min=0) - y * z + torch.log1p(torch.exp(-z.abs()))).mean()
""",
            see=SEE_LOGITS,
        ),
        Mistake(
            id="inf_or_nan",
            message=(
                "Your answer has inf or NaN for large logits. Through probabilities, "
                "sigmoid(z) rounds to 1.0 and log(1 - p) = log(0) = -inf; and torch.exp(z) "
                "overflows to inf for z above about 88. The stable form avoids both: "
                "max(z, 0) - y * z + log(1 + e^(-|z|)), where e^(-|z|) is never above 1."
            ),
            detect=mistakes.has_inf_or_nan,
            see=mistakes.SEE_LOG_ZERO,
            example="""
def bce_with_logits(z, y):
    p = torch.sigmoid(z)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
""",
        ),
        Mistake(
            id="through_probabilities",
            message=(
                "Your loss goes through p = sigmoid(z) and then the log. For a large z, p "
                "rounds to exactly 1.0 and the loss comes out wrong: a clamp or PyTorch's "
                "-100 cut-off gives a finite number, but not the true one (60 for z = 60, "
                "y = 0). Work from z directly, with max(z, 0) - y * z + log(1 + e^(-|z|))."
            ),
            example="""
def bce_with_logits(z, y):
    p = torch.sigmoid(z).clamp(1e-7, 1 - 1e-7)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
""",
            detect=_matches_one_of(_through_sigmoid_clamped, _through_sigmoid_pytorch),
            see=SEE_LOGITS,
        ),
        Mistake(
            id="used_pytorch_loss",
            message=(
                "Your function calls PyTorch's `{used}`. That is what we compare with; this "
                "exercise asks for the stable formula by hand."
            ),
            example="""
def bce_with_logits(z, y):
    return F.binary_cross_entropy_with_logits(z, y)
""",
            detect=_calls_pytorch_loss,
        ),
        mistakes.bce_sum_not_mean(
            example="""
def bce_with_logits(z, y):
    return (z.clamp(min=0) - y * z + torch.log1p(torch.exp(-z.abs()))).sum()
""",
        ),
        Mistake(
            id="plus_y_z",
            message=(
                "The sign of the y * z term is flipped: the formula subtracts it, "
                "max(z, 0) - y * z + log(1 + e^(-|z|))."
            ),
            example="""
def bce_with_logits(z, y):
    return (z.clamp(min=0) + y * z + torch.log1p(torch.exp(-z.abs()))).mean()
""",
            see=SEE_LOGITS,
        ),
    ],
)
