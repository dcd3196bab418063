"""Exercises for 01_why_autograd: derivatives by hand, a finite-difference check, then autograd.

Every lesson module has this shape: a Lesson, then q1, q2 ... declared as data. Reference
answers are built at the first check, never at import.
"""

import math

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Call, Function, Grad, Lesson, Mistake, Value, edit

lesson = Lesson("01_why_autograd", setup="import math\nimport torch\n")
CHAIN_RULE = "The chain rule by hand"
DIFFERENCES = "Checking with finite differences"

q1 = lesson.exercise(
    "q1",
    question=(
        "By hand, with the chain rule: the derivative of f(x) = sin(x**2) at x = 3.0. "
        "Write it as `dfdx_by_hand` (a number, or a one-element tensor)."
    ),
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
        Mistake("forgot_inner_derivative", edit(" * 2 * x", ""),
                "That is cos(x**2) only: the chain rule also multiplies by the derivative "
                "of the inside, x**2, which is 2*x.", see=CHAIN_RULE),
        # degrees and sign_of_cos: with the inside factor 2*x or, a second mistake, without it
        Mistake("degrees", edit("math.cos(x**2)", "math.cos(math.radians(x**2))"),
                "That is the cosine of 9 degrees: derivatives of sin and cos hold in radians "
                "(math.cos and torch.cos use radians). Is your calculator in degree mode?",
                detect=mistakes.same_as_any("dfdx_by_hand = math.cos(math.radians(9.0)) * 6.0",
                                            "dfdx_by_hand = math.cos(math.radians(9.0))")),
        Mistake("sign_of_cos", edit("= math.cos", "= -math.cos"),
                "The sign is flipped: the derivative of sin is +cos (cos gives -sin).",
                detect=mistakes.same_as_any("dfdx_by_hand = -math.cos(9.0) * 6.0",
                                            "dfdx_by_hand = -math.cos(9.0)")),
        Mistake("value_not_derivative", edit("math.cos(x**2) * 2 * x", "math.sin(x**2)"),
                "That is f(3.0), the value of the function, not its derivative."),
    ],
)

q2 = lesson.exercise(
    "q2",
    question=(
        "Write `finite_difference(f, x, h=1e-4)`: the central difference estimate of f'(x), "
        "(f(x + h) - f(x - h)) / (2 * h)."
    ),
    placeholder="def finite_difference(f, x, h=1e-4):\n    ...",
    solution="""
def finite_difference(f, x, h=1e-4):
    return (f(x + h) - f(x - h)) / (2 * h)
""",
    answer=Function("finite_difference", calls=lambda: [
        Call(lambda x: math.sin(x**2), 3.0, h=0.01), Call(lambda x: x**3, 2.0, h=0.01),
        Call(lambda x: x**3, -1.0),
    ]),
    hints=[
        "Evaluate f a little to the right of x and a little to the left, and compare.",
        "The two points x + h and x - h are 2 * h apart: divide their difference by that.",
    ],
    mistakes=[
        Mistake("forward_difference", edit("f(x - h)) / (2 * h)", "f(x)) / h"),
                "That is the forward difference (f(x + h) - f(x)) / h: it is less accurate. "
                "Use the points on both sides: (f(x + h) - f(x - h)) / (2 * h).", see=DIFFERENCES),
        Mistake("divided_by_h", edit("/ (2 * h)", "/ h"),
                "Twice too big: x + h and x - h are 2 * h apart, so divide by 2 * h.",
                see=DIFFERENCES),
        Mistake("missing_parentheses", edit("(f(x + h) - f(x - h))", "f(x + h) - f(x - h)"),
                "Only f(x - h) was divided: `a - b / c` means a - (b / c). Put the difference "
                "in parentheses: (f(x + h) - f(x - h)) / (2 * h)."),
        Mistake("sign_flipped", edit("(f(x + h) - f(x - h))", "(f(x - h) - f(x + h))"),
                "The sign is flipped: subtract the left value from the right one, "
                "f(x + h) - f(x - h), so that a rising function gets a positive slope.",
                see=DIFFERENCES),
    ],
)

q3 = lesson.exercise(
    "q3",
    question=(
        "With autograd: create `x` = 3.0 as a tensor that requires grad, compute "
        "`y = torch.sin(x ** 2)`, and call backward. The check reads `x.grad`."
    ),
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
        mistakes.forgot_requires_grad(edit(", requires_grad=True", "", "y.backward()", "")),
        Mistake("forgot_backward", edit("y.backward()", ""),
                "`x.grad` stays None until you call y.backward().",
                detect=mistakes.forgot_backward, see="Asking autograd"),
        mistakes.graph_broken(edit("torch.sin(x**2)",
                                   "torch.sin(torch.tensor(x.item() ** 2, requires_grad=True))")),
        mistakes.grad_multiplied(
            edit("y.backward()", "y.backward(retain_graph=True)\ny.backward()")),
    ],
)

q4 = lesson.exercise(
    "q4",
    question=(
        "Predict, then run. With `w = torch.tensor(3.0, requires_grad=True)` and `y = w * w`, "
        "what will `w.grad` be after `y.backward()`? Write your prediction, a number, as "
        "`predicted_grad` before running anything; the check runs it and compares."
    ),
    placeholder="predicted_grad = ...",
    solution="""
# w is used twice: y = w * w = w**2, so dy/dw = 2 * w; autograd adds one w per use: 3 + 3
predicted_grad = 2 * 3.0
""",
    answer=Value("predicted_grad"),
    confirm=(
        "w = torch.tensor(3.0, requires_grad=True)\ny = w * w\ny.backward()\n"
        "print(f'Autograd agrees: w.grad = {w.grad:.4f}. Each of the two uses of w adds its own "
        "share, w.grad = 3.0 + 3.0: the same as d(w**2)/dw = 2 * w.')"
    ),
    hints=[
        "w * w is the same function as w**2: what is the derivative of w**2?",
        "Or count the uses: w appears twice, and each use, with the other held fixed, "
        "contributes the other factor, 3.0. Autograd adds the contributions.",
    ],
    mistakes=[
        Mistake("one_use_only", edit("2 * 3.0", "3.0"),
                "That counts one use of w only, as if the other w were a fixed 3.0. Both "
                "factors are w: each use contributes 3.0 and autograd adds them, so w.grad "
                "is 3.0 + 3.0 = 6.0, the derivative of w**2, 2 * w. Run y.backward() and see.",
                see="Asking autograd"),
        Mistake("value_not_gradient", edit("2 * 3.0", "3.0 * 3.0"),
                "That is y itself, w * w = 9.0, not its derivative. y.backward() stores dy/dw "
                "in w.grad: 2 * w = 6.0 at w = 3.0. Run it and see.", see="Asking autograd"),
        Mistake("forgot_times_w", edit("2 * 3.0", "2.0"),
                "2 is only the exponent brought down: the derivative of w**2 is 2 * w, taken "
                "at w = 3.0, so 6.0. Run y.backward() and see.", see="Asking autograd"),
    ],
)
