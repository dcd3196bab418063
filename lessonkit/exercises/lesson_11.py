"""Exercises for 11_a_hidden_layer: the forward pass of a network with one hidden layer, then
one gradient of its output layer by hand, checked against autograd's .grad (confirm=), then a
bug hunt: a handed-out loop (`train_buggy`) whose hidden layer never learns, and the learner's
corrected `train`."""

import torch

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Call, Function, Lesson, Mistake, Value, edit

# What the notebook ran before q1: the imports, the data, lesson 09's model on it, and the
# starting weights of the hidden-layer network.
SETUP = """
import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
gen = torch.Generator().manual_seed(11)
n = 100
angle = 2 * torch.pi * torch.rand(2 * n, generator=gen)
radius = torch.cat([torch.full((n,), 0.5), torch.full((n,), 1.5)])
radius = radius + 0.2 * torch.randn(2 * n, generator=gen)
X = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1)
y = torch.cat([torch.zeros(n), torch.ones(n)])
logreg = nn.Linear(2, 1)
optimizer = torch.optim.SGD(logreg.parameters(), lr=0.5)
for _ in range(100):
    optimizer.zero_grad()
    loss = F.binary_cross_entropy_with_logits(logreg(X).squeeze(1), y)
    loss.backward()
    optimizer.step()
H = 8
W1_0 = torch.randn(2, H, generator=gen)
b1_0 = torch.zeros(H)
W2_0 = 0.5 * torch.randn(H, generator=gen)
b2_0 = torch.zeros(())
"""
# q2 comes after section 'Following the gradient into the network': the tiny example whose
# forward pass is recorded (no backward() yet). It needs nothing else the notebook ran before
# it (the data, the 300 steps of training by hand): its set-up is the imports and that example.
IMPORTS = """
import torch
import torch.nn.functional as F
"""
TINY = """
X_tiny = torch.tensor([[1.0, -2.0], [0.5, 1.0]])
y_tiny = torch.tensor([1.0, 0.0])
V1 = torch.tensor([[0.5, -1.0, 0.25], [1.0, 0.5, -0.5]], requires_grad=True)
c1 = torch.tensor([0.1, -0.2, 0.3], requires_grad=True)
V2 = torch.tensor([1.5, -0.5, 2.0], requires_grad=True)
c2 = torch.tensor(-0.25, requires_grad=True)
a_tiny = X_tiny @ V1 + c1
h_tiny = torch.tanh(a_tiny)
z_tiny = h_tiny @ V2 + c2
p_tiny = torch.sigmoid(z_tiny)
loss_tiny = F.binary_cross_entropy_with_logits(z_tiny, y_tiny)
"""
lesson = Lesson("11_a_hidden_layer", setup=SETUP)
FORWARD = "The forward pass of a hidden layer"
FOLLOW = "Following the gradient into the network"
NO_TANH = "Common mistakes"


def _forward_calls():
    """Fresh batches and weights: different N and H, biases never 0."""
    g = torch.Generator().manual_seed(5)
    return [
        Call(torch.randn(5, 2, generator=g), torch.randn(2, 4, generator=g),
             torch.randn(4, generator=g), torch.randn(4, generator=g), torch.tensor(0.5)),
        Call(torch.randn(3, 2, generator=g), torch.randn(2, 6, generator=g),
             torch.randn(6, generator=g), torch.randn(6, generator=g), torch.tensor(-1.0)),
    ]


