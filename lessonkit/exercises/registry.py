"""Find every exercise: the modules lessonkit/exercises/lesson_NN.py and their q1, q2 ...

Importing a lesson module is cheap (exercises are data), so listing them all is too.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

from lessonkit.exercises.core import Exercise

LESSON_MODULE = re.compile(r"lesson_\d\d")


def lesson_modules() -> list:
    """The lesson modules, in lesson order."""
    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if LESSON_MODULE.fullmatch(info.name)
    )
    return [importlib.import_module(f"lessonkit.exercises.{name}") for name in names]


def exercises_of(module) -> list[Exercise]:
    found = [v for v in vars(module).values() if isinstance(v, Exercise)]
    return sorted(found, key=lambda e: _order(e.id))


def _order(exercise_id: str):
    """'01.q10' after '01.q2'."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", exercise_id)]


def lessons() -> list[tuple[str, list[Exercise]]]:
    """[(lesson name, its exercises)], e.g. [("01_why_autograd", [q1, q2, q3]), ...]."""
    found = [exercises_of(m) for m in lesson_modules()]
    return [(exercises[0].lesson, exercises) for exercises in found if exercises]


def all_exercises() -> list[Exercise]:
    return [exercise for _, found in lessons() for exercise in found]


def get(exercise_id: str) -> Exercise:
    for exercise in all_exercises():
        if exercise.id == exercise_id:
            return exercise
    raise KeyError(f"no exercise {exercise_id!r}")
