"""`python -m lessonkit grade`: grade a folder of submissions, or merge graded shards.

    python -m lessonkit grade SUBMISSIONS --out OUT [--jobs N] [--timeout S]
                              [--cell-timeout S] [--memory GiB] [--shard i/n]
    python -m lessonkit grade --merge OUT1 OUT2 ... --out OUT

Each notebook runs in the sandbox (lessonkit.grading.sandbox), N at a time: a thread each,
waiting on the sandbox's own process. Nothing stops the run: a notebook that cannot be read,
run or finished becomes rows that say why. Progress goes to stderr (one updating line on a
terminal, a line per notebook otherwise), the summary to stdout. Exit status: 0 when grading
ran, whatever the students' results; 2 on bad usage, with a one-line message; 130 on
Ctrl-C (no notebook starts after it, those running end first, nothing is written).

OUT may exist: the grader writes into it and replaces only its own files (grades.csv,
feedback/<student>.md, report.html).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from lessonkit.grading import exports, outputs, prepare, results, sandbox, submissions
from lessonkit.grading.rows import STATUSES, Row
from lessonkit.grading.submissions import Submission


class UsageError(Exception):
    """Bad usage: said in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def parser() -> argparse.ArgumentParser:
    usage, what, *_ = __doc__.split("\n\n")[1:]
    p = _Parser(prog="python -m lessonkit grade", usage="\n" + usage, description=what,
                epilog="OUT may exist: only grades.csv, feedback/<student>.md and report.html "
                       "are replaced in it.")
    p.add_argument("submissions", nargs="?", type=Path, metavar="SUBMISSIONS",
                   help="a folder per student (notebooks, progress exports), or nbgrader's "
                        "submitted/ (or the folder above it)")
    p.add_argument("--out", type=Path, required=True, help="where the outputs are written")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="notebooks run at once (default: the number of cores)")
    p.add_argument("--timeout", type=float, default=300.0, metavar="S",
                   help="seconds per notebook (default 300)")
    p.add_argument("--cell-timeout", type=float, default=60.0, metavar="S",
                   help="seconds per cell; then the next cell runs (default 60)")
    p.add_argument("--memory", type=float, default=4.0, metavar="GiB",
                   help="address space per notebook (default 4)")
    p.add_argument("--shard", default="1/1", metavar="i/n",
                   help="grade only slice i of n, a student's notebooks together (e.g. 2/8)")
    p.add_argument("--merge", nargs="+", type=Path, metavar="OUT1",
                   help="join the OUT folders of shards into --out instead of grading")
    return p


def main(argv: list[str], run=None) -> int:
    """`run`: the sandbox's run function (lessonkit.grading.sandbox.run unless given)."""
    try:
        args = parser().parse_args(argv)
        if args.merge:
            return merge(args)
        shard = check_usage(args)
    except UsageError as bad:
        print(f"lessonkit grade: {bad} (see python -m lessonkit grade --help)", file=sys.stderr)
        return 2
    try:
        return grade(args, shard, run)
    except KeyboardInterrupt:
        print("\nlessonkit grade: interrupted; nothing written", file=sys.stderr)
        return 130


def check_usage(args) -> tuple[int, int]:
    """The shard to grade, once the arguments make sense; else UsageError."""
    if args.submissions is None:
        raise UsageError("give the folder of submissions, or --merge OUT1 OUT2 ...")
    if not args.submissions.is_dir():
        raise UsageError(f"no folder {args.submissions}")
    submitted, out = args.submissions.resolve(), args.out.resolve()
    if out == submitted or submitted in out.parents:
        raise UsageError(f"--out {args.out} is inside {args.submissions}: put it elsewhere")
    if args.jobs < 1 or min(args.timeout, args.cell_timeout, args.memory) <= 0:
        raise UsageError("--jobs, --timeout, --cell-timeout and --memory must be positive")
    try:
        return submissions.parse_shard(args.shard)
    except ValueError as bad:
        raise UsageError(str(bad)) from None


def merge(args) -> int:
    start = time.monotonic()
    try:
        rows = outputs.merge(args.merge, args.out)
    except outputs.MergeError as refused:
        raise UsageError(str(refused)) from None
    print(summary(rows, None, [], time.monotonic() - start, args.out))
    return 0


