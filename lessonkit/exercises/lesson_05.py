"""Exercises for 05_backward_pass: the gradients of logistic regression, by hand.

The reference answers are the hand formulas; once a learner's own is right, the check shows
autograd's .grad for the same example (confirm=).
"""

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Lesson, Mistake, Value, edit

# The example the notebook defines before exercises q1 and q2.
lesson = Lesson("05_backward_pass", setup="""
import torch
import torch.nn.functional as F

x = torch.tensor(-2.0)
y = torch.tensor(1.0)
w = torch.tensor(0.3, requires_grad=True)
b = torch.tensor(0.4, requires_grad=True)
""")
CHAIN = "The chain rule, one link at a time"
AUTOGRAD = """
F.binary_cross_entropy(torch.sigmoid(w * x + b), y).backward()
print(f"Autograd agrees: dL/dw = {w.grad.item():.4f} and dL/db = {b.grad.item():.4f}.")
"""
BATCH = "The same for a batch"
BACKWARD_TWICE = """loss = F.binary_cross_entropy(p, y)
loss.backward(retain_graph=True)
loss.backward()
"""
SIGN_FLIPPED = (
    "The sign is flipped: the gradient is prediction minus label, p - y, not y - p. Here the "
    "prediction is too low (p < y = 1): increasing b lowers the loss, so dL/db must be negative."
)
USED_Z = (
    "You used z where the prediction p = sigmoid(z) belongs: the gradient is (sigmoid(z) - y), "
    "a probability minus the label, not the logit z minus the label."
)
DERIVATIVE_TWICE = (
    "The sigmoid's derivative p * (1 - p) is counted twice: p - y already is dL/dp * dp/dz, "
    "the two fractions having cancelled. Do not multiply by p * (1 - p) again."
)

q1 = lesson.exercise(
    "q1",
    question=(
        "By hand, for x = -2, y = 1, w = 0.3, b = 0.4: compute dL/dw, the gradient of the "
        "binary cross-entropy loss with respect to w, and store it in `grad_w_by_hand` "
        "(a number or a one-element tensor). Use torch.sigmoid for the forward values, "
        "not backward()."
    ),
    placeholder="grad_w_by_hand = ...",
    solution="""
z = w * x + b
p = torch.sigmoid(z)
grad_w_by_hand = ((p - y) * x).item()  # dL/dz = p - y, times dz/dw = x
""",
    answer=Value("grad_w_by_hand"),
    confirm=AUTOGRAD,
    hints=[
        "Compute the forward values first: z = w * x + b, then p = torch.sigmoid(z).",
        "dL/dz = p - y (the fractions of dL/dp and dp/dz cancel); then the chain rule "
        "multiplies by dz/dw.",
        "dz/dw = x, so dL/dw = (p - y) * x. Use .item() to get a plain number.",
    ],
    mistakes=[
        Mistake("sign_flipped", edit("(p - y)", "(y - p)"), SIGN_FLIPPED, see=CHAIN),
        Mistake("forgot_x", edit("((p - y) * x)", "(p - y)"),
                "That is p - y, which is dL/db. For w the last link of the chain multiplies "
                "by dz/dw = x: dL/dw = (p - y) * x.", see=CHAIN),
        Mistake("used_z", edit("(p - y)", "(z - y)"), USED_Z, see=CHAIN),
        Mistake("sigmoid_derivative_twice", edit("(p - y) * x", "(p - y) * p * (1 - p) * x"),
                DERIVATIVE_TWICE, see=CHAIN),
        Mistake("forgot_y", edit("(p - y)", "p"),
                "That is p * x: the label is missing. The gradient is (p - y) * x, the "
                "prediction minus the label, times x.", see=CHAIN),
        mistakes.grad_multiplied(
            edit("grad_w_by_hand = ((p - y) * x)", BACKWARD_TWICE + "grad_w_by_hand = (w.grad)"),
            detect=lambda attempt: (mistakes.close(attempt.ns["w"].grad, attempt.got)
                                    and mistakes.is_whole_multiple(attempt))),
    ],
)

