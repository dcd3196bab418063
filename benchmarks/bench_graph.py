"""Time lessonkit.draw on the graphs learners are likely to make, largest first.

    LESSONKIT_RENDERER=graphviz-pure python benchmarks/bench_graph.py

For each graph: time to walk the autograd graph, to write DOT, to render SVG with
the renderer found (graphviz-pure in CI), fitted to a notebook column as a notebook shows
it ("svg s" includes a second layout where "fit" says TB), the SVG size and its width in
CSS px ("fold+dot" includes folding repeated structure into summary nodes); collapsed (the
default) and, where it is reasonable, expanded. A script, not a test: the figures depend on
the machine.
"""

from __future__ import annotations

import os
import time

import torch
from torch import nn

from lessonkit.graph import collapse, render
from lessonkit.graph.layout_program import find_renderer
from lessonkit.graph.walk import walk


def mlp_100():
    torch.manual_seed(0)
    layers = []
    for _ in range(100):
        layers += [nn.Linear(10, 10), nn.Sigmoid()]
    return nn.Sequential(*layers)(torch.randn(4, 10)).sum(), {}


def chain_10000():
    w = torch.tensor(1.0, requires_grad=True)
    y = w
    for _ in range(10_000):
        y = y * 1.0001
    return y, {"w": w}


def recurrent(cell_type, steps=30):
    def build():
        torch.manual_seed(0)
        cell = cell_type(8, 8)
        h = torch.zeros(1, 8)
        state = (h, torch.zeros(1, 8)) if cell_type is nn.LSTMCell else h
        for _ in range(steps):
            state = cell(torch.randn(1, 8), state)
        h = state[0] if cell_type is nn.LSTMCell else state
        return h.sum(), dict(cell.named_parameters())

    return build


def rnn_shared_weight(steps=30):
    torch.manual_seed(0)
    w = torch.randn(8, 8, requires_grad=True)
    u = torch.randn(8, 8, requires_grad=True)
    b = torch.zeros(8, requires_grad=True)
    h = torch.zeros(1, 8)
    for _ in range(steps):
        h = torch.tanh(torch.randn(1, 8) @ w + h @ u + b)
    return h.sum(), {"W": w, "U": u, "b": b}


CASES = [
    ("100-layer Linear+sigmoid MLP", mlp_100, True),
    ("10,000-operation chain", chain_10000, False),
    ("30-step recurrent cell, shared W/U/b", rnn_shared_weight, True),
    ("30-step nn.RNNCell", recurrent(nn.RNNCell), True),
    ("30-step nn.GRUCell", recurrent(nn.GRUCell), True),
    ("30-step nn.LSTMCell", recurrent(nn.LSTMCell), True),
]


def measure(output, params, expand):
    start = time.perf_counter()
    model = walk([output], params).model
    walked = time.perf_counter()
    if not expand:
        model = collapse.collapse(model)
    dot = render.to_dot(model)
    dotted = time.perf_counter()
    fitted_dot, svg = render.fit(dot, timeout=300)  # as a notebook shows it
    rendered = time.perf_counter()
    drawn_px = float(svg.split('viewBox="')[1].split()[2]) * render.PX_PER_PT
    fit = "as is" if render._width_px(svg) == drawn_px else "scaled"
    if fitted_dot != dot:
        fit = "TB" if fit == "as is" else "TB+sc"  # laid out again, top to bottom
    return {
        "nodes": len(model.nodes),
        "walk": walked - start,
        "dot": dotted - walked,
        "svg": rendered - dotted,
        "kb": len(svg.encode()) / 1024,
        "fit": fit,
        "px": render._width_px(svg) or 0,
    }


def main():
    found = find_renderer()
    if found is None:
        print("No renderer: set LESSONKIT_RENDERER=graphviz-pure or install graphviz-pure.")
        return
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"renderer: {found.name} ({found.version()}); {cpus} CPUs; torch {torch.__version__}")
    head = ("graph", "mode", "nodes", "walk s", "fold+dot", "svg s", "SVG KiB", "fit", "px")
    print("{:40} {:9} {:>6} {:>7} {:>7} {:>7} {:>8} {:>6} {:>5}".format(*head))
    for name, build, also_expanded in CASES:
        modes = [False, True] if also_expanded else [False]
        for expand in modes:
            output, params = build()
            row = measure(output, params, expand)
            mode = "expanded" if expand else "default"
            print(
                f"{name:40} {mode:9} {row['nodes']:6d} {row['walk']:7.3f} {row['dot']:7.3f} "
                f"{row['svg']:7.3f} {row['kb']:8.1f} {row['fit']:>6} {row['px']:5.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
