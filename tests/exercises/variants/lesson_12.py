"""Right and wrong answers learners write for 12_training_in_practice.

Read by tests/exercises/test_variants.py.
"""

from lessonkit.exercises.core import edit

# 12.q3: a loop written another way than the reference, from which most variants below change
# a line or two.
LOOP = """
def train(model, optimizer, train_loader, val_loader, epochs):
    history = []
    for _ in range(epochs):
        model.train()
        for xb, yb in train_loader:
            optimizer.zero_grad()
            loss_fn(model(xb).squeeze(1), yb).backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            losses = [loss_fn(model(xb).squeeze(1), yb) for xb, yb in val_loader]
        history.append(torch.stack(losses).mean().item())
    return history
"""
TRAIN = "        model.train()\n"
EVAL = "        model.eval()\n"
ZERO = "            optimizer.zero_grad()\n"
NO_GRAD = "        with torch.no_grad():\n            losses"
RECORDED = "        losses"
MEAN = "torch.stack(losses).mean().item()"
# A validation helper of the learner's own, outside train.
HELPER = """
def validate(model, loader):
    model.eval()
    with torch.no_grad():
        total = sum(loss_fn(model(xb).squeeze(1), yb).item() * len(xb) for xb, yb in loader)
    model.train()
    return total / len(loader.dataset)
"""
VALIDATION = NO_GRAD + " = [loss_fn(model(xb).squeeze(1), yb) for xb, yb in val_loader]\n"
WITH_HELPER = HELPER + edit(
    TRAIN, "", EVAL, "", VALIDATION + "        history.append(" + MEAN + ")",
    "        history.append(validate(model, val_loader))",
).applied_to(LOOP)
# Training batches and steps on the validation batches too.
STEPS_ON_VAL = edit(VALIDATION,
                    """        losses = []
        for xb, yb in val_loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb).squeeze(1), yb)
            loss.backward()
            optimizer.step()
            losses.append(loss.detach())
""").applied_to(LOOP)

RIGHT = {
    "12.q1": [
        "predicted_steps = 24",
        "predicted_steps = 3 * (250 // 32 + 1)  # 7 full batches and a partial one",
        "predicted_steps = 3 * -(-250 // 32)  # the ceiling of 250 / 32",
        "predicted_steps = 24.0",
        "predicted_steps = torch.tensor(24)",
    ],
    "12.q2": [
        "predicted_buffer = 4.7",
        "predicted_buffer = 2 + 0.9 * 3  # the buffer survives zero_grad()",
        "buf = 3.0\nbuf = 0.9 * buf + 2.0\npredicted_buffer = buf",
        "predicted_buffer = torch.tensor(4.7)",
    ],
}

RIGHT["12.q3"] = [
    LOOP,
    edit(TRAIN, "", "        history.append", "        model.train()\n        history.append")
    .applied_to(LOOP),
    edit("torch.no_grad()", "torch.inference_mode()").applied_to(LOOP),
    WITH_HELPER,
    edit("    return history", "    return torch.tensor(history)").applied_to(LOOP),
    edit("loss_fn(", "torch.nn.functional.binary_cross_entropy_with_logits(").applied_to(LOOP),
]
RIGHT["12.q4"] = [
    'predicted_curve = "B"',
    "predicted_curve = 'b'  # overfitting",
    'predicted_curve = " B "',
]

