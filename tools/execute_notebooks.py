"""Run every lesson top to bottom in a fresh kernel and save it with its outputs.

    make execute                       # all of notebooks/
    make execute NOTEBOOKS=notebooks/03_forward_pass.ipynb

The saved files are reproducible: running this twice gives byte-identical
notebooks, and nbval's run gives them too (`::matches the committed file` in the test suite,
see conftest.py), so a diff shows only real changes.
For that, everything that differs from run to run is normalised here:
widget ids, timing metadata, how prints were split into outputs, and the exact
Python patch version.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CELL_TIMEOUT = 120  # seconds; every lesson cell takes far less

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "version": "3.11", "mimetype": "text/x-python",
                 "file_extension": ".py", "pygments_lexer": "ipython3",
                 "codemirror_mode": {"name": "ipython", "version": 3},
                 "nbconvert_exporter": "python"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def kernel_environment(data_dir: str) -> dict[str, str]:
    """The kernel's environment: an empty progress folder of its own (so what the notebook
    shows never depends on what ran before) and the pinned renderer."""
    env = dict(os.environ)
    env["LESSONKIT_DATA_DIR"] = data_dir
    env.setdefault("LESSONKIT_RENDERER", "graphviz-pure")
    env["PYTHONHASHSEED"] = "0"
    env.pop("MPLBACKEND", None)  # the kernel's inline backend must draw the plots
    return env


def execute(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
        coalesce_streams=True,  # one stdout output per cell, however the prints were timed
        shutdown_kernel="immediate",  # the outputs are in; a graceful stop costs 2 s a notebook
    )
    with tempfile.TemporaryDirectory(prefix="lessonkit-execute-") as data_dir:
        client.execute(env=kernel_environment(data_dir))  # passed on to the kernel's start
    return normalise(notebook)


def normalise(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = dict(LANGUAGE_INFO)
    notebook.metadata.pop("widgets", None)
    widget_count = 0
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view and "model_id" in view:
                widget_count += 1
                view["model_id"] = f"widget-{widget_count}"  # a fresh id every run otherwise
    return notebook


def to_text(notebook: nbformat.NotebookNode) -> str:
    return nbformat.writes(notebook) + "\n"


def main(argv: list[str]) -> int:
    paths = [Path(arg).resolve() for arg in argv] or notebook_paths()
    for path in paths:
        print(f"executing {path.relative_to(ROOT)}", flush=True)
        text = to_text(execute(path))
        temporary = path.with_suffix(".ipynb.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)  # never leave a half-written notebook
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
