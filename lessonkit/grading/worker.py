"""The process that runs one submitted notebook: `python -m lessonkit.grading.worker FOLDER LIMITS`.

lessonkit.grading.sandbox starts it in the submission's own folder, as the grading user, with a
small environment. It puts the limits on itself, so that the kernel it starts inherits them,
runs notebook.ipynb there with nbclient, and writes one JSON object on its standard output:
outcome, reason, timed_out_cells and the executed notebook. Whatever the learner's code writes
to the process's own stdout goes nowhere, so it cannot spoil that answer.
"""

from __future__ import annotations

import json
import math
import os
import signal
import sys
from contextlib import suppress
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

NOTEBOOK = "notebook.ipynb"
# What nbclient's reply says of a cell it interrupted after cell_timeout; no kernel sends it.
TIMEOUT_NAME = "lessonkit.grading.CellTimeout"


def limit_resources(limits: dict) -> None:
    """Put the limits on this process, and so on the kernel, as far as this OS allows."""
    try:
        import resource
    except ImportError:  # Windows
        return
    cpu = math.ceil(limits["timeout"])
    wanted = {
        "RLIMIT_CPU": (cpu, cpu + 5),  # the soft limit sends SIGXCPU, the hard one SIGKILL
        "RLIMIT_AS": (limits["memory"], limits["memory"]),
        "RLIMIT_FSIZE": (limits["file_size"], limits["file_size"]),
    }
    for name, (soft, hard) in wanted.items():
        try:
            resource.setrlimit(getattr(resource, name), (soft, hard))
        except (AttributeError, ValueError, OSError):  # RLIMIT_AS on macOS
            pass


def python_kernel() -> AsyncKernelManager:
    """ipykernel's own "python3" kernel of this Python, whatever kernelspecs are installed."""
    specs = KernelSpecManager(kernel_dirs=[])  # so only ipykernel's own is found
    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=specs)


def execute(nb: nbformat.NotebookNode, cell_timeout: float) -> dict:
    """Run every cell in order; a failing cell does not stop the rest."""
    timed_out, current = [], [-1]

    def note_timeout(cell, cell_index, execute_reply):
        if execute_reply["content"].get("ename") == TIMEOUT_NAME:
            timed_out.append(cell_index)

    def note_start(cell, cell_index):
        current[0] = cell_index

    km = python_kernel()
    client = NotebookClient(
        nb, km=km, allow_errors=True, timeout=math.ceil(cell_timeout),
        interrupt_on_timeout=True,
        error_on_timeout={"ename": TIMEOUT_NAME, "evalue": "", "traceback": []},
        on_cell_error=note_timeout, on_cell_execute=note_start,
        resources={"metadata": {"path": os.getcwd()}},
    )
    try:
        client.execute()
        outcome, reason = "finished", ""
    except DeadKernelError:
        outcome, reason = "failed", f"the kernel died in cell {current[0]}"
    finally:
        kill_kernel_group(km)
    return {"outcome": outcome, "reason": reason, "timed_out_cells": timed_out,
            "notebook": nbformat.writes(nb)}


def kill_kernel_group(km: AsyncKernelManager) -> None:
    """The kernel runs in a session of its own; what the learner started there goes with it."""
    pgid = getattr(km.provisioner, "pgid", None)
    if pgid and hasattr(os, "killpg"):
        with suppress(OSError):
            os.killpg(pgid, signal.SIGKILL)


def main(argv: list[str]) -> int:
    folder, limits = Path(argv[0]), json.loads(argv[1])
    limit_resources(limits)
    answer = os.dup(sys.stdout.fileno())  # the only way out for our answer
    with open(os.devnull, "w") as nowhere:
        os.dup2(nowhere.fileno(), sys.stdout.fileno())
    try:
        nb = nbformat.reads((folder / NOTEBOOK).read_text("utf-8"), as_version=4)
        result = execute(nb, limits["cell_timeout"])
    except Exception as error:  # the instructor reads why, never a traceback of ours
        result = {"outcome": "failed", "reason": f"{type(error).__name__}: {error}",
                  "timed_out_cells": [], "notebook": None}
    with os.fdopen(answer, "w", encoding="utf-8") as out:
        json.dump(result, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
