"""Benchmark: life expectancy for 10,000 areas x 20 bands against a per-group peer (SYNTHETIC).

Run (from the repo root):

    pytest benchmarks/bench_life_expectancy.py -p no:cacheprovider --benchmark-only \
        -o testpaths=benchmarks -o addopts="" -s

The peer is the straightforward implementation: ``groupby().apply()`` with one life
table per group, written band by band from the formulas (the same as the test's
loop). It is timed in the same run on the first 500 areas and scaled by 20 to the
10,000 (it is linear in the groups); the ratio is ours over the scaled peer. The data
are seeded Poisson draws around a real table's shape, labelled synthetic.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
import pandas as pd

from outcomeframe.stats import LIFE_TABLE_BANDS, life_expectancy

AREAS = 10_000
PEER_AREAS = 500
POPS = np.array([7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601,
                 50209, 56416, 46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936])  # fmt: skip
DEATHS = np.array([17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872,
                   1390, 1605, 1936, 1937])  # fmt: skip


def synthetic_life_tables(n_areas: int, seed: int = 17) -> pd.DataFrame:
    """SYNTHETIC deaths and populations: one 20-band table per area, in random row order."""
    rng = np.random.default_rng(seed)
    pops = rng.poisson(POPS / 8, (n_areas, 20)).astype(float) + 1
    deaths = np.minimum(rng.poisson(DEATHS / 8, (n_areas, 20)) + (np.arange(20) == 19), pops)
    labels = ["0", "1-4", *(f"{a}-{a + 4}" for a in range(5, 90, 5)), "90+"]
    frame = pd.DataFrame(
        {
            "area": np.repeat([f"E{i:08d}" for i in range(n_areas)], 20),
            "band": np.tile(labels, n_areas),
            "deaths": deaths.ravel().astype(float),
            "pop": pops.ravel(),
        }
    )
    return frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)


def _one_table(rows: pd.DataFrame) -> pd.Series:
    """Life expectancy at birth and its 95% limits of one area, band by band."""
    order = rows["band"].str.extract(r"^(\d+)", expand=False).astype(int).argsort().to_numpy()
    d, p = rows["deaths"].to_numpy()[order], rows["pop"].to_numpy()[order]
    starts = list(LIFE_TABLE_BANDS)
    k = len(starts)
    lx, q, big_l, a, w = [100_000.0], [], [], [], []
    for i in range(k - 1):
        w.append(starts[i + 1] - starts[i])
        a.append(0.1 if i == 0 else 0.5)
        m = d[i] / p[i]
        q.append(min(w[i] * m / (1 + (1 - a[i]) * w[i] * m), 1.0))
        lx.append(lx[i] * (1 - q[i]))
        big_l.append(w[i] * (lx[i + 1] + a[i] * lx[i] * q[i]))
    m_last = d[-1] / p[-1]
    big_l.append(lx[-1] / m_last)
    ex = [sum(big_l[i:]) / lx[i] for i in range(k)]
    total = lx[-1] ** 2 / m_last**4 * d[-1] / p[-1] ** 2
    for i in range(k - 1):
        var_q = q[i] ** 2 * (1 - q[i]) / d[i] if d[i] > 0 else 0.0
        total += lx[i] ** 2 * ((1 - a[i]) * w[i] + ex[i + 1]) ** 2 * var_q
    se = math.sqrt(total) / lx[0]
    return pd.Series({"value": ex[0], "lower_95": ex[0] - 1.959964 * se,
                      "upper_95": ex[0] + 1.959964 * se})  # fmt: skip


def per_group(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.groupby("area").apply(_one_table, include_groups=False)


def test_life_expectancy_10k_areas(benchmark: Any) -> None:
    """Goal: at least 100x faster than the per-group peer (scaled from 500 areas)."""
    frame = synthetic_life_tables(AREAS)
    subset = frame.loc[
        frame["area"].isin(frame["area"].drop_duplicates().sort_values()[:PEER_AREAS])
    ]
    times: dict[str, list[float]] = {"ours": [], "peer": []}

    def pair() -> None:
        start = time.perf_counter()
        ours = life_expectancy("deaths", "pop", data=frame, by="area", band="band")
        times["ours"].append(time.perf_counter() - start)
        start = time.perf_counter()
        peer = per_group(subset)
        times["peer"].append(time.perf_counter() - start)
        first = ours.set_index("area").loc[peer.index, "value"]
        assert np.allclose(first, peer["value"], rtol=1e-12)

    benchmark.pedantic(pair, rounds=3, iterations=1, warmup_rounds=1)
    ours_min = min(times["ours"][1:])
    peer_scaled = min(times["peer"][1:]) * AREAS / PEER_AREAS
    figures = {"ours_min_s": ours_min, "peer_scaled_min_s": peer_scaled,
               "speed_up": peer_scaled / ours_min}  # fmt: skip
    benchmark.extra_info.update(figures)
    print({k: round(v, 4) for k, v in figures.items()})
    assert figures["speed_up"] >= 100
