"""Settings shared by the unit tests and by nbval's run of the notebooks."""

import os
import tempfile

import pytest

# Progress written by exercise checks goes to a throwaway folder, never the
# developer's own; the kernels nbval starts inherit this environment.
os.environ.setdefault("LESSONKIT_DATA_DIR", tempfile.mkdtemp(prefix="lessonkit-test-"))
# Pictures come from the renderer the set-up installs, so SVG outputs are reproducible.
os.environ.setdefault("LESSONKIT_RENDERER", "graphviz-pure")
os.environ.pop("MPLBACKEND", None)  # kernels draw plots with their inline backend


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # nbval compares stdout, results and displays; stderr carries warnings whose wording
    # changes between library versions, so the course does not compare it.
    for item in items:
        notebook = getattr(item, "parent", None)
        if hasattr(notebook, "skip_compare") and "stderr" not in notebook.skip_compare:
            notebook.skip_compare = (*notebook.skip_compare, "stderr")
