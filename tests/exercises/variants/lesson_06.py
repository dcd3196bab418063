"""Right and wrong answers learners write for 06_update (tests/exercises/test_variants.py)."""

from lessonkit.exercises.core import edit

CLEAR = "w.grad.zero_()\nb.grad.zero_()\n"
# A cell that uses .data, kept in `In` as IPython keeps the cells a learner ran.
DATA_CELL = "w.data -= lr * w.grad\nb.data -= lr * b.grad\nw.grad.zero_()\nb.grad.zero_()\n"
DATA_CELL2 = "w.data.sub_(lr * w.grad)\nb.data.sub_(lr * b.grad)\nw.grad = None\nb.grad = None\n"

# 06.q2: the reference loop, from which most variants below change a line or two.
BASE = """
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
"""
LOSS = "        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)\n"
LOSS_OF_P = "        p = torch.sigmoid(X @ w + b)\n        loss = F.binary_cross_entropy(p, y)\n"
HAND_LOSS = "-(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()"
ZERO = "        w.grad.zero_()\n        b.grad.zero_()\n"
UPDATE_AND_ZERO = """        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
""" + ZERO
# The loss computed again, at the new w and b.
LOSS_AGAIN = "F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)"

# The reference with the probabilities p on a line of their own.
WITH_P = edit(LOSS, LOSS_OF_P).applied_to(BASE)
# The reference with the loss recorded before backward(), not at the end of the step.
RECORD = "        losses.append(loss.item())\n"
RECORD_FIRST = edit("        loss.backward()\n", RECORD + "        loss.backward()\n",
                    ZERO + RECORD, ZERO).applied_to(BASE)
# train_buggy's shape with its bug fixed: each parameter stepped, then its gradient cleared.
FIXED = edit(UPDATE_AND_ZERO, """        for param in (w, b):
            with torch.no_grad():
                param -= lr * param.grad
            param.grad.zero_()
""").applied_to(BASE)

RIGHT = {
    "06.q1": [
        "with torch.no_grad():\n    w.sub_(lr * w.grad)\n    b.sub_(lr * b.grad)\n" + CLEAR,
        "with torch.no_grad():\n    w -= lr * w.grad\n    b -= lr * b.grad\n"
        "w.grad = None\nb.grad = None\n",
        "with torch.no_grad():\n    for param in (w, b):\n        param -= lr * param.grad\n"
        "        param.grad.zero_()\n",
        "with torch.no_grad():\n    w.copy_(w - lr * w.grad)\n    b.copy_(b - lr * b.grad)\n"
        + CLEAR,
        "with torch.no_grad():\n    w.add_(w.grad, alpha=-lr)\n    b.add_(b.grad, alpha=-lr)\n"
        + CLEAR,
        "with torch.no_grad():\n    w -= lr * w.grad\n    b -= lr * b.grad\n"
        "    w.grad.zero_()\n    b.grad.zero_()\n",
    ],
    "06.q2": [
        # a sigmoid and a loss written by hand, the loss recorded first, cleared with None
        edit("for _ in", "for i in",
             LOSS, "        p = 1 / (1 + torch.exp(-(X @ w + b)))\n"
             f"        loss = {HAND_LOSS}\n",
             ZERO, "        w.grad = None\n        b.grad = None\n").applied_to(RECORD_FIRST),
        """
def train(X, y, lr, steps):
    w = torch.tensor([0.0, 0.0], requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    losses = []
    for step in range(steps):
        z = X @ w + b
        loss = F.binary_cross_entropy_with_logits(z, y)
        loss.backward()
        with torch.no_grad():
            w.sub_(lr * w.grad)
            b.sub_(lr * b.grad)
            w.grad.zero_()
            b.grad.zero_()
        losses.append(loss.detach())
    return torch.stack(losses)
""",
        # b of shape (1,), a float64 history
        edit("torch.zeros((),", "torch.zeros(1,",
             "torch.sigmoid(", "torch.special.expit(",
             "torch.tensor(losses)", "torch.tensor(losses, dtype=torch.float64)",
             ).applied_to(WITH_P),
        # the loss tensors themselves, turned into one tensor at the end
        edit(ZERO, "            w.grad.zero_()\n            b.grad.zero_()\n",
             "losses.append(loss.item())", "losses.append(loss)").applied_to(BASE),
        # the bug fixed in train_buggy's own shape: the clear after the step, inside no_grad
        edit(LOSS, LOSS_OF_P,
             "            param.grad.zero_()\n", "                param.grad.zero_()\n",
             ).applied_to(FIXED),
        # the gradients cleared at the start of every step, before backward()
        edit("    for _ in range(steps):\n",
             "    for _ in range(steps):\n        w.grad = None\n        b.grad = None\n",
             UPDATE_AND_ZERO, """        with torch.no_grad():
            for param in (w, b):
                param -= lr * param.grad
""").applied_to(BASE),
    ],
}

