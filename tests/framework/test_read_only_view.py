"""Framework.graph is read-only all the way down: methods, nodes, edges and attributes."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import networkx as nx
import pytest

import outcomeframe as of

NODE, EDGE = "school-readiness", ("school-readiness", "vision")


@pytest.fixture
def fw() -> of.Framework:
    return of.examples.load("lancashire")


def _set(mapping: object, key: str, value: object) -> None:
    mapping[key] = value  # type: ignore[index]


def _delete(mapping: object, key: str) -> None:
    del mapping[key]  # type: ignore[attr-defined]


#: Every way found to change the framework through its graph's data, by name.
CHANGES: dict[str, Callable[[nx.DiGraph[str]], object]] = {
    "nodes[u][k] = x": lambda G: _set(G.nodes[NODE], "element", None),
    "nodes[u].clear()": lambda G: G.nodes[NODE].clear(),
    "nodes[u].update()": lambda G: G.nodes[NODE].update(title="x"),
    "nodes[u].pop(k)": lambda G: G.nodes[NODE].pop("title"),
    "nodes[u].setdefault()": lambda G: G.nodes[NODE].setdefault("new", 1),
    "nodes[u].popitem()": lambda G: G.nodes[NODE].popitem(),
    "del nodes[u][k]": lambda G: _delete(G.nodes[NODE], "kind"),
    "nodes(data=True) dict": lambda G: dict(G.nodes(data=True))[NODE].clear(),
    "edges[u, v][k] = x": lambda G: _set(G.edges[EDGE], "relation", "zzz"),
    "edges(data=True) dict": lambda G: next(iter(G.edges(data=True)))[2].clear(),
    "G[u][v][k] = x": lambda G: _set(G[NODE]["vision"], "relation", "zzz"),
    "adj[u][v].clear()": lambda G: G.adj[NODE]["vision"].clear(),
    "succ[u][v].pop(k)": lambda G: G.succ[NODE]["vision"].pop("relation"),
    "pred[v][u].update()": lambda G: G.pred["vision"][NODE].update(relation="z"),
    "_node[u] = {}": lambda G: _set(G._node, "new", {}),
    "_succ[u].clear()": lambda G: G._succ[NODE].clear(),
    "graph[k] = x": lambda G: _set(G.graph, "name", "x"),
    "reverse view edge data": lambda G: G.reverse(copy=False).edges["vision", NODE].clear(),
    "subgraph node data": lambda G: G.subgraph([NODE]).nodes[NODE].clear(),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_every_change_to_the_graphs_data_is_refused_with_the_way_to_change_it(fw, change):
    before = fw.copy()
    with pytest.raises(TypeError, match=r"read-only.*fw\.add.*fw\.replace.*fw\.graph\.copy\(\)"):
        change(fw.graph)
    assert fw == before
    assert fw.graph.nodes[NODE]["element"] is fw[NODE]
    assert fw.graph.edges[EDGE]["relation"] == "serves"


METHODS = {
    "remove_node": lambda G: G.remove_node(NODE),
    "add_edge": lambda G: G.add_edge("a", "b"),
    "clear": lambda G: G.clear(),
    "relabel in place": lambda G: nx.relabel_nodes(G, {NODE: "x"}, copy=False),
}


@pytest.mark.parametrize("change", METHODS.values(), ids=METHODS.keys())
def test_the_graphs_methods_refuse_changes(fw, change):
    before = fw.copy()
    with pytest.raises(nx.NetworkXError, match=r"read-only.*fw\.remove.*fw\.graph\.copy\(\)"):
        change(fw.graph)
    assert fw == before
    assert nx.is_frozen(fw.graph)


def test_the_view_follows_the_framework_and_costs_no_copy(fw):
    G = fw.graph
    assert fw.graph is G  # built once, not per access
    fw.remove("asq3-communication-2-2-5-years")
    assert "asq3-communication-2-2-5-years" not in G
    assert G.number_of_nodes() == len(fw._graph)
    # the attributes read are the framework's own objects, not copies
    assert G.nodes[NODE]["element"] is fw._graph.nodes[NODE]["element"]


def test_networkx_reads_it_as_it_reads_the_graph_itself(fw):
    G, raw = fw.graph, fw._graph
    assert nx.descendants(G, NODE) == nx.descendants(raw, NODE) == {"vision"}
    assert nx.ancestors(G, "vision") == nx.ancestors(raw, "vision")
    assert list(nx.topological_sort(G)) == list(nx.topological_sort(raw))
    assert nx.is_directed_acyclic_graph(G)
    assert nx.node_link_data(G, edges="edges") == nx.node_link_data(raw, edges="edges")
    assert nx.to_dict_of_dicts(G) == nx.to_dict_of_dicts(raw)
    assert dict(G.nodes(data="kind")) == dict(raw.nodes(data="kind"))
    assert G.nodes[NODE] == raw.nodes[NODE]
    assert dict(G.nodes[NODE]) == raw.nodes[NODE]
    # GraphML cannot hold the element objects; the view fails as the graph does, not on
    # the writer's own pop of the "id" attribute
    for graph in (G, raw):
        with pytest.raises(nx.NetworkXError, match="GraphML writer does not support"):
            nx.write_graphml(graph, io.BytesIO())
    kinds = nx.DiGraph(G.edges)
    nx.set_node_attributes(kinds, dict(G.nodes(data="kind")), "kind")
    out = io.BytesIO()
    nx.write_graphml(kinds, out)
    assert b"school-readiness" in out.getvalue()
    assert json.loads(json.dumps(of.to_node_link(fw)))["nodes"]


def test_a_copy_is_an_ordinary_graph_you_may_change(fw):
    H = fw.graph.copy()
    assert type(H) is nx.DiGraph
    assert not nx.is_frozen(H)
    H.nodes[NODE]["layer"] = 1
    H.edges[EDGE]["relation"] = "zzz"
    H.remove_node("vision")
    assert "layer" not in fw.graph.nodes[NODE]
    assert fw.graph.edges[EDGE]["relation"] == "serves"
    assert "vision" in fw
