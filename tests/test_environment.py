"""lessonkit fits into someone else's environment; the course's own paths install one tested set.

pyproject.toml names lessonkit's dependencies as ranges and the course's extras (`lab`,
`test`); constraints.txt pins the exact set CI tests; environment.yml (conda) and
lessonkit/tested_versions.py (what `lessonkit doctor` compares with) must agree with it.
"""

import ast
import importlib.util
import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from lessonkit import doctor
from lessonkit.tested_versions import TESTED

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# Where conda-forge calls a package by another name than PyPI does.
CONDA_NAME = {"torch": "pytorch"}
# conda-only lines: the interpreter, pip itself, and the real Graphviz binary
# (a conda user gets `dot` from it, which lessonkit prefers over graphviz-pure).
CONDA_ONLY = {"python", "pip", "graphviz"}
# lessonkit runs these as programs rather than importing them.
PROGRAMS = {"graphviz-pure"}
# What a hosted kernel (Colab, Kaggle, a hub) brings and lessonkit must never replace.
HOSTS_OWN = {"jupyterlab", "notebook", "jupyter-server", "ipykernel", "ipywidgets", "ipython"}


def requirements(*groups: str) -> list[Requirement]:
    extras = PROJECT["optional-dependencies"]
    lines = [line for group in groups
             for line in (PROJECT["dependencies"] if group == "run" else extras[group])]
    return [Requirement(line) for line in lines]


def constraints() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def conda_environment() -> tuple[dict[str, str | None], list[str]]:
    conda, pip_lines = {}, []
    for entry in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]:
        if isinstance(entry, dict):
            pip_lines = entry["pip"]
            continue
        name, _, version = entry.partition("=")
        conda[name.strip().lower()] = version.strip() or None
    return conda, pip_lines


def imports_in(tree: ast.AST) -> set[str]:
    """Top-level modules imported by the code, and by code held in its strings (the lessons'
    set-up cells, which checks run again)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if "import " in node.value:
                try:
                    found |= imports_in(ast.parse(node.value))
                except SyntaxError:
                    pass  # prose, not code
    return found


def lessonkit_imports() -> set[str]:
    paths = (ROOT / "lessonkit").rglob("*.py")
    return set().union(*(imports_in(ast.parse(path.read_text())) for path in paths))


def test_dependencies_are_what_lessonkit_imports_as_ranges():
    imported = lessonkit_imports()
    for requirement in requirements("run"):
        assert requirement.name in imported | PROGRAMS, f"lessonkit never imports {requirement}"
        operators = {spec.operator for spec in requirement.specifier}
        assert operators == {">=", "<"}, f"{requirement}: give a lower and an upper bound"
    assert not {canonicalize_name(r.name) for r in requirements("run")} & HOSTS_OWN


def test_the_lab_extra_leaves_a_hosted_kernel_its_own_versions():
    for requirement in requirements("lab"):
        assert "==" not in str(requirement.specifier), requirement
        # Colab: ipykernel 6.17.1 and ipywidgets 7.7.1 must already satisfy the extra
        colab = {"ipykernel": "6.17.1", "ipywidgets": "7.7.1"}.get(requirement.name)
        if colab:
            assert requirement.specifier.contains(colab), requirement


def test_constraints_pin_every_declared_package_within_its_range():
    pins = constraints()
    for requirement in requirements("run", "lab", "grade", "test"):
        pinned = pins.get(canonicalize_name(requirement.name))
        assert pinned, f"constraints.txt does not pin {requirement.name}: run `make lock`"
        assert requirement.specifier.contains(pinned), f"{pinned} is outside {requirement}"


def test_environment_yml_installs_the_learner_set_at_the_pinned_versions():
    conda, pip_lines = conda_environment()
    pip_pins = dict(line.split("==") for line in pip_lines if "==" in line)
    pins = constraints()
    names = [canonicalize_name(r.name) for r in requirements("run", "lab")]
    expected = {name: pins[name] for name in names}
    found = {}
    for name in expected:
        conda_name = CONDA_NAME.get(name, name)
        found[name] = conda.get(conda_name) or pip_pins.get(name)
    assert found == expected
    extra = set(conda) - {CONDA_NAME.get(n, n) for n in expected} - CONDA_ONLY
    assert not extra, f"environment.yml installs packages pyproject.toml does not declare: {extra}"
    assert "-e ." in pip_lines


def test_environment_yml_holds_no_test_tools():
    conda, pip_lines = conda_environment()
    names = set(conda) | {canonicalize_name(line.split("==")[0]) for line in pip_lines}
    assert not names & {canonicalize_name(r.name) for r in requirements("test")}


def test_environment_yml_uses_conda_forge_and_the_python_ci_tests():
    conda, _ = conda_environment()
    assert conda["python"] == "3.11"
    assert yaml.safe_load((ROOT / "environment.yml").read_text())["channels"] == ["conda-forge"]


def test_every_environment_line_says_why_it_is_there():
    for line in (ROOT / "environment.yml").read_text().splitlines():
        bare = line.strip() in ("- pip", "- pip:", "- conda-forge")
        if re.match(r"\s+- [a-z-]", line) and not bare:
            assert "#" in line, f"no comment on: {line.strip()}"


def test_the_doctor_knows_the_tested_versions():
    pins = constraints()
    spec = importlib.util.spec_from_file_location("lock", ROOT / "tools" / "lock.py")
    lock = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lock)
    kernel_side = lock.learner_packages()
    assert {"torch", "ipywidgets"} <= set(kernel_side) and "jupyterlab" not in kernel_side
    assert TESTED == {name: pins[canonicalize_name(name)] for name in kernel_side}


def supported_pythons_in_pyproject() -> list[tuple[int, int]]:
    found = []
    for classifier in PROJECT["classifiers"]:
        if match := re.fullmatch(r"Programming Language :: Python :: 3\.(\d+)", classifier):
            found.append((3, int(match.group(1))))
    return found


def test_python_versions_agree_everywhere():
    classifiers = supported_pythons_in_pyproject()
    assert classifiers == [(3, 11), (3, 12), (3, 13)]
    requires = PROJECT["requires-python"]
    assert requires == f">=3.{classifiers[0][1]},<3.{classifiers[-1][1] + 1}"
    spec = importlib.util.spec_from_file_location("setup_env", ROOT / "tools" / "setup_env.py")
    setup_env = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(setup_env)
    assert list(setup_env.SUPPORTED_PYTHONS) == classifiers
    assert list(doctor.SUPPORTED_PYTHONS) == classifiers
    makefile = (ROOT / "Makefile").read_text()
    for _, minor in classifiers:
        assert f"command -v python3.{minor}" in makefile
