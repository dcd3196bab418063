"""nbval's outputs for a cell, saved as nbclient (and so `make execute`) saves them."""

import nbformat
import nbval_outputs
from nbformat import NotebookNode


def received(kind: str, **fields) -> NotebookNode:
    """An output as nbval keeps it: a NotebookNode built from the kernel's message."""
    return NotebookNode(output_type=kind, **fields)


def test_a_result_gets_its_cell_number_and_an_error_names_its_cell():
    result = nbval_outputs.saved_output(
        received("execute_result", data={"text/plain": "2"}, metadata={}, execution_count=1), 7
    )
    assert result.execution_count == 7
    error = nbval_outputs.saved_output(
        received("error", ename="E", evalue="v", traceback=["\x1b[32mIn[1]\x1b[39m, line 1"]), 7
    )
    assert error.traceback == ["\x1b[32mIn[7]\x1b[39m, line 1"]


def test_stdout_goes_before_the_stderr_just_above_it():
    err, out = (
        received("stream", name="stderr", text="w"),
        received("stream", name="stdout", text="o"),
    )
    shown = received("display_data", data={}, metadata={})
    assert nbval_outputs.stdout_first([err, out, shown]) == [out, err, shown]
    assert nbval_outputs.stdout_first([out, shown, err]) == [out, shown, err]


def test_saved_text_is_what_make_execute_writes(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# A lesson"),
        nbformat.v4.new_code_cell("print('hi')"),
        nbformat.v4.new_code_cell("1 + 1"),
    ]
    path = tmp_path / "00_demo.ipynb"
    nbformat.write(notebook, path)
    outputs = [
        [received("stream", name="stdout", text="hi\n")],
        [received("execute_result", data={"text/plain": "2"}, metadata={}, execution_count=1)],
    ]
    saved = nbformat.reads(nbval_outputs.saved_text(path, outputs), as_version=4)
    assert [cell.get("execution_count") for cell in saved.cells] == [None, 1, 2]
    assert saved.cells[1].outputs == [nbformat.v4.new_output("stream", name="stdout", text="hi\n")]
    assert saved.metadata["kernelspec"]["name"] == "python3"


def test_a_cell_nbval_ignores_keeps_its_committed_outputs(tmp_path):
    """The doctor's report names this machine's Python and device: on another machine its
    fresh outputs differ, and neither nbval nor the file check may compare them."""
    notebook = nbformat.v4.new_notebook()
    report = nbformat.v4.new_output("stream", name="stdout", text="python 3.11.7\n")
    notebook.cells = [
        nbformat.v4.new_code_cell("print(report())", outputs=[report],
                                  metadata={"tags": ["nbval-ignore-output"]}),
        nbformat.v4.new_code_cell("print('hi')"),
    ]
    path = tmp_path / "lesson.ipynb"
    nbformat.write(notebook, path)
    elsewhere = [[received("stream", name="stdout", text="python 3.13.5\n")],
                 [received("stream", name="stdout", text="hi\n")]]
    saved = nbformat.reads(nbval_outputs.saved_text(path, elsewhere), as_version=4)
    assert saved.cells[0].outputs[0].text == "python 3.11.7\n"
    assert saved.cells[1].outputs[0].text == "hi\n"
