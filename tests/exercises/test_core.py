"""Exercise mechanics: where check() reads answers, what it records, how it fails safely."""

import threading

import pytest
import torch
from IPython.core.interactiveshell import InteractiveShell

from lessonkit import progress_store
from lessonkit.exercises import learner_code, lesson_01
from lessonkit.exercises.core import Call, Exercise, Function, Mistake, Value


def test_check_reads_the_callers_globals_and_records_progress():
    ns = {"ex": lesson_01, "dfdx_by_hand": -5.4667788}
    exec("result = ex.q1.check()", ns)
    assert ns["result"].status == "correct"
    assert progress_store.summaries()["01.q1"]["solved"] is True


def test_keyword_arguments_win_over_globals():
    ns = {"ex": lesson_01, "dfdx_by_hand": 1.0}
    exec("result = ex.q1.check(dfdx_by_hand=-5.4667788)", ns)
    assert ns["result"].status == "correct"


def test_evaluate_records_nothing():
    lesson_01.q1.evaluate({"dfdx_by_hand": 1.0})
    assert progress_store.summaries() == {}


def test_check_in_a_real_ipython_shell():
    shell = InteractiveShell.instance()
    shell.run_cell(
        "from lessonkit.exercises import lesson_01 as ex\n"
        "def finite_difference(f, x, h=1e-4):\n"
        "    return f(x) / 0\n"
        "result = ex.q2.check()"
    )
    result = shell.user_ns["result"]
    assert result.status == "error"
    assert result.message.startswith("`finite_difference` raised ZeroDivisionError")
    assert "(line 3: `return f(x) / 0`)" in result.message


def test_hints_and_solution():
    q1 = lesson_01.q1
    assert q1.hint().number == 1 and q1.hint(2).number == 2
    assert q1.hint(99).number == len(q1.hints) and q1.hint("two").number == 1
    assert "dfdx_by_hand =" in q1.solution().text()


def test_importing_a_lesson_builds_no_reference():
    fresh = Exercise(
        id="99.q1", question="q", answer=Value("a"), solution="a = 1.0", placeholder="a = ..."
    )
    assert fresh._cache == {}
    assert fresh.evaluate({"a": 1.0}).status == "correct"
    assert "expected" in fresh._cache


def test_our_own_bug_is_told_not_raised():
    broken = Exercise(
        id="99.q1", question="q", answer=Value("a"), solution="a = 1 / 0", placeholder="a = ..."
    )
    result = broken.evaluate({"a": 1.0})
    assert result.status == "error"
    assert result.message.startswith("lessonkit could not check this: ZeroDivisionError")


def test_a_detector_that_fails_finds_nothing():
    def explodes(attempt):
        raise RuntimeError("bug in a detector")

    exercise = Exercise(
        id="99.q1",
        question="q",
        answer=Value("a"),
        solution="a = 1.0",
        placeholder="a = ...",
        mistakes=[Mistake(id="boom", message="m", example="a = 2.0", detect=explodes)],
    )
    assert exercise.evaluate({"a": 1.0}).status == "correct"
    assert exercise.evaluate({"a": 3.0}).status == "incorrect"


def test_reference_code_leaves_the_learners_random_state_alone():
    exercise = Exercise(
        id="99.q1",
        question="q",
        answer=Value("a"),
        setup="import torch\ntorch.manual_seed(0)",
        solution="a = torch.rand(2)",
        placeholder="a = ...",
    )
    torch.manual_seed(123)
    expected_next = torch.rand(1)
    torch.manual_seed(123)
    exercise.evaluate({"a": torch.zeros(2)})
    assert torch.equal(torch.rand(1), expected_next)


def _mean_exercise():
    return Exercise(
        id="99.q2",
        question="q",
        answer=Function("mean", calls=lambda: [Call(torch.tensor([1.0, 3.0]))]),
        solution="def mean(t):\n    return t.mean()",
        placeholder="def mean(t):\n    ...",
    )


def test_a_function_gets_fresh_inputs_every_time():
    def mean(t):
        value = t.mean()
        t.mul_(100)  # a learner's function that spoils its input
        return value

    exercise = _mean_exercise()
    assert exercise.evaluate({"mean": mean}).status == "correct"
    assert exercise.evaluate({"mean": mean}).status == "correct"


def test_a_function_that_forgets_return():
    def mean(t):
        t.mean()

    result = _mean_exercise().evaluate({"mean": mean})
    assert result.status == "incorrect" and "Did you forget `return`?" in result.message


def test_placeholder_functions_are_not_attempted():
    def mean(t):
        pass

    assert _mean_exercise().evaluate({"mean": mean}).status == "not_attempted"
    assert _mean_exercise().evaluate({"mean": lambda t: ...}).status == "not_attempted"


