"""Grade N synthetic submissions: notebooks per second, and each notebook's wall time.

    python benchmarks/bench_grade.py [N] [--jobs J]

N students (default 8) each hand in one real lesson notebook, taken in lesson order (01, 02
... then round again); every other one solved (as tests/solved_notebooks.py solves them), the
others with the placeholders left in. They are graded J at a time (default: the number of
cores) with the grader's defaults, as `python -m lessonkit grade` would. A script, not a test:
the figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import synthetic_class as build  # noqa: E402

from lessonkit.exercises import registry  # noqa: E402
from lessonkit.grading import cli, sandbox, submissions  # noqa: E402


def make_class(folder: Path, n: int) -> None:
    lessons = [name for name, _ in registry.lessons()
               if name != "00_start_here" and (build.NOTEBOOKS / f"{name}.ipynb").exists()]
    for i in range(n):
        lesson = lessons[i % len(lessons)]
        make = build.solved if i % 2 == 0 else build.placeholders
        build.write(folder, f"student{i:03d}", lesson, make(build.lesson(lesson)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=8)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        make_class(Path(folder), args.n)
        todo = submissions.find(Path(folder)).submissions
        start = time.monotonic()
        rows, seconds = cli.grade_all(todo, sandbox.Limits(), args.jobs, sandbox.run)
        elapsed = time.monotonic() - start
    statuses = sorted({row.status for row in rows})
    print(f"{len(todo)} notebooks, {args.jobs} at a time, on {os.cpu_count()} cores "
          f"(statuses seen: {', '.join(statuses)})")
    print(f"  {elapsed:.1f} s in all: {len(todo) / elapsed:.3f} notebooks per second")
    print(f"  per notebook: median {statistics.median(seconds):.1f} s, "
          f"min {min(seconds):.1f} s, max {max(seconds):.1f} s")


if __name__ == "__main__":
    main()
