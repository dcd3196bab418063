"""Right and wrong answers that learners really write, beyond each exercise's declared examples.

Each lesson's table is tests/exercises/variants/lesson_NN.py: RIGHT answers must be judged
correct; each WRONG answer must be rejected, and named as the mistake it is (None: no declared
mistake applies, so the generic message, never another mistake's).
"""

import importlib.util
from pathlib import Path

import pytest

import lessonkit.exercises


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"variants_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TABLES = [_load(path) for path in sorted((Path(__file__).parent / "variants").glob("lesson_*.py"))]
EXERCISES = {exercise.id: exercise for exercise in lessonkit.exercises.every_exercise()}
RIGHT = [(eid, code) for table in TABLES for eid, codes in table.RIGHT.items() for code in codes]
WRONG = [(eid, code, said) for table in TABLES for eid, cases in table.WRONG.items()
         for code, said in cases]


def _judge(exercise_id, code):
    exercise = EXERCISES[exercise_id]
    return exercise.evaluate(exercise.namespace_of(code))


@pytest.mark.parametrize(("exercise_id", "code"), RIGHT,
                         ids=[f"{eid}-right{i}" for i, (eid, _) in enumerate(RIGHT)])
def test_a_right_variant_is_correct(exercise_id, code):
    result = _judge(exercise_id, code)
    assert result.status == "correct", result.message


@pytest.mark.parametrize(("exercise_id", "code", "mistake"), WRONG,
                         ids=[f"{eid}-wrong{i}" for i, (eid, _, _) in enumerate(WRONG)])
def test_a_wrong_variant_is_rejected_with_its_own_cause(exercise_id, code, mistake):
    result = _judge(exercise_id, code)
    assert result.status in ("incorrect", "error"), result.message
    assert result.mistake == mistake, result.message


def test_every_exercise_has_variants_of_both_kinds():
    """Issue: at least 2 right and 5 wrong variants per exercise, beyond the declared ones."""
    right = {eid: sum(1 for e, _ in RIGHT if e == eid) for eid in EXERCISES}
    wrong = {eid: sum(1 for e, _, _ in WRONG if e == eid) for eid in EXERCISES}
    covered = {eid for table in TABLES for eid in (*table.RIGHT, *table.WRONG)}
    short = {eid: (right[eid], wrong[eid]) for eid in covered
             if right[eid] < 2 or wrong[eid] < 5}
    assert short == {}, "exercises with fewer than 2 right or 5 wrong variants"


def test_wrong_variants_are_beyond_the_declared_examples():
    for exercise_id, code, _ in WRONG:
        examples = {m.example for m in EXERCISES[exercise_id].mistakes}
        assert code not in examples, f"{exercise_id}: a declared example, not a new variant"


def _attempt(exercise, code):
    from lessonkit.exercises.core import Attempt

    ns = exercise.namespace_of(code)
    return Attempt(exercise, ns, exercise.answer.take(ns), exercise.expected())


def _answers_of(exercise_id):
    """Every wrong answer known for an exercise: its declared examples and its variants, each
    with the mistake it is."""
    exercise = EXERCISES[exercise_id]
    found = [(m.example, m.id) for m in exercise.mistakes]
    return found + [(code, said) for eid, code, said in WRONG if eid == exercise_id]


MISTAKES = [(e.id, m) for e in EXERCISES.values() for m in e.mistakes]


@pytest.mark.parametrize(("exercise_id", "mistake"), MISTAKES,
                         ids=[f"{eid}-{m.id}" for eid, m in MISTAKES])
def test_every_mistake_is_proven_both_ways(exercise_id, mistake):
    """Each mistake is named for 3 formulations of it or more (its example included), and
    stays silent on 3 or more wrong answers of another kind: evidence of its family alone."""
    answers = _answers_of(exercise_id)
    formulations = [code for code, said in answers if said == mistake.id]
    assert len(formulations) >= 3, f"{len(formulations)} formulations of {mistake.id}"
    silent = 0
    for code, said in answers:
        if said == mistake.id:
            continue
        try:
            attempt = _attempt(EXERCISES[exercise_id], code)
        except Exception:  # an answer the exercise cannot even read: no detector runs
            continue
        silent += mistake.found_in(attempt) is None
    assert silent >= 3, f"{mistake.id} stays silent on only {silent} other wrong answers"
