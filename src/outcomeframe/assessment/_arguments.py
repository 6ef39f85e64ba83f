"""The area, benchmark and date arguments of the assessment and its reports, checked once.

Each public function that takes ``area=``, ``benchmark=`` or ``as_of=`` reads it here,
so that a number, a NaN or a date that is no date is an
:class:`~outcomeframe.ArgumentError` naming the argument, not an exception from inside
pandas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError, _shown

__all__ = ["area_list", "as_of_date", "one_area"]


def _code(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ArgumentError(
            f"{name}: expected an area code such as 'E08000009', got {_shown(value)}"
        )
    return value


def one_area(value: Any, name: str = "area") -> str | None:
    """``value`` as one area code, or None.

    Examples
    --------
    >>> from outcomeframe.assessment._arguments import one_area
    >>> one_area("E08000009"), one_area(None)
    ('E08000009', None)
    >>> one_area(float("nan"))
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: area: expected an area code such as 'E08000009', got nan
    """
    return None if value is None else _code(value, name)


def area_list(value: Any, name: str = "area") -> list[str] | None:
    """``value`` (one area code, or a list, tuple, set, array or Series of them) as a list.

    Examples
    --------
    >>> from outcomeframe.assessment._arguments import area_list
    >>> area_list("E08000009"), area_list(("E1", "E2")), area_list(None)
    (['E08000009'], ['E1', 'E2'], None)
    >>> area_list(["E1", None])
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: area: expected an area code such as 'E08000009', got None
    """
    if value is None:
        return None
    if isinstance(value, str):
        return [_code(value, name)]
    if isinstance(value, Iterable) and not isinstance(value, bytes | dict):
        if isinstance(value, np.ndarray) and value.ndim != 1:
            raise ArgumentError(f"{name}: expected area codes in one dimension, got {value.shape}")
        return [_code(v, name) for v in value]
    raise ArgumentError(
        f"{name}: expected an area code or a list of them, got {type(value).__name__} "
        f"{_shown(value)}"
    )


def as_of_date(value: Any) -> pd.Timestamp | None:
    """``as_of`` (a date, a datetime, or ISO text such as ``"2025-03-31"``) as a Timestamp.

    Examples
    --------
    >>> from outcomeframe.assessment._arguments import as_of_date
    >>> as_of_date("2025-03-31")
    Timestamp('2025-03-31 00:00:00')
    >>> as_of_date("2025-13-01")
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: as_of: '2025-13-01' is not a date (give a date or text such as '2025-03-31')
    """
    if value is None:
        return None
    if isinstance(value, dt.date | pd.Timestamp | np.datetime64) and not pd.isna(value):
        return pd.Timestamp(value)
    if isinstance(value, str):
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, OverflowError):
            stamp = None
        if stamp is not None and not pd.isna(stamp):
            return stamp
    raise ArgumentError(
        f"as_of: {_shown(value)} is not a date (give a date or text such as '2025-03-31')"
    )
