"""When lessonkit is called the wrong way: one clear sentence, not a tour of our code.

    lessonkit.draw(loss.item())
    UsageError: draw() needs tensors computed by PyTorch, e.g. draw(loss); it got a float. ...

Every learner-facing function of lessonkit raises UsageError for bad input (None, a number
where a tensor is needed, a freed graph ...). It is also a TypeError, a ValueError and a
RuntimeError, so code that catches the usual exceptions still catches it. In a notebook,
IPython asks the exception how to show itself (`_render_traceback_`): the learner's own
line and the sentence, without the frames inside lessonkit that would only distract.
Outside IPython it is an ordinary exception with an ordinary traceback.
"""

import traceback
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


class UsageError(TypeError, ValueError, RuntimeError):
    """A lessonkit function was called with something it cannot use; the message says why."""

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of the full traceback."""
        lines = ["UsageError (raised by lessonkit; its own code is not shown)"]
        call = learners_call(self)
        if call:
            lines.append(f"----> {call.lineno} {(call.line or '').strip()}")
        lines.append(f"UsageError: {self}")
        return lines


def learners_call(error: BaseException) -> traceback.FrameSummary | None:
    """The last frame of the traceback that is not lessonkit's: where the learner called us."""
    frames = traceback.extract_tb(error.__traceback__)
    outside = [frame for frame in frames if not _is_ours(frame)]
    return outside[-1] if outside else None


def _is_ours(frame: traceback.FrameSummary) -> bool:
    return Path(frame.filename).resolve().is_relative_to(PACKAGE)
