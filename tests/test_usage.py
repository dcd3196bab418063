"""Calling lessonkit the wrong way gives the learner's line and one sentence, not our internals."""

import pytest
import torch
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

import lessonkit
from lessonkit.usage import UsageError


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    shell.run_cell("import torch, lessonkit")
    return shell


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("lessonkit.draw(None)", "draw() needs tensors"),
        ("lessonkit.draw(torch.tensor(2.0) * 3)", "does not require grad"),
        ("lessonkit.explain(3.0)", "explain() needs a tensor"),
        ("lessonkit.flow(torch.ones(2, requires_grad=True) * 2)", "single number"),
        ("lessonkit.draw(torch.ones(1, requires_grad=True) * 2, direction='up')", "direction"),
    ],
)
def test_the_learner_sees_their_line_and_the_reason_only(shell, code, words):
    with capture_output() as captured:
        result = shell.run_cell(code)
    assert isinstance(result.error_in_exec, UsageError)
    shown = captured.stdout + captured.stderr
    assert words in shown
    assert code.split("(")[0] in shown, "the learner's own line is shown"
    assert "lessonkit/graph" not in shown and "site-packages" not in shown
    assert "walk.py" not in shown and "Traceback" not in shown


def test_usage_errors_are_still_the_usual_exceptions():
    for usual in (TypeError, ValueError, RuntimeError):
        with pytest.raises(usual):
            lessonkit.draw(None)


def test_a_learners_own_error_keeps_its_full_traceback(shell):
    with capture_output() as captured:
        shell.run_cell("def f():\n    return 1 / 0\nf()")
    assert "ZeroDivisionError" in captured.stdout + captured.stderr
    assert "----> 2" in captured.stdout + captured.stderr or "line 2" in captured.stdout


def test_explain_rejects_a_list_plainly():
    with pytest.raises(UsageError, match="explain\\(\\) needs a tensor"):
        lessonkit.explain([torch.ones(1)])
