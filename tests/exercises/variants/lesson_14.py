"""Right and wrong answers learners write for 14_your_engine_trains_a_network (see
../test_variants.py)."""

TANH = "def tanh_backward(x, out):\n    "
RELU = "def relu_backward(x, out):\n    "

RIGHT = {
    "14.q1": [
        TANH + "x.grad += (1 - out.data ** 2) * out.grad",
        TANH + "x.grad = x.grad + (1 - out.data * out.data) * out.grad",
        TANH + "x.grad += (1 - math.tanh(x.data) ** 2) * out.grad",
        TANH + "t = out.data\n    local = (1 - t) * (1 + t)\n    x.grad += local * out.grad",
        TANH + "x.grad += out.grad / math.cosh(x.data) ** 2",
    ],
    "14.q2": [
        RELU + "if x.data > 0:\n        x.grad += out.grad",
        RELU + "x.grad += (x.data > 0) * out.grad",
        RELU + "x.grad += out.grad * (out.data > 0)",
        RELU + "x.grad += float(x.data >= 0) * out.grad",
        RELU + "x.grad = x.grad + (1.0 if out.data > 0 else 0.0) * out.grad",
    ],
}

WRONG = {
    "14.q1": [
        (TANH + "x.grad += 1 - out.data ** 2", "forgot_chain_factor"),
        (TANH + "t = out.data\n    x.grad = x.grad + (1 - t * t)", "forgot_chain_factor"),
        (TANH + "x.grad = (1 - out.data ** 2) * out.grad", "assigned_not_added"),
        (TANH + "t = out.data\n    x.grad = out.grad * (1 - t * t)", "assigned_not_added"),
        (TANH + "x.grad += (1 - x.data ** 2) * out.grad", "used_input_not_output"),
        (TANH + "x.grad += (1 - x.data * x.data) * out.grad", "used_input_not_output"),
        (TANH + "x.grad += (1 - out.data) * out.grad", "forgot_square"),
        (TANH + "t = out.data\n    x.grad = x.grad + out.grad * (1 - t)", "forgot_square"),
        (TANH + "x.grad += out.data * (1 - out.data) * out.grad", "sigmoid_rule"),
        (TANH + "s = out.data\n    x.grad += s * (1 - s) * out.grad", "sigmoid_rule"),
        # other wrong answers
        (TANH + "x.grad += out.data * out.grad", None),
        (TANH + "x.grad += (1 + out.data ** 2) * out.grad", None),
        (TANH + "x.grad -= (1 - out.data ** 2) * out.grad", None),
        (TANH + "x.grad += out.grad", None),
        (TANH + "x.grad += -2 * out.data * out.grad", None),
        (TANH + "return (1 - out.data ** 2) * out.grad", None),
    ],
    "14.q2": [
        (RELU + "if x.data < 0:\n        x.grad += out.grad", "wrong_side"),
        (RELU + "x.grad += (x.data <= 0) * out.grad", "wrong_side"),
        (RELU + "x.grad += 1.0 if x.data > 0 else 0.0", "forgot_chain_factor"),
        (RELU + "if x.data > 0:\n        x.grad += 1", "forgot_chain_factor"),
        (RELU + "x.grad = (x.data > 0) * out.grad", "assigned_not_added"),
        (RELU + "x.grad = out.grad if x.data > 0 else 0.0", "assigned_not_added"),
        (RELU + "x.grad += out.data * out.grad", "used_output_value"),
        (RELU + "x.grad += max(0.0, x.data) * out.grad", "used_output_value"),
        # other wrong answers
        (RELU + "x.grad += out.grad", None),
        (RELU + "x.grad += x.data * out.grad", None),
        (RELU + "x.grad += max(0.0, out.grad)", None),
        (RELU + "x.grad -= (x.data > 0) * out.grad", None),
        (RELU + "if x.data > 0:\n        x.grad = out.grad", None),
        (RELU + "return (x.data > 0) * out.grad", None),
    ],
}
