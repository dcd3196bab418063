import pytest
import torch

import lessonkit
from lessonkit.graph.accumulation import Accumulation


def test_two_passes_add_up_on_copies():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor(0.5, requires_grad=True)
    x = torch.tensor([3.0, 4.0])
    result = lessonkit.accumulation({"w": w, "b": b}, lambda w, b: (w * x + b).sum())
    assert isinstance(result, Accumulation)
    before, first, second, added = result.grads
    assert before == {"w": None, "b": None}
    assert torch.equal(first["w"], x) and torch.equal(second["w"], 2 * x)
    assert torch.equal(added["w"], x) and torch.equal(added["b"], torch.tensor(2.0))
    assert w.grad is None and b.grad is None  # the learner's tensors are untouched
    assert [label for label, _ in result.rows] == [
        "before",
        "after backward 1",
        "after backward 2",
        "added by backward 2",
    ]
    assert "w.grad [6, 8]" in result.text() and "<table>" in result._repr_html_()
    assert repr(result) == result.text()


def test_starts_from_the_current_grad_and_leaves_it():
    w = torch.tensor([1.0, -1.0], requires_grad=True)
    w.grad = torch.tensor([10.0, 10.0])
    result = lessonkit.accumulation(w, lambda w: (w**2).sum(), times=1)
    assert torch.equal(result.grads[1]["w"], torch.tensor([12.0, 8.0]))
    assert torch.equal(w.grad, torch.tensor([10.0, 10.0]))


def test_plain_errors():
    w = torch.tensor([1.0], requires_grad=True)
    with pytest.raises(ValueError, match="original tensors"):
        lessonkit.accumulation(w, lambda c: (w * 2).sum())
    assert w.grad is None
    with pytest.raises(TypeError, match="loss_fn"):
        lessonkit.accumulation(w, None)
    with pytest.raises(TypeError, match="tensor or a dict"):
        lessonkit.accumulation([w], lambda w: w.sum())
    with pytest.raises(ValueError, match="leaf tensor that requires grad"):
        lessonkit.accumulation(torch.ones(2), lambda w: w.sum())
    with pytest.raises(ValueError, match="single-number"):
        lessonkit.accumulation(torch.ones(2, requires_grad=True), lambda w: w * 2)
