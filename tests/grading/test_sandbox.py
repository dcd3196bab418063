"""One submitted notebook, run headless in a sandbox: limits, timeouts, a dead kernel, isolation."""

import glob
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from lessonkit.grading import sandbox
from lessonkit.grading.sandbox import Limits, run

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SLEEPER = ["sleep", "613"]  # what the notebook that runs too long leaves running
root_only = pytest.mark.skipif(not AS_ROOT, reason="a notebook runs as another user only for root")


def notebook(*sources: str):
    return new_notebook(cells=[new_code_cell(source) for source in sources])


def text(ran, index: int) -> str:
    """What cell `index` printed, and the name and value of any error it raised."""
    parts = []
    for output in ran.notebook.cells[index].outputs:
        parts.append(output.get("text") or f"{output.get('ename')}: {output.get('evalue')}")
    return "".join(parts)


def descendants() -> set[int]:
    return {process.pid for process in psutil.Process().children(recursive=True)}


def test_a_notebook_runs_to_the_end_past_an_error_and_an_endless_cell():
    ran = run(notebook(
        "print('hello')", "1 + 1", "1 / 0", "while True: pass", "print('after')",
        "import subprocess\nprint(subprocess.Popen(['sleep', '601']).pid)",
    ), Limits(cell_timeout=2))
    assert (ran.outcome, ran.reason, ran.timed_out_cells) == ("finished", "", (3,))
    assert text(ran, 0) == "hello\n"
    assert ran.notebook.cells[1].outputs[0]["data"]["text/plain"] == "2"
    assert text(ran, 2).startswith("ZeroDivisionError") and text(ran, 4) == "after\n"
    # what the learner started is killed with the kernel
    left = int(text(ran, 5))
    assert not psutil.pid_exists(left) or psutil.Process(left).status() == psutil.STATUS_ZOMBIE


def test_a_notebook_past_its_timeout_is_killed_with_all_it_started():
    before = descendants()
    start = time.monotonic()
    ran = run(notebook("import subprocess, time\nsubprocess.Popen(['sleep', '613'])\n"
                       "time.sleep(600)"), Limits(timeout=5, cell_timeout=100))
    took = time.monotonic() - start
    assert (ran.notebook, ran.outcome) == (None, "timeout")
    assert ran.reason == "the notebook ran past 5 s"
    assert 5 <= took < 30  # killed, not left to its sleep(600); the bound leaves room for a busy CI
    assert descendants() <= before
    assert not [p for p in psutil.process_iter(["cmdline"]) if p.info["cmdline"] == SLEEPER]


def test_a_dead_kernel_fails_the_notebook_and_says_so():
    ran = run(notebook("print('first')", "import os; os._exit(1)", "print('never')"), Limits())
    assert ran.outcome == "failed"
    assert ran.reason.startswith("the kernel died in cell 1 (os._exit, a crash, or the limits")
    assert text(ran, 0) == "first\n" and ran.notebook.cells[2].outputs == []


@pytest.mark.slow
def test_the_memory_limit_stops_a_2_gib_tensor_and_the_rest_still_runs():
    # importing torch maps about 1.3 GiB of address space; 2 GiB more does not fit in 2 GiB
    ran = run(notebook("import torch", "x = torch.ones(2**29)", "print('after')"),
              Limits(memory=2 * 2**30))
    assert ran.outcome == "finished"
    assert "can't allocate memory" in text(ran, 1)
    assert text(ran, 2) == "after\n"


def test_a_notebook_that_is_not_one_fails_plainly():
    ran = run({"cells": "not a list"}, Limits())
    assert (ran.notebook, ran.outcome) == (None, "failed")
    assert ran.reason.startswith("the notebook could not be")


def test_a_user_that_does_not_exist_fails_plainly():
    ran = run(notebook("1"), Limits(user="no-such-learner"))
    assert ran == sandbox.Ran(None, "failed", "there is no user 'no-such-learner' to run the "
                                              "notebook as")


def test_the_kernel_has_its_own_home_and_folder_and_none_of_our_secrets(monkeypatch):
    monkeypatch.setenv("LESSONKIT_TEST_SECRET", "hunter2")
    ran = run(notebook(
        "import json, os, sys, lessonkit\n"
        "print(json.dumps({'cwd': os.getcwd(), 'env': dict(os.environ),\n"
        "                  'python': sys.version, 'lessonkit': lessonkit.__file__}))",
        "from pathlib import Path\nPath.home().joinpath('note.txt').write_text('mine')\n"
        "_ = Path('../beside.txt').write_text('x') if os.access('..', os.W_OK) else None",
        "open('big', 'wb').write(bytes(2 * 2**20))",
    ), Limits(file_size=2**20))
    seen = json.loads(text(ran, 0))
    folder, env = Path(seen["cwd"]), seen["env"]
    assert "LESSONKIT_TEST_SECRET" not in env
    assert {env[name] for name in sandbox.FOLDERS} == {str(folder / sub)
                                                      for sub in sandbox.FOLDERS.values()}
    assert (env["PYTHONHASHSEED"], env["LESSONKIT_RENDERER"]) == ("0", "graphviz-pure")
    assert seen["python"] == sys.version  # the grader's own Python and lessonkit
    assert seen["lessonkit"] == sandbox.__file__.replace("grading/sandbox.py", "__init__.py")
    assert text(ran, 1) == ""
    assert text(ran, 2).startswith("OSError: [Errno 27] File too large")
    assert not folder.parent.exists()  # the run's folders are gone, and what it wrote there


def test_the_default_user_is_named_with_its_reason():
    user, why = sandbox.runner()
    if AS_ROOT and user == "root":
        assert why.startswith(("nobody cannot run the grader's Python", "there is no user"))
    else:
        assert user in why


@pytest.mark.slow
@root_only
def test_as_another_user_a_notebook_reads_neither_root_only_files_nor_other_submissions(
        tmp_path):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    (private / "answers.txt").write_text("42")
    folders = os.path.join(tempfile.gettempdir(), "lessonkit-grade-*", "*")
    other = threading.Thread(target=run, args=(notebook("import time; time.sleep(4)"),
                                               Limits(user="nobody")))
    other.start()
    time.sleep(1)  # the other submission's folder is made, its kernel starting
    assert glob.glob(folders)
    ran = run(notebook(f"open({str(private / 'answers.txt')!r}).read()",
                       f"import glob, os; print(os.getuid(), glob.glob({folders!r}))"),
              Limits(user="nobody"))
    other.join()
    assert ran.outcome == "finished"
    assert text(ran, 0).startswith("PermissionError")
    assert text(ran, 1) == "65534 []\n"
