"""SYNTHETIC data for the statistics benchmarks: seeded random counts, not real figures.

Nothing here is published data; it only has the shape of indicator tables
(counts up to a few thousand, denominators up to ~100,000, 19 age bands per area).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from outcomeframe.stats import ESP2013

SEED = 20261122


def proportion_rows(n_rows: int, seed: int = SEED) -> pd.DataFrame:
    """SYNTHETIC: ``n_rows`` rows of integer ``count <= denominator`` (as floats)."""
    rng = np.random.default_rng(seed)
    denominator = rng.integers(1, 100_000, size=n_rows).astype(np.float64)
    count = np.floor(denominator * rng.random(n_rows))
    return pd.DataFrame({"count": count, "denominator": denominator})


def rate_rows(n_rows: int, seed: int = SEED) -> pd.DataFrame:
    """SYNTHETIC: event counts (about 10% below 10, so both methods run) and populations.

    Counts start at 1: PHStatsMethods 0.1.16 ``ph_rate`` raises on a zero count, and
    the comparison needs the same rows for every implementation.
    """
    rng = np.random.default_rng(seed)
    denominator = rng.integers(1_000, 1_000_000, size=n_rows).astype(np.float64)
    small = rng.random(n_rows) < 0.1
    count = np.where(
        small, rng.integers(1, 10, size=n_rows), rng.integers(10, 5_000, size=n_rows)
    ).astype(np.float64)
    return pd.DataFrame({"count": count, "denominator": denominator})


def grouped_proportion_rows(n_rows: int, n_groups: int, seed: int = SEED) -> pd.DataFrame:
    """SYNTHETIC: proportion rows with an integer ``group`` column (``n_groups`` groups)."""
    frame = proportion_rows(n_rows, seed)
    rng = np.random.default_rng(seed + 1)
    group = rng.integers(0, n_groups, size=n_rows)
    group[:n_groups] = np.arange(n_groups)  # every group present
    frame.insert(0, "group", group)
    return frame


def age_band_rows(n_groups: int, seed: int = SEED) -> pd.DataFrame:
    """SYNTHETIC: 19 ESP2013 age bands per group, with deaths and populations."""
    rng = np.random.default_rng(seed)
    n_rows = n_groups * len(ESP2013)
    population = rng.integers(100, 20_000, size=n_rows).astype(np.float64)
    deaths = rng.poisson(population * rng.uniform(0.0005, 0.02, size=n_rows)).astype(np.float64)
    band = pd.Categorical.from_codes(
        np.tile(np.arange(len(ESP2013)), n_groups), categories=ESP2013.index
    )
    return pd.DataFrame(
        {
            "area": np.repeat(np.arange(n_groups), len(ESP2013)),
            "band": band,
            "count": deaths,
            "denominator": population,
        }
    )
