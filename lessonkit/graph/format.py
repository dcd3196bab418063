"""Turn numbers, shapes and tensors into short, stable text.

Every picture and every text rendering in the course goes through these few
functions, so that a notebook run today prints exactly what a run tomorrow (or
on another laptop) prints: four significant digits, ``-0`` shown as ``0``, and
never a memory address.
"""

from __future__ import annotations

import math
import re

import torch

DIGITS = 4  # significant digits shown for every number
FULL_LIMIT = 8  # tensors with at most this many numbers are shown in full


def number(x) -> str:
    """One number, e.g. ``0.1235``, ``-3``, ``1.5e-07``, ``nan``; ``-0`` becomes ``0``."""
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int):
        return str(x)
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    text = f"{x:.{DIGITS}g}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text


def shape(size) -> str:
    """A shape the way Python writes a tuple: ``()``, ``(3,)``, ``(2, 3)``."""
    dims = tuple(int(d) for d in size)
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ", ".join(str(d) for d in dims) + ")"


def _nested(values, dims):
    """Write a flat list of already formatted numbers as nested brackets, without recursion."""
    rows = list(values)
    for size in reversed(dims[1:]):
        rows = ["[" + ", ".join(rows[i : i + size]) + "]" for i in range(0, len(rows), size)]
    return "[" + ", ".join(rows) + "]"


def tensor_value(t: torch.Tensor) -> str:
    """A tensor's values: in full when small, else a few statistics.

    >>> tensor_value(torch.tensor([1.0, 2.5]))
    '[1, 2.5]'
    """
    t = t.detach()
    if t.is_complex() or t.device.type == "meta" or t.layout != torch.strided:
        return f"{str(t.dtype).replace('torch.', '')} tensor"
    if t.numel() == 0:
        return "empty"
    flat = t.reshape(-1).cpu()
    if t.numel() <= FULL_LIMIT:
        if t.dtype == torch.bool or not t.is_floating_point():
            items = [str(v) for v in flat.tolist()]
        else:
            items = [number(v) for v in flat.double().tolist()]
        if t.dim() == 0:
            return items[0]
        return _nested(items, list(t.shape))
    if t.dtype == torch.bool:
        return f"{int(flat.sum())} of {t.numel()} True"
    values = flat.double()
    stats = [
        f"mean {number(values.mean())}",
        f"std {number(values.std())}",
        f"min {number(values.min())}",
        f"max {number(values.max())}",
    ]
    return ", ".join(stats)


def saved_value(value) -> str:
    """Something a node saved for backward that is not a tensor: an int, a tuple, a float."""
    if value is None:
        return "None"
    if isinstance(value, float | int | bool):
        return number(value)
    if isinstance(value, tuple | list):
        inner = ", ".join(saved_value(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, torch.Tensor):
        return "tensor " + shape(value.shape)
    text = str(value)
    text = re.sub(r" at 0x[0-9a-fA-F]+", "", text)  # never a memory address
    return text if len(text) <= 40 else text[:37] + "..."


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def op_name(class_name: str) -> str:
    """The plain name of an autograd node: ``MulBackward0`` -> ``mul``.

    ``BinaryCrossEntropyBackward0`` -> ``binary_cross_entropy``; a custom
    ``autograd.Function`` called ``Square`` has the node ``SquareBackward`` -> ``square``.
    """
    name = re.sub(r"Backward\d*$", "", class_name) or class_name
    return _CAMEL.sub("_", name).lower()
