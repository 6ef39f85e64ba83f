"""The framework diagram: a layered drawing of the graph, from the vision to the indicators."""

from __future__ import annotations

import textwrap
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
from markupsafe import escape

from outcomeframe._checks import need_number
from outcomeframe._errors import ArgumentError
from outcomeframe.framework._framework import Framework
from outcomeframe.report._palette import KIND_COLOURS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["diagram_layout", "diagram_svg", "framework_diagram"]

_LAYERS = ("vision", "priority", "objective", "outcome", "indicator")
_HEADINGS = {
    "vision": "Vision",
    "priority": "Priorities",
    "objective": "Objectives",
    "outcome": "Outcomes",
    "indicator": "Indicators",
}
_PLURAL = {"action": "actions", "enabler": "enablers", "indicator": "indicators"}


def _visible_targets(G: nx.DiGraph[str], node: str, shown: set[str]) -> list[str]:
    """The first shown elements reached from ``node`` along out-edges (through hidden ones)."""
    found: list[str] = []
    seen = {node}
    queue = deque(G.successors(node))
    while queue:
        nxt = queue.popleft()
        if nxt in seen:
            continue
        seen.add(nxt)
        if nxt in shown:
            found.append(nxt)
        else:
            queue.extend(G.successors(nxt))
    return found


def diagram_layout(
    G: nx.DiGraph[str], *, collapse: Iterable[str] = ("action", "enabler")
) -> dict[str, Any]:
    """Layers, positions, edges and collapsed counts of the framework diagram.

    Returns a dict with ``layers`` (kind -> ordered node ids), ``pos`` (node ->
    (column, row)), ``edges`` (pairs of shown nodes, hidden elements contracted)
    and ``counts`` (shown node -> {collapsed kind: how many serve it}).

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe.report._diagram import diagram_layout
    >>> lay = diagram_layout(of.examples.load("lancashire").graph)
    >>> [len(v) for v in lay["layers"].values()]
    [1, 4, 4, 12, 16]
    """
    hidden_kinds = _collapsed(collapse)
    kinds = [k for k in _LAYERS if k not in hidden_kinds]
    layers: dict[str, list[str]] = {
        k: [n for n, d in G.nodes(data=True) if d.get("kind") == k] for k in kinds
    }
    shown = {n for nodes in layers.values() for n in nodes}
    edges = [(n, t) for k in kinds for n in layers[k] for t in _visible_targets(G, n, shown)]
    parents: dict[str, list[str]] = {n: [] for n in shown}
    for source, target in edges:
        parents[source].append(target)
    # order each layer by the mean position of what it serves (one barycentre sweep)
    rank: dict[str, float] = {}
    for kind in kinds:
        nodes = layers[kind]
        first = {n: i for i, n in enumerate(nodes)}
        key = {
            n: (
                float(np.mean([rank[p] for p in parents[n] if p in rank]))
                if any(p in rank for p in parents[n])
                else float("inf"),
                first[n],
            )
            for n in nodes
        }
        nodes.sort(key=key.__getitem__)
        size = max(len(nodes), 1)
        rank.update({n: (i + 0.5) / size for i, n in enumerate(nodes)})
    tallest = max((len(v) for v in layers.values()), default=1)
    pos = {
        n: (float(col), (1.0 - rank[n]) * tallest) for col, k in enumerate(kinds) for n in layers[k]
    }
    counts: dict[str, dict[str, int]] = {n: {} for n in shown}
    for kind in sorted(hidden_kinds & {"action", "enabler", "indicator"}):
        for node, data in G.nodes(data=True):
            if data.get("kind") != kind:
                continue
            for target in _serves(G, node, shown, kinds if kind != "indicator" else []):
                counts[target][kind] = counts[target].get(kind, 0) + 1
    return {"layers": layers, "pos": pos, "edges": edges, "counts": counts}


def _serves(G: nx.DiGraph[str], node: str, shown: set[str], kinds: list[str]) -> set[str]:
    """The shown elements a collapsed one counts towards: its nearest, else the vision."""
    reached = _visible_targets(G, node, shown)
    # an action delivering an outcome counts for the outcome's priority (the
    # shallowest layer below the vision it reaches)
    if "priority" in kinds:
        tops = {
            t
            for r in reached
            for t in [r, *nx.descendants(G, r)]
            if G.nodes[t].get("kind") == "priority"
        }
        if tops:
            return tops
    return set(reached)


