"""Exercises for 12_training_in_practice: predict how many optimizer steps an epoch loop
makes, predict what zero_grad() leaves in an optimizer's state, write the epoch loop with
validation, then predict the shape of a validation curve."""

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from lessonkit.exercises import mistakes
from lessonkit.exercises.answers import Wrong
from lessonkit.exercises.compare import a_kind
from lessonkit.exercises.core import Call, Choice, Function, Lesson, Mistake, Value, edit

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
                "it is a step too: 8 steps an epoch." + RUN_IT, see=STEPS),
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
                "0.9 * 3.0 + 2.0." + RUN_IT, see=STATE),
        Mistake("no_decay", edit("0.9 * 3.0 + 2.0", "3.0 + 2.0"),
                "The old buffer is not kept whole: it is multiplied by the momentum, 0.9, "
                "before the new gradient is added: 0.9 * 3.0 + 2.0." + RUN_IT, see=STATE),
        Mistake("decayed_the_new_gradient", edit("0.9 * 3.0 + 2.0", "3.0 + 0.9 * 2.0"),
                "The momentum multiplies the old buffer, not the new gradient: "
                "buf = 0.9 * buf + grad, that is 0.9 * 3.0 + 2.0." + RUN_IT, see=STATE),
        Mistake("step_not_buffer", edit("0.9 * 3.0 + 2.0", "0.1 * (0.9 * 3.0 + 2.0)"),
                "That is lr times the buffer: how far the second step moved w. The buffer "
                "itself is not multiplied by the learning rate." + RUN_IT, see=STATE),
    ],
)


# ---------------------------------------------------------------- q3: the epoch loop

VALIDATION = "Validation: model.eval() and torch.no_grad()"
LOOP = "Exercise 3: the epoch loop with validation"
VAL_BATCH = 5  # the check's validation batches, a size no training batch has (40 = 5 x 8)
TRAIN_LOOP = """
def train(model, optimizer, train_loader, val_loader, epochs):
    val_losses = []
    for epoch in range(epochs):
        model.train()                          # dropout on, for training
        for X_batch, y_batch in train_loader:
            optimizer.zero_grad()
            loss = loss_fn(model(X_batch).squeeze(1), y_batch)
            loss.backward()
            optimizer.step()
        model.eval()                           # dropout off, for validation
        with torch.no_grad():                  # and nothing recorded
            total = 0.0
            for X_batch, y_batch in val_loader:
                total += loss_fn(model(X_batch).squeeze(1), y_batch).item()
        val_losses.append(total / len(val_loader))   # the mean over the batches
    return val_losses
"""
# The validation loop, then the same without torch.no_grad(), or with a training step on
# each batch.
VALIDATE = """        with torch.no_grad():                  # and nothing recorded
            total = 0.0
            for X_batch, y_batch in val_loader:
                total += loss_fn(model(X_batch).squeeze(1), y_batch).item()
"""
UNRECORDED = """        total = 0.0
        for X_batch, y_batch in val_loader:
            total += loss_fn(model(X_batch).squeeze(1), y_batch).item()
"""
STEPPED_ON_VALIDATION = edit(VALIDATE, """        total = 0.0
        for X_batch, y_batch in val_loader:
            optimizer.zero_grad()
            val_loss = loss_fn(model(X_batch).squeeze(1), y_batch)
            val_loss.backward()
            optimizer.step()
            total += val_loss.item()
""")
SETUP_Q3 = DATA + "loss_fn = nn.BCEWithLogitsLoss()\n"


def _watched_model(seed: int) -> nn.Module:
    """A small network with dropout, whose forward passes are logged: (training mode,
    recording, a validation batch) for each, in model.passes."""
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Dropout(p=0.5), nn.Linear(8, 1))
    model.passes = []
    model.register_forward_hook(lambda module, inputs, output: module.passes.append(
        (module.training, torch.is_grad_enabled(), len(inputs[0]) == VAL_BATCH)))
    return model


def _loop_call(seed: int, epochs: int) -> Call:
    g = torch.Generator().manual_seed(seed)
    X = torch.cat([torch.randn(30, 2, generator=g) - 1, torch.randn(30, 2, generator=g) + 1])
    y = torch.cat([torch.zeros(30), torch.ones(30)])
    order = torch.randperm(60, generator=g)
    train_set = TensorDataset(X[order[:40]], y[order[:40]])
    val_set = TensorDataset(X[order[40:]], y[order[40:]])
    model = _watched_model(seed)
    return Call(model, torch.optim.SGD(model.parameters(), lr=0.3),
                DataLoader(train_set, batch_size=8, shuffle=True, generator=g),
                DataLoader(val_set, batch_size=VAL_BATCH), epochs)


