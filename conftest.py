"""Settings shared by the unit tests and by nbval's run of the notebooks.

nbval runs every lesson in a fresh kernel and compares each cell's outputs with the committed
ones. The same run then serves a second check, `::matches the committed file`: its outputs,
saved the way `make execute` saves a notebook, must give the committed file (text byte for
byte, pictures by eye; tests/notebook_compare.py). Every lesson runs once more with torch's
portable kernels (ATEN_CPU_CAPABILITY=default, as on a laptop whose CPU differs from this one),
and both checks must hold there too. Each run is one scope for pytest-xdist (--dist=loadscope),
so one worker runs its cells in order, in one kernel.
"""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from nbval.plugin import IPyNbFile

ROOT = Path(__file__).resolve().parent
NOTEBOOKS = ROOT / "notebooks"
ARTIFACTS = ROOT / "artifacts" / "notebook-images"  # pictures that differ, for a person to see
sys.path.insert(0, str(ROOT / "tests"))  # helper modules the tests share
import nbval_outputs  # noqa: E402
import notebook_compare  # noqa: E402

# Progress written by exercise checks goes to throwaway folders, never the developer's
# own (even if LESSONKIT_DATA_DIR points there); the kernels nbval starts inherit this.
SCRATCH = tempfile.mkdtemp(prefix="lessonkit-test-")
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
os.environ["LESSONKIT_DATA_DIR"] = SCRATCH
# Pictures come from the renderer the set-up installs, so SVG outputs are reproducible.
os.environ.setdefault("LESSONKIT_RENDERER", "graphviz-pure")
os.environ.pop("MPLBACKEND", None)  # kernels draw plots with their inline backend


def pytest_addoption(parser):
    parser.addoption(
        "--also-cpu",
        default="default",
        metavar="CAPABILITY",
        help="nbval runs every lesson once more with ATEN_CPU_CAPABILITY=CAPABILITY "
        "(default: 'default', torch's portable kernels; 'avx2' on an AVX-512 machine; '' for none)",
    )


# ---------------------------------------------------------------- collecting


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".ipynb" and file_path.parent == NOTEBOOKS:
        return Lesson.from_parent(parent, path=file_path)
    return None


class Lesson(pytest.File):
    """A lesson notebook: nbval runs it with this machine's CPU kernels, then with others."""

    def collect(self):
        yield LessonRun.under(self, None)
        capability = self.config.getoption("also_cpu")
        if capability:
            yield LessonRun.under(self, capability)


class LessonRun(IPyNbFile):
    """One run of a lesson by nbval, in one kernel, and the file check that its outputs serve."""

    capability: str | None = None  # ATEN_CPU_CAPABILITY; None: this machine's own

    @classmethod
    def under(cls, lesson: Lesson, capability: str | None):
        name = f"cpu-{capability}" if capability else "native"
        run = cls.from_parent(
            lesson, path=lesson.path, name=name, nodeid=f"{lesson.nodeid}::{name}"
        )
        run.capability = capability
        # stderr carries warnings whose wording changes between library versions; SVGs are
        # compared by eye in MatchesCommittedFile (their text is compared as text/plain)
        run.skip_compare = (*run.skip_compare, "stderr", "image/svg+xml")
        return run

    def collect(self):
        cells = list(super().collect())
        check = MatchesCommittedFile.from_parent(
            self, name="matches the committed file", cells=cells
        )
        yield from cells  # one scope for xdist's loadscope: one worker runs them in order
        yield check


# ---------------------------------------------------------------- running


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item):
    # A notebook's kernel starts in the setup of its first cell. It gets an empty progress
    # folder, as in `make execute` (so progress() shows the same table whatever ran before),
    # and the CPU capability of its pass; other tests keep this process's environment.
    run = item.parent
    if not (isinstance(run, LessonRun) and run.kernel is None):
        return (yield)
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("LESSONKIT_DATA_DIR", tempfile.mkdtemp(prefix="nbval-", dir=SCRATCH))
        if run.capability:
            environment.setenv("ATEN_CPU_CAPABILITY", run.capability)
        return (yield)


class MatchesCommittedFile(pytest.Item):
    """The outputs nbval just got, saved as `make execute` saves them, give the committed file."""

    def __init__(self, *, cells: list, **kwargs):
        super().__init__(**kwargs)
        self.cells = cells  # nbval's items for this run's code cells, in order

    def runtest(self):
        missing = [item.name for item in self.cells if not hasattr(item, "test_outputs")]
        if missing:
            raise NotebookDiffers(f"{', '.join(missing)} did not run: nothing to compare")
        outputs = [item.test_outputs for item in self.cells]
        fresh = nbval_outputs.saved_text(self.path, outputs)
        folder = ARTIFACTS / f"{self.path.stem}-{self.parent.name}"
        problems = notebook_compare.notebook_differences(
            fresh, self.path.read_text("utf-8"), folder
        )
        if problems:
            raise NotebookDiffers(
                f"{self.path.name} ({self.parent.name}) differs from the committed file; run "
                "`make execute` and "
                "commit, or remove what varies between runs (pictures that differ are in "
                f"{folder.relative_to(ROOT)}):\n" + "\n".join(problems)
            )

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, NotebookDiffers):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, self.nodeid


class NotebookDiffers(Exception):
    pass
