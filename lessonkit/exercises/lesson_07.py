"""Exercises for 07_clearing_gradients: a training loop that clears its gradients, and
gradient accumulation over micro-batches.

    from lessonkit.exercises import lesson_07 as ex
    ex.q1.check()      ex.q1.hint()      ex.q1.solution()
"""

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Call, Exercise, Function, Mistake, Value

LESSON = "07_clearing_gradients"

SEE_ADD_UP = mistakes.SEE_ZERO_GRAD  # "07_clearing_gradients, section 'Gradients add up'"
SEE_WHERE = "07_clearing_gradients, section 'Where the clearing goes'"
SEE_MICRO = "07_clearing_gradients, section 'When adding up is what you want'"

# What the notebook ran before the exercises: the data and the loop with the bug.
DATA = """
import torch
import torch.nn.functional as F

torch.manual_seed(0)
X = torch.randn(16, 2)
y = (X[:, 0] - 0.5 * X[:, 1] + torch.randn(16) > 0).float()
"""

BUGGY = """
def train_buggy(w, b, X, y, lr, steps):
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)
        loss = F.binary_cross_entropy(p, y)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        losses.append(loss.item())
    return torch.tensor(losses)
"""

# ---------------------------------------------------------------- q1: fix the loop


def _train_calls():
    """Fresh parameters for every check (train changes them in place)."""
    import torch

    generator = torch.Generator().manual_seed(7)
    X = torch.randn(16, 2, generator=generator)
    y = (X[:, 0] - 0.5 * X[:, 1] + torch.randn(16, generator=generator) > 0).float()
    X2 = torch.randn(10, 3, generator=generator)
    y2 = (X2.sum(dim=1) > 0).float()

    def zeros(*shape):
        return torch.zeros(*shape, requires_grad=True)

    return [
        Call(zeros(2), zeros(()), X, y, 0.5, 60),
        Call(torch.tensor([0.3, -0.2], requires_grad=True), zeros(()), X, y, 0.3, 25),
        Call(zeros(3), torch.tensor(0.5, requires_grad=True), X2, y2, 1.0, 10),
    ]


q1 = Exercise(
    id="07.q1",
    question=(
        "`train_buggy` never clears its gradients. Write `train(w, b, X, y, lr, steps)`: the "
        "same loop, fixed, so that every step uses only that step's gradient. Like "
        "`train_buggy`, it updates `w` and `b` in place and returns the losses of every step "
        "as a tensor (`torch.tensor(losses)`)."
    ),
    setup=DATA + BUGGY,
    placeholder="def train(w, b, X, y, lr, steps):\n    ...",
    solution="""
def train(w, b, X, y, lr, steps):
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)
        loss = F.binary_cross_entropy(p, y)
        w.grad = None  # clear before backward(), so .grad holds this step's gradient only
        b.grad = None
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        losses.append(loss.item())
    return torch.tensor(losses)
""",
    answer=Function("train", calls=_train_calls, check_dtype=False),
    hints=[
        "Start from a copy of train_buggy. What does .grad hold at the third step? "
        "The sum of the gradients of steps 1, 2 and 3.",
        "Clear both gradients once per step, before loss.backward(): `w.grad = None` "
        "(or `w.grad.zero_()`, but that fails at the first step, when .grad is still None).",
        "The order in each step: clear, forward, backward, update. Clearing after the update "
        "works too; clearing between backward() and the update does not.",
    ],
    mistakes=[
        Mistake(
            id="never_zeroed",
            message=(
                "Your losses are those of a loop whose gradients are never cleared (or cleared "
                "only once, before the loop): at each step .grad holds the sum of all the "
                "gradients so far, so the steps grow and the loss bounces back up. Clear "
                "w.grad and b.grad inside the loop, once per step."
            ),
            example="train = train_buggy",
            see=SEE_ADD_UP,
        ),
        Mistake(
            id="zeroed_before_step",
            message=(
                "Your loss never changes: the gradients are cleared after backward() but "
                "before the update, so every update subtracts lr * 0. Clear them before "
                "backward() (or after the update) instead."
            ),
            example="""
def train(w, b, X, y, lr, steps):
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)
        loss = F.binary_cross_entropy(p, y)
        loss.backward()
        w.grad.zero_()
        b.grad.zero_()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        losses.append(loss.item())
    return torch.tensor(losses)
""",
            see=SEE_WHERE,
        ),
        Mistake(
            id="zeroed_only_w",
            message=(
                "Only w's gradient is cleared: b.grad still adds up from step to step, so b "
                "takes ever bigger steps. Clear every parameter's gradient (this is what "
                "optimizer.zero_grad() does for you)."
            ),
            example="""
def train(w, b, X, y, lr, steps):
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)
        loss = F.binary_cross_entropy(p, y)
        w.grad = None
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        losses.append(loss.item())
    return torch.tensor(losses)
""",
            see=SEE_ADD_UP,
        ),
    ],
)

