"""Right and wrong answers learners write for 05_backward_pass (see ../test_variants.py)."""

FORWARD = "z = w * x + b\np = torch.sigmoid(z)\n"
FORWARD2 = "p2 = torch.sigmoid(X2 @ w2 + b2)\n"
BACKWARD_TWICE = """loss = F.binary_cross_entropy(torch.sigmoid(w * x + b), y)
loss.backward(retain_graph=True)
loss.backward()
"""
# The worked example's numbers (x = 1.5, w = 0.8, b = -0.5), still in the notebook's cells.
STALE_P = "p = torch.sigmoid(torch.tensor(0.8) * 1.5 - 0.5)\n"
STALE_NUMBERS = "x_, y_, p_ = 1.5, 1.0, torch.sigmoid(torch.tensor(0.7)).item()\n"
# The chain with plain numbers, as the notebook writes it, for this exercise's example.
CHAIN = """p_ = torch.sigmoid(w * x + b).item()
dL_dp = -y.item() / p_ + (1 - y.item()) / (1 - p_)
dp_dz = p_ * (1 - p_)
"""

RIGHT = {
    "05.q1": [
        "grad_w_by_hand = float((torch.sigmoid(w * x + b) - y) * x)",
        CHAIN + "grad_w_by_hand = dL_dp * dp_dz * x.item()",
        "grad_w_by_hand = ((torch.special.expit(w * x + b) - y) * x).detach()",
        "z = w * x + b\np = 1 / (1 + torch.exp(-z))\ngrad_w_by_hand = (p - y) * x",
        "grad_w_by_hand = ((torch.sigmoid(w.double() * x + b) - y) * x).detach()",
        "import math\np = 1 / (1 + math.exp(-(0.3 * -2 + 0.4)))\ngrad_w_by_hand = (p - 1) * -2",
        "with torch.no_grad():\n    p = torch.sigmoid(w * x + b)\n    grad_w_by_hand = (p - y) * x",
    ],
    "05.q2": [
        "grad_b_by_hand = float(torch.sigmoid(w * x + b) - y)",
        "with torch.no_grad():\n    grad_b_by_hand = torch.special.expit(w * x + b) - y",
        CHAIN + "grad_b_by_hand = dL_dp * dp_dz * 1.0",
        "grad_b_by_hand = torch.sigmoid(w.detach().double() * x + b.detach()) - y",
    ],
    "05.q3": [
        FORWARD2 + "grad_w_batch = ((p2 - y2)[:, None] * X2).mean(dim=0)",
        FORWARD2 + "grad_w_batch = (p2 - y2) @ X2 / X2.shape[0]",
        "p2 = torch.special.expit(X2 @ w2 + b2)\n"
        "grad_w_batch = torch.einsum('ni,n->i', X2, p2 - y2) / len(X2)",
        FORWARD2 + "grad_w_batch = torch.zeros(3)\nfor i in range(6):\n"
        "    grad_w_batch += (p2[i] - y2[i]) * X2[i]\ngrad_w_batch /= 6",
        FORWARD2 + "grad_w_batch = X2.double().T @ (p2.double() - y2.double()) / len(y2)",
        FORWARD2 + "grad_w_batch = (X2 * (p2 - y2).unsqueeze(1)).sum(0) / 6",
    ],
}

