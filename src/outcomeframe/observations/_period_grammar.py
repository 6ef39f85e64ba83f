"""The grammar of period labels: their patterns, the year arithmetic and its checks.

What :meth:`Period.parse <outcomeframe.observations.Period.parse>` reads (see
:mod:`outcomeframe.observations._period` for every label and how ambiguities resolve).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import PeriodType, _word_key

__all__: list[str] = []

#: The months in English, whatever the locale (strftime's names follow it).
_MONTH_NAMES: tuple[str, ...] = ("January", "February", "March", "April", "May", "June")
_MONTH_NAMES += ("July", "August", "September", "October", "November", "December")
_MONTHS = {
    name.lower(): number
    for number, month in enumerate(_MONTH_NAMES, start=1)
    for name in (month[:3], month)
}
_MIN_YEAR, _MAX_YEAR = 1000, 9999
_MAX_POOL = 50


#: Words naming pooled (multi-year) periods whose year type is the PeriodType given.
_MULTI_YEAR_WORDS = frozenset({"financial multi-year"})


def _multi_year(kind: object) -> bool:
    """Whether a period-type word names pooled years ("Financial multi-year")."""
    return isinstance(kind, str) and _word_key(kind) in _MULTI_YEAR_WORDS


#: Month in which a year of each type starts.
_START_MONTH = {PeriodType.CALENDAR: 1, PeriodType.FINANCIAL: 4, PeriodType.ACADEMIC: 9}


def _kind_hint(kind: PeriodType | str | None, name: str = "kind") -> PeriodType | None:
    """A period-type hint read as :class:`PeriodType`; errors name the argument ``name``."""
    if kind is None or isinstance(kind, PeriodType):
        return kind
    return PeriodType.parse(kind, name)


def _kind(value: Any) -> PeriodType:
    """The ``kind`` field of :class:`Period`: a PeriodType or its word."""
    kind = _kind_hint(value)
    if kind is None:
        raise ArgumentError("kind: a period needs a period type, got None")
    return kind


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + (day.month - 1) + months
    return dt.date(total // 12, total % 12 + 1, 1)


def _span(start_year: int, start_month: int, months: int) -> tuple[dt.date, dt.date]:
    start = dt.date(start_year, start_month, 1)
    end = _add_months(start, months) - dt.timedelta(days=1)
    return start, end


def _two(year: int) -> str:
    return f"{year % 100:02d}"


def _full_year(start: int, two_digits: str) -> int:
    """The first year >= ``start`` (or start + 1 for 4-digit input) ending in ``two_digits``."""
    if len(two_digits) == 4:
        return int(two_digits)
    end = start - start % 100 + int(two_digits)
    return end if end >= start else end + 100


_YEAR = r"(?P<y1>\d{4})"
_RE_CALENDAR = re.compile(rf"{_YEAR}")
_RE_SPAN = re.compile(rf"{_YEAR}\s*/\s*(?P<y2>\d{{2}}|\d{{4}})")
_RE_DASH = re.compile(rf"{_YEAR}-(?P<y2>\d{{2}}|\d{{4}})")
_RE_POOLED = re.compile(rf"{_YEAR}\s+-\s+(?P<y2>\d{{2}}|\d{{4}})")
_RE_POOLED_SPAN = re.compile(
    rf"{_YEAR}\s*/\s*(?P<a2>\d{{2}}|\d{{4}})\s*-\s*(?P<b1>\d{{2}}|\d{{4}})\s*/\s*(?P<b2>\d{{2}}|\d{{4}})"
)
_RE_QUARTER = re.compile(
    rf"{_YEAR}(?:\s*/\s*(?P<y2>\d{{2}}|\d{{4}}))?\s+Q(?P<q>[1-4])", re.IGNORECASE
)
_RE_MONTH_NAME = re.compile(r"(?P<m>[A-Za-z]+)\.?\s+(?P<y1>\d{4})")


def _quarter(name: str) -> str:
    """A quarter of a calendar ("2019 Q2") or financial ("2019/20 Q2") year, in groups ``name*``."""
    return rf"(?P<{name}y1>\d{{4}})(?:\s*/\s*(?P<{name}y2>\d{{2}}|\d{{4}}))?\s+Q(?P<{name}q>[1-4])"


# Fingertips' rolling and cumulative periods: "Apr 2019 - Mar 2020" (a rolling year of
# months, or a year from August, March or July), "2019/20 Q2 - 2020/21 Q1" (a rolling
# year of quarters) and "2019/20 Q1-Q3" (cumulative quarters).
_RE_MONTH_RANGE = re.compile(
    r"(?P<m1>[A-Za-z]+)\.?\s+(?P<y1>\d{4})\s*-\s*(?P<m2>[A-Za-z]+)\.?\s+(?P<y2>\d{4})"
)
_RE_QUARTER_RANGE = re.compile(rf"{_quarter('a')}\s*-\s*{_quarter('b')}", re.IGNORECASE)
_RE_CUMULATIVE = re.compile(
    rf"{_YEAR}(?:\s*/\s*(?P<y2>\d{{2}}|\d{{4}}))?\s+Q(?P<q1>[1-4])\s*-\s*Q(?P<q2>[1-4])",
    re.IGNORECASE,
)


class _Unrecognised(ValueError):
    """Internal: the text is not a period; the message completes "period 'x' ..."."""


def _check_year(text: str) -> int:
    year = int(text)
    if not _MIN_YEAR <= year < _MAX_YEAR:
        raise _Unrecognised(f"has a year outside {_MIN_YEAR}-{_MAX_YEAR - 1}")
    return year


def _check_pool(first: int, last: int) -> None:
    # a two-digit end is read as the next year with those digits; pools longer than
    # _MAX_POOL years are taken as mistakes ("2019 - 18" is not 2019-2118)
    if not 0 < last - first < _MAX_POOL:
        raise _Unrecognised("is not a pooled period: it ends before it starts")


def _check_next(first: int, second: str, text: str) -> None:
    if _full_year(first, second) != first + 1:
        raise _Unrecognised(
            f"is not a year span: {second} is not the year after {first} in {text!r}"
        )
