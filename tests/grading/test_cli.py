"""`python -m lessonkit grade`: a synthetic class graded end to end, and bad usage.

The class is built from one real lesson notebook (04_loss: two exercises, about 10 s a run)
and graded once with the real sandbox; its grades.csv must be exactly
tests/grading/expected_grades.csv. After a deliberate change, regenerate that file with

    LESSONKIT_REGENERATE=1 .venv/bin/python -m pytest -n0 tests/grading/test_cli.py

and read its diff. Its messages hold no float digits, so it holds on any CPU:
`ATEN_CPU_CAPABILITY=default` set for the test reaches the graded kernels too.
"""

import contextlib
import io
import json
import os
import time
from pathlib import Path
from unittest import mock

import nbformat
import pytest
import synthetic_class as build

from lessonkit.grading import cli, exports, sandbox
from lessonkit.grading.rows import Row
from lessonkit.grading.submissions import Submission

LESSON = "04_loss"
EXPECTED = Path(__file__).with_name("expected_grades.csv")
SCRIPT_NAME = "<img src=x onerror=alert(1)><script>alert(1)"  # a folder name holds no "/"
# 30 s a cell: the import cell takes 3 s alone, and 10 times that must still pass when the
# whole suite shares two cores (CI). 3 GiB: a kernel with torch maps about 1.3 GiB, so 2 GiB
# more does not fit.
OPTIONS = ["--jobs", "2", "--cell-timeout", "30", "--timeout", "300", "--memory", "3"]


def make_class(folder: Path) -> None:
    nb = build.lesson(LESSON)
    build.write(folder / "ada", "ps1", LESSON, build.solved(nb))  # in an assignment folder
    build.write(folder, "ben", LESSON, build.placeholders(nb))
    build.write(folder, "cy", LESSON, build.looping(nb))
    build.write(folder, "dee", LESSON, '{"cells": [')
    build.write(folder, "eve", LESSON, build.deleted(nb))
    build.write(folder, "fay", LESSON, build.allocating(nb))
    build.write(folder, "hal", LESSON, build.mistaken(nb, "bce_sum_not_mean"))
    build.write(folder, "ivy", LESSON, build.mistaken(nb, "bce_sum_not_mean", "plus_y_z"))
    build.write(folder, SCRIPT_NAME, f"{LESSON}-Copy1", build.solved(nb))
    export = {"format": exports.FORMAT, "version": exports.VERSION, "exercises": {
        "04.q1": {"attempts": 3, "solved": True, "last": "correct", "mistake": None}}}
    (folder / "gus.json").write_text(json.dumps(export))


def key(nb) -> tuple[str, ...]:
    return tuple(cell.source for cell in nb.cells)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class, graded once; each notebook's run is kept to replay for the shards."""
    folder, out = tmp_path_factory.mktemp("class"), tmp_path_factory.mktemp("out")
    make_class(folder)
    runs = {}

    def recording(nb, limits):
        runs[key(nb)] = ran = sandbox.run(nb, limits)
        return ran

    same_cpu = {k: os.environ[k] for k in ["ATEN_CPU_CAPABILITY"] if k in os.environ}
    printed = io.StringIO()
    with mock.patch.dict(sandbox.STABLE, same_cpu), contextlib.redirect_stdout(printed):
        code = cli.main([str(folder), "--out", str(out), *OPTIONS], run=recording)
    return folder, out, code, printed.getvalue(), runs


@pytest.mark.slow
def test_the_class_gets_exactly_the_expected_grades(graded):
    _, out, code, _, _ = graded
    assert code == 0
    if os.environ.get("LESSONKIT_REGENERATE"):
        EXPECTED.write_text((out / "grades.csv").read_text(encoding="utf-8"), encoding="utf-8")
    assert (out / "grades.csv").read_text(encoding="utf-8") == EXPECTED.read_text(
        encoding="utf-8")


@pytest.mark.slow
def test_the_summary_counts_and_tells_what_failed(graded):
    _, out, _, printed, _ = graded
    assert printed.startswith("Graded 9 notebooks and 1 progress export of 10 students in ")
    assert "dee 04_loss: failed: not a notebook: the file is not notebook JSON" in printed
    assert f"Written: {out / 'grades.csv'}" in printed


