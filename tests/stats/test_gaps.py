"""Gaps and inequality-gap trends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from outcomeframe import ArgumentError
from outcomeframe.stats import GAP_TREND_LABELS, gap, gap_trend


def test_gap_absolute_and_relative() -> None:
    out = gap(pd.Series([52.0, 70.0, 1.0], index=list("abc")), [65.0, 65.0, 0.0])
    assert out["absolute"].tolist() == [-13.0, 5.0, 1.0]
    assert out["relative"].iloc[0] == pytest.approx(-0.2)
    assert np.isnan(out["relative"].iloc[2])
    assert list(out.index) == list("abc")
    with pytest.raises(ArgumentError, match="benchmark"):
        gap([1.0, 2.0], [1.0, 2.0, 3.0])


def _series(g: np.ndarray, half: float = 1.0) -> dict[str, np.ndarray]:
    base = np.full_like(g, 60.0)
    return {
        "values": base + g,
        "lower": base + g - half,
        "upper": base + g + half,
        "benchmark": base,
        "benchmark_lower": base - 0.3,
        "benchmark_upper": base + 0.3,
    }


def test_closing_widening_and_years() -> None:
    closing = gap_trend(**_series(np.array([-20.0, -18, -16, -14, -12])))
    assert closing["status"].iloc[0] == "Closing"
    assert closing["years_to_close"].iloc[0] == pytest.approx(6.0)
    widening = gap_trend(**_series(np.array([-12.0, -14, -16, -18, -20])))
    assert widening["status"].iloc[0] == "Widening"
    assert np.isnan(widening["years_to_close"].iloc[0])
    flat = gap_trend(**_series(np.array([-12.0, -12.5, -12, -11.5, -12]), half=3.0))
    assert flat["status"].iloc[0] == "No significant change"
    assert tuple(flat["status"].cat.categories) == GAP_TREND_LABELS


def test_too_few_points_and_many_series() -> None:
    g = np.array([[np.nan, np.nan, np.nan, -10, -9], [-20.0, -18, -16, -14, -12]])
    out = gap_trend(**_series(g))
    assert out["status"].tolist() == ["Cannot be calculated", "Closing"]
    assert out["reason"].iloc[0] == "too few valid points"
    assert out["detail"].iloc[0].startswith("only 2 period")
    one = gap_trend(**_series(g[1]))
    pd.testing.assert_frame_equal(out.iloc[[1]].reset_index(drop=True), one)


def test_long_frame() -> None:
    long = pd.DataFrame(
        {
            "area": ["A"] * 5 + ["B"] * 5,
            "year": list(range(2019, 2024)) * 2,
            **{
                k: np.concatenate([v, v[::-1]])
                for k, v in _series(np.array([-20.0, -18, -16, -14, -12])).items()
            },
        }
    )
    out = gap_trend(
        data=long,
        by="area",
        order="year",
        values="values",
        lower="lower",
        upper="upper",
        benchmark="benchmark",
        benchmark_lower="benchmark_lower",
        benchmark_upper="benchmark_upper",
    )
    assert out.set_index("area")["status"].to_dict() == {"A": "Closing", "B": "Widening"}


def test_mismatched_shapes() -> None:
    args = _series(np.array([-20.0, -18, -16, -14, -12]))
    args["benchmark_upper"] = args["benchmark_upper"][:4]
    with pytest.raises(ArgumentError, match="benchmark_upper"):
        gap_trend(**args)
