"""The plan's structure as the dashboard shows it: sections, enablers, governance.

Pure functions of the framework graph and the indicator rows; they run once
per element shown (a plan has tens of them), never per observation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from outcomeframe.framework._queries import indicators_for

if TYPE_CHECKING:
    import networkx as nx

    from outcomeframe.framework._framework import Framework

__all__: list[str] = []

_WORK = ("vision", "priority", "objective", "outcome", "action")


def children(G: nx.DiGraph[str], node: str, kind: str) -> list[str]:
    """The elements of ``kind`` with an edge into ``node``, in the plan's order."""
    return [n for n in G.predecessors(node) if G.nodes[n].get("kind") == kind]


def ref(G: nx.DiGraph[str], node: str) -> dict[str, str]:
    """An element's id, title and kind."""
    return {"id": node, "title": str(G.nodes[node]["title"]), "kind": str(G.nodes[node]["kind"])}


def outcome(G: nx.DiGraph[str], node: str) -> dict[str, Any]:
    """An outcome with the indicators that measure it."""
    return {
        "id": node,
        "title": G.nodes[node]["title"],
        "indicators": [ref(G, i) for i in children(G, node, "indicator")],
    }


def enablers(G: nx.DiGraph[str]) -> list[dict[str, Any]]:
    """Every enabler with what it enables; the plan-wide ones (enabling the vision) first."""
    found = []
    for node, data in G.nodes(data=True):  # one per enabler: a plan has a few dozen
        if data.get("kind") != "enabler":
            continue
        targets = [ref(G, t) for t in G.successors(node) if G.nodes[t].get("kind") in _WORK]
        element = data["element"]
        found.append(
            {
                **ref(G, node),
                "description": element.description or "",
                "enables": targets,
                "whole_plan": any(t["kind"] == "vision" for t in targets),
            }
        )
    found.sort(key=lambda e: not e["whole_plan"])  # stable: the plan's order within each
    return found


def enabled_by(G: nx.DiGraph[str], node: str) -> list[dict[str, str]]:
    """The enablers of an element or of anything under it (objectives, outcomes, actions)."""
    below = {node} | {
        n for n in G.predecessors(node) if G.nodes[n].get("kind") in ("objective", "outcome")
    }
    below |= {
        m
        for n in list(below)
        for m in G.predecessors(n)
        if G.nodes[m].get("kind") in ("outcome", "action")
    }
    seen: dict[str, dict[str, str]] = {}
    for n in below:
        for e in G.predecessors(n):
            if G.nodes[e].get("kind") == "enabler":
                seen.setdefault(e, ref(G, e))
    return sorted(seen.values(), key=lambda e: e["title"])


def bodies(fw: Framework) -> list[dict[str, Any]]:
    """Governance bodies with whom they are accountable to and what they oversee."""
    G = fw.graph
    return [
        {
            "title": b.title,
            "reports_to": [
                str(G.nodes[t]["title"])
                for t in G.successors(b.id)
                if G.nodes[t].get("kind") == "body"
            ],
            "oversees": [
                str(G.nodes[t]["title"])
                for t in G.successors(b.id)
                if G.nodes[t].get("kind") != "body"
            ],
        }
        for b in fw.elements("body")
    ]


def _actions(G: nx.DiGraph[str], node: str) -> list[dict[str, str]]:
    """The actions delivering an element or its objectives and outcomes, in the plan's order."""
    below = [node]
    for kind in ("objective", "outcome"):
        below += [c for b in list(below) for c in children(G, b, kind)]
    seen: dict[str, dict[str, str]] = {}
    for b in below:
        for a in children(G, b, "action"):
            seen.setdefault(a, ref(G, a))
    return list(seen.values())


def _section(
    G: nx.DiGraph[str], node: str, rows: dict[str, dict[str, Any]], placed: dict[str, str]
) -> dict[str, Any]:
    own = sorted(indicators_for(G, node), key=list(rows).index)
    primary = [i for i in own if i not in placed]
    placed.update(dict.fromkeys(primary, node))
    kind = G.nodes[node]["kind"]
    return {
        "id": node,
        "kind": kind,
        "title": G.nodes[node]["title"],
        "description": G.nodes[node]["element"].description,
        "objectives": [
            {
                "id": o,
                "title": G.nodes[o]["title"],
                "outcomes": [outcome(G, oc) for oc in children(G, o, "outcome")],
            }
            for o in children(G, node, "objective")
        ],
        "outcomes": (
            [outcome(G, oc) for oc in children(G, node, "outcome")]
            if kind != "outcome"
            else [outcome(G, node)]
        ),
        "actions": _actions(G, node),
        "enablers": enabled_by(G, node),
        "rows": [rows[i] for i in primary],
        "elsewhere": [
            {**ref(G, i), "section": G.nodes[placed[i]]["title"], "section_id": placed[i]}
            for i in own
            if placed[i] != node
        ],
    }


def sections(fw: Framework, rows: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The priority sections, the section of what serves the vision directly, and the rest.

    Every indicator has its row in exactly one place: under the first priority
    it measures, else under the objective or outcome serving the vision
    directly that it measures, else among the other indicators (with what it
    measures: an action, say).
    """
    G = fw.graph
    placed: dict[str, str] = {}
    priorities = [_section(G, p.id, rows, placed) for p in fw.elements("priority")]
    direct: list[dict[str, Any]] = []
    for vision in fw.elements("vision"):
        for kind in ("objective", "outcome"):
            direct.extend(_section(G, n, rows, placed) for n in children(G, vision.id, kind))
    others: list[dict[str, Any]] = []
    for ind, row in rows.items():  # the indicators placed nowhere
        if ind in placed:
            continue
        measured = [ref(G, t) for t in G.successors(ind)]
        others.append({**row, "measures": measured})
    return {"priorities": priorities, "direct": direct, "others": others}
