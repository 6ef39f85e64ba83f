"""Benchmark: recent_trend over 420,000 SYNTHETIC series vs a groupby().apply() baseline.

Run:  .venv/bin/python benchmarks/bench_trend.py [--baseline-series 20000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_panel import synthetic_panel

from outcomeframe.stats import CHI2_THRESHOLD, recent_trend


def naive_one(g: pd.DataFrame) -> pd.Series:
    """Straightforward per-series trend (proportions), as one would write it with apply."""
    g = g.sort_values("period").dropna(subset=["count", "denominator"]).tail(5)
    if len(g) < 5:
        return pd.Series({"trend": "Cannot be calculated", "chi2": np.nan})
    c = g["count"].to_numpy()
    d = g["denominator"].to_numpy()
    if ((c == 0) | (c == d)).any():  # logit undefined: same rule as outcomeframe
        return pd.Series({"trend": "Cannot be calculated", "chi2": np.nan})
    t = np.arange(1, 6)
    C, D = c.sum(), d.sum()
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
    if chi2 > CHI2_THRESHOLD and same:
        label = "Increasing and getting better" if slope > 0 else "Decreasing and getting worse"
    else:
        label = "No significant change"
    return pd.Series({"trend": label, "chi2": chi2})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline-series", type=int, default=12_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    t0 = time.perf_counter()
    df = synthetic_panel()
    print(f"synthetic panel: {len(df):,} rows, built in {time.perf_counter() - t0:.1f} s")

    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        out = recent_trend(
            data=df,
            by=["indicator", "area"],
            order="period",
            counts="count",
            denominators="denominator",
            polarity="High is good",
        )
        times.append(time.perf_counter() - t0)
    print(
        f"recent_trend, {len(out):,} series: best {min(times):.3f} s of {args.repeat} "
        f"({', '.join(f'{x:.3f}' for x in times)})"
    )
    print(out["trend"].value_counts().to_string())

    # baseline on a subset of series (it is ~1000x slower), extrapolated linearly
    areas = df["area"].cat.categories[: args.baseline_series // 12]
    sub = df[df["area"].isin(areas)]
    n_sub = sub.groupby(["indicator", "area"], observed=True).ngroups
    t0 = time.perf_counter()
    base = sub.groupby(["indicator", "area"], observed=True)[
        ["period", "count", "denominator"]
    ].apply(naive_one)
    tb = time.perf_counter() - t0
    print(
        f"groupby().apply() baseline: {n_sub:,} series in {tb:.1f} s -> "
        f"{tb / n_sub * len(out):.0f} s extrapolated to {len(out):,} series"
    )
    # same answers on the subset
    fast = recent_trend(
        data=sub,
        by=["indicator", "area"],
        order="period",
        counts="count",
        denominators="denominator",
        polarity="High is good",
    ).set_index(["indicator", "area"])
    joined = base.join(fast.add_suffix("_fast"))
    agree = (joined["trend"] == joined["trend_fast"].astype(str)).mean()
    rel = np.nanmax(np.abs(joined["chi2"] / joined["chi2_fast"] - 1))
    print(f"agreement on subset: labels {agree:.4%}, max rel chi2 diff {rel:.2e}")


if __name__ == "__main__":
    main()
