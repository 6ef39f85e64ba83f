"""The Framework: the one mutable object, owning a networkx graph of frozen elements.

Construction and the changes (:meth:`~Framework.add`, :meth:`~Framework.link`,
:meth:`~Framework.replace`, :meth:`~Framework.remove`) are here; lookup and the queries
in :mod:`outcomeframe.framework._reads`, the metadata in ``_metadata``, the read-only
view of the graph in ``_view``.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from outcomeframe._errors import ArgumentError, DuplicateIdError
from outcomeframe.framework._metadata import Metadata
from outcomeframe.framework._reads import FrameworkReads
from outcomeframe.framework._view import add_unchecked_edge as add_unchecked_edge  # noqa: PLC0414
from outcomeframe.framework._view import read_only
from outcomeframe.model._elements import Element
from outcomeframe.model._relations import Relation, allowed, default_relation

__all__ = ["Framework", "Metadata"]

_PLURAL = {"priority": "priorities", "body": "bodies"}


class Framework(FrameworkReads):
    """An outcomes framework: frozen elements as the nodes of a networkx graph.

    Every node of :attr:`graph` is an element id with the attributes ``kind``
    (e.g. ``"indicator"``), ``title`` and ``element`` (the frozen object);
    every edge has a ``relation``. Edges point from the element that
    contributes to the element it contributes to (towards the vision), so
    any networkx algorithm reads the framework directly.

    Parameters
    ----------
    title : str
        The plan's title; other keywords are :class:`Metadata` fields.
    metadata : Metadata, optional
        Give a whole :class:`Metadata` instead of keywords.
    **fields
        Any other :class:`Metadata` field (``organisation``, ``area``, ``period`` ...).

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.Framework(title="Healthy start", area={"code": "E08000009", "name": "Trafford"})
    >>> fw.add(
    ...     of.Vision(id="vision", title="Every child has the best start"),
    ...     of.Priority(id="healthy", title="Being healthy"),
    ...     of.Outcome(id="fewer-smokers", title="Reduce smoking in pregnancy"),
    ...     of.Indicator(
    ...         id="smoking", title="Smoking at time of delivery", measure="proportion",
    ...         unit="percent", polarity="lower_is_better", fingertips_id=93085,
    ...     ),
    ... )
    >>> fw.link("healthy", "vision")
    >>> fw.link("fewer-smokers", "healthy")
    >>> fw.link("smoking", "fewer-smokers")
    >>> fw.graph.edges["smoking", "fewer-smokers"]["relation"]
    <Relation.MEASURES: 'measures'>
    >>> sorted(fw.indicators_for("vision"))
    ['smoking']
    >>> fw.validate()
    []
    """

    def __init__(
        self, title: str | None = None, *, metadata: Metadata | None = None, **fields: Any
    ) -> None:
        if metadata is not None and (title is not None or fields):
            raise ArgumentError("metadata: give either a Metadata or its fields, not both")
        if metadata is None:
            if title is not None:
                fields["title"] = title
            try:
                metadata = Metadata(**fields)
            except TypeError as err:
                raise ArgumentError(f"Framework: {err}") from None
        self.metadata: Metadata = metadata
        self._set_graph(nx.DiGraph())

    def _set_graph(self, graph: nx.DiGraph[str]) -> None:
        """Own ``graph``; :attr:`graph` is a read-only view of it."""
        self._graph: nx.DiGraph[str] = graph
        self._view: nx.DiGraph[str] = read_only(graph)

    @property
    def graph(self) -> nx.DiGraph[str]:
        """A read-only view of the framework's networkx graph.

        Every networkx algorithm reads it; changing it (``add_node``, ``remove_node``,
        ``add_edge`` ...) raises :class:`networkx.NetworkXError`, and its node and edge
        attributes (``fw.graph.nodes[u]``, ``fw.graph.edges[u, v]``) are read-only
        mappings that raise :class:`TypeError` on a change: change the framework
        with :meth:`add`, :meth:`link`, :meth:`replace` and :meth:`remove`, which keep
        the elements and the graph in step. ``fw.graph.copy()`` is a graph of your own.

        Examples
        --------
        >>> import outcomeframe as of
        >>> fw = of.Framework(title="Demo")
        >>> fw.add(of.Vision(id="v", title="A vision"))
        >>> fw.graph.nodes["v"]["kind"]
        'vision'
        >>> fw.graph.remove_node("v")
        Traceback (most recent call last):
        ...
        networkx.exception.NetworkXError: Framework.graph is read-only: ...
        >>> fw.graph.nodes["v"]["title"] = "Another"
        Traceback (most recent call last):
        ...
        TypeError: Framework.graph is read-only, and so are its attributes: ...
        """
        return self._view

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{n} {k if n == 1 else _PLURAL.get(k, k + 's')}" for k, n in self.counts().items() if n
        )
        return f"<Framework {self.title!r}: {counts or 'empty'}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Framework):
            return NotImplemented
        return (
            self.metadata == other.metadata
            and dict(self._graph.nodes(data="element")) == dict(other.graph.nodes(data="element"))
            and set(self._graph.edges(data="relation")) == set(other.graph.edges(data="relation"))
        )

    __hash__ = None  # type: ignore[assignment]  # mutable container

    def copy(self) -> Framework:
        """Return an independent copy (elements are frozen, so they are shared).

        Examples
        --------
        >>> import outcomeframe as of
        >>> fw = of.examples.load("lancashire")
        >>> fw.copy() == fw
        True
        """
        new = Framework(metadata=self.metadata)
        new._set_graph(self._graph.copy())
        return new

    # -- building ---------------------------------------------------------------
    def add(self, *elements: Element) -> None:
        """Add elements; an id already in the framework raises :class:`DuplicateIdError`.

        Nothing is added when any element is refused.

        Examples
        --------
        >>> import outcomeframe as of
        >>> fw = of.Framework(title="Demo")
        >>> fw.add(of.Vision(id="v", title="A vision"), of.Priority(id="p", title="A priority"))
        >>> len(fw)
        2
        """
        seen: set[str] = set()
        for element in elements:
            given: object = element  # checked as it comes, whatever its type
            if not isinstance(given, Element) or not hasattr(type(given), "kind"):
                raise ArgumentError(
                    f"add: {given!r} is not a framework element (Vision, Priority, "
                    "Objective, Outcome, Indicator, Action, Enabler or Body)"
                )
            if element.id in self._graph or element.id in seen:
                other = (
                    self._graph.nodes[element.id]["element"] if element.id in self._graph else None
                )
                what = f"{other.kind.value} {other.title!r}" if other else "another new element"
                raise DuplicateIdError(f"id {element.id!r} is already used by {what}")
            seen.add(element.id)
        for element in elements:
            self._graph.add_node(
                element.id, kind=element.kind.value, title=element.title, element=element
            )

    def link(
        self, source: str | Element, target: str | Element, relation: Relation | str | None = None
    ) -> None:
        """Add the edge ``source -relation-> target`` between two elements already added.

        The relation is inferred from the two kinds when not given
        (indicator to outcome is ``measures``, action to outcome is ``delivers`` ...).

        Raises
        ------
        UnknownElementError
            When either id is not in the framework.
        ArgumentError
            When the relation cannot join those kinds.

        Examples
        --------
        >>> import outcomeframe as of
        >>> fw = of.Framework(title="Demo")
        >>> fw.add(of.Vision(id="v", title="A vision"), of.Enabler(id="e", title="Leadership"))
        >>> fw.link("e", "v")
        >>> fw.graph.edges["e", "v"]["relation"].value
        'enables'
        >>> fw.link("v", "e")
        Traceback (most recent call last):
        ...
        outcomeframe.ArgumentError: link: no relation joins vision 'v' to enabler 'e'
        """
        src = self[source.id if isinstance(source, Element) else source]
        dst = self[target.id if isinstance(target, Element) else target]
        if relation is None:
            rel = default_relation(src.kind, dst.kind)
            if rel is None:
                raise ArgumentError(
                    f"link: no relation joins {src.kind.value} {src.id!r} "
                    f"to {dst.kind.value} {dst.id!r}"
                )
        else:
            try:
                rel = Relation(relation)
            except ValueError:
                known = ", ".join(r.value for r in Relation)
                raise ArgumentError(f"relation: {relation!r} is not one of {known}") from None
            if not allowed(rel, src.kind, dst.kind):
                raise ArgumentError(
                    f"link: {src.kind.value} {src.id!r} cannot {rel.verb} "
                    f"{dst.kind.value} {dst.id!r}"
                )
        self._graph.add_edge(src.id, dst.id, relation=rel)

    def replace(self, element: Element) -> None:
        """Swap in a changed version of an element (same id, e.g. from :func:`attrs.evolve`).

        Examples
        --------
        >>> import attrs, outcomeframe as of
        >>> fw = of.Framework(title="Demo")
        >>> fw.add(of.Vision(id="v", title="Draft"))
        >>> fw.replace(attrs.evolve(fw["v"], title="Final"))
        >>> fw["v"].title, fw.graph.nodes["v"]["title"]
        ('Final', 'Final')
        """
        given: object = element
        if not isinstance(given, Element) or not hasattr(type(given), "kind"):
            raise ArgumentError(
                f"replace: expected an element (an Outcome, an Indicator ...), got "
                f"{type(element).__name__}"
            )
        old = self[element.id]
        if old.kind is not element.kind:
            raise ArgumentError(
                f"replace: {element.id!r} is a {old.kind.value}, not a {element.kind.value}"
            )
        self._graph.add_node(
            element.id, kind=element.kind.value, title=element.title, element=element
        )

    def remove(self, element_id: str) -> None:
        """Remove an element and every edge that touches it.

        Examples
        --------
        >>> import outcomeframe as of
        >>> fw = of.Framework(title="Demo")
        >>> fw.add(of.Vision(id="v", title="A vision"))
        >>> fw.remove("v")
        >>> "v" in fw
        False
        """
        self[element_id]
        self._graph.remove_node(element_id)
