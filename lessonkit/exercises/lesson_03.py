"""Exercises for 03_forward_pass: the sigmoid by hand, then the forward pass for a batch.

    from lessonkit.exercises import lesson_03 as ex
    ex.q1.check()      ex.q1.hint()      ex.q1.hint(2)      ex.q1.solution()

Everything here is data: strings of code, and small functions. Nothing is computed at
import time; the reference answers are built at the first check.
"""

import torch

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Call, Exercise, Function, Mistake

LESSON = "03_forward_pass"

SEE_SIGMOID = mistakes.SEE_SIGMOID
SEE_BATCH = "03_forward_pass, section 'A batch of examples'"
SEE_MISTAKES = "03_forward_pass, section 'Common mistakes'"

# What the notebook has run before q1: the imports and the batch of section 'A batch of
# examples' (the same code as the notebook's cells).
SETUP = """
import matplotlib.pyplot as plt
import torch

import lessonkit

torch.manual_seed(0)
X = torch.tensor([[2.0, 7.0, 1.0],
                  [0.5, 5.0, 3.0],
                  [4.0, 8.0, 0.0],
                  [1.0, 4.0, 2.0],
                  [3.0, 6.0, 1.0]])
w = torch.tensor([0.8, 0.3, -0.5])
b = torch.tensor(-2.0)
z = X @ w + b
"""

# q2 comes after section 'The forward graph', which makes w and b parameters.
SETUP_GRAPH = (
    SETUP
    + """
w = torch.tensor([0.8, 0.3, -0.5], requires_grad=True)
b = torch.tensor(-2.0, requires_grad=True)
p = torch.sigmoid(X @ w + b)
"""
)



def _calls_sigmoid(attempt) -> bool:
    """The learner's function calls a ready-made sigmoid (torch.sigmoid, F.sigmoid, .sigmoid())."""
    return "sigmoid" in mistakes.code_names(attempt.value.__code__)


# ---------------------------------------------------------------- q1: the sigmoid by hand


def _sigmoid_calls():
    """Fresh inputs for every check: a number, a row of logits, a small batch."""
    g = torch.Generator().manual_seed(3)
    return [
        Call(torch.tensor(2.0)),
        Call(torch.tensor([-3.0, -1.0, 0.0, 1.0, 3.0])),
        Call(torch.randn(2, 3, generator=g) * 3),
    ]


q1 = Exercise(
    id="03.q1",
    question=(
        "Write `sigmoid_by_hand(z)`: the sigmoid 1 / (1 + e^(-z)) of a tensor z of any shape, "
        "from the formula, with torch.exp (not torch.sigmoid). It should give the same "
        "numbers as torch.sigmoid(z)."
    ),
    setup=SETUP,
    placeholder="def sigmoid_by_hand(z):\n    ...",
    solution="""
def sigmoid_by_hand(z):
    return 1 / (1 + torch.exp(-z))
""",
    answer=Function("sigmoid_by_hand", calls=_sigmoid_calls),
    hints=[
        "torch.exp(t) computes e to the power of every element of t; -z flips every sign.",
        "Build the denominator first: 1 + torch.exp(-z). Then divide 1 by it.",
        "return 1 / (1 + torch.exp(-z)), with the brackets around the whole denominator.",
    ],
    mistakes=[
        Mistake(
            id="used_torch_sigmoid",
            message=(
                "Your function calls a ready-made sigmoid. The numbers are right, but this "
                "exercise asks for the formula itself: 1 / (1 + torch.exp(-z))."
            ),
            example="""
def sigmoid_by_hand(z):
    return torch.sigmoid(z)
""",
            detect=_calls_sigmoid,
        ),
        Mistake(
            id="forgot_minus",
            message=(
                "That is 1 - sigmoid(z), the same as sigmoid(-z): large z should give a "
                "number near 1, and yours gives one near 0. The exponent is -z: "
                "1 / (1 + torch.exp(-z))."
            ),
            example="""
def sigmoid_by_hand(z):
    return 1 / (1 + torch.exp(z))
""",
            see=SEE_SIGMOID,
        ),
        Mistake(
            id="missing_brackets",
            message=(
                "Python divides before it adds: 1 / 1 + torch.exp(-z) is 1 + e^(-z), which is "
                "never below 1. Put brackets around the denominator: 1 / (1 + torch.exp(-z))."
            ),
            example="""
def sigmoid_by_hand(z):
    return 1 / 1 + torch.exp(-z)
""",
        ),
        Mistake(
            id="minus_in_denominator",
            message=(
                "The denominator is 1 + e^(-z), with a plus: with a minus it is 0 at z = 0 "
                "and the result is not a probability."
            ),
            example="""
def sigmoid_by_hand(z):
    return 1 / (1 - torch.exp(-z))
""",
            see=SEE_SIGMOID,
        ),
    ],
)


