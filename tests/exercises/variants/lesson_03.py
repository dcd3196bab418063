"""Right and wrong answers learners write for 03_forward_pass (see ../test_variants.py)."""

SIG = "def sigmoid_by_hand(z):\n    "
FWD = "def forward(X, w, b):\n    "

RIGHT = {
    "03.q1": [
        SIG + "return torch.exp(z) / (1 + torch.exp(z))",
        SIG + "return 1.0 / (1.0 + (-z).exp())",
        SIG + "return (1 + torch.exp(-z)) ** -1",
        SIG + "return torch.reciprocal(1 + torch.exp(-z))",
        SIG + "e = torch.exp(-z)\n    denominator = 1 + e\n    return 1 / denominator",
        "import math\n\n" + SIG + "return 1 / (1 + math.e ** (-z))",
        SIG + "return 1 / (1 + torch.exp(-1 * z))",
    ],
    "03.q2": [
        FWD + "return (X @ w + b).sigmoid()",
        FWD + "return torch.sigmoid(torch.matmul(X, w) + b)",
        FWD + "return torch.sigmoid((X * w).sum(dim=1) + b)",
        FWD + "z = torch.mv(X, w) + b\n    return 1 / (1 + torch.exp(-z))",
        FWD + "return torch.sigmoid(w @ X.T + b)",
        FWD + "return torch.sigmoid(X @ w.reshape(-1, 1) + b).squeeze(1)",
        FWD + "z = X @ w\n    z = z + b\n    p = torch.sigmoid(z)\n    return p",
    ],
}

WRONG = {
    "03.q1": [
        (SIG + "return z.sigmoid()", "used_torch_sigmoid"),
        (SIG + "return torch.special.expit(z)", "used_torch_sigmoid"),
        ("sigmoid = torch.nn.Sigmoid()\n\n\n" + SIG + "return sigmoid(z)", "used_torch_sigmoid"),
        ("from torch.special import expit\n\n\n" + SIG + "return expit(z)", "used_torch_sigmoid"),
        (SIG + "return 1 / (1 + torch.exp(z))", "forgot_minus"),
        (SIG + "return 1 / (1 + z.exp())", "forgot_minus"),
        (SIG + "return torch.exp(-z) / (1 + torch.exp(-z))", "forgot_minus"),
        (SIG + "return 1/1 + torch.exp(-z)", "missing_brackets"),
        (SIG + "return 1 + torch.exp(-z)", "missing_brackets"),
        (SIG + "return 1 / (1 - torch.exp(-z))", "minus_in_denominator"),
        (SIG + "return (1 - (-z).exp()) ** -1", "minus_in_denominator"),
        # the graph is cut: the numbers are right, but no gradient reaches z
        (SIG + "return 1 / (1 + torch.exp(-z.detach()))", None),
        (SIG + "with torch.no_grad():\n        return 1 / (1 + torch.exp(-z))", None),
        (SIG + "return torch.tensor((1 / (1 + torch.exp(-z))).tolist())", None),
        # other functions and other formulas
        (SIG + "return torch.tanh(z)", None),
        (SIG + "return 1 / (1 + 2.7 ** (-z))", None),
        (SIG + "return 1 / (1 + torch.exp(-z)) ** 2", None),
        (SIG + "return torch.exp(-z) / (1 + torch.exp(-z)) ** 2", None),
        (SIG + "return 1 / (1 + torch.exp(-z)).sum()", None),
    ],
    "03.q2": [
        (FWD + "return X @ w + b", "returned_z"),
        (FWD + "z = torch.matmul(X, w) + b\n    return z", "returned_z"),
        (FWD + "return torch.sigmoid(X @ w)", "forgot_b"),
        (FWD + "return (X @ w).sigmoid()", "forgot_b"),
        (FWD + "p = torch.sigmoid(X @ w + b)\n    return torch.sigmoid(p)", "sigmoid_twice"),
        (FWD + "return torch.sigmoid(X @ w + b).sigmoid()", "sigmoid_twice"),
        (FWD + "return torch.sigmoid(X @ w[:, None] + b)", "column_not_vector"),
        (FWD + "return torch.sigmoid(X @ w.unsqueeze(1) + b)", "column_not_vector"),
        (FWD + "return torch.sigmoid(torch.sum(X * w) + b)", "summed_the_batch"),
        (FWD + "return torch.sigmoid((X @ w).sum() + b)", "summed_the_batch"),
        # the inner sizes do not meet: an error, not one of the mistakes above
        (FWD + "return torch.sigmoid(w @ X + b)", None),
        # the notebook's X instead of the argument
        ("def forward(x, w, b):\n    return torch.sigmoid(X @ w + b)", None),
        # the graph is cut
        (FWD + "return torch.sigmoid(X @ w + b).detach()", None),
        (FWD + "with torch.no_grad():\n        return torch.sigmoid(X @ w + b)", None),
        (FWD + "return torch.tensor([torch.sigmoid(x @ w + b).item() for x in X])", None),
        # other wrong answers
        (FWD + "return torch.sigmoid(X @ w + b) > 0.5", None),
        (FWD + "return torch.sigmoid(X @ w - b)", None),
        (FWD + "return torch.sigmoid(X @ w * b)", None),
        (FWD + "return torch.sigmoid(X @ w + b).tolist()", None),
    ],
}
