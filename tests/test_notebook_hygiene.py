"""Every committed notebook is one a learner can trust: saved after a clean run, small, tidy."""

import getpass
import json
import re
import socket
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
NAME = re.compile(r"(\d\d)_[a-z0-9]+(_[a-z0-9]+)*\.ipynb")
MAX_BYTES = 1_000_000
# Outputs must not reveal where or by whom they were made.
PRIVATE = [re.compile(p) for p in (
    r"/home/\w", r"/root/", r"/Users/\w", r"[A-Za-z]:\\\\Users", r"/work/", r"/tmp/",
    r"site-packages", r"\.venv/",
)]


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(notebook):
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def output_texts(cell):
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            yield "".join(output["text"])
        for mime, value in output.get("data", {}).items():
            if mime.startswith("text/") or mime == "image/svg+xml":
                yield "".join(value) if isinstance(value, list) else value
        if output["output_type"] == "error":
            yield output["evalue"]
            yield from output["traceback"]


def test_notebooks_are_named_and_numbered_without_gaps():
    assert PATHS, "no notebooks found"
    numbers = []
    for path in PATHS:
        match = NAME.fullmatch(path.name)
        assert match, f"{path.name}: name it NN_lowercase_slug.ipynb"
        numbers.append(int(match.group(1)))
    assert numbers == list(range(len(numbers))), f"numbers {numbers} have a gap or a repeat"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_saved_after_a_clean_top_to_bottom_run(path):
    counts = [cell.get("execution_count") for cell in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1)), (
        f"execution counts {counts}: re-run it with `make execute`"
    )


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_errors_only_where_a_cell_shows_one_on_purpose(path):
    for index, cell in enumerate(code_cells(load(path))):
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        if "raises-exception" in tags(cell):
            assert errors, f"code cell {index} is tagged raises-exception but shows no error"
        else:
            assert not errors, f"code cell {index}: {errors[0]['ename']}: {errors[0]['evalue']}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_kernel_is_python3(path):
    kernelspec = load(path)["metadata"].get("kernelspec", {})
    assert kernelspec.get("name") == "python3", "a notebook without it opens a Select Kernel dialog"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_outputs_reveal_no_paths_users_or_machines(path):
    private = [*PRIVATE, re.compile(re.escape(socket.gethostname()))]
    user = getpass.getuser()
    if user != "root":  # "root" is a word the lessons use
        private.append(re.compile(rf"\b{re.escape(user)}\b"))
    for index, cell in enumerate(code_cells(load(path))):
        for text in output_texts(cell):
            for pattern in private:
                assert not pattern.search(text), f"code cell {index} output shows {pattern.pattern}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_smaller_than_a_megabyte(path):
    assert path.stat().st_size < MAX_BYTES


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_no_stray_cells_or_leftovers(path):
    notebook = load(path)
    for index, cell in enumerate(notebook["cells"]):
        assert "".join(cell["source"]).strip(), f"cell {index} is empty"
    assert "widgets" not in notebook["metadata"], "widget state is noise: `make execute` drops it"


LESSONS = [path for path in PATHS if not path.name.startswith("00_")]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_lesson_follows_the_course_shape(path):
    """Objectives, worked example, common mistakes, summary, two checked exercises, claims
    asserted in code, and, after the install cell, a cell that sets the lesson up."""
    notebook = load(path)
    prose = "\n".join(
        "".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"
    )
    code = ["".join(c["source"]) for c in code_cells(notebook)]
    headings = {line[3:].strip() for line in prose.splitlines() if line.startswith("## ")}
    assert re.search(r"what you will be able to do", prose, re.IGNORECASE), "no objectives"
    assert {"Common mistakes", "Summary"} <= headings
    exercise_tags = [t for c in notebook["cells"] for t in tags(c) if t.startswith("exercise:")]
    assert len(exercise_tags) >= 2, "a lesson has at least two checked exercises"
    assert sum(block.count("assert ") for block in code) >= 3, "assert the lesson's claims"
    number = path.name[:2]
    first = code[1]  # code[0] installs lessonkit where it is missing (tests/test_links.py)
    assert "%load_ext lessonkit" in first and "torch.manual_seed(" in first
    assert f"from lessonkit.exercises import lesson_{number} as ex" in first


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_every_exercise_cell_is_followed_by_its_check(path):
    cells = load(path)["cells"]
    for index, cell in enumerate(cells):
        for tag in tags(cell):
            if tag.startswith("exercise:"):
                number = tag.split(".q")[-1]
                after = cells[index + 1 :]
                later = ["".join(c["source"]) for c in after if c["cell_type"] == "code"]
                assert later and f"ex.q{number}.check()" in later[0], (
                    f"cell {index} ({tag}) must be followed by a cell calling ex.q{number}.check()"
                )


# A decimal with more significant digits than float32 keeps (about 7) prints rounding noise,
# and the noise differs from one CPU's kernels to another's.
TOO_PRECISE = re.compile(r"(?<![\w.])-?(?:0\.0*)?([1-9]\d*\.?\d*)")
FLOAT32_DIGITS = 8


def too_precise(text: str) -> list[str]:
    numbers = (match.group(0) for match in TOO_PRECISE.finditer(text) if "." in match.group(0))
    return [n for n in numbers if len(re.sub(r"\D", "", n).lstrip("0")) > FLOAT32_DIGITS]


def test_the_precision_check_sees_a_python_float_of_a_tensor():
    assert too_precise("b.grad = -0.06052214652299881") == ["-0.06052214652299881"]
    assert too_precise("tensor([-0.0952, -0.0157]) 0.0605 array(0.6791787) 1e-07 120000") == []


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_numbers_are_printed_at_the_precision_float32_has(path):
    for number, cell in enumerate(code_cells(load(path))):
        for text in output_texts(cell):
            if text.lstrip().startswith("<"):
                continue  # HTML and SVG: their numbers are coordinates and styles
            found = too_precise(text)
            assert not found, (
                f"{path.name}, code cell {number}: {found[0]} has more digits than float32 "
                "keeps; print it with :.4f (or !r for the tensor): see the README"
            )
