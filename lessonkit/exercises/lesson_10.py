"""Exercises for 10_autograd_from_scratch: a backward rule, and the order of the backward pass.

Both answers are functions of the notebook's `Value` objects; the test inputs are made with
the notebook's own `Value` class (VALUE_CLASS below), taken from the exercise's setup.
"""

import math

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Call, Function, Lesson, Mistake, Order, edit

# The notebook's code, cell by cell: the notebook builds `Value` one operation at a time, in
# these very strings (each of its cells adds a short check below its string).

IMPORTS = """
import math

import torch

import lessonkit
"""

VALUE_INIT = '''
class Value:
    """A number that remembers how it was computed, so that gradients can flow back to it."""

    def __init__(self, data, inputs=(), op="", name=""):
        self.data = float(data)         # the number itself
        self.grad = 0.0                 # dL/d(this value), filled in by the backward pass
        self.inputs = inputs            # the Values it was computed from; () for a leaf
        self.op = op                    # the operation that made it: "+", "*", "log" ...
        self.name = name                # a label, for printing
        self._backward = lambda: None   # sends self.grad on to the inputs (none for a leaf)

    def __repr__(self):
        return f"Value({self.name or self.op}: data={self.data:.4f}, grad={self.grad:.4f})"
'''

VALUE_ADD = """
def __add__(self, other):           # self + other
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data + other.data, (self, other), "+")

    def _backward():
        # d(a + b)/da = 1 and d(a + b)/db = 1: the gradient passes through unchanged
        self.grad += 1.0 * out.grad
        other.grad += 1.0 * out.grad

    out._backward = _backward
    return out


Value.__add__ = __add__             # a + b now calls a.__add__(b)
"""

VALUE_MUL = """
def __mul__(self, other):           # self * other
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data * other.data, (self, other), "*")

    def _backward():
        # d(a * b)/da = b and d(a * b)/db = a
        self.grad += other.data * out.grad
        other.grad += self.data * out.grad

    out._backward = _backward
    return out


Value.__mul__ = __mul__             # a * b now calls a.__mul__(b)
"""

VALUE_LOG = """
def log(self):                      # self.log(), the natural logarithm
    out = Value(math.log(self.data), (self,), "log")

    def _backward():
        # d log(a)/da = 1 / a
        self.grad += (1 / self.data) * out.grad

    out._backward = _backward
    return out


Value.log = log
"""

VALUE_DERIVED = """
def __neg__(self):                  # -self
    return self * -1


def __sub__(self, other):           # self - other
    return self + (-other)


def __radd__(self, other):          # other + self, when other is a plain number
    return self + other


def __rmul__(self, other):          # other * self
    return self * other


def __rsub__(self, other):          # other - self
    return (-self) + other


Value.__neg__, Value.__sub__ = __neg__, __sub__
Value.__radd__, Value.__rmul__, Value.__rsub__ = __radd__, __rmul__, __rsub__
"""

VALUE_CLASS = VALUE_INIT + VALUE_ADD + VALUE_MUL + VALUE_LOG + VALUE_DERIVED

SIGMOID = '''
def sigmoid(self):
    out = Value(1 / (1 + math.exp(-self.data)), (self,), "sigmoid")

    def _backward():
        s = out.data                             # sigmoid(x), computed in the forward pass
        self.grad += s * (1 - s) * out.grad      # d sigmoid(x)/dx = s * (1 - s)

    out._backward = _backward
    return out


Value.sigmoid = sigmoid   # add it to the class as a method: z.sigmoid()
'''

lesson = Lesson("10_autograd_from_scratch", setup=IMPORTS + VALUE_CLASS)
RULES = "Local derivatives and the chain rule"
YOUR_TURN = "Sigmoid: your turn"
BACKWARD_ORDER = "The order of the backward pass"


def _rule_calls():
    """Fresh x and out = sigmoid(x), made with the notebook's Value class."""
    value, calls = q1.setup_namespace()["Value"], []
    for data, before, upstream in [(0.5, 0.0, 1.0), (-1.2, 0.0, -2.0), (2.0, 0.7, 3.0)]:
        x = value(data, name="x")
        out = value(1 / (1 + math.exp(-data)), (x,), "sigmoid")
        x.grad, out.grad = before, upstream
        calls.append(Call(x, out))
    return calls


