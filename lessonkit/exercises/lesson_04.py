"""Exercises for 04_loss: binary cross-entropy by hand, then from logits in the stable form."""

import torch

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Call, Function, Lesson, Mistake, edit
from lessonkit.exercises.lesson_03 import BATCH

# What the notebook has run before q1 (the same code as its cells): lesson 03's batch, its
# targets and losses, and the sure predictions of section 'log(0)'.
SETUP = """
import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F

import lessonkit
""" + BATCH + """y = torch.tensor([1.0, 0.0, 1.0, 1.0, 0.0])
p = torch.sigmoid(X @ w + b)
losses = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))
loss = losses.mean()
loss_pt = F.binary_cross_entropy(p, y)
loss_fn = nn.BCELoss()


def show(t):
    return "  ".join(f"{v + 0.0:9.4f}" for v in t.tolist())


z_sure = torch.tensor([40.0, -40.0])
y_sure = torch.tensor([1.0, 0.0])
p_sure = torch.sigmoid(z_sure)
"""
# q2 comes after section 'Logits: the safe way': four students' logits, then the batch's
# loss from its logits, with w and b as parameters.
SETUP_LOGITS = SETUP + """
z4 = torch.tensor([40.0, 40.0, -40.0, 2.0])
y4 = torch.tensor([1.0, 0.0, 0.0, 1.0])
p4 = torch.sigmoid(z4)
loss_fn = nn.BCEWithLogitsLoss()
w = torch.tensor([0.8, 0.3, -0.5], requires_grad=True)
b = torch.tensor(-2.0, requires_grad=True)
z = X @ w + b
loss = F.binary_cross_entropy_with_logits(z, y)
"""
lesson = Lesson("04_loss", setup=SETUP)
ONE_PREDICTION = "How wrong is one prediction?"
LOGITS = "Logits: the safe way"
PYTORCH_LOSSES = ("binary_cross_entropy", "binary_cross_entropy_with_logits", "BCELoss",
                  "BCEWithLogitsLoss")
USED_PYTORCH = "Your function calls PyTorch's `{used}`. That is what we compare with; this "
FORGOT_THE_MEAN = ("You returned one loss per example, shape {shape}: the loss of a batch is one "
                   "number, their mean. End with .mean().")
MEAN = "The mean over the batch"
# Swapped arguments come in several spellings: no clamp (the example), a clamp of the 0/1
# targets, or F.binary_cross_entropy(y, p), whose log PyTorch clamps at -100. Recognise all.
SWAPPED = """
def bce(p, y):
    return -(p * torch.log(y) + (1 - p) * torch.log(1 - y)).mean()
"""
SWAPPED_CLAMPED = """
def bce(p, y):
    y = y.clamp(1e-7, 1 - 1e-7)
    return -(p * torch.log(y) + (1 - p) * torch.log(1 - y)).mean()
"""
# A loss through p = sigmoid(z): without a clamp, with one, or with PyTorch's cut-off at -100.
THROUGH_P = """
def bce_with_logits(z, y):
    p = torch.sigmoid(z)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
"""
THROUGH_P_CLAMPED = """
def bce_with_logits(z, y):
    p = torch.sigmoid(z).clamp(1e-7, 1 - 1e-7)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
"""
THROUGH_P_PYTORCH = ("def bce_with_logits(z, y):\n"
                     "    return F.binary_cross_entropy(torch.sigmoid(z), y)")

