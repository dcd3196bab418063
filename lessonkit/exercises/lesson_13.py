"""Exercises for 13_what_autograd_does_next: a second derivative with torch.autograd.grad and
create_graph=True, then predict which parameters one step changes when a middle layer is frozen."""

import torch

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Call, Function, Lesson, Mistake, Names, edit

# What the notebook ran before q1 (its plots and prints left out).
SETUP_Q1 = """
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.tensor(1.5, requires_grad=True)
y = x ** 3
(dy_dx,) = torch.autograd.grad(y, x)
x = torch.tensor(1.5, requires_grad=True)
y = x ** 3
(dy_dx,) = torch.autograd.grad(y, x, create_graph=True)
(d2y_dx2,) = torch.autograd.grad(dy_dx, x)
xs = torch.linspace(-2 * math.pi, 2 * math.pi, 200, requires_grad=True)
ys = torch.sin(xs)
(dys,) = torch.autograd.grad(ys.sum(), xs, create_graph=True)
(d2ys,) = torch.autograd.grad(dys.sum(), xs)
"""
# What it ran before q2 and its GPU section. tests/test_cuda.py replays the GPU cell after it;
# q2 itself needs none of it (its answer is a prediction, and MIDDLE_FROZEN makes its own
# network), and would train two networks at every first check and confirm.
SETUP_Q2 = SETUP_Q1 + """
w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
h = w * 10
seen = []
handle = h.register_hook(lambda grad: seen.append(grad.clone()))
loss = (h ** 2).sum()
loss.backward()
handle.remove()
w.grad = None
h = w * 10
handle = h.register_hook(lambda grad: grad.clamp(-50, 50))
loss = (h ** 2).sum()
loss.backward()
handle.remove()
torch.manual_seed(13)
X = torch.rand(200, 2) * 4 - 2
y_a = torch.sin(2 * X[:, 0]) + X[:, 1] ** 2
y_b = torch.sin(2 * X[:, 0]) - X[:, 1] ** 2
body = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh())
pretrain = nn.Sequential(body, nn.Linear(16, 1))
optimizer = torch.optim.Adam(pretrain.parameters(), lr=0.02)
losses_a = []
for _ in range(150):
    optimizer.zero_grad()
    loss = F.mse_loss(pretrain(X).squeeze(1), y_a)
    loss.backward()
    optimizer.step()
    losses_a.append(loss.item())
pretrain.zero_grad()
for p in body.parameters():
    p.requires_grad_(False)
head = nn.Linear(16, 1)
model = nn.Sequential(body, head)
body_before = [p.clone() for p in body.parameters()]
head_before = [p.detach().clone() for p in head.parameters()]
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
losses = []
for _ in range(200):
    optimizer.zero_grad()
    loss = F.mse_loss(model(X).squeeze(1), y_b)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
"""
# The code whose result q2 asks to predict; the notebook shows it, the check runs it.
MIDDLE_FROZEN = """torch.manual_seed(1)
net = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 1))
for p in net[2].parameters():       # freeze the middle layer only
    p.requires_grad_(False)
before = {name: p.detach().clone() for name, p in net.named_parameters()}
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
loss = F.mse_loss(net(torch.randn(8, 2)).squeeze(1), torch.randn(8))
loss.backward()
optimizer.step()
"""
lesson = Lesson("13_what_autograd_does_next", setup=SETUP_Q1)
SECOND = "A second derivative: create_graph=True"
AS_A_VALUE = "torch.autograd.grad: a gradient you get back"
FREEZING = "Freezing the parameters of a module"
NO_GRAPH = "does not require grad"
NOT_SCALAR = "grad can be implicitly created only for scalar outputs"


def second_derivative_calls():
    def grid():  # a fresh leaf for every call
        return torch.linspace(-2.0, 2.0, 9).requires_grad_()
    return [Call(torch.sin, grid()), Call(lambda x: x ** 3 - 2 * x ** 2, grid()),
            Call(torch.exp, grid())]


