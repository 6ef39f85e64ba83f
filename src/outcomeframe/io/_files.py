"""Framework files (YAML and JSON), their JSON Schema, and graph exports for other tools."""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import networkx as nx
import yaml

from outcomeframe._errors import ArgumentError, FileFormatError, ValidationError
from outcomeframe.framework._framework import Framework, Metadata
from outcomeframe.framework._validate import Problem, check
from outcomeframe.model._elements import ELEMENT_CLASSES, Area, Element, Kind, Target
from outcomeframe.model._relations import Relation

__all__ = [
    "FORMAT_VERSION",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "schema",
    "to_dict",
    "to_graphml",
    "to_node_link",
]

#: The version of the file format this library writes (the ``outcomeframe:`` key).
FORMAT_VERSION = 1

#: The key under ``elements:`` for each kind, in the order files list them.
SECTIONS: dict[Kind, str] = {
    Kind.VISION: "visions",
    Kind.PRIORITY: "priorities",
    Kind.OBJECTIVE: "objectives",
    Kind.OUTCOME: "outcomes",
    Kind.INDICATOR: "indicators",
    Kind.ACTION: "actions",
    Kind.ENABLER: "enablers",
    Kind.BODY: "bodies",
}
_KIND_OF_SECTION = {v: k for k, v in SECTIONS.items()}
_RELATION_KEYS = {r.value for r in Relation}


@cache
def _schema_text() -> str:
    return resources.files("outcomeframe.io").joinpath("framework.schema.json").read_text("utf-8")


def schema() -> dict[str, Any]:
    """Return the JSON Schema of the framework file format (a fresh dict each call).

    Editors can check a framework file against it as it is typed, and tools in
    other languages can build on the format.

    Examples
    --------
    >>> import outcomeframe as of
    >>> s = of.schema()
    >>> s["properties"]["outcomeframe"]["const"]
    1
    >>> sorted(s["properties"]["elements"]["properties"])[:3]
    ['actions', 'bodies', 'enablers']
    """
    result: dict[str, Any] = json.loads(_schema_text())
    return result


