"""The Framework: the one mutable object, owning a networkx graph of frozen elements."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

import attrs
import networkx as nx

from outcomeframe._deprecate import renamed
from outcomeframe._errors import ArgumentError, DuplicateIdError, UnknownElementError
from outcomeframe._suggest import did_you_mean
from outcomeframe.framework import _queries, _validate
from outcomeframe.model._elements import Area, Element, Kind
from outcomeframe.model._fields import check_text
from outcomeframe.model._relations import Relation, allowed, default_relation

if TYPE_CHECKING:
    import pandas as pd

    from outcomeframe.assessment import Assessment
    from outcomeframe.framework._validate import Problem
    from outcomeframe.observations._table import ObservationTable

__all__ = ["Framework", "Metadata"]

E = TypeVar("E", bound=Element)

_PLURAL = {"priority": "priorities", "body": "bodies"}


def _optional_area(value: Any, name: str = "area") -> Area | None:
    """An Area from an Area, a mapping of its fields or its code as text."""
    if value is None or isinstance(value, Area):
        return value
    if isinstance(value, Mapping):
        unknown = sorted(set(map(str, value)) - {"code", "name"})
        if unknown:
            raise ArgumentError(f"{name}: unknown field {unknown[0]!r} (an area has code, name)")
        return Area(**value)
    if isinstance(value, str):
        return Area(code=value)
    raise ArgumentError(
        f"{name}: expected an Area, a mapping with its code or the code as text, "
        f"got {type(value).__name__} {value!r}"
    )


def _optional_benchmark(value: Any) -> Area | None:
    return _optional_area(value, "benchmark")


def _areas(value: Any) -> tuple[Area, ...]:
    """Areas from a list of them (an Area, a mapping or a code alone is refused: not a list)."""
    if isinstance(value, str | Mapping | Area) or not isinstance(value, Iterable):
        raise ArgumentError(
            f"comparators: expected a list of areas, got {type(value).__name__} {value!r}"
        )
    found = (_optional_area(v, "comparators") for v in value)
    return tuple(a for a in found if a is not None)


@attrs.frozen(kw_only=True)
class Metadata:
    """What a framework is: its title, who owns it, the area and period it covers.

    Parameters
    ----------
    title : str
        The plan's title: non-empty text, as in a framework file.
    organisation : str, optional
        The organisation that owns the plan.
    area : Area, optional
        The area the plan covers (used as the default area of an assessment).
    benchmark : Area, optional
        The default comparator, usually England ``E92000001``.
    comparators : tuple of Area
        Other areas worth showing beside the plan's area.
    period : str, optional
        The period the plan covers, e.g. ``"2019-2022"``.
    version, source, description : str, optional
        The plan's version, its source document, and a longer description.

    Examples
    --------
    >>> from outcomeframe import Metadata
    >>> Metadata(title="Plan", area={"code": "E08000009", "name": "Trafford"}).area.name
    'Trafford'
    """

    title: str = attrs.field(default="Untitled framework", validator=check_text)
    organisation: str | None = None
    area: Area | None = attrs.field(default=None, converter=_optional_area)
    benchmark: Area | None = attrs.field(default=None, converter=_optional_benchmark)
    comparators: tuple[Area, ...] = attrs.field(default=(), converter=_areas)
    period: str | None = None
    version: str | None = None
    source: str | None = None
    description: str | None = None


class Framework:
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
        self._view: nx.DiGraph[str] = _read_only(graph)

    @property
    def graph(self) -> nx.DiGraph[str]:
        """A read-only view of the framework's networkx graph.

        Every networkx algorithm reads it; changing it (``add_node``, ``remove_node``,
        ``add_edge`` ...) raises :class:`networkx.NetworkXError`: change the framework
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
        """
        return self._view

    # -- metadata ---------------------------------------------------------------
    @property
    def title(self) -> str:
        """The framework's title (``metadata.title``)."""
        return self.metadata.title

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

    # -- lookup -----------------------------------------------------------------
    def __getitem__(self, element_id: str) -> Element:
        """The element with this id; an unknown id names the closest ids.

        Examples
        --------
        >>> import outcomeframe as of
        >>> fw = of.examples.load("lancashire")
        >>> fw["smoking-at-time-of-delivery"].fingertips_id
        93085
        >>> fw["smoking-at-delivry"]
        Traceback (most recent call last):
        ...
        outcomeframe.UnknownElementError: "no element with id ... (did you mean \
'smoking-at-time-of-delivery' or ...?)"
        """
        try:
            element: Element = self._graph.nodes[element_id]["element"]
        except TypeError:  # a list, a dict: not an id at all
            raise UnknownElementError(
                f"element id: expected text, got {type(element_id).__name__} {element_id!r}"
            ) from None
        except KeyError:
            hint = did_you_mean(str(element_id), self._graph.nodes) if self._graph else ""
            raise UnknownElementError(
                f"no element with id {element_id!r} in framework {self.title!r}{hint}"
            ) from None
        return element

    def __contains__(self, element_id: object) -> bool:
        return element_id in self._graph

    def __len__(self) -> int:
        return int(self._graph.number_of_nodes())

    def __iter__(self) -> Iterator[Element]:
        return self.elements()

    @overload
    def elements(self, kind: None = None) -> Iterator[Element]: ...
    @overload
    def elements(self, kind: type[E]) -> Iterator[E]: ...
    @overload
    def elements(self, kind: Kind | str) -> Iterator[Element]: ...
    def elements(self, kind: Kind | str | type[Element] | None = None) -> Iterator[Element]:
        """Iterate over elements in the order they were added, optionally of one kind.

        Parameters
        ----------
        kind : Kind, str or element class, optional
            ``"indicator"``, ``Kind.INDICATOR`` or ``outcomeframe.Indicator``.

        Examples
        --------
        >>> import outcomeframe as of
        >>> fw = of.examples.load("lancashire")
        >>> [p.title for p in fw.elements("priority")]
        ['Best start in life', 'School readiness', 'Improve health and wellbeing', 'Reduce health inequalities']
        """
        wanted = _kind(kind)
        for _, data in self._graph.nodes(data=True):
            element = data.get("element")
            if element is not None and (wanted is None or element.kind is wanted):
                yield element

    def counts(self) -> dict[str, int]:
        """Return the number of elements of each kind.

        Examples
        --------
        >>> import outcomeframe as of
        >>> of.examples.load("lancashire").counts()["vision"]
        1
        """
        out = {k.value: 0 for k in Kind}
        for element in self.elements():
            out[element.kind.value] += 1
        return out

    # -- queries (thin wrappers over the functions of the graph) -----------------
    def indicators_for(self, element_id: str) -> set[str]:
        """Ids of the indicators that measure an element, directly or through others.

        See :func:`outcomeframe.indicators_for`.
        """
        return _queries.indicators_for(self._graph, element_id)

    def paths_to_vision(self, element_id: str) -> list[list[str]]:
        """Every path from an element to the vision. See :func:`outcomeframe.paths_to_vision`."""
        return _queries.paths_to_vision(self._graph, element_id)

    def without_indicators(self, kinds: Iterable[Kind | str] | None = None) -> list[str]:
        """Elements that no indicator measures. See :func:`outcomeframe.without_indicators`."""
        return _queries.without_indicators(self._graph, kinds)

    def coverage_matrix(self, rows: Kind | str = Kind.PRIORITY) -> pd.DataFrame:
        """Which indicators measure which priorities. See :func:`outcomeframe.coverage_matrix`."""
        return _queries.coverage_matrix(self._graph, rows)

    def elements_frame(self) -> pd.DataFrame:
        """A tidy DataFrame of every element. See :func:`outcomeframe.elements_frame`."""
        return _queries.elements_frame(self._graph)

    def indicators_frame(self) -> pd.DataFrame:
        """A tidy DataFrame of indicator metadata. See :func:`outcomeframe.indicators_frame`."""
        return _queries.indicators_frame(self._graph)

    # Old names of the three methods above (one name per idea: the function's).
    coverage = renamed("Framework.coverage", "Framework.coverage_matrix", coverage_matrix)
    to_frame = renamed("Framework.to_frame", "Framework.elements_frame", elements_frame)
    indicator_frame = renamed(
        "Framework.indicator_frame", "Framework.indicators_frame", indicators_frame
    )

    def assess(
        self,
        observations: pd.DataFrame | ObservationTable,
        *,
        benchmark: str | None = None,
        area: str | Iterable[str] | None = None,
        period: str | None = None,
        areas: Any = None,
    ) -> Assessment:
        """Assess the indicators on observed data: ``assess(self, observations, ...)``.

        A convenience only: the assessment is the function :func:`outcomeframe.assess`
        of a framework and data, and this method calls it. The framework layer does not
        depend on the assessment: the import happens when the method is called (the one
        upward import the layer test allows, see ``tests/test_layers.py``).

        Examples
        --------
        >>> import outcomeframe as of
        >>> fw = of.examples.load("lancashire")
        >>> a = fw.assess(of.examples.data("lancashire"), area="E10000017")
        >>> a.benchmark
        'E92000001'
        """
        from outcomeframe.assessment import assess  # noqa: PLC0415 - see the docstring

        codes = area if area is None or isinstance(area, str) else list(area)
        return assess(
            self, observations, benchmark=benchmark, area=codes, period=period, areas=areas
        )

    def validate(self) -> list[Problem]:
        """Check every rule; raise one :class:`ValidationError` listing every error.

        Returns
        -------
        list of Problem
            The warnings (e.g. an outcome no indicator measures); empty when there are none.

        Raises
        ------
        ValidationError
            Listing every error found, each with the element id and the rule.

        See Also
        --------
        outcomeframe.validate_graph : the same check as a function of the graph.
        """
        return _validate.validate_graph(self._graph, name=self.title)


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


def _read_only(graph: nx.DiGraph[str]) -> nx.DiGraph[str]:
    """A frozen view of ``graph``: it reads the graph as it changes, and refuses changes."""
    view: nx.DiGraph[str] = graph.copy(as_view=True)
    for name in _MUTATORS:
        setattr(view, name, _refuse)
    return view


def _kind(kind: Kind | str | type[Element] | None) -> Kind | None:
    if kind is None:
        return None
    if isinstance(kind, type) and issubclass(kind, Element):
        return kind.kind
    try:
        return Kind(kind)
    except ValueError:
        known = ", ".join(k.value for k in Kind)
        raise ArgumentError(f"kind: {kind!r} is not one of {known}") from None
