"""Time periods as Fingertips prints them: parsed once, ordered by their dates.

A :class:`Period` is a frozen value with a canonical ``label`` ("2018/19"), a
``kind`` (:class:`PeriodType`) and the first and last day it covers. The labels
understood are::

    2019                  calendar year                 (kind "calendar")
    2018/19               financial or academic year     (kind "financial" / "academic")
      also 2018/2019, 2018-19, 2018-2019
    2017 - 19             three calendar years pooled    (kind "pooled")
      also 2017-19, 2017 - 2019
    2020/21 - 24/25       five financial years pooled    (kind "pooled")
    2019 Q2               calendar quarter (April-June)  (kind "quarter")
    2019/20 Q2            financial quarter (July-Sept)  (kind "quarter")
    2018-08               month                          (kind "month")
      also Aug 2018, August 2018

Ambiguities, and how they are resolved
--------------------------------------
* "2018/19" reads the same for a financial year (1 April - 31 March) and an
  academic year (1 September - 31 August). It is a financial year unless the
  ``kind="academic"`` hint is given. The hint also applies to pooled year spans
  ("2018/19 - 22/23" becomes five academic years; its kind stays "pooled").
* "2018-19" without spaces is a year span when 19 is the year after 2018;
  "2017-19" (any other end) is pooled; "2018 - 19" with spaces is pooled.
* "2011-12" could be December 2011 or the year 2011/12: without a hint it is
  rejected as ambiguous; pass ``kind="month"`` or ``kind="financial"``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable
from typing import Any

import attrs
import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError, DataError
from outcomeframe._vocabulary import _PERIOD_WORDS as _PERIOD_WORDS  # noqa: PLC0414
from outcomeframe._vocabulary import PeriodType, _word_key

__all__ = ["PERIOD_FRAME_COLUMNS", "Period", "PeriodType", "parse_periods"]

#: Columns returned by :func:`parse_periods`, in order.
PERIOD_FRAME_COLUMNS: tuple[str, ...] = ("period", "period_start", "period_end", "period_type")

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%b").lower(),
        dt.date(2000, number, 1).strftime("%B").lower(),
    )
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
    >>> from outcomeframe.observations import Period
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
        >>> from outcomeframe.observations import Period
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
            For quarters and months (a start year does not identify them), a year
            outside 1000-9999, a pooled kind with ``years=1``, or ``years < 1``.

        Examples
        --------
        >>> from outcomeframe.observations import Period
        >>> Period.from_start_year(2023, "financial")
        Period('2023/24', kind='financial')
        >>> p = Period.from_start_year(2018, "academic", years=5)
        >>> p, p.start
        (Period('2018/19 - 22/23', kind='pooled'), datetime.date(2018, 9, 1))
        >>> Period.from_start_year(2017, "pooled", years=3)
        Period('2017 - 19', kind='pooled')
        """
        hint = _kind_hint(kind)
        assert hint is not None
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ArgumentError(f"year: {year!r} is not a whole number") from None
        if not _MIN_YEAR <= year <= _MAX_YEAR - years:
            raise ArgumentError(f"year: {year} is outside {_MIN_YEAR}-{_MAX_YEAR}")
        if hint in (PeriodType.QUARTER, PeriodType.MONTH):
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
            ("2019" with ``kind="financial"``) is an error.

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
        >>> from outcomeframe.observations import Period
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
        if isinstance(text, bool) or not isinstance(text, str | int | np.integer):
            raise DataError(f"period {raw!r} is not text")
        text = str(text).strip()
        try:
            period = cls._parse(text, hint)
        except _Unrecognised as err:
            raise DataError(f"period {raw!r} {err}") from None
        if hint is not None and not _agrees(period, hint):
            raise DataError(
                f"period {raw!r} is a {period.kind.value} period, not {hint.value} as given"
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
        raise _Unrecognised(
            "is not a recognised period label (expected e.g. 2019, 2018/19, "
            "2017 - 19, 2020/21 - 24/25, 2019 Q2, 2018-08)"
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


def _agrees(period: Period, hint: PeriodType) -> bool:
    if hint is period.kind:
        return True
    # for a pooled period, a year-type hint says what the pooled years are
    return period.kind is PeriodType.POOLED and hint.value == _year_type(period)


def _year_type(period: Period) -> str:
    return {1: "calendar", 4: "financial", 9: "academic"}.get(period.start.month, "")


def parse_periods(
    labels: pd.Series[Any] | Any, kind: PeriodType | str | pd.Series[Any] | None = None
) -> pd.DataFrame:
    """Parse a column of period labels, each distinct label once.

    Parameters
    ----------
    labels : pandas.Series
        Period labels (text, or integer calendar years).
    kind : PeriodType, str or pandas.Series, optional
        Hint passed to :meth:`Period.parse`; a Series aligned with ``labels``
        gives one hint per row (missing hints mean none).

    Returns
    -------
    pandas.DataFrame
        Same index as ``labels``; columns ``period`` (canonical label, str),
        ``period_start`` and ``period_end`` (``datetime64[s]``) and ``period_type``
        (str, a :class:`PeriodType` value).

    Raises
    ------
    DataError
        Listing every label that cannot be parsed with the rows (index labels)
        where it occurs. A missing label is reported the same way.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.observations import parse_periods
    >>> parse_periods(pd.Series(["2018/19", "2017-19", "2018/19"]))
          period period_start period_end period_type
    0    2018/19   2018-04-01 2019-03-31   financial
    1  2017 - 19   2017-01-01 2019-12-31      pooled
    2    2018/19   2018-04-01 2019-03-31   financial
    >>> parse_periods(pd.Series(["2019", "soon", "soon"]))
    Traceback (most recent call last):
    ...
    outcomeframe.DataError: 1 period label could not be parsed
      - period 'soon' is not a recognised period label ... (rows 1, 2)
    """
    result, problems, _ = _parse_periods(pd.Series(labels), kind)
    if problems:
        n = len(problems)
        raise DataError(
            f"{n} period label{'s' if n != 1 else ''} could not be parsed", problems=problems
        )
    return result


def _parse_periods(
    labels: pd.Series[Any],
    kind: PeriodType | str | pd.Series[Any] | None,
    *,
    categorical: bool = False,
) -> tuple[pd.DataFrame, list[str], pd.Series[Any]]:
    """Parse labels.

    Returns the frame (missing where unparseable), one problem per bad label
    (with its rows), and the problem of each row (missing where fine). With
    ``categorical=True`` the ``period`` column is a categorical.
    """
    distinct: list[tuple[Any, Any]]  # the distinct (label, hint) pairs, parsed once each
    if isinstance(labels.dtype, pd.CategoricalDtype) and not isinstance(kind, pd.Series):
        # the categories are the distinct labels: no factorising of the rows
        k = len(labels.cat.categories)
        raw = labels.cat.codes.to_numpy().astype(np.intp)
        raw = np.where(raw < 0, k, raw)  # a missing label takes the last slot
        used = np.flatnonzero(np.bincount(raw, minlength=k + 1) > 0)
        remap = np.full(k + 1, -1, dtype=np.intp)
        remap[used] = np.arange(len(used))
        codes = remap[raw]
        values = [*labels.cat.categories, None]
        distinct = [(values[u], _kind_hint(kind)) for u in used]
    else:
        label_codes, _ = pd.factorize(labels, use_na_sentinel=False)
        if isinstance(kind, pd.Series):
            hints = kind.reindex(labels.index).astype("object")
            hints = hints.where(hints.notna() & (hints.astype("str").str.strip() != ""), None)
            hint_codes, hint_uniques = pd.factorize(hints.astype("str"), use_na_sentinel=False)
            codes, _ = pd.factorize(label_codes * (len(hint_uniques) + 1) + hint_codes)
        else:
            hints = pd.Series(_kind_hint(kind), index=labels.index[:0], dtype="object")
            codes = label_codes
        first = np.full(int(codes.max()) + 1 if len(codes) else 0, -1, dtype=np.int64)
        first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # first row of each code
        distinct = [
            (
                labels.iloc[position],
                hints.iloc[position] if isinstance(kind, pd.Series) else _kind_hint(kind),
            )
            for position in first
        ]
    rows: list[tuple[Any, Any, Any, Any]] = []
    bad: dict[int, str] = {}
    for i, (label, hint) in enumerate(distinct):  # one parse per distinct (label, hint)
        try:
            if pd.isna(label):
                raise DataError("period is missing")
            p = Period.parse(label, kind=hint)
        except DataError as err:
            bad[i] = str(err).split("\n")[0]
            rows.append((np.nan, pd.NaT, pd.NaT, np.nan))
        except ArgumentError as err:
            bad[i] = f"period {label!r}: {err}"
            rows.append((np.nan, pd.NaT, pd.NaT, np.nan))
        else:
            rows.append((p.label, p.start, p.end, p.kind.value))
    table = pd.DataFrame(rows, columns=list(PERIOD_FRAME_COLUMNS))
    period_codes, period_labels = pd.factorize(table["period"], use_na_sentinel=True)
    result = pd.DataFrame(
        {
            "period": pd.Categorical.from_codes(
                period_codes[codes], categories=pd.Index(period_labels).astype("str")
            ),
            "period_start": table["period_start"].astype("datetime64[s]").to_numpy()[codes],
            "period_end": table["period_end"].astype("datetime64[s]").to_numpy()[codes],
            "period_type": pd.Categorical(table["period_type"].astype("str"))[codes],
        },
        index=labels.index,
    )
    if categorical:
        result["period_type"] = result["period_type"].astype("category")
    else:
        result["period"] = result["period"].astype("str")
        result["period_type"] = result["period_type"].astype("str")
    per_label = np.full(len(distinct), np.nan, dtype=object)
    for i, message in bad.items():
        per_label[i] = message
    if bad:
        row_messages = pd.Series(per_label[codes], index=labels.index, dtype="str")
    else:  # nothing to say: skip building millions of missing strings
        row_messages = pd.Series(np.nan, index=labels.index, dtype="float64")
    problems: list[str] = []
    if bad:
        codes_s = pd.Series(codes, index=labels.index)
        for i, message in bad.items():
            where = _rows(codes_s.index[codes_s.to_numpy() == i], labels.index.name)
            problems.append(f"{message} ({where})")
    return result, problems, row_messages


def _rows(index: pd.Index[Any], name: Hashable | None, limit: int = 20) -> str:
    word = str(name) if name else "row"
    items = [str(x) for x in index[:limit]]
    more = f" and {len(index) - limit} more" if len(index) > limit else ""
    plural = "s" if len(index) != 1 else ""
    return f"{word}{plural} {', '.join(items)}{more}"
