"""Exercises for 11_a_hidden_layer: the forward pass of a network with one hidden layer, then
one gradient of its output layer by hand, checked against autograd's .grad (confirm=)."""

import torch

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
# q2 comes after section 'Following the gradient into the network': training by hand, then the
# tiny example whose forward pass is recorded (no backward() yet).
TRAINED = """
lr, steps = 1.0, 300
W1 = W1_0.clone().requires_grad_(True)
b1 = b1_0.clone().requires_grad_(True)
W2 = W2_0.clone().requires_grad_(True)
b2 = b2_0.clone().requires_grad_(True)
for _ in range(steps):
    h = torch.tanh(X @ W1 + b1)
    z = h @ W2 + b2
    loss = F.binary_cross_entropy_with_logits(z, y)
    loss.backward()
    with torch.no_grad():
        for param in (W1, b1, W2, b2):
            param -= lr * param.grad
            param.grad.zero_()
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
    setup=SETUP + TRAINED + TINY,
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
