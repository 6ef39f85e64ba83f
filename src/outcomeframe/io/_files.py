"""Framework files (YAML and JSON) and their JSON Schema; graph exports for other tools.

Reading is in :mod:`outcomeframe.io._yaml` and :mod:`outcomeframe.io._json` (one pass,
line numbers, hostile input refused with a typed error), building and validating in
:mod:`outcomeframe.io._build`, the graph exports in :mod:`outcomeframe.io._graph`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import networkx as nx

from outcomeframe._errors import ArgumentError, FileFormatError
from outcomeframe._text import regular_file, wide_text
from outcomeframe.framework._framework import Framework, Metadata
from outcomeframe.io._build import MAX_TEXT, MAX_TITLE, SECTIONS, build, schema_text
from outcomeframe.io._graph import to_graphml, to_node_link
from outcomeframe.io._json import read_json, write_json
from outcomeframe.io._write import as_path, check_writable, need_framework, plain, write_bytes
from outcomeframe.io._yaml import MAX_DEPTH, read_yaml, write_yaml
from outcomeframe.model._elements import Element
from outcomeframe.model._relations import Relation

__all__ = [
    "FORMAT_VERSION",
    "MAX_DEPTH",
    "MAX_TEXT",
    "MAX_TITLE",
    "SECTIONS",
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
    result: dict[str, Any] = json.loads(schema_text())
    return result


# --------------------------------------------------------------------------- writing
def _element_dict(G: nx.DiGraph[str], element: Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in attrs.fields(type(element)):
        value = getattr(element, field.name)
        if value is None or value == ():
            continue
        out[field.name] = plain(value)
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
    fw = need_framework(fw)
    out: dict[str, Any] = {"outcomeframe": FORMAT_VERSION}
    for field in attrs.fields(Metadata):
        value = getattr(fw.metadata, field.name)
        if value is not None and value != ():
            out[field.name] = plain(value)
    elements: dict[str, list[dict[str, Any]]] = {}
    for kind, section in SECTIONS.items():
        items = [_element_dict(fw.graph, el) for el in fw.elements(kind)]
        if items:
            elements[section] = items
    out["elements"] = elements
    return out


def _one_of(value: object, words: tuple[str, ...]) -> bool:
    return isinstance(value, str) and value in words


def dumps(fw: Framework, *, format: str = "yaml") -> str:
    """Return the framework file as text, ``format`` ``"yaml"`` or ``"json"``.

    Every text reads back exactly, whatever its characters (YAML escapes what it cannot
    write plainly).

    Raises
    ------
    ArgumentError
        ``format`` is neither; or a number is NaN or infinite, or a text holds a lone
        surrogate (no file may hold either); the message names the element and field.

    Examples
    --------
    >>> import outcomeframe as of
    >>> text = of.dumps(of.examples.load("trafford"))
    >>> text.startswith("outcomeframe: 1")
    True
    >>> of.loads(text) == of.examples.load("trafford")
    True
    """
    if not _one_of(format, ("yaml", "json")):
        raise ArgumentError(f"format: {format!r} is not 'yaml' or 'json'")
    data = to_dict(fw)
    check_writable(data)
    return write_json(data) if format == "json" else write_yaml(data)


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

    Raises
    ------
    ArgumentError
        The folder does not exist or the file cannot be written; or see :func:`dumps`.
    FileFormatError
        The suffix is not ``.yaml``, ``.yml`` or ``.json``.

    Examples
    --------
    >>> import tempfile, pathlib, outcomeframe as of
    >>> fw = of.examples.load("lancashire")
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(tmp.name) / "lancashire.json"
    >>> of.dump(fw, path)
    >>> of.load(path) == fw
    True
    >>> tmp.cleanup()
    """
    path = as_path(path)
    write_bytes(path, dumps(fw, format=_format_for(path)).encode("utf-8"))


