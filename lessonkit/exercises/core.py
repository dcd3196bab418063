"""Exercises: a question, a reference solution, hints, and the mistakes learners make.

How a lesson declares them, with a complete example: README, "Declaring an exercise".
For tools: `ex.q1.evaluate(namespace)` returns a Result and shows or records nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import sys
import warnings
from collections import ChainMap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import torch

from lessonkit import display, progress_store
from lessonkit.exercises.answers import (
    Answer,
    Choice,
    Grad,
    InPlace,
    Names,
    NotAttempted,
    Value,
    Wrong,
)
from lessonkit.exercises.function_answers import Call, Function, Order, Traced
from lessonkit.exercises.learner_code import LearnerError
from lessonkit.exercises.resemblance import resemblance

__all__ = [
    "Exercise", "Lesson", "Mistake", "edit", "Attempt", "Result",
    "Value", "Grad", "Names", "Choice", "InPlace", "Function", "Order", "Call",
]


# ---------------------------------------------------------------- the result of a check


class Result(display.Shown):
    """What a check found: status is correct, incorrect, not_attempted or error; message says
    why."""

    def __init__(
        self, exercise_id: str, status: str, message: str = "", mistake: str | None = None
    ):
        self.exercise_id, self.status, self.message, self.mistake = (
            exercise_id,
            status,
            message,
            mistake,
        )
        self.meta = {"exercise": exercise_id, "status": status, "mistake": mistake}

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def text(self):
        return display.result_text(self.exercise_id, self.status, self.message)

    def html(self):
        return display.result_html(self.exercise_id, self.status, self.message)


# ---------------------------------------------------------------- mistakes


@dataclass
class Attempt:
    """Everything a mistake detector may look at. Read it; never change it."""

    exercise: Exercise
    ns: Mapping  # the learner's namespace
    got: object  # what the answer took from it (a value, a .grad, a function's outputs)
    expected: object  # the same, taken from the reference solution

    @property
    def name(self) -> str:
        """The name the answer reads, e.g. 'x'."""
        return self.exercise.answer.names[0]

    @property
    def value(self):
        """The learner's object behind that name, e.g. the tensor x itself."""
        return self.ns[self.name]

    def before(self, name: str | None = None):
        """The value of `name` after `setup` only: before the exercise's code ran."""
        return self.exercise.setup_namespace()[name or self.name]

    def reference(self, name: str):
        """The value of `name` after the reference solution ran."""
        return self.exercise.reference_namespace()[name]

    def answer_of(self, code: str):
        """What the answer reads after `code` ran instead of the learner's (cached)."""
        return self.exercise.answer_of(code)

    def differs_from(self, other) -> str | None:
        """Compare what the learner gave with `other`, the way the exercise compares."""
        return self.exercise.answer.differ(self.got, other)


@dataclass(frozen=True)
class Edit:
    """An example written as a change to the solution; see `edit`."""

    changes: tuple[tuple[str, str], ...]

    def applied_to(self, code: str) -> str:
        for old, new in self.changes:
            if old not in code:
                raise ValueError(f"edit({old!r}, ...): that text is not in the solution")
            code = code.replace(old, new)
        return code


def edit(old: str, new: str, *more: str) -> Edit:
    """The solution with `old` replaced by `new` (every occurrence; more pairs may follow):
    edit("/ (2 * h)", "/ h"). Declaring it fails when the solution no longer holds `old`."""
    texts = (old, new, *more)
    if len(texts) % 2:
        raise ValueError("edit() takes pairs of texts: old, new, old, new ...")
    return Edit(tuple(zip(texts[::2], texts[1::2], strict=True)))


