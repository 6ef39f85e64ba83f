"""The tables passed to public functions, checked once: a DataFrame with the columns needed.

A ``None``, a dict or a DataFrame without a column reached pandas before, as
"'NoneType' object has no attribute 'columns'" or ``KeyError: 'comparison'``; each is an
:class:`~outcomeframe.ArgumentError` naming the argument and what it lacks.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from outcomeframe._errors import ArgumentError, _shown
from outcomeframe._suggest import did_you_mean

__all__ = ["check_choice", "need_frame", "need_number", "need_text"]


def need_frame(
    value: Any, name: str, columns: Iterable[str] = (), *, what: str = "a DataFrame"
) -> pd.DataFrame:
    """``value`` itself when it is a DataFrame with every one of ``columns``.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe._checks import need_frame
    >>> need_frame(None, "table")
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: table: expected a DataFrame, got NoneType
    >>> need_frame(pd.DataFrame({"comparisons": []}), "table", ["comparison", "trend"])
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: table: no column 'comparison' (did you mean 'comparisons'?) or 'trend'
    """
    if not isinstance(value, pd.DataFrame):
        raise ArgumentError(f"{name}: expected {what}, got {type(value).__name__}")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        have = [str(c) for c in value.columns]
        named = [f"{c!r}{did_you_mean(c, have)}" for c in missing]
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]
        raise ArgumentError(f"{name}: no column {listed}")
    return value


def need_number(value: object, name: str, *, whole: bool = False) -> float:
    """``value`` as a float when it is a real number (a whole one when ``whole``).

    Examples
    --------
    >>> from outcomeframe._checks import need_number
    >>> need_number(3, "sii"), need_number("3", "width", whole=True)
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: width: expected a whole number, got str
    """
    kind = numbers.Integral if whole else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind):
        what = "a whole number" if whole else "a number"
        raise ArgumentError(f"{name}: expected {what}, got {type(value).__name__}")
    return float(value)


def need_text(value: object, name: str) -> str:
    """``value`` itself when it is text.

    Examples
    --------
    >>> from outcomeframe._checks import need_text
    >>> need_text(None, "text")
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: text: expected text, got NoneType
    """
    if not isinstance(value, str):
        raise ArgumentError(f"{name}: expected text, got {type(value).__name__}")
    return value


def check_choice(value: object, name: str, choices: Sequence[str]) -> str:
    """``value`` itself when it is one of ``choices`` (text).

    Examples
    --------
    >>> from outcomeframe._checks import check_choice
    >>> check_choice(["raise"], "errors", ("raise", "report"))
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: errors: ['raise'] is not one of 'raise', 'report'
    """
    if not isinstance(value, str) or value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise ArgumentError(f"{name}: {_shown(value)} is not one of {allowed}")
    return value
