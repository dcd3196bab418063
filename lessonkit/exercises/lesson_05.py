"""Exercises for 05_backward_pass: the gradients of logistic regression, by hand.

    from lessonkit.exercises import lesson_05 as ex
    ex.q1.check()      ex.q1.hint()      ex.q1.solution()

The reference answers are the hand formulas; the notebook checks the same formulas against
autograd's .grad before the exercises (and the mistakes below against the formulas).
"""

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Exercise, Mistake, Value

LESSON = "05_backward_pass"

SEE_CHAIN = "05_backward_pass, section 'The chain rule, one link at a time'"
SEE_BATCH = "05_backward_pass, section 'The same for a batch'"

# The example the notebook defines before exercises q1 and q2.
EXAMPLE = """
import torch
import torch.nn.functional as F

x = torch.tensor(-2.0)
y = torch.tensor(1.0)
w = torch.tensor(0.3, requires_grad=True)
b = torch.tensor(0.4, requires_grad=True)
"""

FORWARD = "z = w * x + b\np = torch.sigmoid(z)\n"

TWO_BACKWARDS = """
loss = F.binary_cross_entropy(torch.sigmoid(w * x + b), y)
loss.backward(retain_graph=True)
loss.backward()
"""

# ---------------------------------------------------------------- q1: dL/dw


def _sign_flipped(name):
    return Mistake(
        id="sign_flipped",
        message=(
            "The sign is flipped: the gradient is prediction minus label, p - y, not y - p. "
            "Here the prediction is too low (p < y = 1): increasing b lowers the loss, so "
            "dL/db must be negative."
        ),
        example=FORWARD + f"{name} = ((y - p){' * x' if name.startswith('grad_w') else ''}).item()",
        see=SEE_CHAIN,
    )


def _used_z(name):
    return Mistake(
        id="used_z",
        message=(
            "You used z where the prediction p = sigmoid(z) belongs: the gradient is "
            "(sigmoid(z) - y), a probability minus the label, not the logit z minus the label."
        ),
        example=FORWARD + f"{name} = ((z - y){' * x' if name.startswith('grad_w') else ''}).item()",
        see=SEE_CHAIN,
    )


def _sigmoid_derivative_twice(name):
    return Mistake(
        id="sigmoid_derivative_twice",
        message=(
            "The sigmoid's derivative p * (1 - p) is counted twice: p - y already is "
            "dL/dp * dp/dz, the two fractions having cancelled. Do not multiply by p * (1 - p) "
            "again."
        ),
        example=FORWARD
        + f"{name} = ((p - y) * p * (1 - p){' * x' if name.startswith('grad_w') else ''}).item()",
        see=SEE_CHAIN,
    )


q1 = Exercise(
    id="05.q1",
    question=(
        "By hand, for x = -2, y = 1, w = 0.3, b = 0.4: compute dL/dw, the gradient of the "
        "binary cross-entropy loss with respect to w, and store it in `grad_w_by_hand` "
        "(a number or a one-element tensor). Use torch.sigmoid for the forward values, "
        "not backward()."
    ),
    setup=EXAMPLE,
    placeholder="grad_w_by_hand = ...",
    solution="""
z = w * x + b
p = torch.sigmoid(z)
grad_w_by_hand = ((p - y) * x).item()  # dL/dz = p - y, times dz/dw = x
""",
    answer=Value("grad_w_by_hand"),
    hints=[
        "Compute the forward values first: z = w * x + b, then p = torch.sigmoid(z).",
        "dL/dz = p - y (the fractions of dL/dp and dp/dz cancel); then the chain rule "
        "multiplies by dz/dw.",
        "dz/dw = x, so dL/dw = (p - y) * x. Use .item() to get a plain number.",
    ],
    mistakes=[
        _sign_flipped("grad_w_by_hand"),
        Mistake(
            id="forgot_x",
            message=(
                "That is p - y, which is dL/db. For w the last link of the chain multiplies "
                "by dz/dw = x: dL/dw = (p - y) * x."
            ),
            example=FORWARD + "grad_w_by_hand = (p - y).item()",
            see=SEE_CHAIN,
        ),
        _used_z("grad_w_by_hand"),
        _sigmoid_derivative_twice("grad_w_by_hand"),
        Mistake(
            id="forgot_y",
            message=(
                "That is p * x: the label is missing. The gradient is (p - y) * x, the "
                "prediction minus the label, times x."
            ),
            example=FORWARD + "grad_w_by_hand = (p * x).item()",
            see=SEE_CHAIN,
        ),
        mistakes.grad_multiplied(example=TWO_BACKWARDS + "grad_w_by_hand = w.grad.item()"),
    ],
)

