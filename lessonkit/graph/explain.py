"""``lessonkit.explain``: what autograd knows about one tensor, in plain words.

    lessonkit.explain(w)            # in a notebook cell: shows a short report
    print(lessonkit.explain(z).text())

Autograd knows four things about a tensor: whether it is a *leaf* (made by you,
not by a tracked operation), whether it ``requires_grad``, its ``grad_fn`` (the
backward node of the operation that made it) and its ``.grad``. The report says
each one and, when ``.grad`` is None, the reason.
"""

from __future__ import annotations

import html

import torch

from lessonkit.autograd_facts import graph_freed, read_grad
from lessonkit.graph import format as fmt
from lessonkit.graph.walk import op_title
from lessonkit.usage import UsageError


class Explanation:
    """The report: ``.facts`` (label, value) pairs, ``.reasons`` sentences, ``.text()``."""

    def __init__(self, name: str, facts: list[tuple[str, str]], reasons: list[str]):
        self.name = name
        self.facts = facts
        self.reasons = reasons
        width = max(len(label) for label, _ in facts)
        lines = [f"What autograd knows about {name}:"]
        lines += [f"  {label.ljust(width)}  {value}" for label, value in facts]
        lines += [f"- {reason}" for reason in reasons]
        self._text = "\n".join(lines)

    def text(self) -> str:
        """The report as plain text (what a terminal and nbval see)."""
        return self._text

    def __repr__(self) -> str:
        return self._text

    def __str__(self) -> str:
        return self._text

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(label)}</th>"
            f"<td style='text-align:left'><code>{html.escape(value)}</code></td></tr>"
            for label, value in self.facts
        )
        items = "".join(f"<li>{html.escape(reason)}</li>" for reason in self.reasons)
        return (
            f"<div><b>What autograd knows about {html.escape(self.name)}</b>"
            f"<table>{rows}</table><ul>{items}</ul></div>"
        )


def explain(tensor, name: str | None = None) -> Explanation:
    """Explain in plain words what autograd knows about ``tensor``.

    Says whether it is a leaf, whether it requires grad, what its ``grad_fn`` is,
    and whether ``.grad`` is filled; when ``.grad`` is None, says why. Only reads
    the tensor: nothing about it changes.
    """
    if not isinstance(tensor, torch.Tensor):
        got = "None" if tensor is None else f"a {type(tensor).__name__}"
        raise UsageError(
            f"explain() needs a tensor, e.g. explain(w); it got {got}. "
            "(A Python number or loss.item() has no autograd information.)"
        )
    who = name or "this tensor"
    Who = name or "This tensor"  # the same words at the start of a sentence
    if tensor.grad_fn is not None:
        reasons = _why_computed(tensor, who, Who)
    elif tensor.requires_grad:
        reasons = _why_parameter(tensor, Who)
    else:
        reasons = _why_untracked(tensor, Who)
    return Explanation(who, _facts(tensor), reasons)


def _facts(tensor) -> list[tuple[str, str]]:
    grad, fn = read_grad(tensor), tensor.grad_fn
    return [
        ("shape", fmt.shape(tensor.shape)),
        ("value", fmt.tensor_value(tensor)),
        ("is_leaf", str(tensor.is_leaf)),
        ("requires_grad", str(tensor.requires_grad)),
        ("grad_fn", "None" if fn is None else f"{type(fn).__name__} ({op_title(fn)})"),
        (".grad", "None" if grad is None else fmt.tensor_value(grad)),
    ]


def _why_computed(tensor, who: str, Who: str) -> list[str]:
    """A result of a tracked operation: not a leaf, and no .grad unless retained."""
    fn, grad = tensor.grad_fn, read_grad(tensor)
    reasons = [
        f"{Who} is not a leaf: an operation that autograd tracked made it "
        f"({op_title(fn)}). backward() runs {type(fn).__name__} to send gradients "
        "on to that operation's inputs."
    ]
    if not tensor.retains_grad:
        reasons.append(
            f".grad is None: autograd does not keep the gradient of an intermediate "
            f"result. Call .retain_grad() on {who} before backward() to keep it."
        )
    elif grad is None:
        reasons.append(
            f".grad is None: retain_grad() was called, so the next backward() "
            f"through {who} will fill it."
        )
    else:
        reasons.append(".grad is filled because retain_grad() was called before backward().")
    if graph_freed(fn):
        reasons.append(
            "backward() has already run through this graph and freed the tensors it "
            "saved: another backward() through it fails unless the first one used "
            "retain_graph=True."
        )
    return reasons


def _why_parameter(tensor, Who: str) -> list[str]:
    """A leaf that requires grad: backward() adds into its .grad."""
    reasons = [
        f"{Who} is a leaf that requires grad (a parameter): you made it with "
        "requires_grad=True, and backward() adds its gradient into .grad."
    ]
    if tensor._is_view() and tensor._base is not None:
        reasons.append(
            "It is a view of another tensor, made under torch.no_grad(): it says "
            "requires_grad=True, but autograd did not link it to the tensor it views."
        )
    if read_grad(tensor) is None:
        reasons.append(
            ".grad is None: no backward() has reached it yet (or .grad was reset to None, "
            "as optimizer.zero_grad() does)."
        )
    else:
        reasons.append(
            ".grad holds the sum of the gradients of every backward() since it was last "
            "reset (backward() adds, it does not overwrite)."
        )
    return reasons


def _why_untracked(tensor, Who: str) -> list[str]:
    """A tensor that does not require grad: where it may have come from, how to track it."""
    reasons = [
        f"{Who} does not require grad, so autograd does not track it: no operation on it "
        "is recorded and backward() never fills its .grad."
    ]
    if torch.is_inference(tensor):
        reasons.append("It was created under torch.inference_mode().")
    elif tensor._is_view() and tensor._base is not None and tensor._base.requires_grad:
        reasons.append(
            "It is a view of a tensor that requires grad, made under torch.no_grad() "
            "or with .detach()."
        )
    else:
        reasons.append(
            "Autograd keeps no record of where it came from: it may hold data you "
            "created (torch.tensor, torch.zeros, ...), or a result computed under "
            "torch.no_grad(), or one cut from a graph with .detach()."
        )
    if tensor.is_floating_point() or tensor.is_complex():
        reasons.append(
            "To track a tensor you created, make it with requires_grad=True "
            "(or call .requires_grad_())."
        )
    else:
        reasons.append(
            f"Its dtype is {str(tensor.dtype).replace('torch.', '')}: only floating-point "
            "(and complex) tensors can require grad."
        )
    if read_grad(tensor) is not None:
        reasons.append(".grad still holds a gradient from when it did require grad.")
    return reasons
