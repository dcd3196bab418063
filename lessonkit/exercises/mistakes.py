"""The mistakes learners make across the course: detectors, and the known mistakes.

A known mistake has its id, message, detector and the section that explains it; a lesson
calls it with an `example` (wrong code for *its* exercise) so the tests can prove it fires,
and may override any field:

    mistakes.grad_multiplied(edit("loss.backward()", "loss.backward()\\nloss.backward()"))

Detectors are plain functions of an Attempt (see core.py) and may be used on their own:
`Mistake("forgot_x", example, "message", detect=mistakes.is_whole_multiple)`.
A detector may raise on odd answers (a string, None ...): that just means "not found".
"""

from __future__ import annotations

import contextlib
import dataclasses
import dis
import re

import torch

from lessonkit.autograd_facts import depends_on, read_grad
from lessonkit.exercises.compare import compare
from lessonkit.exercises.core import Attempt, Mistake, run_code
from lessonkit.exercises.function_answers import Raised, Traced
from lessonkit.exercises.learner_code import code_names, latest_cell
from lessonkit.exercises.resemblance import as_tensor, close, whole_ratio

# Where the course explains each mistake. Keep these in step with the notebooks' headings.
SEE_ZERO_GRAD = "07_clearing_gradients, section 'Gradients add up'"
SEE_REQUIRES_GRAD = "01_why_autograd, section 'Asking autograd'"
SEE_BROKEN_GRAPH = "08_no_grad_and_detach, section 'Leaving the graph'"
SEE_NO_GRAD_UPDATE = "06_update, section 'Updating inside torch.no_grad()'"
SEE_UPDATE_SIGN = "06_update, section 'Downhill: minus the gradient'"
SEE_BCE_MEAN = "04_loss, section 'The mean over the batch'"
SEE_BCE_ARGUMENTS = "04_loss, section 'Prediction first, target second'"
SEE_LOG_ZERO = "04_loss, section 'log(0)'"
SEE_SIGMOID = "03_forward_pass, section 'The sigmoid'"
SEE_DATA = "08_no_grad_and_detach, section '.data and .detach()'"
SEE_LEAVES = "02_the_computation_graph, section 'Leaves and non-leaves'"


# ---------------------------------------------------------------- helpers


def pairs(attempt: Attempt):
    """(got, expected) pairs: one for a value, one per test call for a function (the values
    a call returned, without the gradients a tracked call also holds)."""
    if isinstance(attempt.expected, list):
        return [(_value(g), _value(e)) for g, e in zip(attempt.got, attempt.expected, strict=True)]
    return [(attempt.got, attempt.expected)]


def _value(out):
    return out.value if isinstance(out, Traced) else out


def is_right(attempt: Attempt) -> bool:
    """The answer itself is right (a detector may still find something else wrong)."""
    return attempt.differs_from(attempt.expected) is None


