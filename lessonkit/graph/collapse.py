"""Fold repeated structure into summary nodes, so that a big graph stays readable.

A 100-layer network records the same few operations 100 times. Drawn in full it
is a picture nobody can read; drawn collapsed it is one node that says
``addmm → sigmoid ×100``. The idea, in four steps:

1. **The spine.** From each output, follow the input that has the longest path
   behind it. In a deep network or a recurrent loop, that is the main chain.
2. **Signatures.** Give every node on the spine a short signature: its plain name
   plus the names of what hangs off it (``addmm`` with a ``t`` of a leaf, and a leaf).
3. **Runs.** Look for a block of 1 to 16 signatures that repeats at least 3 times in
   a row along the spine.
4. **Fold.** Each run becomes one summary node, together with what hangs off it and
   is used nowhere else (per-layer weights, their transposes). A leaf used by the run
   and by something else (a weight shared across time steps) stays outside, with one
   edge marked ``×30`` standing for the 30 edges autograd recorded.

Only the picture is folded: the summary says how many operations and leaves it
stands for, and ``draw(..., expand=True)`` shows every node. Everything is loops
over lists, so a 10,000-operation chain folds as easily as a short one.
"""

from __future__ import annotations

from collections import deque

from lessonkit.graph.model import CONSTANT, LEAF, OP, OUTPUT, SUMMARY, Edge, GraphModel, Node

COLLAPSE_ABOVE = 80  # graphs with more operations than this are folded
MAX_PERIOD = 16  # longest repeating block looked for, in spine nodes (a GRU cell has 10)
MIN_REPEATS = 3  # a block must repeat this often to be folded


def spines(model: GraphModel) -> list[list[str]]:
    """For each output, the chain of nodes along the longest path back to a leaf."""
    inputs = model.inputs()
    depth: dict[str, int] = {}
    for node_id in model.topological_order():
        depth[node_id] = 1 + max((depth[e.src] for e in inputs[node_id]), default=-1)
    used: set[str] = set()
    found = []
    for node in model.nodes:
        if node.kind != OUTPUT:
            continue
        chain, here = [], node.id
        while here is not None and here not in used:
            used.add(here)
            chain.append(here)
            choices = [e for e in inputs[here] if not e.dashed]
            if not choices:
                break
            here = max(choices, key=lambda e: (depth.get(e.src, 0), -e.slot)).src
        found.append(chain)
    return found


def _signature(model: GraphModel, node_id: str, spine_child: str | None, inputs) -> tuple:
    node = model.node(node_id)
    if node.kind != OP:
        return (node.kind, node_id)  # never repeats: leaves and outputs end runs
    sides = []
    for edge in inputs[node_id]:
        if edge.src == spine_child:
            sides.append(("spine", edge.slot))
            continue
        side = model.node(edge.src)
        if side.kind == OP:
            below = tuple(
                model.node(e.src).title if model.node(e.src).kind == OP else model.node(e.src).kind
                for e in inputs[edge.src]
            )
            sides.append((side.title, below, edge.slot))
        else:
            sides.append((side.kind, edge.slot))
    return (node.title, node.untracked, tuple(sides))


def find_runs(signatures: list) -> list[tuple[int, int, int]]:
    """(start, period, repeats) for each block that repeats MIN_REPEATS times or more."""
    runs, i, n = [], 0, len(signatures)
    while i < n:
        best = None
        for period in range(1, MAX_PERIOD + 1):
            matched = 0
            while i + matched + period < n and (
                signatures[i + matched] == signatures[i + matched + period]
            ):
                matched += 1
            repeats = 1 + matched // period
            if repeats >= MIN_REPEATS and (best is None or repeats * period > best[1] * best[2]):
                best = (i, period, repeats)
        if best:
            runs.append(best)
            i += best[1] * best[2]
        else:
            i += 1
    return runs


