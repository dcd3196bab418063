"""What a wrong value resembles: the right one negated, scaled, transposed, or a value the
lesson computed before the exercise. A fact about the numbers, added to the generic message
when no known mistake explains the answer; never a guess about its cause.

    resemblance(got, expected, earlier)  ->  a sentence, or None
"""

from __future__ import annotations

import torch

RTOL, ATOL = 1e-4, 1e-6


def as_tensor(x) -> torch.Tensor:
    """A detached float64 CPU copy of a tensor or number (TypeError for anything else)."""
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().to(torch.float64)
    if isinstance(x, int | float) and not isinstance(x, bool):
        return torch.tensor(float(x), dtype=torch.float64)
    raise TypeError(f"not a tensor or number: {type(x).__name__}")


def close(a, b) -> bool:
    a, b = as_tensor(a), as_tensor(b)
    return a.shape == b.shape and bool(torch.allclose(a, b, rtol=RTOL, atol=ATOL))


def whole_ratio(got, expected) -> int | None:
    """k when got == k * expected for a whole k >= 1, else None."""
    g, e = as_tensor(got), as_tensor(expected)
    if g.shape != e.shape or not bool(e.ne(0).any()):
        return None
    k = round(float((g * e).sum() / (e * e).sum()))
    return k if k >= 1 and close(g, k * e) else None


def _relation(got, expected) -> str | None:
    g, e = as_tensor(got), as_tensor(expected)
    if g.numel() == 1 and e.numel() == 1:
        g, e = g.reshape(()), e.reshape(())
    if not bool(e.ne(0).any()) or close(g, e):
        return None
    if close(g, -e):
        return "It is minus the right answer: is a sign flipped somewhere?"
    k = whole_ratio(g, e)
    if k is not None and 2 <= k <= 20:
        return f"It is {k} times the right answer."
    k = whole_ratio(e, g) if bool(g.ne(0).any()) else None
    if k is not None and 2 <= k <= 20:
        return f"It is 1/{k} of the right answer."
    if g.dim() == 2 and close(g.T, e):
        return "It is the right answer transposed."
    return None


def _worth_naming(value) -> bool:
    """A tensor the lesson computed: not a setting (lr = 0.5, steps = 100), not a round
    number that a wrong answer may equal by chance."""
    if not isinstance(value, torch.Tensor) or not value.is_floating_point():
        return False
    return value.numel() > 1 or abs(round(value.item(), 2) - value.item()) > 1e-6


def _earlier(got, expected, earlier: dict) -> str | None:
    for name, value in earlier.items():
        if name.startswith("_") or not _worth_naming(value):
            continue
        try:
            same = close(got, value) and not close(expected, value)
        except TypeError:  # not a tensor or number
            continue
        if same:
            return (
                f"It equals `{name}`, a value the lesson computed before this exercise: "
                "was it reused instead of computed anew?"
            )
    return None


def resemblance(got, expected, earlier: dict) -> str | None:
    """The one thing that holds for every (got, expected) pair, or None. `got` and
    `expected` are a value each, or lists (one per test call); `earlier` the names the
    notebook had before the exercise."""
    if not isinstance(expected, list):
        got, expected = [got], [expected]
    try:
        said = {_relation(g, e) for g, e in zip(got, expected, strict=True)}
    except (TypeError, RuntimeError, ValueError):
        return None
    if len(said) == 1 and None not in said:
        return said.pop()
    if len(expected) == 1:
        try:
            return _earlier(got[0], expected[0], earlier)
        except (RuntimeError, ValueError):
            return None
    return None