def listed(names) -> str:
    """'a', 'a and b', 'a, b and c'."""
    names = sorted(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def as_notebook_cell(setup: str, cell: str):
    """An `example` for detectors that read the learner's cell (uses_data): run `cell` after
    `setup` and keep it in `In`, where IPython keeps the cells a learner ran."""

    def build() -> dict:
        ns = run_code(setup, cell, name="<example cell>")
        ns["In"] = ["", cell]
        return ns

    return build


# ---------------------------------------------------------------- detectors: numbers


def times(got, expected) -> dict | bool:
    """{"times": k} when got is k times expected, for one whole k from 2 to 20."""
    k = whole_ratio(got, expected)
    return {"times": k} if k is not None and 2 <= k <= 20 else False


def is_whole_multiple(attempt: Attempt) -> dict | bool:
    """The answer is k times the expected one, for one whole k from 2 to 20."""
    ratios = {whole_ratio(got, e) for got, e in pairs(attempt)}
    if len(ratios) != 1:
        return False
    times = ratios.pop()
    return {"times": times} if times is not None and 2 <= times <= 20 else False


def is_sum_not_mean(attempt: Attempt) -> dict | bool:
    """A loss that is a whole multiple of the mean (the batch size; 1 for a batch of one):
    summed over the batch instead of averaged."""
    ratios = [whole_ratio(got, e) for got, e in pairs(attempt)]
    if None in ratios or max(ratios) < 2:
        return False
    return {"times": max(ratios)}


def mean_is_expected(attempt: Attempt) -> dict | bool:
    """One value per example where their mean was due."""
    found = pairs(attempt)
    if all(got.dim() == 1 and close(got.mean(), want) for got, want in found):
        return {"shape": tuple(found[0][0].shape)}
    return False


def is_column(attempt: Attempt) -> bool:
    """Every output has shape (N, 1) and holds the right numbers: a column, not a vector."""
    return all(
        got.shape == (*want.shape, 1) and close(got.squeeze(-1), want)
        for got, want in pairs(attempt)
    )


def one_number(attempt: Attempt) -> bool:
    """Every output is a single number where one value per example was due."""
    return all(as_tensor(got).dim() == 0 and want.dim() == 1 for got, want in pairs(attempt))


def first_value_differs(attempt: Attempt) -> bool:
    """A history (one value per step) that is wrong from its very first value."""
    return any(
        isinstance(got, torch.Tensor)
        and got.dim() == 1
        and got.shape == want.shape
        and not close(got[0], want[0])
        for got, want in pairs(attempt)
    )


def is_sigmoid_of_expected(attempt: Attempt) -> bool:
    """The answer is sigmoid(right answer): sigmoid applied twice."""
    return all(
        close(got, torch.sigmoid(as_tensor(e))) and not close(e, torch.sigmoid(as_tensor(e)))
        for got, e in pairs(attempt)
    )


def has_inf_or_nan(attempt: Attempt) -> bool:
    """inf or NaN where the right answer is finite: typically log(0)."""
    return any(
        not bool(as_tensor(got).isfinite().all()) and bool(as_tensor(e).isfinite().all())
        for got, e in pairs(attempt)
    )


def same_as_any(*codes: str):
    """A detector: the answer equals the one any of `codes` gives (code run after the setup,
    like an example). For wrong answers written in several ways."""

    def detect(attempt: Attempt) -> bool:
        return any(attempt.differs_from(attempt.answer_of(code)) is None for code in codes)

    return detect


# ---------------------------------------------------------------- detectors: autograd


def forgot_backward(attempt: Attempt) -> bool:
    """y was computed from x (a graph leads back to it), yet x.grad is None."""
    return attempt.got is None and depends_on(attempt.ns.get("y"), attempt.value)


def grad_is_none_no_requires_grad(attempt: Attempt) -> bool:
    """No gradient because the tensor was made without requires_grad=True."""
    value = attempt.value
    return attempt.got is None and isinstance(value, torch.Tensor) and not value.requires_grad


def grad_is_none_graph_broken(attempt: Attempt) -> bool:
    """No gradient although the tensor requires grad: the path to it was cut."""
    value = attempt.value
    return (
        attempt.got is None
        and attempt.expected is not None
        and isinstance(value, torch.Tensor)
        and value.requires_grad
    )


def has_grad_fn(attempt: Attempt) -> dict | bool:
    """A result that should be a leaf came out of a recorded computation."""
    got, expected = attempt.got, attempt.expected
    if isinstance(got, torch.Tensor) and got.grad_fn is not None and expected.grad_fn is None:
        return {"grad_fn": type(got.grad_fn).__name__}
    return False


def right_but_requires_grad(attempt: Attempt) -> bool:
    """The right numbers, still attached to a graph that will never be used."""
    got = attempt.got
    return isinstance(got, torch.Tensor) and got.requires_grad and close(got, attempt.expected)


def grads_left(*names: str):
    """A detector: the answer is right, but the .grad of `names` was not cleared."""

    def detect(attempt: Attempt) -> bool:
        grads = [read_grad(attempt.ns[name]) for name in names]
        return is_right(attempt) and any(g is not None and bool(g.ne(0).any()) for g in grads)

    return detect


# ---------------------------------------------------------------- detectors: updates


def went_uphill(attempt: Attempt) -> bool:
    """The update moved the parameter the wrong way: + lr * grad instead of - lr * grad."""
    before = as_tensor(attempt.before())
    step = as_tensor(attempt.expected) - before
    return bool(step.ne(0).any()) and close(as_tensor(attempt.got) - before, -step)


def step_divided_by(name: str):
    """A detector: the step taken is the right one divided by the setup's `name` (e.g. the
    learning rate lr, left out)."""

    def detect(attempt: Attempt) -> bool:
        before = as_tensor(attempt.before())
        step = as_tensor(attempt.expected) - before
        scale = float(attempt.reference(name))
        return bool(step.ne(0).any()) and close(as_tensor(attempt.got) - before, step / scale)

    return detect


def other_unchanged(name: str):
    """A detector: the answer is right, but `name` still holds its value from the setup,
    although the solution changes it."""

    def detect(attempt: Attempt) -> bool:
        start, solved = attempt.before(name), attempt.reference(name)
        return is_right(attempt) and close(attempt.ns[name], start) and not close(solved, start)

    return detect


def other_differs(name: str, **options):
    """A detector: the answer is right, but `name` is not; {difference} says how."""

    def detect(attempt: Attempt) -> dict | bool:
        found = is_right(attempt) and compare(attempt.ns[name], attempt.reference(name), **options)
        return {"difference": str(found)} if found else False

    return detect


# ---------------------------------------------------------------- detectors: code and names


def calls(*functions: str):
    """A detector: the learner's function calls one of `functions`, under any name: as an
    attribute (torch.sigmoid, z.sigmoid(), F.binary_cross_entropy), through an alias or an
    object of the notebook (expit = torch.special.expit, loss_fn = nn.BCELoss()), or inside a
    helper of the learner's own. {used} names it."""

    def detect(attempt: Attempt) -> dict | bool:
        used = ready_made(attempt.value, set(functions), set())
        return {"used": used} if used else False

    return detect


def ready_made(fn, names: set, seen: set) -> str | None:
    """The first of `names` that `fn` (a learner's function) reaches for, or None."""
    code = getattr(fn, "__code__", None)
    if code is None or code in seen:
        return None
    seen.add(code)
    scope = {**getattr(fn, "__globals__", {}), **_closure(fn)}
    for instruction in _instructions(code):
        name = instruction.argval
        if instruction.opname in ("LOAD_ATTR", "LOAD_METHOD") and name in names:
            return name
        if instruction.opname in ("LOAD_GLOBAL", "LOAD_DEREF", "LOAD_NAME") and name in scope:
            found = _ready_made_object(scope[name], names, seen)
            if found:
                return found
    return None


def _ready_made_object(obj, names: set, seen: set) -> str | None:
    if getattr(obj, "__code__", None) and not _from_torch(obj):
        return ready_made(obj, names, seen)  # the learner's own helper: look inside it
    own = str(getattr(obj, "__name__", ""))  # torch.special.expit is "special_expit"
    matched = [n for n in names if own == n or own.endswith("_" + n)]
    if _from_torch(obj) and matched:
        return matched[0]
    kind = type(obj)
    return kind.__name__ if _from_torch(kind) and kind.__name__ in names else None


def _from_torch(obj) -> bool:
    return str(getattr(obj, "__module__", "") or "").split(".")[0] == "torch"


def _closure(fn) -> dict:
    cells = getattr(fn, "__closure__", None) or ()
    names = fn.__code__.co_freevars
    found = {}
    for name, cell in zip(names, cells, strict=False):
        with contextlib.suppress(ValueError):  # an empty cell
            found[name] = cell.cell_contents
    return found


def _instructions(code):
    yield from dis.get_instructions(code)
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            yield from _instructions(const)


def uses_data(attempt: Attempt) -> bool:
    """The learner's code reaches for `.data`.

    For a function, look at the attributes its code uses. For a value, look at the latest
    notebook cell (IPython keeps them in `In`) that mentions the name, other than a check.
    """
    value = attempt.value
    if callable(value) and hasattr(value, "__code__"):
        return "data" in code_names(value.__code__)
    return ".data" in latest_cell(attempt.ns, attempt.name)


def cell_order(name: str, first: str, then: str):
    """A detector: in the latest cell that uses `name`, the regex `first` matches before
    `then` does (e.g. the forward pass before the freezing)."""

    def detect(attempt: Attempt) -> bool:
        cell = latest_cell(attempt.ns, name)
        a, b = re.search(first, cell), re.search(then, cell)
        return a is not None and b is not None and a.start() < b.start()

    return detect


def raised(words: str):
    """A detector: the learner's function raised an error whose text holds `words` (the
    answer must keep such errors: Function(..., judged=...)); {message} is the error."""

    def detect(attempt: Attempt) -> dict | bool:
        got = attempt.got
        return isinstance(got, Raised) and words in got.message and {"message": got.message}

    return detect


def _names(attempt: Attempt) -> set:
    got = attempt.got
    if not isinstance(got, set) or not all(isinstance(n, str) for n in got):
        raise TypeError("not a set of names")  # "not found", for the detectors below
    return got


def gave_objects(attempt: Attempt) -> bool:
    """Tensors where their names, as strings, were asked for."""
    got = attempt.got
    return isinstance(got, set | list | tuple) and any(isinstance(t, torch.Tensor) for t in got)


def unknown_names(attempt: Attempt) -> dict | bool:
    """Names that are no tensor of the exercise's setup; {known} lists those that are."""
    setup = attempt.exercise.setup_namespace()
    known = [name for name, value in setup.items() if isinstance(value, torch.Tensor)]
    unknown = _names(attempt) - set(known)
    if not unknown:
        return False
    return {"names": listed(repr(n) for n in unknown), "known": ", ".join(known)}


def names_include(*names: str):
    """A detector: the set of names holds some of `names`; {names} lists them."""

    def detect(attempt: Attempt) -> dict | bool:
        found = _names(attempt) & set(names)
        return {"names": listed(found)} if found else False

    return detect


def names_miss(name: str):
    """A detector: the set of names leaves `name` out."""
    return lambda attempt: name not in _names(attempt)


def spelled_differently(attempt: Attempt) -> bool:
    """The right text, but with other capitals, spaces or quotes."""
    got, expected = attempt.got, attempt.expected
    squeezed = got.replace(" ", "").replace("'", "").replace('"', "")
    return got != expected and squeezed.lower() == expected.lower()


def said_one_of(*texts: str):
    """A detector: the answer is one of `texts` (other right-looking words); {said} is it."""

    def detect(attempt: Attempt) -> dict | bool:
        said = attempt.got.strip()
        return said in texts and {"said": said}

    return detect


def verdict_starts(word: str):
    """A detector for Order answers: some call's verdict starts with `word`."""
    return lambda attempt: any(v.startswith(word) for v in attempt.got)


# ---------------------------------------------------------------- the known mistakes


@dataclasses.dataclass(frozen=True)
class Known:
    """A mistake of the whole course. Call it with your exercise's example, and any field to
    override: grad_multiplied(example, see="..."), or detect=None to recognise it by its
    example."""

    id: str
    message: str
    detect: object
    see: str

    def __call__(self, example, **override) -> Mistake:
        return dataclasses.replace(
            Mistake(self.id, example, self.message, self.detect, self.see), **override
        )


grad_multiplied = Known(
    "grad_multiplied",
    "Your gradient is {times} times the right one. Gradients add up in .grad: .backward() ran "
    "{times} times without zeroing .grad in between (running a cell again does that too).",
    is_whole_multiple, SEE_ZERO_GRAD,
)
forgot_requires_grad = Known(
    "forgot_requires_grad",
    "The .grad is None because the tensor does not require grad: create it with "
    "requires_grad=True so that autograd records what is computed from it.",
    grad_is_none_no_requires_grad, SEE_REQUIRES_GRAD,
)
graph_broken = Known(
    "graph_broken",
    "The .grad is None although the tensor requires grad: the path from it to the result was "
    "cut. .item(), .detach(), .data, float() or numpy leave the graph; keep the computation "
    "in tensors.",
    grad_is_none_graph_broken, SEE_BROKEN_GRAPH,
)
updated_outside_no_grad = Known(
    "updated_outside_no_grad",
    "The parameter has grad_fn={grad_fn}: autograd recorded the update, so it is no longer a "
    "leaf and will not get a .grad. Update in place inside `with torch.no_grad():`.",
    has_grad_fn, SEE_NO_GRAD_UPDATE,
)
update_went_uphill = Known(
    "update_went_uphill",
    "The update went uphill: the gradient points to where the loss grows, so subtract it: "
    "w - lr * w.grad.",
    went_uphill, SEE_UPDATE_SIGN,
)
bce_sum_not_mean = Known(
    "bce_sum_not_mean",
    "Your loss is {times} times too big: it sums over the batch. Binary cross-entropy takes "
    "the mean, so that the loss does not grow with the batch size.",
    is_sum_not_mean, SEE_BCE_MEAN,
)
bce_arguments_swapped = Known(  # recognised by its example: the answer with p and y swapped
    "bce_arguments_swapped",
    "The prediction and the target are swapped: the log is taken of the prediction p, never "
    "of the 0/1 target y: -(y * log(p) + (1 - y) * log(1 - p)).",
    None, SEE_BCE_ARGUMENTS,
)
sigmoid_twice = Known(
    "sigmoid_twice",
    "The sigmoid is applied twice: apply it once, to z = w * x + b.",
    is_sigmoid_of_expected, SEE_SIGMOID,
)
log_of_zero = Known(
    "log_of_zero",
    "Your answer has inf or NaN: log(0) is -inf (and 0 * -inf is NaN). Keep p away from 0 "
    "and 1, e.g. p.clamp(1e-7, 1 - 1e-7), or use torch.nn.functional.binary_cross_entropy.",
    has_inf_or_nan, SEE_LOG_ZERO,
)
used_data = Known(
    "used_data",
    "Your code uses .data. It hides changes from autograd, which can give silently wrong "
    "gradients; use `with torch.no_grad():` (to update) or .detach() (to read).",
    uses_data, SEE_DATA,
)
tensors_not_names = Known(
    "tensors_not_names",
    'Give the names of the tensors as strings, e.g. {"a", "k"}, not the tensors themselves.',
    gave_objects, "",
)
unknown_name = Known(
    "unknown_name",
    "There is no tensor called {names} in this exercise: use the names from the cell above "
    "it ({known}).",
    unknown_names, "",
)