q1 = lesson.exercise(
    "q1",
    question=(
        "Write `forward(X, W1, b1, W2, b2)`: X has shape (N, 2), W1 (2, H), b1 (H,), W2 (H,) "
        "and b2 is a single number. Return the logits z of shape (N,): the hidden layer "
        "h = tanh(X @ W1 + b1), of shape (N, H), then z = h @ W2 + b2. Keep every operation "
        "in autograd's graph: the check computes gradients through your function."
    ),
    placeholder="def forward(X, W1, b1, W2, b2):\n    ...",
    solution="""
def forward(X, W1, b1, W2, b2):
    h = torch.tanh(X @ W1 + b1)    # (N, 2) @ (2, H) -> (N, H); b1 is added to every row
    return h @ W2 + b2             # (N, H) @ (H,) -> (N,): one logit per point
""",
    answer=Function("forward", calls=_forward_calls, track=(1, 2, 3, 4)),
    hints=[
        "Two layers, one after the other: first the hidden layer h = torch.tanh(X @ W1 + b1), "
        "then the output layer z = h @ W2 + b2.",
        "The tanh goes on the hidden layer only: the output is a logit, any number, and the "
        "loss (BCEWithLogits) applies the sigmoid itself.",
        "return torch.tanh(X @ W1 + b1) @ W2 + b2",
    ],
    mistakes=[
        Mistake("forgot_tanh", edit("torch.tanh(X @ W1 + b1)", "X @ W1 + b1"),
                "Your forward pass has no tanh: X @ W1 + b1 then @ W2 + b2 is a linear "
                "function of X, a straight-line model once more, however large H is. Apply "
                "torch.tanh to the hidden layer: h = torch.tanh(X @ W1 + b1).", see=NO_TANH),
        Mistake("returned_probabilities",
                edit("return h @ W2 + b2", "return torch.sigmoid(h @ W2 + b2)"),
                "You returned probabilities, sigmoid(z). The function should return the "
                "logits z = h @ W2 + b2: the loss, binary_cross_entropy_with_logits, applies "
                "the sigmoid itself, and would then apply it twice.", see=FORWARD),
        Mistake("tanh_on_output", edit("return h @ W2 + b2", "return torch.tanh(h @ W2 + b2)"),
                "You applied tanh to the output layer too. The tanh belongs to the hidden "
                "layer only; the output is a logit, any number, squeezed by nothing: "
                "return h @ W2 + b2.", see=FORWARD),
        Mistake("forgot_b1", edit("X @ W1 + b1", "X @ W1"),
                "Your hidden layer leaves out its bias: without b1 every hidden unit's "
                "boundary goes through the origin. Add b1 before the tanh: "
                "torch.tanh(X @ W1 + b1).", see=FORWARD),
    ],
)

q2 = lesson.exercise(
    "q2",
    question=(
        "By hand, for the tiny example (2 points, 3 hidden units): compute dL/dV2, the gradient "
        "of `loss_tiny` with respect to the output weights V2, a tensor of shape (3,), and store "
        "it in `grad_V2_by_hand`. Use the forward values `h_tiny`, `p_tiny` and `y_tiny`, "
        "not backward()."
    ),
    setup=IMPORTS + TINY,
    placeholder="grad_V2_by_hand = ...",
    solution="""
with torch.no_grad():
    dz = (p_tiny - y_tiny) / len(y_tiny)   # dL/dz for each point: the loss is a mean
    grad_V2_by_hand = h_tiny.T @ dz        # z = h @ V2: dz/dV2 is the row h of each point
""",
    answer=Value("grad_V2_by_hand"),
    confirm="""
V1.grad = c1.grad = V2.grad = c2.grad = None
F.binary_cross_entropy_with_logits(torch.tanh(X_tiny @ V1 + c1) @ V2 + c2, y_tiny).backward()
print(f"Autograd agrees: V2.grad = {V2.grad!r}.")
""",
    hints=[
        "For one point, dL/dz = p - y, as in lesson 05. The loss is the mean over the 2 points, "
        "so each point's dL/dz is (p - y) / 2.",
        "z = h @ V2 + c2, so z changes by h[j] when V2[j] grows by 1: dz/dV2 is the hidden row "
        "h of that point, the values after the tanh.",
        "Add up over the points: grad_V2_by_hand = h_tiny.T @ (p_tiny - y_tiny) / 2.",
    ],
    mistakes=[
        Mistake("sum_not_mean", edit("/ len(y_tiny)", ""),
                "Twice too big: the loss is the mean over the 2 points, so each point's "
                "dL/dz is (p - y) / 2. Divide by the number of points.", see=FOLLOW),
        Mistake("used_pre_activation", edit("h_tiny.T", "a_tiny.T"),
                "You used a_tiny, the hidden layer before its tanh. The output layer reads "
                "h = tanh(a): z = h @ V2 + c2, so dz/dV2 is h_tiny, the values after the tanh.",
                see=FOLLOW),
        Mistake("sign_flipped", edit("(p_tiny - y_tiny)", "(y_tiny - p_tiny)"),
                "The sign is flipped: dL/dz is prediction minus label, p - y, not y - p.",
                see=FOLLOW),
        Mistake("used_inputs", edit("h_tiny.T", "X_tiny.T"),
                "That is the gradient of lesson 09's model, whose weights read the inputs X. "
                "V2 reads the hidden layer: dz/dV2 is h_tiny (one value per hidden unit, "
                "3 of them), not X_tiny (2 features).", see=FOLLOW),
        Mistake("used_z", edit("(p_tiny - y_tiny)", "(z_tiny - y_tiny)"),
                "You used the logit z where the probability p = sigmoid(z) belongs: dL/dz is "
                "p - y, a probability minus the label.", see=FOLLOW),
    ],
)


