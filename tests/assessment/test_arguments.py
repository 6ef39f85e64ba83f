"""The area, benchmark and as_of arguments: a bad one is an ArgumentError naming it.

A NaN, a number, a dict or a date that is no date reached pandas before: "'float' object
is not iterable", "Categorical categories cannot be null", "You are trying to merge on str
and float64 columns", a DateParseError, "Lengths must match to compare".
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

import outcomeframe as of
from outcomeframe import report


@pytest.fixture(scope="module")
def assessed() -> of.Assessment:
    return of.examples.load("trafford").assess(of.examples.data("trafford"))


BAD_AREAS = [math.nan, 5, {"E08000009": 1}, ["E08000009", None], [math.nan], "", " ", b"E08000009"]
CALLS = {
    "assess": lambda a, v: a.framework.assess(of.examples.data("trafford"), area=v),
    "of.assess": lambda a, v: of.assess(a.framework, of.examples.data("trafford"), area=v),
    "rollup": lambda a, v: of.rollup(a, area=v),
    "Assessment.rollup": lambda a, v: a.rollup(v),
    "Assessment.no_data": lambda a, v: a.no_data(v),
    "inequality_table": lambda a, v: of.inequality_table(a, area=v, method="closed"),
    "inequality_gaps": lambda a, v: of.inequality_gaps(
        a.series,
        {"indicator": "school-readiness-gld-fsm"},
        {"indicator": "school-readiness-gld"},
        area=v,
    ),
    "build_dashboard": lambda a, v: report.build_dashboard(a, area=v),
    "sparkline_svg": lambda a, v: report.sparkline_svg(a, "school-readiness-gld", area=v),
    "spine_chart": lambda a, v: report.spine_chart(a, area=v),
    "stale_rows": lambda a, v: report.stale_rows(a, area=v),
    "decile_charts": report.decile_charts,
}
CHART_ARGUMENTS = {
    "spine_chart benchmark": ("benchmark", lambda a, v: report.spine_chart(a, benchmark=v)),
    "trend_chart benchmark": (
        "benchmark",
        lambda a, v: report.trend_chart(a, "school-readiness-gld", benchmark=v),
    ),
    "trend_chart areas": ("areas", lambda a, v: report.trend_chart(a, "school-readiness-gld", areas=v)),
    "comparison_chart areas": (
        "areas",
        lambda a, v: report.comparison_chart(a, "school-readiness-gld", areas=v),
    ),
    "comparison_chart highlight": (
        "highlight",
        lambda a, v: report.comparison_chart(a, "school-readiness-gld", highlight=v),
    ),
}


@pytest.mark.parametrize("value", BAD_AREAS, ids=repr)
@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS)
def test_an_area_that_is_no_code_is_named(assessed, call, value):
    with pytest.raises(of.ArgumentError, match=r"^area: expected an area code"):
        call(assessed, value)


@pytest.mark.parametrize("value", [math.nan, 5, ["E92000001", None]], ids=repr)
@pytest.mark.parametrize(("name", "call"), CHART_ARGUMENTS.values(), ids=CHART_ARGUMENTS)
def test_the_charts_name_an_area_argument_that_is_no_code(assessed, name, call, value):
    if name in ("benchmark", "highlight") and isinstance(value, list) and None in value:
        value = ["E92000001"]  # one code is asked for: a list is no code either
    with pytest.raises(of.ArgumentError, match=rf"^{name}: expected an area code"):
        call(assessed, value)


@pytest.mark.parametrize("value", [math.nan, 5, ["E92000001"], ""], ids=repr)
def test_a_benchmark_that_is_no_code_is_named(assessed, value):
    with pytest.raises(of.ArgumentError, match=r"^benchmark: expected an area code"):
        assessed.framework.assess(of.examples.data("trafford"), benchmark=value)


@pytest.mark.parametrize("value", ["2024-13-01", "not a date", "", 5, math.nan, [2024]], ids=repr)
def test_an_as_of_that_is_no_date_is_named(assessed, value):
    with pytest.raises(of.ArgumentError, match=r"^as_of: .* is not a date"):
        report.build_dashboard(assessed, as_of=value)
    with pytest.raises(of.ArgumentError, match=r"^as_of: .* is not a date"):
        report.stale_rows(assessed, as_of=value)


@pytest.mark.parametrize("value", ["2025-03-31", dt.date(2025, 3, 31), dt.datetime(2025, 3, 31)])
def test_an_as_of_date_in_any_form_gives_the_same_page(assessed, value):
    page = report.build_dashboard(assessed, as_of=value)
    assert page == report.build_dashboard(assessed, as_of="2025-03-31")


def test_areas_in_any_collection_give_the_same_rollup(assessed):
    codes = ["E08000009", "E92000001"]
    expected = of.rollup(assessed, area=codes)
    for given in (tuple(codes), iter(codes), dict.fromkeys(codes).keys()):
        assert of.rollup(assessed, area=given).equals(expected)


@pytest.mark.parametrize("rule", [5, "any_concern", {"signals": ["trend"]}], ids=repr)
def test_a_rule_that_is_no_rollup_rule_is_named(assessed, rule):
    """An AttributeError ("'int' object has no attribute 'signals'") came from inside."""
    for call in (
        lambda: of.rollup(assessed, rule=rule),
        lambda: assessed.rollup(rule=rule),
        lambda: of.indicator_status(assessed.table, rule),
    ):
        with pytest.raises(of.ArgumentError, match=r"^rule: expected a RollupRule or None"):
            call()
