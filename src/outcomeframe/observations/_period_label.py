"""One period: the frozen :class:`Period` value, its order and :meth:`Period.parse`.

The labels it reads, and how ambiguities resolve, are listed in
:mod:`outcomeframe.observations._period`; the patterns in ``_period_grammar``.
"""

from __future__ import annotations

import datetime as dt
import numbers
from typing import Any

import attrs

from outcomeframe._errors import ArgumentError, DataError, _shown
from outcomeframe._vocabulary import PeriodType
from outcomeframe.observations._period_grammar import (
    _MAX_YEAR,
    _MIN_YEAR,
    _MONTHS,
    _RE_CALENDAR,
    _RE_DASH,
    _RE_MONTH_NAME,
    _RE_POOLED,
    _RE_POOLED_SPAN,
    _RE_QUARTER,
    _RE_SPAN,
    _START_MONTH,
    _add_months,
    _check_next,
    _check_pool,
    _check_year,
    _full_year,
    _kind,
    _kind_hint,
    _span,
    _two,
    _Unrecognised,
)
from outcomeframe.observations._period_ranges import parse_range

__all__ = ["Period"]


#: The longest period label read ("2019/20 Q2 - 2020/21 Q1" has 23 characters): a longer
#: text is refused before the patterns, whose time grows with the square of its spaces.
MAX_PERIOD_LABEL = 64