# --------------------------------------------------------------------------- reading
def from_dict(data: Mapping[str, Any], *, source: str | Path | None = None) -> Framework:
    """Build and validate a framework from data in the file format.

    Every problem is reported at once: the schema's (unknown keys, missing fields, bad
    values), values an element refuses, duplicate ids, dangling references and every
    :meth:`Framework.validate` rule, in the order of their lines. Nothing half-built is
    returned. Text longer than :data:`MAX_TITLE` characters (titles) or :data:`MAX_TEXT`
    (other text) is cut to that length, with an :class:`~outcomeframe.OutcomeFrameWarning`.

    Parameters
    ----------
    data : mapping
        The parsed file.
    source : str or Path, optional
        The file it came from, named in errors.

    Raises
    ------
    ArgumentError
        ``data`` is not a mapping, or nests deeper than :data:`MAX_DEPTH`.
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
    if not isinstance(data, Mapping):
        raise ArgumentError(
            f"data: expected a mapping (the parsed file), got {type(data).__name__}"
        )
    return build(dict(data), source=source)


def loads(
    text: str | bytes, *, format: str = "yaml", source: str | Path | None = None
) -> Framework:
    """Read a framework from text (``format`` ``"yaml"`` or ``"json"``), with safe loading only.

    The text is read once, in time linear in its size. YAML anchors and aliases, a key
    given twice in one mapping, nesting deeper than :data:`MAX_DEPTH` and tags beyond
    plain data are refused. Bytes are read as UTF-8.

    Raises
    ------
    ArgumentError
        ``text`` is not text, or ``format`` is neither.
    FileFormatError
        The text is not valid YAML/JSON, or uses what framework files refuse; with the line.
    ValidationError
        Every problem with the format or the framework rules (see :func:`from_dict`).

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
    >>> of.loads(None)
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: text: expected the file's text (str), got NoneType
    """
    if not _one_of(format, ("yaml", "json")):
        raise ArgumentError(f"format: {format!r} is not 'yaml' or 'json'")
    given: object = text  # checked as it comes, whatever its type
    if isinstance(given, bytes | bytearray):
        try:
            given = bytes(given).decode("utf-8")
        except UnicodeDecodeError as err:
            raise FileFormatError(
                f"not a text file (it is not UTF-8 at byte {err.start})", path=source
            ) from None
    if not isinstance(given, str):
        hint = "; read a file with load(path)" if isinstance(given, Path) else ""
        raise ArgumentError(
            f"text: expected the file's text (str), got {type(given).__name__}{hint}"
        )
    text = given
    empty = FileFormatError(
        "the file is empty: a framework file holds 'outcomeframe: 1', a title and its elements",
        path=source,
    )
    if not text.strip(" \t\r\n\ufeff"):
        raise empty
    read = read_json if format == "json" else read_yaml
    data, lines = read(text, source)
    if data is None:  # YAML's comments only, "---", "~"; "null" in either: nothing
        raise empty
    return build(data, source=source, lines=lines)


def load(path: str | Path) -> Framework:
    """Read and validate a framework file (YAML or JSON by suffix).

    Raises
    ------
    ArgumentError
        ``path`` is not a file name.
    FileFormatError
        The file is missing, unreadable or not valid YAML/JSON (with its line).
    ValidationError
        The file breaks the format or the framework rules; every problem is
        listed with its element id and its line.

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.load(of.examples.path("trafford"))
    >>> fw.title
    'Trafford 0-5 Year Olds Strategic Plan'
    """
    path = as_path(path)
    fmt = _format_for(path)
    regular_file(path)  # not a named pipe or /dev/zero: they would never end
    try:
        raw = path.read_bytes()
        wide = wide_text(raw, path)  # UTF-16 or UTF-32 with its byte order mark
        text = raw.decode("utf-8-sig") if wide is None else wide  # a mark is no text
    except FileNotFoundError:
        raise FileFormatError("no such file", path=path) from None
    except UnicodeDecodeError as err:
        raise FileFormatError(
            f"not a text file (it is not UTF-8 at byte {err.start})", path=path
        ) from None
    except OSError as err:
        raise FileFormatError(f"cannot be read: {err.strerror or err}", path=path) from None
    return loads(text, format=fmt, source=path)
