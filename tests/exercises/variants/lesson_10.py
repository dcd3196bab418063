"""Right and wrong answers learners write for 10_autograd_from_scratch.

Read by tests/exercises/test_variants.py.
"""

from lessonkit.exercises.core import edit

# 10.q2: a recursive depth-first walk, inputs before the node; some variants edit it.
RECURSIVE = """
def topological_order(root):
    order, seen = [], set()

    def build(node):
        if node not in seen:
            seen.add(node)
            for source in node.inputs:
                build(source)
            order.append(node)

    build(root)
    return order
"""

RIGHT = {
    "10.q1": [
        """
def sigmoid_backward(x, out):
    x.grad = x.grad + out.data * (1 - out.data) * out.grad
""",
        # s computed again from x: the same number as out.data
        """
def sigmoid_backward(x, out):
    s = 1 / (1 + math.exp(-x.data))
    x.grad += s * (1 - s) * out.grad
""",
        """
def sigmoid_backward(x, out):
    local = out.data - out.data ** 2
    x.grad += local * out.grad
""",
        # the derivative written from exp
        """
def sigmoid_backward(x, out):
    e = math.exp(-x.data)
    x.grad += e / (1 + e) ** 2 * out.grad
""",
    ],
    "10.q2": [
        # recursive, as in micrograd (its names for the set and the inputs)
        edit("seen", "visited", "source", "child").applied_to(RECURSIVE),
        # a stack of nodes, each pushed back until its inputs are placed; ids in the set
        """
def topological_order(root):
    order, placed, stack = [], set(), [root]
    while stack:
        node = stack[-1]
        waiting = [s for s in node.inputs if id(s) not in placed]
        if waiting:
            stack.extend(waiting)
        else:
            stack.pop()
            if id(node) not in placed:
                placed.add(id(node))
                order.append(node)
    return order
""",
        # Kahn: count the inputs still to place, start from the leaves
        """
def topological_order(root):
    nodes, todo = [], [root]
    while todo:
        node = todo.pop()
        if all(node is not n for n in nodes):
            nodes.append(node)
            todo.extend(node.inputs)
    waiting = {id(n): len(set(map(id, n.inputs))) for n in nodes}
    ready = [n for n in nodes if waiting[id(n)] == 0]
    order = []
    while ready:
        node = ready.pop()
        order.append(node)
        for user in nodes:
            if any(s is node for s in user.inputs):
                waiting[id(user)] -= 1
                if waiting[id(user)] == 0:
                    ready.append(user)
    return order
""",
        # the reference's stack, with a list for the visited nodes
        """
def topological_order(root):
    order, visited = [], []
    stack = [(root, False)]
    while len(stack) > 0:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        if node in visited:
            continue
        visited.append(node)
        stack.append((node, True))
        stack.extend((s, False) for s in node.inputs)
    return order
""",
    ],
}

