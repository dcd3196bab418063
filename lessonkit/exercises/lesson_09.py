"""Exercises for 09_putting_it_together: the whole training loop, then using the trained model.

    from lessonkit.exercises import lesson_09 as ex
    ex.q1.check()      ex.q1.hint()      ex.q1.solution()

q1 asks for a function `train(X, y, lr, steps)` that returns two tensors, `w` and `b`. The
framework's Function answer compares one returned value per call, so `_ReturnsWB` below
(a Function) unpacks the pair and compares w and b one by one. It also turns the two errors
a training loop raises when its update is recorded by autograd into answers that a Mistake
can recognise, so the learner reads what went wrong rather than only the error.
"""

import torch

from lessonkit.exercises import mistakes
from lessonkit.exercises.answers import Function, Wrong, read
from lessonkit.exercises.compare import a_kind, compare
from lessonkit.exercises.core import Call, Exercise, Mistake, Value
from lessonkit.exercises.learner_code import LearnerError

LESSON = "09_putting_it_together"

SEE_NN = "09_putting_it_together, section 'The same with torch.nn'"
SEE_USING = "09_putting_it_together, section 'Using the trained model'"

# What the notebook has run before the exercise cells (imports, data, the trained model).
SETUP = """
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
n = 100
X = torch.cat([torch.randn(n, 2) + torch.tensor([-1.0, -1.0]),
               torch.randn(n, 2) + torch.tensor([1.0, 1.0])])
y = torch.cat([torch.zeros(n), torch.ones(n)])
w0 = torch.randn(2)
b0 = torch.randn(())
lr, steps = 0.5, 100

model = nn.Linear(2, 1)
with torch.no_grad():
    model.weight.copy_(w0.unsqueeze(0))
    model.bias.copy_(b0.reshape(1))
loss_fn = nn.BCEWithLogitsLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=lr)
for step in range(steps):
    optimizer.zero_grad()
    logits = model(X).squeeze(1)
    loss = loss_fn(logits, y)
    loss.backward()
    optimizer.step()

X_new = torch.tensor([[-2.0, -1.0], [0.0, 0.0], [2.0, 1.5]])
"""

# ---------------------------------------------------------------- q1: the whole loop


class _Raised:
    """What a learner's train() raised, kept as an answer so a Mistake can name the cause."""

    def __init__(self, message: str):
        self.message = message


# Errors that a training loop raises when autograd recorded the update (learner's words vary).
_IN_PLACE_ON_LEAF = "a leaf Variable that requires grad is being used in an in-place operation"
_GRAD_WAS_NONE = "'NoneType'"


class _ReturnsWB(Function):
    """A function returning (w, b): each call's pair is compared one tensor at a time."""

    def take(self, ns):
        read(ns, self.name)  # NotAttempted before anything else
        try:
            outputs = super().take(ns)
        except LearnerError as error:
            if _IN_PLACE_ON_LEAF in str(error) or _GRAD_WAS_NONE in str(error):
                return _Raised(str(error))
            raise
        return [self._pair(out) for out in outputs]

    def _pair(self, out):
        if out is None:
            raise Wrong(f"`{self.name}` returned None. Did you forget `return w, b`?")
        if not isinstance(out, tuple | list) or len(out) != 2:
            raise Wrong(
                f"`{self.name}` should return two tensors, `return w, b`, "
                f"but it returned {a_kind(out)}."
            )
        return tuple(out)

    def differ(self, got, expected):
        if isinstance(got, _Raised):
            return f"{got.message}."
        for number, (pair, want) in enumerate(zip(got, expected, strict=True), start=1):
            for name, have, should in zip(("w", "b"), pair, want, strict=True):
                found = compare(have, should, **self.options)
                if found:
                    return (
                        f"the {name} that `{self.name}` returned on test call {number} of "
                        f"{len(expected)}: {found}"
                    )
        return None


def _blobs(n, seed):
    """A small two-class data set, made with a generator of its own (the learner's random
    numbers are untouched)."""
    gen = torch.Generator().manual_seed(seed)
    X = torch.cat(
        [
            torch.randn(n, 2, generator=gen) + torch.tensor([-1.0, -1.0]),
            torch.randn(n, 2, generator=gen) + torch.tensor([1.0, 1.0]),
        ]
    )
    y = torch.cat([torch.zeros(n), torch.ones(n)])
    return X, y


def _train_calls():
    X, y = _blobs(100, 0)
    X2, y2 = _blobs(5, 1)
    return [Call(X, y, lr=0.5, steps=10), Call(X2, y2, lr=0.1, steps=4)]


def _raised(words):
    def detect(attempt):
        return isinstance(attempt.got, _Raised) and words in attempt.got.message

    return detect


_TRAIN_HEAD = """
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    for step in range(steps):
"""

