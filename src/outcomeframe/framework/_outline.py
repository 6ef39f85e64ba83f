"""The framework as an indented outline (what ``outcomeframe show`` prints)."""

from __future__ import annotations

import numbers

from outcomeframe._errors import ArgumentError
from outcomeframe.framework._framework import Framework
from outcomeframe.framework._validate import reach
from outcomeframe.model._elements import Kind

__all__ = ["MAX_INDENT", "outline", "tree_lines"]

#: Deeper levels than this are not indented further; their line starts with ``(level N)``.
MAX_INDENT = 30

_ORDER = {k.value: i for i, k in enumerate(Kind)}
_SEE_ABOVE = " (see above)"


def _check_depth(max_depth: object) -> None:
    """``max_depth`` is None or a whole number from 0; anything else is named."""
    if max_depth is None:
        return
    if isinstance(max_depth, bool) or not isinstance(max_depth, numbers.Integral):
        raise ArgumentError(
            f"max_depth: must be a whole number of levels (0 or more), got "
            f"{type(max_depth).__name__} {max_depth!r}"
        )
    if max_depth < 0:
        raise ArgumentError(f"max_depth: must be 0 or more levels, got {max_depth}")


def tree_lines(fw: Framework, *, max_depth: int | None = None) -> list[str]:
    r"""Lines of an indented tree from each vision down to what serves it.

    Every element is drawn once, under the first element it serves (in the order of the
    tree); where it appears again, its line ends in ``(see above)`` and what is below it
    is not repeated. An element the roots do not reach (one in a cycle) starts a tree of
    its own. The time is linear in the size of the graph, however many paths it has, and
    no depth of chain is too deep. Lines are indented two spaces a level up to
    :data:`MAX_INDENT` levels; a deeper line says its level instead.

    Parameters
    ----------
    fw : Framework
        The framework.
    max_depth : int, optional
        Stop after this many levels below the roots.

    Returns
    -------
    list of str
        One ``kind: title [id]`` line per element drawn.

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.Framework(title="Demo")
    >>> fw.add(
    ...     of.Vision(id="v", title="Vision"),
    ...     of.Priority(id="p", title="Priority P"),
    ...     of.Priority(id="q", title="Priority Q"),
    ...     of.Outcome(id="o", title="Shared outcome"),
    ... )
    >>> fw.link("p", "v"); fw.link("q", "v"); fw.link("o", "p"); fw.link("o", "q")
    >>> print("\n".join(tree_lines(fw)))
    vision: Vision [v]
      priority: Priority P [p]
        outcome: Shared outcome [o]
      priority: Priority Q [q]
        outcome: Shared outcome [o] (see above)
    """
    _check_depth(max_depth)
    G = fw.graph
    order = {n: i for i, n in enumerate(G)}

    def rank(node: str) -> tuple[int, int]:
        return _ORDER.get(G.nodes[node].get("kind"), len(_ORDER)), order[node]

    lines: list[str] = []
    expanded: set[str] = set()
    drawn: set[str] = set()

    def draw(root: str) -> None:
        stack = [(root, 0)]
        while stack:
            node, depth = stack.pop()
            data = G.nodes[node]
            pad = "  " * depth if depth <= MAX_INDENT else "  " * MAX_INDENT + f"(level {depth}) "
            text = f"{pad}{data.get('kind', '?')}: {data.get('title', '?')} [{node}]"
            can_expand = max_depth is None or depth < max_depth
            if node in expanded or (node in drawn and not can_expand):
                lines.append(text + _SEE_ABOVE)
                continue
            lines.append(text)
            drawn.add(node)
            if not can_expand:
                continue
            expanded.add(node)
            children = sorted(G.predecessors(node), key=rank)
            stack.extend((child, depth + 1) for child in reversed(children))

    roots = sorted((n for n in G if G.out_degree(n) == 0), key=rank)
    for root in roots:
        draw(root)
    reached = reach(G, roots, forward=False)
    for node in sorted(G, key=rank):
        if node not in drawn and node not in reached:
            draw(node)  # in a cycle that leads to no root
    return lines


def outline(fw: Framework, *, max_depth: int | None = None) -> str:
    """The title, the plan's details and the tree of :func:`tree_lines`, as one text.

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe.framework._outline import outline
    >>> print(outline(of.examples.load("lancashire"), max_depth=0))
    Lancashire Integrated Early Years Strategy
      Lancashire County Council | Lancashire
    <BLANKLINE>
    vision: Children, young people and their families are safe, healthy and achieve their full potential. [vision]
    body: Integrated Care System (ICS) [integrated-care-system]
    """
    meta = fw.metadata
    head = [fw.title]
    details = [meta.organisation, meta.area.name if meta.area else None, meta.period]
    if any(details):
        head.append("  " + " | ".join(d for d in details if d))
    return "\n".join([*head, "", *tree_lines(fw, max_depth=max_depth)])
