import sys

import torch
from torch import nn

from lessonkit.graph import render
from lessonkit.graph.collapse import collapse, find_runs
from lessonkit.graph.draw import draw
from lessonkit.graph.model import LEAF, OP, SUMMARY
from lessonkit.graph.walk import walk


def mlp_loss(layers=100):
    torch.manual_seed(0)
    parts = []
    for _ in range(layers):
        parts += [nn.Linear(4, 4), nn.Sigmoid()]
    return nn.Sequential(*parts)(torch.randn(2, 4)).sum()


def test_find_runs():
    assert find_runs(list("xababababy")) == [(1, 2, 4)]
    assert find_runs(list("aab")) == []
    assert find_runs(list("aaaa")) == [(0, 1, 4)]


def test_small_graphs_are_left_alone():
    model = walk([mlp_loss(3)]).model
    assert collapse(model, above=80) is model


def test_mlp_collapses_into_one_summary_with_counts():
    full = walk([mlp_loss(100)]).model
    assert full.count(OP) == 301 and full.count(LEAF) == 200
    small = collapse(full)
    summaries = [n for n in small.nodes if n.kind == SUMMARY]
    assert len(summaries) == 1
    summary = summaries[0]
    assert summary.title == "addmm → sigmoid ×99"  # the first layer differs: its input is data
    assert summary.folded_ops == 297 and summary.leaf_shapes == (("(4,)", 99), ("(4, 4)", 99))
    assert render.facts(summary) == [
        "297 operations folded",
        "also: t",
        "198 leaves: 99 × (4,), 99 × (4, 4)",
    ]
    assert len(small.nodes) < 15
    assert any("expand=True" in note for note in small.notes)
    # every edge of the small graph stands for edges of the full one, nothing is invented
    assert sum(e.count for e in small.edges) <= len(full.edges)


def test_shared_weight_stays_outside_with_a_count():
    torch.manual_seed(0)
    w = torch.randn(3, 3, requires_grad=True)
    h0 = torch.randn(1, 3, requires_grad=True)
    h = h0
    for _ in range(100):
        h = torch.tanh(h @ w)
    model = collapse(walk([h.sum()], {"w": w, "h0": h0}).model)
    summary = next(n for n in model.nodes if n.kind == SUMMARY)
    assert summary.title == "mm → tanh ×100"
    into = [e for e in model.edges if e.dst == summary.id]
    w_id = next(n.id for n in model.nodes if n.title == "w")
    assert {(e.src, e.count) for e in into} >= {(w_id, 100)}
    assert "×100" in render.to_dot(model)


def test_draw_expand_and_threshold():
    loss = mlp_loss(30)
    assert draw(loss).model.count(SUMMARY) == 1
    assert draw(loss, expand=True).model.count(SUMMARY) == 0
    assert draw(loss, collapse_above=1000).model.count(SUMMARY) == 0


def test_deep_chain_collapses_and_renders_without_recursion():
    w = torch.tensor(1.0, requires_grad=True)
    y = w
    for _ in range(10_000):
        y = torch.sin(y)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(150)
    try:
        graph = draw(y, params={"w": w})
        text = graph.text()
    finally:
        sys.setrecursionlimit(limit)
    assert "sin ×10000" in text
    assert len(graph.model.nodes) == 3
    assert "<svg" in graph.svg()


def test_gru_cell_unit_of_ten_operations_folds():
    torch.manual_seed(0)
    cell = nn.GRUCell(4, 4)
    h = torch.zeros(1, 4)
    for _ in range(30):
        h = cell(torch.randn(1, 4), h)
    graph = draw(h.sum(), params=dict(cell.named_parameters()))
    summary = next(n for n in graph.model.nodes if n.kind == SUMMARY)
    assert summary.count == 29 and len(summary.title.split(" → ")) == 10
    assert len(graph.model.nodes) < 30
    shared = [e for e in graph.model.edges if e.dst == summary.id and e.count == 29]
    assert len(shared) == 4  # weight_ih, weight_hh, bias_ih, bias_hh: one edge each, ×29
