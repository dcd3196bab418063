import sys

import pytest
import torch

from lessonkit.graph import render
from lessonkit.graph.model import LEAF, OP, GraphModel, Node
from lessonkit.graph.walk import walk


def build():
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = torch.tensor(0.5, requires_grad=True)
    x = torch.tensor([4.0, 5.0, 6.0])
    loss = torch.sigmoid(w * x + b).sum()
    return walk([loss], {"w": w, "b": b, "x": x}).model


def test_dot_is_identical_across_runs_and_has_no_addresses():
    first, second = render.to_dot(build()), render.to_dot(build())
    assert first == second
    assert "0x" not in first
    assert "n0 [label=<<b>output</b>" in first
    assert "MulBackward0" in first and "<b>mul</b>" in first
    assert first.count(" -> ") == 7  # 6 autograd edges and 1 dashed edge for constant x
    assert "style=dashed" in first


def test_direction_backward_reverses_arrows_only():
    model = build()
    forward, backward = render.to_dot(model), render.to_dot(model, render.BACKWARD)
    assert "dir=back" not in forward
    assert backward.count("dir=back") == forward.count(" -> ") - 1  # not the dashed constant
    assert backward.count("dir=none") == 1
    with pytest.raises(ValueError, match="direction"):
        render.to_dot(model, "sideways")


def test_text_lists_inputs_before_users():
    text = render.to_text(build())
    lines = text.splitlines()
    assert lines[0].startswith("autograd graph: 4 operations, 2 leaves, 1 output")
    position = {word: i for i, line in enumerate(lines) for word in [line.split()[1].rstrip(":")]}
    assert position["w"] < position["mul"] < position["add"] < position["sigmoid"]
    assert position["sigmoid"] < position["sum"] < position["output"]
    assert "MulBackward0" in text and "0x" not in text


def test_text_backward_lists_output_first():
    lines = render.to_text(build(), render.BACKWARD).splitlines()
    assert lines[1].split()[1] == "output:"
    assert lines[-3].split()[1] in ("w:", "b:", "x:")


def test_facts_are_written_from_the_node_fields():
    op = Node(id="n1", kind=OP, title="mul", op_class="MulBackward0", gives=("y",), grad_in="2")
    op.saved["other"] = "x"
    assert render.facts(op) == ["saved other: x", "gives y", "grad in 2"]
    label = render.to_dot(GraphModel(nodes=[op])).split("n1 [label=")[1]
    assert label.startswith('<<b>mul</b><br/><font point-size="8" color="#555555">MulBackward0')
    leaf = Node(id="n2", kind=LEAF, title="leaf (2,)", shape="(2,)", shape_in_title=True)
    leaf.value, leaf.grad, leaf.adds = "[1, 2]", "None", "[3, 4]"
    assert render.facts(leaf) == ["value [1, 2]", "grad None", "this backward adds [3, 4]"]
    leaf.shape_in_title = False
    assert render.facts(leaf)[0] == "shape (2,)"


def test_quotes_and_markup_are_escaped():
    w = torch.tensor([1.0], requires_grad=True)
    model = walk([w * 2], {'a "<b>" & c': w}).model
    dot = render.to_dot(model)
    assert "&lt;b&gt;" in dot and "&amp;" in dot


def test_deep_chain_text_and_dot_without_recursion():
    w = torch.tensor(1.0, requires_grad=True)
    y = w
    for _ in range(10_000):
        y = y + 1
    model = walk([y]).model
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(150)
    try:
        dot, text = render.to_dot(model), render.to_text(model)
    finally:
        sys.setrecursionlimit(limit)
    assert dot.count(" -> ") == 10_001
    assert len(text.splitlines()) == 1 + 10_002


def test_picture_renders_svg_and_png():
    dot = render.to_dot(build())
    svg = render.picture(dot, "svg").decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert render.picture(dot, "png")[:4] == b"\x89PNG"


