"""Exercises for 09_putting_it_together: the whole training loop, then using the trained model."""

import re

import torch

from lessonkit.exercises import mistakes
from lessonkit.exercises.core import Call, Function, Lesson, Mistake, Value, edit

SETUP = """
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
n = 100
X = torch.cat([torch.randn(n, 2) + torch.tensor([-1.0, -1.0]),
               torch.randn(n, 2) + torch.tensor([1.0, 1.0])])
y = torch.cat([torch.zeros(n), torch.ones(n)])
w0, b0 = torch.randn(2), torch.randn(())
lr, steps = 0.5, 100
model = nn.Linear(2, 1)
with torch.no_grad():
    model.weight.copy_(w0.unsqueeze(0))
    model.bias.copy_(b0.reshape(1))
loss_fn = nn.BCEWithLogitsLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=lr)
for step in range(steps):
    optimizer.zero_grad()
    logits = model(X).squeeze(1)
    loss = loss_fn(logits, y)
    loss.backward()
    optimizer.step()
X_new = torch.tensor([[-2.0, -1.0], [0.0, 0.0], [2.0, 1.5]])
"""

lesson = Lesson("09_putting_it_together", setup=SETUP)
NN, USING = "The same with torch.nn", "Using the trained model"
SEE_WHICH_ONE = "08_no_grad_and_detach, section 'Which one when'"
IN_PLACE = "a leaf Variable that requires grad is being used in an in-place operation"
NONE_GRAD = "'NoneType'"  # the errors of an update that autograd recorded: in place, or replaced
NO_GRAD_LINE = "        with torch.no_grad():                           # 4. update, not recorded\n"
HAND_BCE = "-(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()"


TRAIN = """
def train(X, y, lr, steps):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    for step in range(steps):
        z = X @ w + b                                   # 1. forward
        p = torch.sigmoid(z)
        loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()   # 2. loss
        loss.backward()                                 # 3. backward
        with torch.no_grad():                           # 4. update, not recorded
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()                                  #    and clear the gradients
        b.grad.zero_()
    return w, b
"""
# Wrong loops for the detectors below. On test call 1 they drive the sigmoid to exactly 0 or 1,
# where the hand-written log gives nan and the logits loss does not; test call 2 (5 points a
# class, 4 small steps) stays clear of that, so the same mistake gives the same numbers there
# whichever loss the learner wrote.
NO_ZERO = edit("w.grad.zero_()", "pass", "b.grad.zero_()", "pass").applied_to(TRAIN)
UPHILL = edit("-= lr", "+= lr",
              HAND_BCE, "F.binary_cross_entropy_with_logits(z, y)").applied_to(TRAIN)
SUMMED = edit(".mean()", ".sum()").applied_to(TRAIN)


def train_calls():
    def blobs(n, seed):  # two classes, from a generator of their own
        gen = torch.Generator().manual_seed(seed)
        X = torch.cat([torch.randn(n, 2, generator=gen) - 1, torch.randn(n, 2, generator=gen) + 1])
        return X, torch.cat([torch.zeros(n), torch.ones(n)])
    return [Call(*blobs(100, 0), lr=0.5, steps=10), Call(*blobs(5, 1), lr=0.1, steps=4)]


