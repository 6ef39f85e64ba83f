"""The area, benchmark and date arguments of the assessment and its reports, checked once.

Each public function that takes ``area=``, ``benchmark=`` or ``as_of=`` reads it here,
so that a number, a NaN or a date that is no date is an
:class:`~outcomeframe.ArgumentError` naming the argument, not an exception from inside
pandas.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError, OutcomeFrameWarning, _listed, _shown, _user_level
from outcomeframe._suggest import did_you_mean

__all__ = ["area_list", "as_of_date", "need_assessment", "one_area", "warn_absent_areas"]

#: Areas named in a warning; the rest are counted.
_SHOWN = 3


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
        codes = [_code(v, name) for v in value]
        if not codes:
            raise ArgumentError(f"{name}: no area code given (an empty {type(value).__name__})")
        return codes
    raise ArgumentError(
        f"{name}: expected an area code or a list of them, got {type(value).__name__} "
        f"{_shown(value)}"
    )


def warn_absent_areas(codes: Iterable[str] | None, column: Any, then: str) -> list[str]:
    """Warn of the area codes asked for that ``column`` (the data's area codes) has not.

    A code with no observation is most often a slip (a digit left out) or another
    area than the data cover; the result is not wrong, only empty for it, so this
    warns rather than raises. ``then`` ends the message: what the caller gives for such
    an area, with ``{them}`` for "it" or "them". Returns the codes warned of.

    Examples
    --------
    >>> import warnings
    >>> import pandas as pd
    >>> from outcomeframe.assessment._arguments import warn_absent_areas
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_absent_areas(["E0800009"], pd.Series(["E08000009"]), ", so no row for {them}")
    ['E0800009']
    >>> print(caught[0].message)
    area: no observation for 'E0800009' (did you mean 'E08000009'?), so no row for it
    """
    if codes is None:
        return []
    if isinstance(column, pd.Series) and isinstance(column.dtype, pd.CategoricalDtype):
        column = column.cat.remove_unused_categories().cat.categories  # the rows' codes only
    in_data = {str(c) for c in pd.unique(np.asarray(column, dtype=object))}
    absent = [c for c in dict.fromkeys(codes) if c not in in_data]
    if absent:
        named = [f"{c!r}{did_you_mean(c, sorted(in_data))}" for c in absent[:_SHOWN]]
        listed = _listed(named, limit=_SHOWN, total=len(absent))
        tail = then.format(them="it" if len(absent) == 1 else "them")
        warnings.warn(
            f"area: no observation for {listed}{tail}",
            OutcomeFrameWarning,
            stacklevel=_user_level(),
        )
    return absent


def need_assessment(value: Any, name: str = "assessment") -> Any:
    """``value`` itself when it is an :class:`~outcomeframe.Assessment`.

    Examples
    --------
    >>> from outcomeframe.assessment._arguments import need_assessment
    >>> need_assessment(None)
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: assessment: expected an Assessment (what assess returns), got NoneType
    """
    from outcomeframe.assessment._assessment import Assessment  # noqa: PLC0415 - a cycle

    if not isinstance(value, Assessment):
        raise ArgumentError(
            f"{name}: expected an Assessment (what assess returns), got {type(value).__name__}"
        )
    return value


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
