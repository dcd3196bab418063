"""Exercises for 02_the_computation_graph: leaves, .grad, reading a drawn graph, `gradient=`."""

import torch

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Grad, Lesson, Mistake, Names, Value, edit

# The tensors of section 'Leaves and non-leaves': q1 and q2 ask about them.
LEAVES_SETUP = """
import torch

a = torch.tensor(1.5, requires_grad=True)
k = torch.tensor(4.0)
m = k * 2
c = a * m
d = torch.sigmoid(c)
e = d + a
"""
lesson = Lesson("02_the_computation_graph", setup=LEAVES_SETUP)
LEAVES = "Leaves and non-leaves"
RETAIN_GRAD = "retain_grad()"
READING = "Reading a graph"
GRADIENT = "The gradient argument"
SHORT_TITLES = {"sub", "subtract", "minus", "-", "rsub"}  # q3: the bold title, not the grey name
# q1 and q2 both ask for names of the setup's tensors.
# A tensor on its own (gets_grad = a) is a tensor given for its name too.
NOT_NAMES = (
    mistakes.tensors_not_names(
        edit('"', ""),
        detect=lambda attempt: torch.is_tensor(attempt.got) or mistakes.gave_objects(attempt)),
    mistakes.unknown_name(edit('"a"', '"x"')),
)

q1 = lesson.exercise(
    "q1",
    question=(
        "Which of the tensors a, k, m, c, d, e are leaves? Write their names as a set of "
        'strings in `leaves`, e.g. leaves = {"a", "d"}.'
    ),
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
        *NOT_NAMES,
        Mistake("intermediates_as_leaves", edit('"m"}', '"m", "e"}'),
                "Not leaves: {names}. Each came out of an operation on a tensor that requires "
                "grad, so autograd recorded it and gave it a grad_fn.",
                detect=mistakes.names_include("c", "d", "e"), see=LEAVES),
        Mistake("missing_a", edit('"a", ', ""),
                "a is a leaf: a tensor you create with requires_grad=True (a parameter) is the "
                "typical leaf, and the one whose .grad backward() fills.",
                detect=mistakes.names_miss("a"), see=LEAVES),
        Mistake("missing_k", edit(', "k", "m"', ""),
                "k is a leaf too: you made it with torch.tensor, so no operation made it. Being a "
                "leaf has nothing to do with requires_grad.",
                detect=mistakes.names_miss("k"), see=LEAVES),
        Mistake("missing_m", edit(', "m"', ""),
                "m is a leaf too: m = k * 2 was computed, but only from k, which does not require "
                "grad. Autograd recorded nothing, so m has no grad_fn.",
                detect=mistakes.names_miss("m"), see=LEAVES),
    ],
)

q2 = lesson.exercise(
    "q2",
    question=(
        "After e.backward(), which of the tensors a, k, m, c, d, e have their .grad filled "
        '(not None)? Write their names as a set of strings in `gets_grad`, e.g. {"a", "d"}.'
    ),
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
        *NOT_NAMES,
        Mistake("output_gets_grad", edit('"a"', '"a", "e"'), "e is where backward() starts, "
                "but it is not a leaf: autograd does not store a .grad for it either.",
                detect=mistakes.names_include("e"), see=RETAIN_GRAD),
        Mistake("intermediates_get_grad", edit('"a"', '"a", "c", "d"'), "No .grad for {names}: "
                "an intermediate result (a tensor with a grad_fn) passes gradients on during "
                "backward() but keeps none in .grad, unless you call .retain_grad() on it first.",
                detect=mistakes.names_include("c", "d"), see=RETAIN_GRAD),
        Mistake("untracked_leaves_get_grad", edit('"a"', '"a", "k", "m"'), "No .grad for "
                "{names}: a leaf that does not require grad is not tracked by autograd, and "
                "backward() never fills its .grad.",
                detect=mistakes.names_include("k", "m"), see=LEAVES),
        Mistake("missing_a", edit('{"a"}', "set()"),
                "a requires grad and e depends on it (through c and directly): e.backward() "
                "fills a.grad.", detect=mistakes.names_miss("a"), see=LEAVES),
    ],
)

q3 = lesson.exercise(
    "q3",
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
        Mistake("short_title", edit("SubBackward0", "sub"),
                "Right box! Give the name of its backward node, the grey line under the title: "
                "it ends in Backward0.", see=READING,
                detect=lambda attempt: attempt.got.strip().lower() in SHORT_TITLES),
        Mistake("spelled_differently", edit("SubBackward0", "subbackward0"),
                "Almost: write the name exactly as the picture shows it, with the same capital "
                "letters and no spaces.", detect=mistakes.spelled_differently),
        Mistake("the_sigmoid_itself", edit("SubBackward0", "SigmoidBackward0"),
                "SigmoidBackward0 is the sigmoid itself (q.grad_fn). The question asks for the "
                "operation whose result goes into the sigmoid.", see=READING,
                detect=lambda attempt: attempt.got.strip() in ("SigmoidBackward0", "sigmoid")),
        Mistake("feeds_something_else", edit("SubBackward0", "DivBackward0"),
                "{said} is in the graph, but its arrow goes into another box, not into the "
                "sigmoid. Follow the arrow that enters the sigmoid.", see=READING,
                detect=mistakes.said_one_of("MulBackward0", "DivBackward0", "mul", "div")),
        Mistake("minus_as_add", edit("SubBackward0", "AddBackward0"), "A subtraction is "
                "recorded as its own operation, not as an addition of a negative number: look at "
                "the grey name in the box that feeds the sigmoid.", see=READING,
                detect=mistakes.said_one_of("AddBackward0", "add")),
    ],
)

q4 = lesson.exercise(
    "q4",
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
        Mistake("gradient_ones", edit("gradient=weights", "gradient=torch.ones(3)"),
                "That is the gradient of y.sum(): gradient=torch.ones(3) weights every element "
                "of y by 1. Here each y[i] counts weights[i] times in L, so pass the weights.",
                see=GRADIENT),
        Mistake("passed_dL_dx", edit("gradient=weights", "gradient=weights * 2 * x.detach()"),
                "You multiplied by dy/dx = 2 * x yourself, and backward() multiplied by it again. "
                "gradient= is dL/dy only; backward() applies the chain rule from there.",
                see=GRADIENT),
        mistakes.forgot_requires_grad(
            edit(", requires_grad=True", "", "y.backward(gradient=weights)", ""), see=GRADIENT),
        Mistake("forgot_backward", edit("y.backward(gradient=weights)", ""),
                "`x.grad` stays None until you call y.backward(gradient=...).",
                detect=mistakes.forgot_backward, see=GRADIENT),
        mistakes.grad_multiplied(
            edit("y.backward(", "y.backward(gradient=weights, retain_graph=True)\ny.backward(")),
    ],
)
