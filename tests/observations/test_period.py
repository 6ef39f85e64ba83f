from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outcomeframe import ArgumentError, DataError
from outcomeframe.observations._period import Period, PeriodType, parse_periods
from tests.strategies_observations import hint, periods


@pytest.mark.parametrize(
    ("text", "label", "kind", "start", "end"),
    [
        ("2019", "2019", "calendar", (2019, 1, 1), (2019, 12, 31)),
        ("2018/19", "2018/19", "financial", (2018, 4, 1), (2019, 3, 31)),
        ("2018/2019", "2018/19", "financial", (2018, 4, 1), (2019, 3, 31)),
        ("2018-19", "2018/19", "financial", (2018, 4, 1), (2019, 3, 31)),
        ("1999/00", "1999/00", "financial", (1999, 4, 1), (2000, 3, 31)),
        ("2017 - 19", "2017 - 19", "pooled", (2017, 1, 1), (2019, 12, 31)),
        ("2017-19", "2017 - 19", "pooled", (2017, 1, 1), (2019, 12, 31)),
        ("2017 - 2019", "2017 - 19", "pooled", (2017, 1, 1), (2019, 12, 31)),
        ("1998 - 00", "1998 - 00", "pooled", (1998, 1, 1), (2000, 12, 31)),
        ("2020/21 - 24/25", "2020/21 - 24/25", "pooled", (2020, 4, 1), (2025, 3, 31)),
        ("2019 Q2", "2019 Q2", "quarter", (2019, 4, 1), (2019, 6, 30)),
        ("2019/20 Q2", "2019/20 Q2", "quarter", (2019, 7, 1), (2019, 9, 30)),
        ("2019/20 Q4", "2019/20 Q4", "quarter", (2020, 1, 1), (2020, 3, 31)),
        ("2018-08", "2018-08", "month", (2018, 8, 1), (2018, 8, 31)),
        ("Aug 2018", "2018-08", "month", (2018, 8, 1), (2018, 8, 31)),
        (" 2019 ", "2019", "calendar", (2019, 1, 1), (2019, 12, 31)),
        # Fingertips' rolling and cumulative periods, each year type that prints them
        (
            "2006/07 Q1 - 2006/07 Q4",
            "2006/07 Q1 - 2006/07 Q4",
            "rolling",
            (2006, 4, 1),
            (2007, 3, 31),
        ),
        (
            "2006/07 Q2 - 2007/08 Q1",
            "2006/07 Q2 - 2007/08 Q1",
            "rolling",
            (2006, 7, 1),
            (2007, 6, 30),
        ),
        (
            "2006/07 Q4 - 2009/10 Q3",
            "2006/07 Q4 - 2009/10 Q3",
            "rolling",
            (2007, 1, 1),
            (2009, 12, 31),
        ),
        ("2006 Q2 - 2007 Q1", "2006 Q2 - 2007 Q1", "rolling", (2006, 4, 1), (2007, 3, 31)),
        ("2006 Q4 - 2009 Q3", "2006 Q4 - 2009 Q3", "rolling", (2006, 10, 1), (2009, 9, 30)),
        ("Feb 2009 - Jan 2010", "Feb 2009 - Jan 2010", "rolling", (2009, 2, 1), (2010, 1, 31)),
        ("2006/07 Q1-Q3", "2006/07 Q1-Q3", "rolling", (2006, 4, 1), (2006, 12, 31)),
        ("2006/07 Q1 - Q3", "2006/07 Q1-Q3", "rolling", (2006, 4, 1), (2006, 12, 31)),
        ("Aug 2006 - Jul 2007", "Aug 2006 - Jul 2007", "rolling", (2006, 8, 1), (2007, 7, 31)),
        ("Mar 2006 - Feb 2008", "Mar 2006 - Feb 2008", "rolling", (2006, 3, 1), (2008, 2, 29)),
        ("July 2006 - June 2009", "Jul 2006 - Jun 2009", "rolling", (2006, 7, 1), (2009, 6, 30)),
        (
            "2013/14 Q1 - 2014/15 Q1",
            "2013/14 Q1 - 2014/15 Q1",
            "rolling",
            (2013, 4, 1),
            (2014, 6, 30),
        ),
        # FingertipsNext's labels, as its charts and their CSV exports print them
        ("2021 to 2023", "2021 - 23", "pooled", (2021, 1, 1), (2023, 12, 31)),
        ("2021/22 to 2023/24", "2021/22 - 23/24", "pooled", (2021, 4, 1), (2024, 3, 31)),
        ("Apr 2023 to Mar 2024", "Apr 2023 - Mar 2024", "rolling", (2023, 4, 1), (2024, 3, 31)),
        ("Apr to Jun 2023", "Apr 2023 - Jun 2023", "rolling", (2023, 4, 1), (2023, 6, 30)),
        ("Jan - Mar 2023", "Jan 2023 - Mar 2023", "rolling", (2023, 1, 1), (2023, 3, 31)),
        ("Nov to Jan 2024", "Nov 2023 - Jan 2024", "rolling", (2023, 11, 1), (2024, 1, 31)),
        ("31 Mar 2022/23", "2022/23", "financial", (2022, 4, 1), (2023, 3, 31)),
        (
            "31 Mar 2020/21 to 31 Mar 2022/23",
            "2020/21 - 22/23",
            "pooled",
            (2020, 4, 1),
            (2023, 3, 31),
        ),
        (
            "2023/24 Q1 to 2023/24 Q4",
            "2023/24 Q1 - 2023/24 Q4",
            "rolling",
            (2023, 4, 1),
            (2024, 3, 31),
        ),
        (2019, "2019", "calendar", (2019, 1, 1), (2019, 12, 31)),
    ],
)
def test_parse_known_labels(text, label, kind, start, end):
    p = Period.parse(text)
    assert p.label == label
    assert str(p) == label
    assert p.kind is PeriodType(kind)
    assert p.start == dt.date(*start)
    assert p.end == dt.date(*end)


