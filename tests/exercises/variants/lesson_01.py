"""Right and wrong answers learners write for 01_why_autograd (tests/exercises/test_variants.py)."""

RIGHT = {
    "01.q1": [
        "dfdx_by_hand = 2 * 3.0 * math.cos(3.0**2)",
        "dfdx_by_hand = math.cos(9) * 6",
        "x = torch.tensor(3.0)\ndfdx_by_hand = torch.cos(x**2) * 2 * x",
        "u = 3.0**2\noutside = math.cos(u)\ninside = 2 * 3.0\ndfdx_by_hand = outside * inside",
        "dfdx_by_hand = -5.4668",
    ],
    "01.q2": [
        "def finite_difference(f, x, h=1e-4):\n    return (f(x + h) - f(x - h)) / h / 2",
        "def finite_difference(f, x, h=1e-4):\n"
        "    right = f(x + h)\n    left = f(x - h)\n    return (right - left) / (2 * h)",
        "finite_difference = lambda f, x, h=1e-4: (f(x + h) - f(x - h)) / (2 * h)",
        "def finite_difference(f, x, h=1e-4):\n    return 0.5 * (f(x + h) - f(x - h)) / h",
        # the mean of the forward and the backward difference is the central one
        "def finite_difference(f, x, h=1e-4):\n"
        "    forward = (f(x + h) - f(x)) / h\n    backward = (f(x) - f(x - h)) / h\n"
        "    return (forward + backward) / 2",
    ],
    "01.q3": [
        "x = torch.tensor(3.0, requires_grad=True)\ny = (x**2).sin()\ny.backward()",
        "x = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)\n"
        "y = torch.sin(x * x)\ny.backward()",
        "x = torch.tensor(3.0).requires_grad_()\ny = torch.sin(x ** 2)\ny.backward()",
        "x = torch.tensor(3., requires_grad=True)\ntorch.sin(x**2).backward()",
        "x = torch.tensor(3.0, requires_grad=True)\ny = torch.sin(torch.pow(x, 2))\n"
        "torch.autograd.backward(y)",
    ],
    "01.q4": [
        "predicted_grad = 6.0",
        "predicted_grad = 6",
        "predicted_grad = 3.0 + 3.0  # one 3.0 per use of w",
        "w = 3.0\npredicted_grad = 2 * w",
        "predicted_grad = torch.tensor(6.0)",
    ],
}

