"""From parsed file data to a Framework, every problem collected, each with its line.

One pass reports everything together: the JSON Schema (unknown keys, missing fields,
bad values), values the elements refuse, duplicate ids, dangling references, and every
:func:`~outcomeframe.framework._validate.check` rule on the elements that could be
built. Text longer than :data:`MAX_TITLE` (titles) or :data:`MAX_TEXT` (any other text)
is cut to that length, with an :class:`~outcomeframe.OutcomeFrameWarning`.
"""

from __future__ import annotations

import copy
import math
import warnings
from typing import Any, NoReturn

import attrs

from outcomeframe._errors import (
    ArgumentError,
    OutcomeFrameError,
    OutcomeFrameWarning,
    ValidationError,
    _user_level,
)
from outcomeframe.framework._framework import Framework, Metadata, add_unchecked_edge
from outcomeframe.framework._validate import Problem
from outcomeframe.framework._validate import problems as graph_problems
from outcomeframe.io._schema_problems import (
    Lines,
    at,
    element_at,
    line_of,
    schema_problems,
    schema_text,
    short,
)
from outcomeframe.io._summary import SECTION_NAMES
from outcomeframe.io._write import SURROGATE
from outcomeframe.io._yaml import MAX_DEPTH
from outcomeframe.model._elements import (
    ELEMENT_CLASSES,
    Element,
    Kind,
)
from outcomeframe.model._relations import Relation

__all__ = ["MAX_TEXT", "MAX_TITLE", "SECTIONS", "build", "schema_text"]

#: The longest title kept on load, in characters; a longer one is cut, with a warning.
MAX_TITLE = 1_000
#: The longest other text kept on load (descriptions, names, leads ...), in characters.
MAX_TEXT = 10_000
#: The most lists and mappings data may hold, a shared one counted each time it appears.
_MAX_CONTAINERS = 1_000_000

#: The key under ``elements:`` for each kind, in the order files list them.
SECTIONS: dict[Kind, str] = {Kind(kind): key for kind, key in SECTION_NAMES.items()}
_KIND_OF_SECTION = {v: k for k, v in SECTIONS.items()}
_RELATION_KEYS = {r.value for r in Relation}
_META_FIELDS = {f.name for f in attrs.fields(Metadata)}


def _scan_values(
    data: Any, lines: Lines
) -> tuple[list[tuple[Any, ...]], list[Problem], list[tuple[Any, ...]]]:
    """Paths of overlong text; a problem, and its path, for each number that is not finite."""
    long: list[tuple[Any, ...]] = []
    found: list[Problem] = []
    bad: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            if (surrogate := SURROGATE.search(value)) is not None:
                code = f"U+{ord(surrogate.group()):04X}"
                found.append(_value_problem(data, where, lines, f"holds a lone surrogate ({code})"))
                bad.append(where)
            key = where[-1] if where else None
            if key == "id" or (len(where) >= 2 and where[-2] in _RELATION_KEYS):
                continue
            if len(value) > (MAX_TITLE if key == "title" else MAX_TEXT):
                long.append(where)
        elif isinstance(value, float) and not math.isfinite(value):
            found.append(_value_problem(data, where, lines, f"{value} is not a finite number"))
            bad.append(where)
        elif isinstance(value, dict):
            stack.extend((v, (*where, k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*where, i)) for i, v in enumerate(value))
    return long, found, bad


def _value_problem(data: Any, where: tuple[Any, ...], lines: Lines, what: str) -> Problem:
    line = line_of(lines, where)
    place = short("/".join(str(p) for p in where), 120)
    return Problem(element_at(data, where), "schema", f"{at(line)}{place}: {what}", line=line)


def _cut(data: Any, long: list[tuple[Any, ...]], lines: Lines, name: str | None) -> Any:
    data = copy.deepcopy(data)  # the caller's data stay as they were
    notes = []
    for where in sorted(long, key=lambda w: line_of(lines, w) or 0):
        parent = data
        for step in where[:-1]:
            parent = parent[step]
        text = parent[where[-1]]
        limit = MAX_TITLE if where[-1] == "title" else MAX_TEXT
        parent[where[-1]] = text[: limit - 1] + "\u2026"
        place = "/".join(str(p) for p in where)
        notes.append(f"{at(line_of(lines, where))}{place} ({len(text):,} characters)")
    more = f" and {len(notes) - 5} more" if len(notes) > 5 else ""
    warnings.warn(
        f"{name or 'framework'}: text cut to {MAX_TITLE:,} characters (titles) or "
        f"{MAX_TEXT:,} (other text): {'; '.join(notes[:5])}{more}",
        OutcomeFrameWarning,
        stacklevel=_user_level(),
    )
    return data


def _fields(item: dict[str, Any]) -> dict[str, Any]:
    # A target given as a mapping is built by Indicator, as in Python.
    return {k: v for k, v in item.items() if k not in _RELATION_KEYS}


def _metadata(data: dict[str, Any], bad: bool, problems: list[Problem], lines: Lines) -> Metadata:
    meta = {k: v for k, v in data.items() if k in _META_FIELDS}
    if not bad:
        try:
            return Metadata(**meta)
        except (OutcomeFrameError, TypeError, ValueError) as err:
            problems.append(Problem(None, "schema", f"{at(lines.get(()))}{err}"))
    title = meta.get("title")
    return Metadata(title=title) if isinstance(title, str) and title.strip() else Metadata()


def _containers(value: Any) -> list[Any]:
    """The lists and mappings directly inside ``value``."""
    items = value.values() if isinstance(value, dict) else value
    return [v for v in items if isinstance(v, dict | list | tuple)]


