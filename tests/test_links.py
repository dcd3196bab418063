"""Every lesson opens anywhere: an install cell for bare hosted kernels, links to the release.

tools/links.py writes them from pyproject.toml's [tool.lessonkit]; these tests say they are
current, and what the install cell does in a kernel that has lessonkit (nothing). What it does
in one that lacks it is tests/test_hosted_kernel.py.
"""

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest

import lessonkit

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("links", ROOT / "tools" / "links.py")
links = importlib.util.module_from_spec(spec)
spec.loader.exec_module(links)
PATHS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_notebooks_and_readme_name_the_release_in_pyproject():
    done = subprocess.run([sys.executable, "tools/links.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + "run `make links`"


def test_the_release_is_this_version_of_lessonkit():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert links.release()[1] == f"v{project['version']}"
    assert lessonkit.__version__ == project["version"]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_the_first_code_cell_is_the_install_cell_and_the_title_links_to_colab(path):
    nb = nbformat.read(path, as_version=4)
    first = next(cell for cell in nb.cells if cell.cell_type == "code")
    assert first.metadata["tags"] == [links.INSTALL_TAG]
    assert first.source == links.install_cell_source()
    assert links.colab_url(path.name) in nb.cells[0].source.splitlines()[1]


def test_the_install_cell_never_names_what_a_host_brings():
    """pip keeps what satisfies lessonkit's ranges: the cell asks for lessonkit alone."""
    source = links.install_cell_source()
    pip_lines = [line for line in source.splitlines() if "%pip" in line]
    assert pip_lines == ['    %pip install --quiet "lessonkit @ {source}"']
    for name in ("torch", "ipykernel", "ipywidgets", "--upgrade", "--force-reinstall"):
        assert name not in pip_lines[0]


def test_where_lessonkit_is_installed_the_cell_runs_no_pip(monkeypatch, capsys):
    ran = []

    class Shell:
        def run_line_magic(self, name, line):
            ran.append((name, line))

    code = links.install_cell_source().replace(
        '%pip install --quiet "lessonkit @ {source}"',
        'get_ipython().run_line_magic("pip", f"install --quiet \\"lessonkit @ {source}\\"")')
    exec(compile(code, "install-cell", "exec"), {"get_ipython": Shell})
    assert ran == []
    assert capsys.readouterr().out == "lessonkit is installed already: nothing to do.\n"


def test_links_point_at_the_release():
    repo, tag = links.release()
    assert links.colab_url("05_backward_pass.ipynb") == (
        f"https://colab.research.google.com/github/{repo}/blob/{tag}/notebooks/05_backward_pass.ipynb")
    readme = (ROOT / "README.md").read_text()
    assert links.binder_url() in readme
    assert readme.count("https://colab.research.google.com/github/") >= len(PATHS)


def test_a_stale_link_anywhere_in_the_readme_is_rewritten():
    stale = ("[00 on Colab](https://colab.research.google.com/github/someone/old/blob/v0.0.1/"
             "notebooks/00_start_here.ipynb) and "
             "[Binder](https://mybinder.org/v2/gh/someone/old/v0.0.1?urlpath=lab)")
    fresh = links.updated_readme(stale)
    assert links.colab_url("00_start_here.ipynb") in fresh and links.binder_url() in fresh
    assert "v0.0.1" not in fresh
