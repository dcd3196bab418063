from lessonkit.graph.model import LEAF, OP, OUTPUT, Edge, GraphModel, Node


def diamond():
    """a and b feed mul twice and add once; mul feeds add; add is the output's."""
    nodes = [
        Node(id="out", kind=OUTPUT, title="out"),
        Node(id="add", kind=OP, title="add"),
        Node(id="mul", kind=OP, title="mul"),
        Node(id="a", kind=LEAF, title="a"),
        Node(id="b", kind=LEAF, title="b"),
    ]
    edges = [
        Edge(src="add", dst="out"),
        Edge(src="mul", dst="add", slot=1),
        Edge(src="b", dst="add", slot=0),
        Edge(src="a", dst="mul", slot=0),
        Edge(src="a", dst="mul", slot=1),
    ]
    return GraphModel(nodes=nodes, edges=edges)


def test_inputs_in_slot_order_and_users_once_per_edge():
    model = diamond()
    assert [e.src for e in model.inputs()["add"]] == ["b", "mul"]
    assert model.users() == {
        "out": [],
        "add": ["out"],
        "mul": ["add"],
        "a": ["mul", "mul"],
        "b": ["add"],
    }


def test_topological_order_breaks_ties_by_model_order_or_its_reverse():
    model = diamond()
    assert model.topological_order() == ["a", "b", "mul", "add", "out"]
    assert model.topological_order(sources_reversed=True) == ["b", "a", "mul", "add", "out"]
