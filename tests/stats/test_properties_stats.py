"""Hypothesis properties of the interval functions and units."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from outcomeframe.stats import convert, limit_columns, proportion, rate
from tests.strategies_stats import (
    count_and_denominator,
    denominators,
    grouped_rows,
    levels,
    proportion_rows,
    rate_counts,
    ratio_units,
    unit_values,
)


def _rows_ok(out: pd.DataFrame) -> None:
    assert out["reason"].isna().all(), out["reason"].tolist()


@given(proportion_rows(), levels)
def test_proportion_value_inside_interval(rows: list[tuple[float, float]], level: float) -> None:
    x, n = zip(*rows, strict=True)
    out = proportion(list(x), list(n), confidence=level)
    _rows_ok(out)
    lo, hi = limit_columns(level)
    tol = 1e-9 * out["value"].abs() + 1e-12
    assert (out[lo] <= out["value"] + tol).all()
    assert (out["value"] <= out[hi] + tol).all()


@given(proportion_rows(), st.sampled_from([1, 100]))
def test_proportion_limits_within_zero_and_multiplier(
    rows: list[tuple[float, float]], scale: int
) -> None:
    x, n = zip(*rows, strict=True)
    out = proportion(list(x), list(n), multiplier=scale)
    for level in (0.95, 0.998):
        lo, hi = limit_columns(level)
        assert (out[lo] >= -1e-12 * scale).all()
        assert (out[hi] <= scale * (1 + 1e-12)).all()


@given(proportion_rows())
def test_proportion_intervals_nest(rows: list[tuple[float, float]]) -> None:
    x, n = zip(*rows, strict=True)
    out = proportion(list(x), list(n))
    tol = 1e-9 * out["value"].abs() + 1e-12
    assert (out["lower_99_8"] <= out["lower_95"] + tol).all()
    assert (out["upper_95"] <= out["upper_99_8"] + tol).all()


@given(st.lists(rate_counts, min_size=1, max_size=30), denominators)
def test_rate_intervals_nest_and_contain_value(counts: list[float], n: float) -> None:
    out = rate(counts, [n] * len(counts))
    _rows_ok(out)
    tol = 1e-9 * out["value"].abs() + 1e-300
    assert (out["lower_99_8"] <= out["lower_95"] + tol).all()
    assert (out["lower_95"] <= out["value"] + tol).all()
    assert (out["value"] <= out["upper_95"] + tol).all()
    assert (out["upper_95"] <= out["upper_99_8"] + tol).all()
    assert (out["lower_99_8"] >= 0).all()


@given(
    st.floats(min_value=0.001, max_value=0.999),
    st.integers(min_value=10, max_value=100_000),
    st.integers(min_value=2, max_value=100),
)
def test_interval_narrows_as_denominator_grows(p: float, n: int, factor: int) -> None:
    small = proportion([p * n], [float(n)], confidence=0.95)
    large = proportion([p * n * factor], [float(n * factor)], confidence=0.95)
    width_small = small["upper_95"].iloc[0] - small["lower_95"].iloc[0]
    width_large = large["upper_95"].iloc[0] - large["lower_95"].iloc[0]
    assert width_large < width_small


@given(grouped_rows())
def test_grouped_equals_summing_then_calling(rows: list[tuple[str, float, float]]) -> None:
    data = pd.DataFrame(rows, columns=["g", "x", "n"])
    grouped = proportion("x", "n", data=data, by="g")
    sums = data.groupby("g", sort=True).sum()
    direct = proportion(sums["x"], sums["n"])
    assert grouped["g"].tolist() == sums.index.tolist()
    for column in ("value", "lower_95", "upper_95", "lower_99_8", "upper_99_8", "count"):
        np.testing.assert_allclose(
            grouped[column].to_numpy(), direct[column].to_numpy(), rtol=1e-12, atol=0
        )
    grouped_rate = rate("x", "n", data=data, by="g")
    direct_rate = rate(sums["x"], sums["n"])
    np.testing.assert_allclose(grouped_rate["upper_95"], direct_rate["upper_95"], rtol=1e-12)
    assert grouped_rate["method"].tolist() == direct_rate["method"].tolist()


@given(st.lists(unit_values, min_size=1, max_size=20), ratio_units, ratio_units)
def test_unit_conversion_round_trip(values: list[float], a: str, b: str) -> None:
    there = convert(np.array(values), a, b)
    back = convert(there, b, a)
    # Each conversion is correctly rounded, so a round trip can move a value by at
    # most one unit in the last place (2.2e-16 relative); never more.
    np.testing.assert_allclose(back, values, rtol=2.3e-16, atol=0)
    if a == b:
        np.testing.assert_array_equal(back, values)


@given(count_and_denominator())
@settings(max_examples=50)
def test_proportion_unit_change_is_a_plain_scaling(pair: tuple[float, float]) -> None:
    x, n = pair
    pct = proportion([x], [n])
    ratio = proportion([x], [n], multiplier=1)
    for column in ("value", "lower_95", "upper_95"):
        assert math.isclose(
            convert(pct[column].iloc[0], "percent", "dimensionless"),
            ratio[column].iloc[0],
            rel_tol=1e-14,
            abs_tol=1e-300,
        )
