import pytest
import torch

import lessonkit
from lessonkit.graph.explain import Explanation


def facts(explanation):
    return dict(explanation.facts)


def test_leaf_before_and_after_backward():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    before = lessonkit.explain(w, "w")
    assert isinstance(before, Explanation)
    assert facts(before)["is_leaf"] == "True" and facts(before)[".grad"] == "None"
    assert "no backward() has reached it yet" in before.text()
    (w * 3).sum().backward()
    after = lessonkit.explain(w, "w")
    assert facts(after)[".grad"] == "[3, 3]"
    assert "sum of the gradients" in after.text()
    assert repr(after) == after.text() and "<table>" in after._repr_html_()


def test_non_leaf_without_and_with_retain_grad():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    z = w * 2
    text = lessonkit.explain(z).text()
    assert "not a leaf" in text and "MulBackward0 (mul)" in text and "retain_grad()" in text
    z.retain_grad()
    assert "the next backward()" in lessonkit.explain(z).text()
    z.sum().backward()
    assert facts(lessonkit.explain(z))[".grad"] == "[1, 1]"


def test_graph_already_freed():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    z = torch.sigmoid(w)
    assert "freed" not in lessonkit.explain(z).text()
    z.sum().backward()
    assert "retain_graph=True" in lessonkit.explain(z).text()


def test_tensors_that_never_required_grad():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    with torch.no_grad():
        made = w * 2
    for t in (made, w.detach(), torch.zeros(2)):
        text = lessonkit.explain(t).text()
        assert "does not require grad" in text and "torch.no_grad()" in text
    assert "only floating-point" in lessonkit.explain(torch.arange(3)).text()
    with torch.inference_mode():
        inf = torch.ones(2)
    assert "inference_mode" in lessonkit.explain(inf).text()


def test_no_state_change_and_bad_input():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    z = w * 2
    lessonkit.explain(z)
    assert not z.retains_grad and z.grad_fn is not None
    with pytest.raises(TypeError, match="needs a tensor"):
        lessonkit.explain(3.0)
    with pytest.raises(TypeError, match="got None"):
        lessonkit.explain(None)
