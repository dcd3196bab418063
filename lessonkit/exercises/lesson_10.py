"""Exercises for 10_autograd_from_scratch: a backward rule, and the order of the backward pass.

    from lessonkit.exercises import lesson_10 as ex
    ex.q1.check()      ex.q1.hint()      ex.q1.solution()

Both answers are functions of the notebook's `Value` objects. The test inputs are built with
the `Value` class exactly as the notebook defines it: VALUE_CLASS below is the notebook's own
code (the notebook is generated from these strings), run in the exercise's setup, and the
test cases take the class from there. Two small Function subclasses adapt the framework's
"compare what the function returns" to these answers:

* `_GradAfterRule`: a backward rule returns nothing, it adds into x.grad; the answer is the
  x.grad it leaves behind, on fresh Values.
* `_ValidOrder`: many orders are right; the answer is a verdict ("ok", or what is wrong) on
  the list the learner's function returns, so any valid order is accepted.
"""

from lessonkit.exercises.answers import Function, NotAttempted
from lessonkit.exercises.compare import a_kind, compare
from lessonkit.exercises.core import Call, Exercise, Mistake
from lessonkit.exercises.learner_code import run_learner_function

LESSON = "10_autograd_from_scratch"

SEE_RULES = "10_autograd_from_scratch, section 'Local derivatives and the chain rule'"
SEE_SIGMOID = "10_autograd_from_scratch, section 'Sigmoid: your turn'"
SEE_ORDER = "10_autograd_from_scratch, section 'The order of the backward pass'"

# The notebook's code, cell by cell (the generator of the notebook uses these very strings).

IMPORTS = """
import math

import torch

import lessonkit
"""

VALUE_CLASS = '''
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

    def __add__(self, other):           # self + other
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            # d(a + b)/da = 1 and d(a + b)/db = 1: the gradient passes through unchanged
            self.grad += 1.0 * out.grad
            other.grad += 1.0 * out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):           # self * other
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            # d(a * b)/da = b and d(a * b)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def log(self):                      # self.log(), the natural logarithm
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            # d log(a)/da = 1 / a
            self.grad += (1 / self.data) * out.grad

        out._backward = _backward
        return out

    # The rest is made of the operations above.
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
'''

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

# ---------------------------------------------------------------- q1: sigmoid's backward rule

# (x.data, x.grad before the rule runs, out.grad): out = sigmoid(x)
_RULE_CASES = [(0.5, 0.0, 1.0), (-1.2, 0.0, -2.0), (2.0, 0.7, 3.0)]


def _about_rule_case(case) -> str:
    x, before, upstream = case
    said = f"x.data = {x:g}, out.grad = {upstream:g}"
    if before:
        said += f", and x.grad already {before:g} (x is used elsewhere too)"
    return said


def _rule_calls():
    """Fresh (x, out) pairs made with the notebook's Value class."""
    import math

    value = q1.setup_namespace()["Value"]
    calls = []
    for data, before, upstream in _RULE_CASES:
        x = value(data, name="x")
        x.grad = before
        out = value(1 / (1 + math.exp(-data)), (x,), "sigmoid")
        out.grad = upstream
        calls.append(Call(x, out))
    return calls


class _GradAfterRule(Function):
    """A backward rule fn(x, out): called on fresh Values; the answer is x.grad afterwards."""

    def take(self, ns):
        fn = self.learner_function(ns)
        grads = []
        for call in self.calls():
            run_learner_function(fn, call.args, call.kwargs)
            grads.append(call.args[0].grad)
        return grads

    def differ(self, got, expected):
        for case, have, want in zip(_RULE_CASES, got, expected, strict=True):
            found = compare(have, want, **self.options)
            if found:
                return f"x.grad after `{self.name}(x, out)` with {_about_rule_case(case)}: {found}"
        return None


