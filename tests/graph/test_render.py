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
