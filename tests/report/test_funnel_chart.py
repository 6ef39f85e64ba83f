"""The funnel-plot SVG and the dashboard's funnel for indicators with many small areas."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe._errors import ArgumentError
from outcomeframe.report import _rows as rows_module
from outcomeframe.report import funnel_svg
from outcomeframe.report._funnel import funnel_charts
from outcomeframe.stats import funnel_limits


def synthetic_practices(seed: int, n_areas: int) -> pd.DataFrame:
    """Synthetic GP-practice proportions (seeded), in the assessment series' columns."""
    rng = np.random.default_rng(seed)
    denominators = rng.integers(50, 3_000, n_areas).astype(float)
    counts = rng.binomial(denominators.astype(int), 0.3).astype(float)
    counts[:2] = [denominators[0] * 0.9, 0.0]  # two clear outliers
    return pd.DataFrame(
        {
            "indicator": "ind_x",
            "area_code": [f"P{i:05d}" for i in range(n_areas)],
            "area_name": [f"Practice <{i}>" for i in range(n_areas)],
            "area_type": "GPs",
            "headline": True,
            "period": "2023/24",
            "period_end": pd.Timestamp("2024-03-31"),
            "measure": "proportion",
            "unit": "percent",
            "multiplier": 100.0,
            "count": counts,
            "denominator": denominators,
            "value": counts / denominators * 100,
        }
    )


def test_points_coloured_by_their_own_limits() -> None:
    frame = synthetic_practices(4, 60)
    target = float(frame["count"].sum() / frame["denominator"].sum() * 100)
    svg = funnel_svg(frame["value"], frame["denominator"], target, labels=frame["area_name"])
    limits = funnel_limits(target, frame["denominator"])
    above = int((frame["value"] > limits["upper_99_8"]).sum())
    below = int((frame["value"] < limits["lower_99_8"]).sum())
    assert above >= 1
    assert below >= 1
    assert f"{above} above the 99.8% limits, {below} below them" in svg
    assert svg.count('fill="#A4302C"') == above
    assert svg.count('fill="#1D5FA8"') == below
    assert svg.count("<circle") == len(frame)
    assert "Practice &lt;0&gt;" in svg
    assert "<0>" not in svg
    assert re.findall(r"https?://[^\"]+", svg) == ["http://www.w3.org/2000/svg"]


def test_bad_arguments() -> None:
    with pytest.raises(ArgumentError, match="values"):
        funnel_svg([1.0, 2.0], [10.0], 1.0)
    with pytest.raises(ArgumentError, match="labels"):
        funnel_svg([1.0], [10.0], 1.0, labels=["a", "b"])


def test_only_indicators_with_many_small_areas_get_a_funnel() -> None:
    many = synthetic_practices(1, 25)
    few = synthetic_practices(2, 20).assign(indicator="ind_y")
    counties = synthetic_practices(3, 40).assign(indicator="ind_z", area_type="Counties and UAs")
    charts = funnel_charts(pd.concat([many, few, counties]), "P00003")
    assert list(charts) == ["ind_x"]
    assert charts["ind_x"].count('r="5"') == 1  # the dashboard's own area, drawn larger


def test_dashboard_shows_the_funnel_of_an_indicator(
    monkeypatch: pytest.MonkeyPatch, lancashire: of.Assessment
) -> None:
    assessment = lancashire
    table = assessment.table
    mine = table.loc[(table["area_code"] == assessment.area) & table["value"].notna()]
    first = str(mine["indicator"].iloc[0])  # an indicator with a value for the area
    marker = '<svg class="funnel" data-test="marker"></svg>'
    monkeypatch.setattr(rows_module, "funnel_charts", lambda series, code: {first: marker})
    html = of.report.build_dashboard(assessment)
    assert html.count('data-test="marker"') == 1
    assert f'class="funnel-plot" data-indicator="{first}"' in html
    monkeypatch.undo()
    assert "funnel-plot" not in of.report.build_dashboard(assessment)  # no small areas there
