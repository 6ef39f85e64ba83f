"""What every writer shares: elements as plain data, and writing a file with typed errors."""

from __future__ import annotations

import contextlib
import enum
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from outcomeframe._errors import ArgumentError
from outcomeframe.framework._framework import Framework
from outcomeframe.model._elements import Area, Target
from outcomeframe.model._records import RecordDefinition

__all__ = [
    "SURROGATE",
    "as_path",
    "check_writable",
    "need_framework",
    "plain",
    "write_bytes",
    "writing",
]


def as_path(path: Any, name: str = "path") -> Path:
    """A file name as a Path; anything else is an ArgumentError naming ``path``.

    Examples
    --------
    >>> from outcomeframe.io._write import as_path
    >>> as_path(None)
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: path: expected a file name (str or Path), got NoneType
    """
    if isinstance(path, bytes):
        path = path.decode("utf-8", "surrogateescape")
    if not isinstance(path, str | Path):
        raise ArgumentError(
            f"{name}: expected a file name (str or Path), got {type(path).__name__}"
        )
    if "\x00" in str(path):
        raise ArgumentError(f"{name}: {str(path)!r} holds a NUL character, which no file name may")
    return Path(path)


def need_framework(fw: Any) -> Framework:
    """``fw`` itself when it is a Framework; anything else is an ArgumentError naming ``fw``.

    Examples
    --------
    >>> from outcomeframe.io._write import need_framework
    >>> need_framework({"title": "x"})
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: fw: expected a Framework, got dict (read a file with load)
    """
    if not isinstance(fw, Framework):
        hint = " (read a file with load)" if isinstance(fw, str | Path | dict) else ""
        raise ArgumentError(f"fw: expected a Framework, got {type(fw).__name__}{hint}")
    return fw


def plain(value: Any) -> Any:
    """An element field as plain data: areas, targets and records as dicts, tuples as lists."""
    if isinstance(value, RecordDefinition):
        return value.to_dict()
    if isinstance(value, Area | Target):
        return {k: plain(v) for k, v in attrs.asdict(value, recurse=False).items() if v is not None}
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


#: A lone surrogate: no character, and no UTF-8 file can hold one.
SURROGATE = re.compile("[\ud800-\udfff]")


def _name(where: tuple[str, ...]) -> str:
    return "/".join(where)


def check_writable(data: Any) -> None:
    """Refuse what no framework file can hold: a NaN or infinite number, a lone surrogate.

    Raises
    ------
    ArgumentError
        Naming the section, item (with its id) and field.

    Examples
    --------
    >>> from outcomeframe.io._write import check_writable
    >>> check_writable({"elements": {"indicators": [{"id": "i", "target": {"value": 1e999}}]}})
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: elements/indicators/0 (i)/target/value: inf cannot be written ...
    """
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while stack:
        value, where = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            raise ArgumentError(
                f"{_name(where)}: {value} cannot be written to a framework file "
                "(numbers must be finite)"
            )
        if isinstance(value, str) and (found := SURROGATE.search(value)):
            raise ArgumentError(
                f"{_name(where)}: holds a lone surrogate (U+{ord(found.group()):04X} at "
                f"character {found.start() + 1}), which is not a character and cannot be "
                "written to a UTF-8 file"
            )
        if isinstance(value, dict):
            stack.extend((v, (*where, str(k))) for k, v in value.items())
        elif isinstance(value, list):
            for i, v in enumerate(value):
                name = f"{i} ({v['id']})" if isinstance(v, dict) and "id" in v else str(i)
                stack.append((v, (*where, name)))


def write_bytes(path: Path, data: bytes) -> None:
    """Write a file; a folder that does not exist or a refused write is an ArgumentError.

    Examples
    --------
    >>> from pathlib import Path
    >>> from outcomeframe.io._write import write_bytes
    >>> write_bytes(Path("/no/such/folder/plan.yaml"), b"")
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: path: cannot write /no/such/folder/plan.yaml: the folder /no/such/folder does not exist
    """
    with writing(path):
        path.write_bytes(data)


@contextlib.contextmanager
def writing(path: Path) -> Iterator[Path]:
    """Write ``path`` in the block, with every failure an ArgumentError naming it.

    A folder that does not exist, a folder given as the file, or a refused write (a
    name too long, no permission, a full disk).

    Examples
    --------
    >>> from pathlib import Path
    >>> from outcomeframe.io._write import writing
    >>> with writing(Path("/")) as out:
    ...     pass
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: path: cannot write /: it is a folder; give a file name
    """
    try:
        if not path.parent.is_dir():
            raise ArgumentError(
                f"path: cannot write {path}: the folder {path.parent} does not exist"
            )
        if path.is_dir():
            raise ArgumentError(f"path: cannot write {path}: it is a folder; give a file name")
        yield path
    except OSError as err:
        raise ArgumentError(f"path: cannot write {path}: {err.strerror or err}") from None
