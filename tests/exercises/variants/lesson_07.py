"""Right and wrong answers learners write for 07_clearing_gradients
(tests/exercises/test_variants.py).

A case that needs the learner's notebook cell (the checks read it from `In`, as in Jupyter) is
built with `as_notebook_cell`.
"""

from functools import partial

from lessonkit.exercises import lesson_07
from lessonkit.exercises.mistakes import as_notebook_cell

# ---------------------------------------------------------------- q2: 8 micro-batches

LOOP_OF_8 = """for start in range(0, 16, 2):
    X_part, y_part = X[start:start + 2], y[start:start + 2]
    part_loss = F.binary_cross_entropy(torch.sigmoid(X_part @ w + b), y_part)
"""
CLEARED = "w.grad = None\nb.grad = None\n"
COPY = "grad_w_accumulated = w.grad.clone()\n"
cell = partial(as_notebook_cell, lesson_07.q2.setup)  # the answer as a notebook cell


RIGHT = {
    "07.q1": [
        "predicted_grad = 11",
        "predicted_grad = 6 + 5  # the second backward() adds",
        "predicted_grad = torch.tensor(11.0)",
        "predicted_grad = 2 * 3.0 + 5",
    ],
    "07.q2": [
        "w.grad.zero_()\nb.grad.zero_()\n"
        """for i in range(8):
    Xb, yb = X[2 * i:2 * i + 2], y[2 * i:2 * i + 2]
    loss = F.binary_cross_entropy(torch.sigmoid(Xb @ w + b), yb) / 8
    loss.backward()
""" + COPY,
        CLEARED + """for X_part, y_part in zip(X.split(2), y.split(2)):
    p = torch.sigmoid(X_part @ w + b)
    F.binary_cross_entropy(p, y_part, reduction="sum").div(16).backward()
""" + COPY,
        # a float64 copy
        "w.grad = b.grad = None\nn = 8\n" + LOOP_OF_8
        + "    (part_loss / n).backward()\ngrad_w_accumulated = w.grad.clone().double()\n",
        # as a notebook cell
        cell(CLEARED + LOOP_OF_8 + "    part_loss = part_loss / 8\n    part_loss.backward()\n"
             + COPY),
    ],
}

WRONG = {
    "07.q1": [
        ("predicted_grad = 5.0  # backward() overwrites .grad", "last_only"),
        ("predicted_grad = torch.tensor(5.)", "last_only"),
        ("predicted_grad = 2 * 3", "first_only"),
        ("predicted_grad = 6  # the second backward() needs its own graph", "first_only"),
        ("predicted_grad = 30", "multiplied"),
        ("predicted_grad = 2 * 3.0 * 5", "multiplied"),
        ("predicted_grad = 24.0", "values_not_gradients"),
        ("predicted_grad = 15  # loss_2 = 5 * w", "values_not_gradients"),
        ("predicted_grad = 3.0 ** 2", "values_not_gradients"),
        # the first gradient twice, the second loss overlooked
        ("predicted_grad = 12", None),
        ("predicted_grad = 0.0  # cleared by the second backward()", None),
        ("predicted_grad = -11", None),
        ("predicted_grad = 6 + 1", None),
    ],
    "07.q2": [
        # the worked example's division by 4 (or by the micro-batch size 2), .grad cleared
        (cell(CLEARED + LOOP_OF_8 + "    (part_loss / 4).backward()\n" + COPY),
         "divided_by_wrong_count"),
        (cell("w.grad = b.grad = None\n" + LOOP_OF_8 + "    loss = part_loss / 2\n"
              "    loss.backward()\n" + COPY), "divided_by_wrong_count"),
        (cell(CLEARED + LOOP_OF_8 + "    (part_loss / len(X)).backward()\n" + COPY),
         "divided_by_examples"),
        # the worked example's loop of 4 micro-batches of 4, only its division changed to 8
        (cell(CLEARED + LOOP_OF_8.replace("2)", "4)").replace("+ 2]", "+ 4]")
              + "    (part_loss / 8).backward()\n" + COPY), None),
        # not cleared first, the cell run twice
        ((LOOP_OF_8 + "    (part_loss / 8).backward()\n") * 2 + COPY, "grad_multiplied"),
        # cleared in the loop, and not divided (or divided by 4)
        (CLEARED + LOOP_OF_8 + "    w.grad = None\n    b.grad = None\n    part_loss.backward()\n"
         + COPY, "zeroed_each_micro_batch"),
        (LOOP_OF_8 + "    w.grad = b.grad = None\n    (part_loss / 4).backward()\n" + COPY,
         "zeroed_each_micro_batch"),
        # w.grad 8 times too big, its copy divided
        (CLEARED + LOOP_OF_8 + "    part_loss.backward()\ngrad_w_accumulated = w.grad / 8\n",
         "fixed_the_copy"),
        # not divided by 8, .grad cleared first
        (CLEARED + LOOP_OF_8 + "    part_loss.backward()\n" + COPY, "forgot_scale"),
        (cell("w.grad.zero_()\nb.grad.zero_()\n" + LOOP_OF_8 + "    part_loss.backward()\n"
              + COPY), "forgot_scale"),
        # divided by the 16 examples
        (CLEARED + LOOP_OF_8 + "    part_loss = part_loss / 16\n    part_loss.backward()\n"
         + COPY, "divided_by_examples"),
        # neither cleared nor divided
        (LOOP_OF_8 + "    part_loss.backward()\n" + COPY, "forgot_scale_and_clear"),
        ("for X_part, y_part in zip(X.split(2), y.split(2)):\n"
         "    F.binary_cross_entropy(torch.sigmoid(X_part @ w + b), y_part).backward()\n" + COPY,
         "forgot_scale_and_clear"),
        (CLEARED + LOOP_OF_8 + "    part_loss.backward()\n"
         "grad_w_accumulated = w.grad.clone() / 8\n", "fixed_the_copy"),
        # not cleared first: the previous cell's full-batch gradient is still in .grad
        (LOOP_OF_8 + "    (part_loss / 8).backward()\n" + COPY, "grad_multiplied"),
        # the worked example's value, reused
        ("grad_w_accumulated = unscaled_grad_w.clone()\n", None),
        (CLEARED + LOOP_OF_8 + "    (part_loss / 8).backward()\n"
         "grad_w_accumulated = b.grad.clone()\n", None),
        (CLEARED + LOOP_OF_8 + "    (part_loss * 8).backward()\n" + COPY, None),
        (CLEARED + LOOP_OF_8 + "    (part_loss / 8).backward()\n"
         "grad_w_accumulated = w.grad.clone() / 8\n", None),
        (CLEARED + LOOP_OF_8 + "    (part_loss / 8).backward()\n"
         "grad_w_accumulated = w.grad.clone().tolist()\n", None),
        (CLEARED + LOOP_OF_8 + "    (part_loss / 8).backward()\n"
         "grad_w_accumulated = w.grad.clone().unsqueeze(0)\n", None),
    ],
}
