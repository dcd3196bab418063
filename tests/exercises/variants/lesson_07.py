"""Right and wrong answers learners write for 07_clearing_gradients
(tests/exercises/test_variants.py).

A case that needs the learner's notebook cell (the checks read it from `In`, as in Jupyter) is
built with `as_notebook_cell`.
"""

from functools import partial

from lessonkit.exercises import lesson_07
from lessonkit.exercises.mistakes import as_notebook_cell

# ---------------------------------------------------------------- q1: train(w, b, X, y, lr, steps)

HEAD = """def train(w, b, X, y, lr, steps):
    losses = []
    for _ in range(steps):
"""
FORWARD = """        p = torch.sigmoid(X @ w + b)
        loss = F.binary_cross_entropy(p, y)
"""
UPDATE = """        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
"""
CLEAR = """        w.grad = None
        b.grad = None
"""
TAIL = """        losses.append(loss.item())
    return torch.tensor(losses)
"""
BACKWARD = "        loss.backward()\n"
# The notebook made an optimizer before this exercise (section 'optimizer.zero_grad()'); the
# first one a Python process makes takes seconds to import, more than a check allows a call.
OPTIMIZER_USED = "torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.5)\n"

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
        # zero_() before backward(), once a gradient exists
        HEAD + "        if w.grad is not None:\n            w.grad.zero_()\n"
        "            b.grad.zero_()\n" + FORWARD + BACKWARD + UPDATE + TAIL,
        # cleared after the update, as lesson 06 did
        HEAD + FORWARD + BACKWARD + UPDATE
        + "        w.grad.zero_()\n        b.grad.zero_()\n" + TAIL,
        # the notebook's own optimizer version
        OPTIMIZER_USED + """def train(w, b, X, y, lr, steps):
    optimizer = torch.optim.SGD([w, b], lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return torch.tensor(losses)
""",
        # expit, sub_ and a stack of detached losses
        HEAD + CLEAR + """        loss = F.binary_cross_entropy(torch.special.expit(X @ w + b), y)
        loss.backward()
        with torch.no_grad():
            w.sub_(lr * w.grad)
            b.sub_(lr * b.grad)
        losses.append(loss.detach())
    return torch.stack(losses)
""",
        # the loss by hand, float() and a float64 history
        HEAD + """        p = torch.sigmoid(X @ w + b)
        loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
""" + CLEAR + BACKWARD + UPDATE + """        losses.append(float(loss))
    return torch.tensor(losses, dtype=torch.float64)
""",
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
        # cleared once, before the loop
        ("def train(w, b, X, y, lr, steps):\n    losses = []\n    w.grad = None\n"
         "    b.grad = None\n    for _ in range(steps):\n" + FORWARD + BACKWARD + UPDATE + TAIL,
         "never_zeroed"),
        ("train = train_buggy\n", "never_zeroed"),
        # no update at all: the losses never change, but nothing was cleared too soon
        (HEAD + FORWARD + BACKWARD + TAIL, None),
        (HEAD + CLEAR + FORWARD + BACKWARD + TAIL, None),
        # the optimizer, cleared between backward() and step()
        (OPTIMIZER_USED + """def train(w, b, X, y, lr, steps):
    optimizer = torch.optim.SGD([w, b], lr=lr)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        optimizer.zero_grad(set_to_none=False)
        optimizer.step()
        losses.append(loss.item())
    return torch.tensor(losses)
""", "zeroed_before_step"),
        (HEAD + FORWARD + BACKWARD
         + "        w.grad = torch.zeros_like(w)\n        b.grad = torch.zeros_like(b)\n"
         + UPDATE + TAIL, "zeroed_before_step"),
        # set to None between backward() and the update: the update fails
        (HEAD + FORWARD + BACKWARD + CLEAR + UPDATE + TAIL, None),
        # zero_() at the very first step, when .grad is still None
        (HEAD + "        w.grad.zero_()\n        b.grad.zero_()\n" + FORWARD + BACKWARD
         + UPDATE + TAIL, None),
        # only w cleared, after the update
        (HEAD + FORWARD + BACKWARD + UPDATE + "        w.grad.zero_()\n" + TAIL,
         "zeroed_only_w"),
        (HEAD + CLEAR + FORWARD + BACKWARD + UPDATE.replace("-=", "+=") + TAIL, None),
        (HEAD + CLEAR + FORWARD + BACKWARD + UPDATE
         + "        losses.append(loss.item())\n    return losses\n", None),
        # return inside the loop
        (HEAD + CLEAR + FORWARD + BACKWARD + UPDATE
         + "        losses.append(loss.item())\n        return torch.tensor(losses)\n", None),
        # a new w outside no_grad: no .grad at the second step
        (HEAD + CLEAR + FORWARD + BACKWARD
         + "        w = w - lr * w.grad\n        b = b - lr * b.grad\n" + TAIL, None),
        # cleared too soon, and the losses recorded after the loop only
        (HEAD + FORWARD + BACKWARD + "        w.grad.zero_()\n        b.grad.zero_()\n" + UPDATE
         + "    losses.append(loss.item())\n    return torch.tensor(losses)\n", None),
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
