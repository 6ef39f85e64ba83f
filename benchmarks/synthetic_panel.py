"""SYNTHETIC national small-area panel for benchmarks (not real data).

35,000 areas x 12 indicators x 15 periods (6.3 million rows) of counts and
denominators drawn from a seeded generator. Every number here is invented.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

N_AREAS = 35_000
N_INDICATORS = 12
N_PERIODS = 15


def synthetic_panel(
    n_areas: int = N_AREAS,
    n_indicators: int = N_INDICATORS,
    n_periods: int = N_PERIODS,
    *,
    seed: int = 20240601,
) -> pd.DataFrame:
    """Return a long SYNTHETIC panel: indicator, area, period, count, denominator.

    ``indicator`` and ``area`` are categoricals (as a loader would give), rows
    are shuffled so the functions under test must sort.
    """
    rng = np.random.default_rng(seed)
    n_series = n_areas * n_indicators
    base = rng.uniform(0.05, 0.6, n_series)
    slope = rng.normal(0.0, 0.01, n_series)
    den = rng.integers(50, 2_000, n_series)
    t = np.arange(n_periods)
    p = np.clip(base[:, None] + slope[:, None] * t[None, :], 0.01, 0.99)
    d = np.maximum(10, den[:, None] + rng.integers(-20, 21, (n_series, n_periods)))
    c = rng.binomial(d, p)
    areas = pd.Categorical.from_codes(
        np.repeat(np.arange(n_areas), n_indicators * n_periods),
        categories=[f"E0{i:07d}" for i in range(n_areas)],
    )
    indicators = pd.Categorical.from_codes(
        np.tile(np.repeat(np.arange(n_indicators), n_periods), n_areas),
        categories=[f"ind{i:02d}" for i in range(n_indicators)],
    )
    df = pd.DataFrame(
        {
            "area": areas,
            "indicator": indicators,
            "period": np.tile(np.arange(2010, 2010 + n_periods), n_series),
            "count": c.ravel().astype(np.float64),
            "denominator": d.ravel().astype(np.float64),
        }
    )
    order = rng.permutation(len(df))
    return df.iloc[order].reset_index(drop=True)
