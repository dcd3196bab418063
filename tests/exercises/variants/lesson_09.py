"""Right and wrong answers learners write for 09_putting_it_together.

Read by tests/exercises/test_variants.py.
"""

from lessonkit.exercises.core import edit
from lessonkit.exercises.lesson_09 import SETUP
from lessonkit.exercises.mistakes import as_notebook_cell

# 09.q1: the loop of the reference, with the lines a learner changes put in.
LOOP = """
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    for step in range(steps):
{body}    return w, b
"""
HAND = "        loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()\n"
LOGITS = "        loss = F.binary_cross_entropy_with_logits(z, y)\n"
FORWARD = "        z = X @ w + b\n        p = torch.sigmoid(z)\n"
BACKWARD = "        loss.backward()\n"
UPDATE = """        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
"""
ZERO = "        w.grad.zero_()\n        b.grad.zero_()\n"
# The whole reference, with the logits loss; some variants below are small edits of it.
REFERENCE = LOOP.format(body="        loss = F.binary_cross_entropy_with_logits(X @ w + b, y)\n"
                        + BACKWARD + UPDATE + ZERO)

RIGHT = {
    "09.q1": [
        # the logits loss, and clearing by setting .grad to None
        LOOP.format(body="        z = X @ w + b\n" + LOGITS + BACKWARD + UPDATE
                    + "        w.grad = None\n        b.grad = None\n"),
        # F.binary_cross_entropy on the probabilities, clearing inside the no_grad block
        LOOP.format(body=FORWARD + "        loss = F.binary_cross_entropy(p, y)\n" + BACKWARD
                    + """        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
            w.grad.zero_()
            b.grad.zero_()
"""),
        # clearing at the top of the loop, once there is something to clear
        LOOP.format(body="""        if w.grad is not None:
            w.grad.zero_()
            b.grad.zero_()
        z = X.matmul(w) + b
        loss = nn.BCEWithLogitsLoss()(z, y)
        loss.backward()
        with torch.no_grad():
            w.sub_(lr * w.grad)
            b.sub_(lr * b.grad)
"""),
        # expit, .log() methods, the mean written as sum / len, and detached results
        edit("for step in", "for _ in",
             "        loss = F.binary_cross_entropy_with_logits(X @ w + b, y)\n",
             "        p = torch.special.expit((X * w).sum(dim=1) + b)\n"
             "        loss = -(y * p.log() + (1 - y) * (1 - p).log()).sum() / len(y)\n",
             "return w, b", "return w.detach(), b.detach()").applied_to(REFERENCE),
        # float64 all the way: no dtype is asked
        edit("    w = torch.zeros(2,", "    X, y = X.double(), y.double()\n    w = torch.zeros(2,",
             "requires_grad=True", "dtype=torch.float64, requires_grad=True",
             ZERO, "            w.grad.zero_()\n            b.grad.zero_()\n",
             ).applied_to(REFERENCE),
    ],
    "09.q2": [
        """
with torch.no_grad():
    p_new = torch.sigmoid(model(X_new)).squeeze(1)
""",
        """
with torch.no_grad():
    p_new = torch.special.expit(model(X_new)[:, 0])
""",
        """
with torch.no_grad():
    p_new = 1 / (1 + torch.exp(-model(X_new).squeeze()))
""",
        # the forward pass by hand, from the model's parameters
        """
with torch.no_grad():
    p_new = torch.sigmoid(X_new @ model.weight[0] + model.bias)
""",
        # float64: no dtype is asked
        """
with torch.no_grad():
    p_new = torch.sigmoid(model(X_new).squeeze(1).double())
""",
        # .detach() inside no_grad, as the learner's cell: redundant, but nothing was recorded
        as_notebook_cell(SETUP, """
with torch.no_grad():
    p_new = torch.sigmoid(model(X_new).squeeze(1)).detach()
"""),
    ],
    "09.q3": [
        """
with torch.no_grad():
    p = torch.sigmoid(model(X).squeeze(1))
    accuracy = ((p > 0.5) == y.bool()).float().mean().item()
""",
        """
with torch.no_grad():
    predicted = (model(X).squeeze(1) > 0).float()
    accuracy = (predicted == y).sum().item() / len(y)
""",
        # a 0-d float64 tensor is a fine number
        """
with torch.no_grad():
    accuracy = (model(X)[:, 0] > 0).eq(y.bool()).double().mean()
""",
        """
with torch.no_grad():
    predicted = torch.round(torch.sigmoid(model(X))).squeeze(1)
    accuracy = float((predicted == y).float().mean())
""",
    ],
}

