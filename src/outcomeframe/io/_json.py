"""JSON framework files: the reader (duplicate keys, depth, lines on demand) and the writer.

:func:`json.loads` reads the file at C speed. Line numbers are needed only to report a
problem, so they come from a second, linear pass over the text that runs only then (the
first time a line is asked for). The reader refuses, as a
:class:`~outcomeframe.FileFormatError` naming the file and line, a key given twice in
one object (both lines), nesting deeper than :data:`~outcomeframe.io._yaml.MAX_DEPTH`, and
``NaN`` or ``Infinity`` (which JSON does not have).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from outcomeframe._errors import FileFormatError
from outcomeframe.io._yaml import MAX_DEPTH, _short

__all__ = ["JsonLines", "read_json", "write_json"]

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')
_MAX_DIGITS = 4000  # Python refuses to read longer integers from text


class _Refused(Exception):
    """A number the reader refuses: its text in the file, and why."""

    def __init__(self, token: str, why: str) -> None:
        self.token, self.why = token, why


class _Frame:
    __slots__ = ("expect_key", "index", "is_object", "key", "keys", "path")

    def __init__(self, path: tuple[Any, ...], *, is_object: bool) -> None:
        self.path = path
        self.is_object = is_object
        self.expect_key = is_object
        self.index = 0
        self.key: str = ""
        self.keys: dict[str, int] = {}

    def child(self) -> tuple[Any, ...]:
        return (*self.path, self.key if self.is_object else self.index)


class JsonLines(Mapping[tuple[Any, ...], int]):
    r"""The line of each key and item of a JSON text, found the first time one is asked for.

    Examples
    --------
    >>> from outcomeframe.io._json import JsonLines
    >>> lines = JsonLines('{"title": "Plan",\n "elements": {"visions": [\n  {"id": "v"}]}}')
    >>> lines[("elements", "visions", 0)], lines.get(("nothing",))
    (3, None)
    """

    def __init__(self, text: str, path: Any = None) -> None:
        self._text = text
        self._path = path
        self._lines: dict[tuple[Any, ...], int] | None = None
        self.duplicates: list[str] = []
        self.first_duplicate: int | None = None

    def scan(self) -> dict[tuple[Any, ...], int]:
        """Read the whole text once; raise for nesting deeper than the limit."""
        if self._lines is not None:
            return self._lines
        text = self._text
        lines: dict[tuple[Any, ...], int] = {}
        stack: list[_Frame] = []
        line, last = 1, 0
        for match in _TOKEN.finditer(text):
            start = match.start()
            line += text.count("\n", last, start)
            last = start
            token = match.group()
            first = token[0]
            top = stack[-1] if stack else None
            if first in "{[":
                where = top.child() if top is not None else ()
                lines.setdefault(where, line)
                if len(stack) >= MAX_DEPTH:
                    raise FileFormatError(
                        f"nested more than {MAX_DEPTH} levels deep", path=self._path, line=line
                    )
                stack.append(_Frame(where, is_object=first == "{"))
            elif first in "}]":
                if stack:
                    stack.pop()
            elif top is None:
                lines.setdefault((), line)
            elif first == ",":
                top.index += 1
                top.expect_key = top.is_object
            elif first == ":":
                top.expect_key = False
            elif top.expect_key:
                key = token[1:-1] if "\\" not in token else str(json.loads(token))
                if key in top.keys:
                    place = "/".join(str(p) for p in (*top.path, key))
                    self.duplicates.append(f"{place!r} on lines {top.keys[key]} and {line}")
                    self.first_duplicate = self.first_duplicate or line
                else:
                    top.keys[key] = line
                top.key = key
                lines[top.child()] = line
            else:
                lines.setdefault(top.child(), line)
        self._lines = lines
        return lines

    def __getitem__(self, key: tuple[Any, ...]) -> int:
        return self.scan()[key]

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.scan())

    def __len__(self) -> int:
        return len(self.scan())


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Duplicate
    return out


class _Duplicate(Exception):
    pass


def _constant(name: str) -> float:
    raise _Refused(name, f"{name} is not a JSON number (numbers must be finite)")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400: JSON has no infinity, and no number is that large
        raise _Refused(text, f"{_short(text)} is too large for a number (it reads as infinite)")
    return value


def _integer(text: str) -> int:
    if len(text) > _MAX_DIGITS:  # Python reads no longer integer; none is an id or a target
        why = f"{len(text):,} characters are too many"
        raise _Refused(text, f"cannot read {_short(text)!r} as int: {why}")
    return int(text)


def _depth(data: Any) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            items = value.values() if isinstance(value, dict) else value
            stack.extend((v, depth + 1) for v in items if isinstance(v, dict | list))
    return deepest


def read_json(text: str, path: Any = None) -> tuple[Any, JsonLines]:
    r"""Parse JSON text into plain data and the (lazily found) line of each key and item.

    Raises
    ------
    FileFormatError
        The text is not valid JSON, repeats a key in an object, nests too deep or
        holds ``NaN``/``Infinity``.

    Examples
    --------
    >>> from outcomeframe.io._json import read_json
    >>> read_json('{"title": "A",\n "title": "B"}', "plan.json")
    Traceback (most recent call last):
    ...
    outcomeframe.FileFormatError: plan.json, line 2: a key is given twice in one object ...
    """
    lines = JsonLines(text, path)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_constant,
            parse_int=_integer,
            parse_float=_float,
        )
    except json.JSONDecodeError as err:
        raise FileFormatError(f"not valid JSON: {err.msg}", path=path, line=err.lineno) from None
    except _Refused as err:
        found = next((m for m in _TOKEN.finditer(text) if m.group() == err.token), None)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        raise FileFormatError(err.why, path=path, line=line) from None
    except (RecursionError, _Duplicate):
        data, rescan = None, True
    else:
        rescan = _depth(data) > MAX_DEPTH
    if rescan:
        lines.scan()  # raises for nesting too deep, else collects the duplicates
        if lines.duplicates:
            raise FileFormatError(
                "a key is given twice in one object (JSON readers keep only the last): "
                + "; ".join(lines.duplicates),
                path=path,
                line=lines.first_duplicate,
            )
        raise FileFormatError(f"nested more than {MAX_DEPTH} levels deep", path=path)
    return data, lines


def write_json(data: Any) -> str:
    r"""Write plain data as JSON text (non-ASCII characters as they are).

    Examples
    --------
    >>> from outcomeframe.io._json import write_json
    >>> write_json({"title": "caf\u00e9"})
    '{\n  "title": "café"\n}\n'
    """
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
