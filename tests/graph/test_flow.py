import pytest
import torch

from lessonkit.graph import flow as flow_module
from lessonkit.graph.flow import flow
from lessonkit.graph.model import SUMMARY


def neuron_parts():
    w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    b = torch.tensor(0.1, requires_grad=True)
    x = torch.tensor([1.0, 2.0, 3.0])
    y = torch.sigmoid((w * x).sum() + b)
    loss = torch.nn.functional.binary_cross_entropy(y, torch.tensor(1.0))
    return w, b, x, loss


def into(graph, node_title):
    """Sum of the gradients on all edges leaving (in backward direction) towards a leaf."""
    node_id = next(n.id for n in graph.model.nodes if n.title == node_title)
    grads = [g for (src, _dst, _slot), g in graph.edge_grads.items() if src == node_id]
    return sum(grads[1:], grads[0]), len(grads)


def test_labelled_gradients_equal_what_backward_puts_in_grad():
    w, b, x, loss = neuron_parts()
    graph = flow(loss, params={"w": w, "b": b, "x": x})
    assert w.grad is None and b.grad is None  # flow did not touch .grad
    loss.backward()  # the graph is still there
    for leaf, name in ((w, "w"), (b, "b")):
        total, _ = into(graph, name)
        assert torch.allclose(total, leaf.grad, rtol=0, atol=1e-7)
        assert torch.allclose(graph.leaf_grads[name], leaf.grad, rtol=0, atol=1e-7)
    text = graph.text()
    assert "grad in" in text and "[grad " in text


def test_labels_show_the_chain_rule():
    w = torch.tensor(3.0, requires_grad=True)
    y = w * 2.0
    loss = y * y  # y = 6: each of the two edges into y*y carries 6; together 12; times 2: 24
    graph = flow(loss, params={"w": w, "y": y})
    labels = sorted(e.label for e in graph.model.edges if e.label)
    assert labels == ["grad 1", "grad 24", "grad 6", "grad 6"]
    times_two = next(n for n in graph.model.nodes if n.gives == ("y",))
    assert times_two.grad_in == "12"


def test_tensor_used_twice_sums_two_edges():
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    loss = (w * w).sum()
    graph = flow(loss, params={"w": w})
    total, edges = into(graph, "w")
    assert edges == 2
    loss.backward()
    assert torch.equal(total, w.grad)


def test_existing_grad_is_left_alone_and_backward_matches():
    w, b, x, loss = neuron_parts()
    w.grad = torch.full((3,), 7.0)
    flow(loss, params={"w": w, "b": b})
    assert torch.equal(w.grad, torch.full((3,), 7.0)) and b.grad is None

    w2, b2, _, loss2 = neuron_parts()
    loss2.backward()
    w.grad = None
    loss.backward()
    assert torch.equal(w.grad, w2.grad) and torch.equal(b.grad, b2.grad)


def test_no_hook_is_left_behind(monkeypatch):
    w, b, _x, loss = neuron_parts()
    flow(loss, params={"w": w, "b": b})
    assert not w._backward_hooks and not b._backward_hooks  # torch's own record of tensor hooks
    calls = []
    monkeypatch.setattr(flow_module.Recorder, "node_ran", lambda *a: calls.append(a))
    monkeypatch.setattr(flow_module.Recorder, "leaf_ready", lambda *a: calls.append(a))
    loss.backward()
    assert calls == []


def test_hooks_would_be_seen(monkeypatch):
    """The check above can fail: a live Recorder does get called."""
    w, b, _x, loss = neuron_parts()
    walked = flow_module.walk([loss], {"w": w})
    calls = []
    monkeypatch.setattr(flow_module.Recorder, "node_ran", lambda *a: calls.append(a))
    with flow_module.Recorder(walked):
        loss.backward(retain_graph=True)
    assert calls
    calls.clear()
    loss.backward()
    assert calls == []


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a**3

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return 3 * a**2 * grad


def test_custom_function_and_multiple_paths():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    loss = Cube.apply(w).sum() + (w * 3).sum()
    graph = flow(loss, params={"w": w})
    loss.backward()
    total, edges = into(graph, "w")
    assert edges == 2 and torch.allclose(total, w.grad)


def test_plain_errors():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(ValueError, match="single number"):
        flow(w * 2)
    graph = flow(w * 2, gradient=torch.tensor([1.0, 10.0]))
    assert torch.equal(graph.leaf_grads["leaf (2,)"], torch.tensor([2.0, 20.0]))
    loss = torch.sigmoid(w).sum()
    loss.backward()
    with pytest.raises(RuntimeError, match="already freed"):
        flow(loss)
    with pytest.raises(TypeError, match="got None"):
        flow(None)


def test_big_graph_flows_and_collapses():
    torch.manual_seed(0)
    w = torch.randn(3, 3, requires_grad=True)
    h = torch.randn(1, 3)
    for _ in range(100):
        h = torch.tanh(h @ w)
    loss = h.sum()
    graph = flow(loss, params={"w": w})
    assert graph.model.count(SUMMARY) == 1
    loss.backward()
    assert torch.allclose(graph.leaf_grads["w"], w.grad)
