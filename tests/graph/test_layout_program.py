"""Finding the renderer where the set-up put it, on Linux, macOS and Windows layouts."""

import os
import shutil
import stat
import sys
import sysconfig

import pytest

from lessonkit.graph import layout_program


def venv_layout(tmp_path, monkeypatch, bin_folder: str, program: str):
    """A venv whose Python runs unactivated: its folder is not on PATH."""
    scripts = tmp_path / ".venv" / bin_folder
    scripts.mkdir(parents=True)
    python = scripts / ("python.exe" if bin_folder == "Scripts" else "python")
    python.write_text("")
    found = scripts / program
    found.write_text("#!/bin/sh\n")
    found.chmod(found.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(sys, "executable", str(python))
    monkeypatch.setattr(sysconfig, "get_path", lambda name: str(scripts))
    monkeypatch.setenv("PATH", str(tmp_path / "elsewhere"))
    monkeypatch.delenv("LESSONKIT_RENDERER", raising=False)
    layout_program.find_renderer.cache_clear()
    return found


@pytest.mark.parametrize("bin_folder", ["bin", "Scripts"])
def test_the_renderer_beside_an_unactivated_venvs_python_is_found(tmp_path, monkeypatch,
                                                                   bin_folder):
    found = venv_layout(tmp_path, monkeypatch, bin_folder, "graphviz-pure")
    assert layout_program.find_renderer() == layout_program.Renderer("graphviz-pure", str(found))


def test_the_search_goes_through_which_so_windows_extensions_count(tmp_path, monkeypatch):
    """On Windows the program is graphviz-pure.exe; only shutil.which knows PATHEXT."""
    venv_layout(tmp_path, monkeypatch, "Scripts", "graphviz-pure.exe")
    asked = []
    monkeypatch.setattr(shutil, "which", lambda name, path=None: asked.append((name, path)))
    assert layout_program.find_renderer() is None
    scripts = str(tmp_path / ".venv" / "Scripts")
    assert ("graphviz-pure", None) not in asked  # never a bare lookup that skips the venv
    assert all(scripts in path.split(os.pathsep) for _, path in asked)


@pytest.mark.skipif(sys.platform == "win32" or sys.version_info >= (3, 12),
                    reason="shutil.which's Windows branch only runs off Windows on Python 3.11")
def test_windows_which_finds_the_exe(tmp_path, monkeypatch):
    found = venv_layout(tmp_path, monkeypatch, "Scripts", "graphviz-pure.exe")
    # lower case and this OS's separator: Windows' file names ignore case, this one's do not
    monkeypatch.setenv("PATHEXT", os.pathsep.join([".com", ".exe", ".bat"]))
    monkeypatch.setattr(sys, "platform", "win32")
    assert os.path.samefile(layout_program._find_program("graphviz-pure"), found)


def test_a_forced_renderer_that_is_not_installed_means_none(tmp_path, monkeypatch):
    venv_layout(tmp_path, monkeypatch, "bin", "graphviz-pure")
    monkeypatch.setenv("LESSONKIT_RENDERER", "dot")
    layout_program.find_renderer.cache_clear()
    assert layout_program.find_renderer() is None
