"""Benchmark: SII with limits for a SYNTHETIC panel of 35,000 areas x 12 indicators x 10 deciles.

4,200,000 rows (420,000 sets of deciles; invented numbers from the seeded generator
below), ``stats.sii`` on all of them in one call, closed-form and simulated limits at
both levels. Next to it, in the same run, a straightforward per-set implementation
(a Python loop over sets: numpy least squares on the sqrt(a)-scaled design of the
published method, then the simulation drawn per decile and refitted per set, as the
reference package does set by set), timed on a subset and scaled to the 420,000 sets.

Run:  nox -s bench -- -k sii    (or see benchmarks/RESULTS.md for the full command)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from outcomeframe import stats

AREAS, INDICATORS, DECILES = 35_000, 12, 10
SETS = AREAS * INDICATORS
#: Repetitions for every set within the 10 s goal on this machine (see RESULTS.md).
SIMULATIONS = 100
#: Sets the per-set implementation is timed on (then scaled to SETS).
SUBSET = 400
TARGET_SECONDS = 10.0
Z95 = 1.959963984540054


def synthetic_deciles(areas: int = AREAS, seed: int = 17) -> pd.DataFrame:
    """SYNTHETIC decile values, limits and populations (invented; benchmark only)."""
    rng = np.random.default_rng(seed)
    n = areas * INDICATORS * DECILES
    decile = np.tile(np.arange(1, DECILES + 1), areas * INDICATORS)
    value = 40.0 + 2.0 * decile + rng.normal(0.0, 1.5, n)
    half = rng.uniform(0.5, 3.0, n)
    return pd.DataFrame(
        {
            "area": pd.Categorical.from_codes(
                np.repeat(np.arange(areas), INDICATORS * DECILES),
                categories=[f"S{i:05d}" for i in range(areas)],
            ),
            "indicator": pd.Categorical.from_codes(
                np.tile(np.repeat(np.arange(INDICATORS), DECILES), areas),
                categories=[f"ind{i:02d}" for i in range(INDICATORS)],
            ),
            "decile": decile,
            "population": rng.uniform(2_000.0, 20_000.0, n),
            "value": value,
            "lower": value - half,
            "upper": value + half,
        }
    )


def per_set(frame: pd.DataFrame, simulations: int, seed: int = 1) -> pd.DataFrame:
    """Straightforward SII with simulated 95% and 99.8% limits, one set at a time."""
    rng = np.random.default_rng(seed)
    rows = []
    for key, unsorted in frame.groupby(["area", "indicator"], observed=True, sort=True):
        g = unsorted.sort_values("decile")
        a = g["population"].to_numpy() / g["population"].sum()
        b = np.cumsum(a) - a / 2
        r = np.sqrt(a)
        X = np.column_stack([r, b * r])
        y = g["value"].to_numpy()
        se = (g["upper"] - g["lower"]).to_numpy() / (2 * Z95)
        sii = np.linalg.lstsq(X, y * r, rcond=None)[0][1]
        draws = y[:, None] + se[:, None] * rng.standard_normal((len(y), simulations))
        slopes = np.linalg.lstsq(X, draws * r[:, None], rcond=None)[0][1]
        q = np.quantile(slopes, [0.025, 0.975, 0.001, 0.999])
        rows.append((*key, sii, *q))
    return pd.DataFrame(
        rows, columns=["area", "indicator", "sii", "lo95", "hi95", "lo998", "hi998"]
    )


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return synthetic_deciles()


def _run(panel: pd.DataFrame, method: str, simulations: int = SIMULATIONS) -> pd.DataFrame:
    return stats.sii(
        "value",
        "lower",
        "upper",
        rank="decile",
        population="population",
        data=panel,
        by=["area", "indicator"],
        method=method,
        simulations=simulations,
        seed=1,
    )


def test_sii_closed_form_420000_sets(benchmark, panel):
    out = benchmark.pedantic(_run, args=(panel, "closed"), rounds=2, iterations=1)
    assert len(out) == SETS
    assert out["reason"].isna().all()


def test_sii_simulated_420000_sets(benchmark, panel):
    out = benchmark.pedantic(_run, args=(panel, "simulation"), rounds=2, iterations=1)
    assert len(out) == SETS
    assert out["upper_99_8"].notna().all()
    benchmark.extra_info["simulations"] = SIMULATIONS
    assert benchmark.stats.stats.min < TARGET_SECONDS


def test_sii_per_set_baseline(benchmark, panel):
    """The per-set implementation on SUBSET sets, scaled to all 420,000."""
    sub = panel.iloc[: SUBSET * DECILES]
    out = benchmark.pedantic(per_set, args=(sub, SIMULATIONS), rounds=1, iterations=1)
    assert len(out) == SUBSET
    benchmark.extra_info["scaled_to_420000_sets_s"] = benchmark.stats.stats.mean * SETS / SUBSET


def test_sii_100000_simulations_on_a_subset(benchmark, panel):
    """The reference's 100,000 repetitions: ours on 200 sets, to say what all would cost."""
    sub = panel.iloc[: 200 * DECILES]
    out = benchmark.pedantic(_run, args=(sub, "simulation", 100_000), rounds=1, iterations=1)
    assert len(out) == 200
    benchmark.extra_info["scaled_to_420000_sets_s"] = benchmark.stats.stats.mean * SETS / 200


def test_agrees_with_the_per_set_version(panel):
    sub = panel.iloc[: 50 * DECILES]
    ours = _run(sub, "simulation", 20_000)
    theirs = per_set(sub, 20_000)
    np.testing.assert_allclose(ours["value"], theirs["sii"], rtol=1e-10)
    width = (theirs["hi95"] - theirs["lo95"]).to_numpy()
    assert np.all(np.abs(ours["lower_95"].to_numpy() - theirs["lo95"].to_numpy()) < 0.05 * width)
    assert np.all(np.abs(ours["upper_95"].to_numpy() - theirs["hi95"].to_numpy()) < 0.05 * width)
