"""Turn a GraphModel into DOT text, plain text, or a picture.

* :func:`to_dot` writes the DOT language that Graphviz lays out;
* :func:`to_text` writes the same graph as lines of text, for a machine with no
  renderer and for the ``text/plain`` output that notebooks store;
* :func:`picture` hands DOT to the renderer found by ``renderer.py``.

Both writers only loop over lists: nothing recurses, whatever the graph's depth.
"""

from __future__ import annotations

import textwrap
from collections import deque

from lessonkit.graph import renderer as _renderer
from lessonkit.graph.model import (
    CONSTANT,
    FILL_KEYS,
    LEAF,
    OP,
    OUTPUT,
    SUMMARY,
    GraphModel,
    Node,
)
from lessonkit.usage import UsageError

FORWARD = "forward"
BACKWARD = "backward"

FILL = FILL_KEYS

# Graphviz's crossing minimisation is what makes big graphs slow, most of all when one
# leaf (a shared weight) feeds many operations: with Graphviz's defaults a 30-step GRU
# cell took 69 s to lay out. These settings, measured in benchmarks/bench_graph.py,
# keep every graph a learner is likely to draw to a few seconds or less.
LAYOUT = {
    "rankdir": "LR",
    "newrank": "true",
    "nslimit": "2",
    "nslimit1": "2",
    "mclimit": "0.3",
    "remincross": "false",
    "searchsize": "30",
    "ranksep": "0.3",
    "nodesep": "0.2",
}
# Above this many edges, curved edges cost more than the rest of the layout together
# straight edges, and inputs kept in the order autograd lists them, bring a 30-step
# GRU cell (780 edges) from 3 s to under 1 s.
BIG_GRAPH_EDGES = 150
BIG_LAYOUT = {"splines": "line", "ordering": "in", "mclimit": "0.1"}
FONT = "Helvetica"


def check_direction(direction: str) -> str:
    if direction not in (FORWARD, BACKWARD):
        raise UsageError(
            f'direction must be "{FORWARD}" (data flows from inputs to the loss) or '
            f'"{BACKWARD}" (gradients flow from the loss to the leaves); got {direction!r}.'
        )
    return direction


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _label(node: Node) -> str:
    titles = textwrap.wrap(node.title, 36, break_on_hyphens=False) or [""]
    rows = [
        f"<b>{_html(title)} </b>" if node.kind == SUMMARY else f"<b>{_html(title)}</b>"
        for title in titles
    ]
    for line in node.lines:
        if line == node.op_class:
            rows.append(f'<font point-size="8" color="#555555">{_html(line)}</font>')
        else:
            rows.append(f'<font point-size="9">{_html(line)}</font>')
    return "<" + "<br/>".join(rows) + ">"


def _wrap(lines: list[str], width: int = 90) -> list[str]:
    wrapped: list[str] = []
    for line in lines:
        wrapped.extend(textwrap.wrap(line, width) or [""])
    return wrapped


def to_dot(model: GraphModel, direction: str = FORWARD, layout: dict | None = None) -> str:
    """The DOT text for ``model``. Node ids are the model's, so the text is stable."""
    check_direction(direction)
    attrs = dict(LAYOUT)
    if len(model.edges) > BIG_GRAPH_EDGES:
        attrs.update(BIG_LAYOUT)
    attrs.update(layout or {})
    out = ["digraph autograd {"]
    graph_attrs = [f"{key}={_quote(str(value))}" for key, value in attrs.items()]
    graph_attrs += [f"fontname={_quote(FONT)}", "fontsize=10", 'bgcolor="white"']
    notes = list(model.notes)
    if direction == BACKWARD:
        notes.insert(0, "Arrows point the way gradients flow in backward().")
    if notes:
        text = "".join(_quote(line)[1:-1] + "\\l" for line in _wrap(notes))
        graph_attrs += [f'label="{text}"', "labelloc=b", "labeljust=l"]
    out.append("  graph [" + ", ".join(graph_attrs) + "];")
    out.append(
        f'  node [shape=box, style="rounded,filled", fontname={_quote(FONT)}, fontsize=11, '
        'margin="0.08,0.04", penwidth=1];'
    )
    out.append(f'  edge [fontname={_quote(FONT)}, fontsize=9, arrowsize=0.7, color="#444444"];')
    for node in model.nodes:
        extra = ""
        if node.kind == CONSTANT:
            extra = ', style="rounded,dashed"'
        elif node.kind == SUMMARY:
            extra = ", peripheries=2"
        elif node.kind == OUTPUT:
            extra = ", penwidth=2"
        tooltip = node.tooltip or node.title
        out.append(
            f"  {node.id} [label={_label(node)}, fillcolor={_quote(FILL[node.kind])}, "
            f"tooltip={_quote(tooltip)}, id={_quote(node.id)}, class={_quote(node.kind)}{extra}];"
        )
    if model.legend:
        rows = ["<b>not tracked by autograd</b>"] + [_html(line) for line in model.legend]
        out.append(
            '  legend [shape=note, style=filled, fillcolor="#fffde7", '
            f'label=<{"<br/>".join(rows)}>, id="legend", '
            'tooltip="tensors you named that do not require grad: autograd keeps no edge to '
            'them"];'
        )
    for number, edge in enumerate(model.edges):
        attrs = [f'id="e{number}"']
        label = edge.label
        if edge.count > 1:
            label = f"×{edge.count}" + (f" {label}" if label else "")
        if label:
            attrs.append(f"label={_quote(label)}")
            attrs.append('fontcolor="#1a237e"')
        if edge.dashed:
            attrs.append('style=dashed, color="#999999"')
        if direction == BACKWARD:
            attrs.append("dir=none" if edge.dashed else "dir=back")  # no gradient to a constant
        out.append(f"  {edge.src} -> {edge.dst} [{', '.join(attrs)}];")
    out.append("}")
    return "\n".join(out) + "\n"


