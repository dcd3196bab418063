"""Binder (binder/) and the JupyterHub image (hub/Dockerfile) give learners the tested set, and
nothing for tests.

Both install lessonkit with its `lab` extra, held to constraints.txt, with torch from the CPU
index, and neither names a test tool. The fast checks read the files. One check runs
`jupyter-repo2docker --no-build`, which writes the Dockerfile that mybinder.org would build
(no container engine is needed for that), and checks what that Dockerfile installs.

repo2docker reads a repository the way mybinder.org gets it: a fresh clone. A clone of HEAD
would miss whatever is not committed yet (the files under test, while someone works on them),
and pointing repo2docker at the working tree itself would let ignored files (.venv, build
outputs, a stray environment file) change what it picks. So it reads a copy of exactly the
files the next commit would hold: tracked and new ones, less what .gitignore excludes
(`git ls-files --cached --others --exclude-standard`), less tracked files deleted on disk.

jupyter-repo2docker is looked for beside this Python (it belongs in the test environment);
LESSONKIT_REPO2DOCKER names another one. Without either, that one check is skipped.
"""

import functools
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
HUB_DOCKERFILE = ROOT / "hub" / "Dockerfile"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
# PyTorch's index of CPU-only wheels (torch==2.13.0 there is 2.13.0+cpu, no CUDA libraries).
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# The files binder/ may hold: any other repo2docker file (environment.yml, postBuild, apt.txt,
# start, Dockerfile, ...) changes what gets installed and needs its own check here first.
BINDER_FILES = {"README.md", "requirements.txt", "runtime.txt"}
# In the hub image only, not in constraints.txt (no test uses it), so pinned there.
HUB_ONLY = {"nbgitpuller"}


def constraints() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


@functools.cache
def only_test_tools() -> frozenset[str]:
    """The test extra's packages that a learner's environment does not need anyway.

    Some of the test extra (nbformat, nbclient, pyyaml, packaging) are also dependencies of
    JupyterLab, so a learner has them whatever Binder installs; the rest (pytest, nbval, ruff,
    playwright, ...) must not be installed for learners. What JupyterLab needs is read from the
    metadata of the packages installed here, the tested set.
    """
    learner, todo = set(), [Requirement(line) for line in
                            PROJECT["dependencies"] + PROJECT["optional-dependencies"]["lab"]]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in learner:
            continue
        learner.add(name)
        try:
            requires = metadata.distribution(requirement.name).requires or []
        except metadata.PackageNotFoundError:
            continue
        extras = [""] + sorted(requirement.extras)
        for line in requires:
            sub = Requirement(line)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in extras):
                todo.append(sub)
    test = {canonicalize_name(Requirement(line).name)
            for line in PROJECT["optional-dependencies"]["test"]}
    tools = frozenset(test - learner)
    assert {"pytest", "nbval", "ruff"} <= tools, tools  # the computation itself went right
    return tools


# ---------------------------------------------------------------------------------------------
# What a pip command installs, read from its arguments and the requirement files they name.


@dataclass
class PipInstall:
    packages: list[Requirement] = field(default_factory=list)
    local: list[tuple[Path, set[str], bool]] = field(default_factory=list)  # path, extras, -e
    constraint_files: list[Path] = field(default_factory=list)
    indexes: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # requirement files read