q1 = Exercise(
    id="09.q1",
    question=(
        "Write `train(X, y, lr, steps)`: logistic regression trained by hand, starting from "
        "`w = torch.zeros(2, requires_grad=True)` and `b = torch.zeros((), requires_grad=True)`. "
        "Each step: forward (z = X @ w + b), the mean binary cross-entropy, backward, the update "
        "under torch.no_grad(), then clear the gradients. Return `w, b`."
    ),
    setup=SETUP,
    placeholder=(
        "def train(X, y, lr, steps):\n"
        "    # start from w = torch.zeros(2, requires_grad=True)\n"
        "    #        and b = torch.zeros((), requires_grad=True)\n"
        "    ...\n"
        "    # return w, b"
    ),
    solution="""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    for step in range(steps):
        z = X @ w + b                                   # 1. forward
        p = torch.sigmoid(z)
        loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()   # 2. loss
        loss.backward()                                 # 3. backward
        with torch.no_grad():                           # 4. update, not recorded
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()                                  # 5. clear the gradients
        b.grad.zero_()
    return w, b
""",
    answer=_ReturnsWB("train", calls=_train_calls),
    hints=[
        "Copy the loop of 'Training by hand' into the function, with w and b starting at zero.",
        "The order inside the loop: forward, loss, loss.backward(), the update inside "
        "`with torch.no_grad():`, then w.grad.zero_() and b.grad.zero_().",
        "F.binary_cross_entropy_with_logits(z, y) gives the same loss as sigmoid then the "
        "hand-written BCE: either is fine, but never both sigmoid and the logits version.",
    ],
    mistakes=[
        Mistake(
            id="forgot_zero_grad",
            message=(
                "These are the parameters of a loop that never clears .grad: each backward() "
                "adds its gradient to the ones before, so every step is bigger than it should "
                "be. Clear w.grad and b.grad after the update (w.grad.zero_())."
            ),
            example=_TRAIN_HEAD
            + """
        z = X @ w + b
        p = torch.sigmoid(z)
        loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
    return w, b
""",
            see=mistakes.SEE_ZERO_GRAD,
        ),
        Mistake(
            id="updated_outside_no_grad",
            message=(
                "`train` stopped with autograd's error about an in-place operation on a leaf: "
                "the update `w -= lr * w.grad` ran while autograd was recording. Put the "
                "update inside `with torch.no_grad():`. The error was: {message}"
            ),
            example=_TRAIN_HEAD
            + """
        z = X @ w + b
        loss = F.binary_cross_entropy_with_logits(z, y)
        loss.backward()
        w -= lr * w.grad
        b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w, b
""",
            detect=lambda attempt: (
                {"message": attempt.got.message}
                if _raised(_IN_PLACE_ON_LEAF)(attempt)
                else False
            ),
            see=mistakes.SEE_NO_GRAD_UPDATE,
        ),
        Mistake(
            id="replaced_outside_no_grad",
            message=(
                "`train` stopped on a .grad that was None. `w = w - lr * w.grad` outside "
                "torch.no_grad() makes a new w, computed by a recorded operation: it is not a "
                "leaf, so backward() no longer fills its .grad. Update in place inside "
                "`with torch.no_grad():` (w -= lr * w.grad). The error was: {message}"
            ),
            example=_TRAIN_HEAD
            + """
        z = X @ w + b
        loss = F.binary_cross_entropy_with_logits(z, y)
        loss.backward()
        w = w - lr * w.grad
        b = b - lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w, b
""",
            detect=lambda attempt: (
                {"message": attempt.got.message} if _raised(_GRAD_WAS_NONE)(attempt) else False
            ),
            see=mistakes.SEE_NO_GRAD_UPDATE,
        ),
        Mistake(
            id="update_went_uphill",
            message=(
                "The updates went uphill: the gradient points to where the loss grows, so "
                "subtract it: w -= lr * w.grad."
            ),
            example=_TRAIN_HEAD
            + """
        z = X @ w + b
        loss = F.binary_cross_entropy_with_logits(z, y)
        loss.backward()
        with torch.no_grad():
            w += lr * w.grad
            b += lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w, b
""",
            see=mistakes.SEE_UPDATE_SIGN,
        ),
        Mistake(
            id="sigmoid_twice",
            message=(
                "The sigmoid is applied twice: binary_cross_entropy_with_logits (and "
                "nn.BCEWithLogitsLoss) apply the sigmoid themselves, so give them z, "
                "not torch.sigmoid(z)."
            ),
            example=_TRAIN_HEAD
            + """
        z = X @ w + b
        loss = F.binary_cross_entropy_with_logits(torch.sigmoid(z), y)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w, b
""",
            see=SEE_NN,
        ),
        Mistake(
            id="bce_sum_not_mean",
            message=(
                "The loss sums over the points instead of taking their mean, so every "
                "gradient, and every step, is len(X) times too big. Use .mean()."
            ),
            example=_TRAIN_HEAD
            + """
        z = X @ w + b
        p = torch.sigmoid(z)
        loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).sum()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w, b
""",
            see=mistakes.SEE_BCE_MEAN,
        ),
    ],
)

