"""Graph exports for other tools: GraphML and node-link JSON."""

from __future__ import annotations

import io
import json
import os
import re
import warnings
from pathlib import Path
from typing import Any

import attrs
import networkx as nx

from outcomeframe._errors import OutcomeFrameWarning, _user_level
from outcomeframe.framework._framework import Framework
from outcomeframe.io._write import as_path, check_writable, need_framework, plain, write_bytes
from outcomeframe.model._elements import Element
from outcomeframe.model._relations import Relation

__all__ = ["XML_REFUSED", "to_graphml", "to_node_link"]

#: The characters XML 1.0 cannot hold, even escaped: C0 controls but tab, line feed and
#: carriage return; the surrogates; U+FFFE and U+FFFF.
XML_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _plain_fields(element: Element) -> dict[str, Any]:
    return {
        f.name: plain(getattr(element, f.name))
        for f in attrs.fields(type(element))
        if getattr(element, f.name) not in (None, ())
    }


def _flat(element: Element, replaced: list[str]) -> dict[str, Any]:
    """Scalar node attributes for GraphML; characters XML cannot hold become U+FFFD."""
    out: dict[str, Any] = {}
    for key, field in _plain_fields(element).items():
        value = field if isinstance(field, str | int | float | bool) else json.dumps(field)
        if isinstance(value, str) and XML_REFUSED.search(value):
            codes = sorted({f"U+{ord(c):04X}" for c in XML_REFUSED.findall(value)})
            replaced.append(f"{element.id} {key} ({', '.join(codes)})")
            value = XML_REFUSED.sub("\ufffd", value)
        out[key] = value
    return out


def to_graphml(fw: Framework, path: str | Path) -> None:
    """Write the graph as GraphML (for Gephi, yEd, Cytoscape ...).

    Nodes carry ``kind``, ``title`` and every element field (lists and targets as JSON
    text); edges carry ``relation``. Text is written exactly, carriage returns included,
    except for the characters XML 1.0 cannot hold at all (:data:`XML_REFUSED`: control
    characters other than tab and line breaks, lone surrogates, U+FFFE and U+FFFF): each
    is written as U+FFFD (the replacement character), with an
    :class:`~outcomeframe.OutcomeFrameWarning` naming the element and field.

    Raises
    ------
    ArgumentError
        The file cannot be written (its folder does not exist, or no permission).

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx, outcomeframe as of
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(tmp.name) / "plan.graphml"
    >>> of.to_graphml(of.examples.load("lancashire"), path)
    >>> nx.read_graphml(path).nodes["vision"]["kind"]
    'vision'
    >>> tmp.cleanup()
    """
    fw, path = need_framework(fw), as_path(path)
    G: nx.DiGraph[str] = nx.DiGraph()
    replaced: list[str] = []
    for node, element in fw.graph.nodes(data="element"):
        G.add_node(node, kind=element.kind.value, **_flat(element, replaced))
    for u, v, rel in fw.graph.edges(data="relation"):
        G.add_edge(u, v, relation=Relation(rel).value)
    if replaced:
        more = f" and {len(replaced) - 5} more" if len(replaced) > 5 else ""
        warnings.warn(
            f"{path}: XML cannot hold some characters; written as U+FFFD in "
            f"{'; '.join(replaced[:5])}{more}",
            OutcomeFrameWarning,
            stacklevel=_user_level(),
        )
    writer = nx.readwrite.graphml.GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(G)
    buffer = io.BytesIO()
    writer.dump(buffer)
    # An XML reader turns a raw carriage return into a line feed; a reference keeps it.
    write_bytes(path, buffer.getvalue().replace(b"\r", b"&#13;"))


def to_node_link(fw: Framework, path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Return the graph as node-link data (JSON-ready, e.g. for d3 or ``nx.node_link_graph``).

    Parameters
    ----------
    fw : Framework
        The framework.
    path : str or path, optional
        Also write the data to this file as UTF-8 JSON (indented by two spaces).

    Returns
    -------
    dict
        The node-link data: ``nodes`` (each with ``id``, ``kind`` and the element's
        fields) and ``edges`` (each with ``source``, ``target`` and ``relation``).

    Raises
    ------
    ArgumentError
        With ``path``: a field JSON cannot hold (NaN, a lone surrogate), or a file
        that cannot be written.

    Examples
    --------
    >>> import networkx as nx, outcomeframe as of
    >>> data = of.to_node_link(of.examples.load("lancashire"))
    >>> G = nx.node_link_graph(data, edges="edges")
    >>> G.nodes["vision"]["kind"]
    'vision'

    Written to a file:

    >>> import json, pathlib, tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> out = pathlib.Path(tmp.name) / "plan.json"
    >>> _ = of.to_node_link(of.examples.load("lancashire"), out)
    >>> json.loads(out.read_text("utf-8"))["directed"]
    True
    >>> tmp.cleanup()
    """
    fw = need_framework(fw)
    G: nx.DiGraph[str] = nx.DiGraph(title=fw.title)
    for node, element in fw.graph.nodes(data="element"):
        G.add_node(node, kind=element.kind.value, **_plain_fields(element))
    for u, v, rel in fw.graph.edges(data="relation"):
        G.add_edge(u, v, relation=Relation(rel).value)
    data: dict[str, Any] = nx.node_link_data(G, edges="edges")
    if path is not None:
        target = as_path(path)
        check_writable(data)  # a lone surrogate, NaN: named, not a raw error
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        write_bytes(target, text.encode("utf-8"))
    return data
