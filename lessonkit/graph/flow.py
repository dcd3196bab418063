"""``lessonkit.flow``: the gradient that flowed along every edge of a real backward pass.

    lessonkit.flow(loss, params={"w": w, "b": b})

Each operation's backward node receives the gradient of the loss with respect to
its output (the *upstream* gradient) and sends, along each input edge, upstream
times its local derivative: the chain rule, one node at a time. This picture
labels every edge with the gradient that really travelled along it.

How, without disturbing your work:

* temporary hooks are put on every backward node (``Node.register_hook``) and on
  every leaf (``Tensor.register_hook``): the engine calls them with the gradients
  it computed, and they only write them down;
* the engine runs through ``torch.autograd.grad(..., retain_graph=True)``, which
  returns the leaves' gradients instead of adding them into ``.grad``, and keeps
  the graph, so your own ``backward()`` still works afterwards;
* every hook is removed before ``flow`` returns, even on an error.

Nothing here computes a derivative itself: every number shown came from the engine.
"""

from __future__ import annotations

import torch

from lessonkit.graph import collapse as _collapse
from lessonkit.graph import format as fmt
from lessonkit.graph import render
from lessonkit.graph.draw import DEFAULT_TIMEOUT, Graph
from lessonkit.graph.model import LEAF, OP, OUTPUT
from lessonkit.graph.walk import Walk, walk
from lessonkit.usage import UsageError


class Recorder:
    """Temporary hooks that write down what the autograd engine does.

    Use it as ``with Recorder(walked) as rec: ...``; on leaving the block every hook
    is removed. ``rec.events`` lists, in the order they happened, ``("node", id)``
    when a backward node ran and ``("leaf", id)`` when a leaf's gradient was ready.
    ``rec.sent[id]`` holds what node ``id`` sent to its inputs, ``rec.received[id]``
    what it received, ``rec.leaf[id]`` the total gradient of a leaf.
    """

    def __init__(self, walked: Walk):
        self.walked = walked
        self.events: list[tuple[str, str]] = []
        self.sent: dict[str, tuple] = {}
        self.received: dict[str, tuple] = {}
        self.leaf: dict[str, torch.Tensor] = {}
        self._handles: list = []

    @staticmethod
    def _copy(grads) -> tuple:
        return tuple(None if g is None else g.detach().clone() for g in grads)

    def node_ran(self, node_id: str, grad_inputs, grad_outputs) -> None:
        self.events.append(("node", node_id))
        self.sent[node_id] = self._copy(grad_inputs)
        self.received[node_id] = self._copy(grad_outputs)

    def leaf_ready(self, node_id: str, grad) -> None:
        self.events.append(("leaf", node_id))
        self.leaf[node_id] = grad.detach().clone()

    def __enter__(self) -> Recorder:
        try:
            for node_id, fn in self.walked.fns.items():
                if self.walked.model.node(node_id).kind != OP:
                    continue

                def on_node(grad_inputs, grad_outputs, node_id=node_id):
                    self.node_ran(node_id, grad_inputs, grad_outputs)

                self._handles.append(fn.register_hook(on_node))
            for node_id, t in self.walked.tensors.items():
                if self.walked.model.node(node_id).kind != LEAF:
                    continue

                def on_leaf(grad, node_id=node_id):
                    self.leaf_ready(node_id, grad)

                self._handles.append(t.register_hook(on_leaf))
        except BaseException:
            self.remove()
            raise
        return self

    def remove(self) -> None:
        while self._handles:
            self._handles.pop().remove()

    def __exit__(self, *exc) -> None:
        self.remove()


def leaves_of(walked: Walk) -> list[tuple[str, torch.Tensor]]:
    return [
        (node_id, t)
        for node_id, t in walked.tensors.items()
        if walked.model.node(node_id).kind == LEAF
    ]


