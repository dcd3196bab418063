"""Right and wrong answers learners write for 11_a_hidden_layer (see ../test_variants.py)."""

FWD = "def forward(X, W1, b1, W2, b2):\n    "
GV2 = "grad_V2_by_hand = "

RIGHT = {
    "11.q1": [
        FWD + "return torch.tanh(X @ W1 + b1) @ W2 + b2",
        FWD + "a = torch.matmul(X, W1) + b1\n    h = a.tanh()\n    return torch.mv(h, W2) + b2",
        FWD + "h = torch.tanh(X @ W1 + b1)\n    return (h * W2).sum(dim=1) + b2",
        FWD + "h = torch.tanh(X @ W1 + b1)\n    return (h @ W2.reshape(-1, 1)).squeeze(1) + b2",
        FWD + "h = (torch.exp(2 * (X @ W1 + b1)) - 1) / (torch.exp(2 * (X @ W1 + b1)) + 1)\n"
        "    return h @ W2 + b2",
    ],
    "11.q2": [
        GV2 + "h_tiny.T @ (p_tiny - y_tiny) / 2",
        GV2 + "((p_tiny - y_tiny)[:, None] * h_tiny).mean(dim=0)",
        GV2 + "(h_tiny.T @ (torch.sigmoid(z_tiny) - y_tiny)).detach() / len(y_tiny)",
        "dz = (p_tiny - y_tiny) / 2\n" + GV2 + "dz[0] * h_tiny[0] + dz[1] * h_tiny[1]",
        GV2 + "torch.tensor((h_tiny.T @ (p_tiny - y_tiny) / 2).tolist())",
    ],
}

WRONG = {
    "11.q1": [
        (FWD + "return (X @ W1 + b1) @ W2 + b2", "forgot_tanh"),
        (FWD + "h = torch.matmul(X, W1) + b1\n    return torch.mv(h, W2) + b2", "forgot_tanh"),
        (FWD + "return torch.sigmoid(torch.tanh(X @ W1 + b1) @ W2 + b2)",
         "returned_probabilities"),
        (FWD + "h = torch.tanh(X @ W1 + b1)\n    return (h @ W2 + b2).sigmoid()",
         "returned_probabilities"),
        (FWD + "return torch.tanh(torch.tanh(X @ W1 + b1) @ W2 + b2)", "tanh_on_output"),
        (FWD + "h = (X @ W1 + b1).tanh()\n    return (h @ W2 + b2).tanh()", "tanh_on_output"),
        (FWD + "return torch.tanh(X @ W1) @ W2 + b2", "forgot_b1"),
        (FWD + "h = torch.matmul(X, W1).tanh()\n    return h @ W2 + b2", "forgot_b1"),
        # other wrong answers
        (FWD + "return torch.tanh(X @ W1 + b1) @ W2", None),
        (FWD + "return torch.sigmoid(X @ W1 + b1) @ W2 + b2", None),
        (FWD + "return torch.relu(X @ W1 + b1) @ W2 + b2", None),
        (FWD + "return torch.tanh(X @ W1 + b1) @ W2.reshape(-1, 1) + b2", None),
        (FWD + "return (torch.tanh(X @ W1 + b1) @ W2 + b2).detach()", None),
        (FWD + "with torch.no_grad():\n        return torch.tanh(X @ W1 + b1) @ W2 + b2", None),
        (FWD + "return (torch.tanh(X @ W1 + b1) @ W2 + b2).sum()", None),
    ],
    "11.q2": [
        (GV2 + "h_tiny.T @ (p_tiny - y_tiny)", "sum_not_mean"),
        (GV2 + "((p_tiny - y_tiny)[:, None] * h_tiny).sum(dim=0)", "sum_not_mean"),
        (GV2 + "a_tiny.T @ (p_tiny - y_tiny) / 2", "used_pre_activation"),
        (GV2 + "((p_tiny - y_tiny)[:, None] * (X_tiny @ V1 + c1)).mean(0)",
         "used_pre_activation"),
        (GV2 + "h_tiny.T @ (y_tiny - p_tiny) / 2", "sign_flipped"),
        (GV2 + "-(h_tiny.T @ (p_tiny - y_tiny)) / len(y_tiny)", "sign_flipped"),
        (GV2 + "X_tiny.T @ (p_tiny - y_tiny) / 2", "used_inputs"),
        (GV2 + "((p_tiny - y_tiny)[:, None] * X_tiny).mean(dim=0)", "used_inputs"),
        (GV2 + "h_tiny.T @ (z_tiny - y_tiny) / 2", "used_z"),
        (GV2 + "((z_tiny - y_tiny)[:, None] * h_tiny).mean(0)", "used_z"),
        # other wrong answers
        (GV2 + "(p_tiny - y_tiny).mean()", None),
        (GV2 + "h_tiny.T @ (p_tiny - y_tiny) / 2 * (1 - h_tiny ** 2).mean(0)", None),
        (GV2 + "h_tiny.T @ ((p_tiny - y_tiny) * p_tiny * (1 - p_tiny)) / 2", None),
        (GV2 + "h_tiny.T @ (p_tiny - y_tiny) / 3", None),
        (GV2 + "(h_tiny.T @ (p_tiny - y_tiny) / 2).sum()", None),
        (GV2 + "h_tiny @ V2", None),
    ],
}
