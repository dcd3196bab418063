"""Lessons run with their solutions swapped in, and what their checks then said.

An exercise cell carries the tag `exercise:NN.qK`. Check outputs carry a machine-readable
marker in their output metadata ({"lessonkit": {"exercise", "status", "mistake"}}), which is
what the solution run (tests/test_solution_run.py) and the hosted-kernel test read.
"""

import json
import re
from pathlib import Path

import nbformat

import lessonkit.exercises

TAG = re.compile(r"exercise:(\d\d\.q\d+)")


def exercise_ids(cell) -> list[str]:
    return [
        m.group(1) for tag in cell.get("metadata", {}).get("tags", []) if (m := TAG.fullmatch(tag))
    ]


def tagged_cells(nb) -> list[tuple[str, object]]:
    return [(exercise_id, cell) for cell in nb.cells for exercise_id in exercise_ids(cell)]


def with_solutions(nb):
    """An in-memory copy whose exercise cells hold the solutions."""
    copy = nbformat.from_dict(nb)
    for exercise_id, cell in tagged_cells(copy):
        cell.source = lessonkit.exercises.get(exercise_id).solution_code.strip("\n")
    return copy


def check_markers(nb) -> list[dict]:
    return [
        output["metadata"]["lessonkit"]
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if "lessonkit" in output.get("metadata", {})
    ]


# Put before each exercise cell by the solution run: does the exercise's `setup` (what its
# check runs again, out of the notebook) give the same tensors as the notebook at that point?
# The RNG is put back, so the notebook's later cells draw what they would have drawn.
SETUP_PROBE = """import json as _json, torch as _torch
from lessonkit.exercises import registry as _registry
_rng = _torch.get_rng_state()
def _differs(a, b):
    if not (isinstance(a, _torch.Tensor) and isinstance(b, _torch.Tensor)):
        return False
    return a.shape != b.shape or not _torch.allclose(
        a.detach().double(), b.detach().double(), rtol=1e-4, atol=1e-6, equal_nan=True)
_drift = sorted(name for name, value in _registry.get(EXERCISE).setup_namespace().items()
                if not name.startswith("_") and _differs(value, globals().get(name)))
_torch.set_rng_state(_rng)
print(SETUP_DRIFT + _json.dumps([EXERCISE, _drift]))"""
SETUP_DRIFT = "setup drift: "


def with_setup_probes(nb):
    """A copy with SETUP_PROBE before each exercise cell."""
    copy = nbformat.from_dict(nb)
    cells = []
    for cell in copy.cells:
        for exercise_id in exercise_ids(cell):
            probe = SETUP_PROBE.replace("EXERCISE", repr(exercise_id))
            cells.append(nbformat.v4.new_code_cell(probe.replace("SETUP_DRIFT", repr(SETUP_DRIFT))))
        cells.append(cell)
    copy.cells = cells
    return copy


def setup_drift(nb) -> dict[str, list[str]]:
    """{exercise id: names whose tensors differ between its setup and the notebook}."""
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for line in output.get("text", "").splitlines():
                if line.startswith(SETUP_DRIFT):
                    exercise_id, names = json.loads(line.removeprefix(SETUP_DRIFT))
                    found[exercise_id] = names
    return found


def execute(nb, folder: Path, kernel_name: str = "python3", env: dict | None = None):
    """Run `nb` top to bottom in a fresh kernel whose working folder is `folder`. Cells tagged
    raises-exception may error; any other error raises CellExecutionError."""
    from nbclient import NotebookClient

    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        timeout=120,
        resources={"metadata": {"path": str(folder)}},
        shutdown_kernel="immediate",  # the outputs are in; a graceful stop costs 2 s a notebook
    )
    client.execute(**({"env": env} if env else {}))
    return nb


def run_with_solutions(path: Path, data_dir: Path, kernel_name: str = "python3", env=None,
                       probe_setups: bool = False):
    """Execute the solved copy of `path` (cwd: the notebook's folder), with SETUP_PROBE
    before each exercise if asked."""
    solved = with_solutions(nbformat.read(path, as_version=4))
    if probe_setups:
        solved = with_setup_probes(solved)
    return execute(solved, path.parent, kernel_name, env)


def assert_all_checks_correct(nb, path: Path):
    markers = check_markers(nb)
    wrong = [m for m in markers if m.get("status") != "correct"]
    assert not wrong, f"{path.name}: checks not correct with the solutions: {wrong}"
    checked = {m.get("exercise") for m in markers}
    missing = {exercise_id for exercise_id, _ in tagged_cells(nb)} - checked
    assert not missing, (
        f"{path.name}: no check output for {sorted(missing)}; put `ex.qK.check()` in its own "
        "cell after the exercise cell"
    )
