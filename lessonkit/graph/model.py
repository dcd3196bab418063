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

from dataclasses import dataclass, field

# The kinds of node a drawing can hold.
OUTPUT = "output"  # a tensor passed to draw(): usually the loss
OP = "op"  # one backward node (MulBackward0, ...) standing for the operation that made it
LEAF = "leaf"  # a tensor that requires grad and that no tracked operation made: .grad lands here
CONSTANT = "constant"  # a named tensor that does not require grad: autograd records no edge to it
SUMMARY = "summary"  # several nodes folded into one by collapse.py

# The fill colour of each kind (render.py draws with these; replay.py recolours them).
FILL_KEYS = {
    OUTPUT: "#c8e6c9",  # green: what you passed to draw()
    LEAF: "#bbdefb",  # blue: leaves whose .grad backward() fills
    OP: "#eeeeee",  # grey: operations (backward nodes)
    CONSTANT: "#ffffff",  # white, dashed: not tracked by autograd
    SUMMARY: "#ffe0b2",  # orange: repeated structure folded into one node
}


@dataclass
class Node:
    id: str  # "n0", "n1", ... in the order the walk met them, never id()
    kind: str  # one of the kinds above
    title: str  # first line: "mul", "w", "loss"
    lines: list[str] = field(default_factory=list)  # further lines: shape, value, grad, ...
    op_class: str = ""  # PyTorch's class name: "MulBackward0", "AccumulateGrad"
    tooltip: str = ""
    count: int = 1  # for a summary node: how many times its unit repeats
    members: list[str] = field(default_factory=list)  # for a summary node: the ids folded in
    untracked: int = 0  # inputs that did not require grad (None in next_functions)


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

    def inputs_of(self) -> dict[str, list[Edge]]:
        """For each node id, its incoming edges in slot order."""
        found: dict[str, list[Edge]] = {node.id: [] for node in self.nodes}
        for edge in self.edges:
            found.setdefault(edge.dst, []).append(edge)
        for edges in found.values():
            edges.sort(key=lambda e: e.slot)
        return found