q1 = lesson.exercise(
    "q1",
    question=(
        "Write `bce(p, y)` by hand: the mean binary cross-entropy of predicted probabilities "
        "p and 0/1 targets y (two tensors of shape (N,)), -(y * log(p) + (1 - y) * log(1 - p)) "
        "averaged over the batch. Use torch.log, not PyTorch's loss functions. It must match "
        "F.binary_cross_entropy(p, y), also when some p are exactly 0.0 or 1.0 (and right): "
        "there the loss is finite."
    ),
    placeholder="def bce(p, y):\n    ...",
    solution="""
def bce(p, y):
    p = p.clamp(1e-7, 1 - 1e-7)    # keep log away from log(0)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
""",
    # The last call has predictions of exactly 1.0 and 0.0, both right, as sigmoid gives for
    # large |z| in float32: the loss there is finite (its gradient depends on the clamp).
    answer=Function("bce", calls=lambda: [
        Call(torch.tensor([0.9, 0.2, 0.6, 0.3]), torch.tensor([1.0, 0.0, 0.0, 1.0])),
        Call(torch.rand(6, generator=torch.Generator().manual_seed(5)) * 0.98 + 0.01,
             torch.tensor([1.0, 1.0, 0.0, 1.0, 0.0, 0.0])),
        Call(torch.tensor([1.0, 0.0, 0.7]), torch.tensor([1.0, 0.0, 1.0])),
    ], track=(0,), grads_on=(0, 1)),
    hints=[
        "One loss per example: -(y * torch.log(p) + (1 - y) * torch.log(1 - p)); then one "
        "number for the batch with .mean().",
        "A p of exactly 1.0 gives torch.log(1 - p) = -inf, and 0 * -inf is NaN. Clamp p "
        "first: p = p.clamp(1e-7, 1 - 1e-7).",
        "p = p.clamp(1e-7, 1 - 1e-7), then "
        "return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()",
    ],
    mistakes=[
        mistakes.bce_arguments_swapped(SWAPPED, detect=mistakes.same_as_any(
            SWAPPED, SWAPPED_CLAMPED, "def bce(p, y):\n    return F.binary_cross_entropy(y, p)")),
        Mistake("used_pytorch_loss", "def bce(p, y):\n    return F.binary_cross_entropy(p, y)",
                USED_PYTORCH + "exercise asks for the formula by hand, with torch.log.",
                detect=mistakes.calls(*PYTORCH_LOSSES)),
        mistakes.log_of_zero(edit("p.clamp(1e-7, 1 - 1e-7)", "p")),
        mistakes.bce_sum_not_mean(edit(".mean()", ".sum()")),
        Mistake("forgot_the_mean", edit(".mean()", ""), FORGOT_THE_MEAN,
                detect=mistakes.mean_is_expected, see=MEAN),
        Mistake("missing_minus", edit("-(y", "(y"),
                "Your loss is negative: the minus sign in front is missing. log of a "
                "probability is never positive, so -(y * log(p) + (1 - y) * log(1 - p)) is "
                "never negative.", see=ONE_PREDICTION),
        Mistake("only_the_y1_term", edit(" + (1 - y) * torch.log(1 - p)", ""),
                "Only the y = 1 term is there: examples with y = 0 cost nothing. Add their "
                "term, (1 - y) * log(1 - p), inside the brackets.", see=ONE_PREDICTION),
    ],
)

q2 = lesson.exercise(
    "q2",
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
    # The second call has logits far from 0, where sigmoid rounds to exactly 1.0 (and a loss
    # computed through probabilities goes wrong), and a logit of 0, where max(z, 0) has a kink.
    answer=Function("bce_with_logits", calls=lambda: [
        Call(torch.tensor([2.0, -1.0, 0.5, -3.0]), torch.tensor([1.0, 0.0, 0.0, 1.0])),
        Call(torch.tensor([40.0, -40.0, 60.0, -60.0, 100.0, 0.0]),
             torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0, 1.0])),
        Call(torch.randn(6, generator=torch.Generator().manual_seed(6)) * 3,
             torch.tensor([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])),
    ], track=(0,), grads_on=(0, 2)),
    hints=[
        "Work from z directly: no sigmoid anywhere. max(z, 0) is z.clamp(min=0), |z| is "
        "z.abs(), and torch.log1p(u) is log(1 + u).",
        "One loss per example: z.clamp(min=0) - y * z + torch.log1p(torch.exp(-z.abs())). "
        "Then .mean().",
    ],
    mistakes=[
        Mistake("sigmoid_before_logits_loss",
                edit("    losses =", "    z = torch.sigmoid(z)\n    losses ="),
                "The sigmoid is applied to z first, and then the logits formula, which "
                "contains the sigmoid already: the sigmoid runs twice. Give the formula the "
                "logits z themselves.", see=LOGITS),
        Mistake("inf_or_nan", THROUGH_P,
                "Your answer has inf or NaN for large logits. Through probabilities, "
                "sigmoid(z) rounds to 1.0 and log(1 - p) = log(0) = -inf; and torch.exp(z) "
                "overflows to inf for z above about 88. The stable form avoids both: "
                "max(z, 0) - y * z + log(1 + e^(-|z|)), where e^(-|z|) is never above 1.",
                detect=mistakes.has_inf_or_nan, see="log(0)"),
        Mistake("through_probabilities", THROUGH_P_CLAMPED,
                "Your loss goes through p = sigmoid(z) and then the log. For a large z, p "
                "rounds to exactly 1.0 and the loss comes out wrong: a clamp or PyTorch's "
                "-100 cut-off gives a finite number, but not the true one (60 for z = 60, "
                "y = 0). Work from z directly, with max(z, 0) - y * z + log(1 + e^(-|z|)).",
                detect=mistakes.same_as_any(THROUGH_P_CLAMPED, THROUGH_P_PYTORCH), see=LOGITS),
        Mistake("used_pytorch_loss",
                "def bce_with_logits(z, y):\n    return F.binary_cross_entropy_with_logits(z, y)",
                USED_PYTORCH + "exercise asks for the stable formula by hand.",
                detect=mistakes.calls(*PYTORCH_LOSSES)),
        mistakes.bce_sum_not_mean(edit(".mean()", ".sum()")),
        Mistake("forgot_the_mean", edit("return losses.mean()", "return losses"), FORGOT_THE_MEAN,
                detect=mistakes.mean_is_expected, see=MEAN),
        Mistake("plus_y_z", edit("- y * z", "+ y * z"),
                "The sign of the y * z term is flipped: the formula subtracts it, "
                "max(z, 0) - y * z + log(1 + e^(-|z|)).", see=LOGITS),
    ],
)