# --------------------------------------------------------------------------- writing
def _plain(value: Any) -> Any:
    if isinstance(value, Area | Target):
        return {
            k: _plain(v) for k, v in attrs.asdict(value, recurse=False).items() if v is not None
        }
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _element_dict(G: nx.DiGraph[str], element: Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in attrs.fields(type(element)):
        value = getattr(element, field.name)
        if value is None or value == ():
            continue
        out[field.name] = _plain(value)
    for _, target, rel in G.out_edges(element.id, data="relation"):
        out.setdefault(Relation(rel).value, []).append(target)
    return out


def to_dict(fw: Framework) -> dict[str, Any]:
    """Return the framework as plain data in the file format (what :func:`dump` writes).

    Examples
    --------
    >>> import outcomeframe as of
    >>> data = of.to_dict(of.examples.load("lancashire"))
    >>> data["outcomeframe"], data["elements"]["visions"][0]["id"]
    (1, 'vision')
    """
    out: dict[str, Any] = {"outcomeframe": FORMAT_VERSION}
    for field in attrs.fields(Metadata):
        value = getattr(fw.metadata, field.name)
        if value is not None and value != ():
            out[field.name] = _plain(value)
    elements: dict[str, list[dict[str, Any]]] = {}
    for kind, section in SECTIONS.items():
        items = [_element_dict(fw.graph, el) for el in fw.elements(kind)]
        if items:
            elements[section] = items
    out["elements"] = elements
    return out


def dumps(fw: Framework, *, format: str = "yaml") -> str:
    """Return the framework file as text, ``format`` ``"yaml"`` or ``"json"``.

    Examples
    --------
    >>> import outcomeframe as of
    >>> text = of.dumps(of.examples.load("trafford"))
    >>> text.startswith("outcomeframe: 1")
    True
    >>> of.loads(text) == of.examples.load("trafford")
    True
    """
    data = to_dict(fw)
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format == "yaml":
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    raise ArgumentError(f"format: {format!r} is not 'yaml' or 'json'")


def _format_for(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    if suffix == ".json":
        return "json"
    raise FileFormatError(
        f"unknown suffix {path.suffix!r}: framework files end in .yaml, .yml or .json", path=path
    )


def dump(fw: Framework, path: str | Path) -> None:
    """Write a framework file; YAML or JSON by the file's suffix.

    ``load(path) == fw`` afterwards, for every valid framework.

    Examples
    --------
    >>> import tempfile, pathlib, outcomeframe as of
    >>> fw = of.examples.load("lancashire")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "lancashire.json"
    >>> of.dump(fw, path)
    >>> of.load(path) == fw
    True
    """
    path = Path(path)
    path.write_text(dumps(fw, format=_format_for(path)), encoding="utf-8")


# --------------------------------------------------------------------------- reading
def _yaml_lines(text: str) -> dict[tuple[Any, ...], int]:
    """Map each path in a YAML document to the 1-based line it starts on."""
    lines: dict[tuple[Any, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                lines[(*path, key.value)] = key.start_mark.line + 1
                walk(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, ())
    return lines


def _parse(text: str, fmt: str, path: Any) -> tuple[Any, dict[tuple[Any, ...], int]]:
    if fmt == "json":
        try:
            return json.loads(text), {}
        except json.JSONDecodeError as err:
            raise FileFormatError(
                f"not valid JSON: {err.msg}", path=path, line=err.lineno
            ) from None
    try:
        data = yaml.safe_load(text)
        lines = _yaml_lines(text)
    except yaml.MarkedYAMLError as err:
        line = err.problem_mark.line + 1 if err.problem_mark is not None else None
        raise FileFormatError(f"not valid YAML: {err.problem}", path=path, line=line) from None
    except yaml.YAMLError as err:
        raise FileFormatError(f"not valid YAML: {err}", path=path) from None
    return data, lines


def _element_at(data: Any, where: tuple[Any, ...]) -> str | None:
    if len(where) >= 3 and where[0] == "elements":
        try:
            item = data["elements"][where[1]][where[2]]
        except (KeyError, IndexError, TypeError):
            return None
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            return str(item["id"])
    return None


def _schema_problems(data: Any, lines: Mapping[tuple[Any, ...], int]) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(schema())
    found = []
    for err in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.path]):
        where = tuple(err.path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            known = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
            extra = [k for k in err.instance if k not in known]
            where = (*where, extra[0]) if extra else where
        line = next(
            (lines[where[:i]] for i in range(len(where), -1, -1) if where[:i] in lines), None
        )
        place = "/".join(str(p) for p in where) or "(top level)"
        at = f"line {line}, " if line is not None else ""
        message = err.message
        if err.validator == "oneOf" and where and where[-1] == "target":
            message = "give exactly one of 'value' (with its unit) or 'benchmark' (an area code)"
        found.append(Problem(_element_at(data, where), "schema", f"{at}{place}: {message}"))
    return found


def from_dict(data: Mapping[str, Any], *, source: str | Path | None = None) -> Framework:
    """Build and validate a framework from data in the file format.

    Every problem is reported at once: schema errors first (unknown keys, missing
    fields, bad values); then duplicate ids, dangling references and every
    :meth:`Framework.validate` rule. Nothing half-built is returned.

    Parameters
    ----------
    data : mapping
        The parsed file.
    source : str or Path, optional
        The file it came from, named in errors.

    Raises
    ------
    ValidationError
        Listing every problem, each with the element id and the rule.

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.from_dict({
    ...     "outcomeframe": 1, "title": "Tiny",
    ...     "elements": {
    ...         "visions": [{"id": "v", "title": "A vision"}],
    ...         "priorities": [{"id": "p", "title": "A priority", "serves": ["v", "ghost"]}],
    ...     },
    ... })
    Traceback (most recent call last):
    ...
    outcomeframe.ValidationError: framework 'Tiny' has 1 problem(s):
      - p: serves 'ghost', which is not defined [dangling-reference]
    """
    return _build(data, source=source, lines={})


def _build(
    data: Any, *, source: str | Path | None, lines: Mapping[tuple[Any, ...], int]
) -> Framework:
    name = str(source) if source is not None else None
    problems = _schema_problems(data, lines)
    if problems:
        title = data.get("title") if isinstance(data, dict) else None
        what = name or (f"framework {title!r}" if title else "framework file")
        raise ValidationError(f"{what} does not match the file format:", problems)
    meta = {k: v for k, v in data.items() if k not in {"outcomeframe", "elements"}}
    fw = Framework(metadata=Metadata(**meta))
    problems = []
    edges: list[tuple[str, str, Relation, int | None]] = []
    seen: dict[str, str] = {}
    for section, items in data.get("elements", {}).items():
        cls = ELEMENT_CLASSES[_KIND_OF_SECTION[section]]
        for i, item in enumerate(items):
            line = lines.get(("elements", section, i))
            at = f"line {line}: " if line is not None else ""
            fields = {k: v for k, v in item.items() if k not in _RELATION_KEYS}
            if isinstance(fields.get("target"), dict):
                fields["target"] = Target(**fields["target"])
            element = cls(**fields)
            if element.id in seen:
                problems.append(
                    Problem(
                        element.id,
                        "duplicate-id",
                        f"{at}id also used by the {seen[element.id]} above",
                    )
                )
                continue
            seen[element.id] = f"{element.kind.value} {element.title!r}"
            fw.graph.add_node(
                element.id, kind=element.kind.value, title=element.title, element=element
            )
            edges.extend(
                (element.id, target, Relation(key), lines.get(("elements", section, i, key)))
                for key in _RELATION_KEYS & item.keys()
                for target in item[key]
            )
    for src, dst, rel, line in edges:
        if dst not in fw.graph:
            at = f"line {line}: " if line is not None else ""
            problems.append(
                Problem(src, "dangling-reference", f"{at}{rel.value} {dst!r}, which is not defined")
            )
        else:
            fw.graph.add_edge(src, dst, relation=rel)
    try:
        check(fw.graph, name=name or fw.title)
    except ValidationError as err:
        problems.extend(err.problems)
    if problems:
        what = name or f"framework {fw.title!r}"
        raise ValidationError(f"{what} has {len(problems)} problem(s):", problems)
    return fw


def loads(text: str, *, format: str = "yaml", source: str | Path | None = None) -> Framework:
    """Read a framework from text (``format`` ``"yaml"`` or ``"json"``), with safe loading only.

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.loads('''
    ... outcomeframe: 1
    ... title: Tiny plan
    ... elements:
    ...   visions: [{id: vision, title: Every child thrives}]
    ... ''')
    >>> fw["vision"].title
    'Every child thrives'
    """
    if format not in {"yaml", "json"}:
        raise ArgumentError(f"format: {format!r} is not 'yaml' or 'json'")
    data, lines = _parse(text, format, source)
    return _build(data, source=source, lines=lines)


def load(path: str | Path) -> Framework:
    """Read and validate a framework file (YAML or JSON by suffix).

    Raises
    ------
    FileFormatError
        The file is missing, unreadable or not valid YAML/JSON (with its line).
    ValidationError
        The file breaks the format or the framework rules; every problem is
        listed with its element id and, for YAML, its line.

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.load(of.examples.path("trafford"))
    >>> fw.title
    'Trafford 0-5 Year Olds Strategic Plan'
    """
    path = Path(path)
    fmt = _format_for(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileFormatError("no such file", path=path) from None
    except UnicodeDecodeError:
        raise FileFormatError("not a text file (it is not UTF-8)", path=path) from None
    except OSError as err:
        raise FileFormatError(f"cannot be read: {err.strerror}", path=path) from None
    return loads(text, format=fmt, source=path)


# --------------------------------------------------------------------------- exports
def _flat(element: Element) -> dict[str, Any]:
    """Scalar node attributes for formats that allow only scalars (GraphML)."""
    out: dict[str, Any] = {}
    for key, value in _plain_fields(element).items():
        out[key] = value if isinstance(value, str | int | float | bool) else json.dumps(value)
    return out


def _plain_fields(element: Element) -> dict[str, Any]:
    return {
        f.name: _plain(getattr(element, f.name))
        for f in attrs.fields(type(element))
        if getattr(element, f.name) not in (None, ())
    }


def to_graphml(fw: Framework, path: str | Path) -> None:
    """Write the graph as GraphML (for Gephi, yEd, Cytoscape ...).

    Nodes carry ``kind``, ``title`` and every element field (lists and targets as JSON
    text); edges carry ``relation``.

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx, outcomeframe as of
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "plan.graphml"
    >>> of.to_graphml(of.examples.load("lancashire"), path)
    >>> nx.read_graphml(path).nodes["vision"]["kind"]
    'vision'
    """
    G: nx.DiGraph[str] = nx.DiGraph()
    for node, element in fw.graph.nodes(data="element"):
        G.add_node(node, kind=element.kind.value, **_flat(element))
    for u, v, rel in fw.graph.edges(data="relation"):
        G.add_edge(u, v, relation=Relation(rel).value)
    nx.write_graphml(G, str(path))


def to_node_link(fw: Framework) -> dict[str, Any]:
    """Return the graph as node-link data (JSON-ready, e.g. for d3 or ``nx.node_link_graph``).

    Examples
    --------
    >>> import networkx as nx, outcomeframe as of
    >>> data = of.to_node_link(of.examples.load("lancashire"))
    >>> G = nx.node_link_graph(data, edges="edges")
    >>> G.nodes["vision"]["kind"]
    'vision'
    """
    G: nx.DiGraph[str] = nx.DiGraph(title=fw.title)
    for node, element in fw.graph.nodes(data="element"):
        G.add_node(node, kind=element.kind.value, **_plain_fields(element))
    for u, v, rel in fw.graph.edges(data="relation"):
        G.add_edge(u, v, relation=Relation(rel).value)
    data: dict[str, Any] = nx.node_link_data(G, edges="edges")
    return data
