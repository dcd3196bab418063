"""Exercises for 08_no_grad_and_detach: freeze a parameter, evaluate without a graph.

q1 reads `w` and `b`, which the setup makes and the learner changes in place (InPlace: its
answer is the facts b.requires_grad, b.grad and w.grad; both untouched means "not attempted").
"""

import re

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import InPlace, Lesson, Mistake, Value, edit

SETUP_Q1 = """
import torch
import torch.nn.functional as F
x = torch.tensor(2.0)
y = torch.tensor(1.0)


def loss_fn(w, b):
    return F.binary_cross_entropy(torch.sigmoid(w * x + b), y)


w = torch.tensor(0.5, requires_grad=True)
b = torch.tensor(-0.25, requires_grad=True)
"""
SETUP_Q2 = """
import torch
g = torch.Generator().manual_seed(8)
X_test = torch.cat([torch.randn(10, 2, generator=g) + 1.0, torch.randn(10, 2, generator=g) - 1.0])
y_test = torch.cat([torch.ones(10), torch.zeros(10)])
w = torch.tensor([1.49, 2.61], requires_grad=True)
b = torch.tensor(0.34, requires_grad=True)
"""
lesson = Lesson("08_no_grad_and_detach", setup=SETUP_Q1)
FREEZE = "Freezing a parameter: requires_grad_(False)"
# b itself frozen (not a detached copy of it: frozen_b.requires_grad_(False) leaves b as it is)
FREEZE_PATTERN = r"\bb\.requires_grad_\(\s*False\s*\)|\bb\.requires_grad\s*=\s*False"
FORWARD = "b.requires_grad_(False)\nloss = loss_fn(w, b)"
PROBS = "torch.sigmoid(X_test @ w + b)"
ITEM_IN_LOOP = r"\bfor\b.*\.item\(\)|\.item\(\).*\bfor\b"  # not an .item() in a print()
# .detach() of a result (not of w or b before use), in a cell that switched recording on
NO_RECORDING = r"no_grad|inference_mode|set_grad_enabled\(\s*False"
DETACHED_RESULT = r"\)\s*\.detach_?\(\)|\bprobs\s*\.\s*detach_?\("
WHICH_ONE = "Which one when"

q1 = lesson.exercise(
    "q1",
    question=(
        "Freeze `b`, so that training changes only `w`: switch off its requires_grad, then "
        "compute `loss = loss_fn(w, b)` and call backward. The check reads both: `w.grad` "
        "must hold the gradient, `b` must no longer require grad and `b.grad` must stay None."
    ),
    placeholder="# freeze b, then compute the loss and call backward",
    solution="""
b.requires_grad_(False)
loss = loss_fn(w, b)
loss.backward()
""",
    answer=InPlace("w", "b", facts=("b.requires_grad", "b.grad", "w.grad"),
                   unchanged="`b` still requires grad and no gradient has arrived yet: freeze "
                   "`b`, compute the loss and call backward."),
    hints=[
        "b.requires_grad_(False) switches tracking off for b itself (the trailing _ means: "
        "in place, on b).",
        "Freeze first, then do the forward pass: autograd decides what to record while it "
        "computes the loss.",
        "The whole answer is three lines: b.requires_grad_(False), loss = loss_fn(w, b), "
        "loss.backward().",
    ],
    mistakes=[
        Mistake("froze_after_forward", mistakes.as_notebook_cell(
                    SETUP_Q1, "loss = loss_fn(w, b)\nb.requires_grad_(False)\nloss.backward()"),
                "Your cell computes the loss before it freezes b. b.grad stays None anyway "
                "(backward() drops the gradient of a leaf that no longer requires grad), but "
                "the graph was recorded with b in it, so backward() still computed b's "
                "gradient, only to throw it away. Freeze first, then compute the loss.",
                # the loss that went backward was recorded with b in it, and b.grad is None
                detect=lambda attempt: attempt.got[1] is None
                and mistakes.depends_on(attempt.ns.get("loss"), attempt.ns["b"]), see=FREEZE),
        Mistake("wrong_tensor_cut", edit(FORWARD, "loss = loss_fn(w.detach(), b)"),
                "The wrong tensor was cut off: w got no gradient and b got one. Freeze b and "
                "leave w trainable.",
                detect=lambda attempt: attempt.got[2] is None and attempt.got[1] is not None),
        Mistake("b_never_frozen", edit("b.requires_grad_(False)", "b.detach()"),
                "b still requires grad and got a gradient: nothing froze it. (b.detach() on "
                "its own does not: it returns a new tensor and leaves b as it was.) Call "
                "b.requires_grad_(False) before the forward pass.",
                detect=lambda attempt: attempt.got[0] and attempt.got[1] is not None, see=FREEZE),
        Mistake("detached_not_frozen", edit(FORWARD, "loss = loss_fn(w, b.detach())"),
                "b got no gradient this time, because the loss used b.detach(). But b itself "
                "still requires grad: the next forward pass that uses b trains it again. "
                "Freeze b itself, for good: b.requires_grad_(False).",
                detect=lambda attempt: attempt.got[0] and attempt.got[1] is None
                and mistakes.close(attempt.got[2], attempt.expected[2])  # and b was not frozen
                and not mistakes.cell_order("b", FREEZE_PATTERN, r"backward\(")(attempt),
                see=FREEZE),
        mistakes.grad_multiplied(
            edit("loss.backward()", "loss.backward(retain_graph=True)\nloss.backward()"),
            detect=lambda attempt: not attempt.got[0] and attempt.got[1] is None
            and mistakes.times(attempt.got[2], attempt.expected[2])),
    ],
)

