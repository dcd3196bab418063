"""``lessonkit.accumulation``: see ``.grad`` add up over two backward passes.

    lessonkit.accumulation({"w": w, "b": b}, lambda w, b: ((w * x + b - y) ** 2).mean())

``backward()`` does not overwrite ``.grad``: it *adds* the new gradient to what is
already there. That is why training loops call ``optimizer.zero_grad()``. This
helper shows it with numbers: ``.grad`` before, after a first backward, after a
second one, and the difference (what the second pass added).

It runs real ``backward()`` passes, but on copies: each tensor you pass is cloned
(values and current ``.grad``), ``loss_fn`` is called with the copies, and your own
tensors and their ``.grad`` are never touched.
"""

from __future__ import annotations

import html

import torch

from lessonkit.graph import format as fmt
from lessonkit.graph.walk import walk
from lessonkit.usage import UsageError


class Accumulation:
    """The table of ``.grad`` values. ``.rows`` (label, {name: text}), ``.grads``
    (one dict of tensors per row, None where .grad was None), ``.text()``."""

    def __init__(self, names: list[str], labels: list[str], grads: list[dict]):
        self.names = names
        self.grads = grads
        self.rows = [
            (label, {n: "None" if g[n] is None else fmt.tensor_value(g[n]) for n in names})
            for label, g in zip(labels, grads, strict=True)
        ]
        width = max(len(label) for label in labels)
        lines = ["How .grad adds up (computed on copies; your tensors are unchanged):"]
        for label, values in self.rows:
            cells = "   ".join(f"{n}.grad {values[n]}" for n in names)
            lines.append(f"  {label.ljust(width)}  {cells}")
        lines.append(
            "backward() adds each new gradient into .grad; call .grad = None or "
            "optimizer.zero_grad() between steps to start from zero."
        )
        self._text = "\n".join(lines)

    def text(self) -> str:
        """The table as plain text (what a terminal and nbval see)."""
        return self._text

    def __repr__(self) -> str:
        return self._text

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(n)}.grad</th>" for n in self.names)
        body = "".join(
            f"<tr><th style='text-align:left'>{html.escape(label)}</th>"
            + "".join(f"<td><code>{html.escape(values[n])}</code></td>" for n in self.names)
            + "</tr>"
            for label, values in self.rows
        )
        return (
            "<div><b>How .grad adds up</b> (computed on copies; your tensors are unchanged)"
            f"<table><tr><th></th>{head}</tr>{body}</table>"
            "<p>backward() adds each new gradient into .grad.</p></div>"
        )


def accumulation(params, loss_fn, times: int = 2, name: str = "w") -> Accumulation:
    """Show ``.grad`` before and after ``times`` backward passes (default 2), and the difference.

    params:  a tensor that requires grad, or a dict of names to such tensors.
    loss_fn: computes the loss from the tensors it is given: ``loss_fn(copy)`` for one
             tensor, ``loss_fn(**copies)`` for a dict. It is called once per pass.
    name:    the name shown for a single tensor.

    This runs real ``backward()`` passes, on clones of your tensors (each starts with a
    copy of your current ``.grad``). Your tensors and their ``.grad`` are not changed.
    """
    single = isinstance(params, torch.Tensor)
    params = {name: params} if single else params
    copies = _copies(params, loss_fn, times)
    call = (lambda: loss_fn(copies[name])) if single else (lambda: loss_fn(**copies))
    grads = [_grads(copies)]
    for _ in range(times):
        _backward_once(call, params)
        grads.append(_grads(copies))
    last, previous = grads[-1], grads[-2]
    grads.append({k: None if last[k] is None else last[k] - _or_zero(previous[k]) for k in last})
    labels = ["before", *(f"after backward {i}" for i in range(1, times + 1))]
    return Accumulation(list(copies), [*labels, f"added by backward {times}"], grads)


def _copies(params, loss_fn, times) -> dict:
    """Checked arguments, and a copy of each tensor (with a copy of its .grad) to work on."""
    if not isinstance(params, dict) or not params:
        raise UsageError(
            "accumulation() takes a tensor or a dict of names to tensors, "
            f'e.g. accumulation({{"w": w}}, loss_fn); it got {type(params).__name__}.'
        )
    if not callable(loss_fn):
        raise UsageError(
            "accumulation() needs loss_fn, a function that computes the loss from the "
            "tensors it is given, e.g. lambda w: (w * x).sum()."
        )
    if not isinstance(times, int) or times < 1:
        raise UsageError("times must be a whole number of backward passes, 1 or more.")
    copies = {}
    for key, t in params.items():
        if not isinstance(t, torch.Tensor) or not t.requires_grad or t.grad_fn is not None:
            raise UsageError(
                f"{key} must be a leaf tensor that requires grad (made with "
                "requires_grad=True): only leaves collect gradients in .grad."
            )
        copies[key] = t.detach().clone().requires_grad_(True)
        if t.grad is not None:
            copies[key].grad = t.grad.detach().clone()
    return copies


def _grads(copies) -> dict:
    return {k: None if c.grad is None else c.grad.detach().clone() for k, c in copies.items()}


def _or_zero(grad):
    return 0 if grad is None else grad


def _backward_once(call, params) -> None:
    """One real backward() of the loss computed from the copies (never from `params`)."""
    loss = call()
    if not isinstance(loss, torch.Tensor) or loss.numel() != 1:
        raise UsageError("loss_fn must return a single-number tensor, such as a loss.")
    leaves = walk([loss], who="accumulation").tensors.values()
    if any(leaf is t for leaf in leaves for t in params.values()):
        raise UsageError(
            "loss_fn used your original tensors instead of the copies it was given: "
            "compute the loss from its arguments, e.g. lambda w: (w * x).sum()."
        )
    loss.backward()
