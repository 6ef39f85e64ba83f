"""From parsed file data to a Framework, every problem collected, each with its line.

One pass reports everything together: the JSON Schema (unknown keys, missing fields,
bad values), values the elements refuse, duplicate ids, dangling references, and every
:func:`~outcomeframe.framework._validate.check` rule on the elements that could be
built. Text longer than :data:`MAX_TITLE` (titles) or :data:`MAX_TEXT` (any other text)
is cut to that length, with an :class:`~outcomeframe.OutcomeFrameWarning`.
"""

from __future__ import annotations

import copy
import json
import math
import warnings
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any, NoReturn

import attrs
import jsonschema

from outcomeframe._errors import (
    ArgumentError,
    OutcomeFrameError,
    OutcomeFrameWarning,
    ValidationError,
)
from outcomeframe._vocabulary import PeriodType, Polarity
from outcomeframe.framework._framework import Framework, Metadata, add_unchecked_edge
from outcomeframe.framework._validate import Problem
from outcomeframe.framework._validate import problems as graph_problems
from outcomeframe.io._write import SURROGATE
from outcomeframe.io._yaml import MAX_DEPTH
from outcomeframe.model._elements import (
    ELEMENT_CLASSES,
    ComparisonMethod,
    Element,
    Kind,
    MeasureType,
)
from outcomeframe.model._relations import Relation

__all__ = ["MAX_TEXT", "MAX_TITLE", "SECTIONS", "build", "schema_text"]

#: The longest title kept on load, in characters; a longer one is cut, with a warning.
MAX_TITLE = 1_000
#: The longest other text kept on load (descriptions, names, leads ...), in characters.
MAX_TEXT = 10_000
_MAX_MESSAGE = 300
#: The most lists and mappings data may hold, a shared one counted each time it appears.
_MAX_CONTAINERS = 1_000_000

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
_META_FIELDS = {f.name for f in attrs.fields(Metadata)}

Lines = Mapping[tuple[Any, ...], int]

#: How an element field holding a word is read, for the message about an unknown word.
_WORD_PARSERS: dict[str, Callable[[str], object]] = {
    "polarity": Polarity.parse,
    "measure": MeasureType.parse,
    "comparison": ComparisonMethod.parse,
    "period_type": PeriodType.parse,
}
#: The longest word whose own message replaces the schema's.
_MAX_WORD = 100


@cache
def schema_text() -> str:
    """The JSON Schema of the file format, as shipped."""
    return resources.files("outcomeframe.io").joinpath("framework.schema.json").read_text("utf-8")


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every ``$ref`` replaced by its definition (5x faster to check)."""
    if isinstance(node, dict):
        if "$ref" in node:
            out = dict(_inline(defs[node["$ref"].rsplit("/", 1)[1]], defs))
            out.update({k: _inline(v, defs) for k, v in node.items() if k != "$ref"})
            return out
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


@cache
def _validator() -> jsonschema.Draft202012Validator:
    full = json.loads(schema_text())
    return jsonschema.Draft202012Validator(_inline(full, full["$defs"]))


def _short(text: str, limit: int = _MAX_MESSAGE) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _line_of(lines: Lines, where: tuple[Any, ...]) -> int | None:
    for i in range(len(where), -1, -1):
        line = lines.get(where[:i])
        if line is not None:
            return line
    return None


def _at(line: int | None) -> str:
    return f"line {line}: " if line is not None else ""


def _element_at(data: Any, where: tuple[Any, ...]) -> str | None:
    if len(where) >= 3 and where[0] == "elements":
        try:
            item = data["elements"][where[1]][where[2]]
        except (KeyError, IndexError, TypeError):
            return None
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            return _short(item["id"], 80)
    return None


def _schema_problems(data: Any, lines: Lines, bad: list[tuple[Any, ...]]) -> list[Problem]:
    """The schema's problems; the path of each goes on ``bad``."""
    found = []
    errors = _validator().iter_errors(data)
    for err in sorted(errors, key=lambda e: [str(p) for p in e.path]):
        where = tuple(err.path)
        bad.append(where)
        extra: list[str] = []
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            known = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
            extra = [k for k in err.instance if k not in known]
            where = (*where, extra[0]) if extra else where
        line = _line_of(lines, where)
        place = _short("/".join(str(p) for p in where), 120) or "(top level)"
        message = _short(err.message)
        if err.validator == "oneOf" and where and where[-1] == "target":
            message = "give exactly one of 'value' (in unit) or 'benchmark' (an area code)"
        elif "records" in where[-3:]:
            message = _records_message(err, where, extra) or message
        elif where and isinstance(err.instance, str):
            message = _word_message(where[-1], err.instance) or message
        found.append(
            Problem(_element_at(data, where), "schema", f"{_at(line)}{place}: {message}", line=line)
        )
    return found


_RECORDS_FIELDS = (
    "numerator", "denominator", "area", "period", "sex", "age", "breakdowns", "age_band",
    "standard",
)  # fmt: skip


