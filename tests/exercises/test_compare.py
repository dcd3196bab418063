import numpy as np
import pytest
import torch

from lessonkit.exercises.compare import a_kind, compare, kind, tolerance


@pytest.mark.parametrize(
    "value, name",
    [
        (torch.ones(2), "tensor"),
        (3, "number"),
        (2.5, "number"),
        (np.float64(1.0), "number"),
        (True, "boolean"),
        (None, "None"),
        (..., "placeholder"),
        (np.ones(2), "numpy array"),
        (len, "function"),
        ("s", "string"),
        ([1], "list"),
        ((1,), "tuple"),
    ],
)
def test_kind(value, name):
    assert kind(value) == name


def test_a_kind_uses_the_right_article():
    assert a_kind([1]) == "a list" and a_kind(None) == "None" and a_kind(object()) == "an object"


def test_equal_tensors_match():
    assert compare(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0])) is None


def test_kind_comes_first_with_advice():
    found = compare(np.array([1.0]), torch.tensor([1.0]))
    assert found.what == "kind"
    assert (
        str(found)
        == "expected a tensor, got a numpy array. Turn it into one with torch.from_numpy(...)."
    )


def test_shape_before_dtype():
    found = compare(torch.ones(3, dtype=torch.float64), torch.ones(3, 1))
    assert found.what == "shape" and "(3,)" in found.message and "(3, 1)" in found.message


def test_dtype_before_values():
    found = compare(torch.ones(2, dtype=torch.int64), torch.zeros(2))
    assert found.what == "dtype" and "torch.int64" in found.message
    found = compare(torch.ones(2, dtype=torch.float16), torch.zeros(2))
    assert found.what == "dtype" and "torch.float16" in found.message


def test_a_more_precise_float_will_do_at_the_expected_tolerance():
    exact = torch.tensor([0.1, 0.2])
    assert compare(exact.double(), exact) is None
    assert compare(exact.double() + 1e-6, exact) is None
    assert compare(exact.double() + 1e-3, exact).what == "values"
    assert compare(exact, exact.double()).what == "dtype", "less precise than asked"


def test_dtype_can_be_ignored():
    assert compare(torch.ones(2, dtype=torch.float64), torch.ones(2), check_dtype=False) is None


def test_autograd_only_when_asked():
    leaf = torch.ones(2, requires_grad=True)
    assert compare(torch.ones(2), leaf) is None
    assert compare(torch.ones(2), leaf, autograd=True).what == "requires_grad"
    made = leaf * 1
    found = compare(made, leaf, autograd=True)
    assert found.what == "grad_fn" and "MulBackward0" in found.message


def test_largest_difference_and_its_index():
    got = torch.tensor([[1.0, 2.0], [3.0, 9.0]])
    found = compare(got, torch.tensor([[1.0, 2.5], [3.0, 4.0]]))
    assert found.what == "values"
    assert found.message == (
        "values differ: the largest difference is 5 at index (1, 1) (you have 9 there)."
    )


def test_nan_is_named_with_its_index():
    found = compare(torch.tensor([1.0, float("nan")]), torch.tensor([1.0, 100.0]))
    assert "nan at index (1,)" in found.message


def test_tolerance_follows_the_dtype():
    assert compare(torch.tensor(1.0 + 1e-6), torch.tensor(1.0)) is None
    assert compare(torch.tensor(1.0 + 1e-3), torch.tensor(1.0)) is not None
    half = torch.tensor(1.0, dtype=torch.float16)
    assert compare(half + 1e-3, half) is None
    assert tolerance(torch.int64) == (0.0, 0.0)
    assert compare(torch.tensor([1, 2]), torch.tensor([1, 3])).what == "values"


def test_numbers_and_one_element_tensors():
    assert compare(2.0, 2.0 + 1e-7) is None
    assert compare(torch.tensor([2.0]), 2.0) is None
    assert compare(3, 2.0).message == "it is 3, off from the expected value by 1."
    assert compare(torch.ones(3), 2.0).what == "kind"
    assert compare(float("inf"), 1.0).what == "values"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device here")
def test_cuda_tensor_is_fine():
    assert compare(torch.tensor([1.0, 2.0], device="cuda"), torch.tensor([1.0, 2.0])) is None


def test_compare_changes_nothing():
    got = torch.tensor([1.0, 5.0], requires_grad=True)
    compare(got, torch.tensor([1.0, 2.0]))
    assert got.tolist() == [1.0, 5.0] and got.grad is None and got.requires_grad


def test_tuples_compare_item_by_item():
    w, b = torch.tensor([1.0, 2.0]), torch.tensor(0.5)
    assert compare((w, b), (w.clone(), b.clone())) is None
    found = compare((w, b + 1), (w, b))
    assert found.what == "values" and found.message.startswith("item 1:")
    assert compare((w,), (w, b)).what == "shape"
    assert "expected a tuple" in compare(w, (w, b)).message


def test_dicts_compare_key_by_key():
    expected = {"w": torch.tensor(1.0), "b": torch.tensor(2.0)}
    assert compare({"b": torch.tensor(2.0), "w": torch.tensor(1.0)}, expected) is None
    assert "missing ['b']" in compare({"w": torch.tensor(1.0)}, expected).message
    assert compare({"w": torch.tensor(1.0), "b": torch.tensor(3.0)}, expected).message.startswith(
        "['b']"
    )
