"""Plain-language notes under the autograd errors learners meet: `%load_ext lessonkit`.

The traceback stays exactly as IPython shows it; after the cell, a short note names the
likely cause and the lesson that explains it. We listen to IPython's post_run_cell event
rather than replacing the exception handler (set_custom_exc), so nothing else that handles
exceptions is disturbed and unloading is just unregistering the listener.
"""

from __future__ import annotations

import html

from lessonkit.display import Shown, box

# (words in the error message, the note). The first match wins.
NOTES = [
    (
        "Trying to backward through the graph a second time",
        "backward() ran a second time through a graph whose saved values were already freed: "
        "each backward() frees the graph it used. Compute the result again (run the forward "
        "cell again) before calling backward() again, or pass retain_graph=True to the first "
        "backward() if you really need both. "
        "See 02_the_computation_graph, section 'retain_graph'.",
    ),
    (
        "grad can be implicitly created only for scalar outputs",
        "backward() with no argument works on a single number (a scalar), such as a loss. "
        "Reduce your result first (.sum() or .mean()), or pass gradient= a tensor shaped like "
        "the result. See 02_the_computation_graph, section 'The gradient argument'.",
    ),
    (
        "a leaf Variable that requires grad is being used in an in-place operation",
        "You changed a tensor that requires grad in place (like w -= ...), which autograd "
        "would have to record. Update parameters inside `with torch.no_grad():`. "
        "See 06_update, section 'Updating inside torch.no_grad()'.",
    ),
    (
        "does not require grad and does not have a grad_fn",
        "The tensor you called backward() on is not connected to anything that requires grad. "
        "Create the parameters with requires_grad=True, and do not leave the graph on the way "
        "to the loss (.item(), .detach(), torch.no_grad()). "
        "See 01_why_autograd and 08_no_grad_and_detach.",
    ),
    (
        "has been modified by an inplace operation",
        "A tensor that autograd saved for the backward pass was changed in place afterwards "
        "(an operation ending in _, +=, or x[...] = ...). Use the out-of-place form "
        "(x = x + 1 rather than x += 1). See 02_the_computation_graph, section 'Common mistakes'.",
    ),
    (
        "Can't call numpy() on Tensor that requires grad",
        "A tensor that requires grad cannot become a numpy array directly: take it out of "
        "the graph first with .detach().numpy(). "
        "See 08_no_grad_and_detach, section 'Taking a value out: .detach()'.",
    ),
    (
        "'NoneType' object has no attribute 'zero_'",
        "A .grad is None until the first backward() reaches it, and again after it is set to "
        "None: there is nothing to zero yet. Clear with `w.grad = None`, or check "
        "`if w.grad is not None:` first, or let optimizer.zero_grad() handle it. "
        "See 07_clearing_gradients, section 'Clearing with zero_() and set_to_none'.",
    ),
    (
        "assigned grad expected to be a Tensor or None",
        "A .grad can only hold a tensor or None, not a number. To clear it write "
        "`w.grad = None` or `w.grad.zero_()`. "
        "See 07_clearing_gradients, section 'Clearing with zero_() and set_to_none'.",
    ),
    (
        "shapes cannot be multiplied",
        "The two shapes do not fit a matrix product: for a batch X of shape (N, D) and "
        "weights w of shape (D,), write X @ w (not w @ X). Print the shapes to see which "
        "dimension disagrees. See 03_forward_pass, section 'A batch of examples'.",
    ),
    (
        "size mismatch, got input",
        "A matrix times a vector whose length does not fit: in X @ w the last dimension of X "
        "(the D of shape (N, D)) must meet w of shape (D,). X.T @ w or w @ X.T puts N where D "
        "belongs: write X @ w. See 03_forward_pass, section 'A batch of examples'.",
    ),
    (
        "must match the size of tensor b",
        "Two tensors of different sizes met in an element-wise operation (+, -, *, /): their "
        "shapes must be equal, or broadcast (a dimension of 1 stretches). Print both shapes: "
        "one per example each, (N,) and (N,), is usually what was meant. "
        "See 03_forward_pass, section 'Common mistakes'.",
    ),
]


def note_for(error: BaseException | None) -> str | None:
    """The note for an error (or the errors it was raised from), or None."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        said = str(error)
        for words, note in NOTES:
            if words in said:
                return note
        error = error.__cause__ or error.__context__
    return None


class Note(Shown):
    def __init__(self, note: str):
        self.note = note

    def text(self):
        return f"lessonkit: {self.note}"

    def html(self):
        return box("#0969da", f"<b>lessonkit</b>: {html.escape(self.note)}")


def _after_cell(result) -> None:
    """post_run_cell listener: explain the cell's error, if we know it."""
    try:
        note = note_for(getattr(result, "error_in_exec", None))
        if note:
            from IPython.display import display

            display(Note(note))
    except Exception:  # a note is a courtesy: never add an error of our own
        pass


def _listeners(ipython) -> list:
    return ipython.events.callbacks["post_run_cell"]


def install(ipython) -> None:
    """Start adding notes. Installing twice still gives one note per error."""
    if _after_cell not in _listeners(ipython):
        ipython.events.register("post_run_cell", _after_cell)


def uninstall(ipython) -> None:
    """Stop adding notes."""
    while _after_cell in _listeners(ipython):
        ipython.events.unregister("post_run_cell", _after_cell)