def read_pip_arguments(tokens, cwd: Path, here: Path, into: PipInstall, where=lambda p: p):
    """Add what pip's arguments (or one requirement file's, `here` being its folder) install.

    As pip does, a nested -r/-c path is relative to the file naming it, a local project's path
    to the current directory. `where` maps an absolute path (in an image) to one here.
    """
    def path(text: str, base: Path) -> Path:
        return where(PurePosixPath(text)) if text.startswith("/") else (base / text).resolve()

    words = []
    for token in tokens:  # `--option=value` is `--option value`
        words += token.split("=", 1) if token.startswith("--") and "=" in token else [token]
    words.reverse()
    while words:
        token = words.pop()
        if token in ("-r", "--requirement"):
            read_requirements_file(path(words.pop(), here), cwd, into, where)
        elif token in ("-c", "--constraint"):
            into.constraint_files.append(path(words.pop(), here))
        elif token in ("-i", "--index-url", "--extra-index-url"):
            into.indexes.append(words.pop())
        elif token in ("-e", "--editable"):
            into.local.append(local_project(words.pop(), cwd, editable=True, path=path))
        elif token.startswith("-"):
            into.options.append(token)
        elif token.startswith((".", "/")):
            into.local.append(local_project(token, cwd, editable=False, path=path))
        else:
            into.packages.append(Requirement(token))
    return into


def local_project(text: str, cwd: Path, editable: bool, path) -> tuple[Path, set[str], bool]:
    match = re.fullmatch(r"(?P<path>[^\[]+)(\[(?P<extras>[^\]]*)\])?", text)
    extras = {e.strip() for e in (match["extras"] or "").split(",") if e.strip()}
    return path(match["path"], cwd), extras, editable


def read_requirements_file(file: Path, cwd: Path, into: PipInstall, where=lambda p: p):
    into.files.append(file)
    for line in file.read_text().splitlines():
        line = re.sub(r"(^|\s)#.*$", "", line).strip()  # pip's comments
        if line:
            read_pip_arguments(shlex.split(line), cwd, file.parent, into, where)


def check_learner_install(pip: PipInstall, root: Path, pinned_here: set[str] = frozenset(),
                          extras_wanted: frozenset[str] = frozenset({"lab"})):
    """lessonkit[lab], torch from the CPU index, constraints.txt's versions, no test tool."""
    assert len(pip.local) == 1, f"one local project (lessonkit), got {pip.local}"
    project, extras, editable = pip.local[0]
    assert project == root.resolve(), f"installs {project}, not the repository's lessonkit"
    assert tomllib.loads((project / "pyproject.toml").read_text())["project"]["name"] == "lessonkit"
    assert extras == extras_wanted, f"lessonkit's extras should be {extras_wanted}, not {extras}"
    assert not editable, "a learner's lessonkit should be a plain install"

    assert CPU_INDEX in pip.indexes, f"torch would come from PyPI's CUDA build: {pip.indexes}"
    assert not [i for i in pip.indexes if re.search(r"/whl/(cu|rocm)", i)], pip.indexes

    assert pip.constraint_files == [root.resolve() / "constraints.txt"], pip.constraint_files
    assert pip.constraint_files[0].read_text() == (ROOT / "constraints.txt").read_text()

    pins, tools = constraints(), only_test_tools()
    for requirement in pip.packages:
        name = canonicalize_name(requirement.name)
        assert name not in tools, f"{name} is a test tool"
        if name in pinned_here:
            assert re.fullmatch(r"==[\w.]+", str(requirement.specifier)), (
                f"{requirement}: not in constraints.txt, so it must be pinned here")
        else:
            assert name in pins, f"{requirement} is not in the tested set (constraints.txt)"
            assert requirement.specifier in (SpecifierSet(), SpecifierSet(f"=={pins[name]}")), (
                f"{requirement}, but constraints.txt pins {name}=={pins[name]}")
    for name in pinned_here:
        assert name in {canonicalize_name(r.name) for r in pip.packages}, f"{name} missing"
    named = " ".join(str(r) for r in pip.packages) + " " + " ".join(pip.options)
    assert "[test" not in named and "test]" not in named, named


# ---------------------------------------------------------------------------------------------
# Dockerfiles