def order(model: GraphModel) -> list[Node]:
    """The nodes in data-flow order: every node after all of its inputs (Kahn's algorithm)."""
    position = {node.id: i for i, node in enumerate(model.nodes)}
    waiting = {node.id: 0 for node in model.nodes}
    users: dict[str, list[str]] = {node.id: [] for node in model.nodes}
    for edge in model.edges:
        waiting[edge.dst] += 1
        users[edge.src].append(edge.dst)
    ready = deque(sorted((i for i, n in waiting.items() if n == 0), key=lambda i: -position[i]))
    found: list[Node] = []
    while ready:
        node_id = ready.popleft()
        found.append(model.node(node_id))
        for user in users[node_id]:
            waiting[user] -= 1
            if waiting[user] == 0:
                ready.append(user)
    if len(found) < len(model.nodes):  # a cycle cannot happen in autograd; be safe anyway
        seen = {node.id for node in found}
        found += [node for node in model.nodes if node.id not in seen]
    return found


def _describe(node: Node) -> str:
    if node.kind == OP:
        return f"{node.id} {node.title} ({node.op_class})"
    if node.kind == LEAF:
        return f"{node.id} {node.title}: leaf"
    if node.kind == SUMMARY:
        return f"{node.id} {node.title} (summary)"
    if node.kind == CONSTANT:
        return f"{node.id} {node.title}: constant, not tracked by autograd"
    return f"{node.id} {node.title}: {node.kind}"


def _plural(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def to_text(model: GraphModel, direction: str = FORWARD) -> str:
    """The graph as plain text, one node per line, inputs before the nodes that use them."""
    check_direction(direction)
    head = model.title or "autograd graph"
    counts = [
        _plural(model.count(OP), "operation"),
        _plural(model.count(LEAF), "leaf", "leaves"),
        _plural(model.count(OUTPUT), "output"),
    ]
    if model.count(SUMMARY):
        counts.append(_plural(model.count(SUMMARY), "summary", "summaries"))
    lines = [f"{head}: " + ", ".join(counts)]
    names = {node.id: node.title for node in model.nodes}
    inputs = model.inputs_of()
    nodes = order(model)
    if direction == BACKWARD:
        nodes.reverse()
        lines[0] += " (listed from the output back to the leaves, the way backward() goes)"
    else:
        lines[0] += " (inputs first)"
    for node in nodes:
        parts = [_describe(node)]
        details = [line for line in node.lines if line != node.op_class]
        if details:
            parts.append("; ".join(details))
        sources = []
        for edge in inputs.get(node.id, []):
            text = f"{edge.src} {names[edge.src]}"
            if edge.dashed:
                text += " (not tracked)"
            if edge.count > 1:
                text += f" ×{edge.count}"
            if edge.label and not edge.dashed:
                text += f" [{edge.label}]"
            sources.append(text)
        if node.untracked:
            sources.append(f"{node.untracked} input(s) not tracked")
        if sources:
            parts.append("<- " + ", ".join(sources))
        lines.append("  " + " | ".join(parts))
    if model.legend:
        lines.append("not tracked by autograd: " + "; ".join(model.legend))
    lines += [f"note: {note}" for note in model.notes]
    return "\n".join(lines)


class NoRenderer(RuntimeError):
    """No program to draw graphs is available here."""


def picture(dot: str, fmt: str = "svg", timeout: float = 30) -> bytes:
    """Lay out DOT text and return an SVG or PNG picture (raises NoRenderer or RenderError)."""
    found = _renderer.find_renderer()
    if found is None:
        raise NoRenderer(_renderer.FIX)
    return found.render(dot, fmt=fmt, timeout=timeout)
