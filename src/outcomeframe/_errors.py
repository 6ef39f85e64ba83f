"""The one exception hierarchy of outcomeframe.

Every error the library raises on purpose derives from :class:`OutcomeFrameError`.
Concrete errors also derive from the built-in exception they resemble, so callers
can catch either (``except ValueError`` keeps working).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "ArgumentError",
    "DataError",
    "DuplicateIdError",
    "FileFormatError",
    "FilterError",
    "OutcomeFrameError",
    "OutcomeFrameWarning",
    "UnitError",
    "UnitMismatchError",
    "UnknownElementError",
    "ValidationError",
]


class OutcomeFrameError(Exception):
    """Base class of every error raised by outcomeframe.

    Examples
    --------
    >>> import outcomeframe as of
    >>> issubclass(of.ValidationError, of.OutcomeFrameError)
    True
    """


class ArgumentError(OutcomeFrameError, ValueError):
    """A function was called with an argument it cannot use.

    The message names the argument and says why.

    Examples
    --------
    >>> import outcomeframe as of
    >>> raise of.ArgumentError("confidence: 1.5 is outside (0, 1)")
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: confidence: 1.5 is outside (0, 1)
    """


class UnitError(OutcomeFrameError, ValueError):
    """A unit could not be parsed or is not allowed where it was used.

    Examples
    --------
    >>> import outcomeframe as of
    >>> issubclass(of.UnitError, ValueError)
    True
    """


class UnitMismatchError(UnitError):
    """Values in different units were combined or compared.

    Examples
    --------
    >>> import outcomeframe as of
    >>> issubclass(of.UnitMismatchError, of.UnitError)
    True
    """


class UnknownElementError(OutcomeFrameError, KeyError):
    """An element id is not in the framework.

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.Framework(title="Empty")
    >>> fw["nope"]
    Traceback (most recent call last):
    ...
    outcomeframe.UnknownElementError: "no element with id 'nope' in framework 'Empty'"
    """


class DuplicateIdError(OutcomeFrameError, ValueError):
    """An element id is already used in the framework.

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.Framework(title="Demo")
    >>> fw.add(of.Vision(id="v", title="A vision"))
    >>> fw.add(of.Vision(id="v", title="Another"))
    Traceback (most recent call last):
    ...
    outcomeframe.DuplicateIdError: id 'v' is already used by vision 'A vision'
    """


class DataError(OutcomeFrameError, ValueError):
    """Input data (a table, a file of observations) cannot be used as given.

    ``problems`` lists every problem found, each naming the row, column or
    key concerned, so one error reports them all.

    Examples
    --------
    >>> import outcomeframe as of
    >>> err = of.DataError("2 problems", problems=["row 3: count is negative", "row 9: no period"])
    >>> err.problems
    ('row 3: count is negative', 'row 9: no period')
    """

    def __init__(self, message: str, *, problems: Sequence[str] = ()) -> None:
        self.problems = tuple(problems)
        full = message
        if self.problems:
            full = message + "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(full)


class FileFormatError(OutcomeFrameError, ValueError):
    """A file could not be read: wrong format, malformed, or not what it claims.

    Attributes
    ----------
    path : str or None
        The file concerned.
    line : int or None
        The 1-based line where the parser located the problem, when it gives one.

    Examples
    --------
    >>> import outcomeframe as of
    >>> err = of.FileFormatError("expected a mapping", path="plan.yaml", line=3)
    >>> str(err)
    'plan.yaml, line 3: expected a mapping'
    """

    def __init__(self, message: str, *, path: Any = None, line: int | None = None) -> None:
        self.path = None if path is None else str(path)
        self.line = line
        where = ""
        if self.path is not None:
            where = self.path + (f", line {line}" if line is not None else "") + ": "
        elif line is not None:  # text with no file (loads): the line alone
            where = f"line {line}: "
        super().__init__(where + message)


class FilterError(OutcomeFrameError, ValueError):
    """A record filter could not be read, or cannot be used on the records given.

    The message names where the filter is (``where``), the column of the text where
    the problem is, and what is wrong, with the text and a caret under that column.

    Attributes
    ----------
    expression : str or None
        The filter text.
    position : int or None
        The 0-based offset in ``expression`` of the problem.

    Examples
    --------
    >>> import outcomeframe as of
    >>> print(of.FilterError("unknown column 'wieght'", "wieght < 2500", 0))
    filter, column 1: unknown column 'wieght'
      wieght < 2500
      ^
    """

    def __init__(
        self,
        message: str,
        expression: str | None = None,
        position: int | None = None,
        *,
        where: str = "filter",
    ) -> None:
        self.expression = expression
        self.position = position
        self.where = where
        self.reason = message
        text = f"{where}, column {position + 1}: " if position is not None else f"{where}: "
        text += message
        if expression is not None:
            start = 0 if position is None else max(0, position - 60)
            shown = re.sub(r"\s", " ", expression[start : start + 120])
            lead = "\u2026" if start else ""
            tail = "\u2026" if start + 120 < len(expression) else ""
            text += f"\n  {lead}{shown}{tail}"
            if position is not None:
                text += "\n  " + " " * (len(lead) + position - start) + "^"
        super().__init__(text)


class ValidationError(OutcomeFrameError, ValueError):
    """A framework broke one or more rules; ``problems`` lists every one of them.

    Each problem is a :class:`outcomeframe.Problem` naming the element id and
    the rule it broke.

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.Framework(title="Demo")
    >>> fw.add(of.Indicator(id="ind", title="An indicator", measure="proportion", unit="percent"))
    >>> try:
    ...     fw.validate()
    ... except of.ValidationError as err:
    ...     print(err.problems[0].rule)
    indicator-polarity
    """

    def __init__(self, message: str, problems: Sequence[Any] = ()) -> None:
        self.problems = tuple(problems)
        lines = [message, *(f"  - {p}" for p in self.problems)]
        super().__init__("\n".join(lines))


class EngineNotInstalledError(OutcomeFrameError, ImportError):
    """A data engine (Polars, DuckDB, Dask, PySpark) or its bridge is not installed.

    ``extra`` names the optional dependency group that installs it, e.g.
    ``pip install 'outcomeframe[duckdb]'``.

    Examples
    --------
    >>> import outcomeframe as of
    >>> err = of.EngineNotInstalledError("DuckDB is not installed", extra="duckdb")
    >>> err.extra, isinstance(err, ImportError)
    ('duckdb', True)
    """

    def __init__(self, message: str, *, extra: str) -> None:
        self.extra = extra
        super().__init__(f"{message}: install it with pip install 'outcomeframe[{extra}]'")


class OutcomeFrameWarning(UserWarning):
    """A warning from outcomeframe: the input was used, with an assumption worth knowing.

    Examples
    --------
    >>> import warnings
    >>> import outcomeframe as of
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("indicator 92026 is not in the metadata", of.OutcomeFrameWarning)
    >>> caught[0].category.__name__
    'OutcomeFrameWarning'
    """


# Show the public path in tracebacks ("outcomeframe.ValidationError"), not this module.
for _error in (
    ArgumentError,
    DataError,
    DuplicateIdError,
    EngineNotInstalledError,
    FileFormatError,
    FilterError,
    OutcomeFrameError,
    OutcomeFrameWarning,
    UnitError,
    UnitMismatchError,
    UnknownElementError,
    ValidationError,
):
    _error.__module__ = "outcomeframe"


#: The most of a value an error message quotes; a longer one is cut, with its length said.
SHOWN_LENGTH = 80

#: The most items (lines, rows) one message lists; the rest are counted.
LISTED = 10

#: The most column names one message lists (a whole Fingertips export's header fits).
COLUMNS_LISTED = 30


def _listed_columns(columns: Iterable[Any], *, quote: bool = True) -> str:
    """A table's column names for a message: the first :data:`COLUMNS_LISTED`, then a count.

    Examples
    --------
    >>> from outcomeframe._errors import _listed_columns
    >>> _listed_columns(["code", "label"])
    "'code', 'label'"
    >>> _listed_columns([f"c{i}" for i in range(100_000)], quote=False)[-30:]
    ' c27, c28, c29 and 99,970 more'
    """
    given = list(columns)
    names = [repr(str(c)) if quote else str(c) for c in given[:COLUMNS_LISTED]]
    return _listed(names, COLUMNS_LISTED, total=len(given))


def _listed(
    items: Iterable[object], limit: int = LISTED, *, total: int | None = None, sep: str = ", "
) -> str:
    """The first ``limit`` items joined by ", ", then how many more there are.

    A message about 80,000 rows names ten of them, not all: each message stays short
    however many rows share it. ``total`` counts the items when ``items`` holds only
    the first of them (formatting the rest would be wasted).

    Examples
    --------
    >>> from outcomeframe._errors import _listed
    >>> _listed(["line 2", "line 3"])
    'line 2, line 3'
    >>> _listed(range(2, 80_002), limit=3)
    '2, 3, 4 and 79,997 more'
    """
    given = list(items) if not isinstance(items, list | tuple) else items
    shown = sep.join(str(i) for i in given[:limit])
    more = (len(given) if total is None else total) - limit
    return shown + (f" and {more:,} more" if more > 0 else "")


def _shown(value: object, limit: int = SHOWN_LENGTH) -> str:
    """``repr(value)``, or its start and the value's length when that is longer than ``limit``.

    Examples
    --------
    >>> from outcomeframe._errors import _shown
    >>> _shown("2019/20")
    "'2019/20'"
    >>> _shown("x" * 1000, limit=10)
    "'xxxxxxxxxx...' (1,000 characters)"
    """
    text = repr(value)
    if len(text) <= limit + 2 or not isinstance(value, str):
        return text if len(text) <= 4 * limit else text[: 4 * limit] + "..."
    start = repr(value[:limit])
    return f"{start[:-1]}...{start[-1]} ({len(value):,} characters)"


#: The package's folder: a warning names the first line outside it.
_PACKAGE = str(Path(__file__).resolve().parent)


def _user_level() -> int:
    """The ``stacklevel`` for :func:`warnings.warn` of the first caller outside the package.

    Called by the function that warns: whichever public function the user called,
    through however many of the package's own, the warning names the user's line.

    Examples
    --------
    >>> import warnings
    >>> from outcomeframe._errors import _user_level
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("here", stacklevel=_user_level())
    >>> caught[0].filename.endswith("_errors.py")
    False
    """
    frame = sys._getframe(1)
    level = 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    return level
