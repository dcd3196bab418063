"""Every pointer lessonkit gives a learner ("See 07_clearing_gradients, section 'Gradients add
up'") leads to a notebook that exists and a `##` heading that it really has."""

import json
import re
from pathlib import Path

import pytest

from lessonkit import error_notes, exercises

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
REFERENCE = re.compile(r"\b(\d\d_[a-z0-9_]+)(?:, section '([^']+)')?")


def headings(notebook: str) -> set[str]:
    cells = json.loads((NOTEBOOKS / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    found = set()
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("## "):
                    found.add(line[3:].strip())
    return found


def pointers() -> list[tuple[str, str]]:
    """(where the pointer is, its text) for every note and every mistake."""
    found = [(f"errors note {i}", note) for i, (_, note) in enumerate(error_notes.NOTES)]
    for exercise in exercises.every_exercise():
        for mistake in exercise.mistakes:
            if mistake.see:
                found.append((f"{exercise.id} mistake {mistake.id}", mistake.see))
    return found


@pytest.mark.parametrize(("where", "text"), pointers(), ids=[w for w, _ in pointers()])
def test_pointer_leads_to_a_real_notebook_section(where, text):
    references = REFERENCE.findall(text)
    assert references, f"{where}: names no lesson"
    for notebook, section in references:
        assert (NOTEBOOKS / f"{notebook}.ipynb").exists(), f"{where}: no notebook {notebook}"
        if section:
            assert section in headings(notebook), f"{where}: {notebook} has no '## {section}'"
