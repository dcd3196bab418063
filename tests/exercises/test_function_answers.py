"""The answers that are functions: what they return, what they leave behind, what they raise,
and an order of graph nodes."""

import torch

from lessonkit.exercises.core import Call, Exercise, Function, Order
from lessonkit.exercises.function_answers import Raised, graph_nodes, verdict


def _exercise(answer, solution, setup="import torch"):
    return Exercise(id="99.q1", question="q", answer=answer, solution=solution, setup=setup,
                    placeholder="...")


def _pair_exercise():
    calls = lambda: [Call(torch.tensor([1.0, 2.0])), Call(torch.tensor([3.0]))]  # noqa: E731
    return _exercise(Function("stats", calls=calls, returns=("total", "largest")),
                     "def stats(t):\n    return t.sum(), t.max()")


def test_returns_compares_item_by_item_and_names_the_item():
    exercise = _pair_exercise()
    assert exercise.evaluate({"stats": lambda t: (t.sum(), t.max())}).status == "correct"
    assert exercise.evaluate({"stats": lambda t: [t.sum(), t.max()]}).status == "correct"
    result = exercise.evaluate({"stats": lambda t: (t.sum(), t.min())})
    assert result.message.startswith("`stats` on test call 1 of 2: the largest it returned: ")


def test_returns_says_what_to_return():
    exercise = _pair_exercise()
    none = exercise.evaluate({"stats": lambda t: print(end="")}).message
    assert none == "`stats` returned None. Did you forget `return total, largest`?"
    one = exercise.evaluate({"stats": lambda t: t.sum()}).message
    assert one.startswith("`stats` should return 2 tensors, `return total, largest`")


def _rule_exercise():
    class Box:
        def __init__(self, v):
            self.v, self.grad = v, 0.0

    calls = lambda: [Call(Box(2.0)), Call(Box(-1.0))]  # noqa: E731
    rule = Function("rule", calls=calls, reads=lambda call, returned: call.args[0].grad,
                    about=("v = 2", "v = -1"))
    return _exercise(rule, "def rule(box):\n    box.grad += 3 * box.v", setup="")


def test_reads_judges_what_the_call_left_behind():
    exercise = _rule_exercise()

    def right(box):
        box.grad += box.v * 3

    def assigned(box):
        box.grad = -1.0

    assert exercise.evaluate({"rule": right}).status == "correct"
    result = exercise.evaluate({"rule": assigned})
    assert result.message.startswith("`rule` on test call 1 of 2 (v = 2): it is -1")


def test_judged_errors_become_the_answer_others_stay_errors():
    answer = Function("f", calls=lambda: [Call(1.0)], judged=("went wrong",))
    exercise = _exercise(answer, "def f(x):\n    return x")

    def judged(x):
        raise RuntimeError("it went wrong here")

    def other(x):
        raise KeyError("other")

    result = exercise.evaluate({"f": judged})
    assert result.status == "incorrect" and "it went wrong here" in result.message
    assert isinstance(answer.take({"f": judged}), Raised)
    assert exercise.evaluate({"f": other}).status == "error"


# ---------------------------------------------------------------- an order of graph nodes


class Node:
    def __init__(self, name, *inputs, data=1.0, op="+"):
        self.name, self.inputs, self.data, self.op = name, inputs, data, op


def _graph():
    a, b = Node("a", op=""), Node("", data=2.0, op="")
    m = Node("m", a, b, op="*")
    return a, b, m, Node("L", m, m, a)


def test_verdicts_on_orders():
    a, b, m, out = _graph()
    nodes = graph_nodes(out)
    assert {id(n) for n in nodes} == {id(a), id(b), id(m), id(out)}
    assert verdict([a, b, m, out], nodes) == "ok"
    assert verdict([b, a, m, out], nodes) == "ok"
    assert verdict([out, m, b, a], nodes).startswith("reversed: the output `L` comes first")
    assert verdict([a, m, b, out], nodes) == "before its input: `m` comes before its input " \
        "the constant 2."
    assert verdict([a, b, m, m, out], nodes) == "duplicate: `m` appears 2 times."
    assert verdict([a, m, out], nodes) == "missing: the constant 2 is not in the list."
    assert verdict([a, "b", m, out], nodes).startswith("the list holds a string")
    assert verdict(None, nodes).endswith("Did you forget `return order`?")
    assert verdict(out, nodes).startswith("it should return a list of Values")


def test_order_accepts_any_valid_order_and_says_which_call_failed():
    answer = Order("order", calls=lambda: [Call(_graph()[3])], about=("L = m + m + a",))
    exercise = _exercise(answer, "def order(root):\n    a, b, m, L = ...\n", setup="")
    exercise._cache["expected"] = ["ok"]  # the reference itself needs the graph's objects

    def by_hand(root):
        m = root.inputs[0]
        return [*m.inputs, m, root]

    assert exercise.evaluate({"order": by_hand}).status == "correct"
    result = exercise.evaluate({"order": lambda root: by_hand(root)[::-1]})
    assert result.message.startswith("`order` on test call 1 of 1 (L = m + m + a): reversed")


# ---------------------------------------------------------------- answers that stay in the graph


def _scaled_exercise(**options):
    calls = lambda: [Call(torch.tensor([1.0, 2.0]), torch.tensor(3.0)),  # noqa: E731
                     Call(torch.tensor([0.0, 0.0]), torch.tensor(-1.0))]
    answer = Function("scaled", calls=calls, track=(0, 1), **options)
    return _exercise(answer, "def scaled(v, k):\n    return (v * k).relu()")


def test_a_cut_graph_is_named_for_what_cut_it():
    exercise = _scaled_exercise()
    said = {
        "detach": "def scaled(v, k):\n    return (v.detach() * k).relu()",
        "no_grad": "def scaled(v, k):\n    with torch.no_grad():\n        return (v * k).relu()",
        "item": "def scaled(v, k):\n    return (v * k.item()).relu()",
    }
    messages = {key: exercise.evaluate(exercise.namespace_of(code)).message
                for key, code in said.items()}
    assert "no gradient flows back to `v`: .detach() cut the graph" in messages["detach"]
    assert "back to `v` and `k`: torch.no_grad() cut the graph" in messages["no_grad"]
    assert "back to `k`: .item() cut the graph" in messages["item"]


def test_gradients_are_compared_where_asked():
    right = "def scaled(v, k):\n    return torch.relu(k * v)"
    kinked = "def scaled(v, k):\n    return (v * k).clamp(min=0)"  # relu's twin but at 0
    exercise = _scaled_exercise()
    assert exercise.evaluate(exercise.namespace_of(right)).status == "correct"
    result = exercise.evaluate(exercise.namespace_of(kinked))
    assert result.message.startswith("`scaled` on test call 2 of 2: the values are right, but "
                                     "the gradient with respect to `v`")
    only_first = _scaled_exercise(grads_on=(0,))
    assert only_first.evaluate(only_first.namespace_of(kinked)).status == "correct"


def test_an_answer_that_leaves_out_an_argument_matches_its_example():
    exercise = _scaled_exercise()
    dropped = "def scaled(v, k):\n    return (v * 3.0).relu()"
    assert exercise.evaluate(exercise.namespace_of(dropped)).status == "incorrect"
    example = exercise.answer_of(dropped)
    assert exercise.answer.differ(exercise.answer.take(exercise.namespace_of(dropped)),
                                  example) is None
