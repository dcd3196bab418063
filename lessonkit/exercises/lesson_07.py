"""Exercises for 07_clearing_gradients: a training loop that clears its gradients, and
gradient accumulation over micro-batches."""

import torch

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Call, Function, Lesson, Mistake, Value, edit

# What the notebook ran before the exercises: the data, then train_buggy (q1), which is the
# solution TRAIN without its CLEARING lines, or the section on micro-batches (q2).
DATA = """
import torch
import torch.nn.functional as F

torch.manual_seed(0)
X = torch.randn(16, 2)
y = (X[:, 0] - 0.5 * X[:, 1] + torch.randn(16) > 0).float()
"""
TRAIN = """
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
"""
CLEARING = ("        w.grad = None  # clear before backward(), so .grad holds this step's "
            "gradient only\n        b.grad = None\n")
BUGGY = TRAIN.replace(CLEARING, "").replace("def train(", "def train_buggy(")
# The micro-batches section leaves in w.grad the full-batch gradient, accumulated over 4
# micro-batches: LOOP_OF_4 runs once unscaled, then once scaled.
LOOP_OF_4 = """w.grad = b.grad = None
for start in range(0, 16, 4):
    X_part, y_part = X[start:start + 4], y[start:start + 4]
    part_loss = F.binary_cross_entropy(torch.sigmoid(X_part @ w + b), y_part)
"""
MICRO = f"""
w = torch.tensor([0.5, -0.3], requires_grad=True)
b = torch.tensor(0.1, requires_grad=True)

loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
loss.backward()
full_grad_w = w.grad.clone()
full_grad_b = b.grad.clone()

{LOOP_OF_4}    part_loss.backward()
unscaled_grad_w = w.grad.clone()

{LOOP_OF_4}    (part_loss / 4).backward()
"""
lesson = Lesson("07_clearing_gradients", setup=DATA + BUGGY)
ADD_UP = "Gradients add up"
MICRO_BATCHES = "When adding up is what you want"
CLEAR = "w.grad = None\nb.grad = None\n"
ZEROED_BEFORE_STEP = TRAIN.replace(
    "loss.backward()\n", "loss.backward()\n        w.grad.zero_()\n        b.grad.zero_()\n")
UPDATES = {"no_grad", "data", "sub_", "step"}  # what a learner's update step is written with
SOLUTION_Q2 = """
w.grad = None
b.grad = None
for start in range(0, 16, 2):
    X_part, y_part = X[start:start + 2], y[start:start + 2]
    part_loss = F.binary_cross_entropy(torch.sigmoid(X_part @ w + b), y_part)
    (part_loss / 8).backward()
grad_w_accumulated = w.grad.clone()
"""
EACH_MICRO_BATCH = SOLUTION_Q2.replace("    (part_loss", "    w.grad = None\n    b.grad = None\n"
                                       "    (part_loss")
BY_EXAMPLES = SOLUTION_Q2.replace("/ 8)", "/ 16)")
CLEARS = r"\.grad\s*=\s*(None|torch\.zeros)|zero_\(|zero_grad\("


def _train_calls():
    """Fresh parameters for every check (train changes them in place)."""
    g, grad = torch.Generator().manual_seed(7), {"requires_grad": True}
    X = torch.randn(16, 2, generator=g)
    y = (X[:, 0] - 0.5 * X[:, 1] + torch.randn(16, generator=g) > 0).float()
    X2 = torch.randn(10, 3, generator=g)
    y2 = (X2.sum(dim=1) > 0).float()
    return [
        Call(torch.zeros(2, **grad), torch.zeros((), **grad), X, y, 0.5, 60),
        Call(torch.tensor([0.3, -0.2], **grad), torch.zeros((), **grad), X, y, 0.3, 25),
        Call(torch.zeros(3, **grad), torch.tensor(0.5, **grad), X2, y2, 1.0, 10),
    ]


