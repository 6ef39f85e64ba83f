"""The dashboard's work done once: every sparkline in one pass, the inequality table once."""

from __future__ import annotations

import re

import attrs
import numpy as np
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe import report
from outcomeframe.assessment import _sii_table
from outcomeframe.report._spark import sparkline_map

_CIRCLE = re.compile(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"')
WIDTH, HEIGHT, PAD = 120, 36, 4.0


def _by_hand(series: pd.DataFrame, indicator: str, area: str, bench: str) -> np.ndarray:
    """The dots of one sparkline, scaled from the rows of that indicator alone."""
    head = series.loc[series["headline"] & (series["indicator"] == indicator)]
    mid = (head["period_start"] + (head["period_end"] - head["period_start"]) / 2).astype(
        "datetime64[ns]"
    )
    days = mid.astype("int64").to_numpy() / 86_400e9
    own = (head["area_code"] == area).to_numpy()
    x = days[own]
    value = head["value"].to_numpy(float)
    inside = (head["area_code"] == bench).to_numpy() & (days >= x.min()) & (days <= x.max())
    ys = np.concatenate(
        [value[own], head["lower_95"].to_numpy(float)[own], head["upper_95"].to_numpy(float)[own],
         value[inside]]
    )  # fmt: skip
    low, high = np.nanmin(ys), np.nanmax(ys)
    if x.max() - x.min() < 1e-9:  # one period: drawn in the middle, not scaled
        return np.empty((0, 2))
    order = np.argsort(x, kind="stable")
    x, v = x[order], value[own][order]
    keep = ~np.isnan(v)
    cx = PAD + (x[keep] - x.min()) / (x.max() - x.min()) * (WIDTH - 2 * PAD)
    cy = HEIGHT - PAD - (v[keep] - low) / (high - low) * (HEIGHT - 2 * PAD)
    return np.c_[cx, cy]


@pytest.mark.parametrize("name", ["lancashire", "trafford"])
def test_every_sparkline_of_a_page_is_scaled_by_its_own_rows(
    name: str, request: pytest.FixtureRequest
) -> None:
    a: of.Assessment = request.getfixturevalue(name)
    code = a.area
    assert code is not None
    charts = sparkline_map(a.series, area=code, benchmark=a.benchmark)
    drawn = 0
    for indicator, svg in charts.items():
        dots = np.array([[float(x), float(y)] for x, y, _ in _CIRCLE.findall(svg)])
        if "no trend data" in svg:
            assert len(dots) == 0
            continue
        expected = _by_hand(a.series, indicator, code, a.benchmark)
        if len(expected) == 0:  # one period: drawn in the middle, not scaled
            assert {x for x, _ in dots} == {WIDTH / 2}
            continue
        np.testing.assert_allclose(dots, expected, atol=0.051)  # written to one decimal
        assert [r for *_, r in _CIRCLE.findall(svg)][-1] == "2.6"  # the latest is larger
        drawn += 1
    assert drawn >= 5, "the page has trends to compare"


def test_sparkline_map_asked_for_indicators_without_rows() -> None:
    empty = pd.DataFrame(
        columns=["indicator", "area_code", "headline", "breakdown", "period", "value"]
    )
    with pytest.warns(of.OutcomeFrameWarning) as caught:
        alone = report.sparkline_svg(empty.astype({"headline": bool}), "a", area="X")
    assert [str(w.message) for w in caught] == [
        "indicator: no row for 'a' in the table, so there is nothing to draw for it",
        "area: no observation for 'X', so there is nothing to draw for it",
    ]
    assert sparkline_map(empty.astype({"headline": bool}), area="X", indicators=["a"]) == {
        "a": alone
    }
    assert "no trend data" in sparkline_map(empty, area="X", indicators=["a"])["a"]


def test_the_inequality_table_is_computed_once_per_assessment(
    lancashire: of.Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    original = _sii_table.inequality_table

    def counted(*args: object, **kwargs: object) -> pd.DataFrame:
        calls.append(kwargs.get("area"))
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_sii_table, "inequality_table", counted)
    fresh = attrs.evolve(lancashire)  # the same tables, nothing derived kept
    html = report.build_dashboard(fresh)
    assert html.count('<figure class="deciles">') >= 1  # the page draws its decile charts
    assert len(calls) == 1  # the roll-up's gaps and the decile charts share it
    report.build_dashboard(fresh)
    assert len(calls) == 1  # a second page of the same assessment computes nothing again
    report.build_dashboard(attrs.evolve(lancashire))
    assert len(calls) == 2
    cached = _sii_table.closed_inequality_table(fresh, lancashire.area or "")
    assert cached is not None
    pd.testing.assert_frame_equal(
        cached, original(lancashire, area=lancashire.area, method="closed")
    )


def test_the_rollup_judges_data_ages_at_the_pages_date(
    lancashire: of.Assessment, lancs_html: str
) -> None:
    """With ``as_of`` far ahead every value is out of date: so is every status on the page."""
    late = "2040-01-01"
    assert report.stale_rows(lancashire, as_of=late)["stale"].all()
    html = report.build_dashboard(lancashire, as_of=late)
    shown = re.findall(r'Status: <span class="badge"[^>]*>([^<]+)</span>', html)
    assert shown, "the page states each section's status"
    assert set(shown) <= {"Out of date", "No data"}
    assert "Out of date" in shown
    # the default date judges some values recent: then some status is another one
    default = re.findall(r'Status: <span class="badge"[^>]*>([^<]+)</span>', lancs_html)
    assert set(default) - {"Out of date", "No data"}
