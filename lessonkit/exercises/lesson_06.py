"""Exercises for 06_update: one gradient-descent step under torch.no_grad(), then a loop.

    from lessonkit.exercises import lesson_06 as ex
    ex.q1.check()      ex.q1.hint()      ex.q1.solution()

q1 reads parameters that the learner changes in place. The answer kinds in answers.py
take a name that the setup does not define, so q1 uses a small Value subclass (below):
`w` and `b` still at their starting values means "not attempted".
"""

import dataclasses

import torch

from lessonkit.autograd_facts import read_grad
from lessonkit.exercises import mistakes
from lessonkit.exercises.answers import NotAttempted, Value, read_tensors
from lessonkit.exercises.compare import compare
from lessonkit.exercises.core import Call, Exercise, Function, Mistake, run_code

LESSON = "06_update"

# ---------------------------------------------------------------- q1: the update step

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

SOLUTION_Q1 = """
with torch.no_grad():
    w -= lr * w.grad
    b -= lr * b.grad
w.grad.zero_()
b.grad.zero_()
"""



class UpdatedInPlace(Value):
    """The answer is `w` after the learner's update; `b` is read too.

    Both exist before the exercise (the setup makes them), so `read` alone would never say
    "not attempted". Here, w and b still equal to their starting values (and their
    gradients still there) is what "not attempted" means.
    """

    def __init__(self, name, *, also, setup):
        super().__init__(name, autograd=True)
        self.names = (name, *also)
        self.setup = setup
        self._start = None

    def start(self):
        if self._start is None:
            ns = run_code(self.setup, name="<06 start>")
            self._start = {n: (ns[n].detach().clone(), ns[n].grad.clone()) for n in self.names}
        return self._start

    def take(self, ns):
        values = read_tensors(ns, self.names)
        unchanged = True
        for name, (value0, grad0) in self.start().items():
            value, grad = values[name], read_grad(values[name])
            same = value.shape == value0.shape and torch.equal(value.detach(), value0)
            unchanged = unchanged and same and grad is not None and torch.equal(grad, grad0)
        if unchanged:
            names = " and ".join(f"`{n}`" for n in self.names)
            raise NotAttempted(
                f"{names} still hold their starting values: write the update and run its cell."
            )
        return values[self.name]


def _w_is_right(attempt) -> bool:
    return attempt.differs_from(attempt.expected) is None


def _forgot_learning_rate(attempt) -> bool:
    before = mistakes.as_tensor(attempt.before())
    step = mistakes.as_tensor(attempt.expected) - before
    got = mistakes.as_tensor(attempt.got)
    lr = float(attempt.reference("lr"))
    return bool(step.ne(0).any()) and mistakes.close(got - before, step / lr)


def _b_not_updated(attempt) -> bool:
    b = attempt.ns["b"]
    return (
        _w_is_right(attempt)
        and mistakes.close(b, attempt.before("b"))
        and not mistakes.close(attempt.reference("b"), attempt.before("b"))
    )


def _b_wrong(attempt) -> dict | bool:
    if not _w_is_right(attempt):
        return False
    found = compare(attempt.ns["b"], attempt.reference("b"), autograd=True)
    return {"difference": str(found)} if found else False


def _grads_not_cleared(attempt) -> bool:
    grads = [read_grad(attempt.ns[name]) for name in ("w", "b")]
    return _w_is_right(attempt) and any(g is not None and bool(g.ne(0).any()) for g in grads)



DATA_UPDATE = """
w.data -= lr * w.grad
b.data -= lr * b.grad
w.grad.zero_()
b.grad.zero_()
"""