def run_engine(walked: Walk, loss: torch.Tensor, gradient, accumulate: bool, who: str):
    """Run one real backward pass from ``loss`` with a Recorder attached; return it."""
    if walked.freed:
        raise UsageError(
            f"{who}() needs to run backward through this graph, but backward() has already "
            "freed it. Run the forward pass again (recompute the loss) and call "
            f"{who}() before backward(), or call backward(retain_graph=True)."
        )
    if gradient is None and loss.numel() != 1:
        raise UsageError(
            f"{who}() starts from a single number, like a loss; this tensor has shape "
            f"{fmt.shape(loss.shape)}. Pass .sum() or .mean() of it, or gradient=... "
            "(the same argument backward() would need)."
        )
    if gradient is None:
        gradient = torch.ones_like(loss)
    leaves = [t for _, t in leaves_of(walked)]
    with Recorder(walked) as recorder:
        if accumulate:
            torch.autograd.backward(loss, gradient, retain_graph=True)
        else:
            torch.autograd.grad(loss, leaves, gradient, retain_graph=True, allow_unused=True)
    return recorder, gradient


def edge_gradients(walked: Walk, recorder: Recorder, gradient) -> dict[int, torch.Tensor]:
    """For each edge (by its position in the model), the gradient that flowed along it."""
    found: dict[int, torch.Tensor] = {}
    roots = {
        node_id: gradient for node_id in walked.tensors if walked.model.node(node_id).kind == OUTPUT
    }
    for number, edge in enumerate(walked.model.edges):
        if edge.dashed:
            continue  # a constant: autograd sends it nothing
        if edge.dst in roots:
            found[number] = roots[edge.dst]
        elif edge.dst in recorder.sent:
            sent = recorder.sent[edge.dst]
            if edge.slot < len(sent) and sent[edge.slot] is not None:
                found[number] = sent[edge.slot]
    return found


def annotate(walked: Walk, recorder: Recorder, gradient) -> tuple[dict, dict]:
    """Write the recorded gradients into the model: edge labels, ``grad_in`` on each
    operation, ``adds`` on each leaf. Returns (edge_grads, leaf_grads)."""
    model = walked.model
    per_edge = edge_gradients(walked, recorder, gradient)
    edge_grads = {}
    for number, edge in enumerate(model.edges):
        if number in per_edge:
            edge.label = "grad " + fmt.tensor_value(per_edge[number])
            edge_grads[(edge.src, edge.dst, edge.slot)] = per_edge[number]
    for node_id, received in recorder.received.items():
        if received and received[0] is not None:
            model.node(node_id).grad_in = fmt.tensor_value(received[0])
    leaf_grads = {}
    for node_id, _t in leaves_of(walked):
        node = model.node(node_id)
        total = recorder.leaf.get(node_id)
        if total is not None:
            node.adds = fmt.tensor_value(total)
            leaf_grads[node.title if node.title not in leaf_grads else node_id] = total
    return edge_grads, leaf_grads


def flow(
    loss,
    params: dict | None = None,
    gradient: torch.Tensor | None = None,
    direction: str = render.BACKWARD,
    expand: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> Graph:
    """Draw the graph of ``loss`` with every edge labelled by the gradient that flowed along it.

    Runs one real backward pass (``torch.autograd.grad`` with ``retain_graph=True``),
    so your ``.grad`` values stay as they are and ``loss.backward()`` still works
    afterwards. Each operation shows ``grad in`` (the upstream gradient it received);
    each edge shows what it sent on (upstream times the local derivative); each leaf
    shows the total that ``backward()`` would add into its ``.grad``.

    The result is a Graph (like ``draw``), with two more attributes:
    ``.edge_grads`` maps ``(input id, operation id, slot)`` to the gradient tensor on
    that edge, and ``.leaf_grads`` maps each leaf's name (or id) to its total gradient.
    """
    render.check_direction(direction)
    walked = walk([loss], params, who="flow")
    recorder, gradient = run_engine(walked, walked.outputs[0], gradient, False, "flow")
    edge_grads, leaf_grads = annotate(walked, recorder, gradient)
    model = walked.model
    model.title = "gradient flow"
    model.notes.insert(
        0,
        "Each edge shows the gradient the engine sent along it (upstream gradient × local "
        "derivative); your .grad values were not changed.",
    )
    walked.fns.clear()
    walked.tensors.clear()
    if not expand:
        model = _collapse.collapse(model)
    graph = Graph(model, direction=direction, timeout=timeout)
    graph.edge_grads = edge_grads
    graph.leaf_grads = leaf_grads
    return graph