WRONG = {
    "09.q1": [
        # .grad is None until the first backward(): zeroing it first fails, but nothing was
        # rebound; the note under the error explains it
        (LOOP.format(body=ZERO + FORWARD + HAND + BACKWARD + UPDATE), None),
        # never cleared, with the logits loss (the declared example uses the hand-written one)
        (LOOP.format(body="        z = X @ w + b\n" + LOGITS + BACKWARD + UPDATE),
         "forgot_zero_grad"),
        # never cleared, with nn.BCELoss on the probabilities
        (LOOP.format(body=FORWARD + "        loss = nn.BCELoss()(p, y)\n" + BACKWARD + UPDATE),
         "forgot_zero_grad"),
        # .data instead of no_grad
        (LOOP.format(body=FORWARD + HAND + BACKWARD
                     + "        w.data -= lr * w.grad\n        b.data -= lr * b.grad\n" + ZERO),
         "used_data"),
        # in place with sub_, outside no_grad
        (LOOP.format(body="        z = X @ w + b\n" + LOGITS + BACKWARD
                     + "        w.sub_(lr * w.grad)\n        b.sub_(lr * b.grad)\n" + ZERO),
         "updated_outside_no_grad"),
        # rebound outside no_grad, cleared with None: fails on `lr * w.grad` at step 2
        (LOOP.format(body="        z = X @ w + b\n" + LOGITS + BACKWARD
                     + "        w = w - lr * w.grad\n        b = b - lr * b.grad\n"
                     + "        w.grad = None\n        b.grad = None\n"),
         "replaced_outside_no_grad"),
        # rebound inside no_grad: the new w does not require grad at all; not the mistake of
        # rebinding outside no_grad
        (LOOP.format(body=FORWARD + HAND + BACKWARD + """        with torch.no_grad():
            w = w - lr * w.grad
            b = b - lr * b.grad
""" + ZERO), None),
        # uphill with the hand-written loss (nan on the first data set)
        (LOOP.format(body=FORWARD + HAND + BACKWARD + """        with torch.no_grad():
            w += lr * w.grad
            b += lr * b.grad
""" + ZERO), "update_went_uphill"),
        # the sum, with the logits loss
        (LOOP.format(body="        z = X @ w + b\n"
                     + "        loss = F.binary_cross_entropy_with_logits(z, y, reduction='sum')\n"
                     + BACKWARD + UPDATE + ZERO), "bce_sum_not_mean"),
        # sigmoid, then nn.BCEWithLogitsLoss
        (LOOP.format(body=FORWARD + "        loss = nn.BCEWithLogitsLoss()(p, y)\n" + BACKWARD
                     + UPDATE + ZERO), "sigmoid_twice"),
        # in place with -=, no no_grad at all, clearing at the top
        (LOOP.format(body="""        if w.grad is not None:
            w.grad.zero_()
            b.grad.zero_()
        loss = F.binary_cross_entropy_with_logits(X @ w + b, y)
        loss.backward()
        w -= lr * w.grad
        b -= lr * b.grad
"""), "updated_outside_no_grad"),
        # rebound outside no_grad in one line: w.grad of the new w is None at .zero_()
        (LOOP.format(body=FORWARD + HAND + BACKWARD
                     + "        w, b = w - lr * w.grad, b - lr * b.grad\n" + ZERO),
         "replaced_outside_no_grad"),
        # uphill with add_, the logits loss, clearing with None
        (LOOP.format(body="        z = X @ w + b\n" + LOGITS + BACKWARD + """\
        with torch.no_grad():
            w.add_(lr * w.grad)
            b.add_(lr * b.grad)
        w.grad = None
        b.grad = None
"""), "update_went_uphill"),
        # the sigmoid as a method, then the logits loss
        (LOOP.format(body="        p = (X @ w + b).sigmoid()\n"
                     + "        loss = F.binary_cross_entropy_with_logits(p, y)\n"
                     + BACKWARD + UPDATE + ZERO), "sigmoid_twice"),
        # the sum, with F.binary_cross_entropy on the probabilities
        (LOOP.format(body=FORWARD + "        loss = F.binary_cross_entropy(p, y, reduction='sum')\n"
                     + BACKWARD + UPDATE + ZERO), "bce_sum_not_mean"),
        # .data with sub_
        (LOOP.format(body="        z = X @ w + b\n" + LOGITS + BACKWARD
                     + "        w.data.sub_(lr * w.grad)\n        b.data.sub_(lr * b.grad)\n"
                     + ZERO), "used_data"),
        # starting from the lesson's random w0, b0 instead of zeros
        (edit("torch.zeros(2, requires_grad=True)", "w0.clone().requires_grad_(True)",
              "torch.zeros((), requires_grad=True)", "b0.clone().requires_grad_(True)",
              ).applied_to(REFERENCE), None),
        # the lesson's 100 steps instead of the argument
        (edit("range(steps)", "range(100)").applied_to(REFERENCE), None),
        # only w returned
        (LOOP.format(body=FORWARD + HAND + BACKWARD + UPDATE + ZERO).replace(
            "return w, b", "return w"), None),
        # half done: no update at all
        (LOOP.format(body="        z = X @ w + b\n" + LOGITS + BACKWARD + ZERO), None),
    ],
    "09.q2": [
        # no no_grad, another spelling
        ("p_new = torch.sigmoid(model(X_new))[:, 0]", "forgot_no_grad"),
        ("""
with torch.no_grad():
    p_new = model(X_new)[:, 0]
""", "logits_not_probabilities"),
        ("""
with torch.no_grad():
    p_new = torch.sigmoid(torch.special.expit(model(X_new))).squeeze(1)
""", "sigmoid_twice"),
        # (3, 1), and no no_grad either: the shape comes first
        ("p_new = torch.sigmoid(model(X_new))", "kept_extra_dimension"),
        ("p_new = model(X_new).squeeze(1).sigmoid()", "forgot_no_grad"),
        ("""
with torch.no_grad():
    logits_new = model(X_new)
    p_new = logits_new.view(-1)
""", "logits_not_probabilities"),
        ("""
with torch.no_grad():
    p_new = torch.sigmoid(torch.sigmoid(model(X_new)[:, 0]))
""", "sigmoid_twice"),
        ("""
with torch.no_grad():
    p_new = torch.special.expit(model(X_new))
""", "kept_extra_dimension"),
        # .detach() instead of no_grad: right numbers, but a graph was recorded first
        (as_notebook_cell(SETUP, """logits_new = model(X_new).squeeze(1)
p_new = torch.sigmoid(logits_new).detach()
"""), "detached_not_no_grad"),
        (as_notebook_cell(SETUP, "p_new = torch.sigmoid(model(X_new).detach()).squeeze(1)\n"),
         "detached_not_no_grad"),
        # the probability of class 0
        ("""
with torch.no_grad():
    p_new = 1 - torch.sigmoid(model(X_new).squeeze(1))
""", None),
        # softmax over a single logit: all ones
        ("""
with torch.no_grad():
    p_new = torch.softmax(model(X_new), dim=1).squeeze(1)
""", None),
        # classes, not probabilities
        ("""
with torch.no_grad():
    p_new = (model(X_new).squeeze(1) > 0).float()
""", None),
        # stale: the lesson's training logits, all 200 points
        ("""
with torch.no_grad():
    p_new = torch.sigmoid(logits)
""", None),
        # stale: the starting parameters w0, b0
        ("""
with torch.no_grad():
    p_new = torch.sigmoid(X_new @ w0 + b0)
""", None),
        # a list of numbers
        ("""
with torch.no_grad():
    p_new = torch.sigmoid(model(X_new).squeeze(1)).tolist()
""", None),
    ],
    "09.q3": [
        # a (N, 1) column compared with y of shape (N,): an (N, N) table, half of it matches
        ("""
with torch.no_grad():
    accuracy = ((model(X) > 0) == y).float().mean().item()
""", None),
        # every point class 1, as the learner's notebook cell
        (as_notebook_cell(SETUP, """
with torch.no_grad():
    probs = torch.special.expit(model(X)[:, 0])
    accuracy = ((probs >= 0).float() == y).float().mean().item()
"""), "probability_compared_with_zero"),
        ("""
with torch.no_grad():
    accuracy = ((model(X).squeeze(1) > 0).float() == y).sum().item()
""", "count_not_fraction"),
        # the error rate, as the mean distance between prediction and label
        ("""
with torch.no_grad():
    accuracy = ((model(X).squeeze(1) > 0).float() - y).abs().mean().item()
""", "error_rate"),
        # a count, with the probabilities against 0.5
        ("""
with torch.no_grad():
    p = torch.sigmoid(model(X).squeeze(1))
    accuracy = ((p > 0.5).float() == y).float().sum().item()
""", "count_not_fraction"),
        (as_notebook_cell(SETUP, """
with torch.no_grad():
    p = torch.sigmoid(model(X)).squeeze(1)
    accuracy = ((p > 0).float() == y).float().mean().item()
"""), "probability_compared_with_zero"),
        ("""
with torch.no_grad():
    predicted = (model(X).squeeze(1) > 0).float()
    accuracy = (predicted != y).sum().item() / len(y)
""", "error_rate"),
        # probabilities compared with the labels, never thresholded
        ("""
with torch.no_grad():
    accuracy = (torch.sigmoid(model(X).squeeze(1)) == y).float().mean().item()
""", None),
        # a percentage
        ("""
with torch.no_grad():
    accuracy = 100 * ((model(X).squeeze(1) > 0).float() == y).float().mean().item()
""", None),
        # the matches, not their mean
        ("""
with torch.no_grad():
    accuracy = ((model(X).squeeze(1) > 0).float() == y).float()
""", None),
        # stale: the starting parameters w0, b0
        ("""
with torch.no_grad():
    accuracy = (((X @ w0 + b0) > 0).float() == y).float().mean().item()
""", None),
        # logits rounded instead of thresholded
        ("""
with torch.no_grad():
    accuracy = (torch.round(model(X).squeeze(1)) == y).float().mean().item()
""", None),
    ],
}