# ---------------------------------------------------------------- q2: dL/db

q2 = Exercise(
    id="05.q2",
    question=(
        "By hand, for the same example: compute dL/db and store it in `grad_b_by_hand`."
    ),
    setup=EXAMPLE,
    placeholder="grad_b_by_hand = ...",
    solution="""
z = w * x + b
p = torch.sigmoid(z)
grad_b_by_hand = (p - y).item()  # dL/dz = p - y, times dz/db = 1
""",
    answer=Value("grad_b_by_hand"),
    hints=[
        "The chain is the same as for w up to z: dL/dz = p - y.",
        "z = w * x + b, so dz/db = 1: dL/db = p - y.",
    ],
    mistakes=[
        _sign_flipped("grad_b_by_hand"),
        Mistake(
            id="multiplied_by_x",
            message=(
                "That is (p - y) * x, which is dL/dw. b enters z = w * x + b with "
                "dz/db = 1, so dL/db = p - y, without the x."
            ),
            example=FORWARD + "grad_b_by_hand = ((p - y) * x).item()",
            see=SEE_CHAIN,
        ),
        _used_z("grad_b_by_hand"),
        _sigmoid_derivative_twice("grad_b_by_hand"),
        mistakes.grad_multiplied(example=TWO_BACKWARDS + "grad_b_by_hand = b.grad.item()"),
    ],
)

# ---------------------------------------------------------------- q3: a batch

BATCH = """
import torch
import torch.nn.functional as F

torch.manual_seed(2)
X2 = torch.randn(6, 3)
y2 = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0, 0.0])
w2 = torch.tensor([0.5, -0.2, 0.1])
b2 = torch.tensor(-0.3)
"""

BATCH_FORWARD = "p2 = torch.sigmoid(X2 @ w2 + b2)\n"

q3 = Exercise(
    id="05.q3",
    question=(
        "By hand, for the batch X2 (6 examples, 3 features), labels y2 and parameters w2, b2: "
        "compute dL/dw2 for the mean binary cross-entropy loss, and store it in "
        "`grad_w_batch` (shape (3,))."
    ),
    setup=BATCH,
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
        Mistake(
            id="forgot_mean",
            message=(
                "Your gradient is 6 times too big: it sums over the 6 examples. The loss is "
                "the mean of the per-example losses, so its gradient is the mean too: divide "
                "by len(y2)."
            ),
            example=BATCH_FORWARD + "grad_w_batch = X2.T @ (p2 - y2)",
            see=SEE_BATCH,
        ),
        Mistake(
            id="not_summed",
            message=(
                "That is one gradient per example (shape (6, 3)). The loss is their mean: "
                "average over the examples, e.g. X2.T @ (p2 - y2) / len(y2)."
            ),
            example=BATCH_FORWARD + "grad_w_batch = (p2 - y2)[:, None] * X2",
            see=SEE_BATCH,
        ),
        Mistake(
            id="sign_flipped",
            message="The sign is flipped: use p2 - y2 (prediction minus label), not y2 - p2.",
            example=BATCH_FORWARD + "grad_w_batch = X2.T @ (y2 - p2) / len(y2)",
            see=SEE_CHAIN,
        ),
        Mistake(
            id="used_z",
            message=(
                "You used z = X2 @ w2 + b2 where the prediction p2 = sigmoid(z) belongs: the "
                "gradient is X2.T @ (p2 - y2) / N."
            ),
            example="grad_w_batch = X2.T @ (X2 @ w2 + b2 - y2) / len(y2)",
            see=SEE_CHAIN,
        ),
        mistakes.grad_multiplied(
            example="""
w2.requires_grad_(True)
loss = F.binary_cross_entropy(torch.sigmoid(X2 @ w2 + b2), y2)
loss.backward(retain_graph=True)
loss.backward()
grad_w_batch = w2.grad.clone()
""",
        ),
    ],
)
