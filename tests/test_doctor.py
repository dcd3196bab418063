"""`python -m lessonkit doctor` passes in the course's environment and names the fix when not."""

import os
import subprocess
import sys


def run_doctor(*, env_extra=None, python_code=None):
    env = {**os.environ, **(env_extra or {})}
    command = [sys.executable, "-m", "lessonkit", "doctor"]
    if python_code:
        command = [sys.executable, "-c", python_code]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def test_doctor_passes_in_the_course_environment():
    done = run_doctor(env_extra={"LESSONKIT_RENDERER": ""})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "torch" in done.stdout and "2.13.0" in done.stdout
    assert "device: CPU" in done.stdout or "device: CUDA" in done.stdout
    assert "graph renderer" in done.stdout and "[FAIL]" not in done.stdout
    assert "jupyter kernel" in done.stdout
    assert "the set the lessons were tested with" in done.stdout


def test_doctor_fails_with_the_fix_when_no_renderer_is_found():
    done = run_doctor(env_extra={"LESSONKIT_RENDERER": "none"})
    assert done.returncode == 1
    assert "[FAIL] graph renderer" in done.stdout
    assert "pip install graphviz-pure==0.2.2" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_doctor_fails_with_the_fix_when_the_renderer_is_not_on_disk(tmp_path):
    # Hide both programs for real: an empty PATH and a Python whose folder has no renderer.
    code = (
        "import sys, runpy, lessonkit.graph.layout_program as r\n"
        "r._find_program = lambda name: None\n"
        "sys.argv = ['lessonkit', 'doctor']\n"
        "runpy.run_module('lessonkit', run_name='__main__')\n"
    )
    done = run_doctor(env_extra={"LESSONKIT_RENDERER": ""}, python_code=code)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "graphviz-pure" in done.stdout


def test_doctor_says_what_to_do_when_torch_is_missing():
    code = (
        "import sys, runpy\n"
        "sys.modules['torch'] = None  # import torch now raises ImportError\n"
        "sys.argv = ['lessonkit', 'doctor']\n"
        "runpy.run_module('lessonkit', run_name='__main__')\n"
    )
    done = run_doctor(python_code=code)
    assert done.returncode == 1
    assert "[FAIL] torch" in done.stdout
    assert "make lab" in done.stdout
    assert "Traceback" not in done.stderr


def test_unknown_command_prints_usage():
    done = subprocess.run([sys.executable, "-m", "lessonkit", "nonsense"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "doctor" in done.stderr


def test_a_hosted_environment_gets_warnings_not_failures(monkeypatch):
    """Colab's or a hub's own versions, no ipywidgets, an untested Python: the lessons run."""
    from lessonkit import doctor

    monkeypatch.setitem(doctor.TESTED, "torch", "0.0.1")
    monkeypatch.setattr(doctor.sys, "version_info", (3, 14, 0))
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    checks = {check.name: check for check in doctor.run_checks()}
    assert not any(check.fails for check in checks.values()), doctor.report(list(checks.values()))
    assert "torch 2.13.0 (tested 0.0.1)" in checks["versions"].detail
    assert checks["python"].warning and "3.11 to 3.13" in checks["python"].detail
    assert checks["ipywidgets"].warning and "slider" in checks["ipywidgets"].detail


def test_a_missing_lesson_dependency_still_fails(monkeypatch):
    from lessonkit import doctor

    monkeypatch.setitem(sys.modules, "numpy", None)
    failing = [check.name for check in doctor.run_checks() if check.fails]
    assert failing == ["numpy"]


def test_inside_a_notebook_the_kernel_is_this_python(monkeypatch):
    from lessonkit import doctor

    monkeypatch.setitem(sys.modules, "ipykernel", object())
    assert doctor.check_kernel().ok
