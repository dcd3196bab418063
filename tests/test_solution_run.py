"""Run every notebook with each exercise cell replaced by its solution: all checks say correct,
and each exercise's setup (what its check runs again) holds the tensors the notebook holds there.

An exercise cell carries the tag `exercise:NN.qK`. The check (`ex.qK.check()`) sits in a
later cell of its own, so that it still runs here. Check outputs carry a machine-readable
marker in their output metadata, which is what this test reads (tests/solved_notebooks.py).
"""

from pathlib import Path

import nbformat
import pytest
from solved_notebooks import (
    assert_all_checks_correct,
    check_markers,
    execute,
    run_with_solutions,
    setup_drift,
    tagged_cells,
)

import lessonkit.exercises

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def notebooks() -> list[Path]:
    return sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture
def notebook_env(tmp_path, monkeypatch):
    """The kernel inherits these: progress in a temporary place, one fixed renderer."""
    monkeypatch.setenv("LESSONKIT_DATA_DIR", str(tmp_path / "lessonkit-data"))
    monkeypatch.setenv("LESSONKIT_RENDERER", "graphviz-pure")
    return tmp_path


def _with_exercises():
    found = [p for p in notebooks() if tagged_cells(nbformat.read(p, as_version=4))]
    return found or [
        pytest.param(None, marks=pytest.mark.skip("no notebook has exercise cells yet"))
    ]


# Names a set-up may leave different from the notebook, and why.
SETUP_MAY_DIFFER = {
    "13.q2": {"p"},  # a loop variable: the notebook's last loop runs over another module
}


@pytest.mark.slow
@pytest.mark.parametrize("path", _with_exercises(), ids=lambda p: getattr(p, "stem", "none"))
def test_solutions_run_and_every_check_is_correct(path, notebook_env):
    solved = run_with_solutions(path, notebook_env, probe_setups=True)
    assert_all_checks_correct(solved, path)
    drift = setup_drift(solved)
    assert set(drift) == {exercise_id for exercise_id, _ in tagged_cells(solved)}
    for exercise_id, names in drift.items():
        unexplained = set(names) - SETUP_MAY_DIFFER.get(exercise_id, set())
        assert not unexplained, (
            f"{exercise_id}'s setup gives other values than {path.name} has at the exercise "
            f"for {sorted(unexplained)}: the check judges against a different lesson state"
        )


@pytest.mark.slow
def test_the_runner_itself_on_a_small_notebook(tmp_path, notebook_env):
    """The machinery above, on a two-exercise notebook made here (so it is tested before
    the lesson notebooks exist)."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell
    nb.cells = [
        cell("import math\nimport torch\nfrom lessonkit.exercises import lesson_01 as ex"),
        cell("dfdx_by_hand = ...", metadata={"tags": ["exercise:01.q1"]}),
        cell("ex.q1.check()"),
        cell("x = ...\ny = ...", metadata={"tags": ["exercise:01.q3"]}),
        cell("ex.q3.check()"),
        cell("raise RuntimeError('allowed')", metadata={"tags": ["raises-exception"]}),
    ]
    path = tmp_path / "01_why_autograd.ipynb"
    nbformat.write(nb, path)
    solved = run_with_solutions(path, notebook_env)
    assert_all_checks_correct(solved, path)
    assert [m["exercise"] for m in check_markers(solved)] == ["01.q1", "01.q3"]
    # and without the solutions, the placeholders are reported, not passed
    execute(nb, tmp_path)
    assert {m["status"] for m in check_markers(nb)} == {"not_attempted"}


# ---------------------------------------------------------------- tags and the registry


def test_every_tag_names_a_real_exercise():
    known = {e.id for e in lessonkit.exercises.every_exercise()}
    for path in notebooks():
        for exercise_id, _ in tagged_cells(nbformat.read(path, as_version=4)):
            assert exercise_id in known, (
                f"{path.name}: tag exercise:{exercise_id} names no exercise"
            )


def test_every_exercise_has_one_cell_once_its_notebook_exists():
    for lesson, exercises in lessonkit.exercises.lessons():
        found = [p for p in notebooks() if p.stem.split("_")[0] == lesson.split("_")[0]]
        if not found:
            continue  # the notebook is not written yet
        tags = [i for p in found for i, _ in tagged_cells(nbformat.read(p, as_version=4))]
        for exercise in exercises:
            assert tags.count(exercise.id) == 1, (
                f"{exercise.id} should be tagged on exactly one cell of {found[0].name}, "
                f"found {tags.count(exercise.id)}"
            )