def instructions(dockerfile: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comment lines dropped."""
    result, pending = [], ""
    for line in dockerfile.splitlines():
        if line.strip().startswith("#"):
            continue
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        if pending.strip():
            keyword, _, rest = pending.strip().partition(" ")
            result.append((keyword.upper(), rest.strip()))
        pending = ""
    return result


def pip_installs(run: str) -> list[list[str]]:
    """The arguments of each `pip install` in a RUN command."""
    found = []
    for command in re.split(r"&&|\|\||;", run):
        if not re.search(r"\bpip\b.*\binstall\b", command):
            continue
        words = shlex.split(command)
        for i, word in enumerate(words[:-1]):
            if word.split("/")[-1] == "pip" and words[i + 1] == "install":
                found.append(words[i + 2:])
    return found


def names_a_test_tool(text: str) -> list[str]:
    return [tool for tool in sorted(only_test_tools())
            if re.search(rf"(?<![\w-]){re.escape(tool)}(?![\w-])", text.replace("_", "-"))]


# ---------------------------------------------------------------------------------------------
# Binder


def python_ci_tests() -> str:
    """The oldest Python pyproject.toml allows: the one CI tests and constraints.txt is made on."""
    allowed = SpecifierSet(PROJECT["requires-python"])
    return next(f"3.{minor}" for minor in range(8, 30) if f"3.{minor}" in allowed)


def test_binder_folder_holds_only_checked_files():
    assert {p.name for p in BINDER.iterdir()} == BINDER_FILES


def test_binder_python_is_the_tested_one():
    # repo2docker reads the whole file as the version: no comment can go in it
    assert (BINDER / "runtime.txt").read_text().strip() == f"python-{python_ci_tests()}"


def test_binder_requirements_agree_with_constraints():
    """Fast: what binder/requirements.txt installs, as repo2docker runs it (from the root)."""
    pip = read_pip_arguments(["-r", "binder/requirements.txt"], ROOT, ROOT, PipInstall())
    check_learner_install(pip, ROOT)


def repo2docker() -> str | None:
    named = os.environ.get("LESSONKIT_REPO2DOCKER")
    if named:
        assert Path(named).is_file(), f"LESSONKIT_REPO2DOCKER={named} does not exist"
        return named
    return shutil.which("jupyter-repo2docker", path=str(Path(sys.executable).parent))


def copy_of_next_commit(dest: Path) -> Path:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout, to know which files a clone would hold")
    listed = subprocess.run(
        [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, listed.split(b"\0")):
        source = ROOT / os.fsdecode(name)
        if source.is_file():  # a tracked file deleted on disk is not in the next commit
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def test_repo2docker_dockerfile_installs_learner_environment(tmp_path):
    executable = repo2docker()
    if executable is None:
        pytest.skip("jupyter-repo2docker is not installed beside this Python "
                    "(or set LESSONKIT_REPO2DOCKER to one)")
    repo = copy_of_next_commit(tmp_path / "course")
    assert (repo / "environment.yml").exists()  # the root one, with test tools, is there...
    result = subprocess.run(
        # mybinder.org's user; without these repo2docker takes the uid running the tests
        [executable, "--no-build", "--user-id", "1000", "--user-name", "jovyan", str(repo)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    dockerfile = result.stdout
    steps = instructions(dockerfile)
    assert steps and steps[0][0] == "FROM", result.stderr

    # ...but with binder/ present repo2docker reads only binder/: nothing else from the
    # repository is copied in on its own, and the whole repository is copied before pip runs
    copied = [rest.split()[-2] for keyword, rest in steps
              if keyword == "COPY" and rest.split()[-2].startswith("src/")]
    assert set(copied) <= {"src/binder/requirements.txt", "src/"}, copied
    whole_repo = next(i for i, (k, rest) in enumerate(steps) if k == "COPY" and " src/ " in rest)

    installs = [(i, args) for i, (keyword, rest) in enumerate(steps) if keyword == "RUN"
                for args in pip_installs(rest)]
    assert len(installs) == 1, f"expected one pip install, got {installs}"
    at, args = installs[0]
    assert at > whole_repo, "pip must run after the repository (../constraints.txt, .) is there"
    pip = read_pip_arguments(args, repo, repo, PipInstall())
    assert pip.files == [(repo / "binder" / "requirements.txt").resolve()]
    check_learner_install(pip, repo)

    # Binder's Python is the one the pins were made on (the base environment's lock file)
    python = python_ci_tests()
    lock = f"environment.py-{python}"
    escaped = lock.replace("-", "-2d").replace(".", "-2e")  # how repo2docker names copied files
    assert lock in dockerfile or escaped in dockerfile, f"not Python {python}: {result.stderr}"

    runs = "\n".join(rest for keyword, rest in steps if keyword == "RUN")
    assert not names_a_test_tool(runs)


# ---------------------------------------------------------------------------------------------
# JupyterHub image (cannot be built here: this only reads it)


def hub_steps() -> list[tuple[str, str]]:
    return instructions(HUB_DOCKERFILE.read_text())


def hub_copies() -> dict[PurePosixPath, Path]:
    """Where each COPY puts what it takes from the build context (the repository's root)."""
    placed = {}
    for keyword, rest in hub_steps():
        if keyword == "COPY":
            *sources, dest = [w for w in shlex.split(rest) if not w.startswith("--")]
            assert dest.endswith("/"), f"COPY into a folder: {rest}"
            for source in sources:
                # a folder's contents go into dest itself, a file goes into dest
                into = PurePosixPath(dest)
                placed[into if (ROOT / source).is_dir() else into / Path(source).name] = (
                    ROOT / source)
    return placed


def in_repository(path: PurePosixPath) -> Path:
    """The repository path an image path holds a copy of; a folder that COPY filled from one
    repository folder maps to that folder."""
    placed = hub_copies()
    for dest, source in placed.items():
        if path == dest or dest in path.parents:
            return source / path.relative_to(dest)
    roots = {Path(*source.parts[:len(source.parts) - len(dest.relative_to(path).parts)])
             for dest, source in placed.items() if path in dest.parents}
    assert len(roots) == 1, f"{path} is not one repository folder copied into the image: {roots}"
    return roots.pop()


def test_hub_image_base_is_docker_stacks():
    steps = hub_steps()
    args = [rest for keyword, rest in steps if keyword == "ARG"]
    image = next(arg for arg in args if arg.startswith("BASE_IMAGE=")).split("=", 1)[1]
    assert image.startswith("quay.io/jupyter/") and image.endswith(f"python-{python_ci_tests()}")
    assert [rest for keyword, rest in steps if keyword == "FROM"] == ["${BASE_IMAGE}"]


def test_hub_image_installs_learner_environment_and_nbgitpuller():
    installs = [args for keyword, rest in hub_steps() if keyword == "RUN"
                for args in pip_installs(rest)]
    assert len(installs) == 1, installs
    pip = read_pip_arguments(installs[0], ROOT, ROOT, PipInstall(), where=in_repository)
    # the hub image is also where an instructor grades the class: the grade extra too
    check_learner_install(pip, ROOT, pinned_here=HUB_ONLY, extras_wanted={"lab", "grade"})
    runs = "\n".join(rest for keyword, rest in hub_steps() if keyword == "RUN")
    assert not names_a_test_tool(runs)
    assert re.search(r"apt-get install [^&]*\bgit\b", runs), "nbgitpuller runs git"


def test_hub_image_copies_what_lessonkit_builds_from():
    sources = {path.relative_to(ROOT).as_posix() for path in hub_copies().values()}
    needed = {"constraints.txt", "pyproject.toml", PROJECT["readme"], "lessonkit"}
    assert needed <= sources, needed - sources
    # hub/Dockerfile.dockerignore must let every one of them into the build context
    ignore = (HUB_DOCKERFILE.parent / "Dockerfile.dockerignore").read_text().splitlines()
    assert {line[1:] for line in ignore if line.startswith("!")} >= sources
