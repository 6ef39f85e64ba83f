"""What a framework answers without changing: lookup by id, its elements, its queries.

:class:`FrameworkReads` is the reading half of :class:`~outcomeframe.Framework`
(which adds construction and the changes). Each query is a thin method over the
function of the graph of the same name (:mod:`outcomeframe.framework._queries`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

import networkx as nx

from outcomeframe._deprecate import renamed
from outcomeframe._errors import UnknownElementError
from outcomeframe._suggest import did_you_mean
from outcomeframe.framework import _queries, _validate
from outcomeframe.framework._metadata import Metadata
from outcomeframe.model._elements import Element, Kind

if TYPE_CHECKING:
    import pandas as pd

    from outcomeframe.assessment import Assessment
    from outcomeframe.framework._framework import Framework
    from outcomeframe.framework._validate import Problem
    from outcomeframe.observations._table import ObservationTable

__all__ = ["FrameworkReads"]

E = TypeVar("E", bound=Element)


class FrameworkReads:
    """Lookup, iteration and the queries of a framework (see :class:`~outcomeframe.Framework`)."""

    metadata: Metadata
    _graph: nx.DiGraph[str]

    @property
    def title(self) -> str:
        """The framework's title (``metadata.title``)."""
        return self.metadata.title

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

    def paths_to_vision(
        self, element_id: str, *, max_paths: int = _queries.MAX_PATHS
    ) -> list[list[str]]:
        """Every path from an element to the vision. See :func:`outcomeframe.paths_to_vision`."""
        return _queries.paths_to_vision(self._graph, element_id, max_paths=max_paths)

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

        fw = cast("Framework", self)  # the reading half of one
        return assess(fw, observations, benchmark=benchmark, area=area, period=period, areas=areas)

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


def _kind(kind: Kind | str | type[Element] | None) -> Kind | None:
    return None if kind is None else _queries.kind_of(kind)