def _check_shape(data: Any) -> None:
    """Refuse data nested too deep, or too big once shared lists and mappings are expanded.

    Parsed files are trees; data built in Python may share a list between places, or hold
    itself, and every later step would walk each copy. Each distinct list or mapping is
    visited once, and its size once expanded is remembered by identity, so measuring
    sharing costs nothing (a list shared 2**40 times is refused without counting them).
    """
    if not isinstance(data, dict | list | tuple):
        return
    expanded: dict[int, int] = {}  # id -> lists and mappings in it once expanded, itself too
    levels: dict[int, int] = {}  # id -> levels of nesting in it, itself too
    path: set[int] = set()  # the ids entered and not yet left: the chain down to here
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        value, leaving = stack.pop()
        key = id(value)
        if leaving:
            path.discard(key)
            inside = _containers(value)
            expanded[key] = 1 + sum(expanded[id(v)] for v in inside)
            levels[key] = 1 + max((levels[id(v)] for v in inside), default=0)
            if expanded[key] > _MAX_CONTAINERS:
                raise ArgumentError(
                    f"data: more than {_MAX_CONTAINERS:,} lists and mappings, counting a shared "
                    "one each time it appears (does it hold itself?)"
                )
            continue
        # ``path`` holds this value's parents: a value seen before is as deep again here
        deepest = len(path) + levels.get(key, 1)
        if key in path or deepest > MAX_DEPTH:  # one that holds itself nests without end
            raise ArgumentError(f"data: nested more than {MAX_DEPTH} levels deep")
        if key in expanded:
            continue
        path.add(key)
        stack.append((value, True))
        stack.extend((v, False) for v in _containers(value))


def build(data: Any, *, source: Any = None, lines: Lines | None = None) -> Framework:
    """Build and validate a framework from file data; raise listing every problem.

    Raises
    ------
    ArgumentError
        ``data`` nests deeper than a framework file may.
    ValidationError
        Listing every problem: each with the element id, the rule and (from a file) its line.
    """
    lines = lines if lines is not None else {}
    name = str(source) if source is not None else None
    _check_shape(data)
    long, problems, bad = _scan_values(data, lines)
    if long:
        data = _cut(data, long, lines, name)
    problems = schema_problems(data, lines, bad) + problems
    if not isinstance(data, dict):
        _raise(problems, name, None)
    bad_items = {where[1:3] for where in bad if len(where) >= 3 and where[0] == "elements"}
    top_bad = any(where and where[0] in _META_FIELDS for where in bad)
    fw = Framework(metadata=_metadata(data, top_bad, problems, lines))
    _elements(fw, data.get("elements"), bad_items, problems, lines)
    _rules(fw, data, problems, lines)
    if problems:
        _raise(problems, name, fw.title)
    return fw


def _elements(
    fw: Framework, elements: Any, bad_items: set[Any], problems: list[Problem], lines: Lines
) -> None:
    if not isinstance(elements, dict):
        return
    seen: dict[str, str] = {}
    edges: list[tuple[str, str, Relation, int | None]] = []
    for section, items in elements.items():
        if section not in _KIND_OF_SECTION or not isinstance(items, list):
            continue
        cls = ELEMENT_CLASSES[_KIND_OF_SECTION[section]]
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            eid = item["id"]
            line = lines.get(("elements", section, i))
            if eid in seen:
                problems.append(
                    Problem(
                        eid,
                        "duplicate-id",
                        f"{at(line)}id also used by the {seen[eid]} above",
                        line=line,
                    )
                )
                continue
            title = item.get("title")
            seen[eid] = f"{cls.kind.value} {short(str(title), 60)!r}"
            edges.extend(
                (eid, target, Relation(key), lines.get(("elements", section, i, key)))
                for key in item  # in the file's order (a set's order would vary by run)
                if key in _RELATION_KEYS and isinstance(item[key], list)
                for target in item[key]
                if isinstance(target, str)
            )
            if (section, i) in bad_items:
                continue
            try:
                element: Element = cls(**_fields(item))
            except (OutcomeFrameError, TypeError, ValueError) as err:
                problems.append(
                    Problem(eid, "schema", f"{at(line)}{section}/{i}: {short(str(err))}", line=line)
                )
                continue
            fw.add(element)
    for src, dst, rel, line in edges:
        if dst not in seen:
            problems.append(
                Problem(
                    src,
                    "dangling-reference",
                    f"{at(line)}{rel.value} {short(dst, 80)!r}, which is not defined",
                    line=line,
                )
            )
        elif src in fw.graph and dst in fw.graph:
            add_unchecked_edge(fw, src, dst, rel)


def _rules(fw: Framework, data: dict[str, Any], problems: list[Problem], lines: Lines) -> None:
    where: dict[str, tuple[Any, ...]] = {}
    elements = data.get("elements")
    if isinstance(elements, dict):
        for section, items in elements.items():
            if isinstance(items, list):
                for i, item in enumerate(items):
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        where.setdefault(item["id"], ("elements", section, i))
    for p in graph_problems(fw.graph):
        if p.severity != "error":
            continue
        line = lines.get(where[p.element]) if p.element in where else None
        problems.append(attrs.evolve(p, message=f"{at(line)}{p.message}", line=line))


def _raise(problems: list[Problem], name: str | None, title: str | None) -> NoReturn:
    what = name or (f"framework {title!r}" if title else "framework file")
    fmt = (
        ", and does not match the file format" if any(p.rule == "schema" for p in problems) else ""
    )
    problems.sort(key=lambda p: (p.line is None, p.line or 0))
    raise ValidationError(f"{what} has {len(problems)} problem(s){fmt}:", problems)
