"""Answers that are functions: the learner's function is called on fresh test inputs.

    Function("bce", calls=...)                     what it returns, call by call
    Function("train", calls=..., returns=("w", "b"))          a pair, compared item by item
    Function("rule", calls=..., reads=lambda call, returned: call.args[0].grad)
                                                   a rule checked by running it: what the call
                                                   left behind, not what it returned
    Function(..., judged=("phrase",))              an error whose text holds a phrase becomes
                                                   the answer (Raised), for a Mistake to name
    Function("forward", calls=..., track=(1, 2))   arguments 1 and 2 require grad: the result
                                                   must stay in autograd's graph, and its
                                                   gradients match ours (on the calls in
                                                   grads_on, all by default)
    Order("topological_order", calls=...)          a list of graph nodes, each after its inputs

`calls` is a function returning a list of Call, built anew for every check so that the
learner's function can never change our inputs; `about` describes each call in messages.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from lessonkit.exercises.answers import Answer, NotAttempted, Wrong, read
from lessonkit.exercises.compare import a_kind, compare
from lessonkit.exercises.learner_code import (
    LearnerError,
    code_names,
    is_placeholder_function,
    run_learner_function,
)


class Call:
    """One test call of a learner's function: Call(p, y) stands for f(p, y)."""

    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs


class Raised:
    """What a learner's function raised, kept as the answer so that a Mistake can name it."""

    def __init__(self, message: str):
        self.message = message


@dataclass
class Traced:
    """What a call returned, with the gradients of its sum with respect to the tracked
    arguments (None where no gradient reaches one), their names, and the graph cutters the
    learner's code uses."""

    value: object
    grads: tuple
    names: tuple
    cutters: tuple


# What cuts the graph, as a learner's code names it, and how to say it.
CUTTERS = {"detach": ".detach()", "item": ".item()", "no_grad": "torch.no_grad()",
           "inference_mode": "torch.inference_mode()", "data": ".data", "numpy": ".numpy()",
           "tolist": ".tolist()"}


class Function(Answer):
    """The answer is a function; see the module's docstring for the options."""

    def __init__(
        self, name, *, calls, about=(), returns=(), reads=None, judged=(), track=(),
        grads_on=None, **options,
    ):
        super().__init__(name, **options)
        self.calls = calls
        self.about = about
        self.returns = returns
        self.reads = reads
        self.judged = judged
        self.track = track
        self.grads_on = grads_on

    def learner_function(self, ns):
        """The learner's function, or NotAttempted / Wrong."""
        fn = read(ns, self.name)
        if not callable(fn) or isinstance(fn, torch.Tensor | type):
            raise Wrong(
                f"`{self.name}` should be a function (def {self.name}(...): ...), "
                f"but it is {a_kind(fn)}."
            )
        if is_placeholder_function(fn):
            raise NotAttempted(f"The body of `{self.name}` is still `...`: write it.")
        return fn

    def take(self, ns):
        fn = self.learner_function(ns)
        outputs = []
        for call in self.calls():
            tracked = self._tracked(call)
            try:
                returned = run_learner_function(fn, call.args, call.kwargs)
            except LearnerError as error:
                if any(phrase in str(error) for phrase in self.judged):
                    return Raised(str(error))
                raise
            out = self.reads(call, returned) if self.reads else returned
            if tracked and out is not Ellipsis:
                out = self._traced(fn, returned, tracked)
            outputs.append(out)
        if any(out is Ellipsis for out in outputs):
            raise NotAttempted(f"`{self.name}` still returns the placeholder `...`.")
        return [self._unpacked(out) for out in outputs] if self.returns else outputs

    def _traced(self, fn, returned, tracked) -> Traced:
        code = getattr(fn, "__code__", None)
        arguments = code.co_varnames[: code.co_argcount] if code else ()
        names = tuple(
            f"`{arguments[i]}`" if i < len(arguments) else f"argument {i + 1}" for i in self.track
        )
        used = code_names(code) if code else set()
        cutters = tuple(said for name, said in CUTTERS.items() if name in used)
        return Traced(returned, _grads(returned, tracked), names, cutters)

    def _tracked(self, call) -> list:
        """The tracked arguments, made leaves that require grad (calls are fresh each time)."""
        args = list(call.args)
        for i in self.track:
            args[i] = args[i].detach().requires_grad_(True)
        call.args = tuple(args)
        return [args[i] for i in self.track]

    def _unpacked(self, out):
        said = ", ".join(self.returns)
        if out is None:
            raise Wrong(f"`{self.name}` returned None. Did you forget `return {said}`?")
        if not isinstance(out, tuple | list) or len(out) != len(self.returns):
            raise Wrong(
                f"`{self.name}` should return {len(self.returns)} tensors, `return {said}`, "
                f"but it returned {a_kind(out)}."
            )
        return tuple(out)

    def where(self, number: int, count: int) -> str:
        about = f" ({self.about[number - 1]})" if self.about else ""
        return f"`{self.name}` on test call {number} of {count}{about}"

    def differ(self, got, expected):
        if isinstance(got, Raised):
            return f"{got.message}."
        for number, (out, want) in enumerate(zip(got, expected, strict=True), start=1):
            found = self._output_difference(out, want, number)
            if found:
                return f"{self.where(number, len(expected))}: {found}"
        return None

    def _output_difference(self, out, want, number=1) -> str | None:
        if isinstance(want, Traced):
            return self._traced_difference(out, want, number)
        if out is None and want is not None:
            return "it returned None. Did you forget `return`?"
        if not self.returns:
            found = compare(out, want, **self.options)
            return str(found) if found else None
        for name, have, should in zip(self.returns, out, want, strict=True):
            found = compare(have, should, **self.options)
            if found:
                return f"the {name} it returned: {found}"
        return None

    def _traced_difference(self, out: Traced, want: Traced, number: int) -> str | None:
        """Values first; then that gradients reach every tracked argument; then their values."""
        found = self._output_difference(out.value, want.value)
        if found:
            return found
        grads = list(zip(out.names, out.grads, want.grads, strict=True))
        cut = [name for name, grad, wanted in grads if grad is None and wanted is not None]
        if cut:
            by = " or ".join(out.cutters) or ".detach(), .item() or torch.no_grad()"
            return (
                f"the values are right, but no gradient flows back to {' and '.join(cut)}: "
                f"{by} cut the graph here. Keep the computation in tensors, inside the graph."
            )
        if self.grads_on is not None and number - 1 not in self.grads_on:
            return None
        for name, grad, wanted in grads:
            found = None if None in (grad, wanted) else compare(grad, wanted, **self.options)
            if found:
                return f"the values are right, but the gradient with respect to {name}: {found}"
        return None