WRONG = {
    "01.q1": [
        ("dfdx_by_hand = math.cos(3.0**2)", "forgot_inner_derivative"),
        ("x = torch.tensor(3.0)\ndfdx_by_hand = torch.cos(x**2)", "forgot_inner_derivative"),
        ("dfdx_by_hand = math.cos(9 * math.pi / 180) * 6", "degrees"),
        ("dfdx_by_hand = -math.cos(9) * 6", "sign_of_cos"),
        # two mistakes at once: each of these, and the inside factor forgotten
        ("dfdx_by_hand = -math.cos(3.0**2)", "sign_of_cos"),
        ("dfdx_by_hand = math.cos(math.radians(9))", "degrees"),
        # the outside taken at x, not at the inside u = x**2
        ("dfdx_by_hand = math.cos(3.0) * 2 * 3.0", None),
        # the inside's derivative half done: 2, or 2 * u
        ("dfdx_by_hand = math.cos(3.0**2) * 2", None),
        ("dfdx_by_hand = math.cos(9) * 2 * 9", None),
        ("dfdx_by_hand = math.cos(3.0**2) + 2 * 3.0", None),
        # the lesson's worked example, g(x) = cos(x**3) at 1.2
        ("x0 = 1.2\ndfdx_by_hand = -math.sin(x0**3) * 3 * x0**2", None),
        ("dfdx_by_hand = lambda x: math.cos(x**2) * 2 * x", None),
        # f(3.0) itself, the value and not the slope
        ("dfdx_by_hand = math.sin(3.0**2)", "value_not_derivative"),
        ("x = 3.0\nu = x**2\ndfdx_by_hand = math.sin(u)", "value_not_derivative"),
        ("x = torch.tensor(3.0)\ndfdx_by_hand = torch.sin(x**2)", "value_not_derivative"),
    ],
    "01.q2": [
        ("def finite_difference(f, x, h=1e-4):\n    slope = (f(x + h) - f(x)) / h\n"
         "    return slope", "forward_difference"),
        ("def finite_difference(f, x, h=1e-4):\n    diff = f(x + h) - f(x - h)\n"
         "    return diff / h", "divided_by_h"),
        ("def finite_difference(f, x, h=1e-4):\n    return f(x + h) - f(x - h) / 2 / h",
         "missing_parentheses"),
        ("def finite_difference(f, x, h=1e-4):\n    return -(f(x + h) - f(x - h)) / (2 * h)",
         "sign_flipped"),
        # the backward difference: one-sided too, but not the forward one the message names
        ("def finite_difference(f, x, h=1e-4):\n    return (f(x) - f(x - h)) / h", None),
        # `/ 2 * h` divides by 2, then multiplies by h
        ("def finite_difference(f, x, h=1e-4):\n    return (f(x + h) - f(x - h)) / 2 * h", None),
        # the h the check passes is overwritten
        ("def finite_difference(f, x, h=1e-4):\n    h = 1e-4\n"
         "    return (f(x + h) - f(x - h)) / (2 * h)", None),
        ("def finite_difference(f, x, h=1e-4):\n    (f(x + h) - f(x - h)) / (2 * h)", None),
        # no h parameter, the worked example's global h instead: the check's h=0.01 raises
        ("h = 1e-4\n\n\ndef finite_difference(f, x):\n"
         "    return (f(x + h) - f(x - h)) / (2 * h)", None),
        # the worked example's g instead of the f passed in
        ("def g(x):\n    return math.cos(x**3)\n\n\ndef finite_difference(f, x, h=1e-4):\n"
         "    return (g(x + h) - g(x - h)) / (2 * h)", None),
        ("x0 = 1.2\n\n\ndef finite_difference(f, x, h=1e-4):\n"
         "    return (f(x0 + h) - f(x0 - h)) / (2 * h)", None),
        ("def finite_difference(f, x, h=1e-4):\n    return (f(x+h) - f(x))/h",
         "forward_difference"),
        ("finite_difference = lambda f, x, h=1e-4: (f(x + h) - f(x)) / h", "forward_difference"),
        ("def finite_difference(f, x, h=1e-4):\n    rise = f(x + h) - f(x - h)\n    run = h\n"
         "    return rise / run", "divided_by_h"),
        ("finite_difference = lambda f, x, h=1e-4: (f(x + h) - f(x - h)) / h", "divided_by_h"),
        ("def finite_difference(f, x, h=1e-4):\n    return f(x+h) - f(x-h) / (2*h)",
         "missing_parentheses"),
        ("finite_difference = lambda f, x, h=1e-4: f(x + h) - f(x - h) / (h + h)",
         "missing_parentheses"),
        ("def finite_difference(f, x, h=1e-4):\n    return (f(x - h) - f(x + h)) / 2 / h",
         "sign_flipped"),
        ("def finite_difference(f, x, h=1e-4):\n    left, right = f(x - h), f(x + h)\n"
         "    return (left - right) / (2 * h)", "sign_flipped"),
    ],
    "01.q3": [
        # backward() raised (x does not require grad); the cell stopped there
        ("x = torch.tensor(3.0)\ny = torch.sin(x**2)\ntry:\n    y.backward()\n"
         "except RuntimeError:\n    pass", "forgot_requires_grad"),
        ("x = torch.tensor(3.0, requires_grad=True)\ny = torch.sin(x**2)\ny.backward",
         "forgot_backward"),
        ("x = torch.tensor(3.0, requires_grad=True)\n"
         "y = torch.tensor(math.sin(x**2), requires_grad=True)\ny.backward()", "graph_broken"),
        # math.sin gives a float; its .backward() raised
        ("x = torch.tensor(3.0, requires_grad=True)\ny = math.sin(x**2)\ntry:\n"
         "    y.backward()\nexcept AttributeError:\n    pass", "graph_broken"),
        ("x = torch.tensor(3.0, requires_grad=True)\ny = torch.sin(x.detach()**2)\ntry:\n"
         "    y.backward()\nexcept RuntimeError:\n    pass", "graph_broken"),
        ("x = torch.tensor(3.0, requires_grad=True)\ny = torch.sin(x**2)\ny.backward()\n"
         "y = torch.sin(x**2)\ny.backward()", "grad_multiplied"),
        ("x = torch.tensor(3.0, requires_grad=True)\nfor _ in range(3):\n"
         "    y = torch.sin(x**2)\n    y.backward()", "grad_multiplied"),
        ("x = torch.tensor(3.0, requires_grad=True)\ny = torch.sin(x)**2\ny.backward()", None),
        ("x = torch.tensor(3.0, requires_grad=True)\ny = torch.sin(x**2)\nx.backward()", None),
        # the worked example's x = 1.2, its gradient of cos(x**3) still in x.grad
        ("x = torch.tensor(1.2, requires_grad=True)\ny = torch.cos(x**3)\ny.backward()\n"
         "y = torch.sin(x**2)\ny.backward()", None),
        ("x = torch.tensor(1.2, requires_grad=True)\ny = torch.sin(x**2)\ny.backward()", None),
        # no requires_grad: backward() raised, so the learner made y require grad instead
        ("x = torch.tensor(3.0)\ny = torch.sin(x**2)\ny.requires_grad_()\ny.backward()",
         "forgot_requires_grad"),
        ("x = torch.tensor(3.0, requires_grad=False)\ny = torch.sin(x**2)", "forgot_requires_grad"),
        # the gradient asked of torch.autograd.grad, which returns it and leaves x.grad None
        ("x = torch.tensor(3.0, requires_grad=True)\ny = torch.sin(x**2)\n"
         "dydx = torch.autograd.grad(y, x)", "forgot_backward"),
        ("x = torch.tensor(3.0, requires_grad=True)\ny = torch.sin(x**2)\nprint(x.grad)",
         "forgot_backward"),
    ],
    "01.q4": [
        ("predicted_grad = 3", "one_use_only"),
        ("w = 3.0\npredicted_grad = w  # d(w * c)/dw = c", "one_use_only"),
        ("predicted_grad = torch.tensor(3.0)", "one_use_only"),
        ("predicted_grad = 9.0", "value_not_gradient"),
        ("predicted_grad = 3.0**2", "value_not_gradient"),
        ("w = 3.0\npredicted_grad = w * w", "value_not_gradient"),
        ("predicted_grad = 2", "forgot_times_w"),
        ("predicted_grad = 2 * 1.0  # d(w**2)/dw", "forgot_times_w"),
        # the derivative of one w alone, d(w)/dw
        ("predicted_grad = 1.0", None),
        # the product rule's two terms multiplied instead of added
        ("predicted_grad = 3.0 * 3.0 * 2", None),
        ("predicted_grad = 0", None),
        ("predicted_grad = '6.0'", None),
        ("predicted_grad = 12.0", None),
    ],
}
