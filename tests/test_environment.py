"""The pip path (pyproject.toml) and the conda path (environment.yml) install the same things."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# Where conda-forge calls a package by another name than PyPI does.
CONDA_NAME = {"torch": "pytorch"}
# conda-only lines: the interpreter, pip itself, and the real Graphviz binary
# (a conda user gets `dot` from it, which lessonkit prefers over graphviz-pure).
CONDA_ONLY = {"python", "pip", "graphviz"}


def pip_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + [
        line for extra in project["optional-dependencies"].values() for line in extra
    ]
    pins = {}
    for line in lines:
        name, version = line.split("==")
        pins[name.strip().lower()] = version.strip()
    return pins


def environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def conda_pins() -> tuple[dict[str, str | None], list[str]]:
    conda, pip_lines = {}, []
    for entry in environment()["dependencies"]:
        if isinstance(entry, dict):
            pip_lines = entry["pip"]
            continue
        name, _, version = entry.partition("=")
        conda[name.strip().lower()] = version.strip() or None
    return conda, pip_lines


def test_every_pyproject_dependency_is_pinned_exactly():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for line in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", line), line


def test_environment_yml_names_the_same_packages_at_the_same_versions():
    conda, pip_lines = conda_pins()
    pip_in_env = {line.split("==")[0].lower(): line.split("==")[1]
                  for line in pip_lines if "==" in line}
    expected = pip_pins()
    found = {}
    for name in expected:
        conda_name = CONDA_NAME.get(name, name)
        if conda_name in conda:
            found[name] = conda[conda_name]
        elif name in pip_in_env:
            found[name] = pip_in_env[name]
    assert found == expected
    extra = set(conda) - {CONDA_NAME.get(n, n) for n in expected} - CONDA_ONLY
    assert not extra, f"environment.yml installs packages pyproject.toml does not declare: {extra}"


def test_environment_yml_installs_the_project_and_python_311():
    conda, pip_lines = conda_pins()
    assert conda["python"] == "3.11"
    assert "-e ." in pip_lines
    assert environment()["channels"] == ["conda-forge"]


def test_every_environment_line_says_which_lessons_need_it():
    text = (ROOT / "environment.yml").read_text()
    for line in text.splitlines():
        if re.match(r"\s+- [a-z]", line) and not line.strip().startswith("- conda-forge"):
            if line.strip() in ("- python=3.11", "- pip", "- pip:"):
                continue
            assert "#" in line, f"no comment on: {line.strip()}"


def test_constraints_agree_with_the_pins():
    constraints = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            constraints[name.lower().replace("_", "-")] = version
    for name, version in pip_pins().items():
        assert constraints.get(name.replace("_", "-")) == version, name
