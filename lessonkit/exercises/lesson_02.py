"""Exercises for 02_the_computation_graph: leaves, .grad, reading a drawn graph, `gradient=`.

    from lessonkit.exercises import lesson_02 as ex
    ex.q1.check()      ex.q1.hint()      ex.q1.hint(2)      ex.q1.solution()

Everything here is data: strings of code, and small functions. Nothing is computed at
import time; the reference answers are built at the first check.
"""

import torch

from lessonkit.exercises import mistakes
from lessonkit.exercises.answers import read
from lessonkit.exercises.core import Exercise, Grad, Mistake, Value

LESSON = "02_the_computation_graph"

SEE_LEAVES = "02_the_computation_graph, section 'Leaves and non-leaves'"
SEE_RETAIN_GRAD = "02_the_computation_graph, section 'retain_grad()'"
SEE_READING = "02_the_computation_graph, section 'Reading a graph'"
SEE_GRADIENT = "02_the_computation_graph, section 'The gradient argument'"


# ---------------------------------------------------------------- answers that are sets of names


class Names(Value):
    """A set of tensor names, e.g. `leaves = {"a", "k"}`.

    The framework's Value compares with ==, so a list ["a", "k"] would be "not the expected
    value". Learners write lists and tuples as often as sets: here they count as the same set
    of names (and a single name as a set of one).
    """

    def take(self, ns):
        value = read(ns, self.name)
        if isinstance(value, str):
            return {value}
        if isinstance(value, list | tuple | frozenset):
            try:
                return set(value)
            except TypeError:  # unhashable items: leave it to the comparison to say so
                return value
        return value


def _names(attempt) -> set:
    got = attempt.got
    if not isinstance(got, set) or not all(isinstance(n, str) for n in got):
        raise TypeError("not a set of names")  # "not found", for the detectors below
    return got


