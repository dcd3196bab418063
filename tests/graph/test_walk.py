import sys

import pytest
import torch

from lessonkit.graph.model import CONSTANT, LEAF, OP, OUTPUT
from lessonkit.graph.walk import walk


def kinds(model):
    return {k: model.count(k) for k in (OUTPUT, OP, LEAF, CONSTANT)}


def pairs(model):
    names = {n.id: n.title for n in model.nodes}
    return sorted((names[e.src], names[e.dst]) for e in model.edges)


def test_linear_unit_structure():
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = torch.tensor(0.5, requires_grad=True)
    x = torch.tensor([4.0, 5.0, 6.0])
    z = w * x + b
    model = walk([z], {"w": w, "b": b}).model
    assert kinds(model) == {OUTPUT: 1, OP: 2, LEAF: 2, CONSTANT: 0}
    assert pairs(model) == [("add", "output"), ("b", "add"), ("mul", "add"), ("w", "mul")]
    mul = next(n for n in model.nodes if n.title == "mul")
    assert mul.op_class == "MulBackward0"
    assert mul.untracked == 1  # x did not require grad: autograd kept no edge to it
    assert [n.id for n in model.nodes] == [f"n{i}" for i in range(5)]  # ids from walk order


def test_named_constant_is_attached_only_through_saved_tensors():
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x = torch.tensor([4.0, 5.0, 6.0])
    unused = torch.tensor([7.0])
    z = w * x
    model = walk([z], {"w": w, "x": x, "unused": unused}).model
    const = [n for n in model.nodes if n.kind == CONSTANT]
    assert [n.title for n in const] == ["x"]
    dashed = [e for e in model.edges if e.dashed]
    assert len(dashed) == 1 and model.node(dashed[0].dst).title == "mul"
    assert model.legend == ["unused (1,) = [7]"]  # cannot tell where it was used: legend only


def test_constant_goes_to_legend_after_backward():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    x = torch.tensor([3.0, 4.0])
    z = (w * x).sigmoid().sum()
    z.backward()
    model = walk([z], {"w": w, "x": x}).model
    assert model.count(CONSTANT) == 0
    assert model.legend and model.legend[0].startswith("x ")
    assert any("freed" in note for note in model.notes)


def test_bce_neuron(neuron):
    model = walk([neuron["loss"]], {k: neuron[k] for k in "wbx"}).model
    titles = [n.title for n in model.nodes if n.kind == OP]
    assert titles == ["binary_cross_entropy", "sigmoid", "add", "sum", "mul"]
    assert kinds(model) == {OUTPUT: 1, OP: 5, LEAF: 2, CONSTANT: 1}
    w = next(n for n in model.nodes if n.title == "w")
    assert (w.shape, w.value, w.grad) == ("(3,)", "[0.5, -1, 2]", "None")


def test_tensor_used_twice_gives_two_edges():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    y = w * w
    model = walk([y]).model
    assert kinds(model) == {OUTPUT: 1, OP: 1, LEAF: 1, CONSTANT: 0}
    assert pairs(model) == [("leaf (2,)", "mul"), ("leaf (2,)", "mul"), ("mul", "output")]
    assert sorted(e.slot for e in model.edges if e.dst == "n1") == [0, 1]


def test_view_and_in_place():
    w = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    v = w.view(2, 2)
    model = walk([v]).model
    assert [n.title for n in model.nodes if n.kind == OP] == ["view"]

    y = w * 2
    y.add_(1)  # in place: the tensor's grad_fn becomes AddBackward0, after MulBackward0
    assert [n.title for n in walk([y]).model.nodes if n.kind == OP] == ["add", "mul"]

    y = w * 2
    y[0].mul_(3)  # in place on a view of a non-leaf: autograd records CopySlices
    classes = [n.op_class for n in walk([y]).model.nodes if n.kind == OP]
    assert classes[0] == "CopySlices" and "MulBackward0" in classes


class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a * a

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return 2 * a * grad


def test_custom_function_uses_its_own_name():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    model = walk([Square.apply(w).sum()], {"w": w}, saved=True).model
    square = next(n for n in model.nodes if n.title == "Square")
    assert square.op_class == "SquareBackward"
    assert square.saved == {"saved_tensors": "w"}


def test_create_graph_draws_the_backward_graph():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    (g,) = torch.autograd.grad((w**3).sum(), w, create_graph=True)
    model = walk([g], {"w": w}).model
    assert model.count(LEAF) == 1 and model.count(OP) >= 2
    assert any(n.title == "w" for n in model.nodes)


