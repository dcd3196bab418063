"""Settings shared by the unit tests and by nbval's run of the notebooks."""

import atexit
import os
import shutil
import tempfile

import pytest

# Progress written by exercise checks goes to throwaway folders, never the developer's
# own (even if LESSONKIT_DATA_DIR points there); the kernels nbval starts inherit this.
SCRATCH = tempfile.mkdtemp(prefix="lessonkit-test-")
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
os.environ["LESSONKIT_DATA_DIR"] = SCRATCH
# Pictures come from the renderer the set-up installs, so SVG outputs are reproducible.
os.environ.setdefault("LESSONKIT_RENDERER", "graphviz-pure")
os.environ.pop("MPLBACKEND", None)  # kernels draw plots with their inline backend


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Each notebook's kernel starts with an empty progress folder, as in `make execute`,
    # so a notebook that shows progress() shows the same table whatever ran before it.
    notebook = getattr(item, "parent", None)
    if hasattr(notebook, "skip_compare") and getattr(notebook, "kernel", None) is None:
        os.environ["LESSONKIT_DATA_DIR"] = tempfile.mkdtemp(prefix="nbval-", dir=SCRATCH)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # nbval compares stdout, results and displays; stderr carries warnings whose wording
    # changes between library versions, so the course does not compare it.
    for item in items:
        notebook = getattr(item, "parent", None)
        if hasattr(notebook, "skip_compare") and "stderr" not in notebook.skip_compare:
            notebook.skip_compare = (*notebook.skip_compare, "stderr")