q1 = Exercise(
    id="06.q1",
    question=(
        "Take one gradient-descent step on `w` and `b` (learning rate `lr`), in place and "
        "without autograd recording it, then clear both gradients. The check reads `w` and "
        "`b` (their values, that they are still leaves, and their .grad)."
    ),
    setup=SETUP_Q1,
    placeholder="# update w and b here (in place, not recorded), then clear their gradients",
    solution=SOLUTION_Q1,
    answer=UpdatedInPlace("w", also=("b",), setup=SETUP_Q1),
    hints=[
        "The step is new value = old value - lr * gradient, for w and for b.",
        "Write it in place (w -= ...) inside a `with torch.no_grad():` block, so that autograd "
        "does not record it and w stays the same leaf tensor.",
        "After the block, clear the gradients with w.grad.zero_() and b.grad.zero_(): the "
        "next backward() would add to them otherwise.",
    ],
    mistakes=[
        mistakes.used_data(example=mistakes.as_notebook_cell(SETUP_Q1, DATA_UPDATE)),
        mistakes.updated_outside_no_grad(example="w = w - lr * w.grad\nb = b - lr * b.grad"),
        mistakes.update_went_uphill(
            example="""
with torch.no_grad():
    w += lr * w.grad
    b += lr * b.grad
w.grad.zero_()
b.grad.zero_()
""",
        ),
        Mistake(
            id="forgot_learning_rate",
            message=(
                "Your step is the whole gradient: multiply it by the learning rate, "
                "w -= lr * w.grad, so that each step is a small one."
            ),
            example="""
with torch.no_grad():
    w -= w.grad
    b -= b.grad
w.grad.zero_()
b.grad.zero_()
""",
            detect=_forgot_learning_rate,
        ),
        Mistake(
            id="b_not_updated",
            message="`w` is right, but `b` has not moved: b is a parameter too, update it.",
            example="""
with torch.no_grad():
    w -= lr * w.grad
w.grad.zero_()
b.grad.zero_()
""",
            detect=_b_not_updated,
        ),
        Mistake(
            id="b_wrong",
            message="`w` is right, but `b` is not: {difference}",
            example="""
with torch.no_grad():
    w -= lr * w.grad
    b -= lr * w.grad.mean()
w.grad.zero_()
b.grad.zero_()
""",
            detect=_b_wrong,
        ),
        Mistake(
            id="forgot_zero_grad",
            message=(
                "The step is right, but the gradients are still in w.grad and b.grad. The next "
                "backward() adds to them, so clear them now: w.grad.zero_() and b.grad.zero_()."
            ),
            example="""
with torch.no_grad():
    w -= lr * w.grad
    b -= lr * b.grad
""",
            detect=_grads_not_cleared,
            see=mistakes.SEE_ZERO_GRAD,
        ),
    ],
)

# ---------------------------------------------------------------- q2: the training loop

SETUP_Q2 = """
import torch
import torch.nn.functional as F
g = torch.Generator().manual_seed(6)
n = 50
X = torch.cat([torch.randn(n, 2, generator=g) + 1.0, torch.randn(n, 2, generator=g) - 1.0])
y = torch.cat([torch.ones(n), torch.zeros(n)])
"""

SOLUTION_Q2 = """
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)           # 1. forward pass
        loss = F.binary_cross_entropy(p, y)    # 2. loss
        loss.backward()                        # 3. backward pass
        with torch.no_grad():                  # 4. update
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()                         # 5. clear the gradients
        b.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
"""


def _q2_calls():
    """Fresh data for every check: the lesson's data set, and a small one of our own."""
    g = torch.Generator().manual_seed(6)
    n = 50
    X = torch.cat([torch.randn(n, 2, generator=g) + 1.0, torch.randn(n, 2, generator=g) - 1.0])
    y = torch.cat([torch.ones(n), torch.zeros(n)])
    X4 = torch.tensor([[1.0, 2.0], [-1.0, 0.5], [0.5, -1.5], [2.0, 1.0]])
    y4 = torch.tensor([1.0, 0.0, 0.0, 1.0])
    return [Call(X, y, lr=1.0, steps=20), Call(X4, y4, lr=0.5, steps=10)]


