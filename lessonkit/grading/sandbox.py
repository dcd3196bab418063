"""Run one submitted notebook headless, apart from everything else, and say how it went.

Learner code is untrusted. Each notebook runs in a process of its own
(`python -m lessonkit.grading.worker`, which starts a fresh "python3" kernel of this same
Python and lessonkit), in a new folder of mode 0700 that holds only a copy of that notebook and
its own HOME, TMPDIR, progress store, matplotlib, IPython and Jupyter folders. The environment
is small (PATH, LANG and those folders): nothing of the grader's, no secrets. The folder is
removed afterwards, and the worker, the kernel and whatever they started are killed.

Limits, set with `resource.setrlimit` in the worker and inherited by the kernel: CPU seconds
(about the notebook's timeout), address space (`Limits.memory`) and file size. Where the OS
refuses one (RLIMIT_AS on macOS; all of them on Windows, which has no `resource`) the notebook
runs without it. The wall-clock timeout and the per-cell timeout hold everywhere.

Who runs it: a grader running as root runs each notebook as an unprivileged user
(`Limits.user`; by default "nobody"), which owns the notebook's folder and nothing else, so that
it cannot read another submission's folder or a root-only file. "nobody" is used only if it runs
this very Python and lessonkit (`runner()` says why not); otherwise the notebook runs as the
grading user. Run as any other user, a notebook can read whatever that user can read; and
notebooks that run at the same time as the same user can see each other's processes and
folders (through /proc). The real sandbox is the hub's container image: grade there, one
notebook at a time or one user per worker, when submissions must not see each other.
"""

from __future__ import annotations

import functools
import getpass
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
import psutil  # ipykernel's own dependency, and in the grade extra

from lessonkit.grading.worker import NOTEBOOK

try:
    import pwd
except ImportError:  # Windows: notebooks run as the grading user
    pwd = None

WORKER = "lessonkit.grading.worker"
UNPRIVILEGED = "nobody"
# The notebook's own folders, inside its run folder, and the variables that point there.
FOLDERS = {"HOME": "home", "TMPDIR": "tmp", "LESSONKIT_DATA_DIR": "progress",
           "MPLCONFIGDIR": "matplotlib", "IPYTHONDIR": "ipython", "JUPYTER_RUNTIME_DIR": "runtime"}
STABLE = {"PYTHONHASHSEED": "0", "LESSONKIT_RENDERER": "graphviz-pure", "LANG": "C.UTF-8",
          "JUPYTER_PLATFORM_DIRS": "1"}


@dataclass(frozen=True)
class Limits:
    timeout: float = 300.0  # the whole notebook, seconds of wall time; then everything is killed
    cell_timeout: float = 60.0  # one cell; the kernel is interrupted and the next cell runs
    # address space: a kernel that imported torch and lessonkit maps 1.3 GiB, and 1.5-1.7 GiB
    # by the end of lessons 05 and 11; 4 GiB leaves a learner's tensors ample room
    memory: int = 4 * 2**30
    file_size: int = 64 * 2**20
    user: str | None = None  # None: "nobody" when the grader is root (see runner())


@dataclass(frozen=True)
class Ran:
    notebook: nbformat.NotebookNode | None  # the executed notebook; None if nothing came back
    outcome: str  # "finished", "timeout" or "failed"
    reason: str = ""  # plain words for the instructor
    timed_out_cells: tuple[int, ...] = ()  # cells interrupted by cell_timeout


def run(nb: nbformat.NotebookNode, limits: Limits) -> Ran:
    """Execute `nb` top to bottom in a fresh kernel under `limits`; never raises."""
    try:
        text = nbformat.writes(nb)
    except Exception as error:
        return Ran(None, "failed", f"the notebook could not be written out: {error}")
    user = limits.user or runner()[0]
    try:
        account = None if user == _current_user() else pwd.getpwnam(user)
    except (KeyError, AttributeError):  # no such user, or no users at all (Windows)
        return Ran(None, "failed", f"there is no user {user!r} to run the notebook as")
    try:
        with tempfile.TemporaryDirectory(prefix="lessonkit-grade-",
                                         ignore_cleanup_errors=True) as top:
            return _run_worker(_prepare(Path(top), text, account), limits, account)
    except OSError as error:  # a full disk, a user the OS will not switch to
        return Ran(None, "failed", f"the notebook could not be run: {error}")


@functools.cache
def runner() -> tuple[str, str]:
    """The user notebooks run as by default, and why that one."""
    me = _current_user()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return me, f"the grader runs as {me}, not root, so notebooks run as {me} too"
    try:
        pwd.getpwnam(UNPRIVILEGED)
    except KeyError:
        return me, f"there is no user {UNPRIVILEGED}"
    problem = _python_problem(UNPRIVILEGED)
    if problem:
        return me, f"{UNPRIVILEGED} cannot run the grader's Python: {problem}"
    return UNPRIVILEGED, f"the grader runs as root; notebooks run as {UNPRIVILEGED}"


