"""Benchmark: recent_trend over 420,000 SYNTHETIC series vs a groupby().apply() baseline.

Run:  nox -s bench -- -k trend   (the groupby().apply() timing is in bench_assess.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_panel import synthetic_panel

from outcomeframe.stats import CHI2_THRESHOLD, recent_trend


def naive_one(g: pd.DataFrame) -> pd.Series:
    """Straightforward per-series trend (proportions), as one would write it with apply."""
    g = g.sort_values("period").dropna(subset=["count", "denominator"])
    if (g["count"] == g["denominator"]).any():  # a 100% point anywhere: Fingertips refuses
        return pd.Series({"trend": "Cannot be calculated", "chi2": np.nan})
    g = g.tail(5)
    if len(g) < 5:
        return pd.Series({"trend": "Cannot be calculated", "chi2": np.nan})
    c = g["count"].to_numpy()
    d = g["denominator"].to_numpy()
    zero = (c == 0).any()  # its logit, so the slope's direction, is undefined: no change
    t = np.arange(1, 6)
    C, D = c.sum(), d.sum()
    with np.errstate(divide="ignore", invalid="ignore"):  # no count at all: 0 / 0, NaN
        chi2 = (
            D
            * (D * (c * t).sum() - C * (d * t).sum()) ** 2
            / (C * (D - C) * (D * (d * t * t).sum() - (d * t).sum() ** 2))
        )
    slope = D * (c * t).sum() - C * (d * t).sum()
    same = True
    for k in range(5):
        m = np.arange(5) != k
        ck, dk, tk = c[m], d[m], t[m]
        sk = dk.sum() * (ck * tk).sum() - ck.sum() * (dk * tk).sum()
        same &= np.sign(sk) == np.sign(slope)
    if chi2 > CHI2_THRESHOLD and same and not zero:
        label = "Increasing and getting better" if slope > 0 else "Decreasing and getting worse"
    else:
        label = "No significant change"
    return pd.Series({"trend": label, "chi2": chi2})


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return synthetic_panel()


def test_recent_trend_420000_series(benchmark, panel):
    """recent_trend over every series of the long 6.3-million-row panel."""

    def run() -> pd.DataFrame:
        return recent_trend(
            data=panel,
            by=["indicator", "area"],
            order="period",
            counts="count",
            denominators="denominator",
            polarity="High is good",
        )

    out = benchmark.pedantic(run, rounds=3, iterations=1)
    assert len(out) == 420_000


def test_agrees_with_the_straightforward_version(panel):
    """Same labels and chi2 as ``naive_one`` on a subset of 1,000 areas."""
    areas = panel["area"].cat.categories[:1_000]
    sub = panel[panel["area"].isin(areas)]
    base = sub.groupby(["indicator", "area"], observed=True)[
        ["period", "count", "denominator"]
    ].apply(naive_one)
    fast = recent_trend(
        data=sub,
        by=["indicator", "area"],
        order="period",
        counts="count",
        denominators="denominator",
        polarity="High is good",
    ).set_index(["indicator", "area"])
    joined = base.join(fast.add_suffix("_fast"))
    assert (joined["trend"] == joined["trend_fast"].astype(str)).all()
    assert np.nanmax(np.abs(joined["chi2"] / joined["chi2_fast"] - 1)) < 1e-8