q1 = lesson.exercise(
    "q1",
    question=(
        "Write `train(X, y, lr, steps)`: logistic regression trained by hand, starting from "
        "`w = torch.zeros(2, requires_grad=True)` and `b = torch.zeros((), requires_grad=True)`. "
        "Each step: forward (z = X @ w + b), loss (the mean binary cross-entropy), backward, "
        "update (under torch.no_grad(), then clear the gradients). Return `w, b`."
    ),
    placeholder="""def train(X, y, lr, steps):
    # start from w = torch.zeros(2, requires_grad=True)
    #        and b = torch.zeros((), requires_grad=True)
    ...
    # return w, b""",
    solution=TRAIN,
    answer=Function("train", calls=train_calls, returns=("w", "b"), judged=(IN_PLACE, NONE_GRAD)),
    hints=[
        "Copy the loop of 'Training by hand' into the function, with w and b starting at zero.",
        "The order inside the loop: forward, loss, loss.backward(), then the update: "
        "`with torch.no_grad():` w -= lr * w.grad (and b), then w.grad.zero_() and "
        "b.grad.zero_().",
        "F.binary_cross_entropy_with_logits(z, y) gives the same loss as sigmoid then the "
        "hand-written BCE: either is fine, but never both sigmoid and the logits version.",
    ],
    mistakes=[
        Mistake("forgot_zero_grad", NO_ZERO,
                "These are the parameters of a loop that never clears .grad: each backward() adds "
                "its gradient to the ones before, so every step is bigger than it should be. Clear "
                "w.grad and b.grad at the end of the update (w.grad.zero_()).",
                see=mistakes.SEE_ZERO_GRAD,
                detect=lambda attempt: attempt.exercise.answer.differ(
                    attempt.got[1:], attempt.answer_of(NO_ZERO)[1:]) is None),
        Mistake("updated_outside_no_grad",
                edit(NO_GRAD_LINE, "", "    w -=", "w -=", "    b -=", "b -="),
                "`train` stopped with autograd's error about an in-place operation on a leaf: "
                "the update `w -= lr * w.grad` ran while autograd was recording. Put the "
                "update inside `with torch.no_grad():`. The error was: {message}",
                detect=mistakes.raised(IN_PLACE), see=mistakes.SEE_NO_GRAD_UPDATE),
        Mistake("replaced_outside_no_grad",
                edit(NO_GRAD_LINE, "", "    w -= lr", "w = w - lr", "    b -= lr", "b = b - lr"),
                "`train` stopped on a .grad that was None. `w = w - lr * w.grad` outside "
                "torch.no_grad() makes a new w, computed by a recorded operation: it is not a "
                "leaf, so backward() no longer fills its .grad. Update in place inside "
                "`with torch.no_grad():` (w -= lr * w.grad). The error was: {message}",
                # not a .grad zeroed before the first backward(), in a loop that updates
                # inside no_grad (the note under the error explains that one)
                detect=lambda attempt: "no_grad" not in mistakes.code_names(attempt.value.__code__)
                and mistakes.raised(NONE_GRAD)(attempt), see=mistakes.SEE_NO_GRAD_UPDATE),
        Mistake("update_went_uphill", UPHILL,
                "The updates went uphill: the gradient points to where the loss grows, so "
                "subtract it: w -= lr * w.grad.", see=mistakes.SEE_UPDATE_SIGN,
                detect=lambda attempt: attempt.exercise.answer.differ(
                    attempt.got[1:], attempt.answer_of(UPHILL)[1:]) is None),
        Mistake("sigmoid_twice", edit(HAND_BCE, "F.binary_cross_entropy_with_logits(p, y)"),
                "The sigmoid is applied twice: binary_cross_entropy_with_logits (and "
                "nn.BCEWithLogitsLoss) apply the sigmoid themselves, so give them z, "
                "not torch.sigmoid(z).", see=NN),
        Mistake("bce_sum_not_mean", SUMMED,
                "The loss sums over the points instead of taking their mean, so every gradient, "
                "and every step, is len(X) times too big. Use .mean().", see=mistakes.SEE_BCE_MEAN,
                detect=lambda attempt: attempt.exercise.answer.differ(
                    attempt.got[1:], attempt.answer_of(SUMMED)[1:]) is None),
        mistakes.used_data(edit(NO_GRAD_LINE, "", "    w -= lr", "w.data -= lr",
                                "    b -= lr", "b.data -= lr")),
    ],
)

