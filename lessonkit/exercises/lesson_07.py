"""Exercises for 07_clearing_gradients: predict what two backward() calls leave in .grad,
then gradient accumulation over micro-batches."""

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Lesson, Mistake, Value, edit

# What the notebook ran before the exercises: the data (q1 needs nothing more), or the section
# on micro-batches (q2).
DATA = """
import torch
import torch.nn.functional as F

torch.manual_seed(0)
X = torch.randn(16, 2)
y = (X[:, 0] - 0.5 * X[:, 1] + torch.randn(16) > 0).float()
"""
# The code whose result q1 asks to predict; the notebook shows it, then runs it after the check.
TWO_BACKWARDS = """w = torch.tensor(3.0, requires_grad=True)
loss_1 = w ** 2       # d(loss_1)/dw = 2 * w = 6
loss_1.backward()
loss_2 = 5 * w        # d(loss_2)/dw = 5
loss_2.backward()     # no clearing in between
"""
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
lesson = Lesson("07_clearing_gradients", setup=DATA)
ADD_UP = "Gradients add up"
PREDICT = "Predict first: two backward() calls"
MICRO_BATCHES = "When adding up is what you want"
CLEAR = "w.grad = None\nb.grad = None\n"
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
RUN_IT = " The first cell of the next section runs the code: see for yourself."

q1 = lesson.exercise(
    "q1",
    question=(
        "Predict, before you run anything: what does `w.grad` hold after this code? Write "
        "your prediction as a number, `predicted_grad = ...`.\n\n" + TWO_BACKWARDS
    ),
    placeholder="predicted_grad = ...  # a number: your prediction of w.grad",
    solution="""
# loss_1 = w ** 2 gives 2 * w = 6.0; loss_2 = 5 * w gives 5.0; .grad is not cleared in
# between, so the second backward() adds its 5.0 to the 6.0 already there
predicted_grad = 6.0 + 5.0
""",
    answer=Value("predicted_grad", check_dtype=False),
    confirm=TWO_BACKWARDS + "print(f'Autograd agrees: the code leaves w.grad = {w.grad:.4f}.')",
    hints=[
        "One backward() at a time. After loss_1.backward(), w.grad holds d(loss_1)/dw = 2 * w.",
        "loss_2.backward() computes d(loss_2)/dw = 5. Does it replace what w.grad holds, "
        "or add to it? Nothing cleared w.grad in between.",
    ],
    mistakes=[
        Mistake("last_only", edit("6.0 + 5.0", "5.0"),
                "5.0 is the gradient of loss_2 alone: that is what .grad would hold if "
                "backward() overwrote it. It does not: it adds. w.grad already held 6.0 from "
                "loss_1.backward(), so it ends at 6.0 + 5.0 = 11.0." + RUN_IT, see=ADD_UP),
        Mistake("first_only", edit("6.0 + 5.0", "6.0"),
                "6.0 is what the first backward() left. The second one ran too, and it did not "
                "leave .grad alone: it added d(loss_2)/dw = 5, so w.grad ends at 11.0." + RUN_IT,
                see=ADD_UP),
        Mistake("multiplied", edit("6.0 + 5.0", "6.0 * 5.0"),
                "The two gradients do not multiply. The chain rule multiplies derivatives "
                "along one path, inside one backward(); two backward() calls on two losses "
                "each add their own gradient into .grad: 6.0 + 5.0 = 11.0." + RUN_IT, see=ADD_UP),
        Mistake("values_not_gradients", edit("6.0 + 5.0", "9.0 + 15.0"),
                "That is built from the losses' values (w ** 2 = 9, 5 * w = 15), not from "
                "their derivatives: w.grad holds d(loss)/dw, 2 * w = 6.0 for loss_1 and 5.0 "
                "for loss_2, added up: 11.0." + RUN_IT, see=ADD_UP,
                detect=lambda attempt: any(mistakes.close(attempt.got, v)
                                           for v in (9.0, 15.0, 24.0))),
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