@pytest.mark.slow
def test_the_report_holds_no_learner_markup(graded):
    _, out, _, _, _ = graded
    for page in [out / "report.html", *(out / "feedback").iterdir()]:
        assert "<script>" not in page.read_text(encoding="utf-8"), page.name


@pytest.mark.slow
def test_the_report_names_the_class_s_mistake_and_where_to_reteach_it(graded):
    _, out, _, _, _ = graded
    report = (out / "report.html").read_text(encoding="utf-8")
    reteach = report[report.index("What to reteach tomorrow"):]
    assert "bce_sum_not_mean" in reteach and "The mean over the batch" in reteach


@pytest.mark.slow
def test_shards_merged_give_the_same_grades(graded, tmp_path):
    """The shards replay the recorded runs: what is tested is the slicing and the merge."""
    folder, out, _, _, runs = graded
    shards = [tmp_path / "1", tmp_path / "2"]
    with contextlib.redirect_stdout(io.StringIO()):
        for number, shard in enumerate(shards, 1):
            args = [str(folder), "--out", str(shard), *OPTIONS, "--shard", f"{number}/2"]
            assert cli.main(args, run=lambda nb, limits: runs[key(nb)]) == 0
        merged = tmp_path / "merged"
        assert cli.main(["--merge", *map(str, shards), "--out", str(merged)]) == 0
    assert (merged / "grades.csv").read_text() == (out / "grades.csv").read_text()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["nowhere", "--out", "out"], "lessonkit grade: no folder nowhere"),
        (["class", "--out", "class/out"], "lessonkit grade: --out class/out is inside class"),
        (["class", "--out", "out", "--shard", "3/2"], "lessonkit grade: --shard 3/2: give i/n"),
        (["class", "--out", "out", "--jobs", "0"], "lessonkit grade: --jobs, --timeout"),
        (["--out", "out"], "lessonkit grade: give the folder of submissions"),
        (["class"], "lessonkit grade: the following arguments are required: --out"),
        (["--merge", "class", "--out", "out"], "lessonkit grade: class holds no grades.csv"),
    ],
)
def test_bad_usage_is_one_line_and_status_2(tmp_path, monkeypatch, capsys, args, said):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "class").mkdir()
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(said) and err.count("\n") == 1


def test_nothing_stops_the_run_and_an_existing_out_keeps_other_files(tmp_path, capsys):
    build.write(tmp_path / "class", "ann", LESSON, nbformat.v4.new_notebook())
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")

    def broken(nb, limits):
        raise RuntimeError("a bug in the sandbox")

    args = [str(tmp_path / "class"), "--out", str(tmp_path / "out")]
    assert cli.main(args, run=broken) == 0
    assert (tmp_path / "out" / "notes.txt").read_text() == "mine"
    assert "ann 04_loss: failed: the grader could not grade it: RuntimeError: a bug in the " \
           "sandbox" in capsys.readouterr().out


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(("stream", "written"), [
    (io.StringIO(), "[1/2] ann 04_loss: 1 correct, 1 missing (2.0 s)\n"),
    (Terminal(), "\r\033[K[1/2] ann 04_loss: 1 correct, 1 missing (2.0 s)"),
])
def test_progress_is_a_line_per_notebook_or_one_updating_line(stream, written):
    rows = [Row("ann", LESSON, "04.q1", "correct"), Row("ann", LESSON, "04.q2", "missing")]
    cli.Progress(2, stream).step(Submission("ann", LESSON, Path("x")), rows, 2.0)
    assert stream.getvalue() == written


def test_ctrl_c_starts_no_more_notebooks(tmp_path, capsys):
    for student in ("ann", "bob", "cid"):
        build.write(tmp_path / "class", student, LESSON, nbformat.v4.new_notebook())
    started = []

    def interrupted(nb, limits):
        started.append(nb)
        if len(started) == 1:
            raise KeyboardInterrupt
        time.sleep(1)  # the next one, started meanwhile, still runs while Ctrl-C is handled

    args = [str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--jobs", "1"]
    assert cli.main(args, run=interrupted) == 130
    assert len(started) < 3
    assert capsys.readouterr().err.endswith("lessonkit grade: interrupted; nothing written\n")
