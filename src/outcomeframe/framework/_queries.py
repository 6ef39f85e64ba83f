"""Questions analysts ask of a framework, as plain functions of its graph.

Each takes the framework's ``networkx.DiGraph`` (``fw.graph``); the
:class:`~outcomeframe.Framework` methods are thin wrappers around them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
import networkx as nx

from outcomeframe._errors import ArgumentError, UnknownElementError, _shown
from outcomeframe.framework._validate import _graph, reach
from outcomeframe.model._elements import Element, Indicator, Kind

# numpy and pandas are imported by the functions that build frames: loading and
# validating a framework does not need them.
if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = [
    "coverage_matrix",
    "elements_frame",
    "indicators_for",
    "indicators_frame",
    "paths_to_vision",
    "without_indicators",
]

_INDICATOR = Kind.INDICATOR.value


def _require(G: nx.DiGraph[str], node: str) -> None:
    _graph(G)
    if node not in G:
        raise UnknownElementError(f"no element with id {node!r} in the framework graph")


def kind_of(value: object, name: str = "kind") -> Kind:
    """``value`` (a :class:`Kind`, its name, or an element class) as a Kind, or named.

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe.framework._queries import kind_of
    >>> kind_of("outcome"), kind_of(of.Indicator)
    (<Kind.OUTCOME: 'outcome'>, <Kind.INDICATOR: 'indicator'>)
    """
    if isinstance(value, type) and issubclass(value, Element) and hasattr(value, "kind"):
        return Kind(value.kind)
    if isinstance(value, str) and value in Kind.__members__.values():
        return Kind(value)
    known = ", ".join(k.value for k in Kind)
    raise ArgumentError(f"{name}: {_shown(value)} is not one of {known}")


def _of_kind(G: nx.DiGraph[str], kind: str) -> list[str]:
    return [n for n, k in G.nodes(data="kind") if k == kind]


def indicators_for(G: nx.DiGraph[str], node: str) -> set[str]:
    """Ids of the indicators that measure ``node``, directly or through the elements below it.

    An indicator measures a priority when a path runs from the indicator to the
    priority (indicator -> outcome -> objective -> priority).

    Parameters
    ----------
    G : networkx.DiGraph
        A framework graph (``fw.graph``).
    node : str
        The element id.

    Returns
    -------
    set of str

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.examples.load("lancashire")
    >>> "smoking-at-time-of-delivery" in of.indicators_for(fw.graph, "best-start-in-life")
    True
    """
    _require(G, node)
    found = {n for n in nx.ancestors(G, node) if G.nodes[n].get("kind") == _INDICATOR}
    if G.nodes[node].get("kind") == _INDICATOR:
        found.add(node)
    return found


#: How many paths :func:`paths_to_vision` lists at most, by default.
MAX_PATHS = 100_000


def paths_to_vision(
    G: nx.DiGraph[str], node: str, *, max_paths: int = MAX_PATHS
) -> list[list[str]]:
    """Every simple path from ``node`` to a vision, shortest first.

    Only elements on the way to a vision are walked, so the time grows with the paths
    found, not with the routes that lead nowhere. Paths can be many more than elements
    (81 bodies in a ladder of diamonds, each accountable to both of the pair above:
    2**40 paths), so more than ``max_paths`` is an error rather than a wait.

    Parameters
    ----------
    G : networkx.DiGraph
        A framework graph.
    node : str
        The element id, e.g. an action.
    max_paths : int, default 100,000
        The most paths to list.

    Returns
    -------
    list of list of str
        Each path starts at ``node`` and ends at a vision; empty when none reaches it.

    Raises
    ------
    UnknownElementError
        ``node`` is not in the graph.
    ArgumentError
        ``max_paths`` is not a positive whole number, or more paths than that reach a
        vision (walk them one at a time with ``networkx.all_simple_paths``).

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.examples.load("lancashire")
    >>> fw.paths_to_vision("develop-infant-mortality-action-plan")[0][-1]
    'vision'
    >>> len(fw.paths_to_vision("asq3-communication-2-2-5-years"))
    6
    >>> fw.paths_to_vision("asq3-communication-2-2-5-years", max_paths=5)
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: 'asq3-communication-2-2-5-years' reaches a vision by more than 5 paths: ...
    """
    _require(G, node)
    _check_max_paths(max_paths)
    visions = set(_of_kind(G, Kind.VISION.value))
    if node in visions:
        return [[node]]
    down = reach(G, [node])
    on_the_way = {node} | (down & reach(G, visions, forward=False)) | (down & visions)
    way: nx.DiGraph[str] = nx.DiGraph()  # a plain graph: a subgraph view walks 2x slower
    way.add_node(node)
    way.add_edges_from((u, v) for u in on_the_way for v in G.successors(u) if v in on_the_way)
    walk = nx.all_simple_paths(way, node, visions & down)
    paths = [list(p) for p in itertools.islice(walk, max_paths + 1)]
    if len(paths) > max_paths:
        raise ArgumentError(
            f"{node!r} reaches a vision by more than {max_paths:,} paths: pass max_paths= "
            "to list more, or walk them one at a time with "
            f"networkx.all_simple_paths(fw.graph, {node!r}, vision)"
        )
    return sorted(paths, key=lambda p: (len(p), p))


def _check_max_paths(max_paths: object) -> None:
    if isinstance(max_paths, bool) or not isinstance(max_paths, int) or max_paths < 1:
        raise ArgumentError(f"max_paths: expected a whole number of at least 1, got {max_paths!r}")


def without_indicators(G: nx.DiGraph[str], kinds: Iterable[Kind | str] | None = None) -> list[str]:
    """Ids of elements that no indicator measures, directly or through others.

    Parameters
    ----------
    G : networkx.DiGraph
        A framework graph.
    kinds : Kind, str or iterable of them, optional
        Which kinds to look at (one, or several); default outcomes, objectives and
        priorities.

    Returns
    -------
    list of str
        In the order the elements were added.

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.Framework(title="Demo")
    >>> fw.add(of.Outcome(id="o", title="An outcome nobody measures"))
    >>> of.without_indicators(fw.graph)
    ['o']
    """
    _graph(G)
    if kinds is None:
        kinds = (Kind.OUTCOME, Kind.OBJECTIVE, Kind.PRIORITY)
    elif isinstance(kinds, str) or not isinstance(kinds, Iterable):
        kinds = [kinds]  # one kind
    wanted = {kind_of(k, "kinds").value for k in kinds}
    measured = reach(G, _of_kind(G, _INDICATOR))
    return [n for n, k in G.nodes(data="kind") if k in wanted and n not in measured]


def coverage_matrix(G: nx.DiGraph[str], rows: Kind | str = Kind.PRIORITY) -> pd.DataFrame:
    """A boolean matrix: which indicators (columns) measure which elements (rows).

    Parameters
    ----------
    G : networkx.DiGraph
        A framework graph.
    rows : Kind or str
        The kind of element on the rows (default priorities).

    Returns
    -------
    pandas.DataFrame
        Index: element ids of kind ``rows``; columns: indicator ids; ``True``
        where a path runs from the indicator to the element.

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.examples.load("lancashire")
    >>> m = fw.coverage_matrix()
    >>> bool(m.loc["best-start-in-life", "smoking-at-time-of-delivery"])
    True
    """
    _graph(G)
    import pandas as pd  # noqa: PLC0415

    rows = kind_of(rows, "rows")
    row_ids = _of_kind(G, rows.value)
    indicators = _of_kind(G, _INDICATOR)
    if len(indicators) <= len(row_ids):  # carry the indicators up to the rows
        data = _bit_matrix(_reached_by(G, indicators), row_ids, len(indicators))
    else:  # carry the rows down to the indicators: fewer bits per node
        down = _reached_by(G.reverse(copy=False), row_ids)
        data = _bit_matrix(down, indicators, len(row_ids)).T
    frame = pd.DataFrame(data, index=pd.Index(row_ids, name=rows.value), columns=indicators)
    frame.columns.name = _INDICATOR
    return frame


def _bit_matrix(bits: dict[str, int], nodes: list[str], width: int) -> np.ndarray[Any, Any]:
    """One boolean row per node: the first ``width`` bits of its integer."""
    import numpy as np  # noqa: PLC0415

    size = (width + 7) // 8
    packed = np.frombuffer(
        b"".join(bits[n].to_bytes(size, "little") for n in nodes), dtype=np.uint8
    ).reshape(len(nodes), size)
    return np.unpackbits(packed, axis=1, count=width, bitorder="little").astype(bool)


def _reached_by(G: nx.DiGraph[str], sources: list[str]) -> dict[str, int]:
    """For each node, the ``sources`` with a path to it, as the bits of one integer.

    One pass in topological order (Kahn's): a node hands what reaches it, and itself,
    to each successor once all its own predecessors are done. Time linear in the edges
    times the words of one integer. A graph with cycles is condensed first.
    """
    column = {node: 1 << i for i, node in enumerate(sources)}
    after = dict(G.adjacency())  # node -> its successors, as networkx holds them
    waiting = dict.fromkeys(after, 0)
    for successors in after.values():
        for node in successors:
            waiting[node] += 1
    ready = [node for node, count in waiting.items() if count == 0]
    reached = dict.fromkeys(after, 0)
    done = 0
    while ready:
        node = ready.pop()
        done += 1
        carry = reached[node] | column.get(node, 0)
        for nxt in after[node]:
            reached[nxt] |= carry
            waiting[nxt] -= 1
            if not waiting[nxt]:
                ready.append(nxt)
    if done < len(after):  # a cycle held some nodes back
        return _reached_by_condensed(G, column)
    return reached


def _reached_by_condensed(G: nx.DiGraph[str], column: dict[str, int]) -> dict[str, int]:
    """:func:`_reached_by` over the condensation (the graph of strongly connected groups).

    A group is reached by what reaches its predecessors and by those predecessors' own
    sources; the members of a cycle also reach one another.
    """
    C = nx.condensation(G)
    own = dict.fromkeys(C, 0)
    for node, c in C.graph["mapping"].items():
        own[c] |= column.get(node, 0)
    reached = dict.fromkeys(C, 0)
    for c in nx.topological_sort(C):
        members = C.nodes[c]["members"]
        cyclic = len(members) > 1 or any(G.has_edge(m, m) for m in members)
        total = reached[c] | (own[c] if cyclic else 0)
        reached[c] = total
        for nxt in C.successors(c):
            reached[nxt] |= total | own[c]
    return {node: reached[c] for node, c in C.graph["mapping"].items()}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    if hasattr(value, "value") and not isinstance(value, int | float | str):
        return value.value
    return value


def elements_frame(G: nx.DiGraph[str]) -> pd.DataFrame:
    """A tidy DataFrame with one row per element: id, kind, title, description, leads, tags.

    Examples
    --------
    >>> import outcomeframe as of
    >>> df = of.elements_frame(of.examples.load("trafford").graph)
    >>> list(df.columns)
    ['id', 'kind', 'title', 'description', 'leads', 'tags']
    """
    _graph(G)
    import pandas as pd  # noqa: PLC0415

    rows = []
    for _, element in G.nodes(data="element"):
        if element is None:
            continue
        rows.append(
            {
                "id": element.id,
                "kind": element.kind.value,
                "title": element.title,
                "description": element.description,
                "leads": _plain(element.leads),
                "tags": _plain(element.tags),
            }
        )
    frame = pd.DataFrame(rows, columns=["id", "kind", "title", "description", "leads", "tags"])
    frame["kind"] = pd.Categorical(frame["kind"], categories=[k.value for k in Kind])
    return frame


def _indicator_row(ind: Indicator, G: nx.DiGraph[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in attrs.fields(Indicator):
        if field.name == "target":
            continue
        row[field.name] = _plain(getattr(ind, field.name))
    target = ind.target
    row["target_value"] = target.value if target else None
    row["target_unit"] = target.unit if target else None
    row["target_benchmark"] = target.benchmark if target else None
    row["target_direction"] = _plain(target.direction) if target else None
    row["target_by"] = target.by if target else None
    row["target_wording"] = target.wording if target else None
    row["measures"] = "; ".join(G.successors(ind.id))
    return row


def indicators_frame(G: nx.DiGraph[str]) -> pd.DataFrame:
    """A tidy DataFrame of every indicator's definition, one row per indicator.

    Columns are the :class:`~outcomeframe.Indicator` fields, the target split into
    ``target_*`` columns, and ``measures`` (the ids it measures directly).

    Examples
    --------
    >>> import outcomeframe as of
    >>> df = of.indicators_frame(of.examples.load("lancashire").graph)
    >>> df.set_index("id").loc["under-18-conception-rate", "fingertips_id"]
    np.int64(20401)
    """
    _graph(G)
    import pandas as pd  # noqa: PLC0415

    rows = [_indicator_row(el, G) for _, el in G.nodes(data="element") if isinstance(el, Indicator)]
    columns = [f.name for f in attrs.fields(Indicator) if f.name != "target"] + [
        "target_value",
        "target_unit",
        "target_benchmark",
        "target_direction",
        "target_by",
        "target_wording",
        "measures",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["fingertips_id"] = frame["fingertips_id"].astype("Int64")
    return frame