def _records_message(err: Any, where: tuple[Any, ...], extra: list[str]) -> str | None:
    """The library's words for a refused ``records:`` block (None: the schema's)."""
    from outcomeframe._suggest import did_you_mean  # noqa: PLC0415

    field = where[-1] if where else None
    got = _short(repr(err.instance), 60)
    if err.validator == "required":
        return "records needs 'numerator': the filter selecting the records counted"
    if err.validator == "additionalProperties" and where[-2:-1] == ("records",) and extra:
        hint = did_you_mean(str(extra[0]), list(_RECORDS_FIELDS))
        return f"{extra[0]!r} is not a records field{hint} (fields: {', '.join(_RECORDS_FIELDS)})"
    if err.validator == "type" and field == "records":
        return f"records is a mapping (numerator: a filter, ...), not {got}"
    if err.validator == "type" and field == "breakdowns":
        return f"breakdowns maps each breakdown type to its column, not {got}"
    if err.validator == "type" and where[-2:-1] == ("breakdowns",):
        return f"breakdown {field!r} is a column name (text), not {got}"
    if err.validator == "type" and field in _RECORDS_FIELDS:
        what = "a filter" if field in ("numerator", "denominator") else "a column name"
        return f"{field} is {what} (text), not {got}"
    if err.validator in ("not", "pattern") and field == "breakdowns":
        if err.validator == "not":
            return "'Total' is not a breakdown type: every indicator has its Total row"
        return "a breakdown type needs a name, not only spaces"
    if err.validator == "enum" and field == "standard":
        return f"{got} is not a standard population the library has (ESP2013)"
    return None


def _word_message(field: Any, text: str) -> str | None:
    """The reader's own message for an unknown word, with its "did you mean ...?".

    The message lists every accepted word, so it is not cut; a word longer than
    :data:`_MAX_WORD` characters keeps the schema's message.
    """
    parse = _WORD_PARSERS.get(field)
    if parse is None or len(text) > _MAX_WORD:
        return None
    try:
        parse(text)
    except ArgumentError as err:
        return str(err).removeprefix(f"{field}: ")
    return None


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
    line = _line_of(lines, where)
    place = _short("/".join(str(p) for p in where), 120)
    return Problem(_element_at(data, where), "schema", f"{_at(line)}{place}: {what}", line=line)


def _cut(data: Any, long: list[tuple[Any, ...]], lines: Lines, name: str | None) -> Any:
    data = copy.deepcopy(data)  # the caller's data stay as they were
    notes = []
    for where in sorted(long, key=lambda w: _line_of(lines, w) or 0):
        parent = data
        for step in where[:-1]:
            parent = parent[step]
        text = parent[where[-1]]
        limit = MAX_TITLE if where[-1] == "title" else MAX_TEXT
        parent[where[-1]] = text[: limit - 1] + "\u2026"
        place = "/".join(str(p) for p in where)
        notes.append(f"{_at(_line_of(lines, where))}{place} ({len(text):,} characters)")
    more = f" and {len(notes) - 5} more" if len(notes) > 5 else ""
    warnings.warn(
        f"{name or 'framework'}: text cut to {MAX_TITLE:,} characters (titles) or "
        f"{MAX_TEXT:,} (other text): {'; '.join(notes[:5])}{more}",
        OutcomeFrameWarning,
        stacklevel=5,
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
            problems.append(Problem(None, "schema", f"{_at(lines.get(()))}{err}"))
    title = meta.get("title")
    return Metadata(title=title) if isinstance(title, str) and title.strip() else Metadata()


def _check_shape(data: Any) -> None:
    """Refuse data nested too deep, or too big once shared lists and mappings are expanded.

    Parsed files are trees; data built in Python may share a list between places, or hold
    itself, and every later step would walk each copy.
    """
    stack: list[tuple[Any, int]] = [(data, 1)]
    seen = 0
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ArgumentError(f"data: nested more than {MAX_DEPTH} levels deep")
        seen += 1
        if seen > _MAX_CONTAINERS:
            raise ArgumentError(
                f"data: more than {_MAX_CONTAINERS:,} lists and mappings, counting a shared one "
                "each time it appears (does it hold itself?)"
            )
        items = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict | list | tuple):
            stack.extend((v, depth + 1) for v in items if isinstance(v, dict | list | tuple))


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
    problems = _schema_problems(data, lines, bad) + problems
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
                        f"{_at(line)}id also used by the {seen[eid]} above",
                        line=line,
                    )
                )
                continue
            title = item.get("title")
            seen[eid] = f"{cls.kind.value} {_short(str(title), 60)!r}"
            edges.extend(
                (eid, target, Relation(key), lines.get(("elements", section, i, key)))
                for key in _RELATION_KEYS & item.keys()
                if isinstance(item[key], list)
                for target in item[key]
                if isinstance(target, str)
            )
            if (section, i) in bad_items:
                continue
            try:
                element: Element = cls(**_fields(item))
            except (OutcomeFrameError, TypeError, ValueError) as err:
                problems.append(
                    Problem(
                        eid, "schema", f"{_at(line)}{section}/{i}: {_short(str(err))}", line=line
                    )
                )
                continue
            fw.add(element)
    for src, dst, rel, line in edges:
        if dst not in seen:
            problems.append(
                Problem(
                    src,
                    "dangling-reference",
                    f"{_at(line)}{rel.value} {_short(dst, 80)!r}, which is not defined",
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
        problems.append(attrs.evolve(p, message=f"{_at(line)}{p.message}", line=line))


def _raise(problems: list[Problem], name: str | None, title: str | None) -> NoReturn:
    what = name or (f"framework {title!r}" if title else "framework file")
    fmt = (
        ", and does not match the file format" if any(p.rule == "schema" for p in problems) else ""
    )
    problems.sort(key=lambda p: (p.line is None, p.line or 0))
    raise ValidationError(f"{what} has {len(problems)} problem(s){fmt}:", problems)
