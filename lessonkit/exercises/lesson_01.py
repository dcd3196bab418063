"""Exercises for 01_why_autograd: derivatives by hand, a finite-difference check, then autograd.

This module is the template for lessons 02-10: copy its shape.

    from lessonkit.exercises import lesson_01 as ex
    ex.q1.check()      ex.q1.hint()      ex.q1.hint(2)      ex.q1.solution()

Everything here is data: strings of code, and small functions. Nothing is computed at
import time; the reference answers are built at the first check.
"""

import math

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Call, Exercise, Function, Grad, Mistake, Value

LESSON = "01_why_autograd"

# What the notebook has run before its exercise cells (imports, data ...).
SETUP = """
import math
import torch
"""

# ---------------------------------------------------------------- q1: a value

q1 = Exercise(
    id="01.q1",
    question=(
        "By hand, with the chain rule: the derivative of f(x) = sin(x**2) at x = 3.0. "
        "Write it as `dfdx_by_hand` (a number, or a one-element tensor)."
    ),
    setup=SETUP,
    placeholder="dfdx_by_hand = ...",
    solution="""
# outside: sin(u) -> cos(u); inside: u = x**2 -> 2*x; multiply them
x = 3.0
dfdx_by_hand = math.cos(x**2) * 2 * x
""",
    answer=Value("dfdx_by_hand"),
    hints=[
        "f is a function inside a function: the outside is sin(u), the inside is u = x**2.",
        "The chain rule: f'(x) = cos(u) * du/dx, with u = x**2 and du/dx = 2*x.",
        "Compute math.cos(3.0**2) * 2 * 3.0 (math.cos works in radians).",
    ],
    mistakes=[
        Mistake(
            id="forgot_inner_derivative",
            message=(
                "That is cos(x**2) only: the chain rule also multiplies by the derivative "
                "of the inside, x**2, which is 2*x."
            ),
            example="dfdx_by_hand = math.cos(3.0**2)",
            see="01_why_autograd, section 'The chain rule by hand'",
        ),
        Mistake(
            id="degrees",
            message=(
                "That is the cosine of 9 degrees: derivatives of sin and cos hold in radians "
                "(math.cos and torch.cos use radians). Is your calculator in degree mode?"
            ),
            example="dfdx_by_hand = math.cos(math.radians(3.0**2)) * 2 * 3.0",
        ),
        Mistake(
            id="sign_of_cos",
            message="The sign is flipped: the derivative of sin is +cos (cos gives -sin).",
            example="dfdx_by_hand = -math.cos(3.0**2) * 2 * 3.0",
        ),
        Mistake(
            id="value_not_derivative",
            message="That is f(3.0), the value of the function, not its derivative.",
            example="dfdx_by_hand = math.sin(3.0**2)",
        ),
    ],
)

# ---------------------------------------------------------------- q2: a function


def _sin_of_square(x):
    return math.sin(x**2)


def _cube(x):
    return x**3


def _test_calls():
    """Fresh inputs for every check: (f, x) pairs the learner's function must handle."""
    return [Call(_sin_of_square, 3.0, h=0.01), Call(_cube, 2.0, h=0.01), Call(_cube, -1.0)]


q2 = Exercise(
    id="01.q2",
    question=(
        "Write `finite_difference(f, x, h=1e-4)`: the central difference estimate of f'(x), "
        "(f(x + h) - f(x - h)) / (2 * h)."
    ),
    setup=SETUP,
    placeholder="def finite_difference(f, x, h=1e-4):\n    ...",
    solution="""
def finite_difference(f, x, h=1e-4):
    return (f(x + h) - f(x - h)) / (2 * h)
""",
    answer=Function("finite_difference", calls=_test_calls),
    hints=[
        "Evaluate f a little to the right of x and a little to the left, and compare.",
        "The two points x + h and x - h are 2 * h apart: divide their difference by that.",
    ],
    mistakes=[
        Mistake(
            id="forward_difference",
            message=(
                "That is the forward difference (f(x + h) - f(x)) / h: it is less accurate. "
                "Use the points on both sides: (f(x + h) - f(x - h)) / (2 * h)."
            ),
            example="""
def finite_difference(f, x, h=1e-4):
    return (f(x + h) - f(x)) / h
""",
            see="01_why_autograd, section 'Checking with finite differences'",
        ),
        Mistake(
            id="divided_by_h",
            message="Twice too big: x + h and x - h are 2 * h apart, so divide by 2 * h.",
            example="""
def finite_difference(f, x, h=1e-4):
    return (f(x + h) - f(x - h)) / h
""",
            see="01_why_autograd, section 'Checking with finite differences'",
        ),
        Mistake(
            id="missing_parentheses",
            message=(
                "Only f(x - h) was divided: `a - b / c` means a - (b / c). Put the difference "
                "in parentheses: (f(x + h) - f(x - h)) / (2 * h)."
            ),
            example="""
def finite_difference(f, x, h=1e-4):
    return f(x + h) - f(x - h) / (2 * h)
""",
        ),
        Mistake(
            id="sign_flipped",
            message=(
                "The sign is flipped: subtract the left value from the right one, "
                "f(x + h) - f(x - h), so that a rising function gets a positive slope."
            ),
            example="""
def finite_difference(f, x, h=1e-4):
    return (f(x - h) - f(x + h)) / (2 * h)
""",
            see="01_why_autograd, section 'Checking with finite differences'",
        ),
    ],
)

# ---------------------------------------------------------------- q3: a gradient


q3 = Exercise(
    id="01.q3",
    question=(
        "With autograd: create `x` = 3.0 as a tensor that requires grad, compute "
        "`y = torch.sin(x ** 2)`, and call backward. The check reads `x.grad`."
    ),
    setup=SETUP,
    placeholder="x = ...\ny = ...\n# call backward here",
    solution="""
x = torch.tensor(3.0, requires_grad=True)
y = torch.sin(x**2)
y.backward()
""",
    answer=Grad("x"),
    hints=[
        "torch.tensor(3.0, requires_grad=True) asks autograd to record what is computed from x.",
        "After y.backward(), the derivative dy/dx is in x.grad.",
    ],
    mistakes=[
        mistakes.forgot_requires_grad(
            example="x = torch.tensor(3.0)\ny = torch.sin(x**2)",
        ),
        Mistake(
            id="forgot_backward",
            message="`x.grad` stays None until you call y.backward().",
            example="x = torch.tensor(3.0, requires_grad=True)\ny = torch.sin(x**2)",
            detect=mistakes.forgot_backward,
            see="01_why_autograd, section 'Asking autograd'",
        ),
        mistakes.graph_broken(
            example="""
x = torch.tensor(3.0, requires_grad=True)
y = torch.sin(torch.tensor(x.item() ** 2, requires_grad=True))
y.backward()
""",
        ),
        mistakes.grad_multiplied(
            example="""
x = torch.tensor(3.0, requires_grad=True)
for _ in range(2):
    y = torch.sin(x**2)
    y.backward()
""",
        ),
    ],
)