q2 = lesson.exercise(
    "q2",
    question="By hand, for the same example: compute dL/db and store it in `grad_b_by_hand`.",
    placeholder="grad_b_by_hand = ...",
    solution="""
z = w * x + b
p = torch.sigmoid(z)
grad_b_by_hand = (p - y).item()  # dL/dz = p - y, times dz/db = 1
""",
    answer=Value("grad_b_by_hand"),
    confirm=AUTOGRAD,
    hints=[
        "The chain is the same as for w up to z: dL/dz = p - y.",
        "z = w * x + b, so dz/db = 1: dL/db = p - y.",
    ],
    mistakes=[
        Mistake("sign_flipped", edit("(p - y)", "(y - p)"), SIGN_FLIPPED, see=CHAIN),
        Mistake("multiplied_by_x", edit("(p - y)", "((p - y) * x)"), "That is (p - y) * x, "
                "which is dL/dw. b enters z = w * x + b with dz/db = 1, so dL/db = p - y, "
                "without the x.", see=CHAIN),
        Mistake("used_z", edit("(p - y)", "(z - y)"), USED_Z, see=CHAIN),
        Mistake("sigmoid_derivative_twice", edit("(p - y)", "((p - y) * p * (1 - p))"),
                DERIVATIVE_TWICE, see=CHAIN),
        mistakes.grad_multiplied(
            edit("grad_b_by_hand = (p - y)", BACKWARD_TWICE + "grad_b_by_hand = (b.grad)"),
            detect=lambda attempt: (mistakes.close(attempt.ns["b"].grad, attempt.got)
                                    and mistakes.is_whole_multiple(attempt))),
    ],
)

q3 = lesson.exercise(
    "q3",
    question=(
        "By hand, for the batch X2 (6 examples, 3 features), labels y2 and parameters w2, b2: "
        "compute dL/dw2 for the mean binary cross-entropy loss, and store it in "
        "`grad_w_batch` (shape (3,))."
    ),
    setup="""
import torch
import torch.nn.functional as F

torch.manual_seed(2)
X2 = torch.randn(6, 3)
y2 = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0, 0.0])
w2 = torch.tensor([0.5, -0.2, 0.1])
b2 = torch.tensor(-0.3)
""",
    placeholder="grad_w_batch = ...",
    solution="""
p2 = torch.sigmoid(X2 @ w2 + b2)
grad_w_batch = X2.T @ (p2 - y2) / len(y2)  # the mean of the per-example (p - y) * x
""",
    answer=Value("grad_w_batch"),
    hints=[
        "One prediction per example: p2 = torch.sigmoid(X2 @ w2 + b2) has shape (6,).",
        "Each example contributes (p_i - y_i) * x_i; the loss is a mean, so average them.",
        "X2.T @ (p2 - y2) sums (p_i - y_i) * x_i over the examples; divide by len(y2).",
    ],
    mistakes=[
        Mistake("forgot_mean", edit(" / len(y2)", ""), "Your gradient is 6 times too big: it "
                "sums over the 6 examples. The loss is the mean of the per-example losses, so "
                "its gradient is the mean too: divide by len(y2).", see=BATCH),
        Mistake("not_summed", edit("X2.T @ (p2 - y2) / len(y2)", "(p2 - y2)[:, None] * X2"),
                "That is one gradient per example (shape (6, 3)). The loss is their mean: "
                "average over the examples, e.g. X2.T @ (p2 - y2) / len(y2).", see=BATCH,
                # a (6, 3) table, one row per example, scaled or not
                detect=lambda attempt: tuple(getattr(attempt.got, "shape", ())) == (6, 3)),
        Mistake("sign_flipped", edit("(p2 - y2)", "(y2 - p2)"), "The sign is flipped: use "
                "p2 - y2 (prediction minus label), not y2 - p2.", see=CHAIN),
        Mistake("used_z", edit("torch.sigmoid(X2 @ w2 + b2)", "X2 @ w2 + b2"),
                "You used z = X2 @ w2 + b2 where the prediction p2 = sigmoid(z) belongs: the "
                "gradient is X2.T @ (p2 - y2) / N.", see=CHAIN),
        mistakes.grad_multiplied("""
w2.requires_grad_(True)
loss = F.binary_cross_entropy(torch.sigmoid(X2 @ w2 + b2), y2)
loss.backward(retain_graph=True)
loss.backward()
grad_w_batch = w2.grad.clone()
""", detect=lambda attempt: (mistakes.close(attempt.ns["w2"].grad, attempt.got)
                             and mistakes.is_whole_multiple(attempt))),
    ],
)
