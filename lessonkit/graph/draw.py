"""``lessonkit.draw``: the graph that autograd recorded, as a picture.

    loss = F.binary_cross_entropy(torch.sigmoid(w * x + b), y)
    lessonkit.draw(loss, params={"w": w, "b": b, "x": x})

The picture is a snapshot taken when ``draw`` runs. Drawing only reads the graph:
it never calls ``backward()``, frees nothing and leaves no hook behind, so what
you do next gives the same gradients as if you had not drawn.
"""

from __future__ import annotations

from pathlib import Path

from lessonkit.graph import collapse as _collapse
from lessonkit.graph import render
from lessonkit.graph.layout_program import FIX, RenderError
from lessonkit.graph.model import GraphModel
from lessonkit.graph.walk import walk
from lessonkit.usage import UsageError

DEFAULT_TIMEOUT = 30  # seconds the renderer may take before we show text instead


class Graph:
    """A drawn graph. In a notebook it shows itself as a picture (or as text when no
    renderer is installed). ``.dot`` is the DOT source, ``.svg()`` the picture (made to fit a
    notebook column, see ``render.fit``), ``.text()`` a plain-text rendering,
    ``.save(path)`` writes .svg, .png, .dot or .txt.
    """

    def __init__(
        self,
        model: GraphModel,
        direction: str = render.FORWARD,
        timeout: float = DEFAULT_TIMEOUT,
        layout: dict | None = None,
    ):
        self.model = model
        self.direction = render.check_direction(direction)
        self.timeout = timeout
        self.dot = render.to_dot(model, direction, layout)
        self._svg: str | None = None
        self._problem: str | None = None

    def text(self) -> str:
        """The graph as plain text: one node per line, inputs first."""
        return render.to_text(self.model, self.direction)

    def svg(self) -> str:
        """The picture as SVG text. Raises RuntimeError when no renderer can draw it."""
        if self._svg is None:
            # laid out to fit a notebook column: .dot becomes the DOT of what is shown
            self.dot, self._svg = render.fit(self.dot, self.timeout)
        return self._svg

    def png(self) -> bytes:
        return render.picture(self.dot, "png", self.timeout)

    def save(self, path) -> Path:
        """Write the graph to ``path``: .svg or .png (a picture), .dot or .txt (text)."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".svg":
            path.write_text(self.svg(), encoding="utf-8")
        elif suffix == ".png":
            path.write_bytes(self.png())
        elif suffix in (".dot", ".gv"):
            path.write_text(self.dot, encoding="utf-8")
        elif suffix == ".txt":
            path.write_text(self.text() + "\n", encoding="utf-8")
        else:
            raise UsageError(
                f"save() writes .svg, .png, .dot or .txt files; {path.name!r} has none of these."
            )
        return path

    def problem(self) -> str | None:
        """Why there is no picture (one line), or None when the picture rendered."""
        if self._svg is None and self._problem is None:
            try:
                self.svg()
            except render.NoRenderer:
                self._problem = "No graph renderer found, so here is the graph as text. " + FIX
            except RenderError as error:
                self._problem = f"Could not draw the picture ({error}); here is the text instead."
        return self._problem

    def _repr_mimebundle_(self, include=None, exclude=None):
        problem = self.problem()
        if problem:
            return {"text/plain": self.text() + "\n" + problem}
        return {"image/svg+xml": self._svg, "text/plain": self.text()}

    def __repr__(self) -> str:
        return self.text()


def draw(
    *outputs,
    params: dict | None = None,
    saved: bool = False,
    direction: str = render.FORWARD,
    expand: bool = False,
    collapse_above: int = _collapse.COLLAPSE_ABOVE,
    timeout: float = DEFAULT_TIMEOUT,
) -> Graph:
    """Draw the graph autograd recorded for ``outputs`` (usually the loss).

    params:  names for tensors, e.g. ``{"w": w, "b": b, "x": x}``. Leaves without a
             name are labelled by their shape; named tensors that do not require grad
             are shown as constants (autograd itself keeps no edge to them).
    saved:   also list what each operation saved for backward (``_saved_*``).
    direction: "forward" (default: data flows left to right) or "backward"
             (arrows point the way gradients flow).
    expand:  draw every node even in a large graph. By default a graph with more than
             ``collapse_above`` operations folds repeated structure into summary nodes.
    timeout: seconds the renderer may take before the text rendering is shown instead.
    """
    render.check_direction(direction)
    model = walk(outputs, params, saved=saved, who="draw").model
    if not expand:
        model = _collapse.collapse(model, above=collapse_above)
    return Graph(model, direction=direction, timeout=timeout)
