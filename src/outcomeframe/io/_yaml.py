"""YAML framework files: a safe one-pass reader that keeps line numbers, and the writer.

The reader builds the data straight from the parser's events (libyaml's when it is
installed), so a file is read once, in time linear in its size, and every mapping key,
mapping and list item gets the line it starts on. It accepts only what a framework file
needs: plain mappings, lists and the scalars of YAML's safe schema. It refuses, as a
:class:`~outcomeframe.FileFormatError` naming the file and line:

- anchors and aliases (``&name`` / ``*name``), which make "billion laughs" files possible;
- a key given twice in one mapping (both lines are named);
- nesting deeper than :data:`MAX_DEPTH`;
- tags other than the safe schema's (``!!python/...`` and the like), and keys that are
  mappings or lists;
- more than one document in a file.

A scanner or parser error (a tab used for indentation, a quote never closed, a key out of
line, a stray ``: ``) names the line and column and says in plain words what to change.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml import events

from outcomeframe._errors import FileFormatError, _listed

__all__ = ["MAX_DEPTH", "read_yaml", "write_yaml"]

#: How deep mappings and lists may nest in a framework file (a framework needs 6 levels).
MAX_DEPTH = 64

_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER: type[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

_PREFIX = "tag:yaml.org,2002:"
_STR = _PREFIX + "str"
_MAP_TAGS = {None, "!", _PREFIX + "map"}
_SEQ_TAGS = {None, "!", _PREFIX + "seq"}
_SCALAR_TAGS = {_PREFIX + t for t in ("str", "null", "bool", "int", "float", "timestamp")}

_RESOLVE: Any = yaml.resolver.Resolver().resolve
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class _NoKey:
    """The marker for "no key read yet" in an open mapping (a key may be ``None``)."""

    __slots__ = ()


_NO_KEY: Any = _NoKey()


class _Frame:
    """One open mapping or list while the events are read."""

    __slots__ = ("container", "index", "is_map", "key", "keys", "path")

    def __init__(self, container: Any, path: tuple[Any, ...], *, is_map: bool) -> None:
        self.container = container
        self.path = path
        self.is_map = is_map
        self.index = 0
        self.key: Any = _NO_KEY  # the key waiting for its value
        self.keys: dict[Any, tuple[int, Any]] = {}  # key -> its line, as first written


def _line(event: events.Event) -> int:
    mark = event.start_mark
    return int(mark.line) + 1 if mark is not None else 0


def _scalar(event: events.ScalarEvent, path: Any, *, is_key: bool) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        if tag == "!":
            return event.value
        tag = _RESOLVE(yaml.ScalarNode, event.value, event.implicit)
        if tag == _PREFIX + "value" or (tag == _PREFIX + "merge" and not is_key):
            return event.value  # a plain "=" or "<<" is text here
    if tag == _STR:
        return event.value
    if tag not in _SCALAR_TAGS:
        what = "a merge key (<<)" if tag == _PREFIX + "merge" else f"the tag {tag!r}"
        raise FileFormatError(
            f"{what} is not allowed in a framework file (plain text, numbers, true/false "
            "and null only)",
            path=path,
            line=_line(event),
        )
    try:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, event.value))
    except (ValueError, yaml.YAMLError) as err:
        why = f"{len(event.value):,} characters are too many" if len(event.value) > 4000 else err
        raise FileFormatError(
            f"cannot read {_short(event.value)!r} as {tag.removeprefix(_PREFIX)}: {why}",
            path=path,
            line=_line(event),
        ) from None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _refuse_anchor(event: events.NodeEvent, path: Any) -> None:
    if event.anchor is not None:
        raise FileFormatError(
            f"the YAML anchor &{_short(event.anchor)} is not allowed in a framework file "
            "(anchors and aliases are refused; write each value out)",
            path=path,
            line=_line(event),
        )


def read_yaml(text: str, path: Any = None) -> tuple[Any, dict[tuple[Any, ...], int]]:
    r"""Parse YAML text into plain data and a map of each key's and item's path to its line.

    Parameters
    ----------
    text : str
        The file's text.
    path : str or Path, optional
        The file, named in errors.

    Returns
    -------
    data : object
        The document (``None`` for an empty file).
    lines : dict
        ``("elements", "priorities", 3, "serves")`` -> the 1-based line it starts on.

    Raises
    ------
    FileFormatError
        The text is not valid YAML or uses what framework files refuse (see the module).

    Examples
    --------
    >>> from outcomeframe.io._yaml import read_yaml
    >>> data, lines = read_yaml("title: Plan\nelements:\n  visions:\n    - id: v\n")
    >>> data["elements"]["visions"][0]["id"], lines[("elements", "visions", 0)]
    ('v', 4)
    >>> read_yaml("a: &x [1]\nb: *x\n", "plan.yaml")
    Traceback (most recent call last):
    ...
    outcomeframe.FileFormatError: plan.yaml, line 1: the YAML anchor &x is not allowed ...
    >>> read_yaml("title: Plan\nelements:\n\tvisions: []\n", "plan.yaml")
    Traceback (most recent call last):
    ...
    outcomeframe.FileFormatError: plan.yaml, line 3: not valid YAML at column 1: found a tab, ...
    """
    try:
        return _read(text, path)
    except yaml.MarkedYAMLError as err:
        problem = err.problem or err.context or "malformed"
        if "nesting depth" in problem:  # libyaml's own limit, met while it looks ahead
            mark = err.problem_mark or err.context_mark
            raise FileFormatError(
                f"nested more than {MAX_DEPTH} levels deep",
                path=path,
                line=mark.line + 1 if mark is not None else None,
            ) from None
        line, message = _explain(err, text)
        raise FileFormatError(message, path=path, line=line) from None
    except yaml.reader.ReaderError as err:
        code = err.character if isinstance(err.character, int) else ord(err.character)
        raise FileFormatError(
            f"not valid YAML: {err.reason} (U+{code:04X})",
            path=path,
            line=_line_of_offset(text, err.position, as_bytes=_LOADER is not yaml.SafeLoader),
        ) from None
    except yaml.YAMLError as err:
        raise FileFormatError(f"not valid YAML: {err}", path=path) from None
    except UnicodeEncodeError as err:
        raise FileFormatError(
            f"not valid text: a lone surrogate (U+{ord(err.object[err.start]):04X})",
            path=path,
            line=err.object.count("\n", 0, err.start) + 1,
        ) from None


_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _explain(err: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line, and the scanner's or parser's complaint in plain words with the column."""
    problem = err.problem or err.context or "malformed"
    context = err.context or ""
    mark = err.problem_mark or err.context_mark
    if mark is None:
        return None, f"not valid YAML: {problem}"
    opened = err.context_mark
    rows = _BREAKS.split(text)
    row = rows[mark.line] if 0 <= mark.line < len(rows) else ""
    char = row[mark.column] if 0 <= mark.column < len(row) else ""
    at_end = not "".join(rows[mark.line + 1 :]).strip() and not row[mark.column :].strip()
    hint = ""
    if char == "\t" or "tab character" in problem:
        hint = "found a tab, and YAML does not allow tabs for indentation: use spaces"
    elif "quoted scalar" in context and "end of stream" in problem and opened is not None:
        mark = opened  # where the quote opens, not the end of the file
        quote = _char_at(rows, opened)
        hint = f"the quote {quote} opened here is never closed: add the closing {quote}"
    elif "mapping values are not allowed" in problem:
        hint = (
            "a colon and a space start a new key, which cannot come here: put the value in "
            "quotes when it holds ': ', or start the key on a line of its own"
        )
    elif "flow sequence" in context or "flow mapping" in context:
        bracket, close = ("[", "]") if "sequence" in context else ("{", "}")
        where = f" on line {opened.line + 1}" if opened is not None else ""
        hint = (
            f"the {bracket} opened{where} is never closed with {close}"
            if at_end
            else f"items between {bracket} and {close} are separated by commas"
        )
    elif "expected '-'" in problem or ("block collection" in context and "block end" in problem):
        hint = (
            "the indentation does not line up: the items of a list each start with '- ', "
            "indented by the same number of spaces"
        )
    elif "expected key" in problem or "block end" in problem:
        hint = (
            "the indentation does not line up: the keys of one mapping are indented by the "
            "same number of spaces"
        )
    elif "escape" in problem:
        hint = (
            "in double quotes a backslash starts an escape such as \\n: write \\\\ for a "
            "backslash, or use single quotes"
        )
    elif "cannot start any token" in problem and char:
        hint = f"{char!r} cannot start a plain value: put the value in quotes"
    detail = hint or problem
    return mark.line + 1, f"not valid YAML at column {mark.column + 1}: {detail}"