def test_academic_hint_moves_dates_and_keeps_label():
    p = Period.parse("2018/19", kind="academic")
    assert (p.label, p.kind, p.start, p.end) == (
        "2018/19",
        PeriodType.ACADEMIC,
        dt.date(2018, 9, 1),
        dt.date(2019, 8, 31),
    )
    pooled = Period.parse("2018/19 - 22/23", kind="academic")
    assert pooled.kind is PeriodType.POOLED
    assert pooled.start == dt.date(2018, 9, 1)
    assert pooled.years == 5


def test_years():
    assert Period.parse("2006/07 Q1-Q2").years == 0.5
    assert Period.parse("Aug 2006 - Jul 2009").years == 3
    assert Period.parse("2019").years == 1
    assert Period.parse("2017 - 19").years == 3
    assert Period.parse("2019 Q1").years == 0.25
    assert Period.parse("2018-08").years == pytest.approx(1 / 12)


@pytest.mark.parametrize("text", ["2011-12", "2000-01"])
def test_month_or_year_span_is_ambiguous_without_hint(text):
    with pytest.raises(DataError, match=text):
        Period.parse(text)
    assert Period.parse(text, kind="month").kind is PeriodType.MONTH
    assert Period.parse(text, kind="financial").kind is PeriodType.FINANCIAL


@pytest.mark.parametrize(
    "text",
    [
        "",
        "last year",
        "2018/20",
        "19",
        "2019 Q5",
        "2019 - 18",
        "Foo 2018",
        "2018/19 - 17/18",
        "20190",
        "2006/07 Q3 - 2006/07 Q1",  # ends before it starts
        "2006 Q1 - 2006/07 Q4",  # a calendar and a financial quarter
        "Jul 2007 - Jun 2006",
        "2006/07 Q3-Q1",
        "Foo 2006 - Bar 2007",
        "2023 to 2021",
        "30 Mar 2022/23",  # not the last day of the financial year
        "31 Mar 2022/24",
        "Foo to Bar 2023",
        "2021 to 2023 to 2025",
        "2006/08 Q1 - 2007/08 Q4",
    ],
)
def test_unparseable_labels_name_the_text(text):
    with pytest.raises(DataError) as info:
        Period.parse(text)
    assert repr(text) in str(info.value)


