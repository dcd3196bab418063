"""The warm-up in 00_start_here: one exercise to meet check(), hint() and solution()."""

from lessonkit.exercises.core import Lesson, Mistake, Value

lesson = Lesson("00_start_here", setup="import torch\n")

q1 = lesson.exercise(
    "q1",
    question=(
        "Make `t`, a PyTorch tensor holding the three numbers 1, 2 and 3 as floating-point "
        "numbers (autograd only works with those)."
    ),
    placeholder="t = ...",
    solution="t = torch.tensor([1.0, 2.0, 3.0])",
    answer=Value("t"),
    hints=[
        "torch.tensor(...) turns a Python list into a tensor.",
        "Write the numbers with a decimal point, 1.0 rather than 1, so that the tensor holds "
        "floats (torch.float32) and not integers (torch.int64).",
    ],
    mistakes=[
        Mistake("integer_tensor", "t = torch.tensor([1, 2, 3])",
                "Your tensor holds integers (torch.int64), because 1, 2, 3 are written without a "
                "decimal point. Gradients need floating-point numbers: write 1.0, 2.0, 3.0, or "
                "pass dtype=torch.float32.", see="How exercises work"),
        Mistake("python_list", "t = [1.0, 2.0, 3.0]",
                "That is a Python list, not a tensor: wrap it in torch.tensor(...) so that "
                "PyTorch can compute with it.", see="How exercises work",
                detect=lambda attempt: isinstance(attempt.value, list | tuple)),
    ],
)
