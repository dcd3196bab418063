"""Turn a GraphModel into DOT text, plain text, or a picture.

* :func:`to_dot` writes the DOT language that Graphviz lays out;
* :func:`to_text` writes the same graph as lines of text, for a machine with no
  renderer and for the ``text/plain`` output that notebooks store;
* :func:`picture` hands DOT to the renderer found by ``layout_program.py``;
* :func:`fit` makes the SVG a notebook shows fit its column (see ``COLUMN_PX``).

Both writers only loop over lists: nothing recurses, whatever the graph's depth.
"""

from __future__ import annotations

import re
import textwrap

from lessonkit.graph import format as fmt
from lessonkit.graph import layout_program as _layout_program
from lessonkit.graph.model import CONSTANT, LEAF, OP, OUTPUT, SUMMARY, Edge, GraphModel, Node
from lessonkit.usage import UsageError

FORWARD = "forward"
BACKWARD = "backward"

# Colours: to_dot draws with these, and replay.py finds them in the SVG to recolour it.
FILL_COLOURS = {  # the fill of each kind of node
    OUTPUT: "#c8e6c9",  # green: what you passed to draw()
    LEAF: "#bbdefb",  # blue: leaves whose .grad backward() fills
    OP: "#eeeeee",  # grey: operations (backward nodes)
    CONSTANT: "#ffffff",  # white, dashed: not tracked by autograd
    SUMMARY: "#ffe0b2",  # orange: repeated structure folded into one node
}
NODE_OUTLINE = "black"  # Graphviz's default: to_dot sets none
EDGE_COLOUR = "#444444"
EDGE_LABEL_COLOUR = "#1a237e"  # dark blue: the gradient on an edge
UNTRACKED_EDGE_COLOUR = "#999999"  # the dashed edge from a constant
CLASS_COLOUR = "#555555"  # an operation's PyTorch class, under its title
LEGEND_FILL = "#fffde7"

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

# A notebook shows a picture at its own size, and JupyterLab cuts off what is wider than the
# output column: there, the loss node of a left-to-right graph, where backward starts. fit()
# makes every picture at most COLUMN_PX wide, never shrinking its smallest text (an operation's
# class, 8 pt) below MIN_FONT_PX. A picture that fits is left exactly as Graphviz drew it.
# JupyterLab in a 1280-px window, file browser open (tests/test_browser.py), gives an output
# 853 px; a picture 884 px wide lost its right edge there.
COLUMN_PX = 850
MIN_FONT_PX = 9
PX_PER_PT = 4 / 3  # Graphviz sizes an SVG in points; a browser draws 1 pt as 4/3 px
_SVG_SIZE = re.compile(r'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"')
_FONT_SIZE = re.compile(r'font-size="([0-9.]+)"')
_ACROSS, _DOWN = 'rankdir="LR"', 'rankdir="TB"'


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


def facts(node: Node) -> list[str]:
    """The lines shown under a node's title (and an operation's class), from its fields."""
    lines = []
    if node.shape and not node.shape_in_title:
        lines.append(f"shape {node.shape}")
    if node.value:
        lines.append(f"value {node.value}")
    if node.grad:
        lines.append(f"grad {node.grad}")
    lines += [f"saved {name}: {text}" for name, text in node.saved.items()]
    lines += [f"gives {name}" for name in node.gives]
    if node.grad_in:
        lines.append(f"grad in {node.grad_in}")
    if node.adds:
        lines.append(f"this backward adds {node.adds}")
    if node.kind == SUMMARY:
        lines += _summary_facts(node)
    return lines


def _summary_facts(node: Node) -> list[str]:
    lines = [f"{node.folded_ops} operations folded"]
    if node.side_ops:
        lines.append("also: " + ", ".join(node.side_ops))
    if node.leaf_shapes:
        leaves = sum(count for _shape, count in node.leaf_shapes)
        lines.append(
            f"{fmt.number(leaves)} leaves: "
            + ", ".join(f"{count} × {shape}" for shape, count in node.leaf_shapes)
        )
    return lines


