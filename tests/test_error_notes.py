"""The `%load_ext lessonkit` notes, in a real IPython shell with real torch errors."""

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from lessonkit import error_notes

ERRORS = {
    "backward_twice": (
        "x = torch.tensor(2.0, requires_grad=True)\ny = x * x\ny.backward()\ny.backward()",
        "02_the_computation_graph, section 'retain_graph'",
    ),
    "not_scalar": (
        "x = torch.ones(3, requires_grad=True)\n(x * 2).backward()",
        "02_the_computation_graph, section 'The gradient argument'",
    ),
    "leaf_in_place": (
        "w = torch.ones(3, requires_grad=True)\nw -= 1",
        "06_update, section 'Updating inside torch.no_grad()'",
    ),
    "no_grad_fn": (
        "x = torch.tensor(2.0)\n(x * x).backward()",
        "01_why_autograd and 08_no_grad_and_detach",
    ),
    "modified_in_place": (
        "x = torch.ones(3, requires_grad=True)\ny = x.sigmoid()\ny.mul_(2)\ny.sum().backward()",
        "02_the_computation_graph, section 'Common mistakes'",
    ),
    "numpy": (
        "torch.ones(2, requires_grad=True).numpy()",
        "08_no_grad_and_detach, section 'Taking a value out: .detach()'",
    ),
    "zero_before_backward": (
        "w = torch.ones(2, requires_grad=True)\nw.grad.zero_()",
        "07_clearing_gradients, section 'Clearing with zero_() and set_to_none'",
    ),
    "grad_set_to_a_number": (
        "w = torch.ones(2, requires_grad=True)\nw.grad = 0",
        "07_clearing_gradients, section 'Clearing with zero_() and set_to_none'",
    ),
    "batch_shapes": (
        "X = torch.ones(5, 3)\nW = torch.ones(5, 3)\nX @ W",
        "03_forward_pass, section 'A batch of examples'",
    ),
    "matrix_times_vector": (
        "X = torch.ones(5, 3)\nw = torch.ones(3)\nX.T @ w",
        "03_forward_pass, section 'A batch of examples'",
    ),
    "element_wise_sizes": (
        "p = torch.ones(5)\ny = torch.ones(4)\np - y",
        "03_forward_pass, section 'Common mistakes'",
    ),
}


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    shell.run_cell("import torch")
    yield shell
    if "lessonkit" in shell.extension_manager.loaded:
        shell.run_line_magic("unload_ext", "lessonkit")
    error_notes.uninstall(shell)


def run(shell, code):
    with capture_output() as captured:
        result = shell.run_cell(code)
    notes = [o.data["text/plain"] for o in captured.outputs if "lessonkit" in str(o.data)]
    return result, captured, notes


@pytest.mark.parametrize("name", ERRORS)
def test_each_real_error_gets_its_note_under_the_traceback(shell, name):
    code, lesson = ERRORS[name]
    shell.run_line_magic("load_ext", "lessonkit")
    result, captured, notes = run(shell, code)
    assert result.error_in_exec is not None
    assert "Traceback" in captured.stdout + captured.stderr, "the original traceback stays"
    assert len(notes) == 1
    assert notes[0].startswith("lessonkit: ") and lesson in notes[0]
    assert " at 0x" not in notes[0]


def test_loading_twice_gives_one_note(shell):
    error_notes.install(shell)
    error_notes.install(shell)
    shell.run_line_magic("load_ext", "lessonkit")
    _, _, notes = run(shell, ERRORS["not_scalar"][0])
    assert len(notes) == 1


def test_unload_restores(shell):
    before = list(shell.events.callbacks["post_run_cell"])
    error_notes.install(shell)
    error_notes.uninstall(shell)
    assert shell.events.callbacks["post_run_cell"] == before
    _, _, notes = run(shell, ERRORS["not_scalar"][0])
    assert notes == []


def test_no_note_for_other_errors_or_success(shell):
    error_notes.install(shell)
    assert run(shell, "1 / 0")[2] == []
    assert run(shell, "x = torch.ones(2)")[2] == []


def test_the_note_is_found_through_a_chained_error():
    try:
        try:
            raise RuntimeError("grad can be implicitly created only for scalar outputs")
        except RuntimeError as inner:
            raise ValueError("wrapped") from inner
    except ValueError as outer:
        assert "scalar" in error_notes.note_for(outer)


def test_note_renders_the_same_words_as_html():
    note = error_notes.Note("use <b>x</b>")
    assert note.text() == "lessonkit: use <b>x</b>"
    assert "use &lt;b&gt;x&lt;/b&gt;" in note.html()