q1 = lesson.exercise(
    "q1",
    question=(
        "`train_buggy` never clears its gradients. Write `train(w, b, X, y, lr, steps)`: the "
        "same loop, fixed, so that every step uses only that step's gradient. Like "
        "`train_buggy`, it updates `w` and `b` in place and returns the losses of every step "
        "as a tensor (`torch.tensor(losses)`)."
    ),
    placeholder="def train(w, b, X, y, lr, steps):\n    ...",
    solution=TRAIN,
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
        Mistake("never_zeroed", edit(CLEARING, ""),  # that is train_buggy
                "Your losses are those of a loop whose gradients are never cleared (or cleared "
                "only once, before the loop): at each step .grad holds the sum of all the "
                "gradients so far, so the steps grow and the loss bounces back up. Clear "
                "w.grad and b.grad inside the loop, once per step.", see=ADD_UP),
        Mistake("zeroed_before_step", ZEROED_BEFORE_STEP,
                "Your loss never changes: the gradients are cleared after backward() but "
                "before the update, so every update subtracts lr * 0. Clear them before "
                "backward() (or after the update) instead.", see="Where the clearing goes",
                # the same losses, from a loop that has an update (one without any has them too)
                detect=lambda attempt: bool(UPDATES & mistakes.code_names(attempt.value.__code__))
                and mistakes.same_as_any(ZEROED_BEFORE_STEP)(attempt)),
        Mistake("zeroed_only_w", edit("        b.grad = None\n", ""),
                "Only w's gradient is cleared: b.grad still adds up from step to step, so b "
                "takes ever bigger steps. Clear every parameter's gradient (this is what "
                "optimizer.zero_grad() does for you).", see=ADD_UP),
    ],
)

q2 = lesson.exercise(
    "q2",
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
    solution=SOLUTION_Q2,
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
        Mistake("forgot_scale", edit("(part_loss / 8)", "part_loss"),
                "Your gradient is 8 times the full-batch one: the 8 micro-batch losses are "
                "means, and adding 8 means gives 8 times their average. Divide each loss by "
                "the number of micro-batches: (part_loss / 8).backward().", see=MICRO_BATCHES),
        Mistake("divided_by_examples", BY_EXAMPLES,
                "Your gradient is half the full-batch one: each micro-batch loss is already a "
                "mean over its 2 examples, so divide it by the number of micro-batches (8), "
                "not by the number of examples (16).", see=MICRO_BATCHES,
                # not a cell that divides by 8 (its micro-batches are then the example's 4 rows)
                detect=lambda attempt: mistakes.same_as_any(BY_EXAMPLES)(attempt)
                and not mistakes.cell_order(attempt.name, r"/\s*8\b", r"backward\(")(attempt)),
        Mistake("zeroed_each_micro_batch", EACH_MICRO_BATCH,
                "Your gradient is that of the last micro-batch only: clearing .grad inside the "
                "loop throws the earlier micro-batches away. Clear once, before the loop.",
                see=MICRO_BATCHES,  # a whole multiple of it too: the loss not divided by 8
                detect=lambda attempt: mistakes.whole_ratio(
                    attempt.got, attempt.answer_of(EACH_MICRO_BATCH)) is not None),
        Mistake("forgot_scale_and_clear", edit(CLEAR, "", "(part_loss / 8)", "part_loss"),
                "Your gradient is 9 times the full-batch one: 8 times from adding 8 undivided "
                "means, plus the full-batch gradient the previous cell left in .grad. Clear "
                "first, and divide each loss by 8: (part_loss / 8).backward().",
                see=MICRO_BATCHES),
        Mistake("divided_by_wrong_count", mistakes.as_notebook_cell(
                    DATA + MICRO, SOLUTION_Q2.replace("/ 8)", "/ 4)")),
                "Your gradient is {times} times the full-batch one, although .grad was cleared "
                "first: each micro-batch loss was divided by too small a number. Divide it by "
                "the number of micro-batches, 8 here (the example above had 4): "
                "(part_loss / 8).backward().", see=MICRO_BATCHES,
                # cleared in the cell before its backward(): no leftover, so the scale is wrong
                detect=lambda attempt: mistakes.cell_order(attempt.name, CLEARS, r"backward\(")(
                    attempt) and mistakes.is_whole_multiple(attempt)),
        Mistake("fixed_the_copy", edit("(part_loss / 8)", "part_loss", ".clone()", ".clone() / 8"),
                "`grad_w_accumulated` holds the right numbers, but w.grad itself is not the "
                "full-batch gradient, and w.grad is what an update step uses. Get w.grad itself "
                "right: clear it before the loop, and divide each micro-batch loss by 8 before "
                "its backward().", see=MICRO_BATCHES,
                detect=lambda attempt: mistakes.is_right(attempt)
                and not mistakes.close(attempt.ns["w"].grad, attempt.expected)),
        mistakes.grad_multiplied(edit(CLEAR, ""),  # not the worked example's 4x, reused
                                 detect=lambda attempt: not mistakes.close(
                                     attempt.got, attempt.before("unscaled_grad_w"))
                                 and mistakes.is_whole_multiple(attempt)),
    ],
)