@dataclass(frozen=True)
class Mistake:
    """A wrong answer learners really give.

    id:       short and stable, e.g. "forgot_inner_derivative"
    example:  code (run after the exercise's setup) making this wrong answer, an edit() of the
              solution, or a function returning a namespace; the tests prove it is recognised
    message:  what went wrong and what to do; may use {fields} that `detect` returns
    detect:   Attempt -> bool, or a dict of fields for the message. Default: the learner's
              answer equals the example's answer.
    see:      the section that explains it: a heading of the exercise's own lesson, or
              "07_clearing_gradients, section 'Gradients add up'" for another lesson
    """

    id: str
    example: str | Edit | Callable[[], dict]
    message: str
    detect: Callable[[Attempt], bool | dict] | None = None
    see: str = ""

    def found_in(self, attempt: Attempt) -> str | None:
        """The message for the learner when this mistake is in the attempt, else None."""
        try:
            found = (self.detect or _same_as_example(self))(attempt)
        except Exception:  # a detector meeting an odd answer (a string...) just finds nothing
            return None
        if not found:
            return None
        message = self.message.format(**found) if isinstance(found, dict) else self.message
        return f"{message} (See {self.see}.)" if self.see else message

    def declared_in(self, lesson: str, solution: str) -> Mistake:
        """This mistake with its edit applied to `solution` and its heading placed in `lesson`."""
        example = self.example.applied_to(solution) if isinstance(self.example, Edit) else None
        see = f"{lesson}, section '{self.see}'" if _is_heading(self.see) and lesson else None
        changes = {"example": example, "see": see}
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _is_heading(see: str) -> bool:
    return bool(see) and not re.match(r"\d\d_\w+", see)


def _same_as_example(mistake: Mistake):
    def detect(attempt: Attempt) -> bool:
        wrong = attempt.exercise.answer_of(mistake.example)
        return attempt.differs_from(wrong) is None

    return detect


# ---------------------------------------------------------------- running our own code


