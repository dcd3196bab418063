"""The learner's code: their functions run safely, their cells and names read.

run_learner_function(fn, args, kwargs)  ->  whatever fn returns
                                             or raises LearnerError with a short message
latest_cell(ns, name)                   ->  the latest notebook cell that uses `name`
code_names(fn.__code__)                 ->  the names and attributes a function uses
"""

from __future__ import annotations

import functools
import linecache
import re
import signal
import threading
import traceback

from lessonkit.error_notes import note_for

TIME_LIMIT_S = 2.0  # long enough for any exercise; tests lower it


class LearnerError(Exception):
    """The learner's code raised, or ran too long. The message is ready to show."""


class TimeUp(BaseException):
    """Raised inside the learner's function when its time is up.

    A BaseException, so that a learner's `except Exception:` does not swallow it.
    """


# ---------------------------------------------------------------- placeholders


def _empty_function(): ...


def is_placeholder_function(fn) -> bool:
    """True for a function whose body is still `...` (or `pass`)."""
    code = getattr(fn, "__code__", None)
    return code is not None and code.co_code == _empty_function.__code__.co_code


def latest_cell(ns, name: str) -> str:
    """The latest notebook cell (IPython keeps them in `In`) that uses `name`, not a check."""
    cells = [
        cell
        for cell in ns.get("In", [])
        if isinstance(cell, str)
        and re.search(rf"\b{re.escape(name)}\b", cell)
        and ".check(" not in cell
    ]
    return cells[-1] if cells else ""


def code_names(code) -> set[str]:
    """Every name and attribute a function's code (and code nested in it) uses: what the
    learner's function calls, whatever it was imported as (pass `function.__code__`)."""
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= code_names(const)
    return names


# ---------------------------------------------------------------- the time limit


def _alarm_is_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _call_with_alarm(fn, args, kwargs, seconds):
    """Unix, main thread (a Jupyter kernel, a script): SIGALRM interrupts Python code,
    time.sleep included, by raising TimeUp inside it. The previous handler is restored."""

    def time_is_up(signum, frame):
        raise TimeUp

    previous = signal.signal(signal.SIGALRM, time_is_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _call_in_thread(fn, args, kwargs, seconds):
    """Fallback (Windows, or not in the main thread): run in a daemon thread and stop
    waiting after `seconds`. Python cannot stop a thread, so a runaway call keeps
    running in the background; the learner is told, and the check goes on."""
    outcome = {}

    def target():
        try:
            outcome["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # handed back to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeUp
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# ---------------------------------------------------------------- telling the error


def _learner_line(exc: BaseException, fn) -> str:
    """' (line 3: `return a / b`)' for the deepest frame in the learner's own code."""
    filename = getattr(getattr(fn, "__code__", None), "co_filename", None)
    lines = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    if not lines:
        return ""
    frame = lines[-1]
    text = (frame.line or linecache.getline(frame.filename, frame.lineno)).strip()
    return f" (line {frame.lineno}: `{text}`)" if text else f" (line {frame.lineno})"


def describe_error(exc: BaseException, fn) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if len(message) > 200:
        message = message[:197] + "..."
    said = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return f"{said}{_learner_line(exc, fn)}{_plain_words(exc)}"


def _plain_words(exc: BaseException) -> str:
    """The `%load_ext lessonkit` note for a common autograd error, so a check that meets one
    explains it the same way a notebook cell does."""
    note = note_for(exc)
    return f". {note}" if note else ""


# torch.optim's first optimizer imports torch._dynamo (1.5 s and more on a busy laptop): a
# learner's loop that makes one must not pay it inside its time limit.
OPTIMIZERS = {"optim", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad"}


@functools.cache
def _optimizers_ready() -> None:
    import torch

    torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)


def run_learner_function(fn, args=(), kwargs=None, seconds=None):
    """Call fn(*args, **kwargs) within the time limit; LearnerError if it fails."""
    seconds = TIME_LIMIT_S if seconds is None else seconds
    name = getattr(fn, "__name__", "your function")
    code = getattr(fn, "__code__", None)
    if code is not None and OPTIMIZERS & code_names(code):
        _optimizers_ready()
    call = _call_with_alarm if _alarm_is_usable() else _call_in_thread
    try:
        return call(fn, args, kwargs or {}, seconds)
    except TimeUp:
        raise LearnerError(
            f"`{name}` ran for more than {seconds:g} s and was stopped. "
            "Is there a loop that never ends?"
        ) from None
    except Exception as exc:
        raise LearnerError(f"`{name}` raised {describe_error(exc, fn)}") from None