def grade(args, shard: tuple[int, int], run) -> int:
    limits = sandbox.Limits(
        timeout=args.timeout, cell_timeout=args.cell_timeout, memory=int(args.memory * 2**30)
    )
    try:  # before grading: a class's hour of work must have somewhere to go
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as cannot:
        print(f"lessonkit grade: cannot write to --out {args.out}: {cannot.strerror}",
              file=sys.stderr)
        return 2
    found = submissions.find(args.submissions)
    todo = submissions.shard(found.submissions, *shard)
    start = time.monotonic()
    rows, seconds = grade_all(todo, limits, args.jobs, run or sandbox.run)
    outputs.write_all(rows, args.out)
    print(summary(rows, todo, found.skipped, time.monotonic() - start, args.out, seconds))
    print(f"Who ran the notebooks: {sandbox.runner()[1]}.")  # what isolated them, in fact
    return 0


def grade_all(todo: list[Submission], limits, jobs: int, run) -> tuple[list[Row], list[float]]:
    """Every submission's rows, graded `jobs` at a time; and each one's wall time."""
    progress = Progress(len(todo))
    rows: list[Row] = []
    seconds: list[float] = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        running = {pool.submit(timed, grade_one, item, limits, run): item for item in todo}
        try:
            for done in as_completed(running):
                graded, took = done.result()
                rows += graded
                seconds.append(took)
                progress.step(running[done], graded, took)
        except KeyboardInterrupt:  # Ctrl-C: start no more; the notebooks running end first
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    progress.close()
    return sorted(rows), seconds


def timed(function, *args):
    start = time.monotonic()
    return function(*args), time.monotonic() - start


def grade_one(item: Submission, limits, run) -> list[Row]:
    """One submission's rows; never raises (a grader bug becomes `failed` rows too)."""
    try:
        if item.is_export:
            return exports.rows_from(item.path, item.student)
        prepared = prepare.prepare(item.path, item.lesson)
        ran = run(prepared.notebook, limits) if prepared.notebook is not None else None
        return results.rows_from(item.student, prepared, ran, limits.cell_timeout)
    except Exception as bug:  # noqa: BLE001 - one notebook's trouble must not stop the class
        reason = f"the grader could not grade it: {type(bug).__name__}: {bug}"
        return [Row(item.student, item.lesson, "", "failed", "", reason)]


class Progress:
    """One updating line on a terminal, one line per notebook otherwise (logs, CI)."""

    def __init__(self, total: int, stream=None):
        self.total, self.done, self.stream = total, 0, stream or sys.stderr
        self.live = self.stream.isatty()

    def step(self, item: Submission, rows: list[Row], took: float) -> None:
        self.done += 1
        counts = Counter(row.status for row in rows)
        said = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
        what = item.lesson or item.path.name
        line = f"[{self.done}/{self.total}] {item.student} {what}: {said} ({took:.1f} s)"
        if self.live:
            self.stream.write(f"\r\033[K{line}")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.live and self.done:
            self.stream.write("\n")


def summary(rows, todo, skipped, elapsed: float, out: Path, seconds=()) -> str:
    """What was graded (`todo`; None for a merge), how it went, what failed and why, and
    where the outputs are."""
    lines = [_graded(rows, todo, elapsed)]
    counts = Counter(row.status for row in rows)
    lines.append("Exercises: " + ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s]))
    failures = sorted({(r.student, r.notebook, r.status, r.detail) for r in rows
                       if r.status in ("failed", "timeout")})
    if failures:
        lines.append("Did not run to the end:")
        lines += [f"  {s} {nb}: {status}: {why}" for s, nb, status, why in failures]
    if skipped:
        lines.append("Not graded:")
        lines += [f"  {path}: {why}" for path, why in skipped]
    if seconds:
        lines.append(f"Wall time per submission: {min(seconds):.1f} to {max(seconds):.1f} s.")
    lines.append("Written: " + ", ".join(
        str(out / name) for name in ("grades.csv", "feedback/", "report.html")))
    return "\n".join(lines)


def _graded(rows, todo, elapsed: float) -> str:
    """E.g. "Graded 7 notebooks and 1 progress export of 8 students in 50.1 s (...)"."""
    students = len({row.student for row in rows})
    if todo is None:  # a merge: count what the rows hold
        merged = len({(r.student, r.notebook) for r in rows})
        return f"Merged {_many(merged, 'notebook')} of {_many(students, 'student')}."
    exported = sum(item.is_export for item in todo)
    notebooks = len(todo) - exported
    rate = f" ({notebooks / elapsed:.2f} notebooks per second)" if elapsed > 0 else ""
    handed = _many(notebooks, "notebook")
    if exported:
        handed += f" and {_many(exported, 'progress export')}"
    return f"Graded {handed} of {_many(students, 'student')} in {elapsed:.1f} s{rate}."


def _many(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"