def collapse(model: GraphModel, above: int = COLLAPSE_ABOVE) -> GraphModel:
    """A new model where long repeated runs are folded into summary nodes.

    Returns ``model`` itself when it has ``above`` operations or fewer, or when no
    repeated run is found.
    """
    if model.count(OP) <= above:
        return model
    inputs, users = model.inputs(), model.users()

    group_of: dict[str, str] = {}  # node id -> summary id
    summaries: dict[str, Node] = {}
    on_spine: set[str] = set()
    chains = spines(model)
    for chain in chains:
        on_spine.update(chain)
    for chain in chains:
        signatures = [
            _signature(model, node_id, chain[k + 1] if k + 1 < len(chain) else None, inputs)
            for k, node_id in enumerate(chain)
        ]
        for start, period, repeats in find_runs(signatures):
            run = chain[start : start + period * repeats]
            if any(node_id in group_of for node_id in run):
                continue
            members = _absorb(run, inputs, users, on_spine, group_of, model)
            summary_id = f"s{len(summaries)}"
            unit = [model.node(node_id).title for node_id in reversed(run[:period])]
            summaries[summary_id] = _summary_node(summary_id, unit, repeats, members, model)
            for node_id in members:
                group_of[node_id] = summary_id
    if not summaries:
        return model
    return _quotient(model, group_of, summaries)


def _absorb(run, inputs, users, on_spine, group_of, model) -> list[str]:
    """The run, plus what hangs off it and is used only inside it."""
    group = set(run)
    candidates: set[str] = set()
    queue = deque(e.src for node_id in run for e in inputs[node_id])
    while queue:
        node_id = queue.popleft()
        if node_id in group or node_id in candidates or node_id in on_spine:
            continue
        kind = model.node(node_id).kind
        if node_id in group_of or kind in (OUTPUT, CONSTANT):
            continue
        if kind == LEAF and len(users[node_id]) > 1:
            continue  # a shared leaf stays visible: the picture shows it is reused
        candidates.add(node_id)
        queue.extend(e.src for e in inputs[node_id])
    # drop candidates used outside the group, until nothing changes
    changed = True
    while changed:
        changed = False
        for node_id in sorted(candidates):
            if any(user not in group and user not in candidates for user in users[node_id]):
                candidates.discard(node_id)
                changed = True
    group |= candidates
    return [node.id for node in model.nodes if node.id in group]


def _summary_node(summary_id, unit, repeats, members, model) -> Node:
    ops = [model.node(m) for m in members if model.node(m).kind == OP]
    leaves = [model.node(m) for m in members if model.node(m).kind == LEAF]
    spine_titles = set(unit)
    side_ops = sorted({n.title for n in ops} - spine_titles)
    by_shape: dict[str, int] = {}
    for leaf in leaves:
        by_shape[leaf.shape] = by_shape.get(leaf.shape, 0) + 1
    return Node(
        id=summary_id,
        kind=SUMMARY,
        title=" → ".join(unit) + f" ×{repeats}",
        tooltip=f"{len(members)} nodes folded into one; draw(..., expand=True) shows them all",
        count=repeats,
        members=list(members),
        folded_ops=len(ops),
        side_ops=tuple(side_ops),
        leaf_shapes=tuple(by_shape.items()),
    )


def _quotient(model: GraphModel, group_of: dict, summaries: dict) -> GraphModel:
    nodes, emitted = [], set()
    for node in model.nodes:
        summary_id = group_of.get(node.id)
        if summary_id is None:
            nodes.append(node)
        elif summary_id not in emitted:
            emitted.add(summary_id)
            nodes.append(summaries[summary_id])
    edges: list[Edge] = []
    index: dict[tuple, Edge] = {}
    for edge in model.edges:
        src, dst = group_of.get(edge.src, edge.src), group_of.get(edge.dst, edge.dst)
        if src == dst:
            continue
        key = (src, dst, edge.dashed)
        if key in index:
            kept = index[key]
            kept.count += edge.count
            kept.label = ""  # one label cannot stand for several gradients
            continue
        index[key] = Edge(
            src=src, dst=dst, label=edge.label, slot=edge.slot, dashed=edge.dashed, count=edge.count
        )
        edges.append(index[key])
    folded = sum(len(s.members) for s in summaries.values())
    notes = [
        f"{folded} nodes are folded into {len(summaries)} summary "
        f"node{'s' if len(summaries) > 1 else ''}; draw(..., expand=True) shows every node.",
        *model.notes,
    ]
    return GraphModel(
        nodes=nodes, edges=edges, notes=notes, legend=list(model.legend), title=model.title
    )
