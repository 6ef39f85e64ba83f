"""Which latest values are out of date (the rule is :mod:`outcomeframe.assessment._freshness`)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from outcomeframe.assessment._arguments import need_assessment, one_area, warn_absent_areas
from outcomeframe.assessment._assess import Assessment
from outcomeframe.assessment._freshness import data_age

__all__ = ["data_age", "stale_rows"]


def stale_rows(
    assessment: Assessment,
    *,
    area: str | None = None,
    as_of: dt.date | str | None = None,
    lag: pd.DateOffset | None = None,
    slack: pd.DateOffset | None = None,
) -> pd.DataFrame:
    """Indicators of one area whose latest value is out of date: a newer one should be published.

    The latest period's successor ends one publication interval later (the
    indicator's frequency: the smallest spacing of its periods in the data, at
    least a year for yearly period types, a quarter or a month for those) and
    is published about ``lag`` after it ends; the value is out of date when
    ``as_of`` is later than that plus ``slack``. ``as_of`` is by default the
    newest period end anywhere in the assessment's data (not today's date, so
    the same data always give the same dashboard; pass
    ``as_of=datetime.date.today()`` to judge against today).

    Parameters
    ----------
    assessment : Assessment
        The assessment.
    area : str, optional
        The area code; default the assessment's own area.
    as_of : date or str, optional
        The reference date; default the newest ``period_end`` in ``assessment.series``.
    lag : pandas.DateOffset, optional
        The usual time from the end of a period to its publication; default one year.
    slack : pandas.DateOffset, optional
        Allowance for a late release; default three months.

    Returns
    -------
    pandas.DataFrame
        One row per out-of-date indicator: ``indicator``, ``period``,
        ``period_end``, ``frequency``, ``next_period_end``, ``expected_by``,
        ``as_of``, ``age_days``, ``age`` and ``stale`` (all true).

    Examples
    --------
    Smoking at delivery 2023/24 (ended March 2024) is the latest release when
    the newest data end in August 2025: 2024/25 is due about a year after
    March 2025. Infant mortality 2016-18 is not: 2017-19 was due by 2021.

    >>> import outcomeframe as of
    >>> from outcomeframe import report
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> old = set(report.stale_rows(a)["indicator"])
    >>> "smoking-at-time-of-delivery" in old, "infant-mortality-rate" in old
    (False, True)
    """
    assessment = need_assessment(assessment)
    if area is not None:
        code = one_area(area)
        then = ", so no value of {them} is out of date"
        warn_absent_areas([code] if code else [], assessment.table["area_code"], then)
    ages = data_age(assessment, area=area, as_of=as_of, lag=lag, slack=slack)
    return ages.loc[ages["stale"]].reset_index(drop=True)
