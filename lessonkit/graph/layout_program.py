"""Find a program that turns DOT text into a picture, and run it.

Two programs can do the job:

* ``dot`` from a system or conda Graphviz, used when it is on PATH;
* ``graphviz-pure``, a port of Graphviz's ``dot`` shipped as a wheel, which the
  course's set-up installs so that graphs render on a laptop with no Graphviz.

Set ``LESSONKIT_RENDERER`` to ``dot``, ``graphviz-pure`` or ``none`` to force a
choice (the tests use ``graphviz-pure`` so that committed pictures never depend
on which Graphviz a machine happens to have).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

RENDERER_NAMES = ("dot", "graphviz-pure")

FIX = (
    "To see pictures, install a graph renderer: `pip install graphviz-pure==0.2.2` "
    "(or re-run the README's set-up), or Graphviz itself (`conda install graphviz`)."
)


class RenderError(RuntimeError):
    """The renderer ran but could not produce a picture."""


@dataclass(frozen=True)
class Renderer:
    name: str
    path: str

    def render(self, dot_source: str, fmt: str = "svg", timeout: float = 60) -> bytes:
        """Lay out ``dot_source`` and return the picture as bytes (``fmt``: svg or png)."""
        try:
            done = subprocess.run(
                [self.path, f"-T{fmt}"],
                input=dot_source.encode("utf-8"),
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise RenderError(
                f"{self.name} took longer than {timeout:.0f} s to lay out the graph"
            ) from None
        except OSError as error:
            raise RenderError(f"could not run {self.path}: {error}") from None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RenderError(f"{self.name} failed: {message[-1] if message else 'no message'}")
        return done.stdout

    def version(self) -> str:
        try:
            done = subprocess.run([self.path, "-V"], capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return "unknown"
        text = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
        return text or "unknown"


def search_path() -> str:
    """PATH, then the folders beside the running Python: a kernel started from an unactivated
    venv (the README's Windows steps, an IDE) has its renderer there but not on PATH."""
    folders = [os.environ.get("PATH", ""), str(Path(sys.executable).parent),
               sysconfig.get_path("scripts")]
    return os.pathsep.join(folder for folder in folders if folder)


def _find_program(name: str) -> str | None:
    # shutil.which honours PATHEXT, so on Windows it finds Scripts\graphviz-pure.exe
    return shutil.which(name, path=search_path())


@functools.cache
def find_renderer() -> Renderer | None:
    """The renderer to use, or None when no program can draw graphs here."""
    forced = os.environ.get("LESSONKIT_RENDERER", "").strip()
    if forced == "none":
        return None
    names = (forced,) if forced in RENDERER_NAMES else RENDERER_NAMES
    for name in names:
        path = _find_program(name)
        if path:
            return Renderer(name=name, path=path)
    return None
