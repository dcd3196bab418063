"""Right and wrong answers learners write for 02_the_computation_graph
(tests/exercises/test_variants.py)."""

RIGHT = {
    "02.q1": [
        'leaves = ["a", "k", "m"]',
        'leaves = ("m", "k", "a")',
        'leaves = set("akm")',
        'named = {"a": a, "k": k, "m": m, "c": c, "d": d, "e": e}\n'
        "leaves = {name for name, t in named.items() if t.is_leaf}",
    ],
    "02.q2": [
        'gets_grad = "a"',
        'gets_grad = ["a"]',
        'gets_grad = ("a",)',
        'named = {"a": a, "k": k, "m": m, "c": c, "d": d, "e": e}\n'
        "gets_grad = {name for name, t in named.items() if t.is_leaf and t.requires_grad}",
    ],
    "02.q3": [
        "feeds_sigmoid = q.grad_fn.next_functions[0][0].name()",
        "feeds_sigmoid = type(q.grad_fn.next_functions[0][0]).__name__",
        "feeds_sigmoid = 'SubBackward0'",
    ],
    "02.q4": [
        "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x**2\ny.backward(weights)",
        "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x * x\n"
        "y.backward(gradient=torch.tensor([0.5, 1.0, 2.0]))",
        "x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)\ny = x**2\n"
        "y.backward(gradient=weights)",
        "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x**2\n"
        "torch.autograd.backward(y, grad_tensors=weights)",
        "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x**2\n"
        "y.backward(gradient=weights, retain_graph=True)",
    ],
}

