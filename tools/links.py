"""Write the release named in pyproject.toml ([tool.lessonkit]) wherever a learner meets it.

    make links            # rewrite the notebooks' install cells and links, and the README's
    python tools/links.py --check   # exit 1 and name the files that are out of date

* every lesson's first code cell (tag `install-lessonkit`) installs lessonkit from the course
  repository at that release when the kernel lacks it (Colab, Kaggle, a bare Jupyter);
* every lesson's title cell links to the same notebook at that release on Colab;
* the README's lesson table links every lesson to Colab, and its Binder badge opens the release.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
INSTALL_TAG = "install-lessonkit"
COLAB_LINE = re.compile(r"^\[Open in Colab\]\(.*\)\n?", re.MULTILINE)
INSTALL_CELL = '''\
# On Colab, Kaggle or any Jupyter without the course's set-up, this installs lessonkit, the
# course's helper package, at the release that matches this notebook. Elsewhere it does nothing.
import importlib.util
import os

if importlib.util.find_spec("lessonkit"):
    print("lessonkit is installed already: nothing to do.")
else:
    source = os.environ.get("LESSONKIT_SOURCE", "{source}")
    %pip install --quiet "lessonkit @ {{source}}"
    importlib.invalidate_caches()
    print("Installed lessonkit." if importlib.util.find_spec("lessonkit") else
          "Could not install lessonkit: see pip's message above (on Kaggle, turn Internet on).")'''


def release() -> tuple[str, str]:
    """(owner/name on GitHub, tag) of the release the notebooks install."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["lessonkit"]
    return config["repository"].removeprefix("https://github.com/"), config["release"]


def install_cell_source() -> str:
    repo, tag = release()
    return INSTALL_CELL.format(source=f"git+https://github.com/{repo}@{tag}")


def colab_url(notebook: str) -> str:
    repo, tag = release()
    return f"https://colab.research.google.com/github/{repo}/blob/{tag}/notebooks/{notebook}"


def binder_url() -> str:
    repo, tag = release()
    return f"https://mybinder.org/v2/gh/{repo}/{tag}?urlpath=lab/tree/notebooks/00_start_here.ipynb"


def with_colab_link(title: str, notebook: str) -> str:
    """The title cell with its Colab line, right under the heading."""
    heading, _, rest = COLAB_LINE.sub("", title).partition("\n")
    return f"{heading}\n[Open in Colab]({colab_url(notebook)})\n{rest}"


def updated_notebook(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = with_colab_link(nb.cells[0].source, path.name)
    first_code = next(cell for cell in nb.cells if cell.cell_type == "code")
    if INSTALL_TAG not in first_code.metadata.get("tags", []):
        install = nbformat.v4.new_code_cell(metadata={"tags": [INSTALL_TAG]})
        install.id = INSTALL_TAG  # the same id in every lesson, and on every run of this tool
        nb.cells.insert(nb.cells.index(first_code), install)
        first_code = install
    first_code.source = install_cell_source()
    return nb


def updated_readme(text: str) -> str:
    def row(match: re.Match) -> str:
        return f"{match.group(1)}[Colab]({colab_url(match.group(2) + '.ipynb')}) |"

    text = re.sub(r"^(\| \d\d \| `(\d\d_\w+)` \|.*\| )\[Colab\]\([^)]*\) \|$", row, text,
                  flags=re.MULTILINE)
    text = re.sub(r"https://colab\.research\.google\.com/github/[^)\s]*/notebooks/([\w.]+)",
                  lambda match: colab_url(match.group(1)), text)
    return re.sub(r"https://mybinder\.org/v2/gh/[^)\s]*", binder_url(), text)


def main(argv: list[str]) -> int:
    stale = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        before = path.read_text()
        nb = updated_notebook(path)
        after = nbformat.writes(nb) + "\n"
        if after != before:
            stale.append(path)
            if "--check" not in argv:
                path.write_text(after)
    readme = ROOT / "README.md"
    if updated_readme(readme.read_text()) != readme.read_text():
        stale.append(readme)
        if "--check" not in argv:
            readme.write_text(updated_readme(readme.read_text()))
    for path in stale:
        print(f"{'out of date' if '--check' in argv else 'updated'}: {path.relative_to(ROOT)}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