@attrs.frozen(order=False, repr=False)
class Period:
    """A time period: canonical label, kind, first and last day.

    Build one with :meth:`parse` or :meth:`from_start_year`; the attributes are
    then consistent. Periods sort by ``start``, then ``end`` (ties, such as the
    calendar quarter "2019 Q2" and the financial quarter "2019/20 Q1", which
    cover the same months, are broken by kind and label so the order is total).

    Attributes
    ----------
    label : str
        Canonical text as Fingertips prints it ("2018/19", "2017 - 19").
        ``str(period)`` returns it.
    kind : PeriodType
        calendar, financial, academic, pooled, quarter or month.
    start, end : datetime.date
        First and last day covered (inclusive).

    Examples
    --------
    >>> from outcomeframe import Period
    >>> p = Period.parse("2018-19")
    >>> p
    Period('2018/19', kind='financial')
    >>> p.start, p.end
    (datetime.date(2018, 4, 1), datetime.date(2019, 3, 31))
    >>> sorted([Period.parse("2019"), Period.parse("2017 - 19"), p])
    [Period('2017 - 19', kind='pooled'), Period('2018/19', kind='financial'), Period('2019', kind='calendar')]
    """

    label: str
    kind: PeriodType = attrs.field(converter=_kind)
    start: dt.date
    end: dt.date = attrs.field()

    @end.validator
    def _check_end(self, _attribute: Any, value: dt.date) -> None:
        if value < self.start:
            raise ArgumentError(f"period {self.label!r}: end {value} is before start {self.start}")

    # -- derived -------------------------------------------------------------------------

    @property
    def years(self) -> float:
        """Length in years: 1 for a year, 3 for "2017 - 19", 0.25 for a quarter, 1/12 a month.

        Examples
        --------
        >>> from outcomeframe import Period
        >>> Period.parse("2020/21 - 24/25").years
        5.0
        >>> Period.parse("2019 Q2").years
        0.25
        """
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        return months / 12

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"Period({self.label!r}, kind={self.kind.value!r})"

    # -- ordering ------------------------------------------------------------------------

    def _key(self) -> tuple[dt.date, dt.date, str, str]:
        return (self.start, self.end, self.kind.value, self.label)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() >= other._key()

    # -- constructors --------------------------------------------------------------------

    @classmethod
    def _year(cls, year: int, kind: PeriodType) -> Period:
        if kind is PeriodType.CALENDAR:
            return cls(str(year), kind, *_span(year, 1, 12))
        return cls(f"{year}/{_two(year + 1)}", kind, *_span(year, _START_MONTH[kind], 12))

    @classmethod
    def _pooled(cls, first: int, last: int, base: PeriodType) -> Period:
        n = last - first + 1
        if base is PeriodType.CALENDAR:
            label = f"{first} - {_two(last)}"
        else:
            label = f"{first}/{_two(first + 1)} - {_two(last)}/{_two(last + 1)}"
        return cls(label, PeriodType.POOLED, *_span(first, _START_MONTH[base], 12 * n))

    @classmethod
    def from_start_year(
        cls, year: int, kind: PeriodType | str = PeriodType.CALENDAR, *, years: int = 1
    ) -> Period:
        """Build the period that starts in ``year`` (the FingertipsNext ``Year`` column).

        Parameters
        ----------
        year : int
            First year of the period (2023 means 2023/24 for a financial year).
        kind : PeriodType or str
            Type of each year: "calendar", "financial" or "academic".
            "pooled" means pooled calendar years (give ``years``).
        years : int
            Number of years; more than 1 gives a pooled period of that year type.

        Returns
        -------
        Period

        Raises
        ------
        ArgumentError
            For quarters, months and rolling periods (a start year does not identify
            them), a year
            outside 1000-9999, a pooled kind with ``years=1``, or ``years < 1``.

        Examples
        --------
        >>> from outcomeframe import Period
        >>> Period.from_start_year(2023, "financial")
        Period('2023/24', kind='financial')
        >>> p = Period.from_start_year(2018, "academic", years=5)
        >>> p, p.start
        (Period('2018/19 - 22/23', kind='pooled'), datetime.date(2018, 9, 1))
        >>> Period.from_start_year(2017, "pooled", years=3)
        Period('2017 - 19', kind='pooled')
        """
        hint = _kind_hint(kind)
        if hint is None:
            raise ArgumentError("kind: a start year needs a period type, got None")
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ArgumentError(f"year: {year!r} is not a whole number") from None
        if not _MIN_YEAR <= year <= _MAX_YEAR - years:
            raise ArgumentError(f"year: {year} is outside {_MIN_YEAR}-{_MAX_YEAR}")
        if hint in (PeriodType.QUARTER, PeriodType.MONTH, PeriodType.ROLLING):
            raise ArgumentError(f"kind: a start year cannot identify a {hint.value}")
        if years < 1:
            raise ArgumentError(f"years: {years} must be at least 1")
        if hint is PeriodType.POOLED:
            if years < 2:
                raise ArgumentError("years: a pooled period needs years >= 2")
            hint = PeriodType.CALENDAR
        if years == 1:
            return cls._year(year, hint)
        return cls._pooled(year, year + years - 1, hint)

    @classmethod
    def parse(cls, text: object, kind: PeriodType | str | None = None) -> Period:
        """Parse a period label such as "2019", "2018/19", "2017 - 19" or "2019 Q2".

        Parameters
        ----------
        text : str
            The label (an int such as 2019 is accepted as a calendar year).
        kind : PeriodType or str, optional
            Hint for labels the text alone cannot settle: "academic" reads
            "2018/19" (and pooled year spans) as academic years, "month" reads
            "2011-12" as December 2011. A hint that contradicts the text
            ("2019" with ``kind="financial"``) is an error. A year type agrees
            with the quarters, months and rolling periods of its years
            ("2019/20 Q1" and "Apr 2019" with ``kind="financial"``, as
            Fingertips publishes them), and "rolling", "quarter" and "month"
            with one another.

        Returns
        -------
        Period

        Raises
        ------
        DataError
            If the text is not a period label, is ambiguous, or contradicts ``kind``.
            The message quotes the text.
        ArgumentError
            If ``kind`` is not a :class:`PeriodType`.

        Examples
        --------
        >>> from outcomeframe import Period
        >>> Period.parse("2018/2019")
        Period('2018/19', kind='financial')
        >>> Period.parse("2018/19", kind="academic").start
        datetime.date(2018, 9, 1)
        >>> Period.parse("2017-19")
        Period('2017 - 19', kind='pooled')
        >>> Period.parse("2019/20 Q2").start
        datetime.date(2019, 7, 1)
        >>> Period.parse("Aug 2018")
        Period('2018-08', kind='month')
        >>> Period.parse("last year")
        Traceback (most recent call last):
        ...
        outcomeframe.DataError: period 'last year' is not a recognised period label ...
        """
        hint = _kind_hint(kind)
        raw = text
        if isinstance(text, bool) or not isinstance(text, str | numbers.Integral):
            raise DataError(f"period {_shown(raw)} is not text")
        text = str(text).strip()
        if len(text) > MAX_PERIOD_LABEL:  # before the patterns (their time grows with it)
            raise DataError(
                f"period {_shown(raw)} is not a period label: {len(text):,} characters, more "
                f"than the {MAX_PERIOD_LABEL} a label has"
            )
        try:
            period = cls._parse(text, hint)
        except _Unrecognised as err:
            raise DataError(f"period {_shown(raw)} {err}") from None
        if hint is not None and not _agrees(period, hint):
            raise DataError(
                f"period {_shown(raw)} is a {period.kind.value} period, not {hint.value} as given"
            )
        return period

    @classmethod
    def _parse(cls, text: str, hint: PeriodType | None) -> Period:
        span_type = hint if hint in (PeriodType.FINANCIAL, PeriodType.ACADEMIC) else None
        if m := _RE_CALENDAR.fullmatch(text):
            return cls._year(_check_year(m["y1"]), PeriodType.CALENDAR)
        if m := _RE_SPAN.fullmatch(text):
            first = _check_year(m["y1"])
            _check_next(first, m["y2"], text)
            return cls._year(first, span_type or PeriodType.FINANCIAL)
        if m := _RE_DASH.fullmatch(text):
            first = _check_year(m["y1"])
            y2 = m["y2"]
            is_month = len(y2) == 2 and 1 <= int(y2) <= 12
            is_span = _full_year(first, y2) == first + 1
            if is_month and hint is PeriodType.MONTH:
                return cls._month(first, int(y2))
            if is_month and not is_span:
                return cls._month(first, int(y2))
            if is_month and hint is None:
                raise _Unrecognised(
                    f"is ambiguous: the month {first}-{y2} or the year {first}/{y2}; "
                    "pass kind='month' or kind='financial'"
                )
            if is_span and hint is not PeriodType.POOLED:
                return cls._year(first, span_type or PeriodType.FINANCIAL)
            return cls._pooled_calendar(first, y2)
        if m := _RE_POOLED.fullmatch(text):
            return cls._pooled_calendar(_check_year(m["y1"]), m["y2"])
        if m := _RE_POOLED_SPAN.fullmatch(text):
            first = _check_year(m["y1"])
            _check_next(first, m["a2"], text)
            last = _full_year(first, m["b1"])
            _check_next(last, m["b2"], text)
            _check_pool(first, last)
            return cls._pooled(first, last, span_type or PeriodType.FINANCIAL)
        if m := _RE_QUARTER.fullmatch(text):
            first = _check_year(m["y1"])
            q = int(m["q"])
            if m["y2"] is None:
                return cls(f"{first} Q{q}", PeriodType.QUARTER, *_span(first, 3 * q - 2, 3))
            _check_next(first, m["y2"], text)
            start = _add_months(dt.date(first, 4, 1), 3 * (q - 1))
            return cls(
                f"{first}/{_two(first + 1)} Q{q}",
                PeriodType.QUARTER,
                *_span(start.year, start.month, 3),
            )
        if (m := _RE_MONTH_NAME.fullmatch(text)) and m["m"].lower() in _MONTHS:
            return cls._month(_check_year(m["y1"]), _MONTHS[m["m"].lower()])
        if parts := parse_range(text, hint, cls._parse):
            return cls(*parts)
        raise _Unrecognised(
            "is not a recognised period label (expected e.g. 2019, 2018/19, "
            "2017 - 19, 2020/21 - 24/25, 2019 Q2, 2018-08, Apr 2019 - Mar 2020, "
            "2019/20 Q2 - 2020/21 Q1, 2019/20 Q1-Q3, 2021 to 2023)"
        )

    @classmethod
    def _pooled_calendar(cls, first: int, y2: str) -> Period:
        last = _full_year(first, y2)
        _check_pool(first, last)
        _check_year(str(last))
        return cls._pooled(first, last, PeriodType.CALENDAR)

    @classmethod
    def _month(cls, year: int, month: int) -> Period:
        return cls(f"{year}-{month:02d}", PeriodType.MONTH, *_span(year, month, 1))


