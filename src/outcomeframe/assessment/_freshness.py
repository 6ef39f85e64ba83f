"""How old each latest value is, judged against how often the indicator is published.

The rule (documented in docs/howto/dashboard.md; the roll-up and the dashboard use it): an indicator is published
every *frequency* (the smallest spacing between its periods in the data, and
at least the spacing of its period type: a year for calendar, financial,
academic and pooled periods, three months for quarters, a month for months; for
rolling periods, such as "Apr 2019 - Mar 2020", only the spacing in the data, or a
year when there is one period).
After the latest period in the data, the next one ends one frequency later and
is published about ``lag`` (one year) after it ends; with ``slack`` (three
months) for late releases. The latest value is **out of date** when the
reference date is after that: a newer figure should already be out. The latest
published figure is therefore never out of date just because publishing lags.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe.assessment._arguments import as_of_date, one_area
from outcomeframe.assessment._headline import headline_mask

__all__ = ["data_age"]

if TYPE_CHECKING:
    from outcomeframe.assessment._assess import Assessment

_DAY = np.timedelta64(1, "D")
#: The spacing of periods of each period type, in months.
_NOMINAL_MONTHS = {"quarter": 3, "month": 1}
_LAG = pd.DateOffset(years=1)
_SLACK = pd.DateOffset(months=3)


def _months(days: pd.Series[Any]) -> pd.Series[Any]:
    return (days / 30.4375).round().astype("Int64")


def _every(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return "yearly" if years == 1 else f"every {years} years"
    if months == 3:
        return "quarterly"
    if months == 1:
        return "monthly"
    return f"every {months} months"


def _age_words(days: int) -> str:
    months = round(days / 30.4375)
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts)


def _reference(assessment: Assessment, as_of: dt.date | str | None) -> pd.Timestamp:
    given = as_of_date(as_of)
    return given if given is not None else pd.Timestamp(assessment.series["period_end"].max())


def _later(when: Any, *offsets: pd.DateOffset) -> Any:
    """``when`` plus the offsets, or NaT past the year 9999 (after 9998/99 comes no date)."""
    if pd.isna(when):
        return pd.NaT
    try:
        later = pd.Timestamp(when).as_unit("s")
        for offset in offsets:
            later = (later + offset).as_unit("s")
        return later
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return pd.NaT


def data_age(
    assessment: Assessment,
    *,
    area: str | None = None,
    as_of: dt.date | str | None = None,
    lag: pd.DateOffset | None = None,
    slack: pd.DateOffset | None = None,
) -> pd.DataFrame:
    """The age of each indicator's latest headline value for one area, and whether it is out of date.

    See the module's rule. Returns one row per indicator with a value:
    ``indicator``, ``period``, ``period_end``, ``frequency`` (in words),
    ``next_period_end``, ``expected_by``, ``as_of``, ``age_days``, ``age``
    (in words) and ``stale``.

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe.assessment._freshness import data_age
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> row = data_age(a).set_index("indicator").loc["smoking-at-time-of-delivery"]
    >>> row["period"], row["frequency"], str(row["expected_by"].date()), bool(row["stale"])
    ('2023/24', 'yearly', '2026-06-30', False)
    """
    code = one_area(area) or assessment.area
    if code is None:
        raise ArgumentError("area: the framework names no area; give one")
    reference = _reference(assessment, as_of)
    table = assessment.table
    own = table.loc[
        (table["area_code"] == code) & headline_mask(table) & table["value"].notna(),
        ["indicator", "period", "period_end"],
    ].drop_duplicates("indicator")
    own = own.assign(indicator=own["indicator"].astype("str"), period=own["period"].astype("str"))
    series = assessment.series
    heads = series.loc[
        headline_mask(series) & series["indicator"].astype("str").isin(own["indicator"]),
        ["indicator", "period_end", "period_type"],
    ]
    heads = heads.assign(indicator=heads["indicator"].astype("str"))
    ends = heads.drop_duplicates(["indicator", "period_end"]).sort_values(
        ["indicator", "period_end"]
    )
    spacing = ends.groupby("indicator")["period_end"].diff().dt.days
    smallest = _months(spacing.groupby(ends["indicator"]).min())
    kinds = heads.drop_duplicates("indicator").set_index("indicator")["period_type"].astype("str")
    nominal = kinds.map(_NOMINAL_MONTHS).fillna(12).astype(int)
    spaced = smallest.reindex(nominal.index)
    # a rolling period ("Apr 2019 - Mar 2020") moves on as often as its data do
    nominal = nominal.mask((kinds == "rolling") & spaced.notna(), 1)
    months = pd.concat([nominal, spaced], axis=1).max(axis=1)
    months = months.reindex(own["indicator"]).fillna(12).clip(lower=1).astype(int)
    # seconds, not nanoseconds: periods from the year 1000 to 9999 are read, pandas'
    # nanoseconds end in 1677 and 2262
    period_end = own["period_end"].astype("datetime64[s]").reset_index(drop=True)
    waits = (_offset(lag, "lag", _LAG), _offset(slack, "slack", _SLACK))
    next_end = pd.Series(
        [_later(e, pd.DateOffset(months=int(m))) for e, m in zip(period_end, months, strict=True)],
        dtype="datetime64[s]",
    )  # one per indicator: a handful
    expected = pd.Series([_later(e, *waits) for e in next_end], dtype="datetime64[s]")
    age = (reference - period_end).dt.days
    return pd.DataFrame(
        {
            "indicator": own["indicator"].to_numpy(),
            "period": own["period"].to_numpy(),
            "period_end": period_end,
            "frequency": [_every(int(m)) for m in months],
            "next_period_end": next_end,
            "expected_by": expected,
            "as_of": reference,
            "age_days": age,
            "age": [_age_words(int(d)) for d in age],
            "stale": (reference > expected).to_numpy(),
        }
    )


def _offset(value: object, name: str, default: pd.DateOffset) -> pd.DateOffset:
    """``value`` as a pandas DateOffset (``default`` for None)."""
    if value is None:
        return default
    if not isinstance(value, pd.DateOffset):
        raise ArgumentError(
            f"{name}: expected a pandas.DateOffset such as pd.DateOffset(months=3), "
            f"got {type(value).__name__}"
        )
    return value
