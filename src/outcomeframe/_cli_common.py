"""What every ``outcomeframe`` command shares: the framework it names, warnings, output paths."""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from outcomeframe._errors import OutcomeFrameError, OutcomeFrameWarning

if TYPE_CHECKING:
    from outcomeframe import Framework

__all__ = ["framework", "warnings_to_stderr", "writable"]


def framework(name_or_path: str) -> Framework:
    """The shipped plan of that name, else the framework file at that path."""
    from outcomeframe import examples, load  # noqa: PLC0415

    if name_or_path in examples.names():
        return examples.load(name_or_path)
    path = Path(name_or_path)
    if not path.exists():
        raise OutcomeFrameError(
            f"{name_or_path!r} is neither a shipped plan ({', '.join(examples.names())}) "
            "nor an existing file"
        )
    return load(path)


@contextlib.contextmanager
def warnings_to_stderr() -> Iterator[None]:
    """Print the library's warnings as one line each, like its errors."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", OutcomeFrameWarning)
        yield
    for warning in caught:
        if issubclass(warning.category, OutcomeFrameWarning):
            print(f"outcomeframe: warning: {warning.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )


def writable(option: str, value: str | None) -> None:
    """Refuse an output path whose folder does not exist, or that is a folder, up front."""
    if value is None:
        return
    path = Path(value)
    if path.is_dir():
        raise OutcomeFrameError(f"{option} {value}: is a folder; give a file name")
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise OutcomeFrameError(f"{option} {value}: the folder {folder} does not exist")
