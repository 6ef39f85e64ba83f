"""SYNTHETIC framework and observations for the dashboard benchmark: seeded, not real figures.

A vision, 10 priorities, 25 objectives, 100 outcomes and ``n_indicators``
indicators (proportions, half higher-is-better), measured in ``n_areas`` areas
plus England over five years. Nothing here is published data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import outcomeframe as of

SEED = 20261122
PERIODS = ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24"]


def synthetic_framework(n_indicators: int = 500) -> of.Framework:
    """SYNTHETIC: a layered framework whose area is the first synthetic area."""
    fw = of.Framework(
        title="SYNTHETIC benchmark framework (not a real plan)",
        area={"code": "E06900000", "name": "Synthetic area 0"},
    )
    fw.add(of.Vision(id="vision", title="SYNTHETIC vision"))
    for p in range(10):
        fw.add(of.Priority(id=f"p{p}", title=f"SYNTHETIC priority {p}"))
        fw.link(f"p{p}", "vision")
    for o in range(25):
        fw.add(of.Objective(id=f"o{o}", title=f"SYNTHETIC objective {o}"))
        fw.link(f"o{o}", f"p{o % 10}")
    for c in range(100):
        fw.add(of.Outcome(id=f"c{c}", title=f"SYNTHETIC outcome {c}"))
        fw.link(f"c{c}", f"o{c % 25}")
    for i in range(n_indicators):
        fw.add(
            of.Indicator(
                id=f"i{i}",
                title=f"SYNTHETIC indicator {i}",
                measure="proportion",
                unit="percent",
                polarity="higher_is_better" if i % 2 else "lower_is_better",
            )
        )
        fw.link(f"i{i}", f"c{i % 100}")
    for a in range(30):
        fw.add(of.Action(id=f"a{a}", title=f"SYNTHETIC action {a}"))
        fw.link(f"a{a}", f"p{a % 10}")
    return fw


def synthetic_observations(
    n_indicators: int = 500, n_areas: int = 150, seed: int = SEED
) -> pd.DataFrame:
    """SYNTHETIC: counts and denominators for every indicator, area (+ England) and period."""
    rng = np.random.default_rng(seed)
    areas = [f"E069{i:05d}" for i in range(n_areas)] + ["E92000001"]
    names = [f"Synthetic area {i}" for i in range(n_areas)] + ["England"]
    n = n_indicators * len(areas) * len(PERIODS)
    ind = np.repeat(np.arange(n_indicators), len(areas) * len(PERIODS))
    area = np.tile(np.repeat(np.arange(len(areas)), len(PERIODS)), n_indicators)
    period = np.tile(np.arange(len(PERIODS)), n_indicators * len(areas))
    denominator = rng.integers(500, 20_000, size=n).astype(float)
    denominator[area == n_areas] = 600_000.0
    share = np.clip(0.3 + 0.05 * rng.standard_normal(n) + 0.01 * period, 0.01, 0.99)
    count = np.floor(denominator * share)
    return pd.DataFrame(
        {
            "indicator": pd.Categorical.from_codes(ind, [f"i{i}" for i in range(n_indicators)]),
            "area_code": pd.Categorical.from_codes(area, areas),
            "area_name": pd.Categorical.from_codes(area, names),
            "period": pd.Categorical.from_codes(period, PERIODS),
            "count": count,
            "denominator": denominator,
        }
    )
