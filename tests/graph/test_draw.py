import os
import stat
import sys

import pytest
import torch

import lessonkit
from lessonkit.graph import layout_program
from lessonkit.graph.draw import Graph, draw
from lessonkit.graph.layout_program import FIX


def test_public_name_and_mimebundle(neuron):
    graph = lessonkit.draw(neuron["loss"], params={k: neuron[k] for k in "wbx"})
    assert isinstance(graph, Graph)
    bundle = graph._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml", "text/plain"}
    assert "<svg" in bundle["image/svg+xml"]
    assert bundle["text/plain"] == graph.text() == repr(graph)
    assert "binary_cross_entropy" in graph.text() and "0x" not in graph.text()
    assert graph.dot.startswith("digraph autograd {")


def test_svg_is_identical_across_runs(neuron):
    params = {k: neuron[k] for k in "wbx"}
    assert draw(neuron["loss"], params=params).svg() == draw(neuron["loss"], params=params).svg()


def test_drawing_changes_nothing(neuron):
    def grads(do_draw):
        torch.manual_seed(0)
        w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
        b = torch.tensor(0.1, requires_grad=True)
        loss = torch.sigmoid((w * torch.tensor([1.0, 2.0, 3.0])).sum() + b)
        if do_draw:
            draw(loss, params={"w": w, "b": b}, saved=True).svg()
            draw(loss, direction="backward").text()
        loss.backward()
        return w.grad.clone(), b.grad.clone()

    (w1, b1), (w2, b2) = grads(False), grads(True)
    assert torch.equal(w1, w2) and torch.equal(b1, b2)


def test_draw_after_backward_shows_grads_and_freed(neuron):
    neuron["loss"].backward()
    graph = draw(neuron["loss"], params={"w": neuron["w"]}, saved=True)
    text = graph.text()
    assert "freed after backward" in text
    assert "grad [" in text  # w.grad is shown now
    assert "<svg" in graph.svg()


def test_no_renderer_shows_text_and_the_fix(monkeypatch, neuron):
    monkeypatch.setenv("LESSONKIT_RENDERER", "none")
    layout_program.find_renderer.cache_clear()
    graph = draw(neuron["loss"])
    bundle = graph._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    assert bundle["text/plain"].startswith(graph.text())
    assert bundle["text/plain"].splitlines()[-1].endswith(FIX)
    with pytest.raises(RuntimeError, match="install a graph renderer"):
        graph.svg()


def fake_renderer(tmp_path, script):
    program = tmp_path / "fake-dot"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return layout_program.Renderer(name="fake-dot", path=str(program))


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as renderer")
def test_renderer_failure_falls_back_to_text(monkeypatch, tmp_path, neuron):
    broken = fake_renderer(tmp_path, "echo 'Error: syntax error in line 1' >&2; exit 1")
    monkeypatch.setattr(layout_program, "find_renderer", lambda: broken)
    bundle = draw(neuron["loss"])._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    last = bundle["text/plain"].splitlines()[-1]
    assert last.startswith("Could not draw the picture") and "syntax error" in last


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as renderer")
def test_renderer_timeout_falls_back_to_text(monkeypatch, tmp_path, neuron):
    slow = fake_renderer(tmp_path, "exec sleep 5")
    monkeypatch.setattr(layout_program, "find_renderer", lambda: slow)
    bundle = draw(neuron["loss"], timeout=0.3)._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    assert "took longer than" in bundle["text/plain"].splitlines()[-1]


def test_save_by_suffix(tmp_path, neuron):
    graph = draw(neuron["loss"])
    assert graph.save(tmp_path / "g.svg").read_text().count("<svg") == 1
    assert graph.save(tmp_path / "g.png").read_bytes()[:4] == b"\x89PNG"
    assert graph.save(tmp_path / "g.dot").read_text() == graph.dot
    assert graph.save(tmp_path / "g.txt").read_text() == graph.text() + "\n"
    with pytest.raises(ValueError, match=".svg, .png"):
        graph.save(tmp_path / "g.pdf")
    assert not os.path.exists(tmp_path / "g.pdf")


def test_leaf_alone_and_bad_input():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    assert draw(w, params={"w": w}).model.nodes[0].title == "w"
    with pytest.raises(TypeError, match="got a float"):
        draw(1.5)
    with pytest.raises(ValueError, match="does not require grad"):
        draw(torch.ones(2))
    with pytest.raises(ValueError, match="direction"):
        draw(w * 2, direction="up")