#: The year types: as hints, they settle year spans, and say nothing about parts of years.
_YEAR_TYPES = frozenset({PeriodType.CALENDAR, PeriodType.FINANCIAL, PeriodType.ACADEMIC})
_PARTS = frozenset({PeriodType.QUARTER, PeriodType.MONTH, PeriodType.ROLLING})


def _agrees(period: Period, hint: PeriodType) -> bool:
    """Whether a period read from its label agrees with the kind given for it.

    A year type (as Fingertips' metadata gives one) agrees with the quarters, months and
    rolling periods of that year type: a financial indicator publishes "2019/20 Q1",
    "Apr 2019" and "2019/20 Q1 - 2019/20 Q4". Quarters name their year type ("2019 Q1"
    is calendar, "2019/20 Q1" financial); months name none. "rolling", "quarter" and
    "month" agree with one another: a cumulative series starts with one quarter.
    """
    if hint is period.kind:
        return True
    if period.kind in _PARTS and hint in _PARTS:
        return True
    if period.kind in _PARTS and hint in _YEAR_TYPES:
        if "Q" not in period.label:  # months: of any year type
            return True
        financial = "/" in period.label
        return financial == (hint is not PeriodType.CALENDAR)
    # for a pooled period, a year-type hint says what the pooled years are
    return period.kind is PeriodType.POOLED and hint.value == _year_type(period)


def _year_type(period: Period) -> str:
    return {1: "calendar", 4: "financial", 9: "academic"}.get(period.start.month, "")
