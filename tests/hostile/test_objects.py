"""The wrong kind of object in a public function's argument: an ArgumentError naming it.

Each of these reached Python or pandas before: "'NoneType' object has no attribute
'copy'" from ``assess(None, ...)``, ``KeyError: 'comparison'`` from a table without
the column, "unhashable type: 'dict'", "float() argument must be a string or a real
number", "Cannot construct a Series from a DataFrame".
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe import report, stats
from outcomeframe.observations import parse_periods
from outcomeframe.records import compile_filter
from outcomeframe.stats import funnel_limits

TRAFFORD = of.examples.load("trafford")
ASSESSED = TRAFFORD.assess(of.examples.data("trafford"))
WRONG_TABLE = pd.DataFrame({"x": [1]})

#: label -> (the call, the exception, the start of its message)
CASES: dict[str, tuple[Callable[[], Any], type[Exception], str]] = {
    "assess fw=None": (
        lambda: of.assess(None, of.examples.data("trafford")),
        of.ArgumentError,
        "fw: expected a Framework, got NoneType",
    ),
    "rollup": (lambda: of.rollup(None), of.ArgumentError, "assessment: expected an Assessment"),
    "stale_rows": (
        lambda: report.stale_rows(TRAFFORD),
        of.ArgumentError,
        "assessment: expected an Assessment",
    ),
    "decile_charts": (
        lambda: report.decile_charts(None, "E08000009"),
        of.ArgumentError,
        "assessment: expected an Assessment, got NoneType",
    ),
    "indicator_status None": (
        lambda: of.indicator_status(None),
        of.ArgumentError,
        "table: expected an assessment table, got NoneType",
    ),
    "indicator_status columns": (
        lambda: of.indicator_status(ASSESSED.table.drop(columns="trend")),
        of.ArgumentError,
        "table: no column 'trend'",
    ),
    "inequality_table columns": (
        lambda: of.inequality_table(WRONG_TABLE),
        of.ArgumentError,
        "source: no column 'indicator'",
    ),
    "inequality_gaps series": (
        lambda: of.inequality_gaps(None, {"indicator": "a"}, {"indicator": "b"}),
        of.ArgumentError,
        "series: expected a DataFrame, got NoneType",
    ),
    "inequality_gaps group": (
        lambda: of.inequality_gaps(ASSESSED.series, "school-readiness-gld", {"indicator": "b"}),
        of.ArgumentError,
        "group: expected columns and values",
    ),
    "reason_counts": (
        lambda: of.reason_counts(None),
        of.ArgumentError,
        "rejected: expected a table of rows set aside, got NoneType",
    ),
    "write_fingertips": (
        lambda: of.write_fingertips(None, io.StringIO()),
        of.ArgumentError,
        "table: expected an ObservationTable or a DataFrame, got NoneType",
    ),
    "comparison_chart table": (
        lambda: report.comparison_chart(WRONG_TABLE, "a"),
        of.ArgumentError,
        "table: no column 'indicator'",
    ),
    "trend_chart series": (
        lambda: report.trend_chart([1, 2], "a"),
        of.ArgumentError,
        "series: expected an Assessment or a DataFrame, got list",
    ),
    "decile_chart_svg rows": (
        lambda: report.decile_chart_svg({}, 1.0),
        of.ArgumentError,
        "rows: expected a DataFrame, got dict",
    ),
    "decile_chart_svg sii": (
        lambda: report.decile_chart_svg(
            pd.DataFrame({"breakdown": ["Most deprived"], "value": [1.0]}), "1"
        ),
        of.ArgumentError,
        "sii: expected a number, got str",
    ),
    "to_svg": (lambda: report.to_svg(None), of.ArgumentError, "fig: expected a matplotlib Figure"),
    "format_value": (lambda: report.format_value(""), of.ArgumentError, "value: expected a number"),
    "format_count": (lambda: report.format_count([1]), of.ArgumentError, "value: expected a"),
    "shorten text": (lambda: report.shorten(None, 5), of.ArgumentError, "text: expected text"),
    "shorten width": (
        lambda: report.shorten("abc", None),
        of.ArgumentError,
        "width: expected a whole number",
    ),
    "unit_label": (lambda: report.unit_label(5), of.ArgumentError, "unit: expected text, got int"),
    "funnel_svg values": (
        lambda: report.funnel_svg({}, [10.0], 5.0),
        of.ArgumentError,
        "values: expected numbers",
    ),
    "funnel_svg target": (
        lambda: report.funnel_svg([1.0], [10.0], None),
        of.ArgumentError,
        "target: expected a number, got NoneType",
    ),
    "area_types": (lambda: of.area_types({}), of.ArgumentError, "codes: expected an area code"),
    "parse_periods": (
        lambda: parse_periods(pd.DataFrame({"p": ["2019"]})),
        of.ArgumentError,
        "labels: expected one column of period labels, got DataFrame",
    ),
    "compile_filter node": (
        lambda: compile_filter(None, {}),
        of.FilterError,
        "filter: expected filter text or a parsed filter, got NoneType",
    ),
    "compile_filter schema": (
        lambda: compile_filter("a < 1", "a"),
        of.ArgumentError,
        "schema: expected column names and types",
    ),
    "default_relation": (
        lambda: of.default_relation([], "vision"),
        of.ArgumentError,
        "source, target: expected two kinds",
    ),
    "funnel_limits target": (
        lambda: funnel_limits(np.datetime64("2020"), [10.0]),
        of.ArgumentError,
        "target:",
    ),
    # options
    "framework_diagram wrap": (
        lambda: report.framework_diagram(TRAFFORD, wrap=float("nan")),
        of.ArgumentError,
        "wrap: expected a whole number, got float",
    ),
    "framework_diagram collapse": (
        lambda: report.framework_diagram(TRAFFORD, collapse=["actions"]),
        of.ArgumentError,
        "collapse: 'actions' is not a kind",
    ),
    "chart ax": (
        lambda: report.trend_chart(ASSESSED, "school-readiness-gld", ax="axes"),
        of.ArgumentError,
        "ax: expected a matplotlib Axes, got str",
    ),
    "chart breakdown": (
        lambda: report.spine_chart(ASSESSED, breakdown=[]),
        of.ArgumentError,
        "breakdown: expected text, got list",
    ),
    "comparison period": (
        lambda: report.comparison_chart(ASSESSED, "school-readiness-gld", period={}),
        of.ArgumentError,
        "period: expected a period label, got dict",
    ),
    "sparkline width": (
        lambda: report.sparkline_svg(ASSESSED, "school-readiness-gld", width=None),
        of.ArgumentError,
        "width: expected a whole number, got NoneType",
    ),
    "sparkline benchmark": (
        lambda: report.sparkline_svg(ASSESSED, "school-readiness-gld", benchmark=["E92000001"]),
        of.ArgumentError,
        "benchmark: expected an area code",
    ),
    "spine indicators": (
        lambda: report.spine_chart(ASSESSED, indicators=5),
        of.ArgumentError,
        "indicators: expected a list of indicator ids, got int",
    ),
    "trend interval": (
        lambda: report.trend_chart(ASSESSED, "school-readiness-gld", interval=pd.Series([1])),
        of.ArgumentError,
        "interval: expected True or False",
    ),
    "trend title": (
        lambda: report.trend_chart(ASSESSED, "school-readiness-gld", title=5),
        of.ArgumentError,
        "title: expected text, got int",
    ),
    "stale_rows lag": (
        lambda: report.stale_rows(ASSESSED, lag="1 year"),
        of.ArgumentError,
        "lag: expected a pandas.DateOffset",
    ),
    "area_types areas": (
        lambda: of.area_types(["E08000009"], areas="areas.json"),
        of.ArgumentError,
        "areas: expected an AreaTable",
    ),
    "rollup area=[]": (
        lambda: of.rollup(ASSESSED, area=[]),
        of.ArgumentError,
        "area: no area code given (an empty list)",
    ),
    "tidy_observations errors": (
        lambda: of.tidy_observations(of.examples.data("trafford"), errors=pd.Series(["raise"])),
        of.ArgumentError,
        "errors: ",
    ),
    "tidy_observations source": (
        lambda: of.tidy_observations(of.examples.data("trafford"), source=[]),
        of.ArgumentError,
        "source: expected text, got list",
    ),
    "tidy_observations categorical": (
        lambda: of.tidy_observations(of.examples.data("trafford"), categorical="yes"),
        of.ArgumentError,
        "categorical: expected True or False, got str",
    ),
    "dsr band": (
        lambda: stats.dsr([5.0, 10.0], [50.0, 100.0], band=pd.DataFrame({"x": [1]})),
        of.ArgumentError,
        "band: expected one label per row (a column name or a list), got DataFrame",
    ),
    "life_expectancy band": (
        lambda: stats.life_expectancy([5.0, 10.0], [50.0, 100.0], band=5),
        of.ArgumentError,
        "band: expected one label per row (a column name or a list), got int",
    ),
    "quantile_groups labels": (
        lambda: stats.quantile_groups([1.0, 2.0], 2, labels=pd.Series(["name"])),
        of.ArgumentError,
        "labels: ",
    ),
    "AreaTable.of_type": (
        lambda: of.england_areas().of_type(None),
        of.ArgumentError,
        "type: expected an area type or a list of them, got None",
    ),
    "AreaTable.of_type 2-d": (
        lambda: of.england_areas().of_type(np.array([["Regions"]])),
        of.ArgumentError,
        "type: expected an area type or a list of them",
    ),
    "AreaTable.parent": (
        lambda: of.england_areas().parent(["E08000009"], type=[]),
        of.ArgumentError,
        "type: expected text, got list",
    ),
    "AreaTable.to_csv number": (
        lambda: of.england_areas().to_csv(5),
        of.ArgumentError,
        "path_or_buffer: expected a file name or a text buffer, got int",
    ),
    "AreaTable.to_csv folder": (
        lambda: of.england_areas().to_csv(""),
        of.ArgumentError,
        "path_or_buffer: cannot write ''",
    ),
    "examples.load list": (
        lambda: of.examples.load([]),
        of.ArgumentError,
        "name: [] is not a shipped plan",
    ),
    "examples.data_path number": (
        lambda: of.examples.data_path(5),
        of.ArgumentError,
        "file: expected a shipped data file's name, got int",
    ),
    "examples.data_path outside": (
        lambda: of.examples.data_path("../trafford.yaml"),
        of.ArgumentError,
        "file: '../trafford.yaml' is not a shipped data file",
    ),
}


@pytest.mark.timeout(60)  # a wrap of NaN never ended
@pytest.mark.parametrize(("call", "error", "start"), CASES.values(), ids=CASES)
def test_the_wrong_kind_of_object_is_refused_by_name(call, error, start):
    with pytest.raises(error) as caught:
        call()
    message = caught.value.args[0]
    assert message.startswith(start), message


def test_pd_na_formats_as_missing_like_nan():
    assert report.format_value(pd.NA) == report.format_value(float("nan")) == "\u2013"
    assert report.format_count(pd.NA) == "\u2013"


def test_a_default_relation_reads_kinds_given_as_text():
    assert of.default_relation("outcome", "priority") == of.default_relation(
        of.Kind.OUTCOME, of.Kind.PRIORITY
    )


def test_one_kind_to_collapse_is_that_kind_not_its_letters():
    from outcomeframe.report._diagram import diagram_layout  # noqa: PLC0415

    one = diagram_layout(TRAFFORD.graph, collapse="action")
    assert one == diagram_layout(TRAFFORD.graph, collapse=["action"])
    counted = {kind for counts in one["counts"].values() for kind in counts}
    assert counted == {"action"}  # the actions are counted on what they serve; "a", "c" ... not
