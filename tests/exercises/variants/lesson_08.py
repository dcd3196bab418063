"""Right and wrong answers learners write for 08_no_grad_and_detach
(tests/exercises/test_variants.py).

Every answer is a notebook cell (`as_notebook_cell`): some checks read it from `In`, as in
Jupyter.
"""

from functools import partial

from lessonkit.exercises import lesson_08
from lessonkit.exercises.mistakes import as_notebook_cell

q1 = partial(as_notebook_cell, lesson_08.q1.setup)
q2 = partial(as_notebook_cell, lesson_08.q2.setup)

LOSS = "loss = loss_fn(w, b)\n"
BACKWARD = "loss.backward()\n"
FREEZE = "b.requires_grad_(False)\n"
PROBS = "torch.sigmoid(X_test @ w + b)"
NO_GRAD = "with torch.no_grad():\n    probs = "

RIGHT = {
    "08.q1": [
        q1("b.requires_grad = False\n" + LOSS + BACKWARD),
        q1(FREEZE + "loss_fn(w, b).backward()\n"),
        q1(FREEZE + "loss = F.binary_cross_entropy(torch.sigmoid(w * x + b), y)\n" + BACKWARD),
        q1("b.detach_()\n" + LOSS + BACKWARD),
        q1("b = b.requires_grad_(False)\n" + LOSS + BACKWARD),
        q1(FREEZE + "loss = loss_fn(w, b.detach())\n" + BACKWARD),
        # a look at the loss before freezing: the loss that goes backward comes after
        q1('print("loss before:", loss_fn(w, b).item())\n' + FREEZE + LOSS + BACKWARD),
    ],
    "08.q2": [
        q2(NO_GRAD + "torch.special.expit(X_test @ w + b)\n"),
        q2(NO_GRAD + "1 / (1 + torch.exp(-(X_test @ w + b)))\n"),
        q2("probs = torch.sigmoid(X_test @ w.detach() + b.detach())\n"),
        q2(NO_GRAD + PROBS + ".detach()\n"),
        q2(f"with torch.inference_mode():\n    probs = {PROBS}\n"),
        q2(NO_GRAD + "torch.sigmoid(X_test.double() @ w.double() + b.double())\n"),
        q2(f"torch.set_grad_enabled(False)\nprobs = {PROBS}\ntorch.set_grad_enabled(True)\n"),
        # an .item() to print one of them is no loop of .item()s
        q2(NO_GRAD + PROBS + '\nprint(f"first: {probs[0].item():.3f}")\n'),
    ],
}

