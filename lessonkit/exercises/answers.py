"""What an exercise reads from the notebook, and how it compares it.

    Value("grad_w")                    the value of a name:        grad_w = ...
    Grad("x")                          the .grad of a tensor:      x = torch.tensor(3.0, ...)
    Names("leaves")                    a set of names:             leaves = {"a", "k"}
    Choice("predicted", "ABCD")        one letter of a multiple choice:  predicted = "B"
    InPlace("w", "b")                  tensors the setup made, changed in place:  w -= ...

(function_answers.py has the answers that are functions.) Each kind of answer has the same
parts:

    names                   the names it reads from the namespace
    take(ns)                the thing to compare, read from a namespace (the learner's or the
                            reference's); raises NotAttempted, Wrong or LearnerError
    differ(got, expected)   None when they match, else a sentence saying what differs
    bind(exercise)          called once by the exercise that holds it
"""

from __future__ import annotations

import re

import torch

from lessonkit.autograd_facts import read_grad
from lessonkit.exercises.compare import a_kind, compare
from lessonkit.exercises.learner_code import LearnerError, latest_cell


class NotAttempted(Exception):
    """The answer is missing or still the placeholder `...`."""


class Wrong(Exception):
    """The answer is not even the right kind of thing (a string for a tensor...)."""


STOPPED = "Read the error under that cell, fix what it says and run the cell again."


def read(ns, name):
    """The learner's value of `name`, or NotAttempted (LearnerError when a cell that sets
    it ran but stopped with an error: an attempt, never "not attempted")."""
    if name not in ns:
        if re.search(rf"^\s*(def\s+{re.escape(name)}\b|{re.escape(name)}\s*=[^=])",
                     latest_cell(ns, name), re.M):
            raise LearnerError(
                f"`{name}` is not defined: the cell that sets it ran but stopped with an "
                f"error. {STOPPED}"
            )
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


class Answer:
    """What every kind of answer shares: the names it reads, and comparison options."""

    def __init__(self, *names, autograd=False, check_dtype=True, rtol=None, atol=None):
        self.name = names[0]
        self.names = names
        self.options = dict(autograd=autograd, check_dtype=check_dtype, rtol=rtol, atol=atol)

    def bind(self, exercise) -> None:
        """Most answers need nothing from their exercise."""

    def differ(self, got, expected):
        found = compare(got, expected, **self.options)
        return f"`{self.name}`: {found}" if found else None


class Value(Answer):
    """The answer is the value bound to a name, e.g. `dfdx_by_hand = ...`."""

    def take(self, ns):
        return read(ns, self.name)


class Grad(Answer):
    """The answer is the gradient stored in a tensor's .grad, e.g. `x.grad` after backward."""

    def __init__(self, name, *, rtol=None, atol=None):
        super().__init__(name, rtol=rtol, atol=atol)

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


class Names(Value):
    """A set of names, e.g. `leaves = {"a", "k"}`. Learners write lists and tuples as often
    as sets, and a single name alone: all count as the same set of names."""

    def take(self, ns):
        value = read(ns, self.name)
        if isinstance(value, str):
            return {value}
        if isinstance(value, list | tuple | frozenset):
            try:
                return set(value)
            except TypeError:  # unhashable items: leave it to the comparison to say so
                return value
        return value


class Choice(Value):
    """One letter of a multiple choice, e.g. `predicted = "B"`: written in either case, with
    or without spaces around it."""

    def __init__(self, name, letters: str):
        super().__init__(name)
        self.letters = letters

    def take(self, ns):
        value = read(ns, self.name)
        letter = value.strip().upper() if isinstance(value, str) else None
        if letter not in tuple(self.letters):
            choices = ", ".join(f'"{c}"' for c in self.letters)
            said = repr(value) if isinstance(value, str) else a_kind(value)
            raise Wrong(f"`{self.name}` should be one letter in quotes, one of {choices}; "
                        f"it is {said}.")
        return letter


def _state(t: torch.Tensor) -> tuple:
    grad = read_grad(t)
    return (t.detach().clone(), None if grad is None else grad.clone(), t.requires_grad)


def _same_state(a: tuple, b: tuple) -> bool:
    def same(x, y):
        if x is None or y is None:
            return x is y
        return x.shape == y.shape and bool(torch.equal(x, y))

    return same(a[0], b[0]) and same(a[1], b[1]) and a[2] == b[2]


class InPlace(Answer):
    """Tensors that the setup made and the learner's cell changes in place (`w -= ...`,
    backward(), `b.requires_grad_(False)`). All of them as the setup left them (values,
    .grad, requires_grad) means "not attempted".

        InPlace("w", "b")       the answer is w itself (b is read too, for its mistakes)
        InPlace("w", "b", facts=("b.requires_grad", "b.grad", "w.grad"))
                                the answer is those facts, as a tuple, compared in order
        unchanged="..."         what "not attempted" says, in the exercise's words
    """

    def __init__(self, *names, facts=(), unchanged="", **options):
        super().__init__(*names, **options)
        self.facts = facts
        self.unchanged = unchanged
        self._exercise = None

    def bind(self, exercise):
        self._exercise = exercise

    def _start(self) -> dict:
        cache = self._exercise._cache
        if "start" not in cache:
            setup = self._exercise.setup_namespace()
            cache["start"] = {name: _state(setup[name]) for name in self.names}
        return cache["start"]

    def take(self, ns):
        values = read_tensors(ns, self.names)
        if all(_same_state(_state(values[n]), start) for n, start in self._start().items()):
            names = " and ".join(f"`{n}`" for n in self.names)
            if self._cell_ran(ns):
                raise LearnerError(
                    f"Your cell ran, but {names} still hold their starting values: it changed "
                    f"nothing, or stopped with an error before it could. {STOPPED}"
                )
            raise NotAttempted(
                self.unchanged
                or f"{names} still hold their starting values: write your answer and run its cell."
            )
        if not self.facts:
            return values[self.name]
        return tuple(_fact(values, fact) for fact in self.facts)

    def _cell_ran(self, ns) -> bool:
        """The latest cell using these names holds a line of the learner's (not the
        placeholder's, not the lesson's set-up) that changes one of them."""
        known = {line.strip() for code in (self._exercise.setup, self._exercise.placeholder)
                 for line in code.splitlines()}
        changes = re.compile(
            rf"\b({'|'.join(self.names)})\b(\.\w+)*\s*([-+*/]?=[^=]|\.(\w+_|requires_grad)\()"
        )
        cells = {latest_cell(ns, name) for name in self.names}
        lines = {line.strip() for cell in cells for line in cell.splitlines()} - known
        return any(changes.search(line) for line in lines)

    def differ(self, got, expected):
        if not self.facts:
            return super().differ(got, expected)
        for fact, have, want in zip(self.facts, got, expected, strict=True):
            found = _fact_difference(fact, have, want, self.options)
            if found:
                return found
        return None


def _fact(values: dict, fact: str):
    """"w" -> the tensor w; "w.grad" -> its gradient; "w.requires_grad" -> the flag."""
    name, _, attribute = fact.partition(".")
    tensor = values[name]
    if attribute == "grad":
        return read_grad(tensor)
    return getattr(tensor, attribute) if attribute else tensor


def _fact_difference(fact: str, have, want, options) -> str | None:
    if isinstance(want, bool):
        return None if have == want else f"`{fact}` is {have}, but it should be {want}."
    if want is None:
        return None if have is None else f"`{fact}` is filled, but it should stay None."
    if have is None:
        return f"`{fact}` is None: no gradient arrived. Did you call backward()?"
    found = compare(have, want, **options)
    return f"`{fact}`: {found}" if found else None