q1 = Exercise(
    id="10.q1",
    question=(
        "Write `sigmoid_backward(x, out)`, the backward rule of sigmoid: `out` was computed as "
        "sigmoid(x), `out.data` holds s = sigmoid(x.data), and `out.grad` holds dL/d(out). "
        "Add x's share of the gradient to `x.grad`. It returns nothing."
    ),
    setup=IMPORTS + VALUE_CLASS,
    placeholder=(
        "def sigmoid_backward(x, out):\n"
        "    # out.data is s = sigmoid(x.data); out.grad is dL/d(out)\n"
        "    ..."
    ),
    solution="""
def sigmoid_backward(x, out):
    s = out.data
    x.grad += s * (1 - s) * out.grad   # local derivative times the gradient from above
""",
    answer=_GradAfterRule("sigmoid_backward", calls=_rule_calls),
    hints=[
        "The pattern of every rule: input.grad += (local derivative) * out.grad.",
        "The local derivative of sigmoid is s * (1 - s), where s = out.data.",
        "Add with +=: x may already hold gradient from another path.",
    ],
    mistakes=[
        Mistake(
            id="forgot_chain_factor",
            message=(
                "You added the local derivative s * (1 - s) alone. The chain rule multiplies "
                "it by the gradient arriving from above, out.grad: "
                "x.grad += s * (1 - s) * out.grad."
            ),
            example="""
def sigmoid_backward(x, out):
    s = out.data
    x.grad += s * (1 - s)
""",
            see=SEE_RULES,
        ),
        Mistake(
            id="assigned_not_added",
            message=(
                "Right when x is used once, wrong when x already holds gradient from another "
                "path: `x.grad = ...` throws that away. Add with `x.grad += ...`."
            ),
            example="""
def sigmoid_backward(x, out):
    s = out.data
    x.grad = s * (1 - s) * out.grad
""",
            see=SEE_RULES,
        ),
        Mistake(
            id="sigmoid_derivative_plus",
            message=(
                "The derivative of sigmoid is s * (1 - s), with a minus: it is largest (0.25) "
                "at x = 0 and falls towards 0 on both sides."
            ),
            example="""
def sigmoid_backward(x, out):
    s = out.data
    x.grad += s * (1 + s) * out.grad
""",
            see=SEE_SIGMOID,
        ),
        Mistake(
            id="used_input_not_output",
            message=(
                "s * (1 - s) needs s = sigmoid(x), which is out.data; x.data is x itself, "
                "before the sigmoid."
            ),
            example="""
def sigmoid_backward(x, out):
    s = x.data
    x.grad += s * (1 - s) * out.grad
""",
            see=SEE_SIGMOID,
        ),
    ],
)

# ---------------------------------------------------------------- q2: the backward order


