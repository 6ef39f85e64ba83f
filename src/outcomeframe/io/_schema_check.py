"""Whether data match the framework file schema, without importing jsonschema.

Most files that are read are valid, and for those the only answer needed is "yes".
:func:`compile_schema` turns a schema with no ``$ref`` (the shipped one, inlined) into one
Python function per node, following the Draft 2020-12 rules as the ``jsonschema``
package applies them (a bool is not a number, ``1.0`` is an integer, ``enum``, ``const``
and ``uniqueItems`` tell ``True`` from ``1``). Only the keywords the shipped schema uses
are known; a schema with any other keyword does not compile (``None``), and the caller
then asks ``jsonschema``. When the answer is "no", the caller asks ``jsonschema`` too, for
its errors: this function decides only that there are none.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["Check", "compile_schema"]

Check = Callable[[Any], bool]

#: Keywords that only annotate: they never make data invalid.
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "title", "description", "default", "examples", "deprecated"}
)


class _UnknownKeywordError(Exception):
    """A keyword this module does not check: the schema is left to ``jsonschema``."""


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, numbers.Number)


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": _is_integer,
    "number": _is_number,
}


def _equal(one: Any, two: Any) -> bool:
    """JSON equality: ``True`` is not ``1``; sequences and mappings item by item."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return one.keys() == two.keys() and all(_equal(one[k], two[k]) for k in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    return bool(one == two)


def _unique(items: list[Any]) -> bool:
    if all(isinstance(item, str) for item in items):  # ids: one set, not every pair
        return len(set(items)) == len(items)
    return all(not _equal(a, b) for i, a in enumerate(items) for b in items[i + 1 :])


def _all(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]

    def check(value: Any) -> bool:
        return all(c(value) for c in checks)

    return check


def _keyword(key: str, arg: Any, node: Mapping[str, Any]) -> Check:
    """The check of one keyword of a schema node."""
    if key == "type":
        tests = [_TYPES[t] for t in ([arg] if isinstance(arg, str) else arg)]
        return lambda v: any(t(v) for t in tests)
    if key == "properties":
        props = {name: compile_node(sub) for name, sub in arg.items()}
        return lambda v: (
            not isinstance(v, dict) or all(c(v[name]) for name, c in props.items() if name in v)
        )
    if key == "additionalProperties":
        if "patternProperties" in node:
            raise _UnknownKeywordError(key)
        known = frozenset(node.get("properties", {}))
        if arg is False:
            return lambda v: not isinstance(v, dict) or all(k in known for k in v)
        extra = compile_node(arg)
        return lambda v: (
            not isinstance(v, dict) or all(extra(item) for k, item in v.items() if k not in known)
        )
    if key == "required":
        names = list(arg)
        return lambda v: not isinstance(v, dict) or all(n in v for n in names)
    if key == "items" and not isinstance(arg, list) and "prefixItems" not in node:
        each = compile_node(arg)
        return lambda v: not isinstance(v, list) or all(each(item) for item in v)
    if key == "propertyNames":
        name_check = compile_node(arg)
        return lambda v: not isinstance(v, dict) or all(name_check(k) for k in v)
    if key == "pattern":  # compiled when first reached (re's cache), as jsonschema does
        return lambda v: not isinstance(v, str) or re.search(arg, v) is not None
    if key == "minLength":
        return lambda v: not isinstance(v, str) or len(v) >= arg
    if key == "maxLength":
        return lambda v: not isinstance(v, str) or len(v) <= arg
    if key == "minimum":
        return lambda v: not _is_number(v) or not v < arg
    if key == "maximum":
        return lambda v: not _is_number(v) or not v > arg
    if key == "enum":
        return lambda v: any(_equal(each, v) for each in arg)
    if key == "const":
        return lambda v: _equal(v, arg)
    if key == "uniqueItems":
        return lambda v: not arg or not isinstance(v, list) or _unique(v)
    if key in {"anyOf", "oneOf", "not"}:
        subs = [compile_node(sub) for sub in (arg if key != "not" else [arg])]
        if key == "anyOf":
            return lambda v: any(c(v) for c in subs)
        if key == "oneOf":
            return lambda v: sum(1 for c in subs if c(v)) == 1
        return lambda v: not subs[0](v)
    raise _UnknownKeywordError(key)


def compile_node(node: Any) -> Check:
    """The check of one schema node (a mapping of keywords, or ``True``/``False``)."""
    if node is True or node is False:
        return lambda _v: bool(node)
    if not isinstance(node, Mapping):
        raise _UnknownKeywordError(repr(node))
    checks = [_keyword(k, v, node) for k, v in node.items() if k not in _ANNOTATIONS]
    return _all(checks) if checks else (lambda _v: True)


def compile_schema(schema: Any) -> Check | None:
    """The check "the data have no error" of a schema without ``$ref``.

    None when the schema has a keyword this module does not know: ask ``jsonschema``.

    Examples
    --------
    >>> check = compile_schema({"type": "object", "required": ["id"],
    ...                         "properties": {"id": {"type": "string", "minLength": 1}}})
    >>> check({"id": "a"}), check({"id": ""}), check({})
    (True, False, False)
    >>> compile_schema({"format": "date"}) is None
    True
    """
    try:
        return compile_node(schema)
    except (_UnknownKeywordError, KeyError, TypeError):
        return None
