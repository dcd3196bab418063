"""Exercises for 14_your_engine_trains_a_network: the backward rules of tanh and relu, written
for lesson 10's engine. Both answers are functions of the notebook's `Value` objects; the test
inputs are made with the notebook's own `Value` class (ENGINE below), taken from the setup.
"""

import math

from lessonkit.exercises.core import Call, Function, Lesson, Mistake, edit

IMPORTS = """
import math

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F

import lessonkit
torch.manual_seed(0)
torch.set_printoptions(precision=4)
"""

# Lesson 10's finished engine in one class: the operations it built one cell at a time, sigmoid,
# and backward() with the stack-based topological order.
ENGINE = '''
class Value:
    """A number that remembers how it was computed, so that gradients can flow back to it."""

    def __init__(self, data, inputs=(), op="", name=""):
        self.data = float(data)         # the number itself
        self.grad = 0.0                 # dL/d(this value), filled in by the backward pass
        self.inputs = inputs            # the Values it was computed from; () for a leaf
        self.op = op                    # the operation that made it
        self.name = name                # a label, for printing
        self._backward = lambda: None   # sends self.grad on to the inputs (none for a leaf)

    def __repr__(self):
        return f"Value({self.name or self.op}: data={self.data:.4f}, grad={self.grad:.4f})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += 1.0 * out.grad                   # d(a + b)/da = 1
            other.grad += 1.0 * out.grad                  # d(a + b)/db = 1

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad            # d(a * b)/da = b
            other.grad += self.data * out.grad            # d(a * b)/db = a

        out._backward = _backward
        return out

    def log(self):
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += (1 / self.data) * out.grad       # d log(a)/da = 1 / a

        out._backward = _backward
        return out

    def sigmoid(self):
        out = Value(1 / (1 + math.exp(-self.data)), (self,), "sigmoid")

        def _backward():
            s = out.data
            self.grad += s * (1 - s) * out.grad           # d sigmoid(a)/da = s * (1 - s)

        out._backward = _backward
        return out

    def __neg__(self):                  # -a is a * -1: no rule of its own
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __radd__(self, other):          # 1 + a
        return self + other

    def __rmul__(self, other):          # 2 * a
        return self * other

    def __rsub__(self, other):          # 1 - a
        return (-self) + other

    def backward(self):
        order = nodes_in_order(self)
        for node in order:                          # only leaves keep gradients from earlier
            if node.inputs:                         # backward passes, as in PyTorch
                node.grad = 0.0
        self.grad = 1.0                             # dL/dL = 1
        for node in reversed(order):                # the chain rule, output to leaves
            node._backward()


def nodes_in_order(root):
    """Every node that root was computed from, each after all of its inputs (depth first)."""
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            for source in node.inputs:
                stack.append((source, False))
    return order
'''

TANH = '''
def tanh(self):
    out = Value(math.tanh(self.data), (self,), "tanh")

    def _backward():
        t = out.data                                # tanh(x), computed in the forward pass
        self.grad += (1 - t ** 2) * out.grad        # d tanh(x)/dx = 1 - tanh(x)^2

    out._backward = _backward
    return out


Value.tanh = tanh   # z.tanh() now works on every Value
'''

RELU = '''
def relu(self):
    out = Value(max(0.0, self.data), (self,), "relu")

    def _backward():
        slope = 1.0 if self.data > 0 else 0.0       # d relu(x)/dx: 1 right of 0, 0 left of it
        self.grad += slope * out.grad

    out._backward = _backward
    return out


Value.relu = relu
'''

lesson = Lesson("14_your_engine_trains_a_network", setup=IMPORTS + ENGINE)
TANH_TURN = "tanh: your turn"
RELU_TURN = "relu: your turn"
MISTAKES = "Common mistakes"


def _calls(exercise, op, forward, cases):
    """Fresh x and out = op(x), made with the notebook's Value class; each case sets x.data,
    then x.grad and out.grad as they are when the rule runs."""
    value, calls = exercise.setup_namespace()["Value"], []
    for data, before, upstream in cases:
        x = value(data, name="x")
        out = value(forward(data), (x,), op)
        x.grad, out.grad = before, upstream
        calls.append(Call(x, out))
    return calls


def _x_grad(call, returned):
    return call.args[0].grad