def _python_problem(user: str) -> str:
    """What differs when `user` runs sys.executable with lessonkit; "" if nothing does."""
    import lessonkit

    probe = ("import sys, lessonkit; "
             "print(sys.version.split()[0], sys.base_prefix, lessonkit.__file__)")
    ours = f"{sys.version.split()[0]} {sys.base_prefix} {lessonkit.__file__}"
    try:
        done = subprocess.run([sys.executable, "-c", probe], user=user, cwd="/", env=_base_env(),
                              capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as error:
        return str(error)
    theirs = done.stdout.strip()
    if done.returncode != 0:
        return (done.stderr.strip().splitlines() or ["it failed"])[-1]
    return "" if theirs == ours else f"it gets Python {theirs}, not {ours}"


def _current_user() -> str:
    return getpass.getuser() if pwd is None else pwd.getpwuid(os.geteuid()).pw_name


def _prepare(top: Path, text: str, account) -> Path:
    """A folder of random name in `top`: the notebook and its own folders, owned by its user."""
    folder = Path(tempfile.mkdtemp(dir=top))  # mode 0700
    (folder / NOTEBOOK).write_text(text, "utf-8")
    for name in FOLDERS.values():
        (folder / name).mkdir(mode=0o700)
    if account:
        top.chmod(0o711)  # the user may enter its own folder, never list its neighbours
        for path in [folder, *folder.iterdir()]:
            os.chown(path, account.pw_uid, account.pw_gid)
    return folder


def _base_env() -> dict[str, str]:
    path = os.pathsep.join([str(Path(sys.executable).parent), os.defpath.lstrip(os.pathsep)])
    return {"PATH": path, **STABLE}


def _environment(folder: Path) -> dict[str, str]:
    return {**_base_env(), **{name: str(folder / sub) for name, sub in FOLDERS.items()}}


def _run_worker(folder: Path, limits: Limits, account) -> Ran:
    """The worker, in a session of its own; past the timeout it dies with all it started."""
    settings = json.dumps({k: v for k, v in asdict(limits).items() if k != "user"})
    as_user = {}
    if account:
        as_user = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
    with tempfile.TemporaryFile() as errors:
        worker = subprocess.Popen(
            [sys.executable, "-m", WORKER, str(folder), settings], cwd=folder,
            env=_environment(folder), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=errors, start_new_session=True, **as_user,
        )
        try:
            answer, _ = worker.communicate(timeout=limits.timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(worker.pid)  # not yet waited for, so its pid is still its own
            worker.communicate()
            return Ran(None, "timeout", f"the notebook ran past {_seconds(limits.timeout)}")
        errors.seek(0)  # the worker has killed its kernel's process group itself
        return _read_answer(answer, worker.returncode, errors.read(), limits)


def _kill_tree(pid: int) -> None:
    """SIGKILL to a process, all it started, and their process groups (the kernel has its own)."""
    try:
        root = psutil.Process(pid)
        family = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    if hasattr(os, "killpg"):
        for group in {_group(process) for process in family} - {None, os.getpgrp()}:
            _quietly(os.killpg, group, signal.SIGKILL)
    for process in family:
        _quietly(process.kill)
    psutil.wait_procs(family, timeout=5)


def _group(process: psutil.Process) -> int | None:
    try:
        return os.getpgid(process.pid)
    except OSError:
        return None


def _quietly(action, *args) -> None:
    try:
        action(*args)
    except (OSError, psutil.Error):
        pass  # already gone


def _read_answer(answer: bytes, returncode: int, errors: bytes, limits: Limits) -> Ran:
    try:
        result = json.loads(answer)
    except ValueError:
        last = (errors.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
        why = f"the grading process stopped (exit {returncode}) {last}".strip()
        return Ran(None, "failed", why)
    notebook = nbformat.reads(result["notebook"], as_version=4) if result["notebook"] else None
    reason = result["reason"]
    if reason.startswith("the kernel died"):
        reason += (f" (os._exit, a crash, or the limits: memory {_size(limits.memory)}, "
                   f"CPU {_seconds(limits.timeout)}, files {_size(limits.file_size)})")
    elif result["outcome"] == "failed":
        reason = f"the notebook could not be run: {reason}"
    return Ran(notebook, result["outcome"], reason, tuple(result["timed_out_cells"]))


def _size(n: int) -> str:
    return f"{n / 2**30:g} GiB" if n >= 2**30 else f"{n / 2**20:g} MiB"


def _seconds(s: float) -> str:
    return f"{math.ceil(s)} s"