# ---------------------------------------------------------------- q2: the forward pass


def _forward_calls():
    """Fresh batches for every check: different N and D, b never 0."""
    g = torch.Generator().manual_seed(4)
    return [
        Call(torch.randn(4, 3, generator=g), torch.randn(3, generator=g), torch.tensor(0.5)),
        Call(torch.randn(6, 2, generator=g), torch.randn(2, generator=g), torch.tensor(-1.0)),
        Call(torch.randn(2, 5, generator=g), torch.randn(5, generator=g), torch.tensor(2.0)),
    ]


def _is_column(attempt) -> bool:
    """Every output has shape (N, 1) and holds the right numbers: a column, not a vector."""
    return all(
        got.shape == (*want.shape, 1) and mistakes.close(got.squeeze(-1), want)
        for got, want in mistakes.pairs(attempt)
    )


def _one_number(attempt) -> bool:
    """Every output is a single number where one probability per example was due."""
    return all(
        mistakes.as_tensor(got).dim() == 0 and want.dim() == 1
        for got, want in mistakes.pairs(attempt)
    )


q2 = Exercise(
    id="03.q2",
    question=(
        "Write `forward(X, w, b)` for a batch: X has shape (N, D) (one example per row), "
        "w has shape (D,) and b is a single number. Return the probabilities "
        "sigmoid(X @ w + b), a tensor of shape (N,): one probability per example."
    ),
    setup=SETUP_GRAPH,
    placeholder="def forward(X, w, b):\n    ...",
    solution="""
def forward(X, w, b):
    z = X @ w + b          # (N, D) @ (D,) -> (N,); b is added to every element
    return torch.sigmoid(z)
""",
    answer=Function("forward", calls=_forward_calls),
    hints=[
        "Two steps: the logits z = X @ w + b, then the sigmoid of z.",
        "Mind the order in X @ w: the D of X's shape (N, D) must meet the D of w's shape "
        "(D,). w @ X puts them the wrong way round.",
        "return torch.sigmoid(X @ w + b)",
    ],
    mistakes=[
        Mistake(
            id="returned_z",
            message=(
                "You returned z = X @ w + b, the logits: they can be any number, negative or "
                "above 1. Return the probabilities, torch.sigmoid(z)."
            ),
            example="""
def forward(X, w, b):
    return X @ w + b
""",
            see=SEE_SIGMOID,
        ),
        Mistake(
            id="forgot_b",
            message=(
                "Your probabilities leave out the bias: add b to X @ w before the sigmoid, "
                "torch.sigmoid(X @ w + b)."
            ),
            example="""
def forward(X, w, b):
    return torch.sigmoid(X @ w)
""",
            see=SEE_MISTAKES,
        ),
        mistakes.sigmoid_twice(
            example="""
def forward(X, w, b):
    p = torch.sigmoid(X @ w + b)
    return torch.sigmoid(p)
""",
        ),
        Mistake(
            id="column_not_vector",
            message=(
                "Your numbers are right but the shape is (N, 1), a column; the expected "
                "shape is (N,). A column later meets targets of shape (N,) and broadcasting "
                "turns (N, 1) - (N,) into an (N, N) table. Keep w of shape (D,), or "
                ".squeeze(1) the result."
            ),
            example="""
def forward(X, w, b):
    return torch.sigmoid(X @ w.reshape(-1, 1) + b)
""",
            detect=_is_column,
            see=SEE_MISTAKES,
        ),
        Mistake(
            id="summed_the_batch",
            message=(
                "You returned one number for the whole batch: the sum ran over the examples "
                "as well as the features. Each example (each row of X) needs its own "
                "probability: X @ w sums over the features only."
            ),
            example="""
def forward(X, w, b):
    return torch.sigmoid((X * w).sum() + b)
""",
            detect=_one_number,
            see=SEE_BATCH,
        ),
    ],
)