q1 = lesson.exercise(
    "q1",
    question=(
        "Write `tanh_backward(x, out)`, the backward rule of tanh: `out` was computed as "
        "tanh(x), `out.data` holds t = tanh(x.data), and `out.grad` holds dL/d(out). Add x's "
        "share of the gradient to `x.grad`. It returns nothing."
    ),
    placeholder="""def tanh_backward(x, out):
    # out.data is t = tanh(x.data); out.grad is dL/d(out)
    ...""",
    solution="""
def tanh_backward(x, out):
    t = out.data
    x.grad += (1 - t ** 2) * out.grad   # local derivative times the gradient from above
""",
    answer=Function("tanh_backward",
                    calls=lambda: _calls(q1, "tanh", math.tanh,
                                         [(0.5, 0.0, 1.0), (-1.2, 0.0, -2.0), (2.0, 0.7, 3.0)]),
                    reads=_x_grad,
                    about=("x.grad after it, with x.data = 0.5, out.grad = 1",
                           "x.grad after it, with x.data = -1.2, out.grad = -2",
                           "x.grad after it, with x.data = 2, out.grad = 3, and x.grad already "
                           "0.7 (x is used elsewhere too)")),
    hints=[
        "Every rule has one shape: input.grad += (local derivative) * out.grad.",
        "The local derivative of tanh is 1 - t ** 2, where t = out.data is tanh(x).",
        "Add with +=: x may already hold gradient from another path.",
    ],
    mistakes=[
        Mistake("forgot_chain_factor", edit(" * out.grad", ""),
                "You added the local derivative 1 - t ** 2 alone. The chain rule multiplies "
                "it by the gradient arriving from above, out.grad: "
                "x.grad += (1 - t ** 2) * out.grad.", see=TANH_TURN),
        Mistake("assigned_not_added", edit("+=", "="),
                "Right when x is used once, wrong when x already holds gradient from another "
                "path: `x.grad = ...` throws that away. Add with `x.grad += ...`.",
                see=TANH_TURN),
        Mistake("used_input_not_output", edit("t = out.data", "t = x.data"),
                "1 - t ** 2 needs t = tanh(x), which is out.data; x.data is x itself, before "
                "the tanh. 1 - x ** 2 even turns negative once |x| > 1, where tanh still "
                "rises.", see=TANH_TURN),
        Mistake("forgot_square", edit("(1 - t ** 2)", "(1 - t)"),
                "The derivative of tanh is 1 - t ** 2, with t squared: 1 - t is not even "
                "symmetric, and reaches 2 where tanh is flat (t near -1).", see=TANH_TURN),
        Mistake("sigmoid_rule", edit("(1 - t ** 2)", "t * (1 - t)"),
                "t * (1 - t) is sigmoid's derivative, s * (1 - s). tanh has its own: "
                "1 - t ** 2, which is 1 at x = 0 (sigmoid's is 0.25).", see=TANH_TURN),
    ],
)

q2 = lesson.exercise(
    "q2",
    question=(
        "Write `relu_backward(x, out)`, the backward rule of relu: `out` was computed as "
        "relu(x) = max(0, x), and `out.grad` holds dL/d(out). Add x's share of the gradient "
        "to `x.grad`. It returns nothing."
    ),
    setup=IMPORTS + ENGINE + TANH,
    placeholder="""def relu_backward(x, out):
    # out.data is relu(x.data) = max(0, x.data); out.grad is dL/d(out)
    ...""",
    solution="""
def relu_backward(x, out):
    slope = 1.0 if x.data > 0 else 0.0   # relu's local derivative: 1 where x > 0, else 0
    x.grad += slope * out.grad
""",
    answer=Function("relu_backward",
                    calls=lambda: _calls(q2, "relu", lambda data: max(0.0, data),
                                         [(1.5, 0.0, 2.0), (-0.8, 0.0, -3.0),
                                          (0.7, 0.4, -1.5), (-1.2, 0.6, 2.5)]),
                    reads=_x_grad,
                    about=("x.grad after it, with x.data = 1.5, out.grad = 2",
                           "x.grad after it, with x.data = -0.8, out.grad = -3",
                           "x.grad after it, with x.data = 0.7, out.grad = -1.5, and x.grad "
                           "already 0.4 (x is used elsewhere too)",
                           "x.grad after it, with x.data = -1.2, out.grad = 2.5, and x.grad "
                           "already 0.6")),
    hints=[
        "relu(x) is x where x > 0 and 0 elsewhere: what is its slope on each side?",
        "The slope is 1 where x.data > 0 and 0 elsewhere; the rule is "
        "x.grad += slope * out.grad.",
        "Add with +=: x may already hold gradient from another path, and a slope of 0 must "
        "leave it as it is.",
    ],
    mistakes=[
        Mistake("wrong_side", edit("x.data > 0", "x.data < 0"),
                "The slope is on the wrong side: relu(x) = x where x > 0, so the gradient "
                "passes there (slope 1), and is stopped where x < 0 (relu is flat at 0).",
                see=RELU_TURN),
        Mistake("forgot_chain_factor", edit(" * out.grad", ""),
                "You added the slope (1 or 0) alone. The chain rule multiplies it by the "
                "gradient arriving from above: x.grad += slope * out.grad.", see=RELU_TURN),
        Mistake("assigned_not_added", edit("+=", "="),
                "`x.grad = ...` throws away the gradient x already holds from another path "
                "(and where the slope is 0 it sets it to 0, where it should stay). Add with "
                "`x.grad += ...`.", see=RELU_TURN),
        Mistake("used_output_value", edit("slope * out.grad", "out.data * out.grad"),
                "You multiplied by out.data, relu(x) itself. The rule needs relu's slope, "
                "1 where x > 0 and 0 elsewhere, whatever the size of x.", see=RELU_TURN),
    ],
)