q1 = lesson.exercise(
    "q1",
    question=(
        "Write `sigmoid_backward(x, out)`, the backward rule of sigmoid: `out` was computed as "
        "sigmoid(x), `out.data` holds s = sigmoid(x.data), and `out.grad` holds dL/d(out). "
        "Add x's share of the gradient to `x.grad`. It returns nothing."
    ),
    placeholder="""def sigmoid_backward(x, out):
    # out.data is s = sigmoid(x.data); out.grad is dL/d(out)
    ...""",
    solution="""
def sigmoid_backward(x, out):
    s = out.data
    x.grad += s * (1 - s) * out.grad   # local derivative times the gradient from above
""",
    answer=Function("sigmoid_backward", calls=_rule_calls,
                    reads=lambda call, returned: call.args[0].grad,
                    about=("x.grad after it, with x.data = 0.5, out.grad = 1",
                           "x.grad after it, with x.data = -1.2, out.grad = -2",
                           "x.grad after it, with x.data = 2, out.grad = 3, and x.grad already "
                           "0.7 (x is used elsewhere too)")),
    hints=[
        "The pattern of every rule: input.grad += (local derivative) * out.grad.",
        "The local derivative of sigmoid is s * (1 - s), where s = out.data.",
        "Add with +=: x may already hold gradient from another path.",
    ],
    mistakes=[
        Mistake("forgot_chain_factor", edit(" * out.grad", ""),
                "You added the local derivative s * (1 - s) alone. The chain rule multiplies "
                "it by the gradient arriving from above, out.grad: "
                "x.grad += s * (1 - s) * out.grad.", see=RULES),
        Mistake("assigned_not_added", edit("+=", "="),
                "Right when x is used once, wrong when x already holds gradient from another "
                "path: `x.grad = ...` throws that away. Add with `x.grad += ...`.", see=RULES),
        Mistake("sigmoid_derivative_plus", edit("(1 - s)", "(1 + s)"),
                "The derivative of sigmoid is s * (1 - s), with a minus: it is largest (0.25) "
                "at x = 0 and falls towards 0 on both sides.", see=YOUR_TURN),
        Mistake("used_input_not_output", edit("s = out.data", "s = x.data"),
                "s * (1 - s) needs s = sigmoid(x), which is out.data; x.data is x itself, "
                "before the sigmoid.", see=YOUR_TURN),
    ],
)


def _order_calls():
    """Three expressions, made with the notebook's Value class (sigmoid included)."""
    value = q2.setup_namespace()["Value"]
    w, x, b, a, b2, c, v, x2 = (value(data, name=name) for data, name in zip(
        [0.8, 1.5, -0.2, 2, -3, 0.5, 3, -2], ["w", "x", "b", "a", "b", "c", "w", "x"], strict=True))
    wx, m, ww, vx = w * x, a * b2, v * v, v * x2
    z, n = wx + b, m * c
    p = z.sigmoid()
    log_p = p.log()
    roots = [-log_p, m + n, ww + vx]
    names = ["w*x", "z", "p", "log(p)", "m", "n", "w*w", "w*x", "L", "L", "L"]
    for node, name in zip([wx, z, p, log_p, m, n, ww, vx, *roots], names, strict=True):
        node.name = name
    return [Call(root) for root in roots]


q2 = lesson.exercise(
    "q2",
    question=(
        "Write `topological_order(root)`: a list of every Value that `root` was computed from "
        "(root and the leaves included), each exactly once, and each after all of its inputs "
        "(`node.inputs`). Use a loop with a stack or a bounded recursion."
    ),
    setup=IMPORTS + VALUE_CLASS + SIGMOID,
    placeholder="""def topological_order(root):
    # every node once, each after all of its inputs (node.inputs)
    ...""",
    solution="""
def topological_order(root):
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)                 # all its inputs are in order already
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))         # come back to it after its inputs
            for source in node.inputs:
                stack.append((source, False))
    return order
""",
    answer=Order("topological_order", calls=_order_calls, about=(
        "L = -log(sigmoid(w * x + b)), the logistic loss of one example",
        "m = a * b, n = m * c, L = m + n (m is used twice)",
        "L = w * w + w * x (w is used three times)",
    )),
    hints=[
        "Depth first: before you add a node to the list, add all of its inputs (and theirs).",
        "Keep a set of the nodes already visited, so that a node used twice is added once.",
        "Without recursion: a stack of (node, inputs_done) pairs. Pop one; if its inputs are "
        "done, append it; otherwise push (node, True) back, then (input, False) for each input.",
    ],
    mistakes=[
        Mistake("reversed_order", edit("return order", "return order[::-1]"),
                "The order is reversed: the output comes first. That is the order the backward "
                "pass visits the nodes in; topological_order lists each node *after* its "
                "inputs, leaves first and the output last.",
                detect=mistakes.verdict_starts("reversed"), see=BACKWARD_ORDER),
        Mistake("duplicates", edit("elif node not in seen:", "else:"),
                "A node appears more than once: it is the input of two operations (or twice of "
                "one), and it was added on each visit. Keep a set of visited nodes and add each "
                "node once; the backward pass would otherwise send its gradient on twice.",
                detect=mistakes.verdict_starts("duplicate"), see=BACKWARD_ORDER),
        Mistake("breadth_first", """
def topological_order(root):
    order, seen, queue = [], set(), [root]
    while queue:
        node = queue.pop(0)
        if node not in seen:
            seen.add(node)
            order.append(node)
            queue.extend(node.inputs)
    return order[::-1]
""",
                "A node comes before one of its inputs. Reversing a breadth-first walk is not "
                "enough when a node is used at two depths (like m, used by n and by L): a node "
                "may be listed only once *all* its inputs are listed. Go depth first.",
                # the third expression fails a reversed depth-first walk that lists each node
                # before its inputs (pre-order), never a reversed breadth-first one
                detect=lambda attempt: mistakes.verdict_starts("before its input")(attempt)
                and attempt.got[2] == "ok", see=BACKWARD_ORDER),
    ],
)