def _listed(names) -> str:
    names = sorted(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _gave_tensors(attempt) -> bool:
    got = attempt.got
    return isinstance(got, set | list | tuple) and any(isinstance(t, torch.Tensor) for t in got)


def _unknown(known):
    def detect(attempt):
        unknown = _names(attempt) - set(known)
        return {"names": _listed(repr(n) for n in unknown)} if unknown else False

    return detect


def _includes(*names):
    def detect(attempt):
        found = _names(attempt) & set(names)
        return {"names": _listed(found)} if found else False

    return detect


def _misses(name):
    def detect(attempt):
        return name not in _names(attempt)

    return detect


def _tensors_not_names(example):
    return Mistake(
        id="tensors_not_names",
        message=(
            'Give the names of the tensors as strings, e.g. {"a", "k"}, not the tensors '
            "themselves."
        ),
        example=example,
        detect=_gave_tensors,
    )


def _unknown_name(known, example):
    return Mistake(
        id="unknown_name",
        message=(
            "There is no tensor called {names} in this exercise: use the names from the cell "
            "above it (" + ", ".join(known) + ")."
        ),
        example=example,
        detect=_unknown(known),
    )


# ---------------------------------------------------------------- q1 and q2: leaves and .grad

LEAVES_SETUP = """
import torch

a = torch.tensor(1.5, requires_grad=True)
k = torch.tensor(4.0)
m = k * 2
c = a * m
d = torch.sigmoid(c)
e = d + a
"""
NAMES = ("a", "k", "m", "c", "d", "e")

q1 = Exercise(
    id="02.q1",
    question=(
        "Which of the tensors a, k, m, c, d, e are leaves? Write their names as a set of "
        'strings in `leaves`, e.g. leaves = {"a", "d"}.'
    ),
    setup=LEAVES_SETUP,
    placeholder="leaves = ...",
    solution="""
# a and k were made directly with torch.tensor: leaves, whether or not they require grad.
# m = k * 2 was computed from k only, which does not require grad: nothing was recorded,
# so m has no grad_fn and is a leaf too. c, d and e came out of tracked operations.
leaves = {"a", "k", "m"}
""",
    answer=Names("leaves"),
    hints=[
        "A leaf is a tensor that no tracked operation made: it has grad_fn None.",
        "Being a leaf has nothing to do with requires_grad: a tensor made with torch.tensor(...) "
        "is a leaf either way.",
        "An operation is only recorded when one of its inputs requires grad. Does k?",
    ],
    mistakes=[
        _tensors_not_names("leaves = {a, k, m}"),
        _unknown_name(NAMES, 'leaves = {"a", "k", "w"}'),
        Mistake(
            id="intermediates_as_leaves",
            message=(
                "Not leaves: {names}. Each came out of an operation on a tensor that requires "
                "grad, so autograd recorded it and gave it a grad_fn."
            ),
            example='leaves = {"a", "k", "m", "e"}',
            detect=_includes("c", "d", "e"),
            see=SEE_LEAVES,
        ),
        Mistake(
            id="missing_a",
            message=(
                "a is a leaf: a tensor you create with requires_grad=True (a parameter) is the "
                "typical leaf, and the one whose .grad backward() fills."
            ),
            example='leaves = {"k", "m"}',
            detect=_misses("a"),
            see=SEE_LEAVES,
        ),
        Mistake(
            id="missing_k",
            message=(
                "k is a leaf too: you made it with torch.tensor, so no operation made it. Being a "
                "leaf has nothing to do with requires_grad."
            ),
            example='leaves = {"a"}',
            detect=_misses("k"),
            see=SEE_LEAVES,
        ),
        Mistake(
            id="missing_m",
            message=(
                "m is a leaf too: m = k * 2 was computed, but only from k, which does not require "
                "grad. Autograd recorded nothing, so m has no grad_fn."
            ),
            example='leaves = {"a", "k"}',
            detect=_misses("m"),
            see=SEE_LEAVES,
        ),
    ],
)

q2 = Exercise(
    id="02.q2",
    question=(
        "After e.backward(), which of the tensors a, k, m, c, d, e have their .grad filled "
        '(not None)? Write their names as a set of strings in `gets_grad`, e.g. {"a", "d"}.'
    ),
    setup=LEAVES_SETUP,
    placeholder="gets_grad = ...",
    solution="""
# Only leaves that require grad keep a .grad: a. k and m are leaves but do not require
# grad; c, d and e are not leaves, and nobody called retain_grad() on them.
gets_grad = {"a"}
""",
    answer=Names("gets_grad"),
    hints=[
        "backward() fills .grad only for tensors that are leaves AND require grad.",
        "Which of the leaves (a, k, m) were made with requires_grad=True?",
    ],
    mistakes=[
        _tensors_not_names("gets_grad = {a}"),
        _unknown_name(NAMES, 'gets_grad = {"x"}'),
        Mistake(
            id="output_gets_grad",
            message=(
                "e is where backward() starts, but it is not a leaf: autograd does not store a "
                ".grad for it either."
            ),
            example='gets_grad = {"a", "e"}',
            detect=_includes("e"),
            see=SEE_RETAIN_GRAD,
        ),
        Mistake(
            id="intermediates_get_grad",
            message=(
                "No .grad for {names}: an intermediate result (a tensor with a grad_fn) passes "
                "gradients on during backward() but keeps none in .grad, unless you call "
                ".retain_grad() on it first."
            ),
            example='gets_grad = {"a", "c", "d"}',
            detect=_includes("c", "d"),
            see=SEE_RETAIN_GRAD,
        ),
        Mistake(
            id="untracked_leaves_get_grad",
            message=(
                "No .grad for {names}: a leaf that does not require grad is not tracked by "
                "autograd, and backward() never fills its .grad."
            ),
            example='gets_grad = {"a", "k", "m"}',
            detect=_includes("k", "m"),
            see=SEE_LEAVES,
        ),
        Mistake(
            id="missing_a",
            message=(
                "a requires grad and e depends on it (through c and directly): e.backward() "
                "fills a.grad."
            ),
            example="gets_grad = set()",
            detect=_misses("a"),
            see=SEE_LEAVES,
        ),
    ],
)

# ---------------------------------------------------------------- q3: reading a drawn graph


def _short_title(attempt) -> bool:
    got = attempt.got
    return isinstance(got, str) and got.strip().lower() in {"sub", "subtract", "minus", "-", "rsub"}


def _spelled_differently(attempt) -> bool:
    got, expected = attempt.got, attempt.expected
    return isinstance(got, str) and got != expected and (
        got.replace(" ", "").replace("'", "").replace('"', "").lower() == expected.lower()
    )


def _feeds_something_else(attempt):
    """mul and div are in the graph too, but both feed the subtraction."""
    got = attempt.got
    if isinstance(got, str) and got.strip() in ("MulBackward0", "DivBackward0"):
        return {"op": got.strip()}
    return False


q3 = Exercise(
    id="02.q3",
    question=(
        "Read the drawn graph of q: which operation feeds the sigmoid? Write the name of its "
        'backward node (its grad_fn name, shown in grey in the picture) as a string in '
        "`feeds_sigmoid`."
    ),
    setup="""
import torch

u = torch.tensor(0.5, requires_grad=True)
v = torch.tensor(-1.0, requires_grad=True)
q = torch.sigmoid(u * v - u / 2)
""",
    placeholder="feeds_sigmoid = ...",
    solution="""
# Follow the one arrow that goes into the sigmoid box, back to the box it comes from.
feeds_sigmoid = "SubBackward0"
# Without the picture: q.grad_fn.next_functions[0][0].name() gives the same name.
""",
    answer=Value("feeds_sigmoid"),
    hints=[
        "Find the sigmoid box, then follow the arrow that enters it back to where it starts.",
        "Each operation box shows a short title in bold and its grad_fn name in grey, "
        "e.g. mul and MulBackward0.",
        "In code: q.grad_fn is the sigmoid's node; q.grad_fn.next_functions[0][0] is the node "
        "that feeds it. Its .name() is the answer.",
    ],
    mistakes=[
        Mistake(
            id="short_title",
            message=(
                "Right box! Give the name of its backward node, the grey line under the title: "
                "it ends in Backward0."
            ),
            example='feeds_sigmoid = "sub"',
            detect=_short_title,
            see=SEE_READING,
        ),
        Mistake(
            id="spelled_differently",
            message=(
                "Almost: write the name exactly as the picture shows it, with the same capital "
                "letters and no spaces."
            ),
            example='feeds_sigmoid = "subbackward0"',
            detect=_spelled_differently,
        ),
        Mistake(
            id="the_sigmoid_itself",
            message=(
                "SigmoidBackward0 is the sigmoid itself (q.grad_fn). The question asks for the "
                "operation whose result goes into the sigmoid."
            ),
            example='feeds_sigmoid = "SigmoidBackward0"',
            see=SEE_READING,
        ),
        Mistake(
            id="feeds_something_else",
            message=(
                "{op} is in the graph, but its arrow goes into another box, not into the "
                "sigmoid. Follow the arrow that enters the sigmoid."
            ),
            example='feeds_sigmoid = "DivBackward0"',
            detect=_feeds_something_else,
            see=SEE_READING,
        ),
        Mistake(
            id="minus_as_add",
            message=(
                "A subtraction is recorded as its own operation, not as an addition of a negative "
                "number: look at the grey name in the box that feeds the sigmoid."
            ),
            example='feeds_sigmoid = "AddBackward0"',
            see=SEE_READING,
        ),
    ],
)

# ---------------------------------------------------------------- q4: the gradient argument


q4 = Exercise(
    id="02.q4",
    question=(
        "Make x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True) and y = x**2 afresh, then "
        "call y.backward() with the `gradient` argument so that x.grad is the gradient of "
        "L = (weights * y).sum(), without computing L. The check reads x.grad."
    ),
    setup="""
import torch

weights = torch.tensor([0.5, 1.0, 2.0])
""",
    placeholder="x = ...\ny = ...\n# call y.backward(gradient=...) here",
    solution="""
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x**2
y.backward(gradient=weights)  # dL/dy is weights; backward multiplies by dy/dx = 2 * x
""",
    answer=Grad("x"),
    hints=[
        "gradient= is dL/dy: how much L changes per unit change of each element of y.",
        "L = (weights * y).sum(), so dL/dy[i] = weights[i].",
        "y.backward(gradient=weights)",
    ],
    mistakes=[
        Mistake(
            id="gradient_ones",
            message=(
                "That is the gradient of y.sum(): gradient=torch.ones(3) weights every element "
                "of y by 1. Here each y[i] counts weights[i] times in L, so pass the weights."
            ),
            example="""
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x**2
y.backward(gradient=torch.ones(3))
""",
            see=SEE_GRADIENT,
        ),
        Mistake(
            id="passed_dL_dx",
            message=(
                "You multiplied by dy/dx = 2 * x yourself, and backward() multiplied by it again. "
                "gradient= is dL/dy only; backward() applies the chain rule from there."
            ),
            example="""
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x**2
y.backward(gradient=weights * 2 * x.detach())
""",
            see=SEE_GRADIENT,
        ),
        mistakes.forgot_requires_grad(
            example="x = torch.tensor([1.0, 2.0, 3.0])\ny = x**2",
            see=SEE_GRADIENT,
        ),
        Mistake(
            id="forgot_backward",
            message="`x.grad` stays None until you call y.backward(gradient=...).",
            example="x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x**2",
            detect=mistakes.forgot_backward,
            see=SEE_GRADIENT,
        ),
        mistakes.grad_multiplied(
            example="""
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x**2
y.backward(gradient=weights, retain_graph=True)
y.backward(gradient=weights)
""",
        ),
    ],
)