def _graph_nodes(root) -> list:
    """Every node that root was computed from, root included (iterative, each once)."""
    nodes, seen, todo = [], set(), [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        nodes.append(node)
        todo.extend(node.inputs)
    return nodes


def _label(node) -> str:
    if node.name:
        return f"`{node.name}`"
    if not node.inputs:
        return f"the constant {node.data:g}"
    return f"the '{node.op}' node"


def _verdict(order, nodes) -> str:
    """'ok' when `order` holds every node once, each after all of its inputs; else what's wrong."""
    if order is None:
        return "it returned None. Did you forget `return order`?"
    if not isinstance(order, list | tuple):
        return f"it should return a list of Values, but it returned {a_kind(order)}."
    known = {id(node) for node in nodes}
    counts: dict[int, int] = {}
    for item in order:
        if id(item) not in known:
            return (
                f"the list holds {a_kind(item)} that is not a node of this expression: "
                "list the Value objects themselves."
            )
        counts[id(item)] = counts.get(id(item), 0) + 1
    for node in nodes:
        if counts.get(id(node), 0) > 1:
            return f"duplicate: {_label(node)} appears {counts[id(node)]} times."
    for node in sorted(nodes, key=lambda node: not node.name):   # named nodes first
        if id(node) not in counts:
            return f"missing: {_label(node)} is not in the list."
    position = {id(node): i for i, node in enumerate(order)}
    for node in order:
        for source in node.inputs:
            if position[id(source)] > position[id(node)]:
                if _is_valid(list(order)[::-1]):
                    return f"reversed: the output {_label(order[0])} comes first; it belongs last."
                return f"before its input: {_label(node)} comes before its input {_label(source)}."
    return "ok"


def _is_valid(order) -> bool:
    position = {id(node): i for i, node in enumerate(order)}
    return all(position[id(s)] < position[id(n)] for n in order for s in n.inputs)


_EXPRESSIONS = [
    "L = -log(sigmoid(w * x + b)), the logistic loss of one example",
    "m = a * b, n = m * c, L = m + n (m is used twice)",
    "L = w * w + w (w is used three times)",
]


def _order_calls():
    """Three expressions, built with the notebook's Value class (sigmoid included)."""
    ns = q2.setup_namespace()
    value = ns["Value"]

    def named(v, name):
        v.name = name
        return v

    w, x, b = value(0.8, name="w"), value(1.5, name="x"), value(-0.2, name="b")
    wx = named(w * x, "w*x")
    z = named(wx + b, "z")
    p = named(z.sigmoid(), "p")
    log_p = named(p.log(), "log(p)")
    first = named(-log_p, "L")

    a, bb, c = value(2.0, name="a"), value(-3.0, name="b"), value(0.5, name="c")
    m = named(a * bb, "m")
    n = named(m * c, "n")
    second = named(m + n, "L")

    v = value(3.0, name="w")
    ww = named(v * v, "w*w")
    third = named(ww + v, "L")

    calls = []
    for root in (first, second, third):
        call = Call(root)
        call.nodes = _graph_nodes(root)
        calls.append(call)
    return calls


class _ValidOrder(Function):
    """topological_order(root): any order is right that lists each node once, after its inputs."""

    def take(self, ns):
        fn = self.learner_function(ns)
        verdicts = []
        for call in self.calls():
            order = run_learner_function(fn, call.args, call.kwargs)
            if order is Ellipsis:
                raise NotAttempted(f"`{self.name}` still returns the placeholder `...`.")
            verdicts.append(_verdict(order, call.nodes))
        return verdicts

    def differ(self, got, expected):
        for number, (verdict, about) in enumerate(zip(got, _EXPRESSIONS, strict=True), start=1):
            if verdict != "ok":
                return f"`{self.name}` on test expression {number} of 3, {about}: {verdict}"
        return None


def _verdict_starts(word):
    def detect(attempt):
        return any(v.startswith(word) for v in attempt.got)

    return detect


q2 = Exercise(
    id="10.q2",
    question=(
        "Write `topological_order(root)`: a list of every Value that `root` was computed from "
        "(root and the leaves included), each exactly once, and each after all of its inputs "
        "(`node.inputs`). Use a loop with a stack or a bounded recursion."
    ),
    setup=IMPORTS + VALUE_CLASS + SIGMOID,
    placeholder=(
        "def topological_order(root):\n"
        "    # every node once, each after all of its inputs (node.inputs)\n"
        "    ..."
    ),
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
    answer=_ValidOrder("topological_order", calls=_order_calls),
    hints=[
        "Depth first: before you add a node to the list, add all of its inputs (and theirs).",
        "Keep a set of the nodes already visited, so that a node used twice is added once.",
        "Without recursion: a stack of (node, inputs_done) pairs. Pop one; if its inputs are "
        "done, append it; otherwise push (node, True) back, then (input, False) for each input.",
    ],
    mistakes=[
        Mistake(
            id="reversed_order",
            message=(
                "The order is reversed: the output comes first. That is the order the backward "
                "pass visits the nodes in; topological_order lists each node *after* its "
                "inputs, leaves first and the output last."
            ),
            example="""
def topological_order(root):
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
    return order[::-1]
""",
            detect=_verdict_starts("reversed"),
            see=SEE_ORDER,
        ),
        Mistake(
            id="duplicates",
            message=(
                "A node appears more than once: it is the input of two operations (or twice of "
                "one), and it was added on each visit. Keep a set of visited nodes and add each "
                "node once; the backward pass would otherwise send its gradient on twice."
            ),
            example="""
def topological_order(root):
    order = []
    stack = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        else:
            stack.append((node, True))
            for source in node.inputs:
                stack.append((source, False))
    return order
""",
            detect=_verdict_starts("duplicate"),
            see=SEE_ORDER,
        ),
        Mistake(
            id="breadth_first",
            message=(
                "A node comes before one of its inputs. Reversing a breadth-first walk is not "
                "enough when a node is used at two depths (like m, used by n and by L): a node "
                "may be listed only once *all* its inputs are listed. Go depth first."
            ),
            example="""
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
            detect=_verdict_starts("before its input"),
            see=SEE_ORDER,
        ),
    ],
)