def run_code(*sources: str, name: str = "<lessonkit>", printed: io.StringIO | None = None) -> dict:
    """Run reference code in a fresh namespace, quietly (what it prints goes to `printed`),
    without touching the learner's random number generator or printing into their notebook."""
    ns: dict = {"__name__": "__lessonkit__"}
    with (
        torch.random.fork_rng(devices=[]),
        contextlib.redirect_stdout(printed or io.StringIO()),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        for source in sources:
            exec(compile(source, name, "exec"), ns)  # our own reference code
    return ns


# ---------------------------------------------------------------- the exercise


class Exercise:
    def __init__(
        self,
        *,
        id: str,
        question: str,
        answer: Answer,
        solution: str,
        placeholder: str,
        setup: str = "",
        hints: Sequence[str] = (),
        mistakes: Sequence[Mistake] = (),
        lesson: str = "",
        confirm: str = "",
    ):
        self.id = id
        self.confirm = confirm  # code whose printed words follow "Well done."
        self.lesson = lesson
        self.question = question
        self.answer = answer
        self.solution_code = solution
        self.placeholder = placeholder
        self.setup = setup
        self.hints = list(hints)
        self.mistakes = [mistake.declared_in(lesson, solution) for mistake in mistakes]
        self._cache: dict = {}  # reference answers, built at the first check
        answer.bind(self)

    def __repr__(self):
        return f"<Exercise {self.id}>"

    def _repr_html_(self):
        return display.Question(self.id, self.question).html()

    # -- reference answers, built lazily and cached

    def setup_namespace(self) -> dict:
        if "setup" not in self._cache:
            self._cache["setup"] = run_code(self.setup, name=f"<{self.id} setup>")
        return self._cache["setup"]

    def namespace_of(self, code: str | Callable[[], dict]) -> dict:
        """The namespace after setup and `code` (or what a namespace builder returns)."""
        if callable(code):
            return code()
        return run_code(self.setup, code, name=f"<{self.id}>")

    def reference_namespace(self) -> dict:
        """The namespace after setup and the solution: where the reference answer is read."""
        if "reference" not in self._cache:
            self._cache["reference"] = self.namespace_of(self.solution_code)
        return self._cache["reference"]

    def expected(self):
        if "expected" not in self._cache:
            self._cache["expected"] = self.answer.take(self.reference_namespace())
        return self._cache["expected"]

    def confirmation(self) -> str:
        """What `confirm` prints after the set-up: e.g. autograd's value, shown once the
        learner's own is right rather than in a cell below the exercise."""
        if "confirm" not in self._cache:
            printed = io.StringIO()
            if self.confirm:
                run_code(self.setup, self.confirm, name=f"<{self.id} confirm>", printed=printed)
            self._cache["confirm"] = printed.getvalue().strip()
        return self._cache["confirm"]

    def answer_of(self, code: str | Callable[[], dict]):
        """The answer read after `code` (a wrong example, usually) instead of the learner's."""
        key = ("answer of", code)
        if key not in self._cache:
            self._cache[key] = self.answer.take(self.namespace_of(code))
        return self._cache[key]

    # -- judging

    def evaluate(self, ns: Mapping) -> Result:
        """Judge the answer found in `ns`. Shows nothing, records nothing, never raises."""
        try:
            return self._judge(ns)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # our own bug: never a traceback in the learner's face
            return Result(
                self.id,
                "error",
                f"lessonkit could not check this: {type(exc).__name__}: {exc}. "
                "This is a problem in lessonkit, not in your answer.",
            )

    def _judge(self, ns: Mapping) -> Result:
        try:
            got = self.answer.take(ns)
        except NotAttempted as reason:
            return Result(self.id, "not_attempted", str(reason))
        except Wrong as reason:
            return Result(self.id, "incorrect", str(reason))
        except LearnerError as reason:
            return Result(self.id, "error", str(reason))
        attempt = Attempt(self, ns, got, self.expected())
        for mistake in self.mistakes:
            message = mistake.found_in(attempt)
            if message:
                return Result(self.id, "incorrect", message, mistake=mistake.id)
        difference = attempt.differs_from(attempt.expected)
        if difference:
            return Result(self.id, "incorrect", self._with_resemblance(difference, got))
        return Result(self.id, "correct", f"Well done. {self.confirmation()}".strip())

    def _with_resemblance(self, difference: str, got) -> str:
        """The generic message, and what the wrong value resembles when something does."""
        values = [o.value if isinstance(o, Traced) else o for o in got] if isinstance(
            got, list) else got
        expected = self.expected()
        if isinstance(expected, list):
            expected = [o.value if isinstance(o, Traced) else o for o in expected]
        said = resemblance(values, expected, self.setup_namespace())
        return f"{difference} {said}" if said else difference

    # -- what a learner calls

    def check(self, **names) -> Result:
        """Check the answer in the caller's notebook (or in `names`); record the result."""
        caller = sys._getframe(1).f_globals
        result = self.evaluate(ChainMap(names, caller))
        if result.status == "not_attempted":  # running the placeholder is not an attempt
            return result
        progress_store.record(self.id, result.status, result.mistake)  # never raises
        return result

    def hint(self, number: int = 1) -> display.Hint:
        if not self.hints:
            return display.Hint(self.id, 0, 0, "")
        try:
            number = min(max(int(number), 1), len(self.hints))
        except (TypeError, ValueError):
            number = 1
        return display.Hint(self.id, number, len(self.hints), self.hints[number - 1])

    def solution(self) -> display.Solution:
        return display.Solution(self.id, self.solution_code)

    def show(self) -> display.Question:
        return display.Question(self.id, self.question)


class Lesson:
    """One notebook's exercises: they share its name (for 'See ...' pointers) and, unless an
    exercise says otherwise, its setup (what the notebook ran before the exercise cells)."""

    def __init__(self, name: str, *, setup: str = ""):
        self.name = name
        self.setup = setup

    def exercise(self, number: str, **fields) -> Exercise:
        """Exercise `number` ("q1") of this lesson; its id is "NN.q1"."""
        fields.setdefault("setup", self.setup)
        return Exercise(id=f"{self.name[:2]}.{number}", lesson=self.name, **fields)
