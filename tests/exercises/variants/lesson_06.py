"""Right and wrong answers learners write for 06_update (tests/exercises/test_variants.py)."""

CLEAR = "w.grad.zero_()\nb.grad.zero_()\n"
# A cell that uses .data, kept in `In` as IPython keeps the cells a learner ran.
DATA_CELL = "w.data -= lr * w.grad\nb.data -= lr * b.grad\nw.grad.zero_()\nb.grad.zero_()\n"
DATA_CELL2 = "w.data.sub_(lr * w.grad)\nb.data.sub_(lr * b.grad)\nw.grad = None\nb.grad = None\n"

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
        # a sigmoid and a loss written by hand
        """
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for i in range(steps):
        p = 1 / (1 + torch.exp(-(X @ w + b)))
        loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad = None
        b.grad = None
    return torch.tensor(losses)
""",
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
        """
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    losses = []
    for _ in range(steps):
        p = torch.special.expit(X @ w + b)
        loss = F.binary_cross_entropy(p, y)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses, dtype=torch.float64)
""",
        # the loss tensors themselves, turned into one tensor at the end
        """
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
        losses.append(loss)
    return torch.tensor(losses)
""",
        # the bug fixed in train_buggy's own shape: the clear after the step, inside no_grad
        """
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)
        loss = F.binary_cross_entropy(p, y)
        loss.backward()
        for param in (w, b):
            with torch.no_grad():
                param -= lr * param.grad
                param.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
""",
        # the gradients cleared at the start of every step, before backward()
        """
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        w.grad = None
        b.grad = None
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        with torch.no_grad():
            for param in (w, b):
                param -= lr * param.grad
        losses.append(loss.item())
    return torch.tensor(losses)
""",
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
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)
        loss = F.binary_cross_entropy(p, y, reduction="sum")
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
""", None),
        # from zero, but the sigmoid twice
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)
        loss = F.binary_cross_entropy(torch.sigmoid(p), y)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
""", None),
        # from zero, with a mean squared error
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)
        loss = ((p - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
""", None),
        ("""
def train(X, y, lr, steps):
    w = torch.randn(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return torch.tensor(losses)
""", "not_from_zero"),
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.ones((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return torch.tensor(losses)
""", "not_from_zero"),
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        with torch.no_grad():
            w.add_(lr * w.grad)
            b.add_(lr * b.grad)
        w.grad.zero_()
        b.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
""", "update_went_uphill"),
        # uphill with a loss written by hand: the history runs into NaN
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)
        loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
        loss.backward()
        with torch.no_grad():
            w += lr * w.grad
            b += lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
""", "update_went_uphill"),
        # uphill for w only
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for i in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w += lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return torch.tensor(losses)
""", "update_went_uphill"),
        # uphill, and the gradients never cleared
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        p = 1 / (1 + torch.exp(-(X @ w + b)))
        loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
        loss.backward()
        with torch.no_grad():
            w += lr * w.grad
            b += lr * b.grad
        losses.append(loss.item())
    return torch.tensor(losses)
""", "update_went_uphill"),
        # never cleared, with a loss written by hand: the history runs into NaN
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)
        loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        losses.append(loss.item())
    return torch.tensor(losses)
""", "forgot_zero_grad"),
        # only w's gradient cleared
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
    return torch.tensor(losses)
""", "forgot_zero_grad"),
        # only b's gradient cleared
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        b.grad.zero_()
    return torch.tensor(losses)
""", "forgot_zero_grad"),
        ("""
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
        new_loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        losses.append(new_loss.item())
    return torch.tensor(losses)
""", "loss_after_update"),
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        with torch.no_grad():
            w.data = w.data - lr * w.grad
            b.data = b.data - lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
""", "used_data"),
        # cleared before the step, written out for w and b: the step is lr * 0
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        w.grad.zero_()
        b.grad.zero_()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        losses.append(loss.item())
    return torch.tensor(losses)
""", "cleared_before_step"),
        # b never updated (its gradient cleared with None, not zero_)
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for i in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad = None
        b.grad = None
    return torch.tensor(losses)
""", None),
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
        b.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
""", None),
        # the update outside no_grad: w has no .grad at the second step
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        w = w - lr * w.grad
        b = b - lr * b.grad
        losses.append(loss.item())
    return torch.tensor(losses)
""", None),
        # the learning rate left out: right for lr = 1, wrong for lr = 0.5
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        with torch.no_grad():
            w -= w.grad
            b -= b.grad
        w.grad.zero_()
        b.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
""", None),
        # the notebook's 50 steps, not `steps`
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(50):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
""", None),
        # the notebook's X and y, not the arguments
        ("""
def train(X_train, y_train, lr, steps):
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
""", None),
        # one loss too many: the loss after the last step as well
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    losses.append(F.binary_cross_entropy(torch.sigmoid(X @ w + b), y).item())
    return torch.tensor(losses)
""", None),
        # recorded after the update and uphill: two mistakes, the first loss not log 2
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        with torch.no_grad():
            w += lr * w.grad
            b += lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
        losses.append(F.binary_cross_entropy(torch.sigmoid(X @ w + b), y).item())
    return torch.tensor(losses)
""", None),
        ("""
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
    return losses
""", None),
        ("""
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
""", None),
        # prediction and target swapped: binary_cross_entropy raises
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)
        loss = F.binary_cross_entropy(y, p)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
""", None),
        # the bug kept, the gradient replaced by zeros instead of zero_()
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        for param in (w, b):
            param.grad = torch.zeros_like(param.grad)
            with torch.no_grad():
                param -= lr * param.grad
        losses.append(loss.item())
    return torch.tensor(losses)
""", "cleared_before_step"),
        # the fix through .data, the clear moved after the step
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)
        loss = F.binary_cross_entropy(p, y)
        loss.backward()
        for param in (w, b):
            param.data.sub_(lr * param.grad)
            param.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
""", "used_data"),
        # fixed, but the loss recorded again after the update
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        for param in (w, b):
            with torch.no_grad():
                param -= lr * param.grad
            param.grad.zero_()
        with torch.no_grad():
            losses.append(F.binary_cross_entropy(torch.sigmoid(X @ w + b), y).item())
    return torch.tensor(losses)
""", "loss_after_update"),
        # the "fix" deletes the clearing instead of moving it
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)
        loss = F.binary_cross_entropy(p, y)
        loss.backward()
        for param in (w, b):
            with torch.no_grad():
                param -= lr * param.grad
        losses.append(loss.item())
    return torch.tensor(losses)
""", "forgot_zero_grad"),
        # the clear moved, but the step now adds the gradient
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        for param in (w, b):
            with torch.no_grad():
                param += lr * param.grad
            param.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
""", "update_went_uphill"),
        # the fix also drops the learning rate: right for lr = 1 only
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        loss.backward()
        for param in (w, b):
            with torch.no_grad():
                param -= param.grad
            param.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
""", None),
        # backward() moved after the update: at the first step param.grad is still None
        ("""
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy(torch.sigmoid(X @ w + b), y)
        for param in (w, b):
            with torch.no_grad():
                param -= lr * param.grad
            param.grad.zero_()
        loss.backward()
        losses.append(loss.item())
    return torch.tensor(losses)
""", None),
    ],
}