def _char_at(rows: list[str], mark: Any) -> str:
    row = rows[mark.line] if 0 <= mark.line < len(rows) else ""
    return row[mark.column] if 0 <= mark.column < len(row) else "quote"


def _line_of_offset(text: str, offset: int, *, as_bytes: bool) -> int:
    if as_bytes:
        return text.encode("utf-8", "surrogatepass")[:offset].count(b"\n") + 1
    return text.count("\n", 0, offset) + 1


def _read(text: str, path: Any) -> tuple[Any, dict[tuple[Any, ...], int]]:
    lines: dict[tuple[Any, ...], int] = {}
    stack: list[_Frame] = []
    duplicates: list[str] = []
    first_duplicate: int | None = None
    root: Any = None
    documents = 0
    event: Any
    for event in yaml.parse(text, Loader=_LOADER):
        kind = type(event)
        if (
            kind is events.ScalarEvent
            or kind is events.MappingStartEvent
            or (kind is events.SequenceStartEvent)
        ):
            _refuse_anchor(event, path)
            line = _line(event)
            if kind is events.ScalarEvent:
                is_key = bool(stack) and stack[-1].is_map and stack[-1].key is _NO_KEY
                value = _scalar(event, path, is_key=is_key)
            else:
                tags = _MAP_TAGS if kind is events.MappingStartEvent else _SEQ_TAGS
                if event.tag not in tags:
                    raise FileFormatError(
                        f"the tag {event.tag!r} is not allowed in a framework file",
                        path=path,
                        line=line,
                    )
                if len(stack) >= MAX_DEPTH:
                    raise FileFormatError(
                        f"nested more than {MAX_DEPTH} levels deep", path=path, line=line
                    )
                value = {} if kind is events.MappingStartEvent else []
            if not stack:
                where: tuple[Any, ...] = ()
                root = value
            else:
                frame = stack[-1]
                if frame.is_map and frame.key is _NO_KEY:
                    if kind is not events.ScalarEvent:
                        raise FileFormatError(
                            "a mapping key must be plain text, not a mapping or a list",
                            path=path,
                            line=line,
                        )
                    seen = frame.keys.get(value)
                    if seen is not None:
                        place = "/".join(str(p) for p in (*frame.path, value))
                        again = "" if repr(seen[1]) == repr(value) else f" (as {seen[1]!r})"
                        duplicates.append(f"{place!r} on lines {seen[0]}{again} and {line}")
                        first_duplicate = first_duplicate or line
                    else:
                        frame.keys[value] = (line, value)
                    frame.key = value
                    lines[(*frame.path, value)] = line
                    continue
                if frame.is_map:
                    where = (*frame.path, frame.key)
                    frame.container[frame.key] = value
                    frame.key = _NO_KEY
                else:
                    where = (*frame.path, frame.index)
                    frame.container.append(value)
                    frame.index += 1
            lines.setdefault(where, line)
            if kind is not events.ScalarEvent:
                stack.append(_Frame(value, where, is_map=kind is events.MappingStartEvent))
        elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
            stack.pop()
        elif kind is events.AliasEvent:
            raise FileFormatError(
                f"the YAML alias *{_short(str(event.anchor))} is not allowed in a framework "
                "file (anchors and aliases are refused; write each value out)",
                path=path,
                line=_line(event),
            )
        elif kind is events.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise FileFormatError(
                    "a framework file holds one YAML document; another starts here",
                    path=path,
                    line=_line(event),
                )
    if duplicates:
        raise FileFormatError(
            "a key is given twice in one mapping (YAML keeps only the last): "
            + _listed(duplicates, sep="; "),
            path=path,
            line=first_duplicate,
        )
    return root, lines


# --------------------------------------------------------------------------- writing
class _Dumper(_DUMPER):  # type: ignore[misc]
    """The safe dumper, writing text with YAML's own line breaks in double quotes."""


def _text(dumper: Any, data: str) -> Any:
    # PyYAML writes NEL, LS and PS raw inside single quotes, where a reader folds them
    # into a space; in double quotes they are escaped and read back as they were.
    if "\x85" in data or "\u2028" in data or "\u2029" in data:
        return dumper.represent_scalar(_STR, data, style='"')
    return dumper.represent_str(data)


def _text_subclass(dumper: Any, data: str) -> Any:
    # A subclass of str (NumPy's str_, an enum's value) is written as plain text.
    return _text(dumper, str.__str__(data))


_Dumper.add_representer(str, _text)
_Dumper.add_multi_representer(str, _text_subclass)


def write_yaml(data: Any) -> str:
    r"""Write plain data as YAML text that :func:`read_yaml` reads back to equal data.

    Examples
    --------
    >>> from outcomeframe.io._yaml import read_yaml, write_yaml
    >>> text = write_yaml({"title": "one\x85two"})
    >>> read_yaml(text)[0] == {"title": "one\x85two"}
    True
    """
    text: str = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text
