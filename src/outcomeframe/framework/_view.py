"""The read-only view of a framework's graph, and the one unchecked way to add an edge."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from outcomeframe.model._relations import Relation

if TYPE_CHECKING:
    from outcomeframe.framework._framework import Framework

__all__ = ["add_unchecked_edge", "read_only"]


def add_unchecked_edge(fw: Framework, source: str, target: str, relation: Relation) -> None:
    """Add an edge without :meth:`Framework.link`'s check of the two kinds.

    For readers of framework files, which report a relation the kinds do not allow
    together with every other problem of the file (the ``relation-kinds`` rule of
    validation) instead of stopping at the first. Both elements must be in ``fw``.
    """
    fw._graph.add_edge(source, target, relation=relation)


#: The methods of a networkx DiGraph that change it.
_MUTATORS = (
    "add_node",
    "add_nodes_from",
    "remove_node",
    "remove_nodes_from",
    "add_edge",
    "add_edges_from",
    "add_weighted_edges_from",
    "remove_edge",
    "remove_edges_from",
    "update",
    "clear",
    "clear_edges",
)


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise nx.NetworkXError(
        "Framework.graph is read-only: change the framework with fw.add, fw.link, "
        "fw.replace or fw.remove (fw.graph.copy() is a graph you may change)"
    )


def read_only(graph: nx.DiGraph[str]) -> nx.DiGraph[str]:
    """A frozen view of ``graph``: it reads the graph as it changes, and refuses changes."""
    view: nx.DiGraph[str] = graph.copy(as_view=True)
    for name in _MUTATORS:
        setattr(view, name, _refuse)
    return view
