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
    outputs = check_outputs(outputs, who)
    params = check_params(params, who)
    model = GraphModel()
    result = Walk(model=model, outputs=outputs)

    def name_of(t):
        for name, value in params.items():
            if value is t:
                return name
        return None

    ids: dict[int, str] = {}  # id(backward node or leaf tensor) -> node id, only while walking
    keep: list = []  # holds what ids refers to, so that no id() is reused during the walk
    queue: deque = deque()

    by_id: dict[str, Node] = {}

    def add_node(node: Node) -> Node:
        model.nodes.append(node)
        by_id[node.id] = node
        return node

    def leaf_node(t: torch.Tensor) -> str:
        if id(t) in ids:
            return ids[id(t)]
        node_id = f"n{len(model.nodes)}"
        ids[id(t)] = node_id
        keep.append(t)
        name = name_of(t)
        title = name if name else f"leaf {fmt.shape(t.shape)}"
        add_node(
            Node(
                id=node_id,
                kind=LEAF,
                title=title,
                shape_in_title=not name,
                **tensor_facts(t, with_grad=True),
                op_class="AccumulateGrad",
                tooltip="leaf tensor: backward() adds its gradient into .grad (AccumulateGrad)",
            )
        )
        result.tensors[node_id] = t
        return node_id

    def fn_node(fn) -> str:
        if type(fn).__name__ == "AccumulateGrad":
            node_id = leaf_node(fn.variable)
            result.fns.setdefault(node_id, fn)
            return node_id
        if id(fn) in ids:
            return ids[id(fn)]
        node_id = f"n{len(model.nodes)}"
        ids[id(fn)] = node_id
        keep.append(fn)
        cls = type(fn).__name__
        add_node(
            Node(
                id=node_id,
                kind=OP,
                title=op_title(fn),
                op_class=cls,
                tooltip=f"{cls}: the backward node PyTorch recorded for this operation",
            )
        )
        result.fns[node_id] = fn
        queue.append(fn)
        return node_id

    # 1. the outputs
    for number, t in enumerate(outputs):
        if t.grad_fn is None:  # a leaf passed as output: draw it as the leaf it is
            leaf_node(t)
            continue
        node_id = f"n{len(model.nodes)}"
        name = name_of(t) or ("output" if len(outputs) == 1 else f"output {number}")
        add_node(
            Node(
                id=node_id,
                kind=OUTPUT,
                title=name,
                **tensor_facts(t, with_grad=False),
                tooltip="the tensor you passed to draw()",
            )
        )
        result.tensors[node_id] = t
        source = fn_node(t.grad_fn)
        model.edges.append(Edge(src=source, dst=node_id, slot=0))

    # 2. breadth first through next_functions; nodes with untracked inputs are remembered
    has_untracked: set[str] = set()
    while queue:
        fn = queue.popleft()
        node_id = ids[id(fn)]
        for slot, (child, _output_nr) in enumerate(fn.next_functions):
            if child is None:
                has_untracked.add(node_id)
                by_id[node_id].untracked += 1
                continue
            model.edges.append(Edge(src=fn_node(child), dst=node_id, slot=slot))

    # 3. what the nodes saved for backward: listed on request, and used to notice that
    #    backward() has freed the graph and to find which operation used a named constant
    constants = {
        name: t
        for name, t in params.items()
        if t.grad_fn is None and not t.requires_grad and id(t) not in ids
    }
    placed: set[str] = set()
    for node_id, fn in list(result.fns.items()):
        node = by_id[node_id]
        if node.kind != OP:
            continue
        for attr in saved_names(fn):
            value = read_saved(fn, attr)
            if value is FREED:
                result.freed = True
            label = attr.removeprefix("_saved_")
            values = value if attr == "saved_tensors" and isinstance(value, tuple) else [value]
            for item in values:
                if not isinstance(item, torch.Tensor) or node_id not in has_untracked:
                    continue
                for name, t in constants.items():
                    if item is t:
                        const_id = _constant_node(model, name, t, placed)
                        node.untracked = max(0, node.untracked - 1)
                        model.edges.append(
                            Edge(
                                src=const_id, dst=node_id, slot=-1, dashed=True, label="not tracked"
                            )
                        )
            if saved:
                if value is FREED:
                    text = "freed after backward"
                elif isinstance(value, torch.Tensor):
                    text = name_of(value) or f"tensor {fmt.shape(value.shape)}"
                elif isinstance(value, tuple) and attr == "saved_tensors":
                    text = (
                        ", ".join(name_of(v) or f"tensor {fmt.shape(v.shape)}" for v in value)
                        or "nothing"
                    )
                else:
                    text = fmt.saved_value(value)
                node.saved[label] = text

    # 4. names of intermediate tensors, and names that are not part of this graph
    for name, t in params.items():
        if t.grad_fn is not None:
            node_id = ids.get(id(t.grad_fn))
            if node_id and model.node(node_id).kind == OP:
                model.node(node_id).gives += (name,)
            elif not any(t is out for out in outputs):
                model.notes.append(f"{name} is not part of this graph.")
        elif not t.requires_grad and id(t) in ids:
            model.notes.append(
                f"{name} no longer requires grad, but it did when this graph was recorded, "
                "so it is in the graph; backward() will not store a gradient in its .grad."
            )
        elif t.requires_grad and id(t) not in ids:
            model.notes.append(
                f"{name} requires grad but was not used to compute this: "
                "backward() will leave its .grad unchanged."
            )
    for name, t in constants.items():
        if name not in placed:
            model.legend.append(f"{name} {fmt.shape(t.shape)} = {fmt.tensor_value(t)}")
    if model.legend:
        model.notes.append(
            "Tensors that do not require grad are not tracked by autograd: "
            "it keeps no edge to them."
        )
    if result.freed:
        model.notes.append(FREED_NOTE)
    keep.clear()
    return result


def _constant_node(model: GraphModel, name: str, t: torch.Tensor, placed: set[str]) -> str:
    for node in model.nodes:
        if node.kind == CONSTANT and node.title == name:
            return node.id
    node_id = f"c{len(placed)}"
    placed.add(name)
    model.nodes.append(
        Node(
            id=node_id,
            kind=CONSTANT,
            title=name,
            **tensor_facts(t, with_grad=False),
            tooltip="does not require grad: autograd keeps no edge to it; this op saved it",
        )
    )
    return node_id
