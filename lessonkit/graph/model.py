"""What a drawing shows, as plain data: nodes, edges and notes.

``walk.py`` fills a :class:`GraphModel` from the real autograd graph,
``collapse.py`` may fold repeated structure into summary nodes, and
``render.py`` turns the model into DOT text or plain text. Nothing here knows
about Graphviz or holds on to tensors: a model is a snapshot made of strings, so
keeping one alive never keeps a graph (or its saved tensors) alive.

Edges always point the way data flows in the forward pass: from an input
(``src``) to the operation that used it (``dst``). Autograd itself stores the
opposite direction (each node knows its ``next_functions``); the renderer can
draw either.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

# The kinds of node a drawing can hold.
OUTPUT = "output"  # a tensor passed to draw(): usually the loss
OP = "op"  # one backward node (MulBackward0, ...) standing for the operation that made it
LEAF = "leaf"  # a tensor that requires grad and that no tracked operation made: .grad lands here
CONSTANT = "constant"  # a named tensor that does not require grad: autograd records no edge to it
SUMMARY = "summary"  # several nodes folded into one by collapse.py


@dataclass
class Node:
    id: str  # "n0", "n1", ... in the order the walk met them, never id()
    kind: str  # one of the kinds above
    title: str  # first line: "mul", "w", "loss"
    op_class: str = ""  # PyTorch's class name: "MulBackward0"; an operation shows it
    tooltip: str = ""
    untracked: int = 0  # inputs that did not require grad (None in next_functions)
    # Facts most nodes lack default to () rather than a new list: a 10,000-node walk
    # then makes no empty containers for the garbage collector to scan.
    # A tensor (leaf, output, constant), as short text from format.py; "" where not known.
    shape: str = ""  # "(3,)"
    shape_in_title: bool = False  # an unnamed leaf is titled "leaf (3,)": no shape line
    value: str = ""  # "[0.5, -1, 2]"
    grad: str = ""  # a leaf's .grad when the walk read it: "None" or its values
    # An operation (draw(saved=True) and named intermediate tensors).
    saved: dict[str, str] = field(default_factory=dict)  # what it saved: name -> text
    gives: tuple[str, ...] = ()  # names of the tensors it computed
    # One real backward pass (flow.py), as short text.
    grad_in: str = ""  # the upstream gradient an operation received
    adds: str = ""  # what the pass adds into a leaf's .grad
    # A summary node (collapse.py).
    count: int = 1  # how many times its unit repeats
    members: list[str] = field(default_factory=list)  # the ids folded in
    folded_ops: int = 0  # how many of the members are operations
    side_ops: tuple[str, ...] = ()  # their titles not on the spine
    leaf_shapes: tuple[tuple[str, int], ...] = ()  # (shape, how many) of the leaves folded in


@dataclass
class Edge:
    src: str  # the input, in data-flow direction
    dst: str  # the operation (or output) that used it
    label: str = ""  # e.g. the gradient that flowed along the edge (flow.py)
    slot: int = 0  # which input of dst this is (its index in dst's next_functions)
    dashed: bool = False  # not an autograd edge (a constant seen among saved tensors)
    count: int = 1  # how many original edges this one stands for (after collapsing)


@dataclass
class GraphModel:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # plain sentences shown with the graph
    legend: list[str] = field(default_factory=list)  # constants autograd did not track
    title: str = ""
    _index: dict[str, Node] = field(default_factory=dict, repr=False, compare=False)

    def node(self, node_id: str) -> Node:
        """The node with this id (an index kept up to date as nodes are appended)."""
        found = self._index.get(node_id)
        if found is None:
            self._index = {node.id: node for node in self.nodes}
            found = self._index[node_id]
        return found

    def count(self, kind: str) -> int:
        return sum(1 for node in self.nodes if node.kind == kind)

    def inputs(self) -> dict[str, list[Edge]]:
        """For each node id, its incoming edges in slot order."""
        found: dict[str, list[Edge]] = {node.id: [] for node in self.nodes}
        for edge in self.edges:
            found.setdefault(edge.dst, []).append(edge)
        for edges in found.values():
            edges.sort(key=lambda e: e.slot)
        return found

    def users(self) -> dict[str, list[str]]:
        """For each node id, the ids of the nodes that use it: one entry per edge."""
        found: dict[str, list[str]] = {node.id: [] for node in self.nodes}
        for edge in self.edges:
            found[edge.src].append(edge.dst)
        return found

    def topological_order(self, sources_reversed: bool = False) -> list[str]:
        """Node ids, each after all of its inputs (Kahn's algorithm).

        Ties go first come, first served; the nodes with no inputs start in model
        order, or in reverse order with ``sources_reversed`` (how render.py lists them).
        Not cached: walk.py and flow.py fill a model in place.
        """
        users = self.users()
        waiting = {node.id: 0 for node in self.nodes}
        for edge in self.edges:
            waiting[edge.dst] += 1
        sources = [node.id for node in self.nodes if waiting[node.id] == 0]
        ready = deque(reversed(sources) if sources_reversed else sources)
        found = []
        while ready:
            node_id = ready.popleft()
            found.append(node_id)
            for user in users[node_id]:
                waiting[user] -= 1
                if waiting[user] == 0:
                    ready.append(user)
        return found