def _loop_variant(update: str, clear: str = "        w.grad.zero_()\n        b.grad.zero_()\n"):
    return (
        "def train(X, y, lr, steps):\n"
        "    w = torch.zeros(2, requires_grad=True)\n"
        "    b = torch.zeros((), requires_grad=True)\n"
        "    losses = []\n"
        "    for _ in range(steps):\n"
        "        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)\n"
        "        loss.backward()\n"
        f"{update}{clear}"
        "        losses.append(loss.item())\n"
        "    return torch.tensor(losses)\n"
    )


NO_GRAD_DOWN = (
    "        with torch.no_grad():\n            w -= lr * w.grad\n            b -= lr * b.grad\n"
)


def _first_loss_wrong(attempt) -> bool:
    return any(
        isinstance(got, torch.Tensor)
        and got.dim() == 1
        and got.shape == want.shape
        and not mistakes.close(got[0], want[0])
        for got, want in zip(attempt.got, attempt.expected, strict=True)
    )


def _as_example_answer(mistake: Mistake) -> Mistake:
    """A ready-made mistake recognised by its example (its own detector looks at a value
    before and after an update, which a function's loss history does not have)."""
    return dataclasses.replace(mistake, detect=None)


q2 = Exercise(
    id="06.q2",
    question=(
        "Write `train(X, y, lr, steps)`: start from w = zeros(2) and b = 0 (both requiring "
        "grad), then `steps` times: forward pass p = sigmoid(X @ w + b), binary cross-entropy "
        "loss, backward, update under torch.no_grad(), clear the gradients. Record each "
        "step's loss (before its update) and return the history as a tensor, "
        "torch.tensor(losses). The check runs it on fresh data and compares with ours."
    ),
    setup=SETUP_Q2,
    placeholder="def train(X, y, lr, steps):\n    ...",
    solution=SOLUTION_Q2,
    answer=Function("train", calls=_q2_calls),
    hints=[
        "Create w and b inside train, with requires_grad=True, before the loop.",
        "Inside the loop, the five steps in order: forward, loss, loss.backward(), the update "
        "inside `with torch.no_grad():`, then w.grad.zero_() and b.grad.zero_().",
        "Append loss.item() (a plain number) to a list each step, and return "
        "torch.tensor(losses) after the loop.",
    ],
    mistakes=[
        mistakes.used_data(
            example=_loop_variant("        w.data -= lr * w.grad\n        b.data -= lr * b.grad\n"),
        ),
        Mistake(
            id="loss_after_update",
            message=(
                "Your history is one step ahead of ours: record the loss computed in the "
                "forward pass, before the update, and not a loss computed again afterwards."
            ),
            example=_loop_variant(NO_GRAD_DOWN).replace(
                "        losses.append(loss.item())\n",
                "        with torch.no_grad():\n"
                "            after = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)\n"
                "        losses.append(after.item())\n",
            ),
        ),
        Mistake(
            id="not_from_zero",
            message=(
                "The first loss in your history is not the loss at w = 0, b = 0 (for any data "
                "that is log 2 = 0.6931). Start w and b at zero, as the task says, so that "
                "your run can be compared with ours."
            ),
            example=_loop_variant(NO_GRAD_DOWN).replace("torch.zeros(2,", "torch.ones(2,"),
            detect=_first_loss_wrong,
        ),
        _as_example_answer(
            mistakes.update_went_uphill(
                example=_loop_variant(NO_GRAD_DOWN.replace("-=", "+=")),
            )
        ),
        Mistake(
            id="forgot_zero_grad",
            message=(
                "Your losses match ours only at the start: the gradients are never cleared, "
                "so each backward() adds to the last ones and the steps grow. Clear them after "
                "each update with w.grad.zero_() and b.grad.zero_()."
            ),
            example=_loop_variant(NO_GRAD_DOWN, clear=""),
            see=mistakes.SEE_ZERO_GRAD,
        ),
    ],
)
