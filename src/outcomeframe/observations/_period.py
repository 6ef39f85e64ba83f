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
    Apr 2019 - Mar 2020   months from one to another     (kind "rolling")
      also Aug 2019 - Jul 2020 (a year from August), over several years
    2019/20 Q2 - 2020/21 Q1   quarters from one to another   (kind "rolling")
      also 2019 Q2 - 2020 Q1, 2013/14 Q1 - 2014/15 Q4
    2019/20 Q1-Q3         cumulative quarters (Apr-Dec)  (kind "rolling")

FingertipsNext's labels read as the same periods: "2021 to 2023" ("2021 - 23"),
"2021/22 to 2023/24", "Apr 2023 to Mar 2024", "Apr to Jun 2023" (rolling) and
"31 Mar 2022/23" (the financial year 2022/23, whose last day it names).

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

from outcomeframe._vocabulary import _PERIOD_WORDS as _PERIOD_WORDS  # noqa: PLC0414
from outcomeframe._vocabulary import PeriodType
from outcomeframe.observations._period_grammar import _kind_hint as _kind_hint  # noqa: PLC0414
from outcomeframe.observations._period_grammar import _multi_year as _multi_year  # noqa: PLC0414
from outcomeframe.observations._period_label import Period
from outcomeframe.observations._periods import PERIOD_FRAME_COLUMNS, parse_periods
from outcomeframe.observations._periods import _parse_periods as _parse_periods  # noqa: PLC0414

__all__ = ["PERIOD_FRAME_COLUMNS", "Period", "PeriodType", "parse_periods"]