def test_an_end_point_follows_the_year_type_given():
    assert Period.parse("31 Aug 2022/23", kind="academic") == Period.parse("2022/23", "academic")
    assert Period.parse("2021/22 to 2023/24", "academic").start == dt.date(2021, 9, 1)
    with pytest.raises(DataError, match=r"not the last day of 2022/23 \(31 Aug 2023\)"):
        Period.parse("31 Mar 2022/23", kind="academic")


def test_a_label_of_many_ranges_is_refused_at_once():
    # a hostile cell: thousands of "to" would otherwise be read one inside another
    with pytest.raises(DataError, match="joins more than two periods"):
        Period.parse(" to ".join(["2021"] * 3))
    for text in (" to ".join(["2021"] * 5000), "Apr " * 5000 + "2023"):  # too long to try
        with pytest.raises(DataError, match=r"is not a period label: [0-9,]+ characters"):
            Period.parse(text)


def test_a_rolling_period_longer_than_any_pool_says_so():
    with pytest.raises(DataError, match="'Jan 2000 - Jan 2060' spans more than 50 years"):
        Period.parse("Jan 2000 - Jan 2060")


def test_hint_contradicting_text_is_an_error():
    with pytest.raises(DataError, match="calendar"):
        Period.parse("2019", kind="financial")
    with pytest.raises(DataError):
        Period.parse("2018/19", kind="calendar")


@pytest.mark.parametrize(
    ("hint", "agree", "contradict"),
    [
        (
            "financial",
            ["2019/20 Q1", "Apr 2019", "2019/20 Q1 - 2019/20 Q4", "2019/20 Q1-Q3"],
            ["2019 Q1", "2019 Q1 - 2019 Q4", "2019"],
        ),
        (
            "calendar",
            ["2019 Q1", "Jan 2019", "2019 Q1 - 2019 Q4", "Aug 2019 - Jul 2020"],
            ["2019/20 Q1", "2019/20 Q1-Q2", "2019/20"],
        ),
        ("rolling", ["2019/20 Q1", "Apr 2019", "Apr 2019 - Mar 2020"], ["2019", "2019/20"]),
        ("quarter", ["2019/20 Q1 - 2019/20 Q4", "2019 Q3"], ["2019"]),
    ],
)
def test_a_year_type_hint_agrees_with_the_parts_of_its_years(hint, agree, contradict):
    # Fingertips' metadata gives a year type; a financial indicator publishes quarters,
    # months and rolling years of financial quarters, each label saying its own dates
    for text in agree:
        assert Period.parse(text, kind=hint) == Period.parse(text)
    for text in contradict:
        with pytest.raises(DataError, match="as given"):
            Period.parse(text, kind=hint)


@pytest.mark.parametrize(
    "word",
    [
        "Financial rolling year quarterly",
        "Calendar rolling year quarterly",
        "Calendar rolling year monthly",
        "Financial single year cumulative quarters",
        "Financial multi-year cumulative quarters",
        "August to July",
        "March to February",
        "July to June",
    ],
)
def test_fingertips_rolling_year_types_are_rolling(word):
    assert PeriodType.parse(word) is PeriodType.ROLLING
    assert PeriodType.parse(word.upper()) is PeriodType.ROLLING


def test_bad_hint_is_argument_error():
    with pytest.raises(ArgumentError, match="kind"):
        Period.parse("2019", kind="fortnightly")