def test_multiple_outputs_share_nodes():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    h = w.exp()
    a, c = h.sum(), h.mean()
    model = walk([a, c]).model
    assert kinds(model) == {OUTPUT: 2, OP: 3, LEAF: 1, CONSTANT: 0}
    assert [n.title for n in model.nodes if n.kind == OUTPUT] == ["output 0", "output 1"]
    assert sum(1 for e in model.edges if model.node(e.dst).title == "exp") == 1


def test_saved_tensors_before_and_after_backward():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    y = torch.sigmoid(w).sum()
    sig = lambda m: next(n for n in m.nodes if n.title == "sigmoid")  # noqa: E731
    assert sig(walk([y], saved=True).model).saved["result"] == "tensor (2,)"
    y.backward()
    after = walk([y], saved=True).model
    assert sig(after).saved["result"] == "freed after backward"
    assert any("freed" in note for note in after.notes)


def test_deep_chain_walks_without_recursion():
    w = torch.tensor(1.0, requires_grad=True)
    y = w
    for _ in range(10_000):
        y = y * 1.0001
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(150)  # any recursion over 10,000 nodes would fail now
    try:
        model = walk([y]).model
    finally:
        sys.setrecursionlimit(limit)
    assert model.count(OP) == 10_000 and len(model.edges) == 10_001


def test_unused_parameter_is_noted():
    w = torch.tensor([1.0], requires_grad=True)
    v = torch.tensor([1.0], requires_grad=True)
    model = walk([w * 2], {"w": w, "v": v}).model
    assert any(note.startswith("v requires grad but was not used") for note in model.notes)


@pytest.mark.parametrize(
    ("bad", "error", "words"),
    [
        (None, TypeError, "got None"),
        (3.0, TypeError, "got a float"),
        ("loss", TypeError, "got a str"),
        (torch.tensor([1.0]), ValueError, "does not require grad"),
        ([], TypeError, "needs a tensor"),
    ],
)
def test_bad_outputs_get_plain_messages(bad, error, words):
    with pytest.raises(error, match=words):
        walk([bad])


def test_a_list_of_outputs_is_accepted():
    w = torch.tensor([1.0], requires_grad=True)
    assert walk([[w * 2, w * 3]]).model.count(OUTPUT) == 2


def test_bad_params_get_plain_messages():
    w = torch.tensor([1.0], requires_grad=True)
    with pytest.raises(TypeError, match="dict of names"):
        walk([w * 2], [w])
    with pytest.raises(TypeError, match="should be a tensor"):
        walk([w * 2], {"w": 1.0})


def test_a_leaf_frozen_after_recording_is_drawn_once_with_a_note():
    w = torch.tensor(2.0, requires_grad=True)
    b = torch.tensor(1.0, requires_grad=True)
    loss = w * 3.0 + b
    b.requires_grad_(False)  # too late: autograd recorded b already
    model = walk([loss], {"w": w, "b": b}).model
    assert not model.legend, "b is in the graph; it must not also be listed as untracked"
    assert any("b no longer requires grad" in note for note in model.notes)
    assert [n.title for n in model.nodes if n.kind == LEAF].count("b") == 1


def test_named_intermediates_are_given_by_their_op_and_outside_names_are_noted():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    h = w * 2
    loss = h.sum()
    elsewhere = w + 1  # computed from w, but not on the way to loss
    model = walk([loss], {"w": w, "h": h, "loss": loss, "elsewhere": elsewhere}).model
    mul = next(n for n in model.nodes if n.title == "mul")
    assert mul.gives == ("h",)
    assert next(n for n in model.nodes if n.title == "sum").gives == ("loss",)
    assert model.notes == ["elsewhere is not part of this graph."]


def test_a_constant_saved_by_two_ops_is_one_node_with_two_dashed_edges():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    x = torch.tensor([3.0, 4.0])
    z = (w * x) * x
    model = walk([z], {"w": w, "x": x}).model
    assert [n.id for n in model.nodes if n.kind == CONSTANT] == ["c0"]
    dashed = [e for e in model.edges if e.dashed]
    assert [(e.src, e.label) for e in dashed] == [("c0", "not tracked")] * 2
    assert [n.untracked for n in model.nodes if n.kind == OP] == [0, 0]


def test_a_leaf_passed_as_output_is_drawn_as_that_leaf():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    model = walk([w * 2, w], {"w": w}).model
    assert kinds(model) == {OUTPUT: 1, OP: 1, LEAF: 1, CONSTANT: 0}
    assert [n.title for n in model.nodes] == ["output 0", "mul", "w"]


def test_saved_values_are_named_from_params():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    x = torch.tensor([3.0, 4.0])
    model = walk([(w * x).sum()], {"w": w, "x": x}, saved=True).model
    mul = next(n for n in model.nodes if n.title == "mul")
    assert mul.saved["other"] == "x"  # w * x saved x (as "other") to compute w's gradient
