"""Life expectancy (Chiang II with Silcocks' variance) against a per-table loop and the reference.

The loop below is written from the published formulas (Chiang 1968; Silcocks, Jenner
& Reza 2001), one band at a time in plain Python. The expected values of the reference
package's test of ``phe_life_expectancy`` (computed there with the PHE Life Expectancy
Calculator spreadsheet, 95% limits with z = 1.96) are numbers only, compared here.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from outcomeframe._errors import ArgumentError
from outcomeframe.stats import LIFE_TABLE_BANDS, life_expectancy, limit_columns

POPS = [7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601,
        50209, 56416, 46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936]  # fmt: skip
DEATHS = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872,
          1390, 1605, 1936, 1937]  # fmt: skip
#: Reference package test (testLifeExpectancy.R, answer1): value, lower and upper 95%.
REF_VALUE = [80.16960813, 79.36245674, 75.44193645, 70.47299936, 65.52909542, 60.67510088,
             55.78835987, 50.92752727, 46.06740425, 41.24505636, 36.49322717, 31.83343842,
             27.26027992, 22.9719144, 18.76856852, 14.95858336, 11.51684445, 8.618849241,
             6.163942934, 6.16210635]  # fmt: skip
REF_LOWER = [79.88268548, 79.0898816, 75.17407307, 70.20675732, 65.26548673, 60.41876577,
             55.53801579, 50.68279939, 45.82666794, 41.00842831, 36.26223216, 31.60996318,
             27.04337271, 22.76653134, 18.57570352, 14.77985004, 11.34831778, 8.451134045,
             5.978358351, 5.887683386]  # fmt: skip
REF_UPPER = [80.45653078, 79.63503188, 75.70979983, 70.7392414, 65.79270412, 60.931436,
             56.03870395, 51.17225516, 46.30814055, 41.48168441, 36.72422219, 32.05691365,
             27.47718713, 23.17729746, 18.96143352, 15.13731667, 11.68537112, 8.786564437,
             6.349527517, 6.436529314]  # fmt: skip
LABELS = ["0", "1-4", *(f"{a} \u2013 {a + 4}" for a in range(5, 90, 5)), "90 +"]


def life_table_loop(deaths: list[float], pops: list[float], starts: list[int]):
    """Life expectancy and its standard error at each band start, one band at a time."""
    k = len(starts)
    widths = [starts[i + 1] - starts[i] for i in range(k - 1)]
    a = [0.1 if i == 0 and widths[0] == 1 else 0.5 for i in range(k - 1)]
    m = [d / p for d, p in zip(deaths, pops, strict=True)]
    q = [min(widths[i] * m[i] / (1 + (1 - a[i]) * widths[i] * m[i]), 1.0) for i in range(k - 1)]
    q.append(1.0)
    lx = [100_000.0]
    for i in range(k - 1):
        lx.append(lx[i] * (1 - q[i]))
    big_l = [widths[i] * (lx[i + 1] + a[i] * lx[i] * q[i]) for i in range(k - 1)]
    big_l.append(lx[-1] / m[-1])
    ex = [sum(big_l[i:]) / lx[i] for i in range(k)]
    terms = []
    for i in range(k - 1):
        var_q = q[i] ** 2 * (1 - q[i]) / deaths[i] if deaths[i] > 0 else 0.0
        terms.append(lx[i] ** 2 * ((1 - a[i]) * widths[i] + ex[i + 1]) ** 2 * var_q)
    terms.append(lx[-1] ** 2 / m[-1] ** 4 * deaths[-1] / pops[-1] ** 2)
    se = [math.sqrt(sum(terms[i:]) / lx[i] ** 2) for i in range(k)]
    return ex, se


def test_reference_values_at_every_age() -> None:
    out = life_expectancy(DEATHS, POPS, age="all", confidence=0.95)
    assert out["age"].tolist() == list(LIFE_TABLE_BANDS)
    np.testing.assert_allclose(out["value"], REF_VALUE, rtol=0, atol=5e-8)
    # The reference rounds z to 1.96; with it, our standard errors give its limits exactly.
    half = (np.asarray(REF_UPPER) - np.asarray(REF_LOWER)) / 2
    np.testing.assert_allclose(out["standard_error"] * 1.96, half, rtol=5e-8)
    # With the exact z the limits agree to the reference's 4 decimal places.
    np.testing.assert_allclose(out["lower_95"].round(4), np.round(REF_LOWER, 4), atol=1e-9)
    np.testing.assert_allclose(out["upper_95"].round(4), np.round(REF_UPPER, 4), atol=1e-9)


def test_loop_matches_both_levels() -> None:
    ex, se = life_table_loop(DEATHS, POPS, list(LIFE_TABLE_BANDS))
    out = life_expectancy(DEATHS, POPS, age="all")
    np.testing.assert_allclose(out["value"], ex, rtol=1e-12)
    np.testing.assert_allclose(out["standard_error"], se, rtol=1e-10)
    for level in (0.95, 0.998):
        z = stats.norm.ppf(level + (1 - level) / 2)
        low, high = limit_columns(level)
        np.testing.assert_allclose(out[low], np.array(ex) - z * np.array(se), rtol=1e-10)
        np.testing.assert_allclose(out[high], np.array(ex) + z * np.array(se), rtol=1e-10)


def test_labels_in_any_order_and_selected_ages() -> None:
    order = np.random.default_rng(3).permutation(20)
    frame = pd.DataFrame(
        {"band": np.array(LABELS)[order], "d": np.array(DEATHS)[order], "p": np.array(POPS)[order]}
    )
    out = life_expectancy("d", "p", data=frame, band="band", age=(5, 25))
    assert out["age"].tolist() == [5, 25]
    np.testing.assert_allclose(out["value"], [REF_VALUE[2], REF_VALUE[6]], atol=5e-8)
    numeric = life_expectancy(DEATHS, POPS, band=list(LIFE_TABLE_BANDS))
    assert numeric["value"].iloc[0] == pytest.approx(REF_VALUE[0], abs=5e-8)


def synthetic_tables(seed: int, n_groups: int) -> pd.DataFrame:
    """Synthetic deaths and populations (seeded): Poisson draws around the reference table."""
    rng = np.random.default_rng(seed)
    pops = rng.poisson(np.array(POPS) / 20, (n_groups, 20)).astype(float) + 1
    deaths = rng.poisson(np.array(DEATHS) / 20, (n_groups, 20)).astype(float)
    deaths[:, -1] += 1
    return pd.DataFrame(
        {
            "area": np.repeat([f"A{i:04d}" for i in range(n_groups)], 20),
            "sex": np.repeat(np.where(np.arange(n_groups) % 2, "Male", "Female"), 20),
            "band": np.tile(LABELS, n_groups),
            "deaths": np.minimum(deaths, pops).ravel(),
            "pop": pops.ravel(),
        }
    )


def test_grouped_matches_loop_per_group() -> None:
    frame = synthetic_tables(7, 40)
    out = life_expectancy(
        "deaths", "pop", data=frame, by=["area", "sex"], band="band", age="all",
        suppress_width_above=None,
    )  # fmt: skip
    assert list(out.columns[:3]) == ["area", "sex", "age"]
    for (area, _), rows in frame.groupby(["area", "sex"]):
        ex, se = life_table_loop(
            rows["deaths"].tolist(), rows["pop"].tolist(), list(LIFE_TABLE_BANDS)
        )
        mine = out.loc[out["area"] == area]
        np.testing.assert_allclose(mine["value"], ex, rtol=1e-11)
        np.testing.assert_allclose(mine["standard_error"], se, rtol=1e-9)


def test_older_85_plus_band_set() -> None:
    starts = list(LIFE_TABLE_BANDS[:-1])
    deaths, pops = [*DEATHS[:-2], DEATHS[-2] + DEATHS[-1]], [*POPS[:-2], POPS[-2] + POPS[-1]]
    ex, se = life_table_loop(deaths, pops, starts)
    out = life_expectancy(deaths, pops, bands=starts, age="all")
    np.testing.assert_allclose(out["value"], ex, rtol=1e-12)
    np.testing.assert_allclose(out["standard_error"], se, rtol=1e-10)


def _one(deaths: list[float], pops: list[float]) -> str:
    return str(life_expectancy(deaths, pops)["reason"].iloc[0])


def test_suppression_reasons() -> None:
    zero_pop = POPS.copy()
    zero_pop[5] = 0
    assert _one(DEATHS, zero_pop) == "denominator is zero (in a row of the group)"
    negative = DEATHS.copy()
    negative[3] = -5
    assert _one(negative, POPS) == "count is negative (in a row of the group)"
    above = POPS.copy()
    above[18] = 119
    assert _one(DEATHS, above) == "count exceeds denominator (in a row of the group)"
    low = [128, 152, 120, 176, 194, 180, 145, 149, 107, 185, 165, 109, 100, 122, 133, 189,
           123, 121, 147, 138]  # fmt: skip
    low_deaths = [58, 93, 78, 94, 59, 71, 80, 73, 69, 72, 91, 69, 78, 71, 54, 91, 82, 53, 50, 84]
    assert _one(low_deaths, low) == "total population is below the suppression threshold"
    none_open = DEATHS.copy()
    none_open[-1] = 0
    assert _one(none_open, POPS) == "no deaths in the open-ended age band"
    missing = life_expectancy(DEATHS[:-1], POPS[:-1], bands=LIFE_TABLE_BANDS)
    assert missing["reason"].iloc[0] == "age bands do not match the life table"
    # One death among 200 people aged 90+: the open band's years are very uncertain.
    small, small_deaths = [*POPS[:-1], 200], [*DEATHS[:-1], 1]
    out = life_expectancy(small_deaths, small, age="all")
    wide = out["upper_95"].isna() & out["reason"].eq(
        "confidence interval is wider than the suppression threshold"
    )
    kept = life_expectancy(small_deaths, small, age="all", suppress_width_above=None)
    too_wide = (kept["upper_95"] - kept["lower_95"]) > 20
    assert too_wide.any()
    assert (wide == too_wide).all()


def test_first_failing_check_wins_and_bad_group_spoils_only_itself() -> None:
    frame = synthetic_tables(11, 3)
    frame.loc[3, "pop"] = 0.0  # group 0: a zero population
    frame.loc[20 + 19, "deaths"] = 0.0  # group 1: no deaths at 90+
    out = life_expectancy("deaths", "pop", data=frame, by="area", band="band")
    assert out["reason"].tolist()[:2] == [
        "denominator is zero (in a row of the group)",
        "no deaths in the open-ended age band",
    ]
    assert pd.isna(out["reason"].iloc[2])
    assert out["value"].isna().tolist() == [True, True, False]
    assert out["standard_error"].isna().tolist() == [True, True, False]


def test_bad_arguments() -> None:
    with pytest.raises(ArgumentError, match="age"):
        life_expectancy(DEATHS, POPS, age=4)
    with pytest.raises(ArgumentError, match="bands"):
        life_expectancy(DEATHS, POPS, bands=[1, 5, 10])
    with pytest.raises(ArgumentError, match="band"):
        life_expectancy(DEATHS, POPS, band=["0"] * 3)
    with pytest.raises(ArgumentError, match="confidence"):
        life_expectancy(DEATHS, POPS, confidence=1.5)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    factor=st.floats(1.01, 3.0),
    band=st.integers(0, 19),
)
def test_higher_mortality_lowers_life_expectancy(seed: int, factor: float, band: int) -> None:
    rng = np.random.default_rng(seed)
    pops = rng.uniform(500, 50_000, 20)
    rates = np.sort(rng.uniform(1e-4, 0.05, 20))
    deaths = rates * pops
    worse = deaths.copy()
    worse[band] = min(worse[band] * factor, pops[band])
    base = life_expectancy(deaths, pops, age="all", suppress_width_above=None)["value"]
    higher = life_expectancy(worse, pops, age="all", suppress_width_above=None)["value"]
    # Life expectancy at and below the band whose mortality rose falls; above it, unchanged.
    assert (higher[: band + 1] < base[: band + 1]).all()
    np.testing.assert_allclose(higher[band + 1 :], base[band + 1 :], rtol=1e-12)
    assert np.all(np.diff(base.to_numpy()[1:]) < 0)  # from age 1 on, fewer years remain
