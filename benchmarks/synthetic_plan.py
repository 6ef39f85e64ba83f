"""SYNTHETIC layered plans of any size for the framework benchmarks: invented, not real.

A vision, 50 priorities, 1,000 outcomes and the rest indicators, each indicator
measuring one outcome (a percentage with a target), each outcome serving one priority.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

PRIORITIES, OUTCOMES = 50, 1_000


def layered_plan(n_elements: int) -> dict[str, Any]:
    """SYNTHETIC: a framework file's data with ``n_elements`` elements."""
    n_indicators = n_elements - 1 - PRIORITIES - OUTCOMES
    return {
        "outcomeframe": 1,
        "title": "SYNTHETIC layered plan (not a real plan)",
        "elements": {
            "visions": [{"id": "vision", "title": "SYNTHETIC vision"}],
            "priorities": [
                {"id": f"p{i}", "title": f"SYNTHETIC priority {i}", "serves": ["vision"]}
                for i in range(PRIORITIES)
            ],
            "outcomes": [
                {"id": f"o{i}", "title": f"SYNTHETIC outcome {i}", "serves": [f"p{i % PRIORITIES}"]}
                for i in range(OUTCOMES)
            ],
            "indicators": [
                {
                    "id": f"i{i}",
                    "title": f"SYNTHETIC indicator {i}",
                    "measure": "proportion",
                    "unit": "percent",
                    "polarity": "higher_is_better",
                    "measures": [f"o{i % OUTCOMES}"],
                    "target": {"value": 50, "unit": "percent", "by": "2030"},
                }
                for i in range(n_indicators)
            ],
        },
    }


def layered_graph(n_elements: int) -> nx.DiGraph[str]:
    """SYNTHETIC: the same shape as a bare graph with ``kind`` node attributes."""
    G: nx.DiGraph[str] = nx.DiGraph()
    G.add_node("vision", kind="vision")
    for p in range(PRIORITIES):
        G.add_node(f"p{p}", kind="priority")
        G.add_edge(f"p{p}", "vision")
    for o in range(OUTCOMES):
        G.add_node(f"o{o}", kind="outcome")
        G.add_edge(f"o{o}", f"p{o % PRIORITIES}")
    for i in range(n_elements - 1 - PRIORITIES - OUTCOMES):
        G.add_node(f"i{i}", kind="indicator")
        G.add_edge(f"i{i}", f"o{i % OUTCOMES}")
    return G
