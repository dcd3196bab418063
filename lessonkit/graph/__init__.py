"""Drawing and explaining the graph that autograd records.

Read the modules in this order; each holds one idea:

* ``walk.py``: from a tensor's ``grad_fn`` back to the leaves, without recursion;
* ``model.py``: what a drawing shows, as plain data (nodes, edges, notes);
* ``collapse.py``: repeated structure folded into summary nodes;
* ``render.py``: the model as DOT text, as plain text, and as a picture;
* ``draw.py``: ``lessonkit.draw``, the object a notebook shows;
* ``explain.py``: ``lessonkit.explain``, what autograd knows of one tensor;
* ``flow.py``: ``lessonkit.flow``, the gradient that flowed along each edge of a real backward;
* ``replay.py``: ``lessonkit.replay``, a real backward pass step by step;
* ``accumulation.py``: ``lessonkit.accumulation``, how ``.grad`` adds up;
* ``format.py``: numbers and tensors as short, stable text;
* ``layout_program.py``: finding a program that lays out DOT (Graphviz or graphviz-pure).
"""
