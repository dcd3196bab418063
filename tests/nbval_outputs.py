"""A notebook as `make execute` would save it, from the outputs nbval received for its cells.

nbval keeps what each cell printed and displayed (`item.test_outputs`, streams already merged as
nbclient merges them). Saved with the same normalisation as tools/execute_notebooks.py, those
outputs must give the committed file byte for byte, so one run serves both checks.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat

TOOL = Path(__file__).resolve().parent.parent / "tools" / "execute_notebooks.py"
_spec = importlib.util.spec_from_file_location("execute_notebooks", TOOL)
execute_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(execute_notebooks)

CELL_LABEL = re.compile(r"In\[\d+\]")  # how IPython names a cell in a traceback
IGNORED = "nbval-ignore-output"


def saved_text(path: Path, outputs_per_cell: list[list]) -> str:
    """The file `make execute` would write for `path`, given each code cell's outputs."""
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for count, (cell, outputs) in enumerate(zip(code, outputs_per_cell, strict=True), start=1):
        cell.execution_count = count
        if IGNORED in cell.metadata.get("tags", []):
            continue  # what nbval does not compare (the doctor's report of this machine) stays
        cell.outputs = stdout_first([saved_output(output, count) for output in outputs])
    return execute_notebooks.to_text(execute_notebooks.normalise(notebook))


def saved_output(output, execution_count: int) -> nbformat.NotebookNode:
    """One output as nbval received it, as nbclient saves it. nbval runs cells without
    history, so IPython numbers every cell In[1]: the cell's real number is put back."""
    kind = output["output_type"]
    fields = {key: value for key, value in output.items() if key != "output_type"}
    if kind == "execute_result":
        fields["execution_count"] = execution_count
    if kind == "error":
        label = f"In[{execution_count}]"
        fields["traceback"] = [CELL_LABEL.sub(label, line) for line in fields["traceback"]]
    return nbformat.v4.new_output(kind, **fields)


def stdout_first(outputs: list) -> list:
    """nbclient puts a cell's stdout before a stderr just above it (the two race); so do we."""
    for i in range(len(outputs) - 1):
        if _stream(outputs[i]) == "stderr" and _stream(outputs[i + 1]) == "stdout":
            outputs[i], outputs[i + 1] = outputs[i + 1], outputs[i]
    return outputs


def _stream(output) -> str | None:
    return output.get("name") if output["output_type"] == "stream" else None
