"""Right and wrong answers learners write for 12_training_in_practice.

Read by tests/exercises/test_variants.py.
"""

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
}