# ---------------------------------------------------------------- q2: micro-batches

# The notebook's section on micro-batches, up to the exercise: w.grad is left holding the
# full-batch gradient, accumulated over 4 micro-batches.
MICRO = """
w = torch.tensor([0.5, -0.3], requires_grad=True)
b = torch.tensor(0.1, requires_grad=True)

loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
loss.backward()
full_grad_w = w.grad.clone()
full_grad_b = b.grad.clone()

w.grad = None
b.grad = None
for start in range(0, 16, 4):
    X_part, y_part = X[start:start + 4], y[start:start + 4]
    part_loss = F.binary_cross_entropy(torch.sigmoid(X_part @ w + b), y_part)
    part_loss.backward()
unscaled_grad_w = w.grad.clone()

w.grad = None
b.grad = None
for start in range(0, 16, 4):
    X_part, y_part = X[start:start + 4], y[start:start + 4]
    part_loss = F.binary_cross_entropy(torch.sigmoid(X_part @ w + b), y_part)
    (part_loss / 4).backward()
"""


def _micro(clear="w.grad = None\nb.grad = None\n", scale="(part_loss / 8)", inside=""):
    return (
        clear
        + "for start in range(0, 16, 2):\n"
        + "    X_part, y_part = X[start:start + 2], y[start:start + 2]\n"
        + inside
        + "    part_loss = F.binary_cross_entropy(torch.sigmoid(X_part @ w + b), y_part)\n"
        + f"    {scale}.backward()\n"
        + "grad_w_accumulated = w.grad.clone()\n"
    )


q2 = Exercise(
    id="07.q2",
    question=(
        "Now use 8 micro-batches of 2 examples each (rows 0-1, 2-3, ..., 14-15). Starting "
        "from the `w` and `b` above (their .grad still holds what the last cell left there), "
        "accumulate the gradient over the 8 micro-batches so that `w.grad` ends up equal to "
        "the full-batch gradient `full_grad_w`. Then copy it: "
        "`grad_w_accumulated = w.grad.clone()`."
    ),
    setup=DATA + MICRO,
    placeholder=(
        "# clear the gradients, then accumulate over the 8 micro-batches here\n\n"
        "grad_w_accumulated = ...  # a copy of w.grad at the end"
    ),
    solution=_micro(),
    answer=Value("grad_w_accumulated"),
    hints=[
        "First clear what the previous cell left in w.grad and b.grad.",
        "Then loop with `for start in range(0, 16, 2):` over X[start:start + 2] and "
        "y[start:start + 2]: compute each micro-batch's mean loss, and "
        "call backward() on it without clearing in between, so the gradients add up.",
        "Each micro-batch's mean loss is one eighth of the story: call (part_loss / 8).backward(). "
        "At the end, grad_w_accumulated = w.grad.clone().",
    ],
    mistakes=[
        Mistake(
            id="forgot_scale",
            message=(
                "Your gradient is 8 times the full-batch one: the 8 micro-batch losses are "
                "means, and adding 8 means gives 8 times their average. Divide each loss by "
                "the number of micro-batches: (part_loss / 8).backward()."
            ),
            example=_micro(scale="part_loss"),
            see=SEE_MICRO,
        ),
        Mistake(
            id="divided_by_examples",
            message=(
                "Your gradient is half the full-batch one: each micro-batch loss is already a "
                "mean over its 2 examples, so divide it by the number of micro-batches (8), "
                "not by the number of examples (16)."
            ),
            example=_micro(scale="(part_loss / 16)"),
            see=SEE_MICRO,
        ),
        Mistake(
            id="zeroed_each_micro_batch",
            message=(
                "Your gradient is that of the last micro-batch only: clearing .grad inside the "
                "loop throws the earlier micro-batches away. Clear once, before the loop."
            ),
            example=_micro(clear="", inside="    w.grad = None\n    b.grad = None\n"),
            see=SEE_MICRO,
        ),
        Mistake(
            id="forgot_scale_and_clear",
            message=(
                "Your gradient is 9 times the full-batch one: 8 times from adding 8 undivided "
                "means, plus the full-batch gradient the previous cell left in .grad. Clear "
                "first, and divide each loss by 8: (part_loss / 8).backward()."
            ),
            example=_micro(clear="", scale="part_loss"),
            see=SEE_MICRO,
        ),
        mistakes.grad_multiplied(example=_micro(clear="")),
    ],
)
