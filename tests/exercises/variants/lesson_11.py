"""Right and wrong answers learners write for 11_a_hidden_layer (see ../test_variants.py)."""

from lessonkit.exercises.lesson_11 import TRAIN

FWD = "def forward(X, W1, b1, W2, b2):\n    "
GV2 = "grad_V2_by_hand = "
# 11.q3: loops written as the reference one with its update (step and clearing) replaced.
BLOCK = TRAIN[TRAIN.index("        with torch.no_grad()"):TRAIN.index("        losses.append")]
OPTIMIZER = "    optimizer = torch.optim.SGD([W1, b1, W2, b2], lr=lr)\n"
ALL = "(W1, b1, W2, b2)"
# every parameter stepped in a loop inside no_grad, no clearing yet
STEP_ALL = ("with torch.no_grad():", f"    for param in {ALL}:", "        param -= lr * param.grad")


def loop(*lines):
    """The reference loop with its update written as `lines` (indented as the loop's body)."""
    return TRAIN.replace(BLOCK, "".join(f"        {line}\n" for line in lines))


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
    "11.q3": [
        loop(*STEP_ALL, "        param.grad.zero_()"),
        loop(*STEP_ALL, f"for param in {ALL}:", "    param.grad = None"),
        loop("optimizer.step()", "optimizer.zero_grad()").replace(
            "    losses = []\n", "    losses = []\n" + OPTIMIZER),
        TRAIN.replace("F.binary_cross_entropy_with_logits(z, y)",
                      "F.binary_cross_entropy(torch.sigmoid(z), y)"),
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
    "11.q3": [
        # the output layer only, written as a loop
        (loop("with torch.no_grad():", "    for param in (W2, b2):",
              "        param -= lr * param.grad", "        param.grad.zero_()"),
         "hidden_layer_not_updated"),
        # a different line fixed: the hidden gradients cleared, never used
        (loop("with torch.no_grad():", "    W2 -= lr * W2.grad", "    b2 -= lr * b2.grad",
              f"for param in {ALL}:", "    param.grad.zero_()"), "hidden_layer_not_updated"),
        # the hidden gradients cleared before their step: every hidden step is lr * 0
        (loop("W1.grad.zero_()", "b1.grad.zero_()", *STEP_ALL, "W2.grad.zero_()",
              "b2.grad.zero_()"), "hidden_layer_not_updated"),
        (loop("with torch.no_grad():", "    for param in (W1, W2, b2):",
              "        param -= lr * param.grad", "        param.grad.zero_()"),
         "half_the_hidden_layer"),
        (loop("with torch.no_grad():", "    for param in (b1, W2, b2):",
              "        param -= lr * param.grad", "        param.grad.zero_()"),
         "half_the_hidden_layer"),
        (loop(*STEP_ALL, "W2.grad.zero_()", "b2.grad.zero_()"), "hidden_grads_not_cleared"),
        (loop(*STEP_ALL, "for param in (W1, W2, b2):", "    param.grad.zero_()"),
         "hidden_grads_not_cleared"),
        (loop(f"for param in {ALL}:", "    param.data -= lr * param.grad",
              "    param.grad.zero_()"), "used_data"),
        (loop("with torch.no_grad():", "    W2 -= lr * W2.grad", "    b2 -= lr * b2.grad",
              "W1.data.sub_(lr * W1.grad)", "b1.data.sub_(lr * b1.grad)",
              f"for param in {ALL}:", "    param.grad.zero_()"), "used_data"),
        # other wrong answers
        (loop("with torch.no_grad():", "    W1 = W1 - lr * W1.grad", "    b1 = b1 - lr * b1.grad",
              "    W2 -= lr * W2.grad", "    b2 -= lr * b2.grad",
              "W2.grad.zero_()", "b2.grad.zero_()"), None),
        (loop("with torch.no_grad():", "    W1 += lr * W1.grad", "    b1 += lr * b1.grad",
              "    W2 -= lr * W2.grad", "    b2 -= lr * b2.grad",
              f"for param in {ALL}:", "    param.grad.zero_()"), None),
        (TRAIN.replace("(t.clone().requires_grad_(True) for t in start)", "start"), None),
        (TRAIN.replace("losses.append(loss.item())", "losses.append(F.binary_cross_entropy_with_"
                       "logits(torch.tanh(X @ W1 + b1) @ W2 + b2, y).item())"), None),
        (TRAIN.replace("range(steps)", "range(steps - 1)"), None),
        (TRAIN.replace("t.clone()", "torch.zeros_like(t)"), None),
    ],
}
