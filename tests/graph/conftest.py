"""Shared set-up for the graph tests: a fixed renderer, and small graphs with known shapes."""

import pytest
import torch

from lessonkit.graph.layout_program import find_renderer


@pytest.fixture(autouse=True)
def pure_renderer(monkeypatch):
    """Every test draws with graphviz-pure, so pictures do not depend on the machine."""
    monkeypatch.setenv("LESSONKIT_RENDERER", "graphviz-pure")
    find_renderer.cache_clear()
    yield
    find_renderer.cache_clear()


@pytest.fixture
def neuron():
    """z = w*x + b; y = sigmoid(z); loss = BCE(y, target): 4 operations, 2 leaves."""
    torch.manual_seed(0)
    w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    b = torch.tensor(0.1, requires_grad=True)
    x = torch.tensor([1.0, 2.0, 3.0])
    z = (w * x).sum() + b
    y = torch.sigmoid(z)
    loss = torch.nn.functional.binary_cross_entropy(y, torch.tensor(1.0))
    return {"w": w, "b": b, "x": x, "z": z, "y": y, "loss": loss}
