"""The inequality table (SII/RII per set, gap trend), its roll-up counts and the decile chart."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe.report import decile_chart_svg
from tests.report.conftest import assessed, dashboard

QUINTILES = [
    "Most deprived quintile",
    "Second most deprived quintile",
    "Average deprived quintile",
    "Second least deprived quintile",
    "Least deprived quintile",
]


@pytest.fixture(scope="module")
def lancashire() -> of.Assessment:
    return assessed("lancashire")


@pytest.fixture(scope="module")
def lancs_html() -> str:
    return dashboard("lancashire")


def hand_slope(y: np.ndarray, pop: np.ndarray) -> float:
    a = pop / pop.sum()
    b = np.cumsum(a) - a / 2
    bbar = np.sum(a * b)
    return float(np.sum(a * (b - bbar) * y) / np.sum(a * (b - bbar) ** 2))


def test_lancashire_quintile_sii_is_the_regression_on_equal_shares(lancashire):
    table = lancashire.inequality_table(area="E10000017", method="closed")
    series = lancashire.series
    for _, row in table.iterrows():
        rows = series.loc[
            (series["area_code"] == "E10000017")
            & (series["indicator"] == row["indicator"])
            & (series["period"] == row["period"])
            & series["breakdown"].isin(QUINTILES)
        ]
        order = [QUINTILES.index(b) for b in rows["breakdown"]]
        y = rows["value"].to_numpy()[np.argsort(order)]
        # Low is good: the sign is reversed, so the most deprived faring worse is positive.
        assert row["sii"] == pytest.approx(-hand_slope(y, np.ones(5)), rel=1e-9)
        assert row["rii"] == pytest.approx(row["sii"] / y.mean(), rel=1e-9)
        assert row["weights"] == "equal"
        assert row["unit"] == "percentage_point"
        assert row["sii_lower_99_8"] < row["sii_lower_95"] < row["sii"] < row["sii_upper_95"]


def test_the_simulated_table_is_the_same_on_every_run(lancashire):
    one = of.inequality_table(lancashire, area="E10000017", simulations=2_000)
    two = of.inequality_table(lancashire, area="E10000017", simulations=2_000)
    pd.testing.assert_frame_equal(one, two)


def synthetic_series(gaps: dict[str, list[float]], *, indicators: bool = False) -> pd.DataFrame:
    """Synthetic (made-up) quintile series, one per area: the most deprived fall behind by ``gaps``.

    With ``indicators``, the keys of ``gaps`` are indicators of one area (E10000017).
    """
    rows = []
    for key, per_period in gaps.items():
        indicator, area = (key, "E10000017") if indicators else ("x", key)
        for t, g in enumerate(per_period):
            for k, label in enumerate(QUINTILES):
                value = 50.0 + g * (2 - k) / 4  # most deprived highest; low is good
                rows.append(
                    {
                        "indicator": indicator, "area_code": area, "period": str(2015 + t),
                        "sex": "Persons", "age": "All ages", "breakdown_type": "quintiles",
                        "breakdown": label, "area_name": area,
                        "period_start": pd.Timestamp(f"{2015 + t}-01-01"),
                        "value": value, "lower_95": value - 0.5, "upper_95": value + 0.5,
                        "denominator": 1000.0, "measure": "mean", "multiplier": 1.0,
                        "unit": "dimensionless", "polarity": "lower_is_better",
                    }
                )  # fmt: skip
    return pd.DataFrame(rows)


def test_a_growing_sii_is_widening_a_shrinking_one_closing():
    series = synthetic_series(
        {
            "W": [2.0, 4.0, 6.0, 8.0, 10.0, 12.0],
            "C": [12.0, 10.0, 8.0, 6.0, 4.0, 2.0],
            "N": [6.0, 6.1, 5.9, 6.0, 6.1, 6.0],
            "S": [6.0, 8.0, 10.0],
        }
    )
    table = of.inequality_table(series, method="closed")
    latest = table.dropna(subset=["gap_trend"]).set_index("area_code")
    assert latest.loc["W", "gap_trend"] == "Widening"
    assert latest.loc["C", "gap_trend"] == "Closing"
    assert latest.loc["N", "gap_trend"] == "No significant change"
    assert latest.loc["S", "gap_trend"] == "Cannot be calculated"
    assert latest.loc["W", "period"] == "2020"
    # The SII of each period: the gap put in, most deprived minus least by the regression.
    w = table.loc[table["area_code"] == "W", "sii"].to_numpy()
    expected = [-hand_slope(50.0 + g * (2 - np.arange(5)) / 4, np.ones(5)) for g in range(2, 13, 2)]
    np.testing.assert_allclose(w, expected, rtol=1e-9)


GAPS = {  # low-is-good indicators of the Lancashire plan, each given a known gap trend
    "infant-mortality-rate": [2.0, 4.0, 6.0, 8.0, 10.0, 12.0],  # widening
    "low-birth-weight-term-babies": [12.0, 10.0, 8.0, 6.0, 4.0, 2.0],  # closing
    "dental-decay-age-5": [6.0, 6.1, 5.9, 6.0, 6.1, 6.0],  # no significant change
    "reception-obesity": [6.0, 8.0, 10.0],  # too short to say
}


#: The columns of observations (the rest of a series row the assessment adds).
OBSERVED = [
    "indicator", "area_code", "period", "sex", "age", "breakdown_type", "breakdown",
    "area_name", "period_start", "value", "lower_95", "upper_95", "denominator",
]  # fmt: skip


def test_rollup_counts_widening_and_closing_gaps():
    fw = of.examples.load("lancashire")
    data = of.examples.data("lancashire")
    deprivation = of.stats.deprivation_rank(data["breakdown"]).notna().to_numpy()
    extra = synthetic_series(GAPS, indicators=True)[OBSERVED]
    # The synthetic series are labelled by calendar year whatever the indicator declares.
    with pytest.warns(of.OutcomeFrameWarning, match="periods of another type"):
        assessment = fw.assess(pd.concat([data.loc[~deprivation], extra], ignore_index=True))
    trends = of.inequality_table(assessment, method="closed").dropna(subset=["gap_trend"])
    assert dict(zip(trends["indicator"].astype(str), trends["gap_trend"], strict=True)) == {
        "infant-mortality-rate": "Widening",
        "low-birth-weight-term-babies": "Closing",
        "dental-decay-age-5": "No significant change",
        "reception-obesity": "Cannot be calculated",
    }
    r = of.rollup(assessment).set_index("element")
    assert r["gaps_widening"].dtype.kind in "iu"
    assert (r.loc["vision", ["gaps_widening", "gaps_closing"]] == [1, 1]).all()
    for element, row in r.iterrows():  # a few dozen elements
        measured = set(fw.indicators_for(element))
        assert row["gaps_widening"] == int("infant-mortality-rate" in measured), element
        assert row["gaps_closing"] == int("low-birth-weight-term-babies" in measured), element
    assert r["gaps_widening"].sum() >= 3  # the vision, a priority, an objective, an outcome


def test_decile_chart_escapes_text_and_draws_the_line_through_the_mean():
    rows = pd.DataFrame({"breakdown": QUINTILES[::-1], "value": [7.0, 8.0, 9.0, 10.0, 12.0]})
    svg = decile_chart_svg(rows, sii=-6.0, title='<script>"x"</script>', unit="%")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert svg.count("<rect") == 5
    _x1, y1, _x2, y2 = (
        float(v)
        for v in re.search(
            r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"', svg
        ).groups()
    )
    # The line falls 6 across the chart for an SII of -6 (values highest when most deprived).
    assert y2 > y1
    heights = [float(h) for h in re.findall(r'height="([\d.]+)" fill', svg)]
    per_unit = heights[-1] / 7.0  # the least deprived bar, value 7 (rows come reordered)
    assert (y2 - y1) / per_unit == pytest.approx(6.0, rel=1e-2)


def test_the_dashboard_shows_the_decile_chart_only_with_deciles(lancs_html):
    html = lancs_html
    assert 'id="inequality"' in html
    assert html.count('<figure class="deciles">') == 1
    from outcomeframe.report._dashboard import _deciles  # noqa: PLC0415

    assert _deciles(None, None) == []  # a plan without data: no inequality section


def chart_of(series: pd.DataFrame) -> dict:
    from types import SimpleNamespace  # noqa: PLC0415

    from outcomeframe.report import decile_charts  # noqa: PLC0415

    (chart,) = decile_charts(SimpleNamespace(series=series), "W")
    return chart


def test_deciles_of_a_tidy_table_are_charted_under_the_plans_title():
    """Data with no indicator_name (a tidy table, not a Fingertips export) and no sex or
    age: the dashboard raised KeyError 'indicator_name', then found no rows to chart."""
    from outcomeframe.report import build_dashboard, decile_charts  # noqa: PLC0415

    deciles = [f"Decile {d}" for d in range(1, 11)]
    rows = [
        {
            "indicator": "93085",
            "area_code": "E10000017",
            "period": f"{y}/{(y + 1) % 100:02d}",
            "breakdown_type": "County & UA deprivation deciles",
            "breakdown": label,
            "count": 100 - 5 * i,
            "denominator": 1000,
        }
        for y in range(2015, 2023)
        for i, label in enumerate(deciles)
    ]
    fw = of.examples.load("lancashire")
    a = fw.assess(of.tidy_observations(pd.DataFrame(rows)))
    (chart,) = decile_charts(a, "E10000017")
    assert chart["title"] == f"{fw['smoking-at-time-of-delivery'].title}, 2022/23"
    assert abs(chart["sii"]) == pytest.approx(5.0)  # 10% down to 5.5% in steps of 0.5
    assert chart["title"] in build_dashboard(a)


@pytest.mark.parametrize(
    "polarity", [of.Polarity.LOWER_IS_BETTER, "Low is good", "RAG - Low is good"]
)
def test_the_decile_chart_reads_the_polarity_as_the_sii_does(polarity):
    series = synthetic_series({"W": [2.0, 4.0, 6.0, 8.0, 10.0, 12.0]}).assign(
        indicator_name="Synthetic"
    )
    chart = chart_of(series.assign(polarity=polarity))
    assert chart == chart_of(series)  # "lower_is_better" written as the enum's value
    # Values are highest in the most deprived group: the line falls from left to right.
    y1, y2 = (
        float(v)
        for v in re.search(r'<line [^>]*y1="([\d.]+)"[^>]*y2="([\d.]+)"', chart["svg"]).groups()
    )
    assert y2 > y1
    assert chart["sii"] == pytest.approx(
        -hand_slope(50.0 + 12 * (2 - np.arange(5)) / 4, np.ones(5))
    )


def test_decile_captions_show_the_unit_as_people_write_it_and_the_method(lancashire, lancs_html):
    html = lancs_html
    (caption,) = re.findall(r"<figcaption>([^<]*SII[^<]*)</figcaption>", html)
    (label,) = re.findall(r'aria-label="([^"]*SII[^"]*)"', html)
    row = (
        lancashire.inequality_table(area="E10000017", method="closed")
        .dropna(subset=["sii"])
        .sort_values("period")
        .iloc[-1]
    )
    fmt = of.report.format_value
    said = f"SII {fmt(row['sii'])} percentage points"
    assert caption.split(": ", 1)[1].startswith(
        f"{said} (95%, closed form: {fmt(row['sii_lower_95'])} to {fmt(row['sii_upper_95'])})"
    )
    assert label.endswith(f": {said}")
    assert "percentage_point" not in caption + label


def test_the_decile_chart_title_shows_the_unit_label():
    rows = pd.DataFrame({"breakdown": QUINTILES, "value": [12.0, 10.0, 9.0, 8.0, 7.0]})
    svg = decile_chart_svg(rows, sii=-6.0, unit="per_100000")
    said = f"SII {of.report.format_value(-6.0)} per 100,000"
    assert f'aria-label="{said}"' in svg
    assert f"<title>{said}</title>" in svg
    assert "per_100000" not in svg
