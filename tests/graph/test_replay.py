import html
import re
import sys
import types
import warnings

import ipywidgets
import pytest
import torch

import lessonkit
from lessonkit.graph import flow as flow_module
from lessonkit.graph import layout_program, render
from lessonkit.graph.layout_program import FIX
from lessonkit.graph.replay import PENDING_EDGE, RUNNING, WIDGET_VIEW, _segments, replay


def example():
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = torch.tensor(0.5, requires_grad=True)
    x = torch.tensor([4.0, 5.0, 6.0])
    loss = torch.sigmoid(w * x + b).sum()
    return w, b, x, loss


def test_order_is_the_engines_and_grads_are_untouched():
    w, b, x, loss = example()
    r = lessonkit.replay(loss, params={"w": w, "b": b, "x": x})
    assert r.order == ["sum", "sigmoid", "add", "mul"]
    assert len(r.frames) == 7  # the start, 4 operations, 2 leaves completed
    assert w.grad is None and b.grad is None
    lines = r.text().splitlines()
    assert lines[0].endswith("sum -> sigmoid -> add -> mul")
    assert lines[2].startswith("step 1 of 6: sum (SumBackward0) runs: it receives 1 and")
    assert lines[5] == "step 4 of 6: the gradient of leaf b is complete: 0.01089."
    loss.backward()  # the graph was kept
    assert w.grad is not None


def test_frames_share_one_layout_and_highlight_one_node():
    w, b, _x, loss = example()
    r = replay(loss, params={"w": w, "b": b})

    def geometry(svg):
        return re.sub(r' (fill|stroke|stroke-width)="[^"]*"', "", svg)

    shapes = {geometry(frame.svg) for frame in r.frames}
    assert len(shapes) == 1  # same positions in every frame: only colours change
    assert len({frame.svg for frame in r.frames}) == len(r.frames)
    assert RUNNING not in r.frames[0].svg
    for frame in r.frames[1:]:
        assert frame.svg.count(RUNNING) == 1
        block = frame.svg[frame.svg.index(f'<g id="{frame.node}" class="node') :]
        assert RUNNING in block[: block.index("</g>\n</g>")]
    # the gradient into b is hidden before add runs, visible after
    add_step = r.order.index("add") + 1
    assert "grad 0.01089" in r.frames[-1].svg
    hidden = r.frames[add_step - 1].svg
    edge = hidden[hidden.index(">grad 0.01089<") - 200 : hidden.index(">grad 0.01089<")]
    assert 'fill="none"' in edge


def test_replay_finds_the_colours_render_drew_with():
    w, b, _x, loss = example()
    frames = replay(loss, params={"w": w, "b": b}).frames
    first, last = frames[0].svg, frames[-1].svg
    assert f'stroke="{render.EDGE_COLOUR}"' in last and PENDING_EDGE not in last
    assert f'fill="{render.EDGE_LABEL_COLOUR}"' in last
    edges = {element: piece for element, piece in _segments(first) if (element or "")[:1] == "e"}
    drawn = {element for element, piece in edges.items() if render.EDGE_COLOUR in piece}
    assert len(edges) == 6 and drawn == {"e0"}  # at step 0 only the output's edge has a gradient


def test_accumulate_true_fills_grad_like_backward():
    w, b, _x, loss = example()
    replay(loss, params={"w": w, "b": b}, accumulate=True)
    w2, b2, _x2, loss2 = example()
    loss2.backward()
    assert torch.equal(w.grad, w2.grad) and torch.equal(b.grad, b2.grad)


def shows_every_frame(bundle, r):
    """The static fallback: every caption and picture; the text exactly as text() says."""
    assert bundle["text/plain"] == r.text()
    assert bundle["text/html"].count("<svg") == len(r.frames)
    for frame in r.frames:
        assert html.escape(frame.caption) in bundle["text/html"]


