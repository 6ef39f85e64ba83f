"""Funnel-plot control limits against a per-point loop of Spiegelhalter's (2005) formula.

The loop finds each limit's count by walking the distribution function from 0
(scipy.stats' binomial and Poisson, whole denominators), then interpolates as in
Spiegelhalter's appendix. Properties: the limits hold the target, narrow as the
denominator grows, and approach the normal limits for large denominators.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from outcomeframe._errors import ArgumentError
from outcomeframe.stats import funnel_limits, limit_columns


def spiegelhalter_loop(p: float, n: int, theta: float, binomial: bool) -> float:
    dist = stats.binom(n, theta) if binomial else stats.poisson(n * theta)
    r, block = 0, 1024  # walked a block of counts at a time: the same first r, fewer calls
    while True:
        below_p = dist.cdf(np.arange(r, r + block)) < p
        if not below_p.all():
            r += int(np.argmin(below_p))
            break
        r += block
    at, below = dist.cdf(r), dist.cdf(r - 1)
    y = (r - (at - p) / (at - below)) / n
    y = min(y, theta) if p < 0.5 else max(y, theta)  # never across the target
    return min(max(y, 0.0), 1.0 if binomial else math.inf)


@pytest.mark.parametrize("statistic", ["proportion", "rate"])
def test_matches_loop_at_both_levels(statistic: str) -> None:
    binomial = statistic == "proportion"
    target, mult = (37.5, 100.0) if binomial else (420.0, 100_000.0)
    denominators = [1, 3, 10, 27, 100, 333, 1_000, 4_321, 20_000]
    out = funnel_limits(target, denominators, statistic=statistic)
    for level in (0.95, 0.998):
        low, high = limit_columns(level)
        for i, n in enumerate(denominators):
            lo = spiegelhalter_loop((1 - level) / 2, n, target / mult, binomial) * mult
            hi = spiegelhalter_loop((1 + level) / 2, n, target / mult, binomial) * mult
            assert out[low].iloc[i] == pytest.approx(lo, rel=1e-10, abs=1e-12)
            assert out[high].iloc[i] == pytest.approx(hi, rel=1e-10, abs=1e-12)


def test_real_denominators_run_on_from_whole_ones() -> None:
    out = funnel_limits(30.0, [200.0, 200.000001, 200.5, 201.0], confidence=0.95)
    for column in ("lower_95", "upper_95"):
        values = out[column].to_numpy()
        assert values[1] == pytest.approx(values[0], rel=1e-6)
        assert min(values[0], values[3]) - 0.01 <= values[2] <= max(values[0], values[3]) + 0.01


@settings(max_examples=60, deadline=None)
@given(
    target=st.floats(0.5, 99.5),
    n=st.integers(5, 50_000),
    statistic=st.sampled_from(["proportion", "rate"]),
)
def test_limits_hold_the_target_and_narrow(target: float, n: int, statistic: str) -> None:
    mult = 100.0 if statistic == "proportion" else 1_000.0
    # Below one expected event the upper limit first grows from 0 (r_p = 0): a known
    # feature of exact limits, so the narrowing is asserted from one expected event on.
    assume(n * target / mult >= 1.0)
    out = funnel_limits(target, [n, 4 * n], statistic=statistic, multiplier=mult)
    for level in (0.95, 0.998):
        low, high = limit_columns(level)
        assert (out[low] <= target + 1e-9).all()
        assert (out[high] >= target - 1e-9).all()
        width = out[high] - out[low]
        assert width.iloc[1] <= width.iloc[0] + 1e-9
    assert (out["lower_99_8"] <= out["lower_95"] + 1e-12).all()
    assert (out["upper_99_8"] >= out["upper_95"] - 1e-12).all()


def test_large_denominators_approach_the_normal_limits() -> None:
    n = 2_000_000
    out = funnel_limits(12.0, [n], confidence=0.998)
    half = 3.090232306 * math.sqrt(0.12 * 0.88 / n) * 100
    assert out["upper_99_8"].iloc[0] == pytest.approx(12.0 + half, rel=2e-4)
    assert out["lower_99_8"].iloc[0] == pytest.approx(12.0 - half, rel=2e-4)


def test_reasons_per_row_and_targets_per_row() -> None:
    frame = pd.DataFrame(
        {"n": [100.0, 0.0, -1.0, np.nan, 100.0, 100.0], "t": [10.0, 10.0, 10.0, 10.0, 120.0, -1.0]}
    )
    out = funnel_limits("t", "n", data=frame)
    assert out["reason"].tolist()[1:] == [
        "denominator is zero",
        "denominator is negative",
        "denominator is missing or not a finite number",
        "target exceeds the multiplier",
        "target is negative",
    ]
    assert out["upper_95"].notna().tolist() == [True] + [False] * 5
    assert funnel_limits(0.0, [50])["upper_99_8"].iloc[0] == 0.0
    with pytest.raises(ArgumentError, match="statistic"):
        funnel_limits(10.0, [100], statistic="ratio")