WRONG = {
    "10.q1": [
        ("""
def sigmoid_backward(x, out):
    x.grad = out.data * (1 - out.data) * out.grad
""", "assigned_not_added"),
        ("""
def sigmoid_backward(x, out):
    x.grad += out.data * (1 - out.data)
""", "forgot_chain_factor"),
        ("""
def sigmoid_backward(x, out):
    x.grad += out.data * (1 + out.data) * out.grad
""", "sigmoid_derivative_plus"),
        ("""
def sigmoid_backward(x, out):
    x.grad += x.data * (1 - x.data) * out.grad
""", "used_input_not_output"),
        ("""
def sigmoid_backward(x, out):
    s = out.data
    x.grad += s - s * s
""", "forgot_chain_factor"),
        ("""
def sigmoid_backward(x, out):
    s = out.data
    x.grad = s * (1 - s) * out.grad
""", "assigned_not_added"),
        ("""
def sigmoid_backward(x, out):
    x.grad += out.grad * out.data * (1 + out.data)
""", "sigmoid_derivative_plus"),
        ("""
def sigmoid_backward(x, out):
    s = x.data
    x.grad += (s - s ** 2) * out.grad
""", "used_input_not_output"),
        # the engine's sigmoid is not defined yet in this part of the notebook
        ("""
def sigmoid_backward(x, out):
    x.grad += sigmoid(x.data) * (1 - sigmoid(x.data)) * out.grad
""", None),
        # the gradient sent to out instead of x
        ("""
def sigmoid_backward(x, out):
    s = out.data
    out.grad += s * (1 - s) * out.grad
""", None),
        # the product rule's pattern: times the other input, which sigmoid has not
        ("""
def sigmoid_backward(x, out):
    x.grad += out.data * (1 - out.data) * out.grad * x.data
""", None),
        # tanh's derivative
        ("""
def sigmoid_backward(x, out):
    s = out.data
    x.grad += (1 - s ** 2) * out.grad
""", None),
        # half done: one factor of the local derivative
        ("""
def sigmoid_backward(x, out):
    x.grad += (1 - out.data) * out.grad
""", None),
        # s taken from the gradient
        ("""
def sigmoid_backward(x, out):
    s = out.grad
    x.grad += s * (1 - s) * out.grad
""", None),
    ],
    "10.q2": [
        # depth first, but each node listed before its inputs, then reversed: fails where
        # a node is shared; not a breadth-first walk
        ("""
def topological_order(root):
    order, seen, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            order.append(node)
            stack.extend(node.inputs)
    return order[::-1]
""", None),
        # the same, recursive
        ("""
def topological_order(root):
    order, seen = [], set()

    def visit(node):
        if node in seen:
            return
        seen.add(node)
        order.append(node)
        for source in node.inputs:
            visit(source)

    visit(root)
    return list(reversed(order))
""", None),
        # breadth first with a deque, reversed
        ("""
from collections import deque


def topological_order(root):
    order, seen, queue = [], {root}, deque([root])
    while queue:
        node = queue.popleft()
        order.append(node)
        for source in node.inputs:
            if source not in seen:
                seen.add(source)
                queue.append(source)
    order.reverse()
    return order
""", "breadth_first"),
        # micrograd's order for the backward pass, returned as is
        ("""
def topological_order(root):
    topo, visited = [], set()

    def build(v):
        if v not in visited:
            visited.add(v)
            for child in v.inputs:
                build(child)
            topo.append(v)

    build(root)
    return list(reversed(topo))
""", "reversed_order"),
        # recursive, with no visited set
        ("""
def topological_order(root):
    order = []
    for source in root.inputs:
        order += topological_order(source)
    order.append(root)
    return order
""", "duplicates"),
        # the reference's stack, reversed in place at the end
        ("""
def topological_order(root):
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, ready = stack.pop()
        if ready:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((source, False) for source in node.inputs)
    order.reverse()
    return order
""", "reversed_order"),
        # recursive, inputs first, no visited set
        ("""
def topological_order(root):
    order = []

    def build(node):
        for source in node.inputs:
            build(source)
        order.append(node)

    build(root)
    return order
""", "duplicates"),
        # breadth first, level by level, the levels reversed
        ("""
def topological_order(root):
    levels, seen = [[root]], {root}
    while levels[-1]:
        below = []
        for node in levels[-1]:
            for source in node.inputs:
                if source not in seen:
                    seen.add(source)
                    below.append(source)
        levels.append(below)
    order = [node for level in levels for node in level]
    return order[::-1]
""", "breadth_first"),
        # the root left out
        ("""
def topological_order(root):
    order, seen = [], set()

    def build(node):
        for source in node.inputs:
            if source not in seen:
                seen.add(source)
                build(source)
                order.append(source)

    build(root)
    return order
""", None),
        # names instead of the Values
        (edit("order.append(node)", "order.append(node.name)").applied_to(RECURSIVE), None),
        # a set: no order at all
        ("""
def topological_order(root):
    nodes, todo = set(), [root]
    while todo:
        node = todo.pop()
        nodes.add(node)
        todo.extend(node.inputs)
    return nodes
""", None),
        # forgot to return
        (edit("    return order\n", "").applied_to(RECURSIVE), None),
        # half done: only the root's direct inputs
        ("""
def topological_order(root):
    return [*root.inputs, root]
""", None),
    ],
}
