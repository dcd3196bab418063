"""Fold repeated structure into summary nodes (placeholder, filled in below)."""

from __future__ import annotations

from lessonkit.graph.model import GraphModel

COLLAPSE_ABOVE = 60


def collapse(model: GraphModel, above: int = COLLAPSE_ABOVE) -> GraphModel:
    return model
