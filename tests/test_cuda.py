"""lessonkit on a GPU: a learner whose tensors live on CUDA gets the same pictures and checks.

Skipped where torch sees no CUDA device (CI, most laptops), except the CPU twins of the
device cases. On a machine with one:

    python -m pytest tests/test_cuda.py

The course itself never needs a GPU; this proves it does not break when there is one.
"""

import io
from pathlib import Path

import nbformat
import pytest
import torch
import torch.nn.functional as F

import lessonkit
from lessonkit import exercises
from lessonkit.doctor import check_torch
from lessonkit.exercises import lesson_13
from lessonkit.exercises.answers import Grad, Value
from lessonkit.exercises.core import run_code

needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device here")
DEVICES = ["cpu", pytest.param("cuda", marks=needs_cuda)]
LESSON_13 = Path(__file__).parent.parent / "notebooks" / "13_what_autograd_does_next.ipynb"


def logistic_step(device):
    w = torch.tensor([0.5, -0.3], device=device, requires_grad=True)
    b = torch.tensor(0.1, device=device, requires_grad=True)
    x = torch.tensor([1.0, 2.0], device=device)
    y = torch.tensor(1.0, device=device)
    loss = F.binary_cross_entropy(torch.sigmoid(w @ x + b), y)
    return loss, {"w": w, "b": b, "x": x, "y": y}


@needs_cuda
def test_doctor_names_the_gpu():
    assert "CUDA (" in check_torch().detail


@needs_cuda
def test_draw_and_explain_read_cuda_tensors_like_cpu_ones():
    cpu_loss, cpu_params = logistic_step("cpu")
    gpu_loss, gpu_params = logistic_step("cuda")
    assert lessonkit.draw(gpu_loss, params=gpu_params).text() == (
        lessonkit.draw(cpu_loss, params=cpu_params).text()
    )
    gpu_loss.backward()
    assert "[-0.5" in lessonkit.explain(gpu_params["w"]).text()


@needs_cuda
def test_flow_replay_and_accumulation_on_cuda():
    loss, params = logistic_step("cuda")
    flowed = lessonkit.flow(loss, params=params)
    replayed = lessonkit.replay(loss, params=params, widget=False)
    assert replayed.order == ["binary_cross_entropy", "sigmoid", "add", "dot"]
    loss.backward()
    assert torch.allclose(flowed.leaf_grads["w"], params["w"].grad)
    table = lessonkit.accumulation({"w": params["w"]}, lambda w: (w * 2).sum())
    assert "after backward 2" in table.text()


def on_cuda(ns, answer):
    """The reference namespace with the answer moved to the GPU, as a learner's would be."""
    ns = dict(ns)
    value = ns[answer.name]
    if not isinstance(value, torch.Tensor):
        return None
    moved = value.detach().to("cuda").requires_grad_(value.requires_grad and value.is_leaf)
    if isinstance(answer, Grad):
        if value.grad is None:
            return None
        moved.grad = value.grad.detach().to("cuda")
    ns[answer.name] = moved
    return ns


TENSOR_EXERCISES = [e for e in exercises.every_exercise() if isinstance(e.answer, Value | Grad)]


@needs_cuda
@pytest.mark.parametrize("exercise", TENSOR_EXERCISES, ids=lambda e: e.id)
def test_a_correct_answer_on_cuda_is_correct(exercise):
    ns = on_cuda(run_code(exercise.setup, exercise.solution_code), exercise.answer)
    if ns is None:
        pytest.skip("the answer is not a tensor")
    if exercise.answer.options.get("autograd"):
        pytest.skip("a tensor moved to the GPU has a different grad_fn by design")
    result = exercise.evaluate(ns)
    assert result.status == "correct", result.message


@needs_cuda
def test_a_doubled_gradient_on_cuda_is_named():
    q3 = exercises.get("01.q3")
    ns = run_code(q3.setup, q3.solution_code)
    x = ns["x"].detach().to("cuda").requires_grad_(True)
    x.grad = 2 * ns["x"].grad.to("cuda")
    result = q3.evaluate({**ns, "x": x})
    assert result.status == "incorrect" and result.mistake == "grad_multiplied"


def device_cell():
    """Lesson 13's cell under 'The same code on a GPU': its code, and what it printed when the
    notebook was last run (on a machine without CUDA)."""
    cells = nbformat.read(LESSON_13, as_version=4).cells
    heading = next(i for i, c in enumerate(cells)
                   if c.source.startswith("## The same code on a GPU"))
    cell = next(c for c in cells[heading:] if c.cell_type == "code")
    printed = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")
    return cell.source, printed


@pytest.mark.parametrize("device", DEVICES)
def test_lesson_13_device_cell_prints_the_same_on_every_device(device):
    source, printed_on_cpu = device_cell()
    first, rest = source.split("\n", 1)
    assert first.startswith("device = "), "the cell should start by picking its device"
    printed = io.StringIO()
    # what the notebook ran before the cell, then the cell with its device forced
    ns = run_code(lesson_13.SETUP_Q2, f"device = {device!r}\n{rest}", printed=printed)
    assert printed_on_cpu and printed.getvalue() == printed_on_cpu
    assert ns["loss_dev"].device.type == device
    assert all(p.device.type == "cpu" for p in ns["model"].parameters())   # moved back
