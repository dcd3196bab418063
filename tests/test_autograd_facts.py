"""The autograd facts both engines read: each answered from what autograd really recorded."""

import warnings

import torch

from lessonkit.autograd_facts import (
    FREED,
    backward_nodes,
    depends_on,
    graph_freed,
    read_grad,
    read_saved,
    saved_names,
)


def test_depends_on_follows_the_graph():
    x, other = torch.tensor(2.0, requires_grad=True), torch.tensor(1.0, requires_grad=True)
    y = torch.sin(x * 3) + other
    assert depends_on(y, x) and depends_on(y, other)
    assert not depends_on(torch.sin(other), x)
    assert not depends_on(3.0, x)
    assert not depends_on(x.detach() * 2, x)


def test_backward_nodes_visits_a_shared_node_once_and_stops_at_the_limit():
    x = torch.tensor(2.0, requires_grad=True)
    shared = x * 3
    y = shared * shared + shared
    names = [type(node).__name__ for node in backward_nodes(y.grad_fn)]
    assert names.count("MulBackward0") == 2 and names.count("AccumulateGrad") == 1
    assert len(list(backward_nodes(y.grad_fn, limit=2))) == 2


def test_graph_freed_and_read_saved_after_backward():
    x = torch.tensor(2.0, requires_grad=True)
    y = torch.sin(x) * x
    assert not graph_freed(y.grad_fn)
    assert "_saved_self" in saved_names(y.grad_fn)
    y.backward()
    assert graph_freed(y.grad_fn)
    assert read_saved(y.grad_fn, "_saved_self") is FREED
    assert not graph_freed((torch.sin(x) * x).grad_fn)  # a new graph is not freed


def test_read_grad_of_a_non_leaf_is_none_and_quiet():
    x = torch.tensor(2.0, requires_grad=True)
    y = x * 3
    y.backward()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_grad(y) is None
    assert read_grad(x) == 3
