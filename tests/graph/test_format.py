import torch

from lessonkit.graph import format as fmt


def test_numbers_are_short_and_stable():
    assert fmt.number(0.123456) == "0.1235"
    assert fmt.number(-0.0) == "0"
    assert fmt.number(-1e-30 * 0) == "0"
    assert fmt.number(1234567.0) == "1.235e+06"
    assert fmt.number(float("nan")) == "nan"
    assert fmt.number(3) == "3"


def test_tensors_small_in_full_large_as_statistics():
    assert fmt.tensor_value(torch.tensor([[1.0, 2.0], [3.0, -0.0]])) == "[[1, 2], [3, 0]]"
    assert fmt.tensor_value(torch.tensor(0.5)) == "0.5"
    big = fmt.tensor_value(torch.arange(20.0))
    assert big == "mean 9.5, std 5.916, min 0, max 19"
    assert fmt.shape(torch.Size([])) == "()" and fmt.shape((3,)) == "(3,)"


def test_op_names():
    assert fmt.op_name("MulBackward0") == "mul"
    assert fmt.op_name("BinaryCrossEntropyBackward0") == "binary_cross_entropy"
    assert fmt.op_name("AddmmBackward0") == "addmm"
    assert fmt.op_name("CopySlices") == "copy_slices"


def test_saved_values_have_no_addresses():
    class Thing:
        pass

    assert "0x" not in fmt.saved_value(Thing())
    assert fmt.saved_value((0,)) == "(0,)"
