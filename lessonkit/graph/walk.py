"""Walk the graph that autograd recorded, from the outputs back to the leaves.

Every tensor made by a tracked operation has a ``grad_fn``: the backward node
that will compute its gradient. Each node lists, in ``next_functions``, the
nodes of its inputs, one ``(node, output_number)`` pair per input:

* ``None`` where the input did not require grad (autograd keeps no record of it);
* an ``AccumulateGrad`` node where the input is a leaf that requires grad: its
  ``.variable`` is that leaf, and this node is what writes ``leaf.grad``;
* another backward node where the input was itself computed.

The walk below is a breadth-first search with an explicit queue, so a chain of
10,000 operations is no harder than a chain of 3: nothing here recurses.
Node ids (``n0``, ``n1``, ...) follow the order the walk meets the nodes, which
is the same on every run and every machine.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import torch

from lessonkit.autograd_facts import FREED, read_grad, read_saved, saved_names
from lessonkit.graph import format as fmt
from lessonkit.graph.model import CONSTANT, LEAF, OP, OUTPUT, Edge, GraphModel, Node
from lessonkit.usage import UsageError

FREED_NOTE = (
    "backward() has already run through this graph and freed the tensors it saved; "
    "a second backward() through it needs retain_graph=True the first time."
)


@dataclass
class Walk:
    """The model, plus (for flow.py and replay.py only) the live objects behind each node."""

    model: GraphModel
    fns: dict[str, object] = field(default_factory=dict)  # node id -> backward node
    tensors: dict[str, torch.Tensor] = field(default_factory=dict)  # node id -> leaf or output
    outputs: list[torch.Tensor] = field(default_factory=list)
    freed: bool = False


def check_outputs(outputs, who: str = "draw") -> list[torch.Tensor]:
    """The tensors to walk from, or a plain-language error."""
    flat: list = []
    queue = deque(outputs)
    while queue:  # lists inside lists are unpacked without recursion
        item = queue.popleft()
        if isinstance(item, list | tuple):
            queue.extendleft(reversed(item))
        else:
            flat.append(item)
    if not flat:
        raise UsageError(f"{who}() needs a tensor to start from, e.g. {who}(loss).")
    for item in flat:
        if not isinstance(item, torch.Tensor):
            got = "None" if item is None else f"a {type(item).__name__}"
            raise UsageError(
                f"{who}() needs tensors computed by PyTorch, e.g. {who}(loss); it got {got}. "
                "Pass the tensor itself (not loss.item() or a Python number)."
            )
        if item.grad_fn is None and not item.requires_grad:
            raise UsageError(
                f"{who}(): this tensor does not require grad and has no grad_fn, so autograd "
                "recorded nothing for it. Did you forget requires_grad=True on the parameters, "
                "or compute it under torch.no_grad() or from .detach()?"
            )
    unique: list[torch.Tensor] = []
    for item in flat:
        if not any(item is seen for seen in unique):
            unique.append(item)
    return unique


def check_params(params, who: str = "draw") -> dict[str, torch.Tensor]:
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise UsageError(
            f"{who}(params=...) takes a dict of names to tensors, "
            f'e.g. params={{"w": w, "b": b}}; it got a {type(params).__name__}.'
        )
    for name, value in params.items():
        if not isinstance(name, str):
            raise UsageError(f"{who}(params=...): the names must be strings; got {name!r}.")
        if not isinstance(value, torch.Tensor):
            raise UsageError(
                f"{who}(params=...): {name!r} should be a tensor; it is a {type(value).__name__}."
            )
    return dict(params)


def op_title(fn) -> str:
    forward_cls = getattr(fn, "_forward_cls", None)
    if forward_cls is not None:  # a custom autograd.Function: use its own name
        return forward_cls.__name__
    return fmt.op_name(type(fn).__name__)


def tensor_facts(t: torch.Tensor, with_grad: bool) -> dict[str, str]:
    """The Node fields that describe ``t``: shape, value and, for a leaf, its .grad."""
    facts = {"shape": fmt.shape(t.shape), "value": fmt.tensor_value(t)}
    if with_grad:
        grad = read_grad(t)
        facts["grad"] = "None" if grad is None else fmt.tensor_value(grad)
    return facts


def walk(outputs, params=None, saved: bool = False, who: str = "draw") -> Walk:
    """Build the model of the graph behind ``outputs`` (a list of tensors).

    ``params`` names tensors (``{"w": w}``); ``saved=True`` lists what each node
    saved for backward. Reading the graph changes nothing in it.
    """
    walker = _Walker(check_outputs(outputs, who), check_params(params, who))
    # 1. the tensors passed in, and the backward node that made each
    walker.add_outputs()
    # 2. from those nodes back to the leaves, breadth first through next_functions
    walker.follow_inputs()
    # 3. what the operations saved: a named constant autograd did not track is found
    #    there, and a freed saved tensor shows that backward() has already run
    walker.find_constants()
    walker.read_all_saved(with_text=saved)
    # 4. what the names in params say about the graph, and what the picture cannot show
    walker.name_params()
    walker.add_legend_and_notes()
    return walker.result


class _Walker:
    """What the steps of walk() share while they build one model."""

    def __init__(self, outputs: list[torch.Tensor], params: dict[str, torch.Tensor]):
        self.outputs = outputs
        self.params = params
        self.model = GraphModel()
        self.result = Walk(model=self.model, outputs=outputs)
        # model.node() would re-index on every new id; this index grows with the walk
        self.by_id: dict[str, Node] = {}
        self.ids: dict[int, str] = {}  # id(backward node or leaf tensor) -> node id
        # holds what ids refers to for as long as the walk runs, so that no id() is reused
        self.keep: list = []
        self.queue: deque = deque()  # backward nodes whose inputs are still to be followed
        # ops with an input autograd kept no edge to (their count drops as constants are found)
        self.has_untracked: set[str] = set()
        self.constants: dict[str, torch.Tensor] = {}  # named tensors outside the graph
        self.placed: dict[str, str] = {}  # constant name -> its node id, once drawn

    # step 1: the outputs

    def add_outputs(self) -> None:
        for number, t in enumerate(self.outputs):
            if t.grad_fn is None:  # a leaf passed as output: draw it as the leaf it is
                self.leaf_node(t)
            else:
                self.output_node(number, t)

    def output_node(self, number: int, t: torch.Tensor) -> None:
        node_id = self.next_id()
        name = self.name_of(t) or ("output" if len(self.outputs) == 1 else f"output {number}")
        self.add_node(
            Node(
                id=node_id,
                kind=OUTPUT,
                title=name,
                **tensor_facts(t, with_grad=False),
                tooltip="the tensor you passed to draw()",
            )
        )
        self.result.tensors[node_id] = t
        self.model.edges.append(Edge(src=self.fn_node(t.grad_fn), dst=node_id, slot=0))

    # step 2: back through next_functions

    def follow_inputs(self) -> None:
        # an explicit queue: a chain of 10,000 operations needs no recursion
        while self.queue:
            fn = self.queue.popleft()
            node_id = self.ids[id(fn)]
            for slot, (child, _output_nr) in enumerate(fn.next_functions):
                if child is None:  # this input did not require grad
                    self.has_untracked.add(node_id)
                    self.by_id[node_id].untracked += 1
                else:
                    self.model.edges.append(Edge(src=self.fn_node(child), dst=node_id, slot=slot))

    def fn_node(self, fn) -> str:
        """The node id for one backward node, made the first time the walk meets it."""
        if type(fn).__name__ == "AccumulateGrad":  # stands for its leaf: draw the leaf
            node_id = self.leaf_node(fn.variable)
            self.result.fns.setdefault(node_id, fn)
            return node_id
        if id(fn) in self.ids:
            return self.ids[id(fn)]
        return self.op_node(fn)

    def op_node(self, fn) -> str:
        node_id = self.remember(fn)
        cls = type(fn).__name__
        self.add_node(
            Node(
                id=node_id,
                kind=OP,
                title=op_title(fn),
                op_class=cls,
                tooltip=f"{cls}: the backward node PyTorch recorded for this operation",
            )
        )
        self.result.fns[node_id] = fn
        self.queue.append(fn)  # its own inputs are followed later, breadth first
        return node_id

    def leaf_node(self, t: torch.Tensor) -> str:
        if id(t) in self.ids:
            return self.ids[id(t)]
        node_id = self.remember(t)
        name = self.name_of(t)
        self.add_node(
            Node(
                id=node_id,
                kind=LEAF,
                title=name if name else f"leaf {fmt.shape(t.shape)}",
                shape_in_title=not name,
                **tensor_facts(t, with_grad=True),
                op_class="AccumulateGrad",
                tooltip="leaf tensor: backward() adds its gradient into .grad (AccumulateGrad)",
            )
        )
        self.result.tensors[node_id] = t
        return node_id

    # step 3: what the operations saved

    def find_constants(self) -> None:
        """The named tensors autograd kept no edge to (not a leaf it recorded, then froze)."""
        self.constants = {
            name: t
            for name, t in self.params.items()
            if t.grad_fn is None and not t.requires_grad and id(t) not in self.ids
        }

    def read_all_saved(self, with_text: bool) -> None:
        """Look at every value each operation saved for backward, in the order of the nodes."""
        for node_id, fn in list(self.result.fns.items()):
            node = self.by_id[node_id]
            if node.kind != OP:  # an AccumulateGrad node saves nothing
                continue
            for attr in saved_names(fn):
                value = read_saved(fn, attr)
                if value is FREED:
                    self.result.freed = True
                if node_id in self.has_untracked:
                    self.attach_constants(node, attr, value)
                if with_text:
                    node.saved[attr.removeprefix("_saved_")] = self.saved_text(attr, value)

    def attach_constants(self, node: Node, attr: str, value) -> None:
        """Draw the named constants among what ``node`` saved, with an edge autograd lacks."""
        values = value if attr == "saved_tensors" and isinstance(value, tuple) else [value]
        for item in values:
            if not isinstance(item, torch.Tensor):
                continue
            for name, t in self.constants.items():
                if item is t:
                    node.untracked = max(0, node.untracked - 1)
                    edge = Edge(
                        src=self.constant_node(name, t),
                        dst=node.id,
                        slot=-1,
                        dashed=True,
                        label="not tracked",
                    )
                    self.model.edges.append(edge)

    def constant_node(self, name: str, t: torch.Tensor) -> str:
        if name in self.placed:  # one node per constant, however many ops saved it
            return self.placed[name]
        node_id = f"c{len(self.placed)}"
        self.placed[name] = node_id
        self.model.nodes.append(
            Node(
                id=node_id,
                kind=CONSTANT,
                title=name,
                **tensor_facts(t, with_grad=False),
                tooltip="does not require grad: autograd keeps no edge to it; this op saved it",
            )
        )
        return node_id

    def saved_text(self, attr: str, value) -> str:
        if value is FREED:
            return "freed after backward"
        if isinstance(value, torch.Tensor):
            return self.tensor_text(value)
        if isinstance(value, tuple) and attr == "saved_tensors":
            return ", ".join(self.tensor_text(v) for v in value) or "nothing"
        return fmt.saved_value(value)

    def tensor_text(self, t: torch.Tensor) -> str:
        return self.name_of(t) or f"tensor {fmt.shape(t.shape)}"

    # step 4: the names, and notes

    def name_params(self) -> None:
        """Mark the op that computed each named intermediate; explain names not in the graph."""
        for name, t in self.params.items():
            if t.grad_fn is not None:
                node_id = self.ids.get(id(t.grad_fn))
                if node_id and self.model.node(node_id).kind == OP:
                    self.model.node(node_id).gives += (name,)
                elif not any(t is out for out in self.outputs):
                    self.model.notes.append(f"{name} is not part of this graph.")
            elif not t.requires_grad and id(t) in self.ids:
                self.model.notes.append(
                    f"{name} no longer requires grad, but it did when this graph was recorded, "
                    "so it is in the graph; backward() will not store a gradient in its .grad."
                )
            elif t.requires_grad and id(t) not in self.ids:
                self.model.notes.append(
                    f"{name} requires grad but was not used to compute this: "
                    "backward() will leave its .grad unchanged."
                )

    def add_legend_and_notes(self) -> None:
        for name, t in self.constants.items():
            if name not in self.placed:  # no op saved it: it cannot be drawn where it was used
                self.model.legend.append(f"{name} {fmt.shape(t.shape)} = {fmt.tensor_value(t)}")
        if self.model.legend:
            self.model.notes.append(
                "Tensors that do not require grad are not tracked by autograd: "
                "it keeps no edge to them."
            )
        if self.result.freed:
            self.model.notes.append(FREED_NOTE)

    # helpers for the steps

    def name_of(self, t: torch.Tensor) -> str | None:
        for name, value in self.params.items():
            if value is t:
                return name
        return None

    def next_id(self) -> str:
        return f"n{len(self.model.nodes)}"

    def remember(self, thing) -> str:
        """A new node id for a leaf tensor or a backward node, known by its id() from now on."""
        node_id = self.next_id()
        self.ids[id(thing)] = node_id
        self.keep.append(thing)
        return node_id

    def add_node(self, node: Node) -> None:
        self.model.nodes.append(node)
        self.by_id[node.id] = node