def loop_calls():
    calls = [_loop_call(1, 3), _loop_call(2, 2)]
    torch.manual_seed(12)  # dropout draws from the global generator: the same masks each check
    return calls


def how_it_ran(passes) -> frozenset:
    """What went wrong in the forward passes of a run (nothing, for a right loop)."""
    odd = set()
    for training, recording, validation in passes:
        if validation and recording:
            odd.add("validation recorded")
        if validation and training:
            odd.add("validation with dropout on")
        if not validation and not training:
            odd.add("training with dropout off")
    return frozenset(odd)


def read_run(call, returned):
    """The validation losses returned, as numbers, and how the model was run."""
    epochs = call.args[-1]
    if returned is None:
        raise Wrong("`train` returned None. Did you forget `return val_losses`?")
    listed = isinstance(returned, list | tuple) or (
        isinstance(returned, torch.Tensor) and returned.dim() == 1)
    if not listed or len(returned) != epochs:
        said = f"{len(returned)} numbers" if listed else a_kind(returned)
        raise Wrong(f"`train` should return a list of validation losses, one number per epoch "
                    f"({epochs} for {epochs} epochs), but it returned {said}.")
    try:
        returned = torch.tensor([float(v) for v in returned], dtype=torch.float64)
    except (TypeError, ValueError, RuntimeError):
        pass  # not numbers: the comparison says so
    return {"validation losses": returned, "how it ran": how_it_ran(call.args[0].passes)}


def ran(fact: str):
    """A detector: the learner's loop ran the model in this odd way, in some test call."""
    return lambda attempt: any(fact in got["how it ran"] for got in attempt.got)


def losses_right(attempt) -> bool:
    return all(mistakes.close(got["validation losses"], want["validation losses"])
               for got, want in zip(attempt.got, attempt.expected, strict=True))


def losses_times(attempt) -> dict | bool:
    """Every validation loss a whole multiple (the number of batches) of ours."""
    ratios = {mistakes.whole_ratio(got["validation losses"], want["validation losses"])
              for got, want in zip(attempt.got, attempt.expected, strict=True)}
    times = ratios.pop() if len(ratios) == 1 else None
    return {"times": times} if times is not None and times >= 2 else False


