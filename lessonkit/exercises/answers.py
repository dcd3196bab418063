"""What an exercise reads from the notebook, and how it compares it.

    Value("grad_w")                    the value of a name:      grad_w = ...
    Grad("x")                          the .grad of a tensor:    x = torch.tensor(3.0, ...)
    Function("bce", calls=...)         a function, called on fresh test inputs

Each kind of answer has the same three parts:

    names                   the names it reads from the namespace
    take(ns)                the thing to compare, read from a namespace (the learner's or the
                            reference's); raises NotAttempted, Wrong or LearnerError
    differ(got, expected)   None when they match, else a sentence saying what differs
"""

from __future__ import annotations

import torch

from lessonkit.autograd_facts import read_grad
from lessonkit.exercises.compare import a_kind, compare
from lessonkit.exercises.learner_code import is_placeholder_function, run_learner_function


class NotAttempted(Exception):
    """The answer is missing or still the placeholder `...`."""


class Wrong(Exception):
    """The answer is not even the right kind of thing (a string for a tensor...)."""


def read(ns, name):
    """The learner's value of `name`, or NotAttempted."""
    if name not in ns:
        raise NotAttempted(f"`{name}` is not defined yet: write your answer and run its cell.")
    value = ns[name]
    if value is Ellipsis:
        raise NotAttempted(f"`{name}` is still the placeholder `...`: replace it with your answer.")
    return value


def read_tensors(ns, names) -> dict:
    """The learner's tensors for several names at once (e.g. w and b), or NotAttempted / Wrong."""
    values = {name: read(ns, name) for name in names}
    for name, value in values.items():
        if not isinstance(value, torch.Tensor):
            raise Wrong(f"`{name}` should be a tensor, but it is {a_kind(value)}.")
    return values


class Value:
    """The answer is the value bound to a name, e.g. `dfdx_by_hand = ...`."""

    def __init__(self, name, *, autograd=False, check_dtype=True, rtol=None, atol=None):
        self.name = name
        self.names = (name,)
        self.options = dict(autograd=autograd, check_dtype=check_dtype, rtol=rtol, atol=atol)

    def take(self, ns):
        return read(ns, self.name)

    def differ(self, got, expected):
        found = compare(got, expected, **self.options)
        return f"`{self.name}`: {found}" if found else None


class Grad:
    """The answer is the gradient stored in a tensor's .grad, e.g. `x.grad` after backward."""

    def __init__(self, name, *, rtol=None, atol=None):
        self.name = name
        self.names = (name,)
        self.options = dict(rtol=rtol, atol=atol)

    def take(self, ns):
        return read_grad(read_tensors(ns, self.names)[self.name])

    def differ(self, got, expected):
        if got is None and expected is None:
            return None
        if got is None:
            return (
                f"`{self.name}.grad` is None: no gradient reached `{self.name}`. Was it created "
                "with requires_grad=True, and did you call .backward() on a result computed "
                f"from `{self.name}`?"
            )
        found = compare(got, expected, **self.options)
        return f"`{self.name}.grad`: {found}" if found else None


class Call:
    """One test call of a learner's function: Call(p, y) stands for f(p, y)."""

    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs


class Function:
    """The answer is a function; it is called on fresh copies of test inputs.

    calls: a function returning a list of Call, built anew for every check so the
           learner's function can never change our inputs.
    """

    def __init__(self, name, *, calls, autograd=False, check_dtype=True, rtol=None, atol=None):
        self.name = name
        self.names = (name,)
        self.calls = calls
        self.options = dict(autograd=autograd, check_dtype=check_dtype, rtol=rtol, atol=atol)

    def learner_function(self, ns):
        """The learner's function, or NotAttempted / Wrong. Subclasses that call it their
        own way (lesson_10's backward rules) start from here too."""
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
        outputs = [run_learner_function(fn, c.args, c.kwargs) for c in self.calls()]
        if any(out is Ellipsis for out in outputs):
            raise NotAttempted(f"`{self.name}` still returns the placeholder `...`.")
        return outputs

    def differ(self, got, expected):
        for number, (out, want) in enumerate(zip(got, expected, strict=True), start=1):
            where = f"`{self.name}` on test call {number} of {len(expected)}"
            if out is None and want is not None:
                return f"{where} returned None. Did you forget `return`?"
            found = compare(out, want, **self.options)
            if found:
                return f"{where}: {found}"
        return None
