"""Hypothesis strategies for periods and observation tables."""

from __future__ import annotations

import string

import pandas as pd
from hypothesis import strategies as st

from outcomeframe.observations._period import Period, PeriodType
from outcomeframe.observations._table import NUMBER_COLUMNS

years = st.integers(min_value=1900, max_value=2200)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """Any period the parser can produce, of every kind."""
    kind = draw(st.sampled_from(list(PeriodType)))
    year = draw(years)
    if kind in (PeriodType.CALENDAR, PeriodType.FINANCIAL, PeriodType.ACADEMIC):
        return Period.from_start_year(year, kind)
    if kind is PeriodType.POOLED:
        base = draw(st.sampled_from(["calendar", "financial", "academic"]))
        return Period.from_start_year(year, base, years=draw(st.integers(2, 10)))
    if kind is PeriodType.QUARTER:
        q = draw(st.integers(1, 4))
        label = draw(st.sampled_from([f"{year} Q{q}", f"{year}/{(year + 1) % 100:02d} Q{q}"]))
        return Period.parse(label)
    if kind is PeriodType.ROLLING:
        return Period.parse(draw(_rolling_labels(year)))
    return Period.parse(f"{year}-{draw(st.integers(1, 12)):02d}", kind="month")


def _rolling_labels(year: int) -> st.SearchStrategy[str]:
    """Fingertips' rolling and cumulative labels starting in ``year``, each form."""
    span = f"{year}/{(year + 1) % 100:02d}"

    def months(first: int, length: int) -> str:
        last = first + length - 1
        return f"{_MON[first - 1]} {year} - {_MON[(last - 1) % 12]} {year + (last - 1) // 12}"

    def quarters(fy: bool, q: int, length: int) -> str:
        last = q + length - 1
        end_year = year + (last - 1) // 4
        end = f"{end_year}/{(end_year + 1) % 100:02d}" if fy else str(end_year)
        return f"{span if fy else year} Q{q} - {end} Q{(last - 1) % 4 + 1}"

    return st.one_of(
        st.builds(months, st.integers(1, 12), st.integers(1, 36)),
        st.builds(quarters, st.booleans(), st.integers(1, 4), st.integers(1, 12)),
        st.builds(lambda q: f"{span} Q1-Q{q}", st.integers(2, 4)),
    )


_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def hint(period: Period) -> str:
    """The kind hint that reproduces ``period`` from its label."""
    if period.start.month == 9 and period.kind not in (PeriodType.MONTH, PeriodType.ROLLING):
        return "academic"
    return period.kind.value


codes = st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=9)
words = st.text(string.ascii_letters + " -&()", min_size=1, max_size=12).map(str.strip).filter(bool)
finite = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
#: Built once, not per row (a strategy made in the loop is made and checked again each time).
_YEARS = st.integers(2000, 2030)
_BREAKDOWNS = st.one_of(
    st.just(("Total", "Total")),
    st.tuples(words, words).filter(lambda t: t[0] not in ("Total", "Sex")),
)
_MAYBE_FINITE = st.one_of(st.none(), finite)
_MAYBE_WORDS = st.one_of(st.none(), words)


@st.composite
def observation_frames(draw: st.DrawFn, max_rows: int = 12) -> pd.DataFrame:
    """Valid tidy input: unique keys, Persons totals or category breakdowns, sane numbers."""
    indicators = draw(st.lists(st.sampled_from(["20401", "93085", "lbw"]), min_size=1, unique=True))
    rows = []
    keys = set()
    for _ in range(draw(st.integers(1, max_rows))):
        indicator = draw(st.sampled_from(indicators))
        area = draw(codes)
        period = Period.from_start_year(draw(_YEARS), "financial")
        breakdown = draw(_BREAKDOWNS)
        key = (indicator, area, period.label, *breakdown)
        if key in keys:
            continue
        keys.add(key)
        count = draw(finite)
        denominator = count + draw(finite)
        value = draw(_MAYBE_FINITE)
        row = {
            "indicator": indicator,
            "area_code": area,
            "period": period.label,
            "breakdown_type": breakdown[0],
            "breakdown": breakdown[1],
            "area_name": draw(_MAYBE_WORDS),
            "sex": "Persons",
            "age": draw(_MAYBE_WORDS),
            "count": count,
            "denominator": denominator,
            "value": value,
        }
        if value is not None and draw(st.booleans()):
            low, high = sorted([draw(finite), draw(finite)])
            row["lower_95"] = min(low, value)
            row["upper_95"] = max(high, value)
        rows.append(row)
    frame = pd.DataFrame(rows)
    for column in NUMBER_COLUMNS:
        if column in frame:
            frame[column] = frame[column].astype("float64")
    for column in ("area_name", "age"):
        frame[column] = frame[column].astype("str")
    return frame


__all__ = ["hint", "observation_frames", "periods"]
