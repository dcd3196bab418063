"""Right and wrong answers learners write for 13_what_autograd_does_next
(tests/exercises/test_variants.py)."""

RIGHT = {
    "13.q1": [
        # grad_outputs instead of .sum()
        """def second_derivative(f, x):
    y = f(x)
    g = torch.autograd.grad(y, x, grad_outputs=torch.ones_like(y), create_graph=True)[0]
    return torch.autograd.grad(g, x, grad_outputs=torch.ones_like(g))[0]
""",
        # create_graph on both calls: the result keeps a graph, the numbers are right
        """def second_derivative(f, x):
    (d1,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    (d2,) = torch.autograd.grad(d1.sum(), x, create_graph=True)
    return d2
""",
        # a fresh leaf of its own
        """def second_derivative(f, x):
    x = x.detach().requires_grad_(True)
    first = torch.autograd.grad(f(x).sum(), [x], create_graph=True)[0]
    second = torch.autograd.grad(first.sum(), [x])[0]
    return second.detach()
""",
    ],
    "13.q2": [
        'changed = {"4.weight", "4.bias", "0.weight", "0.bias"}',
        "changed = ['0.weight', '0.bias', '4.weight', '4.bias']",
        "changed = ('0.bias', '0.weight', '4.bias', '4.weight')",
        "changed = set(['0.weight', '0.bias', '4.weight', '4.bias'])",
    ],
}

WRONG = {
    "13.q1": [
        # retain_graph is not create_graph
        ("""def second_derivative(f, x):
    (first,) = torch.autograd.grad(f(x).sum(), x, retain_graph=True)
    (second,) = torch.autograd.grad(first.sum(), x)
    return second
""", "no_create_graph"),
        # create_graph on the second call only
        ("""def second_derivative(f, x):
    d1 = torch.autograd.grad(f(x).sum(), x)[0]
    return torch.autograd.grad(d1.sum(), x, create_graph=True)[0]
""", "no_create_graph"),
        # the first derivative, returned
        ("""def second_derivative(f, x):
    (first,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    return first
""", "first_derivative"),
        ("""def second_derivative(f, x):
    return torch.autograd.grad(f(x).sum(), x)[0]
""", "first_derivative"),
        # no .sum(): a tensor of many numbers
        ("""def second_derivative(f, x):
    (first,) = torch.autograd.grad(f(x), x, create_graph=True)
    (second,) = torch.autograd.grad(first, x)
    return second
""", "not_a_number"),
        ("""def second_derivative(f, x):
    (first,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    (second,) = torch.autograd.grad(first, x)
    return second
""", "not_a_number"),
        # backward twice: .grad adds the two derivatives up
        ("""def second_derivative(f, x):
    y = f(x)
    y.backward(torch.ones_like(y), create_graph=True)
    g = x.grad
    g.backward(torch.ones_like(g))
    return x.grad
""", "backward_added_up"),
        ("""def second_derivative(f, x):
    f(x).sum().backward(create_graph=True)
    x.grad.sum().backward()
    return x.grad.detach()
""", "backward_added_up"),
        # the value of f, the sign flipped, twice the answer: no declared mistake
        ("def second_derivative(f, x):\n    return f(x)\n", None),
        ("""def second_derivative(f, x):
    (first,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    return -torch.autograd.grad(first.sum(), x)[0]
""", None),
        ("""def second_derivative(f, x):
    (first,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    (second,) = torch.autograd.grad((2 * first).sum(), x)
    return second
""", None),
    ],
    "13.q2": [
        ("changed = ['4.weight', '4.bias']  # a frozen layer stops the gradient",
         "stops_at_frozen"),
        ('changed = ("4.bias", "4.weight")', "stops_at_frozen"),
        ("changed = ['2.weight', '2.bias']", "named_the_frozen"),
        ('changed = {"2.bias", "2.weight"}', "named_the_frozen"),
        ("changed = {'4.bias', '4.weight', '2.bias', '2.weight', '0.bias', '0.weight'}",
         "all_change"),
        ("changed = ['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias']",
         "all_change"),
        # the weights only, the head's weight only, the first layer only, the head and net[2]
        ("changed = {'0.weight', '4.weight'}", None),
        ("changed = {'4.weight'}", None),
        ("changed = {'0.weight', '0.bias'}", None),
        ("changed = {'2.weight', '2.bias', '4.weight', '4.bias'}", None),
    ],
}
