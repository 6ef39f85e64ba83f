"""Proportions and crude rates against METHODS.md, written out independently here."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from outcomeframe.stats import DEFAULT_LEVELS, limit_columns, proportion, rate

Z95, Z998 = 1.959964, 3.090232  # METHODS.md, to 6 decimals


def wilson_by_hand(x: float, n: float, level: float) -> tuple[float, float]:
    z = stats.norm.ppf(level + (1 - level) / 2)
    root = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    den = 2 * (n + z * z)
    return (2 * x + z * z - root) / den, (2 * x + z * z + root) / den


def poisson_by_hand(x: float, level: float) -> tuple[float, float]:
    z = stats.norm.ppf(level + (1 - level) / 2)
    if x < 10:
        lower = 0.0 if x == 0 else stats.chi2.ppf((1 - level) / 2, 2 * x) / 2
        return lower, stats.chi2.ppf(level + (1 - level) / 2, 2 * x + 2) / 2
    lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
    upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1))) ** 3
    return lower, upper


def test_z_values_are_the_published_ones() -> None:
    out = proportion([50], [100], confidence=(0.95, 0.998), multiplier=1)
    # At x/n = 1/2 the Wilson half-width is z sqrt(z^2 + n) / (2 (n + z^2)), written here
    # with METHODS.md's z to 6 decimals.
    for level, z in ((0.95, Z95), (0.998, Z998)):
        lo, hi = limit_columns(level)
        half = (out[hi] - out[lo]).iloc[0] / 2
        expected = z * math.sqrt(z * z + 100) / (2 * (100 + z * z))
        assert half == pytest.approx(expected, rel=1e-6)


def test_default_levels_are_95_and_99_8() -> None:
    out = proportion([1], [3])
    assert list(out.columns[:5]) == ["value", "lower_95", "upper_95", "lower_99_8", "upper_99_8"]
    assert DEFAULT_LEVELS == (0.95, 0.998)


@pytest.mark.parametrize(
    ("x", "n"),
    [(0, 1), (0, 20), (1, 1), (5, 20), (65, 100), (7.5, 12.25), (61399, 579995), (999, 1000)],
)
@pytest.mark.parametrize("level", [0.8, 0.95, 0.998])
def test_wilson_matches_the_formula(x: float, n: float, level: float) -> None:
    out = proportion([x], [n], confidence=level, multiplier=100)
    lo, hi = wilson_by_hand(x, n, level)
    low_col, up_col = limit_columns(level)
    assert out["value"].iloc[0] == pytest.approx(x / n * 100, rel=1e-12)
    assert out[low_col].iloc[0] == pytest.approx(lo * 100, rel=1e-9, abs=1e-12)
    assert out[up_col].iloc[0] == pytest.approx(hi * 100, rel=1e-9)


def test_wilson_agrees_with_statsmodels() -> None:
    # statsmodels imported here: at module level every worker would pay it while collecting
    from statsmodels.stats.proportion import proportion_confint  # noqa: PLC0415

    rng = np.random.default_rng(20261122)
    n = rng.integers(1, 100_000, size=2_000)
    x = rng.binomial(n, rng.random(2_000))
    for level in (0.95, 0.998):
        sm_lo, sm_hi = proportion_confint(x, n, alpha=1 - level, method="wilson")
        out = proportion(x, n, confidence=level, multiplier=1)
        lo, hi = limit_columns(level)
        np.testing.assert_allclose(out[lo], sm_lo, rtol=1e-9, atol=1e-14)
        np.testing.assert_allclose(out[hi], sm_hi, rtol=1e-9, atol=1e-14)


def test_multiplier_one_gives_proportions() -> None:
    out = proportion([1], [4], multiplier=1, confidence=0.95)
    assert out["value"].iloc[0] == 0.25
    assert out.attrs["unit"] == "dimensionless"
    pct = proportion([1], [4], confidence=0.95)
    assert pct["upper_95"].iloc[0] == pytest.approx(out["upper_95"].iloc[0] * 100, rel=1e-15)


@pytest.mark.parametrize("x", [0, 1, 2, 5, 9, 9.5, 10, 11, 34, 100, 625651])
@pytest.mark.parametrize("level", [0.95, 0.998])
def test_rate_uses_the_published_rule(x: float, level: float) -> None:
    n = 123_456.0
    out = rate([x], [n], confidence=level, multiplier=100_000)
    lo, hi = poisson_by_hand(x, level)
    low_col, up_col = limit_columns(level)
    assert out["method"].iloc[0] == ("Exact" if x < 10 else "Byars")
    assert out["value"].iloc[0] == pytest.approx(x / n * 100_000, rel=1e-12)
    assert out[low_col].iloc[0] == pytest.approx(lo / n * 100_000, rel=1e-9, abs=1e-15)
    assert out[up_col].iloc[0] == pytest.approx(hi / n * 100_000, rel=1e-9)


def test_exact_interval_agrees_with_scipy_poisson_test() -> None:
    # The exact interval on a count k, checked by its definition with scipy's Poisson.
    for k in range(10):
        out = rate([k], [1.0], confidence=0.95, multiplier=1, method="exact")
        # Exact Poisson limits solve P(X >= k | lower) = 0.025 and P(X <= k | upper) = 0.025.
        lower, upper = out["lower_95"].iloc[0], out["upper_95"].iloc[0]
        assert stats.poisson.cdf(k, upper) == pytest.approx(0.025, rel=1e-9)
        if k == 0:
            assert lower == 0
        else:
            assert stats.poisson.sf(k - 1, lower) == pytest.approx(0.025, rel=1e-9)


def test_forcing_a_method() -> None:
    exact = rate([50, 5], [1000, 1000], method="exact", confidence=0.95, multiplier=1)
    byars = rate([50, 5], [1000, 1000], method="byars", confidence=0.95, multiplier=1)
    assert exact["method"].tolist() == ["Exact", "Exact"]
    assert byars["method"].tolist() == ["Byars", "Byars"]
    _, hi_e = poisson_by_hand(5, 0.95)
    assert exact["upper_95"].iloc[1] == pytest.approx(hi_e / 1000, rel=1e-12)
    z = stats.norm.ppf(0.975)
    byars_hi_50 = 51 * (1 - 1 / (9 * 51) + z / (3 * math.sqrt(51))) ** 3
    assert byars["upper_95"].iloc[0] == pytest.approx(byars_hi_50 / 1000, rel=1e-12)
    exact_lo_50 = stats.chi2.ppf(0.025, 100) / 2
    assert exact["lower_95"].iloc[0] == pytest.approx(exact_lo_50 / 1000, rel=1e-12)


def test_forced_byars_lower_limit_never_negative() -> None:
    out = rate([0, 1, 2], [10, 10, 10], method="byars", multiplier=1)
    assert (out["lower_95"] >= 0).all()
    assert (out["lower_99_8"] >= 0).all()
    assert out["lower_99_8"].iloc[0] == 0


def test_rate_default_unit_and_multipliers() -> None:
    assert rate([1], [10]).attrs["unit"] == "per_100000"
    assert rate([1], [10], multiplier=1000).attrs["unit"] == "per_1000"
    assert rate([1], [10], multiplier="per_10000")["value"].iloc[0] == 1000


def test_output_keeps_index_and_inputs() -> None:
    counts = pd.Series([3.0, 40.0], index=["a", "b"])
    denominators = pd.Series([30.0, 400.0], index=["a", "b"])
    out = rate(counts, denominators, multiplier=1000)
    assert list(out.index) == ["a", "b"]
    assert out["count"].tolist() == [3.0, 40.0]
    assert out["denominator"].tolist() == [30.0, 400.0]
    assert isinstance(out["method"].dtype, pd.CategoricalDtype)
    assert isinstance(out["reason"].dtype, pd.CategoricalDtype)


def test_output_does_not_share_memory_with_input() -> None:
    counts = np.array([3.0, 4.0])
    out = proportion(counts, np.array([10.0, 10.0]))
    counts[0] = 9.0
    assert out["count"].iloc[0] == 3.0


def test_the_written_out_quantiles_are_scipys_to_the_last_bit() -> None:
    """The statistics import no scipy: the quantiles they keep as numbers must be scipy's."""
    from scipy import special  # noqa: PLC0415

    from outcomeframe.stats import CHI2_THRESHOLD  # noqa: PLC0415
    from outcomeframe.stats._gaps import _Z95  # noqa: PLC0415
    from outcomeframe.stats._intervals import _Z, z_value  # noqa: PLC0415

    for level, z in _Z.items():
        assert z == float(special.ndtri(level + (1.0 - level) / 2.0)), level
        assert z_value(level) == z
    assert float(2.0 * special.gammaincinv(0.5, 0.998)) == CHI2_THRESHOLD
    assert float(stats.chi2.ppf(0.998, 1)) == pytest.approx(CHI2_THRESHOLD, rel=1e-14)
    assert float(special.ndtri(0.975)) == _Z95
    # an unusual level: scipy's, imported when asked for
    assert z_value(0.97) == float(special.ndtri(0.97 + (1.0 - 0.97) / 2.0))
