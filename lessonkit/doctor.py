"""`python -m lessonkit doctor`: is this machine ready for the course?

Each check returns one line of the report. A check that finds something a lesson
needs missing also gives the exact command that fixes it, and the doctor exits
with status 1 so that scripts (and CI) notice.
"""

from __future__ import annotations

import importlib
import importlib.metadata as metadata
import platform
import sys
from dataclasses import dataclass

from lessonkit.graph.layout_program import FIX as RENDERER_FIX
from lessonkit.graph.layout_program import find_renderer
from lessonkit.tested_versions import TESTED

SETUP_FIX = (
    "run `make lab` (or `make env`) in the course folder, or `pip install -e .` there; "
    "in a hosted notebook (Colab, Kaggle), run the lesson's first cell"
)
LAB_FIX = "`make lab` in the course folder, or `pip install 'lessonkit[lab]'` here"
SUPPORTED_PYTHONS = ((3, 11), (3, 12), (3, 13))
# Packages a lesson imports; the doctor fails when one is missing.
NEEDED_MODULES = {
    "torch": "every lesson",
    "numpy": "lessons 03, 06, 09",
    "matplotlib": "plots in lessons 03, 04, 06, 07, 09",
    "platformdirs": "saving exercise progress",
}
# Used when present: without them a lesson still runs.
OPTIONAL_MODULES = {
    "ipywidgets": "the replay slider in lesson 05 (without it the steps show one under the other)",
}


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    warning: bool = False  # shown, but does not fail the doctor

    def line(self) -> str:
        mark = "ok  " if self.ok else ("warn" if self.warning else "FAIL")
        text = f"[{mark}] {self.name:<16} {self.detail}"
        if self.fix:
            text += f"\n       fix: {self.fix}"
        return text

    @property
    def fails(self) -> bool:
        return not self.ok and not self.warning


def check_python() -> Check:
    version = platform.python_version()
    if sys.version_info[:2] in SUPPORTED_PYTHONS:
        return Check("python", True, version)
    return Check("python", False, f"{version}: the course is tested on Python 3.11 to 3.13",
                 "use Python 3.11, 3.12 or 3.13 (see the README's set-up)", warning=True)


def check_modules() -> list[Check]:
    checks = []
    for module, why in {**NEEDED_MODULES, **OPTIONAL_MODULES}.items():
        try:
            importlib.import_module(module)
        except Exception as error:  # ImportError, or a broken install that raises on import
            checks.append(Check(module, False, f"cannot import it ({why}): {error}", SETUP_FIX,
                                warning=module in OPTIONAL_MODULES))
    return checks


def check_torch() -> Check:
    try:
        import torch
    except Exception:
        return Check("torch", False, "not installed", SETUP_FIX)
    if torch.cuda.is_available():
        device = f"CUDA ({torch.cuda.get_device_name(0)}); the lessons run on the CPU too"
    else:
        device = "CPU (all the lessons need)"
    return Check("torch", True, f"{torch.__version__}, device: {device}")


def check_renderer() -> Check:
    renderer = find_renderer()
    if renderer is None:
        return Check("graph renderer", False, "none found: graphs show as text only", RENDERER_FIX)
    version = renderer.version().removeprefix(f"{renderer.name} - ")
    return Check("graph renderer", True, f"{renderer.name}: {version}")


def check_kernel() -> Check:
    """Which Python runs a notebook whose kernel is `python3`, as Jupyter resolves it."""
    if "ipykernel" in sys.modules:  # asked from a notebook: its kernel is this Python
        return Check("jupyter kernel", True, "this notebook runs in this Python")
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except Exception:
        return Check("jupyter kernel", False, "no Jupyter in this environment", LAB_FIX,
                     warning=True)
    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        return Check("jupyter kernel", False, "no `python3` kernel", LAB_FIX, warning=True)
    program = spec.argv[0] if spec.argv else "?"
    if program in ("python", "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}"):
        detail = "python3 -> the Python that starts Jupyter (this environment when run from it)"
        return Check("jupyter kernel", True, detail)
    if program == sys.executable:
        return Check("jupyter kernel", True, "python3 -> this environment's Python")
    return Check(
        "jupyter kernel", False, f"python3 runs another Python: {program}",
        "start JupyterLab with `make lab` (it puts this environment's kernel first), or "
        "`python -m ipykernel install --user --name python3` from this environment",
        warning=True,
    )


def check_versions() -> Check:
    """Where this environment differs from the one the notebooks were executed in: fine to
    run in (Colab, a hub), but printed digits and pictures may differ a little."""
    differ = []
    for name, tested in TESTED.items():
        try:
            found = metadata.version(name).split("+", 1)[0]
        except metadata.PackageNotFoundError:
            continue  # a missing package that matters is a check of its own
        if found != tested:
            differ.append(f"{name} {found} (tested {tested})")
    if not differ:
        return Check("versions", True, "the set the lessons were tested with")
    return Check("versions", False, "other than tested: " + "; ".join(differ),
                 "nothing to do to follow the lessons; `make env` installs the tested set",
                 warning=True)


def run_checks() -> list[Check]:
    return [check_python(), check_torch(), *check_modules(), check_renderer(),
            check_kernel(), check_versions()]


def report(checks: list[Check]) -> str:
    lines = ["lessonkit doctor: is this machine ready for the course?", ""]
    lines += [check.line() for check in checks]
    failed = [check for check in checks if check.fails]
    lines.append("")
    lines.append("Something a lesson needs is missing: apply the fix above." if failed
                 else "Ready: everything the lessons need is here.")
    return "\n".join(lines)


def main() -> int:
    checks = run_checks()
    print(report(checks))
    return 1 if any(check.fails for check in checks) else 0
