"""What autograd has recorded, read without changing anything: the bottom of lessonkit.

The graph engine (drawing, explaining) and the exercise engine (checks, mistake detectors)
both ask these questions, so each is answered once, here.
"""

from __future__ import annotations

import warnings
from collections import deque
from collections.abc import Iterator

import torch

FREED = object()  # marks a saved value that backward() has freed
_SAVED_NAMES: dict[type, list[str]] = {}


def read_grad(t: torch.Tensor):
    """``t.grad`` without the warning PyTorch prints for non-leaf tensors: we only look."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return t.grad


def saved_names(fn) -> list[str]:
    """The ``_saved_*`` attributes of a backward node (its class defines them)."""
    cls = type(fn)
    if cls not in _SAVED_NAMES:
        names = sorted(a for a in dir(cls) if a.startswith("_saved_"))
        if not names and hasattr(fn, "saved_tensors"):  # a custom autograd.Function
            names = ["saved_tensors"]
        _SAVED_NAMES[cls] = names
    return _SAVED_NAMES[cls]


def read_saved(fn, name: str):
    """One saved value, or FREED when backward() has already released it."""
    try:
        return getattr(fn, name)
    except RuntimeError:
        return FREED


def backward_nodes(fn, limit: int | None = None) -> Iterator:
    """Every backward node reachable from ``fn`` through ``next_functions``, each once,
    breadth first; at most ``limit`` of them."""
    # seen holds the nodes themselves: a Python wrapper that died could hand its id() on
    queue, seen = deque([fn]), {}
    while queue and (limit is None or len(seen) < limit):
        node = queue.popleft()
        if node is None or id(node) in seen:
            continue
        seen[id(node)] = node
        yield node
        queue.extend(child for child, _ in node.next_functions)


def depends_on(output, leaf) -> bool:
    """True when autograd's graph leads from ``output`` back to the tensor ``leaf``."""
    if not isinstance(output, torch.Tensor) or output.grad_fn is None:
        return False
    # an AccumulateGrad node holds its leaf
    return any(getattr(node, "variable", None) is leaf for node in backward_nodes(output.grad_fn))


def graph_freed(fn, limit: int = 100_000) -> bool:
    """Has backward() already freed the tensors saved in the graph behind ``fn``?"""
    return any(read_saved(node, name) is FREED
               for node in backward_nodes(fn, limit) for name in saved_names(node))
