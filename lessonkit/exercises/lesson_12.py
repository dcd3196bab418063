"""Exercises for 12_training_in_practice: predict how many optimizer steps an epoch loop
makes, then predict what zero_grad() leaves in an optimizer's state."""

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Lesson, Mistake, Value, edit

# What the notebook ran before the exercises: the data and its split (the exercises need
# nothing more).
DATA = """
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
n = 150
X = torch.cat([torch.randn(n, 2) + torch.tensor([-1.0, -1.0]),
               torch.randn(n, 2) + torch.tensor([1.0, 1.0])])
y = torch.cat([torch.zeros(n), torch.ones(n)])
split = torch.randperm(len(X), generator=torch.Generator().manual_seed(0))
X_train, y_train = X[split[:240]], y[split[:240]]
X_val, y_val = X[split[240:]], y[split[240:]]
"""
# The loop whose steps q1 asks to count; the check runs it once the prediction is right.
COUNT_STEPS = """loader = DataLoader(TensorDataset(torch.randn(250, 2), torch.rand(250)),
                    batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(0))
steps, last_sizes = 0, []
for epoch in range(3):
    for X_batch, y_batch in loader:
        steps += 1        # one optimizer.step() per batch
    last_sizes.append(len(X_batch))
"""
# The code whose momentum buffer q2 asks to predict.
MOMENTUM = """w = torch.tensor(1.0, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
(3 * w).backward()    # w.grad = 3
opt.step()
opt.zero_grad()
(2 * w).backward()    # w.grad = 2
opt.step()
"""
lesson = Lesson("12_training_in_practice", setup=DATA)
STEPS = "Epochs and steps"
STATE = "What zero_grad() clears"
RUN_IT = " The first cell of the next section runs the code: see for yourself."

q1 = lesson.exercise(
    "q1",
    question=(
        "Predict, before you run anything: a training set of N = 250 examples, a DataLoader "
        "with batch_size=32 and shuffle=True (drop_last left at False), and 3 epochs of the "
        "usual loop, one optimizer.step() per batch. How many optimizer steps does it make "
        "in all? Write `predicted_steps = ...`."
    ),
    placeholder="predicted_steps = ...  # a whole number: your prediction",
    solution="""
# 250 / 32 = 7.8: seven full batches of 32, and an eighth of the 26 examples left over
# (drop_last=False keeps it), so 8 steps an epoch, for 3 epochs
predicted_steps = 3 * 8
""",
    answer=Value("predicted_steps", check_dtype=False),
    confirm=COUNT_STEPS + "print(f'The loop made {steps} steps; the last batch of each epoch "
    "held {last_sizes[0]} examples.')",
    hints=[
        "First one epoch. How many full batches of 32 fit into 250 examples, and how many "
        "examples are left over?",
        "The examples left over still make a batch (drop_last=False), and each batch is one "
        "step. Then multiply by the number of epochs.",
    ],
    mistakes=[
        Mistake("dropped_last_batch", edit("3 * 8", "3 * 7"),
                "That counts only the full batches of 32: 7 an epoch. The 26 examples left "
                "over make an eighth, smaller batch (that is what drop_last=False means), and "
                "it is a step too: 8 steps an epoch." + RUN_IT, see=STEPS,
                detect=lambda attempt: mistakes.close(attempt.got, 21.0)),
        Mistake("one_epoch_only", edit("3 * 8", "8"),
                "8 is the number of steps in one epoch. The loop runs 3 epochs, and every "
                "epoch goes over the whole data again, in a new order." + RUN_IT, see=STEPS),
        Mistake("fraction_of_batches", edit("3 * 8", "3 * 250 / 32"),
                "A step is a whole batch, so the count is a whole number: 250 / 32 = 7.8 "
                "means seven full batches and one smaller batch of what is left, 8 steps "
                "an epoch." + RUN_IT, see=STEPS,
                detect=lambda attempt: any(mistakes.close(attempt.got, v)
                                           for v in (250 / 32, 3 * 250 / 32))),
        Mistake("counted_examples", edit("3 * 8", "3 * 250"),
                "That counts examples, not steps: a mini-batch loop makes one step per batch "
                "of 32 examples, not one per example." + RUN_IT, see=STEPS,
                detect=lambda attempt: any(mistakes.close(attempt.got, v)
                                           for v in (250.0, 750.0))),
    ],
)

q2 = lesson.exercise(
    "q2",
    question=(
        "Predict, before you run anything: what does `opt.state[w]['momentum_buffer']` hold "
        "after this code? SGD with momentum keeps, for each parameter, a buffer: at the "
        "first step it is the gradient, then at each step `buf = momentum * buf + grad`. "
        "Write your prediction as a number, `predicted_buffer = ...`.\n\n" + MOMENTUM
    ),
    placeholder="predicted_buffer = ...  # a number: your prediction",
    solution="""
# the first step sets the buffer to the gradient, 3.0; zero_grad() clears w.grad, not the
# optimizer's state, so the second step starts from that 3.0: 0.9 * 3.0 + 2.0
predicted_buffer = 0.9 * 3.0 + 2.0
""",
    answer=Value("predicted_buffer", check_dtype=False),
    confirm=MOMENTUM + "print(f\"Autograd's optimizer agrees: the buffer holds "
    "{opt.state[w]['momentum_buffer']:.4f}.\")",
    hints=[
        "After the first step the buffer is the first gradient, 3.0.",
        "Does opt.zero_grad() touch the buffer, or only w.grad? Then apply "
        "buf = 0.9 * buf + grad with the second gradient.",
    ],
    mistakes=[
        Mistake("zero_grad_cleared_state", edit("0.9 * 3.0 + 2.0", "2.0"),
                "2.0 is what the buffer would hold had zero_grad() emptied it. It does not: "
                "zero_grad() clears the parameters' .grad, and the optimizer's own state "
                "(the momentum buffer) survives, so the second step gives "
                "0.9 * 3.0 + 2.0." + RUN_IT, see=STATE,
                detect=lambda attempt: mistakes.close(attempt.got, 2.0)),
        Mistake("no_decay", edit("0.9 * 3.0 + 2.0", "3.0 + 2.0"),
                "The old buffer is not kept whole: it is multiplied by the momentum, 0.9, "
                "before the new gradient is added: 0.9 * 3.0 + 2.0." + RUN_IT, see=STATE,
                detect=lambda attempt: mistakes.close(attempt.got, 5.0)),
        Mistake("decayed_the_new_gradient", edit("0.9 * 3.0 + 2.0", "3.0 + 0.9 * 2.0"),
                "The momentum multiplies the old buffer, not the new gradient: "
                "buf = 0.9 * buf + grad, that is 0.9 * 3.0 + 2.0." + RUN_IT, see=STATE,
                detect=lambda attempt: mistakes.close(attempt.got, 4.8)),
        Mistake("step_not_buffer", edit("0.9 * 3.0 + 2.0", "0.1 * (0.9 * 3.0 + 2.0)"),
                "That is lr times the buffer: how far the second step moved w. The buffer "
                "itself is not multiplied by the learning rate." + RUN_IT, see=STATE,
                detect=lambda attempt: mistakes.close(attempt.got, 0.47)),
    ],
)
