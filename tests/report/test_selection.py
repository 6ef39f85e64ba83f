"""Areas, indicators and periods asked for that the assessment has not: said, not silent.

Before, each of these drew an empty chart, an empty page or a roll-up of "No data"
with no word why: a slip of a digit in an area code or of a letter in an indicator id
looked like missing data.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import outcomeframe as of
from outcomeframe import report

OWN, OTHER, ABSENT = "E08000009", "E08000010", "E99999999"
GLD = "school-readiness-gld"


@pytest.fixture(scope="module")
def assessed() -> of.Assessment:
    return of.examples.load("trafford").assess(of.examples.data("trafford"))


AREA_CALLS = {
    "rollup": (lambda a, v: of.rollup(a, area=v), "so every element reads as no data for it"),
    "Assessment.rollup": (lambda a, v: a.rollup(v), "so every element reads as no data for it"),
    "spine_chart": (
        lambda a, v: report.spine_chart(a, area=v),
        "so there is nothing to draw for it",
    ),
    "sparkline_svg": (
        lambda a, v: report.sparkline_svg(a, GLD, area=v),
        "so there is nothing to draw for it",
    ),
    "trend_chart": (
        lambda a, v: report.trend_chart(a, GLD, areas=[v]),
        "so there is nothing to draw for it",
    ),
    "comparison_chart highlight": (
        lambda a, v: report.comparison_chart(a, GLD, highlight=v),
        "so there is nothing to draw for it",
    ),
    "comparison_chart areas": (
        lambda a, v: report.comparison_chart(a, GLD, areas=[v]),
        "so there is nothing to draw for it",
    ),
    "build_dashboard": (
        lambda a, v: report.build_dashboard(a, area=v),
        "so the dashboard shows no value for it",
    ),
    "decile_charts": (report.decile_charts, "so there is no chart for it"),
    "stale_rows": (lambda a, v: report.stale_rows(a, area=v), "so no value of it is out of date"),
}


@pytest.mark.parametrize("call", AREA_CALLS.values(), ids=AREA_CALLS)
def test_an_area_the_assessment_has_not_is_warned_of_at_the_callers_line(assessed, call):
    draw, then = call
    with pytest.warns(of.OutcomeFrameWarning) as caught:
        draw(assessed, ABSENT)
    assert [str(w.message) for w in caught] == [f"area: no observation for {ABSENT!r}, {then}"]
    assert Path(caught[0].filename) == Path(__file__)  # not a line inside the package


@pytest.mark.parametrize("call", AREA_CALLS.values(), ids=AREA_CALLS)
def test_an_area_the_assessment_has_warns_of_nothing(assessed, call):
    draw, _ = call
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        draw(assessed, OTHER)


def test_a_slip_of_a_digit_is_answered_with_the_code_meant(assessed):
    with pytest.warns(of.OutcomeFrameWarning, match=r"did you mean .*'E08000009'"):
        of.rollup(assessed, area=[OWN, "E0800009"])


INDICATOR_CALLS = {
    "sparkline_svg": report.sparkline_svg,
    "trend_chart": report.trend_chart,
    "comparison_chart": report.comparison_chart,
    "spine_chart": lambda a, i: report.spine_chart(a, indicators=[GLD, i]),
}


@pytest.mark.parametrize("draw", INDICATOR_CALLS.values(), ids=INDICATOR_CALLS)
def test_an_id_that_is_no_indicator_of_the_plan_is_refused(assessed, draw):
    with pytest.raises(of.UnknownElementError) as err:
        draw(assessed, "school-readines-gld")
    assert err.value.args == (
        (
            "indicator 'school-readines-gld': no indicator of that id in framework "
            "'Trafford 0-5 Year Olds Strategic Plan' (did you mean 'school-readiness-gld' or "
            "'school-readiness-gld-fsm'?)"
        ),
    )


def test_an_indicator_of_the_plan_without_data_draws_as_no_data(assessed):
    absent = set(assessed.framework.indicators_frame()["id"]) - set(
        assessed.series["indicator"].astype("str")
    )
    assert absent, "the Trafford plan has indicators without published data"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        svg = report.sparkline_svg(assessed, min(absent))
    assert "no trend data" in svg


def test_an_indicator_a_bare_table_has_no_row_of_is_warned_of(assessed):
    with pytest.warns(of.OutcomeFrameWarning, match="no row for 'nope' in the table"):
        report.sparkline_svg(assessed.series, "nope", area=OWN)


def test_a_period_the_indicator_has_no_value_for_is_warned_of(assessed):
    with pytest.warns(of.OutcomeFrameWarning) as caught:
        report.comparison_chart(assessed, GLD, period="2099")
    assert [str(w.message) for w in caught] == [
        (
            f"period '2099': {GLD!r} has no value for it, so there is nothing to draw "
            "(its latest is '2024/25')"
        )
    ]
    latest = str(assessed.table.query("indicator == @GLD")["period"].max())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report.comparison_chart(assessed, GLD, period=latest)
