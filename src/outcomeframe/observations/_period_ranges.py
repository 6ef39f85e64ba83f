"""Periods that run from one month, quarter or year to another.

Fingertips prints rolling and cumulative periods as ranges: "Apr 2019 - Mar 2020" (a
rolling year of months, or a year from August, March or July), "2019/20 Q2 - 2020/21
Q1" (a rolling year of quarters) and "2019/20 Q1-Q3" (cumulative quarters); they are
periods of kind "rolling". FingertipsNext's charts and their CSV exports join the ends
of a range with "to" ("2021 to 2023", "2021/22 to 2023/24", "Apr 2023 to Mar 2024"),
name a quarter by its months ("Apr to Jun 2023", "Jan - Mar 2023") and a financial year
end point by its date ("31 Mar 2022/23"): each is read as the period Fingertips prints.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from outcomeframe._vocabulary import PeriodType
from outcomeframe.observations._period_grammar import (
    _MAX_POOL,
    _MONTH_NAMES,
    _MONTHS,
    _RE_CUMULATIVE,
    _RE_MONTH_RANGE,
    _RE_QUARTER_RANGE,
    _add_months,
    _check_next,
    _check_year,
    _span,
    _two,
    _Unrecognised,
)

__all__: list[str] = []

#: A period as its parts: label, kind, first and last day.
Parts = tuple[str, PeriodType, dt.date, dt.date]

_RE_TO = re.compile(r"\s+to\s+", re.IGNORECASE)
#: "Apr to Jun 2023", "Jan - Mar 2023": the months of one quarter, the year once.
_RE_MONTHS_OF_YEAR = re.compile(
    r"(?P<m1>[A-Za-z]+)\.?\s*(?:-|\s+to\s+)\s*(?P<m2>[A-Za-z]+)\.?\s+(?P<y>\d{4})", re.IGNORECASE
)
#: "31 Mar 2022/23": the end of a year span, as FingertipsNext names an end point.
_RE_END_POINT = re.compile(r"(?P<d>\d{1,2})\s+(?P<m>[A-Za-z]+)\.?\s+(?P<span>\d{4}\s*/\s*\d{2,4})")


def parse_range(
    text: str, hint: PeriodType | None, parse: Callable[[str, PeriodType | None], Any]
) -> Parts | None:
    """The parts of a range label, or None when ``text`` is not one.

    ``parse`` reads a plain label (``Period._parse``): the ends of a "to" range are
    joined as Fingertips would print them and read again with it.
    """
    if m := _RE_MONTH_RANGE.fullmatch(text):
        month_a, month_b = m["m1"].lower(), m["m2"].lower()
        if month_a in _MONTHS and month_b in _MONTHS:
            start = dt.date(_check_year(m["y1"]), _MONTHS[month_a], 1)
            end = _span(_check_year(m["y2"]), _MONTHS[month_b], 1)[1]
            return _rolling(f"{_mon(start)} - {_mon(end)}", start, end)
    if m := _RE_QUARTER_RANGE.fullmatch(text):
        (label_a, start, _), (label_b, _, end) = (_quarter_of(m, k, text) for k in "ab")
        if (m["ay2"] is None) != (m["by2"] is None):
            raise _Unrecognised("mixes a calendar quarter and a financial quarter")
        return _rolling(f"{label_a} - {label_b}", start, end)
    if m := _RE_CUMULATIVE.fullmatch(text):
        first = _check_year(m["y1"])
        q1, q2 = int(m["q1"]), int(m["q2"])
        if m["y2"] is not None:
            _check_next(first, m["y2"], text)
        months = 1 if m["y2"] is None else 4
        start = _add_months(dt.date(first, months, 1), 3 * (q1 - 1))
        end = _span(start.year, start.month, 3 * (q2 - q1 + 1))[1]
        year = str(first) if m["y2"] is None else f"{first}/{_two(first + 1)}"
        return _rolling(f"{year} Q{q1}-Q{q2}", start, end)
    if (m := _RE_MONTHS_OF_YEAR.fullmatch(text)) and _months_known(m["m1"], m["m2"]):
        last, first = _MONTHS[m["m2"].lower()], _MONTHS[m["m1"].lower()]
        in_year = _check_year(m["y"])
        start = dt.date(in_year if first <= last else in_year - 1, first, 1)
        end = _span(in_year, last, 1)[1]
        return _rolling(f"{_mon(start)} - {_mon(end)}", start, end)
    if m := _RE_END_POINT.fullmatch(text):
        return _end_point(m, hint, parse)
    ends = _RE_TO.split(text, maxsplit=1)
    if len(ends) == 2:  # "2021 to 2023", "2021/22 to 2023/24", "Apr 2023 to Mar 2024"
        if _RE_TO.search(ends[1]):  # read once, not again for each "to" (no deep recursion)
            raise _Unrecognised("joins more than two periods with 'to'")
        first_end, last_end = (_RE_END_POINT.fullmatch(e) for e in ends)
        if first_end and last_end:  # "31 Mar 2020/21 to 31 Mar 2022/23"
            _end_point(first_end, hint, parse)
            _end_point(last_end, hint, parse)
            ends = [first_end["span"], last_end["span"]]
            hint = hint or PeriodType.FINANCIAL
        p = parse(f"{ends[0]} - {ends[1]}", hint)
        return (p.label, p.kind, p.start, p.end)
    return None


def _months_known(*names: str) -> bool:
    return all(name.lower() in _MONTHS for name in names)


def _end_point(
    m: re.Match[str], hint: PeriodType | None, parse: Callable[[str, PeriodType | None], Any]
) -> Parts:
    """The year span that ends on the day named, as in 31 Mar 2022/23 (a financial year)."""
    p = parse(m["span"], hint if hint is PeriodType.ACADEMIC else PeriodType.FINANCIAL)
    month = m["m"].lower()
    if month not in _MONTHS or (int(m["d"]), _MONTHS[month]) != (p.end.day, p.end.month):
        raise _Unrecognised(f"is not the last day of {p.label} ({p.end:%d %b %Y})")
    return (p.label, p.kind, p.start, p.end)


def _rolling(label: str, start: dt.date, end: dt.date) -> Parts:
    """A run of months or quarters (kind "rolling"): it ends after it starts, within a pool."""
    if end < start:
        raise _Unrecognised("ends before it starts")
    if end.year - start.year >= _MAX_POOL:
        raise _Unrecognised(f"spans more than {_MAX_POOL} years")
    return (label, PeriodType.ROLLING, start, end)


def _mon(day: dt.date) -> str:
    """The month as Fingertips prints it in a range: Apr 2019."""
    return f"{_MONTH_NAMES[day.month - 1][:3]} {day.year}"


def _quarter_of(m: re.Match[str], name: str, text: str) -> tuple[str, dt.date, dt.date]:
    """The label, first and last day of the quarter in groups ``name*`` of ``m``."""
    first = _check_year(m[f"{name}y1"])
    q = int(m[f"{name}q"])
    if m[f"{name}y2"] is None:
        return (f"{first} Q{q}", *_span(first, 3 * q - 2, 3))
    _check_next(first, m[f"{name}y2"], text)
    start = _add_months(dt.date(first, 4, 1), 3 * (q - 1))
    return (f"{first}/{_two(first + 1)} Q{q}", *_span(start.year, start.month, 3))