def test_from_start_year():
    assert Period.from_start_year(2023, "financial") == Period.parse("2023/24")
    assert Period.from_start_year(2023, "Financial") == Period.parse("2023/24")
    assert Period.from_start_year(2017, "pooled", years=3) == Period.parse("2017 - 19")
    assert Period.from_start_year(2020, "financial", years=5) == Period.parse("2020/21 - 24/25")
    for kind in ("quarter", "month", "rolling"):
        with pytest.raises(ArgumentError):
            Period.from_start_year(2020, kind)
    with pytest.raises(ArgumentError):
        Period.from_start_year(2020, "pooled")
    with pytest.raises(ArgumentError):
        Period.from_start_year(2020, "calendar", years=0)


def test_same_months_different_periods_still_totally_ordered():
    calendar_q2 = Period.parse("2019 Q2")
    financial_q1 = Period.parse("2019/20 Q1")
    assert (calendar_q2.start, calendar_q2.end) == (financial_q1.start, financial_q1.end)
    assert calendar_q2 != financial_q1
    assert (calendar_q2 < financial_q1) != (financial_q1 < calendar_q2)


def test_frozen_and_hashable():
    p = Period.parse("2019")
    assert {p, Period.parse("2019")} == {p}
    with pytest.raises(AttributeError):
        p.label = "2020"  # type: ignore[misc]


@given(periods())
def test_round_trip_through_label(p):
    assert Period.parse(str(p), kind=hint(p)) == p
    if p.start.month != 9 and p.kind is not PeriodType.MONTH:
        assert Period.parse(str(p)) == p


@given(st.lists(periods(), min_size=2, max_size=20))
def test_sorting_is_consistent_with_dates(ps):
    ordered = sorted(ps)
    for a, b in itertools.pairwise(ordered):
        assert (a.start, a.end) <= (b.start, b.end)
        assert a <= b
        assert not b < a or a == b


@given(periods(), periods())
def test_order_is_total_and_consistent_with_equality(a, b):
    assert sum([a < b, a == b, a > b]) == 1


def test_parse_periods_frame():
    labels = pd.Series(["2018/19", "2017-19", "2018/19", "2019 Q2"], index=[10, 11, 12, 13])
    out = parse_periods(labels)
    assert list(out.columns) == ["period", "period_start", "period_end", "period_type"]
    assert list(out.index) == [10, 11, 12, 13]
    assert out["period"].tolist() == ["2018/19", "2017 - 19", "2018/19", "2019 Q2"]
    assert str(out["period_start"].dtype) == "datetime64[s]"
    assert out["period_type"].tolist() == ["financial", "pooled", "financial", "quarter"]


def test_parse_periods_reports_every_bad_label_with_rows():
    labels = pd.Series(["2019", "soon", "later", "soon", None])
    with pytest.raises(DataError) as info:
        parse_periods(labels)
    problems = info.value.problems
    assert len(problems) == 3
    assert any("'soon'" in p and "rows 1, 3" in p for p in problems)
    assert any("'later'" in p and "row 2" in p for p in problems)
    assert any("missing" in p and "row 4" in p for p in problems)


def test_parse_periods_parses_each_label_once(monkeypatch):
    calls = []
    original = Period.parse.__func__

    def counting(cls, text, kind=None):
        calls.append(text)
        return original(cls, text, kind)

    monkeypatch.setattr(Period, "parse", classmethod(counting))
    parse_periods(pd.Series(["2019", "2020"] * 500))
    assert sorted(calls) == ["2019", "2020"]


def test_parse_periods_per_row_hints():
    out = parse_periods(pd.Series(["2018/19", "2018/19"]), kind=pd.Series(["academic", None]))
    assert out["period_start"].dt.month.tolist() == [9, 4]


@pytest.mark.timeout(60)  # a hang guard: 200,000 spaces took minutes of backtracking
@pytest.mark.parametrize(
    "text", ["Apr" + " " * 200_000 + "x", "2019" + " " * 200_000 + "x", "x" * 65], ids=len
)
def test_a_text_longer_than_any_label_is_refused_before_the_patterns(text):
    with pytest.raises(
        DataError, match=r"is not a period label: [\d,]+ characters, more than the 64"
    ):
        Period.parse(text)
