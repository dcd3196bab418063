"""``lessonkit.replay``: step through a real backward pass, one node at a time.

    lessonkit.replay(loss, params={"w": w, "b": b})

``backward()`` is not magic: the engine starts at the loss with gradient 1 and runs
one backward node after another, each as soon as every gradient it needs has
arrived. Hooks (see ``flow.py``) write down the order in which the engine really ran
the nodes and what each one received and sent. The picture is laid out once; each
frame only recolours it, so nothing moves while you step: frame k highlights the
node that ran at step k and shows the gradients that have arrived so far.

By default your ``.grad`` values are left as they were (the engine runs through
``torch.autograd.grad(..., retain_graph=True)``); ``accumulate=True`` runs a real
``backward(retain_graph=True)`` instead, which adds into ``.grad`` as usual.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from lessonkit.graph import render
from lessonkit.graph.draw import DEFAULT_TIMEOUT
from lessonkit.graph.flow import annotate, run_engine
from lessonkit.graph.layout_program import FIX, RenderError
from lessonkit.graph.model import LEAF, OP, OUTPUT, GraphModel
from lessonkit.graph.walk import walk
from lessonkit.usage import UsageError

MAX_OPERATIONS = 150  # more steps than anyone will click through
RUNNING = "#ffb74d"  # the fill of the node that runs in this frame
RUNNING_OUTLINE = "#e65100"
PENDING_EDGE = "#d0d0d0"  # edges no gradient has reached yet
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@dataclass
class Frame:
    """One step of the replay: ``caption`` says what happened, ``svg`` shows it (or None)."""

    step: int
    caption: str
    node: str | None  # id of the node highlighted, if any
    svg: str | None = None

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": self.caption}
        if self.svg:
            bundle["image/svg+xml"] = self.svg
        return bundle


def _segments(svg: str) -> list[tuple[str | None, str]]:
    """Split Graphviz's SVG into (element id, text) pieces, one per node or edge."""
    pieces = re.split(r"(?=<!-- )", svg)
    found = []
    for piece in pieces:
        match = re.search(r'<g id="([^"]+)" class="(?:node|edge)', piece)
        found.append((match.group(1) if match else None, piece))
    return found


def _hide_last_text(piece: str) -> str:
    at = piece.rfind("<text ")
    if at < 0:
        return piece
    end = piece.index(">", at)
    tag = re.sub(r' fill="[^"]*"', "", piece[at:end])
    return piece[:at] + tag + ' fill="none"' + piece[end:]


def _pending_edge(piece: str) -> str:
    """An edge no gradient has reached yet: pale line and arrowhead, label hidden."""
    piece = piece.replace(f'stroke="{render.EDGE_COLOUR}"', f'stroke="{PENDING_EDGE}"')
    piece = piece.replace(f'fill="{render.EDGE_COLOUR}"', f'fill="{PENDING_EDGE}"')
    label = re.escape(f'fill="{render.EDGE_LABEL_COLOUR}"')
    return re.sub(f"(<text [^>]*?){label}", r'\1fill="none"', piece)


def _running(piece: str, kind: str) -> str:
    """The node that runs in this frame, in orange with a thick outline."""
    drawn = f'fill="{render.FILL_COLOURS[kind]}" stroke="{render.NODE_OUTLINE}"'
    return piece.replace(drawn, f'fill="{RUNNING}" stroke="{RUNNING_OUTLINE}" stroke-width="3"', 1)


