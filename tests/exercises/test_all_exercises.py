"""The same checks for every exercise of every lesson module, present and future.

A lesson author gets these for free: the solution is judged correct, every declared
mistake's example is recognised as that mistake, the placeholder is "not attempted", and
odd answers get a clear message, never an exception.
"""

import re
import time

import numpy as np
import pytest
import torch

import lessonkit.exercises
from lessonkit.exercises.function_answers import Function

EXERCISES = lessonkit.exercises.every_exercise()
MISTAKES = [(e, m) for e in EXERCISES for m in e.mistakes]


def by_id(exercise):
    return exercise.id


def mistake_id(pair):
    exercise, mistake = pair
    return f"{exercise.id}-{mistake.id}"


def judge(exercise, code):
    return exercise.evaluate(exercise.namespace_of(code))


def test_there_are_exercises():
    assert len(EXERCISES) >= 3
    assert len({e.id for e in EXERCISES}) == len(EXERCISES), "exercise ids must be unique"


@pytest.mark.parametrize("exercise", EXERCISES, ids=by_id)
def test_declaration_is_complete(exercise):
    assert re.fullmatch(r"\d\d\.q\d+", exercise.id)
    assert exercise.question and exercise.solution_code.strip() and exercise.placeholder
    assert exercise.hints, "give at least one hint"
    ids = [m.id for m in exercise.mistakes]
    assert len(set(ids)) == len(ids), "mistake ids must be unique within an exercise"


@pytest.mark.parametrize("exercise", EXERCISES, ids=by_id)
def test_solution_is_correct(exercise):
    result = judge(exercise, exercise.solution_code)
    assert result.status == "correct", result.message


@pytest.mark.parametrize("exercise", EXERCISES, ids=by_id)
def test_placeholder_is_not_attempted(exercise):
    result = judge(exercise, exercise.placeholder)
    assert result.status == "not_attempted", result.message


@pytest.mark.parametrize("exercise", EXERCISES, ids=by_id)
def test_nothing_defined_is_not_attempted(exercise):
    result = exercise.evaluate(exercise.namespace_of(""))
    assert result.status == "not_attempted", result.message


@pytest.mark.parametrize("pair", MISTAKES, ids=mistake_id)
def test_mistake_example_is_recognised(pair):
    exercise, mistake = pair
    result = judge(exercise, mistake.example)
    assert result.status == "incorrect", result.message
    assert result.mistake == mistake.id, f"recognised as {result.mistake}: {result.message}"
    key_phrase = mistake.message.split("{")[0][:40]
    assert key_phrase in result.message
    if mistake.see:
        assert mistake.see in result.message


def _raises(*args, **kwargs):
    return 1 / 0


def _sleeps(*args, **kwargs):
    time.sleep(10)


BAD_ANSWERS = {
    "None": lambda: None,
    "string": lambda: "a string",
    "list": lambda: [1, 2],
    "numpy": lambda: np.array([1.0, 2.0]),
    "int": lambda: 3,
    "nan_tensor": lambda: torch.tensor(float("nan")),
    "wrong_shape": lambda: torch.ones(7, 5),
    "raises": lambda: _raises,
    "sleeps": lambda: _sleeps,
}


@pytest.mark.parametrize("exercise", EXERCISES, ids=by_id)
@pytest.mark.parametrize("bad", BAD_ANSWERS, ids=str)
def test_odd_answers_get_a_clear_message(exercise, bad):
    ns = dict(exercise.setup_namespace())
    for name in exercise.answer.names:
        ns[name] = BAD_ANSWERS[bad]()
    started = time.perf_counter()
    result = exercise.evaluate(ns)
    assert result.status in ("incorrect", "error"), result.message
    assert result.message and "lessonkit could not check" not in result.message
    assert "Traceback" not in result.message and " at 0x" not in result.message
    assert time.perf_counter() - started < 2
    if isinstance(exercise.answer, Function) and bad == "raises":
        assert result.status == "error"
        assert "ZeroDivisionError" in result.message and "1 / 0" in result.message
    if isinstance(exercise.answer, Function) and bad == "sleeps":
        assert result.status == "error" and "stopped" in result.message


def _snapshot(value):
    if isinstance(value, torch.Tensor):
        grad = None if value.grad is None else value.grad.clone()
        return (value.detach().clone(), value.requires_grad, value.grad_fn, grad)
    return value


@pytest.mark.parametrize("exercise", EXERCISES, ids=by_id)
def test_checking_changes_nothing_of_the_learner(exercise):
    ns = exercise.namespace_of(exercise.solution_code)
    before = {name: _snapshot(ns[name]) for name in exercise.answer.names}
    keys = set(ns)
    exercise.evaluate(ns)
    assert set(ns) == keys
    for name, old in before.items():
        new = _snapshot(ns[name])
        if isinstance(old, tuple):
            assert torch.equal(old[0], new[0]) and old[1:3] == new[1:3]
            assert (old[3] is None and new[3] is None) or torch.equal(old[3], new[3])
        else:
            assert new is old


# How long a check takes is measured by benchmarks/bench_checks.py (make bench), not here:
# a timed test fails on a busy machine for reasons that are not bugs.
