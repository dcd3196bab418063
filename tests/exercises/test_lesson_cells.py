"""Code a lesson module holds as strings because its notebook runs it too (the engine of
lessons 10 and 14) must be what the notebook runs, word for word: the checks run the module's
copy, the learner reads the notebook's."""

from pathlib import Path

import nbformat
import pytest

from lessonkit.exercises import lesson_10, lesson_14

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
SHARED = [
    ("10_autograd_from_scratch", lesson_10, "VALUE_INIT"),
    ("10_autograd_from_scratch", lesson_10, "VALUE_ADD"),
    ("10_autograd_from_scratch", lesson_10, "VALUE_MUL"),
    ("10_autograd_from_scratch", lesson_10, "VALUE_LOG"),
    ("10_autograd_from_scratch", lesson_10, "VALUE_DERIVED"),
    ("10_autograd_from_scratch", lesson_10, "SIGMOID"),
    ("14_your_engine_trains_a_network", lesson_14, "ENGINE"),
    ("14_your_engine_trains_a_network", lesson_14, "TANH"),
    ("14_your_engine_trains_a_network", lesson_14, "RELU"),
]


@pytest.mark.parametrize(("notebook", "module", "name"), SHARED,
                         ids=[f"{module.__name__[-9:]}.{name}" for _, module, name in SHARED])
def test_the_module_s_copy_is_what_the_notebook_runs(notebook, module, name):
    nb = nbformat.read(NOTEBOOKS / f"{notebook}.ipynb", as_version=4)
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    assert getattr(module, name).strip() in code, f"{name} differs from {notebook}'s cells"


def test_lesson_14_trains_on_lesson_11_s_rings():
    def code(notebook):
        nb = nbformat.read(NOTEBOOKS / f"{notebook}.ipynb", as_version=4)
        return [cell.source for cell in nb.cells if cell.cell_type == "code"]

    rings = next(source for source in code("11_a_hidden_layer") if "radius = " in source)
    data = rings.split("\n\n")[0]  # the lines that make X and y, before what 11 prints
    assert "y = torch.cat" in data
    assert any(data in source for source in code("14_your_engine_trains_a_network"))