q1 = lesson.exercise(
    "q1",
    question=(
        "Write `second_derivative(f, x)`: `f` works element by element (like torch.sin), `x` is "
        "a 1-D tensor that requires grad. Return the second derivative of f at every point of "
        "x, computed by autograd with two calls of torch.autograd.grad."
    ),
    placeholder="def second_derivative(f, x):\n    ...",
    solution="""
def second_derivative(f, x):
    # sum(): one number whose gradient is f' at every point (each f(x[i]) depends on x[i] only)
    (first,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)   # recorded
    (second,) = torch.autograd.grad(first.sum(), x)                    # differentiated again
    return second
""",
    answer=Function("second_derivative", calls=second_derivative_calls,
                    judged=(NO_GRAPH, NOT_SCALAR)),
    confirm="""
x3 = torch.tensor(1.0, requires_grad=True)
(d1,) = torch.autograd.grad(torch.sin(x3), x3, create_graph=True)
(d2,) = torch.autograd.grad(d1, x3, create_graph=True)
(d3,) = torch.autograd.grad(d2, x3)
print(f"It goes on: with create_graph=True in the first two calls, a third call gives the "
      f"third derivative of sin at 1.0, {d3.item():.4f} (-cos(1.0) = {-math.cos(1.0):.4f}).")
""",
    hints=[
        "Two steps, as in the cell on the grid: the first derivative, then the derivative of "
        "that first derivative.",
        "torch.autograd.grad wants one number as its output: differentiate f(x).sum(). It "
        "returns a tuple, one gradient per input: `(first,) = torch.autograd.grad(...)`.",
        "The first call needs create_graph=True, so that autograd records it and the second "
        "call, torch.autograd.grad(first.sum(), x), has a graph to go back through.",
    ],
    mistakes=[
        Mistake("no_create_graph", edit(", create_graph=True)", ")"),
                "The second torch.autograd.grad stopped: the first derivative has no graph, so "
                "there is nothing to differentiate. Pass create_graph=True to the first call "
                "(retain_graph=True is not enough: it keeps the graph of f, it does not record "
                "the backward pass). The error was: {message}",
                detect=mistakes.raised(NO_GRAPH),
                see=SECOND),
        Mistake("first_derivative", edit("    return second", "    return first"),
                "That is the first derivative (cos for sin): differentiate it once more, "
                "torch.autograd.grad(first.sum(), x), and return that.", see=SECOND),
        Mistake("not_a_number", edit("f(x).sum()", "f(x)"),
                "torch.autograd.grad stopped: the output you gave it is a tensor of many "
                "numbers, and it differentiates one number. Give it f(x).sum() (and "
                "first.sum() the second time): each f(x[i]) depends on x[i] only, so the "
                "gradient of the sum is the derivative at every point. The error was: {message}",
                detect=mistakes.raised(NOT_SCALAR),
                see=SECOND),
        Mistake("backward_added_up", """
def second_derivative(f, x):
    f(x).sum().backward(create_graph=True)
    x.grad.sum().backward()
    return x.grad
""",
                "That is the first and the second derivative added up: backward() adds into "
                "x.grad, and x.grad already held the first derivative when the second "
                "backward() ran. torch.autograd.grad returns each derivative on its own and "
                "never touches .grad: use it for both steps.", see=AS_A_VALUE),
    ],
)

q2 = lesson.exercise(
    "q2",
    question=(
        "Predict, before you run anything: which of net's parameters does this step change? "
        "Name them as net.named_parameters() does ('0.weight', '0.bias', '2.weight', ...), "
        "in a set `changed = {...}`.\n\n" + MIDDLE_FROZEN
    ),
    placeholder="changed = ...  # a set of names, e.g. {\"0.weight\"}",
    solution="""
# net[2] is frozen: no .grad, so the optimizer skips it. The head (net[4]) gets its gradient,
# and the gradient still flows through the frozen layer down to net[0], which is not frozen.
changed = {"0.weight", "0.bias", "4.weight", "4.bias"}
""",
    answer=Names("changed"),
    confirm=MIDDLE_FROZEN + (
        "print('The step changed: ' + ', '.join(name for name, p in net.named_parameters() "
        "if not torch.equal(p, before[name])) + '.')"),
    hints=[
        "net[2] is frozen: its weight and bias get no .grad, and the optimizer skips a "
        "parameter whose .grad is None.",
        "Does a frozen layer stop the backward pass? Its input, the output of net[1], still "
        "depends on net[0]'s parameters, which require grad.",
    ],
    mistakes=[
        Mistake("stops_at_frozen", "changed = {'4.weight', '4.bias'}",
                "The head changes, but so does net[0]: a frozen layer gets no gradient for its "
                "own parameters, yet the gradient still flows through it, back to the layer "
                "before, whose parameters require grad. Freezing stops .grad, not the backward "
                "pass.", see=FREEZING),
        Mistake("named_the_frozen", "changed = {'2.weight', '2.bias'}",
                "Those are the two parameters that stay as they were: the frozen ones. The "
                "question asks for the ones the step changes.", see=FREEZING),
        Mistake("all_change",
                "changed = {'0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias'}",
                "net[2]'s weight and bias do not change: requires_grad_(False) before "
                "backward() leaves their .grad None, and optimizer.step() skips a parameter "
                "without a gradient, even when it was handed to the optimizer.", see=FREEZING),
    ],
)