def _grads(returned, tracked: list) -> tuple:
    """d(sum of returned)/d(each tracked argument), None where no gradient reaches it."""
    if not isinstance(returned, torch.Tensor) or not returned.requires_grad:
        return tuple(None for _ in tracked)
    try:
        grads = torch.autograd.grad(returned.sum(), tracked, allow_unused=True)
    except RuntimeError:  # e.g. an integer result: no gradient at all
        return tuple(None for _ in tracked)
    return tuple(None if g is None else g.detach() for g in grads)


# ---------------------------------------------------------------- an order of graph nodes


class Order(Function):
    """A function returning the nodes of a graph (lesson 10's Values, with .inputs), each once
    and each after all of its inputs. Any such order is right: the answer is a verdict per
    call, "ok" or what is wrong."""

    def take(self, ns):
        fn = self.learner_function(ns)
        verdicts = []
        for call in self.calls():
            order = run_learner_function(fn, call.args, call.kwargs)
            if order is Ellipsis:
                raise NotAttempted(f"`{self.name}` still returns the placeholder `...`.")
            verdicts.append(verdict(order, graph_nodes(call.args[0])))
        return verdicts

    def differ(self, got, expected):
        for number, said in enumerate(got, start=1):
            if said != "ok":
                return f"{self.where(number, len(got))}: {said}"
        return None


def graph_nodes(root) -> list:
    """Every node that root was computed from, root included (iterative, each once)."""
    nodes, seen, todo = [], set(), [root]
    while todo:
        node = todo.pop()
        if id(node) not in seen:
            seen.add(id(node))
            nodes.append(node)
            todo.extend(node.inputs)
    return nodes


def _label(node) -> str:
    if node.name:
        return f"`{node.name}`"
    if not node.inputs:
        return f"the constant {node.data:g}"
    return f"the '{node.op}' node"


def _is_valid(order) -> bool:
    position = {id(node): i for i, node in enumerate(order)}
    return all(position[id(s)] < position[id(n)] for n in order for s in n.inputs)


def _odd_entry(order, nodes) -> str | None:
    """What is wrong with the entries themselves: not a list, strangers, duplicates, gaps."""
    if order is None:
        return "it returned None. Did you forget `return order`?"
    if not isinstance(order, list | tuple):
        return f"it should return a list of Values, but it returned {a_kind(order)}."
    known = {id(node) for node in nodes}
    counts: dict[int, int] = {}
    for item in order:
        if id(item) not in known:
            return (
                f"the list holds {a_kind(item)} that is not a node of this expression: "
                "list the Value objects themselves."
            )
        counts[id(item)] = counts.get(id(item), 0) + 1
    for node in nodes:
        if counts.get(id(node), 0) > 1:
            return f"duplicate: {_label(node)} appears {counts[id(node)]} times."
    for node in sorted(nodes, key=lambda node: not node.name):  # named nodes first
        if id(node) not in counts:
            return f"missing: {_label(node)} is not in the list."
    return None


def verdict(order, nodes) -> str:
    """'ok' when `order` holds every node once, each after all of its inputs; else what's wrong."""
    odd = _odd_entry(order, nodes)
    if odd:
        return odd
    position = {id(node): i for i, node in enumerate(order)}
    for node in order:
        for source in node.inputs:
            if position[id(source)] > position[id(node)]:
                if _is_valid(list(order)[::-1]):
                    return f"reversed: the output {_label(order[0])} comes first; it belongs last."
                return f"before its input: {_label(node)} comes before its input {_label(source)}."
    return "ok"
