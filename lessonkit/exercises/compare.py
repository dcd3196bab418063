"""Compare a learner's answer with the expected one and say the first thing that differs.

    compare(got, expected)  ->  None when they match, else a Difference

The checks run in the order a learner can act on them:

    1. kind      tensor, number, function ... ("expected a tensor, got a list")
    2. shape
    3. dtype     a float answer at least as precise as expected will do (float64 for float32)
    4. autograd  requires_grad and grad_fn, only when the exercise asks (autograd=True)
    5. values    within a tolerance fitted to the dtype; report the largest difference and where

A tensor on another device (CUDA, MPS) is fine: values are compared on the CPU.
Nothing here changes `got`: we only read it, or work on detached CPU copies.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import torch

# (rtol, atol) per dtype: loose enough for a different but correct order of operations.
TOLERANCE = {
    torch.float16: (1e-2, 1e-3),
    torch.bfloat16: (2e-2, 1e-2),
    torch.float32: (1e-4, 1e-6),
    torch.float64: (1e-7, 1e-10),
}
NUMBER_TOLERANCE = (1e-4, 1e-6)  # a number may come from float32 work, e.g. x.grad.item()


@dataclass(frozen=True)
class Difference:
    what: str  # "kind", "shape", "dtype", "requires_grad", "grad_fn" or "values"
    message: str

    def __str__(self):
        return self.message


# ---------------------------------------------------------------- kinds


def kind(value) -> str:
    """A learner-readable name for what `value` is."""
    if isinstance(value, torch.Tensor):
        return "tensor"
    if value is None:
        return "None"
    if value is Ellipsis:
        return "placeholder"
    if isinstance(value, bool | np.bool_):
        return "boolean"
    if isinstance(value, numbers.Real):  # int, float, numpy scalars
        return "number"
    if isinstance(value, np.ndarray):
        return "numpy array"
    if callable(value):
        return "function"
    return {str: "string", list: "list", tuple: "tuple", dict: "dict"}.get(
        type(value), type(value).__name__
    )


def a_kind(value) -> str:
    """`kind` with an article: 'a tensor', 'None', 'an int'."""
    name = kind(value)
    if name == "None":
        return "None"
    return ("an " if name[0] in "aeiou" else "a ") + name


KIND_ADVICE = {
    ("tensor", "numpy array"): " Turn it into one with torch.from_numpy(...).",
    ("tensor", "list"): " Turn it into one with torch.tensor([...]).",
    ("tensor", "number"): " Turn it into one with torch.tensor(...).",
    ("number", "list"): " Give a single number.",
    ("function", "None"): " Define it with `def`.",
}


def _kind_difference(got, expected) -> Difference | None:
    want, have = kind(expected), kind(got)
    if want == have:
        return None
    if want == "number" and have == "tensor":
        if got.numel() == 1:
            return None  # a one-element tensor is a fine number
        return Difference("kind", f"expected a single number, got a tensor of shape {_shape(got)}.")
    advice = KIND_ADVICE.get((want, have), "")
    return Difference("kind", f"expected {a_kind(expected)}, got {a_kind(got)}.{advice}")


# ---------------------------------------------------------------- tensors


def _shape(t: torch.Tensor) -> str:
    return str(tuple(t.shape))


def _autograd_difference(got: torch.Tensor, expected: torch.Tensor) -> Difference | None:
    if got.requires_grad != expected.requires_grad:
        if expected.requires_grad:
            return Difference(
                "requires_grad",
                "it does not require grad, but it should (requires_grad=True).",
            )
        return Difference("requires_grad", "it requires grad, but it should not.")
    if (got.grad_fn is None) != (expected.grad_fn is None):
        if expected.grad_fn is None:
            name = type(got.grad_fn).__name__
            return Difference(
                "grad_fn", f"it has grad_fn={name}, but it should be a leaf with no grad_fn."
            )
        return Difference("grad_fn", "it has no grad_fn, but it should come out of a computation.")
    return None


def tolerance(*dtypes) -> tuple[float, float]:
    """The loosest (rtol, atol) among `dtypes`; exact for integers and booleans."""
    pairs = [TOLERANCE.get(d, (0.0, 0.0)) for d in dtypes]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _values_difference(got, expected, rtol, atol) -> Difference | None:
    got = got.detach().cpu().to(torch.float64)
    expected = expected.detach().cpu().to(torch.float64)
    close = torch.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if bool(close.all()):
        return None
    gap = (got - expected).abs().nan_to_num(nan=math.inf)
    gap[close] = -1.0  # only look among the values that are not close
    flat = int(gap.argmax())
    index = tuple(int(i) for i in np.unravel_index(flat, tuple(got.shape)))
    have, want = got.reshape(-1)[flat].item(), expected.reshape(-1)[flat].item()
    where = f" at index {index}" if got.dim() else ""
    if math.isnan(have) or math.isinf(have):
        return Difference("values", f"it contains {have}{where}, where a number is expected.")
    return Difference(
        "values",
        f"values differ: the largest difference is {_fmt(abs(have - want))}{where} "
        f"(you have {_fmt(have)} there).",
    )


def _dtype_will_do(got: torch.dtype, expected: torch.dtype) -> bool:
    """The course's one dtype policy: a float answer at least as precise as the expected one
    (float64 for float32) is fine, compared at the expected dtype's tolerance. An integer for
    a float, or a float16 for a float32, is a dtype difference."""
    if got == expected:
        return True
    floats = got.is_floating_point and expected.is_floating_point
    return floats and torch.finfo(got).bits >= torch.finfo(expected).bits


def _tensor_difference(got, expected, *, autograd, check_dtype, rtol, atol):
    if got.shape != expected.shape:
        return Difference(
            "shape", f"it has shape {_shape(got)}, but the expected shape is {_shape(expected)}."
        )
    if check_dtype and not _dtype_will_do(got.dtype, expected.dtype):
        return Difference(
            "dtype", f"it has dtype {got.dtype}, but the expected dtype is {expected.dtype}."
        )
    if autograd:
        found = _autograd_difference(got, expected)
        if found:
            return found
    default = tolerance(got.dtype, expected.dtype)
    return _values_difference(
        got, expected, default[0] if rtol is None else rtol, default[1] if atol is None else atol
    )


# ---------------------------------------------------------------- numbers


def _number_difference(got, expected, rtol, atol) -> Difference | None:
    if isinstance(got, torch.Tensor):
        got = got.detach().cpu().reshape(-1)[0].item()
    rtol = NUMBER_TOLERANCE[0] if rtol is None else rtol
    atol = NUMBER_TOLERANCE[1] if atol is None else atol
    have, want = float(got), float(expected)
    if math.isclose(have, want, rel_tol=rtol, abs_tol=atol):
        return None
    if math.isnan(have) or math.isinf(have):
        return Difference("values", f"it is {have}, where a finite number is expected.")
    return Difference(
        "values", f"it is {_fmt(have)}, off from the expected value by {_fmt(abs(have - want))}."
    )


# ---------------------------------------------------------------- several values at once


def _sequence_difference(got, expected, options) -> Difference | None:
    """A tuple such as (w, b) returned by a function: same length, then item by item."""
    if len(got) != len(expected):
        return Difference(
            "shape", f"it holds {len(got)} items, but {len(expected)} are expected."
        )
    for number, (have, want) in enumerate(zip(got, expected, strict=True)):
        found = compare(have, want, **options)
        if found:
            return Difference(found.what, f"item {number}: {found}")
    return None


def _dict_difference(got, expected, options) -> Difference | None:
    missing = [key for key in expected if key not in got]
    extra = [key for key in got if key not in expected]
    if missing or extra:
        said = [f"missing {missing}" if missing else "", f"unexpected {extra}" if extra else ""]
        return Difference("kind", "its keys differ: " + ", ".join(p for p in said if p) + ".")
    for key, want in expected.items():
        found = compare(got[key], want, **options)
        if found:
            return Difference(found.what, f"[{key!r}]: {found}")
    return None


# ---------------------------------------------------------------- the entry point


def compare(
    got,
    expected,
    *,
    autograd: bool = False,
    check_dtype: bool = True,
    rtol: float | None = None,
    atol: float | None = None,
) -> Difference | None:
    """None when `got` matches `expected`, else the first Difference found.

    autograd:    also compare requires_grad and whether there is a grad_fn.
    check_dtype: False to accept any dtype (values are then compared as float64).
    rtol, atol:  override the tolerance picked from the dtype.
    """
    found = _kind_difference(got, expected)
    if found:
        return found
    if isinstance(expected, torch.Tensor):
        return _tensor_difference(
            got, expected, autograd=autograd, check_dtype=check_dtype, rtol=rtol, atol=atol
        )
    if kind(expected) == "number":
        return _number_difference(got, expected, rtol, atol)
    options = dict(autograd=autograd, check_dtype=check_dtype, rtol=rtol, atol=atol)
    if isinstance(expected, tuple | list):
        return _sequence_difference(got, expected, options)
    if isinstance(expected, dict):
        return _dict_difference(got, expected, options)
    if got == expected:  # strings, booleans ...
        return None
    return Difference("values", f"it is {got!r}, which is not the expected value.")
