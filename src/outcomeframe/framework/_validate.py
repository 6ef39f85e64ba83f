"""Whole-framework validation: every rule checked, every problem reported at once."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, Literal

import attrs
import networkx as nx

from outcomeframe._deprecate import renamed
from outcomeframe._errors import ArgumentError, UnitError, ValidationError
from outcomeframe._unit_names import UNIT_FACTS, known_unit
from outcomeframe.model._elements import Element, Indicator, Kind, MeasureType
from outcomeframe.model._relations import Relation, allowed

__all__ = ["RULES", "Problem", "check", "problems"]

Severity = Literal["error", "warning"]

#: Every rule, with what it checks. Rule ids appear in :attr:`Problem.rule`.
RULES: dict[str, str] = {
    "schema": "a framework file does not match the file format (its JSON Schema)",
    "dangling-reference": "an edge points to an id that holds no element",
    "node-attributes": "a node's kind/title attributes disagree with its element",
    "duplicate-id": "two elements share an id (files only: a graph cannot hold two)",
    "relation-kinds": "an edge's relation is unknown or cannot join the two kinds",
    "cycle": "the graph has a cycle (nothing may serve, even indirectly, itself)",
    "indicator-polarity": "an indicator has no polarity",
    "indicator-unit": "an indicator's unit cannot be parsed, or does not suit its measure",
    "target-shape": "a target must give exactly one of a value or a benchmark",
    "target-unit": "a target's unit cannot be converted to its indicator's unit",
    "target-range": "a proportion's target lies outside 0 to 100%",
    "vision": "a framework should have one vision (warning)",
    "unlinked": "an element does not lead to the vision (warning)",
    "outcome-without-indicator": "no indicator measures an outcome (warning)",
    "indicator-measures-nothing": "an indicator measures no element (warning)",
}

_DIMENSIONLESS_MEASURES = {
    MeasureType.PROPORTION,
    MeasureType.CRUDE_RATE,
    MeasureType.DSR,
    MeasureType.RATIO,
}


@attrs.frozen
class Problem:
    """One broken rule: which element, which rule, what is wrong, and where in the file.

    Attributes
    ----------
    element : str or None
        The id of the element concerned (``None`` for the framework as a whole).
    rule : str
        The rule broken, a key of :data:`outcomeframe.RULES`.
    message : str
        What is wrong; from a file it starts with ``line N:``.
    severity : {"error", "warning"}
        Errors make validation fail; warnings are returned.
    line : int or None
        The 1-based line of the framework file, when the problem came from one.

    Examples
    --------
    >>> from outcomeframe import Problem
    >>> str(Problem("smoking", "indicator-polarity", "no polarity given"))
    'smoking: no polarity given [indicator-polarity]'
    """

    element: str | None
    rule: str
    message: str
    severity: Severity = "error"
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.element}: " if self.element is not None else ""
        return f"{where}{self.message} [{self.rule}]"


def _article(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _nodes(G: nx.DiGraph[str]) -> Iterator[tuple[str, Element | None]]:
    yield from G.nodes(data="element")


def _structure(G: nx.DiGraph[str]) -> Iterator[Problem]:
    for node, element in _nodes(G):
        if element is None:
            users = sorted(G.predecessors(node))
            yield Problem(
                node,
                "dangling-reference",
                f"id {node!r} is referred to by {', '.join(map(repr, users)) or 'nothing'} "
                "but no element has it",
            )
            continue
        data = G.nodes[node]
        if (
            element.id != node
            or data.get("kind") != element.kind.value
            or data.get("title") != element.title
        ):
            yield Problem(node, "node-attributes", "node attributes disagree with its element")
    for u, v, rel in G.edges(data="relation"):
        a, b = G.nodes[u].get("element"), G.nodes[v].get("element")
        if a is None or b is None:
            continue
        try:
            relation = Relation(rel)
        except ValueError:
            yield Problem(u, "relation-kinds", f"edge to {v!r} has unknown relation {rel!r}")
            continue
        if not allowed(relation, a.kind, b.kind):
            yield Problem(
                u,
                "relation-kinds",
                f"{_article(a.kind.value)} cannot {relation.verb} {_article(b.kind.value)} ({v!r})",
            )
    yield from _cycles(G)


def reach(G: nx.DiGraph[str], sources: Iterable[str], *, forward: bool = True) -> set[str]:
    """Every node a path leads to from any of ``sources`` (or, backwards, from), in one pass.

    A source is in the result only when a path of at least one edge reaches it.

    Examples
    --------
    >>> import networkx as nx
    >>> from outcomeframe.framework._validate import reach
    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("d", "c")])
    >>> sorted(reach(G, ["a", "d"])), sorted(reach(G, ["c"], forward=False))
    (['b', 'c'], ['a', 'b', 'd'])
    """
    step = G.successors if forward else G.predecessors
    found: set[str] = set()
    queue = deque(sources)
    while queue:
        for nxt in step(queue.popleft()):
            if nxt not in found:
                found.add(nxt)
                queue.append(nxt)
    return found


def _cycle_through(G: nx.DiGraph[str], start: str, group: set[str]) -> list[str]:
    """A shortest cycle from ``start`` back to it, inside a strongly connected ``group``."""
    parent: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in G.successors(node):
            if nxt == start:
                path: list[str] = []
                at: str | None = node
                while at is not None:
                    path.append(at)
                    at = parent[at]
                return path[::-1]
            if nxt in group and nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return [start]  # not reached: a strongly connected group always has one


def _ends(cycle: list[str], shown: int = 10) -> list[str]:
    """The cycle back to its start, its middle counted when it is long (a message stays short)."""
    if len(cycle) <= shown + 2:
        return [*cycle, cycle[0]]
    return [*cycle[:shown], f"... ({len(cycle) - shown - 1:,} more)", cycle[-1], cycle[0]]


def _cycles(G: nx.DiGraph[str]) -> Iterator[Problem]:
    """One problem per group of nodes caught in cycles together, in linear time."""
    order = {n: i for i, n in enumerate(G)}
    groups = []
    for group in nx.strongly_connected_components(G):
        first = min(group, key=order.__getitem__)
        if len(group) > 1 or G.has_edge(first, first):
            groups.append((order[first], first, group))
    for _, first, group in sorted(groups, key=lambda g: g[0]):
        cycle = _cycle_through(G, first, group)
        message = "cycle: " + " -> ".join(_ends(cycle))
        if len(group) > len(cycle):
            names = sorted(group, key=order.__getitem__)
            more = f" and {len(names) - 10} more" if len(names) > 10 else ""
            message += (
                f" ({len(group)} elements are caught in cycles with one another: "
                f"{', '.join(names[:10])}{more})"
            )
        yield Problem(first, "cycle", message)


@attrs.frozen
class _UnitFacts:
    """What the rules ask of a unit, read once per distinct unit text."""

    dimensionless: bool
    dimensionality: str  # as the registry prints it, e.g. "[time]"


#: Unit texts already parsed in one validation: their facts, or the error parsing raised.
_UnitMemo = dict[str, "_UnitFacts | UnitError"]


def _unit(text: str, memo: _UnitMemo) -> _UnitFacts:
    """:func:`parse_unit` once per distinct text (thousands of indicators share a few units).

    Raises the text's :class:`UnitError` each time it is asked for.
    """
    found = memo.get(text)
    known = known_unit(text) if found is None else None
    if known is not None:  # a usual unit: its facts without loading the registry (pint)
        dimensionless, dimensionality = UNIT_FACTS[known]
        found = memo[text] = _UnitFacts(dimensionless, dimensionality)
    if found is None:
        from outcomeframe.stats._units import parse_unit  # noqa: PLC0415 - pint, when needed

        try:
            unit = parse_unit(text)
        except UnitError as err:
            found = err
        else:
            found = _UnitFacts(bool(unit.dimensionless), str(unit.dimensionality))
        memo[text] = found
    if isinstance(found, UnitError):
        raise found
    return found


def _indicator(ind: Indicator, units: _UnitMemo) -> Iterator[Problem]:
    if ind.polarity is None:
        yield Problem(
            ind.id,
            "indicator-polarity",
            "no polarity given (higher_is_better, lower_is_better or no_judgement)",
        )
    unit_ok = True
    try:
        unit = _unit(ind.unit, units)
    except UnitError as err:
        unit_ok = False
        yield Problem(ind.id, "indicator-unit", str(err))
    else:
        if ind.measure in _DIMENSIONLESS_MEASURES and not unit.dimensionless:
            unit_ok = False
            yield Problem(
                ind.id,
                "indicator-unit",
                f"a {ind.measure.value} needs a unit such as percent or per_100000, "
                f"not {ind.unit!r}",
            )
    target = ind.target
    if target is None:
        return
    if (target.value is None) == (target.benchmark is None):
        yield Problem(
            ind.id,
            "target-shape",
            "target needs exactly one of 'value' (in unit) or 'benchmark' (an area code)",
        )
    if target.unit is not None and unit_ok:
        try:
            compatible = _unit(target.unit, units).dimensionality == unit.dimensionality
        except UnitError as err:
            yield Problem(ind.id, "target-unit", f"target unit: {err}")
        else:
            if not compatible:
                yield Problem(
                    ind.id,
                    "target-unit",
                    f"target unit {target.unit!r} cannot be converted to {ind.unit!r}",
                )
    if (
        ind.measure is MeasureType.PROPORTION
        and target.value is not None
        and target.unit in (None, "percent")
        and ind.unit == "percent"
        and not 0 <= target.value <= 100
    ):
        yield Problem(ind.id, "target-range", f"target {target.value}% is outside 0 to 100%")


def _warnings(G: nx.DiGraph[str]) -> Iterator[Problem]:
    visions = [n for n, k in G.nodes(data="kind") if k == Kind.VISION.value]
    if len(visions) != 1:
        yield Problem(
            None, "vision", f"expected one vision, found {len(visions)}", severity="warning"
        )
    reach_vision = set(visions) | reach(G, visions, forward=False)
    indicators = [n for n, k in G.nodes(data="kind") if k == Kind.INDICATOR.value]
    measured = reach(G, indicators)
    for node, element in _nodes(G):
        if element is None:
            continue
        if element.kind is Kind.INDICATOR:
            if G.out_degree(node) == 0:
                yield Problem(
                    node, "indicator-measures-nothing", "measures no element", severity="warning"
                )
        elif element.kind is not Kind.BODY and visions and node not in reach_vision:
            yield Problem(
                node,
                "unlinked",
                f"this {element.kind.value} does not lead to the vision",
                severity="warning",
            )
    for node, kind in G.nodes(data="kind"):
        if kind == Kind.OUTCOME.value and node not in measured:
            yield Problem(
                node,
                "outcome-without-indicator",
                "no indicator measures this outcome",
                severity="warning",
            )


def _graph(G: Any) -> None:
    """Refuse what is not a framework graph, naming the argument (one check for every query)."""
    if not (hasattr(G, "nodes") and hasattr(G, "predecessors") and hasattr(G, "in_degree")):
        raise ArgumentError(
            f"G: expected a framework graph (a networkx.DiGraph such as fw.graph), "
            f"got {type(G).__name__}"
        )


def problems(G: nx.DiGraph[str]) -> list[Problem]:
    """Every problem in a framework graph, errors and warnings, without raising.

    Parameters
    ----------
    G : networkx.DiGraph
        A framework graph (``fw.graph``).

    Returns
    -------
    list of Problem

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.Framework(title="Demo")
    >>> fw.add(of.Outcome(id="o", title="An outcome"))
    >>> sorted({p.rule for p in of.problems(fw.graph)})
    ['outcome-without-indicator', 'vision']
    """
    _graph(G)
    found = list(_structure(G))
    units: _UnitMemo = {}
    for _, element in _nodes(G):
        if isinstance(element, Indicator):
            found.extend(_indicator(element, units))
    found.extend(_warnings(G))
    return found


def validate_graph(G: nx.DiGraph[str], *, name: str | None = None) -> list[Problem]:
    """Raise one :class:`ValidationError` listing every error; return the warnings.

    Parameters
    ----------
    G : networkx.DiGraph
        A framework graph.
    name : str, optional
        The framework's title or file, for the error message.

    Returns
    -------
    list of Problem
        The warnings.

    Raises
    ------
    ValidationError
        When any rule is broken; ``err.problems`` lists them all.

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.examples.load("trafford")
    >>> of.validate_graph(fw.graph) == fw.validate()
    True
    """
    found = problems(G)
    errors = [p for p in found if p.severity == "error"]
    if errors:
        what = f"framework {name!r}" if name else "framework"
        raise ValidationError(f"{what} has {len(errors)} problem(s):", errors)
    return [p for p in found if p.severity == "warning"]


#: The old name of :func:`validate_graph`.
check = renamed("outcomeframe.framework.check", "outcomeframe.validate_graph", validate_graph)