q2 = lesson.exercise(
    "q2",
    question=(
        "With the trained `model`: the probability of class 1 for each of the three points "
        "in `X_new`, as a tensor `p_new` of shape (3,), computed inside `torch.no_grad()` "
        "(no graph is needed just to predict)."
    ),
    placeholder="p_new = ...",
    solution="""
with torch.no_grad():
    logits_new = model(X_new).squeeze(1)   # (3, 1) -> (3,)
    p_new = torch.sigmoid(logits_new)      # logits -> probabilities
""",
    answer=Value("p_new", autograd=True),
    hints=[
        "model(X_new) gives the logits z, one per point, in shape (3, 1).",
        "Inside `with torch.no_grad():`, apply torch.sigmoid to model(X_new).squeeze(1).",
    ],
    mistakes=[
        Mistake("forgot_no_grad", "p_new = torch.sigmoid(model(X_new).squeeze(1))",
                "The numbers are right, but p_new requires grad: autograd recorded a graph you "
                "will never use. Compute it inside `with torch.no_grad():`.",
                detect=mistakes.right_but_requires_grad, see=USING),
        Mistake("detached_not_no_grad", mistakes.as_notebook_cell(
            SETUP, "p_new = torch.sigmoid(model(X_new).squeeze(1)).detach()\n"),
                "The numbers are right and p_new has no graph, but only because .detach() cut "
                "it off afterwards: autograd still recorded model(X_new) and the sigmoid, a "
                "graph built for nothing and thrown away. torch.no_grad() records nothing in "
                "the first place, which is what predicting needs; .detach() is for taking one "
                "tensor out of a graph you keep using. Compute p_new inside "
                "`with torch.no_grad():`.", see=SEE_WHICH_ONE,
                # what the learner's cell did: detached, without switching recording off
                detect=lambda attempt: mistakes.is_right(attempt) and bool(re.search(
                    r"\.detach\(", cell := mistakes.latest_cell(attempt.ns, attempt.name)))
                and not re.search(r"no_grad|inference_mode", cell)),
        Mistake("logits_not_probabilities", edit("torch.sigmoid(logits_new)", "logits_new"),
                "These are the logits z, the model's raw outputs. The model was trained with "
                "BCEWithLogitsLoss, which applies the sigmoid inside the loss; to get "
                "probabilities, apply torch.sigmoid yourself.", see=USING),
        mistakes.sigmoid_twice(edit("(logits_new)", "(torch.sigmoid(logits_new))")),
        Mistake("kept_extra_dimension", edit(".squeeze(1)", ""),
                "p_new has shape (3, 1): nn.Linear(2, 1) gives one column per output. "
                "Take it away with .squeeze(1) to get shape (3,).",
                detect=lambda attempt: tuple(attempt.got.shape) == (3, 1), see=NN),
    ],
)

# Every point predicted as class 1 gives the same accuracy here (0.5: half the points are of
# class 1) as a (N, 1) column of predictions compared with y, of shape (N,): an (N, N) table,
# half of it matches. Only the cell tells them apart: a sigmoid, and then `> 0`.
ALL_CLASS_1 = """
with torch.no_grad():
    predicted = (torch.sigmoid(model(X).squeeze(1)) > 0).float()
    accuracy = (predicted == y).float().mean().item()
"""
PROBABILITY_ABOVE_0 = r"(?s)(sigmoid|expit).*>=?\s*0(?![.\d]*[1-9])"

q3 = lesson.exercise(
    "q3",
    question=(
        "The accuracy of the trained `model` on the training data X, y: the fraction of points "
        "whose predicted class (1 when the logit z > 0, that is p > 0.5) equals y. "
        "Compute it under torch.no_grad() and give a number, `accuracy`."
    ),
    placeholder="accuracy = ...",
    solution="""
with torch.no_grad():
    predicted = (model(X).squeeze(1) > 0).float()   # 1.0 where z > 0, else 0.0
    accuracy = (predicted == y).float().mean().item()
""",
    answer=Value("accuracy"),
    hints=[
        "`model(X).squeeze(1) > 0` is a boolean tensor: True where the model says class 1.",
        "Compare it with y (turn one into the other's dtype with .float()), then take the mean "
        "of the matches as floats.",
    ],
    mistakes=[
        Mistake("count_not_fraction", edit(".mean()", ".sum()"),
                "That is the number of points classified correctly. Accuracy is the fraction: "
                "divide by the number of points, or take .mean() instead of .sum().", see=USING),
        Mistake("probability_compared_with_zero", mistakes.as_notebook_cell(SETUP, ALL_CLASS_1),
                "Every point is predicted as class 1: a probability is always > 0. Compare "
                "probabilities with 0.5, or logits with 0.", see=USING,
                detect=lambda attempt: re.search(PROBABILITY_ABOVE_0, mistakes.latest_cell(
                    attempt.ns, attempt.name)) and mistakes.same_as_any(ALL_CLASS_1)(attempt)),
        Mistake("error_rate", edit("==", "!="),
                "That is the error rate, the fraction of points classified wrongly: accuracy "
                "is 1 minus it. Count where the prediction equals y.", see=USING),
    ],
)
