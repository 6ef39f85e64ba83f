"""The read-only view of a framework's graph, and the one unchecked way to add an edge.

The view is a networkx graph view (it reads the framework's graph as it changes, at no
copy) whose node, adjacency and attribute mappings are read-only: ``G.nodes[u]``,
``G.edges[u, v]``, ``G[u][v]``, ``G.succ``/``G.pred``/``G.adj`` and ``G.graph`` serve
read-only mappings over the framework's own dicts, so neither the
graph's methods nor item assignment can change the framework behind its back.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx

from outcomeframe.model._relations import Relation

if TYPE_CHECKING:
    from outcomeframe.framework._framework import Framework

__all__ = ["add_unchecked_edge", "read_only"]

_HOW = (
    "change the framework with fw.add, fw.link, fw.replace or fw.remove "
    "(fw.graph.copy() is a graph you may change)"
)


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
    raise nx.NetworkXError(f"Framework.graph is read-only: {_HOW}")


class _ReadOnly(Mapping[Any, Any]):
    """A live, read-only mapping over one of the graph's dicts.

    ``depth`` 0 is an attribute dict (values served as they are); depth 1 serves each
    value read-only at depth 0 (the nodes, one node's neighbours); depth 2 at depth 1
    (the adjacency). Every way to change it raises a :class:`TypeError` that says how
    to change the framework instead.
    """

    __slots__ = ("_data", "_depth")

    def __init__(self, data: dict[Any, Any], depth: int = 0) -> None:
        self._data = data
        self._depth = depth

    def __getitem__(self, key: Any) -> Any:
        value = self._data[key]
        return value if self._depth == 0 else _ReadOnly(value, self._depth - 1)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def copy(self) -> dict[Any, Any]:
        """A plain dict of the same items (as ``dict.copy``: values are not copied)."""
        return dict(self._data)

    def __repr__(self) -> str:
        return repr(self._data)

    def _refuse(self, *_args: object, **_kwargs: object) -> None:
        raise TypeError(f"Framework.graph is read-only, and so are its attributes: {_HOW}")

    __setitem__ = __delitem__ = clear = update = popitem = setdefault = _refuse

    def pop(self, key: Any, *default: Any) -> Any:
        """Refused, except for a missing key with a default, which changes nothing.

        (networkx's GraphML writer pops ``"id"`` from the graph's attributes.)
        """
        if default and key not in self._data:
            return default[0]
        return self._refuse()

    __ior__ = _refuse


def read_only(graph: nx.DiGraph[str]) -> nx.DiGraph[str]:
    """A frozen view of ``graph``: it reads the graph as it changes, and refuses changes.

    O(1) to build and to read through: no dict is copied, each is wrapped read-only
    when asked for.
    """
    view: nx.DiGraph[str] = graph.copy(as_view=True)
    for name in _MUTATORS:
        setattr(view, name, _refuse)
    view.frozen = True  # networkx's nx.is_frozen reads this
    view.graph = _ReadOnly(graph.graph)
    view._node = _ReadOnly(graph._node, depth=1)
    view._succ = view._adj = _ReadOnly(graph._succ, depth=2)
    view._pred = _ReadOnly(graph._pred, depth=2)
    return view