# ---------------------------------------------------------------- q2: predictions


def _requires_grad_but_right(attempt):
    got, expected = attempt.got, attempt.expected
    return (
        isinstance(got, torch.Tensor)
        and got.requires_grad
        and mistakes.close(got, expected)
    )


q2 = Exercise(
    id="09.q2",
    question=(
        "With the trained `model`: the probability of class 1 for each of the three points "
        "in `X_new`, as a tensor `p_new` of shape (3,), computed inside `torch.no_grad()` "
        "(no graph is needed just to predict)."
    ),
    setup=SETUP,
    placeholder="p_new = ...",
    solution="""
with torch.no_grad():
    logits_new = model(X_new).squeeze(1)   # (3, 1) -> (3,)
    p_new = torch.sigmoid(logits_new)      # logits -> probabilities
""",
    answer=Value("p_new", autograd=True),
    hints=[
        "model(X_new) gives the logits z, one per point, in shape (3, 1).",
        "Inside `with torch.no_grad():`, apply torch.sigmoid to model(X_new).squeeze(1).",
    ],
    mistakes=[
        Mistake(
            id="forgot_no_grad",
            message=(
                "The numbers are right, but p_new requires grad: autograd recorded a graph you "
                "will never use. Compute it inside `with torch.no_grad():`."
            ),
            example="p_new = torch.sigmoid(model(X_new).squeeze(1))",
            detect=_requires_grad_but_right,
            see=SEE_USING,
        ),
        Mistake(
            id="logits_not_probabilities",
            message=(
                "These are the logits z, the model's raw outputs. The model was trained with "
                "BCEWithLogitsLoss, which applies the sigmoid inside the loss; to get "
                "probabilities, apply torch.sigmoid yourself."
            ),
            example="with torch.no_grad():\n    p_new = model(X_new).squeeze(1)",
            see=SEE_USING,
        ),
        mistakes.sigmoid_twice(
            example=(
                "with torch.no_grad():\n"
                "    p_new = torch.sigmoid(torch.sigmoid(model(X_new).squeeze(1)))"
            ),
        ),
        Mistake(
            id="kept_extra_dimension",
            message=(
                "p_new has shape (3, 1): nn.Linear(2, 1) gives one column per output. "
                "Take it away with .squeeze(1) to get shape (3,)."
            ),
            example="with torch.no_grad():\n    p_new = torch.sigmoid(model(X_new))",
            detect=lambda attempt: tuple(attempt.got.shape) == (3, 1),
            see=SEE_NN,
        ),
    ],
)

# ---------------------------------------------------------------- q3: accuracy

q3 = Exercise(
    id="09.q3",
    question=(
        "The accuracy of the trained `model` on the training data X, y: the fraction of points "
        "whose predicted class (1 when the logit z > 0, that is p > 0.5) equals y. "
        "Compute it under torch.no_grad() and give a number, `accuracy`."
    ),
    setup=SETUP,
    placeholder="accuracy = ...",
    solution="""
with torch.no_grad():
    predicted = (model(X).squeeze(1) > 0).float()   # 1.0 where z > 0, else 0.0
    accuracy = (predicted == y).float().mean().item()
""",
    answer=Value("accuracy"),
    hints=[
        "`model(X).squeeze(1) > 0` is a boolean tensor: True where the model says class 1.",
        "Compare it with y (turn one into the other's dtype with .float()), then take the mean "
        "of the matches as floats.",
    ],
    mistakes=[
        Mistake(
            id="count_not_fraction",
            message=(
                "That is the number of points classified correctly. Accuracy is the fraction: "
                "divide by the number of points, or take .mean() instead of .sum()."
            ),
            example="""
with torch.no_grad():
    predicted = (model(X).squeeze(1) > 0).float()
    accuracy = (predicted == y).float().sum().item()
""",
            see=SEE_USING,
        ),
        Mistake(
            id="probability_compared_with_zero",
            message=(
                "Every point is predicted as class 1: a probability is always > 0. Compare "
                "probabilities with 0.5, or logits with 0."
            ),
            example="""
with torch.no_grad():
    predicted = (torch.sigmoid(model(X).squeeze(1)) > 0).float()
    accuracy = (predicted == y).float().mean().item()
""",
            see=SEE_USING,
        ),
        Mistake(
            id="error_rate",
            message=(
                "That is the error rate, the fraction of points classified wrongly: accuracy "
                "is 1 minus it. Count where the prediction equals y."
            ),
            example="""
with torch.no_grad():
    predicted = (model(X).squeeze(1) > 0).float()
    accuracy = (predicted != y).float().mean().item()
""",
            see=SEE_USING,
        ),
    ],
)
