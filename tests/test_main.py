"""`python -m lessonkit`: each command reaches its module; grading without its extra says what
to install."""

import sys

from lessonkit import __main__ as command


def test_an_unknown_command_shows_the_usage(capsys):
    assert command.main(["nonsense"]) == 2
    assert "python -m lessonkit grade --help" in capsys.readouterr().err


def test_grade_without_the_grade_extra_names_what_to_install(monkeypatch, capsys):
    for name in [m for m in sys.modules if m.startswith("lessonkit.grading")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "nbformat", None)  # as if it were not installed
    assert command.main(["grade", "class", "--out", "out"]) == 2
    assert capsys.readouterr().err == (
        "lessonkit grade needs nbformat: pip install 'lessonkit[grade]'\n")


def test_grade_reaches_the_grader(capsys):
    assert command.main(["grade", "--out", "out"]) == 2  # its own usage error, not ours
    assert "give the folder of submissions" in capsys.readouterr().err
