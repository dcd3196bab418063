"""lessonkit's modules import downwards only, and never in a circle.

Every import counts, at the top of a module or inside a function, and so does a module named
in a string (what importlib.import_module and lessonkit's lazy names load). A module of the
same layer may be imported, as long as no circle forms.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lessonkit"
# From the bottom up: facts, display and storage; the graph engine; the exercise engine;
# the lessons' exercises as data; and at the top what finds and lists them, and the commands.
LAYERS = [
    r"lessonkit\.(autograd_facts|usage|display|progress_store|tested_versions|error_notes)"
    r"|lessonkit\.graph\.(layout_program|model|format)",
    r"lessonkit\.graph(\.\w+)?",
    r"lessonkit\.exercises\.(compare|resemblance|learner_code|answers|function_answers|core|mistakes)",
    r"lessonkit\.exercises\.lesson_\d\d",
    r"lessonkit|lessonkit\.__main__|lessonkit\.doctor|lessonkit\.learner_progress"
    r"|lessonkit\.exercises(\.registry)?|lessonkit\.grading(\.\w+)?",
]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_by(tree: ast.AST, known: set[str]) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # `from lessonkit import display`: a module, if it is one
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in known else node.module)
        elif isinstance(node, ast.Constant) and node.value in known and "." in node.value:
            found.add(node.value)  # a module by name; a bare "lessonkit" is a word (a key)
    return found & known


def import_graph() -> dict[str, set[str]]:
    known = set(modules())
    return {name: imported_by(ast.parse(path.read_text()), known) - {name}
            for name, path in modules().items()}


def layer_of(name: str) -> int | None:
    return next((i for i, pattern in enumerate(LAYERS) if re.fullmatch(pattern, name)), None)


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle through each module that can reach itself, as the path that closes it."""
    found = []
    for start in sorted(graph):
        stack, seen = [(start, [start])], set()
        while stack:
            name, path = stack.pop()
            for target in sorted(graph.get(name, ())):
                if target == start:
                    found.append([*path, start])
                    stack.clear()
                    break
                if target not in seen:
                    seen.add(target)
                    stack.append((target, [*path, target]))
    return found


def problems(graph: dict[str, set[str]], layer=layer_of) -> list[str]:
    said = [f"{name} is in no layer: add it to LAYERS" for name in graph if layer(name) is None]
    said += [f"{name} (layer {layer(name)}) imports {target} (layer {layer(target)}), above it"
             for name, targets in graph.items() for target in sorted(targets)
             if None not in (layer(name), layer(target)) and layer(target) > layer(name)]
    said += [" -> ".join(circle) for circle in circles(graph)]
    return said


def test_lessonkit_imports_downwards_without_circles():
    assert problems(import_graph()) == []


def test_the_engines_import_no_lesson():
    graph = import_graph()
    engines = [name for name in graph if layer_of(name) in (1, 2)]
    assert all(layer_of(target) < 3 for name in engines for target in graph[name])


# ---------------------------------------------------------------- the checker itself


def test_an_upward_import_is_found():
    graph = {"lessonkit.display": {"lessonkit.exercises.core"}, "lessonkit.exercises.core": set()}
    assert problems(graph) == [
        "lessonkit.display (layer 0) imports lessonkit.exercises.core (layer 2), above it"]


def test_a_circle_is_found_even_inside_one_layer():
    graph = {"lessonkit.exercises.core": {"lessonkit.exercises.answers"},
             "lessonkit.exercises.answers": {"lessonkit.exercises.compare"},
             "lessonkit.exercises.compare": {"lessonkit.exercises.core"}}
    found = problems(graph)
    assert "lessonkit.exercises.answers -> lessonkit.exercises.compare -> " \
           "lessonkit.exercises.core -> lessonkit.exercises.answers" in found
    assert len(found) == 3  # one circle through each of the three


def test_a_downward_chain_and_a_module_of_no_layer():
    graph = {"lessonkit.doctor": {"lessonkit.graph.layout_program"},
             "lessonkit.graph.layout_program": set(), "lessonkit.stray": set()}
    assert problems(graph) == ["lessonkit.stray is in no layer: add it to LAYERS"]


def test_imports_inside_functions_and_by_name_count():
    code = ("def f():\n    from lessonkit.exercises import registry\n"
            "LAZY = {'x': 'lessonkit.graph.draw'}\n"
            "from lessonkit import display, something_else\n")
    known = {"lessonkit", "lessonkit.exercises", "lessonkit.exercises.registry",
             "lessonkit.graph.draw", "lessonkit.display"}
    assert imported_by(ast.parse(code), known) == {
        "lessonkit.exercises.registry", "lessonkit.graph.draw", "lessonkit.display", "lessonkit"}


# ---------------------------------------------------------------- lesson modules are data


def classes_in(code: str) -> list[str]:
    """The classes a module defines: a lesson module needs an answer kind or a detector of the
    engine instead (design.md: 'A lesson module is data')."""
    return [node.name for node in ast.walk(ast.parse(code)) if isinstance(node, ast.ClassDef)]


def test_lesson_modules_define_no_class():
    lessons = sorted((PACKAGE / "exercises").glob("lesson_*.py"))
    assert lessons, "no lesson module found"
    found = {path.name: classes_in(path.read_text()) for path in lessons}
    assert {name: classes for name, classes in found.items() if classes} == {}


def test_a_class_in_a_lesson_module_is_found():
    assert classes_in("class Names(Value):\n    pass\nq1 = 1\n") == ["Names"]
    assert classes_in("def calls():\n    class Inner:\n        pass\n") == ["Inner"]
    assert classes_in("q1 = lesson.exercise('q1', answer=Names('leaves'))\n") == []