q3 = lesson.exercise(
    "q3",
    question=(
        "Write `train(model, optimizer, train_loader, val_loader, epochs)`: for each epoch, "
        "train on every batch of train_loader (zero_grad, loss, backward, step, with the "
        "notebook's `loss_fn`), then compute the validation loss, the mean of the batch losses "
        "over val_loader, with the model in eval mode and nothing recorded. Return the list "
        "of the validation losses, one number per epoch. The check trains a small network with "
        "dropout and watches how each forward pass runs."
    ),
    setup=SETUP_Q3,
    placeholder=("def train(model, optimizer, train_loader, val_loader, epochs):\n"
                 "    ...\n    # return the list of validation losses, one per epoch"),
    solution=TRAIN_LOOP,
    answer=Function("train", calls=loop_calls, reads=read_run,
                    about=("3 epochs", "2 epochs")),
    hints=[
        "Two loops inside the epoch loop: the training batches, then the validation batches. "
        "Only the first one calls backward() and step().",
        "Before the validation loop: model.eval(), and put the loop inside "
        "`with torch.no_grad():`. Add up the batch losses (.item()) and divide by "
        "len(val_loader).",
        "eval() stays on until model.train() turns it off: call model.train() at the top of "
        "every epoch.",
    ],
    mistakes=[
        Mistake("stepped_on_validation", STEPPED_ON_VALIDATION,
                "Your loop trains on the validation batches too: a validation loss must come "
                "from points the model never learned from. The validation loop only computes "
                "the loss: no backward(), no step(), and inside torch.no_grad().",
                see=VALIDATION,
                detect=lambda attempt: ran("validation recorded")(attempt)
                and not losses_right(attempt)),
        Mistake("validation_recorded", edit(VALIDATE, UNRECORDED),
                "Your validation losses are right, but autograd recorded every validation "
                "forward pass: a graph built for nothing, memory used for nothing. "
                "model.eval() does not stop recording; put the validation loop inside "
                "`with torch.no_grad():`.", see=VALIDATION,
                detect=lambda attempt: ran("validation recorded")(attempt)
                and losses_right(attempt)),
        Mistake("validated_with_dropout",
                edit("        model.eval()                           # dropout off, for "
                     "validation\n", ""),
                "Your validation passes ran in training mode, with dropout dropping half of "
                "the hidden values: the loss is noisy and too high. torch.no_grad() does not "
                "switch the layers; call model.eval() before validating.", see=VALIDATION,
                detect=ran("validation with dropout on")),
        Mistake("never_back_to_train",
                edit("        model.train()                          # dropout on, for "
                     "training\n", ""),
                "After the first validation your model stayed in eval mode: every later "
                "epoch trained with dropout off. eval() stays on "
                "until something turns it off: call model.train() at the top of each epoch.",
                see=VALIDATION, detect=ran("training with dropout off")),
        Mistake("summed_not_averaged", edit("total / len(val_loader)", "total"),
                "Your validation losses are {times} times ours: the sum of the batch losses, "
                "not their mean. Divide by the number of batches, len(val_loader), so that the "
                "loss does not depend on how the validation set is cut.", see=LOOP,
                detect=losses_times),
        Mistake("forgot_zero_grad", edit("            optimizer.zero_grad()\n", ""),
                "Your validation losses drift away from ours: the gradients are never "
                "cleared, so each backward() adds to those of all the batches before and "
                "every step is too big. Call optimizer.zero_grad() before each training "
                "batch's backward().", see=mistakes.SEE_ZERO_GRAD),
    ],
)

# ---------------------------------------------------------------- q4: a validation curve

CURVES = {
    "A": "it falls, and keeps falling to the end, just as the training loss does",
    "B": "it falls at first, then turns and rises, while the training loss keeps falling",
    "C": "it stays flat: the model learns nothing that helps on new points",
    "D": "it rises from the very first epoch",
}
OVERFIT = "Overfitting: when the validation loss turns"
Q4_RUN = (" The section after this exercise trains that network: see the two curves for "
          "yourself.")

q4 = lesson.exercise(
    "q4",
    question=(
        "Predict, before you run anything: a big network (two hidden layers of 64 units) "
        "trained with Adam on only 20 of the training points, one full-batch step per epoch "
        "for 120 epochs, and validated on the 60 validation points after each epoch. Its "
        "training loss falls nearly to 0. What does its validation loss do? Write the letter, "
        "`predicted_curve = \"...\"`.\n\n"
        + "\n".join(f"{letter}: {said}" for letter, said in CURVES.items())
    ),
    setup=SETUP_Q3,
    placeholder='predicted_curve = ...  # a letter in quotes: your prediction',
    solution="""
# 20 points and thousands of weights: the network first learns the two clouds (both losses
# fall), then learns the 20 points themselves, noise included, which does not carry over
predicted_curve = "B"
""",
    answer=Choice("predicted_curve", "ABCD"),
    hints=[
        "How many weights does the network have, and how many points does it train on? What "
        "can it do once the training loss is nearly 0?",
        "The validation points are new: what the network learns about the 20 points "
        "themselves, rather than about the two clouds, does not help on them.",
    ],
    mistakes=[
        Mistake("keeps_falling", 'predicted_curve = "A"',
                "The training loss keeps falling, but the validation loss does not follow it to "
                "the end: after a few epochs the network has learned what the 20 points say "
                "about the two clouds, and goes on learning the points themselves, their noise "
                "included. That fits the training points better and new points worse." + Q4_RUN,
                see=OVERFIT),
        Mistake("learns_nothing", 'predicted_curve = "C"',
                "A network that fits its 20 points learns something that carries over at "
                "first: the two clouds are real, and the first epochs find them, so the "
                "validation loss falls before it turns." + Q4_RUN, see=OVERFIT),
        Mistake("rises_at_once", 'predicted_curve = "D"',
                "Not from the first epoch: at the start the network knows nothing, and what it "
                "learns first, where the two clouds lie, helps on new points too. The "
                "validation loss falls first, then turns." + Q4_RUN, see=OVERFIT),
    ],
)