WRONG = {
    "12.q1": [
        # only the full batches, as drop_last=True would make
        ("predicted_steps = 21", "dropped_last_batch"),
        ("predicted_steps = 3 * (250 // 32)  # 7 batches an epoch", "dropped_last_batch"),
        ("predicted_steps = 7 * 3", "dropped_last_batch"),
        # one epoch
        ("predicted_steps = 250 // 32 + 1", "one_epoch_only"),
        ("predicted_steps = 8.0", "one_epoch_only"),
        # a fraction of a step
        ("predicted_steps = 750 / 32", "fraction_of_batches"),
        ("predicted_steps = 250 / 32  # steps in an epoch", "fraction_of_batches"),
        ("predicted_steps = 23.4375", "fraction_of_batches"),
        # one step per example
        ("predicted_steps = 750", "counted_examples"),
        ("predicted_steps = 250  # each example once", "counted_examples"),
        # none of the declared ones
        ("predicted_steps = 3", None),
        ("predicted_steps = 96  # 3 * 32", None),
        ("predicted_steps = 27  # 3 * 9", None),
        ("predicted_steps = 25", None),
        ("predicted_steps = 0", None),
    ],
    "12.q2": [
        # zero_grad() thought to reset the optimizer
        ("predicted_buffer = 2", "zero_grad_cleared_state"),
        ("predicted_buffer = torch.tensor(2.0)  # a fresh buffer after zero_grad()",
         "zero_grad_cleared_state"),
        ("predicted_buffer = 0 * 0.9 + 2.0", "zero_grad_cleared_state"),
        # the old buffer kept whole
        ("predicted_buffer = 5", "no_decay"),
        ("predicted_buffer = 3 + 2", "no_decay"),
        # the momentum on the new gradient
        ("predicted_buffer = 4.8", "decayed_the_new_gradient"),
        ("predicted_buffer = 0.9 * 2 + 3", "decayed_the_new_gradient"),
        # the step, lr times the buffer
        ("predicted_buffer = 0.47", "step_not_buffer"),
        ("predicted_buffer = 0.1 * 4.7", "step_not_buffer"),
        # none of the declared ones
        ("predicted_buffer = 0.0  # zero_grad() clears everything", None),
        ("predicted_buffer = 3.0  # only the first step counts", None),
        ("predicted_buffer = 0.9 * 3.0  # the gradient was cleared", None),
        ("predicted_buffer = -4.7", None),
        ("predicted_buffer = 0.9 * (3 + 2)", None),
    ],
    "12.q3": [
        # validation recorded by autograd, values right
        (edit(NO_GRAD, RECORDED).applied_to(LOOP), "validation_recorded"),
        (WITH_HELPER.replace("    with torch.no_grad():\n        total", "    total"),
         "validation_recorded"),
        # validation in training mode: eval() left out, or not called
        (edit(EVAL, "").applied_to(LOOP), "validated_with_dropout"),
        (edit(EVAL, "        model.eval\n").applied_to(LOOP), "validated_with_dropout"),
        (edit(EVAL, "", "        history", "        model.eval()\n        history")
         .applied_to(LOOP), "validated_with_dropout"),
        # eval() never switched back
        (edit(TRAIN, "").applied_to(LOOP), "never_back_to_train"),
        (edit(TRAIN, "", "    for _ in range(epochs):", "    model.train()\n"
              "    for _ in range(epochs):").applied_to(LOOP), "never_back_to_train"),
        (edit(TRAIN, "        model.train\n").applied_to(LOOP), "never_back_to_train"),
        # the validation batch losses added up
        (edit(MEAN, "torch.stack(losses).sum().item()").applied_to(LOOP), "summed_not_averaged"),
        (edit(MEAN, "sum(loss.item() for loss in losses)").applied_to(LOOP),
         "summed_not_averaged"),
        (WITH_HELPER.replace(".item() * len(xb) for", ".item() for")
         .replace("total / len(loader.dataset)", "total"),
         "summed_not_averaged"),
        # trained on the validation batches
        (STEPS_ON_VAL, "stepped_on_validation"),
        (edit("        for xb, yb in train_loader:",
              "        for xb, yb in [*train_loader, *val_loader]:").applied_to(LOOP),
         "stepped_on_validation"),
        # gradients never cleared
        (edit(ZERO, "").applied_to(LOOP), "forgot_zero_grad"),
        (edit(ZERO, "", "    for _ in range(epochs):", "    optimizer.zero_grad()\n"
              "    for _ in range(epochs):").applied_to(LOOP), "forgot_zero_grad"),
        # none of the declared ones
        (edit("    return history", "    return history[-1]").applied_to(LOOP), None),
        (edit("    return history\n", "").applied_to(LOOP), None),
        (edit("        history.append(" + MEAN + ")",
              "        history.extend(loss.item() for loss in losses)").applied_to(LOOP), None),
        (edit(".backward()", "").applied_to(LOOP), None),
        # cleared once an epoch, not once a batch
        (edit(ZERO, "", EVAL, "        optimizer.zero_grad()\n" + EVAL).applied_to(LOOP), None),
    ],
    "12.q4": [
        ('predicted_curve = "a"', "keeps_falling"),
        ("predicted_curve = 'A'  # like the training loss", "keeps_falling"),
        ('predicted_curve = "c"', "learns_nothing"),
        ('predicted_curve = " C"', "learns_nothing"),
        ('predicted_curve = "d"', "rises_at_once"),
        ("predicted_curve = 'D'  # overfitting from the start", "rises_at_once"),
        ('predicted_curve = "E"', None),
        ('predicted_curve = "AB"', None),
        ("predicted_curve = 2", None),
        ('predicted_curve = "falls then rises"', None),
        ('predicted_curve = ["B"]', None),
    ],
}
