"""What a wrong value resembles: facts about the numbers, said only when they hold for every
test call, and never for a right answer."""

import torch

from lessonkit.exercises.resemblance import resemblance

E = torch.tensor([0.5, -1.25, 2.0])


def test_negated_scaled_and_transposed():
    assert resemblance(-E, E, {}).startswith("It is minus the right answer")
    assert resemblance(3 * E, E, {}) == "It is 3 times the right answer."
    assert resemblance(E / 4, E, {}) == "It is 1/4 of the right answer."
    matrix = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert resemblance(matrix.T, matrix, {}) == "It is the right answer transposed."
    assert resemblance(2.0, torch.tensor([1.0]), {}) == "It is 2 times the right answer."


def test_nothing_is_said_without_a_clear_fact():
    assert resemblance(E, E, {}) is None, "a right answer resembles nothing"
    assert resemblance(E + 0.3, E, {}) is None
    assert resemblance(-3 * E, E, {}) is None
    assert resemblance(30 * E, E, {}) is None, "beyond 20 times is no longer a clear factor"
    assert resemblance(torch.zeros(3), torch.zeros(3), {}) is None
    assert resemblance("a string", E, {}) is None
    symmetric = torch.eye(2) * 2
    assert resemblance(symmetric.T, symmetric, {}) is None


def test_every_test_call_must_agree():
    assert resemblance([2 * E, 2 * E[:2]], [E, E[:2]], {}) == "It is 2 times the right answer."
    assert resemblance([2 * E, 3 * E[:2]], [E, E[:2]], {}) is None
    assert resemblance([2 * E, E[:2]], [E, E[:2]], {}) is None


def test_a_value_from_before_the_exercise_is_named():
    earlier = {"loss": torch.tensor(0.6931), "_hidden": torch.tensor(0.95), "flag": True}
    said = resemblance(torch.tensor(0.6931), torch.tensor(0.3), earlier)
    assert said.startswith("It equals `loss`, a value the lesson computed before this exercise")
    assert resemblance(torch.tensor(0.95), torch.tensor(0.3), earlier) is None
    assert resemblance(torch.tensor(0.6931), torch.tensor(0.6931), earlier) is None
    settings = {"lr": 0.5, "steps": 10, "half": torch.tensor(0.5), "yes": True}
    assert resemblance(torch.tensor(0.5), torch.tensor(0.3), settings) is None, "by chance"
    assert resemblance(torch.tensor(10.0), torch.tensor(0.3), settings) is None