WRONG = {
    "05.q1": [
        ("grad_w_by_hand = ((y - torch.sigmoid(w * x + b)) * x).item()", "sign_flipped"),
        (FORWARD + "grad_w_by_hand = -(p - y) * x", "sign_flipped"),
        ("grad_w_by_hand = float(torch.sigmoid(w * x + b) - y)", "forgot_x"),
        # half-done: the chain stopped at dL/dz
        (CHAIN + "grad_w_by_hand = dL_dp * dp_dz", "forgot_x"),
        ("grad_w_by_hand = ((w * x + b - y) * x).item()", "used_z"),
        (FORWARD + "grad_w_by_hand = float((z - y) * x)", "used_z"),
        (FORWARD + "grad_w_by_hand = (p * (1 - p) * (p - y) * x).item()",
         "sigmoid_derivative_twice"),
        (CHAIN + "grad_w_by_hand = dL_dp * dp_dz * dp_dz * x.item()",
         "sigmoid_derivative_twice"),
        (FORWARD + "grad_w_by_hand = (p * x).item()", "forgot_y"),
        ("grad_w_by_hand = (torch.sigmoid(w * x + b) * x).item()", "forgot_y"),
        ("loss = F.binary_cross_entropy(torch.sigmoid(w * x + b), y)\nfor _ in range(3):\n"
         "    loss.backward(retain_graph=True)\ngrad_w_by_hand = w.grad.item()", "grad_multiplied"),
        (BACKWARD_TWICE + "grad_w_by_hand = w.grad", "grad_multiplied"),
        # two mistakes at once (sign flipped, x forgotten): neither message describes it
        (FORWARD + "grad_w_by_hand = (y - p).item()", None),
        # twice the gradient, without any backward(): not gradients adding up in .grad
        (FORWARD + "grad_w_by_hand = ((p - y) * x * 2).item()", None),
        (FORWARD + "dL_dp = -y / p + (1 - y) / (1 - p)\ngrad_w_by_hand = (dL_dp * x).item()",
         None),
        (FORWARD + "grad_w_by_hand = ((p - y) * w).item()", None),
        (STALE_NUMBERS + "grad_w_by_hand = (p_ - y_) * x_", None),
        (STALE_P + "grad_w_by_hand = ((p - y) * x).item()", None),
        (FORWARD + "grad_w_by_hand = torch.tensor([((p - y) * x).item(), (p - y).item()])",
         None),
    ],
    "05.q2": [
        (FORWARD + "grad_b_by_hand = (y - p).item()", "sign_flipped"),
        (FORWARD + "grad_b_by_hand = -(p - y)", "sign_flipped"),
        ("grad_b_by_hand = ((torch.sigmoid(w * x + b) - y) * x).item()", "multiplied_by_x"),
        (FORWARD + "grad_b_by_hand = float(x * (p - y))", "multiplied_by_x"),
        (FORWARD + "grad_b_by_hand = (z - y).item()", "used_z"),
        ("grad_b_by_hand = (w * x + b - y).detach()", "used_z"),
        (FORWARD + "grad_b_by_hand = ((p - y) * p * (1 - p)).item()", "sigmoid_derivative_twice"),
        (CHAIN + "grad_b_by_hand = dL_dp * dp_dz * dp_dz", "sigmoid_derivative_twice"),
        (BACKWARD_TWICE + "grad_b_by_hand = b.grad.item()", "grad_multiplied"),
        ("loss = F.binary_cross_entropy(torch.sigmoid(w * x + b), y)\nfor _ in range(3):\n"
         "    loss.backward(retain_graph=True)\ngrad_b_by_hand = b.grad.clone()",
         "grad_multiplied"),
        # q1's sign-flipped answer, (y - p) * x: with x = -2 it is twice dL/db, but no backward()
        # ran twice
        (FORWARD + "grad_b_by_hand = ((y - p) * x).item()", None),
        (FORWARD + "grad_b_by_hand = (p - y) * 2", None),
        (FORWARD + "grad_b_by_hand = p.item()", None),
        (FORWARD + "grad_b_by_hand = ((p - y) * b).item()", None),
        (FORWARD + "grad_b_by_hand = ((z - y) * x).item()", None),
        (STALE_P + "grad_b_by_hand = (p - y).item()", None),
        (FORWARD + "grad_b_by_hand = (p - y, (p - y) * x)", None),
    ],
    "05.q3": [
        (FORWARD2 + "grad_w_batch = X2.T @ (p2 - y2)", "forgot_mean"),
        (FORWARD2 + "grad_w_batch = (p2 - y2) @ X2", "forgot_mean"),
        (FORWARD2 + "grad_w_batch = ((p2 - y2)[:, None] * X2).sum(0)", "forgot_mean"),
        (FORWARD2 + "grad_w_batch = (p2 - y2).unsqueeze(1) * X2", "not_summed"),
        (FORWARD2 + "grad_w_batch = X2 * (p2 - y2)[:, None] / len(y2)", "not_summed"),
        (FORWARD2 + "grad_w_batch = X2.T @ (y2 - p2) / len(y2)", "sign_flipped"),
        (FORWARD2 + "grad_w_batch = -X2.T @ (p2 - y2) / len(y2)", "sign_flipped"),
        ("z2 = X2 @ w2 + b2\ngrad_w_batch = X2.T @ (z2 - y2) / len(y2)", "used_z"),
        ("grad_w_batch = (X2 @ w2 + b2 - y2) @ X2 / 6", "used_z"),
        ("w2.requires_grad_(True)\n"
         "loss = F.binary_cross_entropy(torch.sigmoid(X2 @ w2 + b2), y2)\n"
         "loss.backward(retain_graph=True)\nloss.backward()\ngrad_w_batch = w2.grad",
         "grad_multiplied"),
        ("w2.requires_grad_(True)\n"
         "loss = F.binary_cross_entropy(torch.special.expit(X2 @ w2 + b2), y2)\n"
         "for _ in range(3):\n    loss.backward(retain_graph=True)\n"
         "grad_w_batch = w2.grad.detach().clone()", "grad_multiplied"),
        # divided by the 3 features instead of the 6 examples: twice the gradient, but no
        # backward() ran twice
        (FORWARD2 + "grad_w_batch = X2.T @ (p2 - y2) / X2.shape[1]", None),
        (FORWARD2 + "grad_w_batch = X2.T @ (p2 - y2) / len(w2)", None),
        ("p2 = torch.sigmoid(X2 @ w2)\ngrad_w_batch = X2.T @ (p2 - y2) / len(y2)", None),
        (FORWARD2 + "grad_w_batch = ((p2 - y2)[:, None] * X2).mean()", None),
        (FORWARD2 + "grad_w_batch = ((p2 - y2)[:, None] * X2).mean(dim=1)", None),
        (FORWARD2 + "grad_w_batch = (p2 - y2).mean()", None),
        (FORWARD2 + "grad_w_batch = X2.T @ ((p2 - y2) * p2 * (1 - p2)) / len(y2)", None),
        (FORWARD2 + "grad_w_batch = X2.T @ (y2 - p2)", None),
        (FORWARD2 + "grad_w_batch = (X2.T @ (p2 - y2) / len(y2))[:, None]", None),
        (FORWARD2 + "grad_w_batch = (X2.T @ (p2 - y2) / len(y2)).tolist()", None),
        # the worked example's batch, copied with its names (8 examples, 2 features)
        ("torch.manual_seed(1)\nX = torch.randn(8, 2)\ny = (X[:, 0] + X[:, 1] > 0).float()\n"
         "w = torch.tensor([0.2, -0.4])\nb = torch.tensor(0.1)\np = torch.sigmoid(X @ w + b)\n"
         "grad_w_batch = X.T @ (p - y) / len(y)", None),
    ],
}