def framework_diagram(
    framework: Framework | nx.DiGraph[str],
    *,
    collapse: Iterable[str] = ("action", "enabler"),
    wrap: int = 28,
    ax: Axes | None = None,
) -> Figure:
    """Draw the framework as columns: vision, priorities, objectives, outcomes, indicators.

    Each element is a box in its kind's column, joined by a line to what it
    serves; actions and enablers are collapsed into counts on the priorities
    they serve (``collapse``), so a plan with dozens of actions stays legible.
    Titles are wrapped at ``wrap`` characters (at most three lines).

    Parameters
    ----------
    framework : Framework or networkx.DiGraph
        A framework, or its graph.
    collapse : str or iterable of str
        Kinds shown as counts instead of boxes: any of ``"action"``,
        ``"enabler"``, ``"indicator"`` (counts on the outcomes); one kind alone
        may be given as its name.
    wrap : int
        Characters per line of a box.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe import report
    >>> fig = report.framework_diagram(of.examples.load("lancashire"))
    >>> boxes = [t for t in fig.axes[0].texts if t.get_bbox_patch() is not None]
    >>> len(boxes)  # vision 1, priorities 4, objectives 4, outcomes 12, indicators 16
    37
    """
    from matplotlib.collections import LineCollection  # noqa: PLC0415 - only for the Figure

    from outcomeframe.report._figure import target  # noqa: PLC0415

    G, wrap = _graph(framework), _wrap(wrap)
    lay = diagram_layout(G, collapse=collapse)
    layers: dict[str, list[str]] = lay["layers"]
    pos: dict[str, tuple[float, float]] = lay["pos"]
    tallest = max((len(v) for v in layers.values()), default=1)
    fig, ax = target(ax, 2.5 * len(layers) + 0.2, 0.9 + 0.62 * tallest)
    segments = [(pos[a], pos[b]) for a, b in lay["edges"]]
    ax.add_collection(LineCollection(segments, colors="#8C8C8C", linewidths=0.7, zorder=1))
    for col, kind in enumerate(layers):
        ax.text(
            col,
            tallest + 0.15,
            _HEADINGS[kind],
            ha="center",
            va="bottom",
            fontsize=10,
            fontweight="bold",
        )
        for node in layers[kind]:
            lines = _box_lines(G, node, wrap, lay["counts"][node])
            x, y = pos[node]
            ax.text(
                x,
                y,
                "\n".join(lines),
                ha="center",
                va="center",
                fontsize=8.5,
                parse_math=False,
                zorder=2,
                linespacing=1.15,
                bbox={
                    "boxstyle": "round,pad=0.35",
                    "facecolor": KIND_COLOURS.get(kind, "#FFFFFF"),
                    "edgecolor": "#333333" if kind == "vision" else "#8C8C8C",
                    "linewidth": 1.4 if kind == "vision" else 0.6,
                },
            )
    ax.set_xlim(-0.55, len(layers) - 0.45)
    ax.set_ylim(-0.1, tallest + 0.6)
    ax.set_axis_off()
    return fig


def _graph(framework: Framework | nx.DiGraph[str]) -> nx.DiGraph[str]:
    G = framework.graph if isinstance(framework, Framework) else framework
    if not isinstance(G, nx.DiGraph):
        raise ArgumentError(
            f"framework: expected a Framework or a networkx DiGraph, got {type(G).__name__}"
        )
    return G


def _box_lines(G: nx.DiGraph[str], node: str, wrap: int, extra: dict[str, int]) -> list[str]:
    """A box's text: the title wrapped (at most three lines), then the collapsed counts."""
    title = str(G.nodes[node].get("title", node))
    lines = textwrap.wrap(title, wrap) or [node]
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), wrap, placeholder="…")]
    if extra:
        lines.append(" · ".join(f"{n} {_PLURAL[k] if n != 1 else k}" for k, n in extra.items()))
    return lines