def _label(node: Node) -> str:
    titles = textwrap.wrap(node.title, 36, break_on_hyphens=False) or [""]
    rows = [
        f"<b>{_html(title)} </b>" if node.kind == SUMMARY else f"<b>{_html(title)}</b>"
        for title in titles
    ]
    if node.kind == OP:
        rows.append(f'<font point-size="8" color="{CLASS_COLOUR}">{_html(node.op_class)}</font>')
    rows += [f'<font point-size="9">{_html(line)}</font>' for line in facts(node)]
    return "<" + "<br/>".join(rows) + ">"


def _wrap(lines: list[str], width: int = 90) -> list[str]:
    wrapped: list[str] = []
    for line in lines:
        wrapped.extend(textwrap.wrap(line, width) or [""])
    return wrapped


def to_dot(model: GraphModel, direction: str = FORWARD, layout: dict | None = None) -> str:
    """The DOT text for ``model``. Node ids are the model's, so the text is stable."""
    check_direction(direction)
    out = ["digraph autograd {", _graph_line(model, direction, layout)]
    out.append(
        f'  node [shape=box, style="rounded,filled", fontname={_quote(FONT)}, fontsize=11, '
        'margin="0.08,0.04", penwidth=1];'
    )
    out.append(
        f'  edge [fontname={_quote(FONT)}, fontsize=9, arrowsize=0.7, color="{EDGE_COLOUR}"];'
    )
    out += [_node_line(node) for node in model.nodes]
    if model.legend:
        rows = ["<b>not tracked by autograd</b>"] + [_html(line) for line in model.legend]
        out.append(
            f'  legend [shape=note, style=filled, fillcolor="{LEGEND_FILL}", '
            f'label=<{"<br/>".join(rows)}>, id="legend", '
            'tooltip="tensors you named that do not require grad: autograd keeps no edge to '
            'them"];'
        )
    out += [_edge_line(number, edge, direction) for number, edge in enumerate(model.edges)]
    out.append("}")
    return "\n".join(out) + "\n"


def _graph_line(model: GraphModel, direction: str, layout: dict | None) -> str:
    """The graph's attributes: the layout settings, the font, and the notes as its label."""
    attrs = dict(LAYOUT)
    if len(model.edges) > BIG_GRAPH_EDGES:
        attrs.update(BIG_LAYOUT)
    attrs.update(layout or {})
    graph_attrs = [f"{key}={_quote(str(value))}" for key, value in attrs.items()]
    graph_attrs += [f"fontname={_quote(FONT)}", "fontsize=10", 'bgcolor="white"']
    notes = list(model.notes)
    if direction == BACKWARD:
        notes.insert(0, "Arrows point the way gradients flow in backward().")
    if notes:
        text = "".join(_quote(line)[1:-1] + "\\l" for line in _wrap(notes))
        graph_attrs += [f'label="{text}"', "labelloc=b", "labeljust=l"]
    return "  graph [" + ", ".join(graph_attrs) + "];"


def _node_line(node: Node) -> str:
    extra = ""
    if node.kind == CONSTANT:
        extra = ', style="rounded,dashed"'
    elif node.kind == SUMMARY:
        extra = ", peripheries=2"
    elif node.kind == OUTPUT:
        extra = ", penwidth=2"
    tooltip = node.tooltip or node.title
    return (
        f"  {node.id} [label={_label(node)}, fillcolor={_quote(FILL_COLOURS[node.kind])}, "
        f"tooltip={_quote(tooltip)}, id={_quote(node.id)}, class={_quote(node.kind)}{extra}];"
    )


def _edge_line(number: int, edge: Edge, direction: str) -> str:
    attrs = [f'id="e{number}"']
    label = edge.label
    if edge.count > 1:
        label = f"×{edge.count}" + (f" {label}" if label else "")
    if label:
        attrs.append(f"label={_quote(label)}")
        attrs.append(f'fontcolor="{EDGE_LABEL_COLOUR}"')
    if edge.dashed:
        attrs.append(f'style=dashed, color="{UNTRACKED_EDGE_COLOUR}"')
    if direction == BACKWARD:
        attrs.append("dir=none" if edge.dashed else "dir=back")  # no gradient to a constant
    return f"  {edge.src} -> {edge.dst} [{', '.join(attrs)}];"