def q3_calls():
    """Fresh data and starting weights: two rings of our own, and 4 points with H = 3."""
    g = torch.Generator().manual_seed(3)
    n = 20
    angle = 2 * torch.pi * torch.rand(2 * n, generator=g)
    radius = torch.cat([torch.full((n,), 0.5), torch.full((n,), 1.5)])
    X = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1)
    y = torch.cat([torch.zeros(n), torch.ones(n)])
    start = (torch.randn(2, 6, generator=g), 0.1 * torch.randn(6, generator=g),
             0.5 * torch.randn(6, generator=g), torch.tensor(0.1))
    X4 = torch.tensor([[1.0, 2.0], [-1.0, 0.5], [0.5, -1.5], [2.0, 1.0]])
    y4 = torch.tensor([1.0, 0.0, 0.0, 1.0])
    start4 = (torch.randn(2, 3, generator=g), torch.zeros(3), torch.randn(3, generator=g),
              torch.tensor(0.0))
    return [Call(X, y, start, lr=1.0, steps=15), Call(X4, y4, start4, lr=0.5, steps=5)]


TRAIN = """
def train(X, y, start, lr, steps):
    W1, b1, W2, b2 = (t.clone().requires_grad_(True) for t in start)
    losses = []
    for _ in range(steps):
        h = torch.tanh(X @ W1 + b1)                        # 1. forward: the hidden layer
        z = h @ W2 + b2                                    #    and the output layer
        loss = F.binary_cross_entropy_with_logits(z, y)    # 2. loss
        loss.backward()                                    # 3. backward, through both layers
        with torch.no_grad():                              # 4. update, not recorded
            W1 -= lr * W1.grad
            b1 -= lr * b1.grad
            W2 -= lr * W2.grad
            b2 -= lr * b2.grad
        W1.grad.zero_()                                    #    and clear the gradients
        b1.grad.zero_()
        W2.grad.zero_()
        b2.grad.zero_()
        losses.append(loss.item())
    return torch.tensor(losses)
"""
# The lines of the update and of the clearing that belong to each hidden parameter.
STEP = {name: f"            {name} -= lr * {name}.grad\n" for name in ("W1", "b1")}
CLEAR = {"W1": "        W1.grad.zero_()                                    #    and clear the "
         "gradients\n", "b1": "        b1.grad.zero_()\n"}
# The loop the notebook hands out: lesson 09's update, grown a layer in the forward pass but
# not in the update, so W1 and b1 get gradients and keep their starting values.
TRAIN_BUGGY = edit(
    "def train(", "def train_buggy(", STEP["W1"] + STEP["b1"], "",
    CLEAR["W1"] + CLEAR["b1"] + "        W2.grad.zero_()\n",
    "        W2.grad.zero_()                                    #    and clear the gradients\n",
).applied_to(TRAIN)
# Half the hidden layer fixed, by the parameter still left out of the update; with the words
# the message says for it.
HALF = [({"left": left, "moved": moved}, edit(STEP[left], "", CLEAR[left], "").applied_to(TRAIN))
        for left, moved in (("W1", "b1"), ("b1", "W1"))]