WRONG = {
    "06.q1": [
        ("w = torch.sub(w, lr * w.grad)\nb = torch.sub(b, lr * b.grad)\n",
         "updated_outside_no_grad"),
        ("w = w - lr * w.grad\n", "updated_outside_no_grad"),
        ("with torch.no_grad():\n    w.add_(lr * w.grad)\n    b.add_(lr * b.grad)\n" + CLEAR,
         "update_went_uphill"),
        # uphill, and the gradients not cleared: going uphill is the mistake to fix first
        ("with torch.no_grad():\n    w -= -lr * w.grad\n    b -= -lr * b.grad\n",
         "update_went_uphill"),
        ("with torch.no_grad():\n    w.sub_(w.grad)\n    b.sub_(b.grad)\n" + CLEAR,
         "forgot_learning_rate"),
        ("with torch.no_grad():\n    w -= lr * w.grad\nw.grad.zero_()\n", "b_not_updated"),
        ("with torch.no_grad():\n    w -= lr * w.grad\n    b -= lr * w.grad.sum()\n" + CLEAR,
         "b_wrong"),
        ("with torch.no_grad():\n    w -= lr * w.grad\n    b -= lr * b.grad\nw.grad.zero_()\n",
         "forgot_zero_grad"),
        (DATA_CELL + f"In = ['', {DATA_CELL!r}]\n", "used_data"),
        (DATA_CELL2 + f"In = ['', {DATA_CELL2!r}]\n", "used_data"),
        # the learning rate left out, written as a plain subtraction
        ("with torch.no_grad():\n    w -= w.grad\n    b -= b.grad\n" + CLEAR,
         "forgot_learning_rate"),
        # b updated in a cell of its own that was never run
        ("with torch.no_grad():\n    w.sub_(lr * w.grad)\n" + CLEAR, "b_not_updated"),
        # b stepped with w's first gradient
        ("with torch.no_grad():\n    w -= lr * w.grad\n    b -= lr * w.grad[0]\n" + CLEAR,
         "b_wrong"),
        # only b's gradient cleared
        ("with torch.no_grad():\n    w -= lr * w.grad\n    b -= lr * b.grad\nb.grad.zero_()\n",
         "forgot_zero_grad"),
        # out of place inside no_grad: w is a new tensor that does not require grad
        ("with torch.no_grad():\n    w = w - lr * w.grad\n    b = b - lr * b.grad\n", None),
        ("with torch.no_grad():\n    w -= 0.1 * w.grad\n    b -= 0.1 * b.grad\n" + CLEAR, None),
        # cleared before the update: the step is lr * 0
        (CLEAR + "with torch.no_grad():\n    w -= lr * w.grad\n    b -= lr * b.grad\n", None),
        ("with torch.no_grad():\n    w += w.grad\n    b += b.grad\n" + CLEAR, None),
        ("with torch.no_grad():\n    w -= lr * w.grad\n    b -= lr * b.grad\n" + CLEAR
         + "w.requires_grad_(False)\n", None),
        ("with torch.no_grad():\n    w -= lr * w.grad\n    b -= lr * b.grad\nw = w.detach()\n"
         "b.grad.zero_()\n", None),
        ("with torch.no_grad():\n    w -= lr * w.grad.mean()\n    b -= lr * b.grad\n" + CLEAR,
         None),
        ("with torch.no_grad():\n    w -= lr * w.grad / len(y4)\n    b -= lr * b.grad / len(y4)\n"
         + CLEAR, None),
    ],
    "06.q2": [
        # from zero, but the loss is a sum: the first loss is 100 log 2 (not not_from_zero)
        (edit("(p, y)", '(p, y, reduction="sum")').applied_to(WITH_P), None),
        # from zero, but the sigmoid twice
        (edit("(p, y)", "(torch.sigmoid(p), y)").applied_to(WITH_P), None),
        # from zero, with a mean squared error
        (edit("F.binary_cross_entropy(p, y)", "((p - y) ** 2).mean()").applied_to(WITH_P), None),
        # w starts random
        (edit("w = torch.zeros(", "w = torch.randn(").applied_to(RECORD_FIRST), "not_from_zero"),
        # b starts at one
        (edit("b = torch.zeros(", "b = torch.ones(").applied_to(RECORD_FIRST), "not_from_zero"),
        # the gradient added, not subtracted
        (edit("w -= lr * w.grad", "w.add_(lr * w.grad)",
              "b -= lr * b.grad", "b.add_(lr * b.grad)").applied_to(BASE), "update_went_uphill"),
        # uphill with a loss written by hand: the history runs into NaN
        (edit("F.binary_cross_entropy(p, y)", HAND_LOSS, "-= lr", "+= lr").applied_to(WITH_P),
         "update_went_uphill"),
        # uphill for w only
        (edit("for _ in", "for i in", "w -= lr", "w += lr").applied_to(RECORD_FIRST),
         "update_went_uphill"),
        # uphill, and the gradients never cleared
        (edit("torch.sigmoid(X @ w + b)", "1 / (1 + torch.exp(-(X @ w + b)))",
              "F.binary_cross_entropy(p, y)", HAND_LOSS, "-= lr", "+= lr", ZERO, "",
              ).applied_to(WITH_P), "update_went_uphill"),
        # never cleared, with a loss written by hand: the history runs into NaN
        (edit("F.binary_cross_entropy(p, y)", HAND_LOSS, ZERO, "").applied_to(WITH_P),
         "forgot_zero_grad"),
        # only w's gradient cleared
        (edit("        b.grad.zero_()\n", "").applied_to(RECORD_FIRST), "forgot_zero_grad"),
        # only b's gradient cleared
        (edit("        w.grad.zero_()\n", "").applied_to(RECORD_FIRST), "forgot_zero_grad"),
        # the loss computed again after the update, and that one recorded
        (edit("        losses.append(loss.item())\n",
              f"        new_loss = {LOSS_AGAIN}\n"
              "        losses.append(new_loss.item())\n").applied_to(BASE), "loss_after_update"),
        # .data assigned inside no_grad
        (edit("w -= lr * w.grad", "w.data = w.data - lr * w.grad",
              "b -= lr * b.grad", "b.data = b.data - lr * b.grad").applied_to(BASE), "used_data"),
        # cleared before the step, written out for w and b: the step is lr * 0
        (edit("        with torch.no_grad():\n", ZERO + "        with torch.no_grad():\n",
              "            b -= lr * b.grad\n" + ZERO, "            b -= lr * b.grad\n",
              ).applied_to(BASE), "cleared_before_step"),
        # b never updated (its gradient cleared with None, not zero_)
        (edit("for _ in", "for i in", "            b -= lr * b.grad\n", "",
              ZERO, "        w.grad = None\n        b.grad = None\n").applied_to(RECORD_FIRST),
         None),
        # b never updated
        (edit("            b -= lr * b.grad\n", "").applied_to(BASE), None),
        # the update outside no_grad: w has no .grad at the second step
        (edit(UPDATE_AND_ZERO, "        w = w - lr * w.grad\n        b = b - lr * b.grad\n",
              ).applied_to(BASE), None),
        # the learning rate left out: right for lr = 1, wrong for lr = 0.5
        (edit("-= lr * ", "-= ").applied_to(BASE), None),
        # the notebook's 50 steps, not `steps`
        (edit("range(steps)", "range(50)").applied_to(BASE), None),
        # the notebook's X and y, not the arguments
        (edit("def train(X, y,", "def train(X_train, y_train,").applied_to(BASE), None),
        # one loss too many: the loss after the last step as well
        (edit("    return", f"    losses.append({LOSS_AGAIN}.item())\n    return",
              ).applied_to(RECORD_FIRST), None),
        # recorded after the update and uphill: two mistakes, the first loss not log 2
        (edit("-= lr", "+= lr", "losses.append(loss.item())", f"losses.append({LOSS_AGAIN}.item())",
              ).applied_to(BASE), None),
        # a list returned, not a tensor
        (edit("return torch.tensor(losses)", "return losses").applied_to(BASE), None),
        # forgot to return
        (edit("    return torch.tensor(losses)\n", "").applied_to(BASE), None),
        # prediction and target swapped: binary_cross_entropy raises
        (edit("(p, y)", "(y, p)").applied_to(WITH_P), None),
        # the bug kept, the gradient replaced by zeros instead of zero_()
        (edit("""            with torch.no_grad():
                param -= lr * param.grad
            param.grad.zero_()
""", """            param.grad = torch.zeros_like(param.grad)
            with torch.no_grad():
                param -= lr * param.grad
""").applied_to(FIXED), "cleared_before_step"),
        # the fix through .data, the clear moved after the step
        (edit(LOSS, LOSS_OF_P,
              "            with torch.no_grad():\n                param -= lr * param.grad\n",
              "            param.data.sub_(lr * param.grad)\n").applied_to(FIXED), "used_data"),
        # fixed, but the loss recorded again after the update
        (edit("        losses.append(loss.item())\n",
              f"        with torch.no_grad():\n            losses.append({LOSS_AGAIN}.item())\n",
              ).applied_to(FIXED), "loss_after_update"),
        # the "fix" deletes the clearing instead of moving it
        (edit(LOSS, LOSS_OF_P, "            param.grad.zero_()\n", "").applied_to(FIXED),
         "forgot_zero_grad"),
        # the clear moved, but the step now adds the gradient
        (edit("param -= lr", "param += lr").applied_to(FIXED), "update_went_uphill"),
        # the fix also drops the learning rate: right for lr = 1 only
        (edit("param -= lr * ", "param -= ").applied_to(FIXED), None),
        # backward() moved after the update: at the first step param.grad is still None
        (edit("        loss.backward()\n", "",
              "        losses.append", "        loss.backward()\n        losses.append",
              ).applied_to(FIXED), None),
    ],
}