def order(model: GraphModel) -> list[Node]:
    """The nodes in data-flow order: every node after all of its inputs."""
    found = [model.node(node_id) for node_id in model.topological_order(sources_reversed=True)]
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


def _text_row(node: Node, inputs: list[Edge], names: dict[str, str]) -> str:
    """One node of to_text: what it is, its facts, and where its inputs come from."""
    parts = [_describe(node)]
    details = facts(node)
    if details:
        parts.append("; ".join(details))
    sources = []
    for edge in inputs:
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
    return " | ".join(parts)


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
    inputs = model.inputs()
    nodes = order(model)
    if direction == BACKWARD:
        nodes.reverse()
        lines[0] += " (listed from the output back to the leaves, the way backward() goes)"
    else:
        lines[0] += " (inputs first)"
    lines += ["  " + _text_row(node, inputs.get(node.id, []), names) for node in nodes]
    if model.legend:
        lines.append("not tracked by autograd: " + "; ".join(model.legend))
    lines += [f"note: {note}" for note in model.notes]
    return "\n".join(lines)


class NoRenderer(RuntimeError):
    """No program to draw graphs is available here."""


def picture(dot: str, fmt: str = "svg", timeout: float = 30) -> bytes:
    """Lay out DOT text and return an SVG or PNG picture (raises NoRenderer or RenderError)."""
    found = _layout_program.find_renderer()
    if found is None:
        raise NoRenderer(_layout_program.FIX)
    return found.render(dot, fmt=fmt, timeout=timeout)


def _width_px(svg: str) -> float | None:
    found = _SVG_SIZE.search(svg)
    return float(found.group(1)) * PX_PER_PT if found else None


def _smallest_font_px(svg: str) -> float:
    sizes = [float(size) for size in _FONT_SIZE.findall(svg)]
    return min(sizes, default=14.0) * PX_PER_PT


def _scaled(svg: str, scale: float) -> str:
    """The same picture drawn ``scale`` times its size: width and height change, the
    viewBox (the drawing's own coordinates) stays, so everything shrinks alike."""

    def size(found: re.Match) -> str:
        width, height = (f"{float(value) * scale:.2f}".rstrip("0").rstrip(".") for value in
                         found.groups())
        return f'<svg width="{width}pt" height="{height}pt"'

    return _SVG_SIZE.sub(size, svg, count=1)


def _scale_to_fit(svg: str, column_px: float) -> tuple[float, float]:
    """(the scale that makes ``svg`` fit the column, at most 1; its smallest text then, px)."""
    width = _width_px(svg)
    scale = 1.0 if width is None or width <= column_px else column_px / width
    return scale, _smallest_font_px(svg) * scale


def fit(dot: str, timeout: float = 30, column_px: float = COLUMN_PX) -> tuple[str, str]:
    """The DOT and the SVG to show in a notebook column ``column_px`` wide. In order:

    1. the picture as laid out, when it fits: nothing changes;
    2. the same picture scaled down, when its smallest text stays at least MIN_FONT_PX;
    3. laid out top to bottom instead of left to right, then scaled down likewise if need be;
    4. otherwise (hundreds of nodes side by side) whichever of the two keeps the bigger text,
       scaled to fit the column: whole, if small; ``.save("graph.svg")`` keeps its full size.

    Raises NoRenderer or RenderError as :func:`picture` does.
    """
    svg = picture(dot, "svg", timeout).decode("utf-8")
    scale, font = _scale_to_fit(svg, column_px)
    if scale == 1.0:
        return dot, svg
    if font >= MIN_FONT_PX or _ACROSS not in dot:
        return dot, _scaled(svg, scale)
    down_dot = dot.replace(_ACROSS, _DOWN, 1)
    down_svg = picture(down_dot, "svg", timeout).decode("utf-8")
    down_scale, down_font = _scale_to_fit(down_svg, column_px)
    if down_font >= MIN_FONT_PX or down_font >= font:
        return down_dot, _scaled(down_svg, down_scale) if down_scale < 1.0 else down_svg
    return dot, _scaled(svg, scale)