# Both hidden parameters updated, but one gradient or both never cleared.
BOTH_UNCLEARED = edit(CLEAR["W1"], "", CLEAR["b1"], "").applied_to(TRAIN)
UNCLEARED = [({"which": "W1.grad and b1.grad"}, BOTH_UNCLEARED),
             ({"which": "W1.grad"}, edit(CLEAR["W1"], "").applied_to(TRAIN)),
             ({"which": "b1.grad"}, edit(CLEAR["b1"], "").applied_to(TRAIN))]
BUG = "A hidden layer that does not learn"


def same_as_one_of(cases):
    """A detector: the answer is the one some code of `cases`, (fields, code) pairs, gives;
    the fields of the first such code fill the message."""
    return lambda attempt: next(
        (fields for fields, code in cases if mistakes.same_as_any(code)(attempt)), False)

q3 = lesson.exercise(
    "q3",
    question=(
        "`train_buggy(X, y, start, lr, steps)` runs without an error and its loss falls, but "
        "it stalls far above the loss of 'Training by hand': it has one bug. Find it, and "
        "write the corrected loop as `train(X, y, start, lr, steps)`: the same start (clones "
        "of the four tensors in `start` that require grad), the same four steps, each step's "
        "loss recorded before its update, the history returned as a tensor. The check runs "
        "it on fresh data and starting weights and compares with ours."
    ),
    setup=IMPORTS + TRAIN_BUGGY,  # all the check needs: the calls bring their own data
    placeholder="def train(X, y, start, lr, steps):\n    ...",
    solution=TRAIN,
    answer=Function("train", calls=q3_calls),
    hints=[
        "List the tensors the forward pass uses, then the tensors the update changes. "
        "Are they the same?",
        "loss.backward() fills W1.grad and b1.grad too, but nothing ever uses them: the "
        "hidden layer keeps its starting weights, and only the output layer learns.",
        "Update all four parameters inside `with torch.no_grad():` (W1 -= lr * W1.grad, "
        "and b1), then clear all four gradients (W1.grad.zero_(), and b1.grad).",
    ],
    mistakes=[
        Mistake("hidden_layer_not_updated",
                edit(STEP["W1"] + STEP["b1"], "", CLEAR["W1"] + CLEAR["b1"], ""),
                "Your loss history is train_buggy's: W1 and b1 still never change, so only "
                "the output layer learns, on the hidden layer's starting features. backward() "
                "fills W1.grad and b1.grad; the update must use them: W1 -= lr * W1.grad "
                "(and b1) inside torch.no_grad(), then clear them.", see=BUG),
        Mistake("half_the_hidden_layer", edit(STEP["b1"], "", CLEAR["b1"], ""),
                "Closer: {moved} now learns, but {left} is still left out of the update and "
                "keeps its starting value. Every parameter the forward pass uses needs its "
                "step: {left} -= lr * {left}.grad, and {left}.grad.zero_() after it.", see=BUG,
                detect=same_as_one_of(HALF)),
        Mistake("hidden_grads_not_cleared", BOTH_UNCLEARED,
                "The hidden layer now moves, but nothing clears {which}: each backward() "
                "adds its gradient to the ones before, so the hidden layer's steps grow and "
                "point in a mix of old directions. Clear every gradient the update used, "
                "after the step: W1.grad.zero_() and b1.grad.zero_().",
                see=mistakes.SEE_ZERO_GRAD, detect=same_as_one_of(UNCLEARED)),
        mistakes.used_data(edit("            W1 -= lr", "            W1.data -= lr",
                                "            b1 -= lr", "            b1.data -= lr")),
    ],
)
