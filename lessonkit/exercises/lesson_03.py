"""Exercises for 03_forward_pass: the sigmoid by hand, then the forward pass for a batch."""

import torch

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Call, Function, Lesson, Mistake, edit

# The batch of section 'A batch of examples' (the same code as the notebook's cells); lesson
# 04 starts from it too.
BATCH = """
torch.manual_seed(0)
X = torch.tensor([[2.0, 7.0, 1.0],
                  [0.5, 5.0, 3.0],
                  [4.0, 8.0, 0.0],
                  [1.0, 4.0, 2.0],
                  [3.0, 6.0, 1.0]])
w = torch.tensor([0.8, 0.3, -0.5])
b = torch.tensor(-2.0)
"""
# What the notebook has run before q1: the imports and the batch.
SETUP = "import matplotlib.pyplot as plt\nimport torch\n\nimport lessonkit\n" + BATCH + """
z = X @ w + b
"""
# q2 comes after section 'The forward graph', which makes w and b parameters.
SETUP_GRAPH = SETUP + """
w = torch.tensor([0.8, 0.3, -0.5], requires_grad=True)
b = torch.tensor(-2.0, requires_grad=True)
p = torch.sigmoid(X @ w + b)
"""
lesson = Lesson("03_forward_pass", setup=SETUP)
SIGMOID = "The sigmoid"
MISTAKES = "Common mistakes"


def _forward_calls():
    """Fresh batches for every check: different N and D, b never 0."""
    g = torch.Generator().manual_seed(4)
    return [
        Call(torch.randn(4, 3, generator=g), torch.randn(3, generator=g), torch.tensor(0.5)),
        Call(torch.randn(6, 2, generator=g), torch.randn(2, generator=g), torch.tensor(-1.0)),
        Call(torch.randn(2, 5, generator=g), torch.randn(5, generator=g), torch.tensor(2.0)),
    ]


q1 = lesson.exercise(
    "q1",
    question=(
        "Write `sigmoid_by_hand(z)`: the sigmoid 1 / (1 + e^(-z)) of a tensor z of any shape, "
        "from the formula, with torch.exp (not torch.sigmoid). It should give the same "
        "numbers as torch.sigmoid(z)."
    ),
    placeholder="def sigmoid_by_hand(z):\n    ...",
    solution="""
def sigmoid_by_hand(z):
    return 1 / (1 + torch.exp(-z))
""",
    answer=Function("sigmoid_by_hand", calls=lambda: [  # a number, a row, a small batch
        Call(torch.tensor(2.0)), Call(torch.tensor([-3.0, -1.0, 0.0, 1.0, 3.0])),
        Call(torch.randn(2, 3, generator=torch.Generator().manual_seed(3)) * 3),
    ], track=(0,)),
    hints=[
        "torch.exp(t) computes e to the power of every element of t; -z flips every sign.",
        "Build the denominator first: 1 + torch.exp(-z). Then divide 1 by it.",
        "return 1 / (1 + torch.exp(-z)), with the brackets around the whole denominator.",
    ],
    mistakes=[
        Mistake("used_torch_sigmoid", edit("1 / (1 + torch.exp(-z))", "torch.sigmoid(z)"),
                "Your function calls a ready-made sigmoid. The numbers are right, but this "
                "exercise asks for the formula itself: 1 / (1 + torch.exp(-z)).",
                detect=mistakes.calls("sigmoid", "expit", "Sigmoid")),
        Mistake("forgot_minus", edit("(-z)", "(z)"),
                "That is 1 - sigmoid(z), the same as sigmoid(-z): large z should give a number "
                "near 1, and yours gives one near 0. The exponent is -z: "
                "1 / (1 + torch.exp(-z)).", see=SIGMOID),
        Mistake("missing_brackets", edit("(1 + torch.exp(-z))", "1 + torch.exp(-z)"),
                "Python divides before it adds: 1 / 1 + torch.exp(-z) is 1 + e^(-z), which is "
                "never below 1. Put brackets around the denominator: 1 / (1 + torch.exp(-z))."),
        Mistake("minus_in_denominator", edit("1 + torch", "1 - torch"),
                "The denominator is 1 + e^(-z), with a plus: with a minus it is 0 at z = 0 "
                "and the result is not a probability.", see=SIGMOID),
    ],
)

q2 = lesson.exercise(
    "q2",
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
    answer=Function("forward", calls=_forward_calls, track=(1, 2)),
    hints=[
        "Two steps: the logits z = X @ w + b, then the sigmoid of z.",
        "Mind the order in X @ w: the D of X's shape (N, D) must meet the D of w's shape "
        "(D,). w @ X puts them the wrong way round.",
        "return torch.sigmoid(X @ w + b)",
    ],
    mistakes=[
        Mistake("returned_z", edit("torch.sigmoid(z)", "z"),
                "You returned z = X @ w + b, the logits: they can be any number, negative or "
                "above 1. Return the probabilities, torch.sigmoid(z).", see=SIGMOID),
        Mistake("forgot_b", edit("X @ w + b", "X @ w"),
                "Your probabilities leave out the bias: add b to X @ w before the sigmoid, "
                "torch.sigmoid(X @ w + b).", see=MISTAKES),
        mistakes.sigmoid_twice(edit("torch.sigmoid(z)", "torch.sigmoid(torch.sigmoid(z))")),
        Mistake("column_not_vector", edit("X @ w", "X @ w.reshape(-1, 1)"),
                "Your numbers are right but the shape is (N, 1), a column; the expected shape "
                "is (N,). A column later meets targets of shape (N,) and broadcasting turns "
                "(N, 1) - (N,) into an (N, N) table. Keep w of shape (D,), or .squeeze(1) the "
                "result.", detect=mistakes.is_column, see=MISTAKES),
        Mistake("summed_the_batch", edit("X @ w + b", "(X * w).sum() + b"),
                "You returned one number for the whole batch: the sum ran over the examples "
                "as well as the features. Each example (each row of X) needs its own "
                "probability: X @ w sums over the features only.",
                detect=mistakes.one_number, see="A batch of examples"),
    ],
)