def diagram_svg(
    framework: Framework | nx.DiGraph[str],
    *,
    collapse: Iterable[str] = ("action", "enabler"),
    wrap: int = 30,
    alt: str | None = None,
) -> str:
    """The diagram of :func:`framework_diagram` written directly as an inline ``<svg>``.

    The same layout (:func:`diagram_layout`), drawn without matplotlib so that a
    page with the diagram builds in milliseconds; every title is escaped.

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe.report._diagram import diagram_svg
    >>> svg = diagram_svg(of.examples.load("lancashire"))
    >>> svg.count('class="box ')  # vision 1, priorities 4, objectives 4, outcomes 12, indicators 16
    37
    """
    G, wrap = _graph(framework), _wrap(wrap)
    lay = diagram_layout(G, collapse=collapse)
    layers: dict[str, list[str]] = lay["layers"]
    pos: dict[str, tuple[float, float]] = lay["pos"]
    tallest = max((len(v) for v in layers.values()), default=1)
    col_w, box_w, row_h, top, line_h = 230.0, 200.0, 62.0, 30.0, 12.5
    width = col_w * max(len(layers), 1)
    height = top + row_h * tallest + 8.0

    def xy(node: str) -> tuple[float, float]:
        col, y = pos[node]
        return col_w * col + col_w / 2, top + (tallest - y) * row_h

    label = escape(alt or "Diagram of the framework")
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart diagram" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" aria-label="{label}"><title>{label}</title>'
        )
    ]
    for a, b in lay["edges"]:
        (x1, y1), (x2, y2) = xy(a), xy(b)
        parts.append(
            f'<line x1="{x1 - box_w / 2:.1f}" y1="{y1:.1f}" x2="{x2 + box_w / 2:.1f}" '
            f'y2="{y2:.1f}" stroke="#8C8C8C" stroke-width="0.8"/>'
        )
    for col, kind in enumerate(layers):
        parts.append(
            f'<text x="{col_w * col + col_w / 2:.1f}" y="16" font-size="13" font-weight="700" '
            f'text-anchor="middle">{_HEADINGS[kind]}</text>'
        )
        for node in layers[kind]:
            lines = _box_lines(G, node, wrap, lay["counts"][node])
            x, y = xy(node)
            h = line_h * len(lines) + 8.0
            edge = "#333333" if kind == "vision" else "#8C8C8C"
            stroke = 1.4 if kind == "vision" else 0.7
            parts.append(
                f'<g class="box {kind}"><rect x="{x - box_w / 2:.1f}" y="{y - h / 2:.1f}" '
                f'width="{box_w:.0f}" height="{h:.1f}" rx="5" '
                f'fill="{KIND_COLOURS.get(kind, "#FFFFFF")}" stroke="{edge}" '
                f'stroke-width="{stroke}"/>'
            )
            first = y - h / 2 + 4.0 + line_h * 0.8
            for i, line in enumerate(lines):
                parts.append(
                    f'<text x="{x:.1f}" y="{first + i * line_h:.1f}" font-size="10.5" '
                    f'text-anchor="middle">{escape(line)}</text>'
                )
            parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _wrap(wrap: object) -> int:
    """``wrap`` as the characters of a line: a whole number, 1 or more (NaN never ended)."""
    width = need_number(wrap, "wrap", whole=True)
    if width < 1:
        raise ArgumentError(f"wrap: expected 1 character or more, got {wrap!r}")
    return int(width)


def _collapsed(collapse: object) -> set[str]:
    """The kinds to collapse: one kind's name, or a collection of them."""
    from outcomeframe.model._kinds import Kind  # noqa: PLC0415

    given = [collapse] if isinstance(collapse, str) else collapse
    if not isinstance(given, Iterable) or isinstance(given, bytes):
        raise ArgumentError(f"collapse: expected kinds of element, got {type(collapse).__name__}")
    known = {k.value for k in Kind}
    kinds = {str(k.value if isinstance(k, Kind) else k) for k in given}
    if not kinds <= known:
        wrong = sorted(kinds - known)
        raise ArgumentError(f"collapse: {wrong[0]!r} is not a kind ({', '.join(sorted(known))})")
    return kinds