WRONG = {
    "02.q1": [
        ('leaves = ["k", "a"]', "missing_m"),
        ('leaves = {"a", "m"}', "missing_k"),
        ('leaves = ["m", "k"]', "missing_a"),
        # one name alone: "a leaf is what requires grad"
        ('leaves = "a"', "missing_k"),
        ('leaves = {"a", "k", "m", "c", "d", "e"}', "intermediates_as_leaves"),
        # the results, as the leaves of a tree
        ('leaves = {"c", "d", "e"}', "intermediates_as_leaves"),
        ('leaves = {"a", "e"}', "intermediates_as_leaves"),
        ("leaves = [a, k, m]", "tensors_not_names"),
        ("leaves = [t for t in (a, k, m, c, d, e) if t.is_leaf]", "tensors_not_names"),
        # "a leaf is a tensor that does not require grad"
        ('leaves = {"k", "m"}', "missing_a"),
        # "only what I made with torch.tensor": m = k * 2 was computed, so not a leaf
        ('leaves = {"a", "k"}', "missing_m"),
        ('leaves = {"a", "k", "m", "x"}', "unknown_name"),
        # the leaves of the lesson's earlier example, w and b
        ('leaves = {"a", "k", "m", "w", "b"}', "unknown_name"),
    ],
    "02.q2": [
        ('gets_grad = {"a", "c", "d", "e"}', "output_gets_grad"),
        ('gets_grad = {"e"}', "output_gets_grad"),
        ('gets_grad = {"c", "d"}', "intermediates_get_grad"),
        # c = a * m uses a directly, so "c gets a gradient too"
        ('gets_grad = {"a", "c"}', "intermediates_get_grad"),
        # the attribute written where the name was asked for
        ('gets_grad = {"a.grad"}', "unknown_name"),
        # "none of them": a is a leaf, and "leaves are inputs, they get nothing"
        ("gets_grad = ()", "missing_a"),
        ('gets_grad = {"a", "k"}', "untracked_leaves_get_grad"),
        # q1's answer reused
        ('leaves = {"a", "k", "m"}\ngets_grad = leaves', "untracked_leaves_get_grad"),
        ("gets_grad = []", "missing_a"),
        ("gets_grad = [a]", "tensors_not_names"),
        ("gets_grad = a", "tensors_not_names"),
        # w and b got a .grad in the lesson's earlier example
        ('gets_grad = {"a", "w", "b"}', "unknown_name"),
    ],
    "02.q3": [
        ('feeds_sigmoid = "Sub"', "short_title"),
        ('feeds_sigmoid = "Sub Backward 0"', "spelled_differently"),
        ('feeds_sigmoid = "subBackward0"', "spelled_differently"),
        ('feeds_sigmoid = "subtract"', "short_title"),
        # the subtraction read as adding a negative number: its bold title, or rebuilt in code
        ('feeds_sigmoid = "add"', "minus_as_add"),
        ("feeds_sigmoid = (u * v + (-u / 2)).grad_fn.name()", "minus_as_add"),
        ('feeds_sigmoid = "MulBackward0"', "feeds_something_else"),
        # one next_functions step too far
        ("feeds_sigmoid = q.grad_fn.next_functions[0][0].next_functions[0][0].name()",
         "feeds_something_else"),
        # two mistakes at once: another box, and its bold title
        ('feeds_sigmoid = "mul"', "feeds_something_else"),
        ("feeds_sigmoid = q.grad_fn.name()", "the_sigmoid_itself"),
        ('feeds_sigmoid = "sigmoid"', "the_sigmoid_itself"),
        ('feeds_sigmoid = "SubBackward"', None),
        # the node itself, without .name()
        ("feeds_sigmoid = q.grad_fn.next_functions[0][0]", None),
        ("feeds_sigmoid = str(q.grad_fn.next_functions[0][0])", None),
    ],
    "02.q4": [
        ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x**2\n"
         "y.backward(gradient=torch.ones_like(y))", "gradient_ones"),
        ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x**2\ny.sum().backward()",
         "gradient_ones"),
        ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x**2\n"
         "y.backward(gradient=weights * 2 * x)", "passed_dL_dx"),
        ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x**2\n"
         "torch.autograd.backward(y, grad_tensors=weights * 2 * x.detach())", "passed_dL_dx"),
        ("x = torch.arange(1.0, 4.0)\ny = x**2\ntry:\n    y.backward(weights)\n"
         "except RuntimeError as err:\n    print(err)", "forgot_requires_grad"),
        ("x = torch.tensor([1, 2, 3], dtype=torch.float32)\ny = x**2", "forgot_requires_grad"),
        # L computed after all, and then nothing called backward()
        ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x**2\n"
         "L = (weights * y).sum()", "forgot_backward"),
        # torch.autograd.grad returns the gradient and leaves x.grad alone
        ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x**2\n"
         "grad_x, = torch.autograd.grad(y, x, grad_outputs=weights)", "forgot_backward"),
        # the exercise cell run twice, pasted as one
        ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x**2\n"
         "y.backward(gradient=weights)\ny = x**2\ny.backward(gradient=weights)", "grad_multiplied"),
        ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x**2\n"
         "torch.autograd.backward(y, weights, retain_graph=True)\ny.backward(gradient=weights)",
         "grad_multiplied"),
        # backward() raised (x does not require grad); the cell stopped there
        ("x = torch.tensor([1.0, 2.0, 3.0])\ny = x**2\ntry:\n    y.backward(gradient=weights)\n"
         "except RuntimeError:\n    pass", "forgot_requires_grad"),
        ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x**2\ny.backward",
         "forgot_backward"),
        ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\nfor _ in range(3):\n"
         "    y = x**2\n    y.backward(gradient=weights)", "grad_multiplied"),
        # the weights counted twice: in y and in gradient=
        ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = weights * x**2\n"
         "y.backward(gradient=weights)", None),
        # x not made afresh: the lesson's mix(x) example left its gradient in x.grad
        ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\n"
         "v = torch.tensor([1.0, 0.5, 2.0])\n"
         "torch.stack([x[0] * x[1], x[1] + x[2], x[2] ** 2]).backward(gradient=v)\n"
         "y = x**2\ny.backward(gradient=weights)", None),
        ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x**2\n"
         "y.backward(gradient=1 / weights)", None),
    ],
}