def test_widget_bundle_has_the_slider_and_every_frame():
    w, b, _x, loss = example()
    r = replay(loss, params={"w": w, "b": b})
    bundle = r._repr_mimebundle_()
    assert set(bundle) == {WIDGET_VIEW, "text/html", "text/plain"}
    view = bundle[WIDGET_VIEW]
    assert set(view) == set(ipywidgets.VBox()._repr_mimebundle_()[WIDGET_VIEW])  # as ipywidgets 8
    assert (view["version_major"], view["version_minor"]) == (2, 0)
    assert isinstance(view["model_id"], str) and view["model_id"]
    shows_every_frame(bundle, r)
    assert "0x" not in bundle["text/plain"]


def test_slider_shows_the_frame_it_points_at():
    w, b, _x, loss = example()
    r = replay(loss, params={"w": w, "b": b})
    slider, view = r.make_widget().children
    assert html.escape(r.frames[0].caption) in view.value
    slider.value = 3
    assert html.escape(r.frames[3].caption) in view.value
    assert r.frames[3].svg[r.frames[3].svg.index("<svg") :] in view.value


def test_ipywidgets_7_widget_is_shown_by_its_model_id(monkeypatch):
    made = []

    class Widget:  # as in ipywidgets 7.7 (Colab): model_id and observe(), no _repr_mimebundle_
        def __init__(self, children=(), **traits):
            self.model_id = f"model-{len(made)}"
            self.children = children
            made.append(self)

        def observe(self, handler, names):
            pass

    fake = types.ModuleType("ipywidgets")
    fake.IntSlider = fake.HTML = fake.VBox = Widget
    monkeypatch.setitem(sys.modules, "ipywidgets", fake)
    w, b, _x, loss = example()
    r = replay(loss, params={"w": w, "b": b})
    bundle = r._repr_mimebundle_()
    box = made[-1]  # the VBox holding the slider and the picture
    assert not hasattr(box, "_repr_mimebundle_")
    assert bundle[WIDGET_VIEW] == {"version_major": 2, "version_minor": 0, "model_id": box.model_id}
    shows_every_frame(bundle, r)


def no_ipywidgets(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import fails


def broken_ipywidgets(monkeypatch):
    def no_comm(*args, **kwargs):
        raise RuntimeError("no comm")

    monkeypatch.setattr(ipywidgets, "IntSlider", no_comm)


@pytest.mark.parametrize(
    "widget, setup",
    [(False, None), (True, no_ipywidgets), (True, broken_ipywidgets)],
    ids=["widget=False", "no ipywidgets", "widget creation raises"],
)
def test_without_widgets_frames_stack(monkeypatch, widget, setup):
    if setup:
        setup(monkeypatch)
    w, b, _x, loss = example()
    r = replay(loss, params={"w": w, "b": b}, widget=widget)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bundle = r._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    shows_every_frame(bundle, r)


def test_no_renderer_gives_text_steps(monkeypatch):
    monkeypatch.setenv("LESSONKIT_RENDERER", "none")
    layout_program.find_renderer.cache_clear()
    w, b, _x, loss = example()
    r = replay(loss)
    bundle = r._repr_mimebundle_()  # no picture: no slider either, the text says why
    assert set(bundle) == {"text/plain"}
    assert bundle["text/plain"] == f"{r.text()}\n{r.problem}" and r.problem.endswith(FIX)
    assert all(frame.svg is None for frame in r.frames)


def test_no_hook_left_and_plain_errors(monkeypatch):
    w, b, _x, loss = example()
    replay(loss, params={"w": w})
    calls = []
    monkeypatch.setattr(flow_module.Recorder, "node_ran", lambda *a: calls.append(a))
    loss.backward()
    assert calls == []
    with pytest.raises(RuntimeError, match="already freed"):
        replay(loss)
    y = w
    for _ in range(200):
        y = y * 1.0
    with pytest.raises(ValueError, match="more than 150"):
        replay(y.sum())
