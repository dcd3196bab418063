"""Exercises: a question, a reference solution, hints, and the mistakes learners make.

How to write an exercise (copy lessonkit/exercises/lesson_01.py for a full example)
----------------------------------------------------------------------------------
1. Make lessonkit/exercises/lesson_NN.py with `LESSON = "NN_the_notebook_name"` and one
   module-level Exercise per question, named q1, q2, ... Keep the module cheap to import:
   only strings and functions, no tensors built at import time.

2. An Exercise is data:

       q1 = Exercise(
           id="05.q1",                              # the notebook cell tag is exercise:05.q1
           question="Compute the gradient of the loss with respect to w.",
           setup="import torch\\nw = torch.tensor(...)",   # what the notebook ran before
           placeholder="grad_w = ...",              # what the exercise cell starts with
           solution="grad_w = ...",                 # runs after setup; also the reference
           answer=Value("grad_w"),                  # or Grad("x"), or Function("f", calls=...)
           hints=["first hint", "second hint"],
           mistakes=[
               Mistake(id="...", message="...", example="<wrong code>"),   # see below
               mistakes.grad_multiplied(example="<wrong code>"),          # from the library
           ],
       )

3. A Mistake names a wrong answer learners really give. Its `example` is code (run after
   `setup`) that makes that wrong answer; the tests check that the example is recognised.
   Without `detect`, the mistake is recognised when the learner's answer equals the
   example's answer. lessonkit/exercises/mistakes.py has detectors that recognise a whole
   family (a gradient 2x, 3x... too big; .grad is None; sigmoid twice ...).

4. The reference answer is built by running `setup` then `solution`, lazily at the first
   check, then cached. `ex.q1.solution()` shows `solution`: write it as the code a learner
   would write.

5. Run `.venv/bin/pytest tests/exercises`: the generic tests then cover your exercises
   (solution correct, each mistake's example recognised, placeholder not attempted, odd
   inputs handled).

Checking, for a learner:

    ex.q1.check()            reads the answer from the notebook; shows Correct / Incorrect ...
    ex.q1.check(grad_w=g)    or from keyword arguments
    ex.q1.hint(), ex.q1.hint(2), ex.q1.solution()

For tools: `ex.q1.evaluate(namespace)` returns a Result and shows or records nothing.
"""

from __future__ import annotations

import contextlib
import io
import sys
import warnings
from collections import ChainMap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import torch

from lessonkit import display, progress_store
from lessonkit.exercises.answers import Call, Function, Grad, NotAttempted, Value, Wrong
from lessonkit.exercises.learner_code import LearnerError

__all__ = ["Exercise", "Mistake", "Attempt", "Result", "Value", "Grad", "Function", "Call"]


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

    def differs_from(self, other) -> str | None:
        """Compare what the learner gave with `other`, the way the exercise compares."""
        return self.exercise.answer.differ(self.got, other)


@dataclass(frozen=True, kw_only=True)
class Mistake:
    """A wrong answer learners really give.

    id:       short and stable, e.g. "forgot_inner_derivative"
    message:  what went wrong and what to do; may use {fields} that `detect` returns
    example:  code (run after the exercise's setup) making this wrong answer, or a function
              returning a namespace; the tests prove that the mistake is recognised
    detect:   Attempt -> bool, or a dict of fields for the message. Default: the learner's
              answer equals the example's answer.
    see:      where the lesson explains it, e.g. "07_clearing_gradients, section 'Gradients add up'"
    """

    id: str
    message: str
    example: str | Callable[[], dict]
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


def _same_as_example(mistake: Mistake):
    def detect(attempt: Attempt) -> bool:
        wrong = attempt.exercise.answer_of_example(mistake)
        return attempt.differs_from(wrong) is None

    return detect


# ---------------------------------------------------------------- running our own code


def run_code(*sources: str, name: str = "<lessonkit>") -> dict:
    """Run reference code in a fresh namespace, quietly, without touching the learner's
    random number generator or printing into their notebook."""
    ns: dict = {"__name__": "__lessonkit__"}
    with (
        torch.random.fork_rng(devices=[]),
        contextlib.redirect_stdout(io.StringIO()),
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
        answer: Value | Grad | Function,
        solution: str,
        placeholder: str,
        setup: str = "",
        hints: Sequence[str] = (),
        mistakes: Sequence[Mistake] = (),
    ):
        self.id = id
        self.question = question
        self.answer = answer
        self.solution_code = solution
        self.placeholder = placeholder
        self.setup = setup
        self.hints = list(hints)
        self.mistakes = list(mistakes)
        self._cache: dict = {}  # reference answers, built at the first check

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

    def answer_of_example(self, mistake: Mistake):
        key = ("example", mistake.id)
        if key not in self._cache:
            self._cache[key] = self.answer.take(self.namespace_of(mistake.example))
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
            return Result(self.id, "incorrect", difference)
        return Result(self.id, "correct", "Well done.")

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