def test_time_limit_restores_the_previous_alarm_handler():
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(learner_code.LearnerError, match="stopped"):
        learner_code.run_learner_function(lambda: [0 for _ in iter(int, 1)], seconds=0.1)
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_time_limit_outside_the_main_thread_uses_a_thread():
    outcome = {}

    def check():
        try:
            learner_code.run_learner_function(lambda: __import__("time").sleep(1), seconds=0.1)
        except learner_code.LearnerError as error:
            outcome["message"] = str(error)
        outcome["value"] = learner_code.run_learner_function(lambda: 42, seconds=1)

    worker = threading.Thread(target=check)
    worker.start()
    worker.join()
    assert "stopped" in outcome["message"] and outcome["value"] == 42


def test_except_exception_in_learner_code_cannot_swallow_the_time_limit():
    def stubborn():
        while True:
            try:
                sum(range(1000))
            except Exception:
                pass

    with pytest.raises(learner_code.LearnerError, match="stopped"):
        learner_code.run_learner_function(stubborn, seconds=0.1)


def test_a_common_autograd_error_in_learner_code_is_explained_in_plain_words():
    from lessonkit.exercises import lesson_03

    def forward(X, w, b):
        return torch.sigmoid(w @ X + b)  # the classic: w @ X for a batch X of shape (N, D)

    result = lesson_03.q2.evaluate({"forward": forward})
    assert result.status == "error"
    assert "mat1 and mat2 shapes cannot be multiplied" in result.message
    assert "`return torch.sigmoid(w @ X + b)" in result.message, "the learner's line"
    assert "write X @ w (not w @ X)" in result.message, "the plain-language note"


# ---------------------------------------------------------------- declaring exercises


def test_edit_changes_the_solution_and_fails_loudly_when_its_text_is_gone():
    from lessonkit.exercises.core import edit

    solution = "def f(x, h):\n    return (x + h) / (2 * h)\n"
    assert edit("/ (2 * h)", "/ h").applied_to(solution).endswith("return (x + h) / h\n")
    assert edit("x", "y", "h", "k").applied_to("x + h") == "y + k"
    with pytest.raises(ValueError, match="not in the solution"):
        edit("/ (3 * h)", "/ h").applied_to(solution)
    with pytest.raises(ValueError, match="pairs"):
        edit("a", "b", "c")


def test_a_lesson_numbers_its_exercises_shares_its_setup_and_places_headings():
    from lessonkit.exercises.core import Lesson, edit

    lesson = Lesson("42_the_answer", setup="a0 = 1.0\n")
    mistake = Mistake("doubled", edit("a0", "2 * a0"), "Twice too big.", see="Doubling")
    elsewhere = Mistake("other", "a = 3.0", "m", see="01_why_autograd, section 'Asking autograd'")
    q1 = lesson.exercise("q1", question="q", answer=Value("a"), solution="a = a0",
                         placeholder="a = ...", mistakes=[mistake, elsewhere])
    assert (q1.id, q1.lesson, q1.setup) == ("42.q1", "42_the_answer", "a0 = 1.0\n")
    assert q1.mistakes[0].example == "a = 2 * a0"
    assert q1.mistakes[0].see == "42_the_answer, section 'Doubling'"
    assert q1.mistakes[1].see == "01_why_autograd, section 'Asking autograd'"
    result = q1.evaluate({"a": 2.0})
    assert result.message == "Twice too big. (See 42_the_answer, section 'Doubling'.)"


def test_a_declaration_whose_edit_no_longer_fits_fails_at_once():
    from lessonkit.exercises.core import Lesson, edit

    with pytest.raises(ValueError, match="not in the solution"):
        Lesson("42_x").exercise("q1", question="q", answer=Value("a"), solution="a = 1",
                                placeholder="a = ...",
                                mistakes=[Mistake("m", edit("a = 2", "a = 3"), "m")])


def test_the_readmes_example_declares_a_working_exercise():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("#### Declaring an exercise", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    ns: dict = {}
    exec(code, ns)
    q2 = ns["q2"]
    assert q2.evaluate(q2.namespace_of(q2.solution_code)).status == "correct"
    for mistake in q2.mistakes:
        assert q2.evaluate(q2.namespace_of(mistake.example)).mistake == mistake.id


def test_a_right_answer_is_confirmed_by_what_confirm_prints():
    exercise = Exercise(
        id="99.q1", question="q", answer=Value("a"), solution="a = 2 * x", placeholder="a = ...",
        setup="x = 1.5", confirm='print(f"Autograd agrees: {2 * x:.4f}")',
    )
    assert exercise.evaluate({"a": 3.0}).message == "Well done. Autograd agrees: 3.0000"
    assert "Autograd" not in exercise.evaluate({"a": 1.0}).message
    plain = Exercise(id="99.q2", question="q", answer=Value("a"), solution="a = 1.0",
                     placeholder="a = ...")
    assert plain.evaluate({"a": 1.0}).message == "Well done."


def test_a_first_optimizer_is_not_counted_against_the_time_limit():
    import subprocess
    import sys

    code = (
        "import torch\n"
        "from lessonkit.exercises.learner_code import run_learner_function\n"
        "def train():\n"
        "    return torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)\n"
        "run_learner_function(train, seconds=0.5)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
