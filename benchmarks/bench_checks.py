"""Time every exercise check: how long a learner waits after `ex.qN.check()`.

    python benchmarks/bench_checks.py

For each exercise: the first check (which also builds the reference answer from the
solution, once) and the median of later checks of the solution, of its first declared
mistake and of the placeholder; then the median time to record one result (a transaction
on progress.db, in a throwaway folder). A script, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from unittest import mock

import lessonkit.exercises
from lessonkit import progress_store


def timed(exercise, ns, repeats=1) -> float:
    """Median seconds of `repeats` evaluations."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        exercise.evaluate(ns)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def timed_record(repeats=200) -> float:
    """Median seconds of one progress_store.record(), in a temporary progress folder."""
    times = []
    with (
        tempfile.TemporaryDirectory() as folder,
        mock.patch.dict(os.environ, {"LESSONKIT_DATA_DIR": folder}),
    ):
        for _ in range(repeats):
            started = time.perf_counter()
            progress_store.record("bench.q1", "incorrect")
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    print(f"{'exercise':9} {'first ms':>9} {'solution ms':>12} {'mistake ms':>11} {'blank ms':>9}")
    slowest = 0.0
    for exercise in lessonkit.exercises.every_exercise():
        solved = exercise.namespace_of(exercise.solution_code)
        first = timed(exercise, solved)
        solution = timed(exercise, solved, repeats=20)
        mistake = float("nan")
        if exercise.mistakes:
            wrong = exercise.namespace_of(exercise.mistakes[0].example)
            timed(exercise, wrong)  # builds the mistake's own reference once
            mistake = timed(exercise, wrong, repeats=20)
        blank = timed(exercise, exercise.namespace_of(exercise.placeholder), repeats=20)
        slowest = max(slowest, solution, blank, mistake if mistake == mistake else 0.0)
        print(
            f"{exercise.id:9} {first * 1e3:9.1f} {solution * 1e3:12.2f} "
            f"{mistake * 1e3:11.2f} {blank * 1e3:9.2f}"
        )
    print(f"\nslowest repeated check: {slowest * 1e3:.1f} ms")
    print(f"recording one result: {timed_record() * 1e3:.2f} ms (median of 200)")


if __name__ == "__main__":
    main()
