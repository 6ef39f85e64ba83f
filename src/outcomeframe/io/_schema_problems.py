"""The JSON Schema of framework files, and its refusals in the library's own words.

:func:`schema_problems` turns each error of the schema's validator into a
:class:`~outcomeframe.framework._validate.Problem` naming the element, the field and the
line, with the words the element classes use (an unknown polarity, a records block).
Data the schema accepts are told apart first by plain Python checks
(:mod:`outcomeframe.io._schema_check`), so reading a valid file does not import
``jsonschema``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import PeriodType, Polarity
from outcomeframe.framework._validate import Problem
from outcomeframe.io._schema_check import Check, compile_schema
from outcomeframe.model._elements import ComparisonMethod, MeasureType

if TYPE_CHECKING:
    import jsonschema

__all__ = ["Lines", "at", "element_at", "line_of", "schema_problems", "schema_text", "short"]

Lines = Mapping[tuple[Any, ...], int]
_MAX_MESSAGE = 300

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
def _inlined() -> dict[str, Any]:
    full = json.loads(schema_text())
    inlined: dict[str, Any] = _inline(full, full["$defs"])
    return inlined


@cache
def _check() -> Check | None:
    """The schema as plain Python checks (:mod:`outcomeframe.io._schema_check`)."""
    return compile_schema(_inlined())


@cache
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema  # noqa: PLC0415 - only for data with problems, to word them

    return jsonschema.Draft202012Validator(_inlined())


def _valid(data: Any) -> bool:
    """Whether the data surely have no schema problem, without importing jsonschema."""
    check = _check()
    try:
        return check is not None and check(data)
    except Exception:  # noqa: BLE001 - unsure: jsonschema then says what it finds
        return False


def short(text: str, limit: int = _MAX_MESSAGE) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def line_of(lines: Lines, where: tuple[Any, ...]) -> int | None:
    for i in range(len(where), -1, -1):
        line = lines.get(where[:i])
        if line is not None:
            return line
    return None


def at(line: int | None) -> str:
    return f"line {line}: " if line is not None else ""


def element_at(data: Any, where: tuple[Any, ...]) -> str | None:
    if len(where) >= 3 and where[0] == "elements":
        try:
            item = data["elements"][where[1]][where[2]]
        except (KeyError, IndexError, TypeError):
            return None
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            return short(item["id"], 80)
    return None


def schema_problems(data: Any, lines: Lines, bad: list[tuple[Any, ...]]) -> list[Problem]:
    """The schema's problems; the path of each goes on ``bad``."""
    if _valid(data):
        return []
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
        line = line_of(lines, where)
        place = short("/".join(str(p) for p in where), 120) or "(top level)"
        message = short(err.message)
        if err.validator == "oneOf" and where and where[-1] == "target":
            message = "give exactly one of 'value' (in unit) or 'benchmark' (an area code)"
        elif "records" in where[-3:]:
            message = _records_message(err, where, extra) or message
        elif where and isinstance(err.instance, str):
            message = _word_message(where[-1], err.instance) or message
        found.append(
            Problem(element_at(data, where), "schema", f"{at(line)}{place}: {message}", line=line)
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
    got = short(repr(err.instance), 60)
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
