"""The course in a kernel it did not set up, like Colab's: the first cell adds lessonkit only.

A fresh venv gets a hosted kernel's own versions (the torch on this disk, ipykernel 6,
ipywidgets 7.7.1, no JupyterLab or notebook server). Then the first cell of a lesson runs
there with LESSONKIT_SOURCE pointing at a wheel built from this tree, as it would install the
release from GitHub on Colab. After that every lesson must run, and every check must say
correct with the solutions swapped in. Building the venv needs the package registry, as
`make` does; nothing here needs GitHub.
"""

import json
import os
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from packaging.utils import canonicalize_name
from solved_notebooks import assert_all_checks_correct, execute, run_with_solutions

ROOT = Path(__file__).resolve().parent.parent
PATHS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# Google Colab's versions of what it runs notebooks with (Python aside).
HOSTS_OWN = ["torch==2.13.0", "ipykernel==6.17.1", "ipython==7.34.0", "jupyter-client==7.4.9",
             "numpy==2.4.6", "matplotlib==3.11.2", "ipython-genutils==0.2.0",
             "jupyterlab-widgets==1.1.1"]
# ipywidgets 7 asks for the classic notebook through widgetsnbextension; a hosted kernel
# has its own front end, so they come without their dependencies.
WIDGETS_7 = ["ipywidgets==7.7.1", "widgetsnbextension==3.6.1"]
UNCHANGED = ["torch", "ipykernel", "ipywidgets", "jupyter-client", "ipython", "numpy"]
SERVERS = ["jupyterlab", "notebook", "jupyter-server", "nbclassic", "voila"]

pytestmark = pytest.mark.slow


@dataclass
class Hosted:
    python: Path
    jupyter_path: Path
    source: str  # what LESSONKIT_SOURCE names: a wheel of this tree


def pip(python: Path, *args: str) -> str:
    done = subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def freeze(python: Path) -> dict[str, str]:
    """name -> version, or the URL a package came from (`lessonkit @ file:///...`)."""
    found = {}
    for line in pip(python, "freeze", "--all").splitlines():
        name, _, version = line.replace(" @ ", "==").partition("==")
        found[canonicalize_name(name)] = version
    return found


def build_wheel(folder: Path) -> Path:
    """A wheel of lessonkit from a copy of its sources, so no build/ is left in the tree."""
    source = folder / "source"
    shutil.copytree(ROOT / "lessonkit", source / "lessonkit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    pip(Path(sys.executable), "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "-w", str(folder / "wheels"), str(source))
    return next((folder / "wheels").glob("lessonkit-*.whl"))


def add_kernelspec(python: Path, folder: Path) -> Path:
    spec = folder / "kernels" / "hosted"
    spec.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps(
        {"argv": argv, "display_name": "hosted", "language": "python"}))
    return folder


@pytest.fixture(scope="module")
def hosted(tmp_path_factory) -> Hosted:
    root = tmp_path_factory.mktemp("hosted")
    venv.create(root / "venv", with_pip=True)
    python = root / "venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip(python, "install", "--quiet", *HOSTS_OWN)
    pip(python, "install", "--quiet", "--no-deps", *WIDGETS_7)
    wheel = build_wheel(root)
    return Hosted(python, add_kernelspec(python, root / "jupyter"), wheel.resolve().as_uri())


@pytest.fixture
def kernel_env(hosted, tmp_path, monkeypatch) -> dict:
    monkeypatch.setenv("JUPYTER_PATH", str(hosted.jupyter_path))  # where `hosted` is found
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend draws
    return {**os.environ, "LESSONKIT_SOURCE": hosted.source,
            "LESSONKIT_DATA_DIR": str(tmp_path / "progress"),
            "LESSONKIT_RENDERER": "graphviz-pure",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1"}  # ipykernel 6's debugger warns on stderr


def printed(cell) -> str:
    return "".join(out.get("text", "") for out in cell.outputs if out.get("name") == "stdout")


def shown_errors(nb) -> list[str]:
    """Tracebacks a cell showed without failing: IPython catches an error raised while it
    displays a result (a `_repr_mimebundle_`) and shows it, and the cell still succeeds."""
    return [f"cell {index}: {out.get('ename')}: {out.get('evalue')}"
            for index, cell in enumerate(nb.cells)
            if "raises-exception" not in cell.get("metadata", {}).get("tags", [])
            for out in cell.get("outputs", []) if out.get("output_type") == "error"]


def lesson_alone(path: Path, folder: Path) -> Path:
    """The notebook by itself in a folder, as Colab opens it."""
    copy = folder / path.name
    shutil.copy(path, copy)
    return copy


@pytest.fixture(scope="module")
def installed(hosted, tmp_path_factory):
    """Run lesson 00's first cell in the hosted kernel: (freeze before, after, what it said)."""
    folder = tmp_path_factory.mktemp("first-cell")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("JUPYTER_PATH", str(hosted.jupyter_path))
        before = freeze(hosted.python)
        nb = nbformat.read(PATHS[0], as_version=4)
        nb.cells = [next(cell for cell in nb.cells if cell.cell_type == "code")]
        env = {**os.environ, "LESSONKIT_SOURCE": hosted.source}
        execute(nb, folder, "hosted", env)
    return before, freeze(hosted.python), printed(nb.cells[0])


def test_the_first_cell_installs_lessonkit_and_nothing_the_host_brought(installed):
    before, after, said = installed
    assert said.strip().splitlines()[-1] == "Installed lessonkit."
    assert "lessonkit" in after and "lessonkit" not in before
    for name in UNCHANGED:
        assert after[name] == before[name], f"the first cell changed {name}"
    assert not set(SERVERS) & set(after), "the first cell added a notebook server"
    added = set(after) - set(before) - {"lessonkit"}
    assert added <= {"graphviz-pure", "platformdirs"}, added


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_every_lesson_runs_in_the_hosted_kernel(path, installed, kernel_env, tmp_path):
    alone = lesson_alone(path, tmp_path)
    nb = execute(nbformat.read(alone, as_version=4), tmp_path, "hosted", kernel_env)
    install = next(cell for cell in nb.cells if cell.cell_type == "code")
    assert printed(install) == "lessonkit is installed already: nothing to do.\n"
    assert not shown_errors(nb), shown_errors(nb)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_with_solutions_every_check_is_correct_in_the_hosted_kernel(path, installed, kernel_env,
                                                                    tmp_path):
    solved = run_with_solutions(lesson_alone(path, tmp_path), tmp_path, "hosted", kernel_env)
    assert_all_checks_correct(solved, path)
