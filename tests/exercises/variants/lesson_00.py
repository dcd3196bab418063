"""Right and wrong answers learners write for 00_start_here (tests/exercises/test_variants.py)."""

RIGHT = {
    "00.q1": [
        "t = torch.tensor([1., 2., 3.])",
        "t = torch.tensor([1, 2, 3], dtype=torch.float32)",
        "t = torch.tensor([1, 2, 3]).float()",
        "t = torch.arange(1.0, 4.0)",
        "t = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)",
        "t = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)",
        "t = torch.linspace(1, 3, 3)",
    ],
}

WRONG = {
    "00.q1": [
        # integers: from arange, and a .float() whose result was never stored
        ("t = torch.arange(1, 4)", "integer_tensor"),
        ("t = torch.tensor([1, 2, 3])\nt.float()", "integer_tensor"),
        # a tuple, and a list of integers (two mistakes: the list comes first)
        ("t = 1.0, 2.0, 3.0", "python_list"),
        ("t = [1, 2, 3]", "python_list"),
        ("import numpy as np\nt = np.array([1.0, 2.0, 3.0])", None),
        ("t = torch.tensor([[1.0, 2.0, 3.0]])", None),
        ("t = torch.arange(3.0)", None),
        # integers and the wrong numbers: the integer message's "1, 2, 3" would not fit
        ("t = torch.arange(3)", None),
    ],
}