class Replay:
    """The steps of one real backward pass. ``.frames``, ``.order``, ``.text()``.

    In JupyterLab or Colab it shows a slider (ipywidgets) to step through the frames;
    front ends without widgets, and ``widget=False``, show the frames one under the other.
    """

    def __init__(self, model: GraphModel, steps, direction, widget, timeout):
        self.model = model
        self.direction = direction
        self.widget = widget
        self.timeout = timeout
        self.steps = steps  # (kind, node id) in the order the engine produced them
        self.order = [model.node(i).title for kind, i in steps if kind == "node"]
        self.dot = render.to_dot(model, direction)
        self.problem: str | None = None
        svg = None
        try:
            self.dot, svg = render.fit(self.dot, timeout)
        except render.NoRenderer:
            self.problem = "No graph renderer found, so the steps are shown as text. " + FIX
        except RenderError as error:
            self.problem = f"Could not draw the picture ({error}); the steps are shown as text."
        self.frames = self._frames(svg)

    def _caption(self, step: int) -> str:
        total = len(self.steps)
        if step == 0:
            return (
                f"step 0 of {total}: backward starts at the output, with the gradient of "
                "the output with respect to itself (1 for a loss)."
            )
        kind, node_id = self.steps[step - 1]
        node = self.model.node(node_id)
        if kind == "node":
            return (
                f"step {step} of {total}: {node.title} ({node.op_class}) runs: it receives "
                f"{node.grad_in or '?'} and sends a gradient to each of its inputs."
            )
        return (
            f"step {step} of {total}: the gradient of leaf {node.title} is complete: {node.adds}."
        )

    def _frames(self, svg: str | None) -> list[Frame]:
        ran_at: dict[str, int] = {}  # node id -> the step at which it ran
        for step, (_kind, node_id) in enumerate(self.steps, start=1):
            ran_at.setdefault(node_id, step)
        edge_at: dict[str, int] = {}  # SVG id of an edge -> the step its gradient arrived
        for number, edge in enumerate(self.model.edges):
            dst = self.model.node(edge.dst)
            edge_at[f"e{number}"] = 0 if dst.kind == OUTPUT else ran_at.get(edge.dst, 10**9)
        steppable = {node.id: node.kind for node in self.model.nodes if node.kind in (OP, LEAF)}
        pieces = _segments(svg) if svg else []
        frames = []
        for step in range(len(self.steps) + 1):
            node = self.steps[step - 1][1] if step else None
            picture = None
            if svg:
                out = []
                for element, piece in pieces:
                    if element in edge_at and edge_at[element] > step:
                        piece = _pending_edge(piece)
                    elif element in steppable:
                        if ran_at.get(element, 10**9) > step:
                            piece = _hide_last_text(piece)
                        if element == node:
                            piece = _running(piece, steppable[element])
                    out.append(piece)
                picture = "".join(out)
            frames.append(Frame(step=step, caption=self._caption(step), node=node, svg=picture))
        return frames

    def text(self) -> str:
        """The replay as text: the order the engine ran the nodes, one step per line."""
        head = f"backward replay: {len(self.order)} operations ran, in this order: " + " -> ".join(
            self.order
        )
        return "\n".join([head] + [frame.caption for frame in self.frames])

    def __repr__(self) -> str:
        return self.text()

    def _html(self) -> str:
        """Every frame, one under the other: what a front end without widgets shows."""
        return "<div>" + "".join(map(self._frame_html, range(len(self.frames)))) + "</div>"

    def make_widget(self):
        """A slider and the frame it points at (needs ipywidgets)."""
        import ipywidgets

        slider = ipywidgets.IntSlider(
            value=0, min=0, max=len(self.frames) - 1, step=1, description="step"
        )
        view = ipywidgets.HTML(value=self._frame_html(0))

        def show(change):
            view.value = self._frame_html(change["new"])

        slider.observe(show, names="value")
        return ipywidgets.VBox([slider, view])

    def _frame_html(self, step: int) -> str:
        frame = self.frames[step]
        body = frame.svg[frame.svg.index("<svg") :] if frame.svg else ""
        return f"<p><b>{html.escape(frame.caption)}</b></p>{body}"

    def _widget_view(self) -> dict | None:
        """The widget-view entry for a new slider widget, or None where no widget can be made.

        Built from ``model_id`` rather than taken from the widget's ``_repr_mimebundle_``:
        ipywidgets 7 (Colab) has no such method, and 7 and 8 both send exactly this.
        """
        try:
            widget = self.make_widget()
            return {"version_major": 2, "version_minor": 0, "model_id": widget.model_id}
        except Exception:  # no ipywidgets, no kernel, a broken install: the frames still show
            return None

    def _repr_mimebundle_(self, include=None, exclude=None):
        if self.problem:  # no picture to step through: the text lists every step and says why
            return {"text/plain": f"{self.text()}\n{self.problem}"}
        # text/html for front ends without a widget renderer (nbviewer, GitHub, VS Code);
        # text/plain stays exactly the text, which notebooks store and compare
        bundle = {"text/html": self._html(), "text/plain": self.text()}
        view = self._widget_view() if self.widget else None
        if view:
            bundle[WIDGET_VIEW] = view
        return bundle


def replay(
    loss,
    params: dict | None = None,
    gradient=None,
    widget: bool = True,
    accumulate: bool = False,
    direction: str = render.BACKWARD,
    timeout: float = DEFAULT_TIMEOUT,
) -> Replay:
    """Run one real backward pass from ``loss`` and return its steps, to step through.

    Records, with temporary hooks, the order in which the engine ran the backward
    nodes and the gradients each received and sent. ``accumulate=False`` (default):
    your ``.grad`` values are left as they were. ``accumulate=True``: the pass is a
    real ``backward(retain_graph=True)`` and adds into ``.grad``, as backward() does.
    """
    render.check_direction(direction)
    walked = walk([loss], params, who="replay")
    if walked.model.count(OP) > MAX_OPERATIONS:
        raise UsageError(
            f"replay() shows one step per operation, and this graph has "
            f"{walked.model.count(OP)}: more than {MAX_OPERATIONS}. Replay a smaller example, "
            "or use lessonkit.flow() to see every gradient at once."
        )
    recorder, gradient = run_engine(walked, walked.outputs[0], gradient, accumulate, "replay")
    annotate(walked, recorder, gradient)
    walked.model.title = "backward replay"
    steps = list(recorder.events)
    walked.fns.clear()
    walked.tensors.clear()
    return Replay(walked.model, steps, direction, widget, timeout)