q2 = lesson.exercise(
    "q2",
    question=(
        "Evaluate the trained model on the test set without building a graph: `probs`, the "
        "predicted probabilities sigmoid(X_test @ w + b), one per test example. The check "
        "compares the numbers, checks that `probs` has no grad_fn and does not require grad, "
        "and that `w` and `b` still require grad afterwards (they will be trained again)."
    ),
    setup=SETUP_Q2,
    placeholder="probs = ...",
    solution="""
with torch.no_grad():
    probs = torch.sigmoid(X_test @ w + b)
""",
    answer=Value("probs", autograd=True),
    hints=[
        "The forward pass is the same as in training: torch.sigmoid(X_test @ w + b).",
        "Compute it inside a `with torch.no_grad():` block, so that autograd records nothing.",
    ],
    mistakes=[
        Mistake("forgot_no_grad", edit("with torch.no_grad():\n    ", ""),
                "`probs` has grad_fn={grad_fn}: autograd recorded the evaluation and kept a "
                "graph you will never call backward on. Compute it inside "
                "`with torch.no_grad():`.",
                detect=mistakes.has_grad_fn, see="Evaluating: torch.no_grad()"),
        mistakes.used_data(mistakes.as_notebook_cell(
            SETUP_Q2, "probs = torch.sigmoid(X_test @ w.data + b.data)")),
        Mistake("item_per_element", mistakes.as_notebook_cell(
                    SETUP_Q2, "probs = torch.tensor([torch.sigmoid(x @ w + b).item() "
                    "for x in X_test])"),
                "The numbers are right, but taken one by one with .item() in a Python loop: "
                "slow, and it throws the batch away. Compute all of them at once, as one "
                "tensor operation, inside `with torch.no_grad():`.",
                detect=lambda attempt: mistakes.close(attempt.got, attempt.expected)
                and re.search(ITEM_IN_LOOP, mistakes.latest_cell(attempt.ns, attempt.name), re.S)),
        Mistake("predictions_not_probabilities", edit(PROBS, f"({PROBS} > 0.5).float()"),
                "Those are 0/1 predictions; the task asks for the probabilities themselves, "
                "sigmoid(X_test @ w + b), before any threshold.",  # as floats, bools or ints
                detect=lambda attempt: mistakes.close(attempt.got, attempt.expected > 0.5)),
        Mistake("froze_parameters", mistakes.as_notebook_cell(
                    SETUP_Q2, "w.requires_grad_(False)\nb.requires_grad_(False)\n"
                    f"probs = {PROBS}\n"),
                "`probs` is right and has no graph, but `w` and `b` no longer require grad: "
                "you froze the parameters for good, and the next training step will give "
                "them no gradient. `with torch.no_grad():` records nothing inside its block "
                "and leaves the parameters as they were.", see=WHICH_ONE,
                # the numbers right, and a parameter that required grad no longer does
                detect=lambda attempt: mistakes.is_right(attempt)
                and not (attempt.ns["w"].requires_grad and attempt.ns["b"].requires_grad)),
        Mistake("detached_result", mistakes.as_notebook_cell(
                    SETUP_Q2, f"probs = {PROBS}.detach()\n"),
                "`probs` is right and has no graph now, but autograd recorded one first: "
                "the forward pass ran with recording on, kept what its backward pass would "
                "need, and .detach() then threw that away. .detach() is for taking a value "
                "out of a graph you need; to build no graph at all, compute inside "
                "`with torch.no_grad():`.", see=WHICH_ONE,
                # a graph was built: the cell detached a result, with recording on (the kernel's
                # namespace holds the whole notebook's tensors, so the cell's text tells)
                detect=lambda attempt: mistakes.is_right(attempt)
                and attempt.ns["w"].requires_grad and attempt.ns["b"].requires_grad
                and bool(re.search(DETACHED_RESULT, mistakes.latest_cell(attempt.ns, "probs")))
                and not re.search(NO_RECORDING, mistakes.latest_cell(attempt.ns, "probs"))),
        Mistake("forgot_sigmoid", edit(PROBS, "X_test @ w + b"),
                "Those are the logits z = X_test @ w + b; a probability is sigmoid(z), "
                "between 0 and 1.", see=mistakes.SEE_SIGMOID),
    ],
)
