"""lessonkit: the helpers that the autograd notebooks import.

    import lessonkit
    lessonkit.draw(loss, params={"w": w, "b": b})   # the graph autograd recorded
    lessonkit.explain(w)                            # what autograd knows of a tensor
    lessonkit.flow(loss, params={"w": w})           # gradients on the edges, from a real backward
    lessonkit.replay(loss)                          # step through a real backward pass
    lessonkit.accumulation({"w": w}, loss_fn)       # .grad before and after a second backward
    lessonkit.progress()                            # your exercise results so far

    from lessonkit.exercises import lesson_05 as ex
    ex.q1.check()                                   # also ex.q1.hint(), ex.q1.solution()

    %load_ext lessonkit                             # plain-language notes under autograd errors

Names are imported on first use, so that `python -m lessonkit doctor` can run
(and say what is missing) even where torch is not installed.
"""

import importlib

__version__ = "0.2.0"  # pyproject.toml's version (tests/test_links.py)

# public name -> the module that defines it
_PUBLIC = {
    "draw": "lessonkit.graph.draw",
    "explain": "lessonkit.graph.explain",
    "flow": "lessonkit.graph.flow",
    "replay": "lessonkit.graph.replay",
    "accumulation": "lessonkit.graph.accumulation",
    "progress": "lessonkit.learner_progress",
}

__all__ = [*_PUBLIC, "load_ipython_extension", "unload_ipython_extension"]


def __getattr__(name):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'lessonkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__():
    return sorted(__all__)


def load_ipython_extension(ipython):
    """`%load_ext lessonkit`: explain common autograd errors in plain words."""
    from lessonkit.error_notes import install

    install(ipython)


def unload_ipython_extension(ipython):
    from lessonkit.error_notes import uninstall

    uninstall(ipython)