WRONG = {
    "08.q1": [
        # frozen after the forward pass, before backward()
        (q1(LOSS + FREEZE + "b.grad = None\n" + BACKWARD), "froze_after_forward"),
        (q1(LOSS + "b.requires_grad = False\n" + BACKWARD), "froze_after_forward"),
        # frozen after backward(): b.grad is filled
        (q1(LOSS + BACKWARD + FREEZE), None),
        (q1(FREEZE + LOSS), None),
        (q1(FREEZE), None),
        (q1(LOSS + BACKWARD), "b_never_frozen"),
        (q1("b.requires_grad_(True)\n" + LOSS + BACKWARD), "b_never_frozen"),
        (q1(LOSS + "with torch.no_grad():\n    loss.backward()\n"), "b_never_frozen"),
        (q1("w.requires_grad_(False)\n" + LOSS + BACKWARD), "wrong_tensor_cut"),
        (q1("b_fixed = b.detach()\nloss = loss_fn(w, b_fixed)\n" + BACKWARD),
         "detached_not_frozen"),
        # frozen for the forward pass, then unfrozen: no .detach() anywhere
        (q1(FREEZE + LOSS + BACKWARD + "b.requires_grad_(True)\n"), None),
        # the forward pass and backward() twice
        (q1(FREEZE + LOSS + BACKWARD + LOSS + BACKWARD), "grad_multiplied"),
        (q1(FREEZE + LOSS + BACKWARD + "w.grad = None\n"), None),
        (q1(FREEZE + LOSS + BACKWARD + "w.grad.zero_()\n"), None),
        (q1("w.requires_grad = False\n" + LOSS + BACKWARD), "wrong_tensor_cut"),
        (q1("loss = loss_fn(w.detach(), b)\n" + BACKWARD), "wrong_tensor_cut"),
        (q1("loss = loss_fn(w, b.detach())\n" + BACKWARD), "detached_not_frozen"),
        (q1("frozen_b = b.detach()\nfrozen_b.requires_grad_(False)\n"
            "loss_fn(w, frozen_b).backward()\n"), "detached_not_frozen"),
        (q1(FREEZE + LOSS + "loss.backward(retain_graph=True)\n" + BACKWARD),
         "grad_multiplied"),
        (q1(FREEZE + "for _ in range(3):\n    loss_fn(w, b).backward()\n"), "grad_multiplied"),
        # both cut: backward() raises (the cell stops there in the notebook)
        (q1(FREEZE + "loss = loss_fn(w.detach(), b)\ntry:\n    loss.backward()\n"
            "except RuntimeError:\n    pass\n"), None),
    ],
    "08.q2": [
        (q2("with torch.no_grad():\n    probs = torch.tensor([torch.sigmoid(x @ w + b).item() "
            "for x in X_test])\n"), "item_per_element"),
        (q2("values = []\nfor x in X_test:\n    values.append(torch.sigmoid(x @ w + b).item())\n"
            "probs = torch.tensor(values)\n"), "item_per_element"),
        (q2(f"probs = {PROBS}\nprint(probs.sum().item())\n"), "forgot_no_grad"),
        (q2(NO_GRAD + PROBS + f"\nprobs = {PROBS}\n"), "forgot_no_grad"),
        (q2("probs = torch.stack([torch.sigmoid(x @ w + b) for x in X_test])\n"),
         "forgot_no_grad"),
        (q2(NO_GRAD + "torch.sigmoid(X_test @ w.data + b)\n"), "used_data"),
        (q2(NO_GRAD + PROBS + " > 0.5\n"), "predictions_not_probabilities"),
        (q2(NO_GRAD + PROBS + ".round()\n"), "predictions_not_probabilities"),
        (q2("probs = torch.sigmoid(X_test @ w.data + b.data)\n"), "used_data"),
        (q2("w_, b_ = w.data, b.data\n" + NO_GRAD + "torch.sigmoid(X_test @ w_ + b_)\n"),
         "used_data"),
        (q2(NO_GRAD + "X_test @ w + b\n"), "forgot_sigmoid"),
        (q2("logits = (X_test @ w + b).detach()\nprobs = logits\n"), "forgot_sigmoid"),
        (q2(NO_GRAD + "torch.matmul(X_test, w) + b\n"), "forgot_sigmoid"),
        # frozen for good rather than not recorded
        (q2("w.requires_grad = False\nb.requires_grad = False\n" + f"probs = {PROBS}\n"),
         "froze_parameters"),
        (q2("for p in (w, b):\n    p.requires_grad_(False)\n" + f"probs = {PROBS}\n"),
         "froze_parameters"),
        (q2("w.requires_grad_(False)\n" + "probs = torch.sigmoid(X_test @ w + b.detach())\n"),
         "froze_parameters"),
        # recorded, then detached: the graph was built
        (q2(f"probs = {PROBS}.detach()\n"), "detached_result"),
        (q2("logits = X_test @ w + b\nprobs = torch.sigmoid(logits).detach()\n"),
         "detached_result"),
        (q2(f"probs = {PROBS}\nprobs = probs.detach()\n"), "detached_result"),
        (q2(f"probs = {PROBS}\nprobs.detach_()\n"), "detached_result"),
        (q2(NO_GRAD + PROBS + "\nprobs.requires_grad_(True)\n"), None),
        (q2(NO_GRAD + "torch.sigmoid(X_test * w + b)\n"), None),
        (q2(NO_GRAD + "torch.sigmoid(X_test @ w)\n"), None),
        (q2(NO_GRAD + PROBS + ".unsqueeze(1)\n"), None),
        (q2(NO_GRAD + PROBS + ".tolist()\n"), None),
        (q2(NO_GRAD + PROBS + ".numpy()\n"), None),
        (q2(NO_GRAD + PROBS + ".mean()\n"), None),
        (q2(NO_GRAD + f"torch.sigmoid({PROBS})\n"), None),
    ],
}