def lesson_05_flow():
    """The flow view of lesson 05: wider than a notebook column when laid out left to right."""
    import lessonkit

    x, y = torch.tensor(1.5), torch.tensor(1.0)
    w = torch.tensor(0.8, requires_grad=True)
    b = torch.tensor(-0.5, requires_grad=True)
    loss = torch.nn.functional.binary_cross_entropy(torch.sigmoid(w * x + b), y)
    return lessonkit.flow(loss, params={"w": w, "b": b, "x": x, "y": y})


def column_fit(svg):
    """(width in px, smallest text in px, viewBox) of an SVG as a browser draws it."""
    width = render._width_px(svg)
    scale = width / (float(svg.split('viewBox="')[1].split()[2]) * render.PX_PER_PT)
    return width, render._smallest_font_px(svg) * scale, svg.split('viewBox="')[1].split('"')[0]


def test_a_graph_that_fits_is_drawn_as_before():
    dot = render.to_dot(build())
    svg = render.picture(dot, "svg").decode()
    assert render._width_px(svg) <= render.COLUMN_PX
    assert render.fit(dot) == (dot, svg)


def test_a_slightly_wide_graph_is_scaled_down_whole():
    dot = render.to_dot(build())
    svg = render.picture(dot, "svg").decode()
    column = render._width_px(svg) * 0.9  # 10 % too wide: smallest text 10.7 px -> 9.6 px
    fitted_dot, fitted = render.fit(dot, column_px=column)
    assert fitted_dot == dot and fitted != svg
    width, font, view_box = column_fit(fitted)
    assert column - 1 <= width <= column and font >= render.MIN_FONT_PX
    assert view_box == column_fit(svg)[2]  # the same drawing, only smaller
    assert fitted.replace(fitted[: fitted.index("viewBox")], "") == svg.replace(
        svg[: svg.index("viewBox")], ""
    )


def test_lesson_05_flow_is_laid_out_top_to_bottom_to_fit_the_column():
    graph = lesson_05_flow()
    wide = render.picture(graph.dot, "svg").decode()
    assert render._width_px(wide) > render.COLUMN_PX  # 927 pt = 1236 px left to right
    svg = graph.svg()
    width, font, _ = column_fit(svg)
    assert width <= render.COLUMN_PX and font >= render.MIN_FONT_PX
    assert 'rankdir="TB"' in graph.dot and 'rankdir="LR"' not in graph.dot
    assert "<g id=\"n0\" class=\"node output\">" in svg  # the loss, where backward starts
    assert "grad 1" in svg  # and the gradient on its edge
    bundle = graph._repr_mimebundle_()
    assert bundle["image/svg+xml"] == svg


def test_replay_frames_fit_the_column_too():
    import lessonkit

    x, y = torch.tensor(1.5), torch.tensor(1.0)
    w = torch.tensor(0.8, requires_grad=True)
    b = torch.tensor(-0.5, requires_grad=True)
    loss = torch.nn.functional.binary_cross_entropy(torch.sigmoid(w * x + b), y)
    replay = lessonkit.replay(loss, params={"w": w, "b": b, "x": x, "y": y}, widget=False)
    assert 'rankdir="TB"' in replay.dot
    for frame in replay.frames:
        assert render._width_px(frame.svg) <= render.COLUMN_PX


def test_a_graph_too_wide_for_any_layout_is_shown_whole():
    model = build()
    dot = render.to_dot(model)
    fitted_dot, svg = render.fit(dot, column_px=60)  # no layout fits 60 px at a readable size
    width, font, _ = column_fit(svg)
    assert width <= 60 and font < render.MIN_FONT_PX
    assert fitted_dot in (dot, dot.replace('rankdir="LR"', 'rankdir="TB"'))


def test_a_layout_chosen_by_the_caller_keeps_its_direction():
    dot = render.to_dot(build(), layout={"rankdir": "BT"})
    svg = render.picture(dot, "svg").decode()
    column = render._width_px(svg) * 0.5
    fitted_dot, fitted = render.fit(dot, column_px=column)
    assert fitted_dot == dot and render._width_px(fitted) <= column
