"""Benchmark: recent_trend over SYNTHETIC series vs a closed-form numpy floor and a naive peer.

The floor (issue 15) is the same method in bare numpy, no checks and no frame:
:func:`floor_trend` computes on arrays already laid out as series x points (the
closed-form chi-squared for trend, the logit slope and its five leave-one-out
refits, the label rule), and :func:`floor_layout` lays the long table out first
(one scatter per column into a complete series x period grid). Ours is timed
pair by pair with the floor, alternating which runs first, in the same run; the
figure is the median of the pair ratios.

Run:  nox -s bench -- -k trend   (the groupby().apply() timing is in bench_assess.py)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_panel import synthetic_panel

from outcomeframe.stats import CHI2_THRESHOLD, TREND_LABELS, recent_trend

_T = np.arange(1.0, 6.0)[:, None]  # positions t = 1..5, points first
_U = _T - 3.0  # centred positions
_CODE = {label: i for i, label in enumerate(TREND_LABELS)}
_UP, _DOWN = _CODE["Increasing and getting better"], _CODE["Decreasing and getting worse"]
_NSC, _CANNOT = _CODE["No significant change"], _CODE["Cannot be calculated"]


def floor_trend(c: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The floor: label codes (into TREND_LABELS, high is good) and chi2 of each row.

    ``c`` and ``d`` are ``(series, periods)`` counts and denominators, complete and
    in time order (periods >= 5); the trend uses the last five columns, and a count
    equal to its denominator in any column stops the series (Fingertips' rule).
    """
    full = (c == d).any(axis=1)
    ct = np.ascontiguousarray(c[:, -5:].T)  # (5, n): sums over points are vector adds
    dt = np.ascontiguousarray(d[:, -5:].T)
    C, D = ct.sum(axis=0), dt.sum(axis=0)
    d_t = dt * _T
    sdt = d_t.sum(axis=0)
    with np.errstate(all="ignore"):
        chi2 = (
            D
            * (D * (ct * _T).sum(axis=0) - C * sdt) ** 2
            / (C * (D - C) * (D * (d_t * _T).sum(axis=0) - sdt * sdt))
        )
        y = np.log(ct / (dt - ct))  # logit(c / d)
        g = (y * _U).sum(axis=0)  # 10 x the least-squares slope on t
        # leave point k out: the other four positions have mean -u_k / 4
        loo = (g - _U * y) + _U / 4.0 * (y.sum(axis=0) - y)
    up = ~(g < 0)  # a slope that is not negative counts as positive
    same = (~(loo < 0) == up).all(axis=0)
    zero = (ct == 0).any(axis=0)
    significant = (chi2 > CHI2_THRESHOLD) & same & ~zero & (g != 0)
    codes = np.where(significant, np.where(up, _UP, _DOWN), _NSC)
    return np.where(full, _CANNOT, codes), np.where(full, np.nan, chi2)


def floor_layout(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Counts and denominators of the long table as ``(series, periods)`` grids.

    No checks: every (indicator, area, period) present once, periods consecutive.
    """
    period = df["period"].to_numpy()
    lo = period.min()
    n_per = int(period.max() - lo) + 1
    n_area = len(df["area"].cat.categories)
    cell = df["indicator"].cat.codes.to_numpy().astype(np.intp) * n_area
    cell += df["area"].cat.codes.to_numpy()
    cell *= n_per
    cell += period - lo
    out = []
    for col in ("count", "denominator"):
        grid = np.empty(len(df))
        grid[cell] = df[col].to_numpy()
        out.append(grid.reshape(-1, n_per))
    return out[0], out[1]


def _paired(
    benchmark: Any,
    ours: Callable[[], Any],
    floor: Callable[[], Any],
    rounds: int,
    also: Callable[[], Any] | None = None,
) -> dict[str, float]:
    """Ours and the floor ``rounds`` times, alternating which runs first; into extra_info.

    ``also``: a second floor timed in the same rounds (reported as ``also_*``).
    """
    runs = [("ours", ours), ("floor", floor)] + ([("also", also)] if also else [])
    times: dict[str, list[float]] = {name: [] for name, _ in runs}
    turn = [0]

    def pair() -> None:
        for name, func in runs if turn[0] % 2 == 0 else runs[::-1]:
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
        turn[0] += 1

    benchmark.pedantic(pair, rounds=rounds, iterations=1, warmup_rounds=1)
    ours_t = times["ours"][1:]
    figures = {"ours_min_s": min(ours_t), "load_average_1min": os.getloadavg()[0]}
    for name in times.keys() - {"ours"}:
        other = times[name][1:]
        figures[f"{name}_min_s"] = min(other)
        figures[f"{name}_ratio_median" if name != "floor" else "ratio_median"] = statistics.median(
            a / b for a, b in zip(ours_t, other, strict=True)
        )
    benchmark.extra_info.update(figures)
    print({k: round(v, 3) for k, v in sorted(figures.items())})
    return figures


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


KW = {
    "by": ["indicator", "area"],
    "order": "period",
    "counts": "count",
    "denominators": "denominator",
    "polarity": "High is good",
}


@pytest.fixture(scope="module")
def short_panel() -> pd.DataFrame:
    """200,000 series of 5 periods (1,000,000 rows)."""
    return synthetic_panel(n_areas=20_000, n_indicators=10, n_periods=5, seed=20261201)


def _check_floor(out: pd.DataFrame, codes: np.ndarray, chi2: np.ndarray) -> None:
    """Ours gives the floor's labels and chi2."""
    assert (out["trend"].cat.codes.to_numpy() == codes).all()
    np.testing.assert_allclose(out["chi2"].to_numpy(), chi2, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("size", ["420k", "200k_x_5"])
def test_long_table_vs_floor(benchmark, panel, short_panel, size):
    """Goal (issue 15): ours on the long table <= 1.5x the floor with its layout.

    ``also_ratio_median``: ours against the floor's computation alone (no layout).
    """
    df = panel if size == "420k" else short_panel
    c, d = floor_layout(df)
    _check_floor(recent_trend(data=df, **KW), *floor_trend(c, d))
    _paired(
        benchmark,
        lambda: recent_trend(data=df, **KW),
        lambda: floor_trend(*floor_layout(df)),
        7 if size == "420k" else 15,
        also=lambda: floor_trend(c, d),  # the computation alone, on laid-out arrays
    )


@pytest.mark.parametrize("size", ["420k", "200k_x_5"])
def test_laid_out_vs_floor(benchmark, panel, short_panel, size):
    """Goal (issue 15): ours on series x points arrays <= 1.5x the floor's computation."""
    c, d = floor_layout(panel if size == "420k" else short_panel)
    _check_floor(
        recent_trend(counts=c, denominators=d, polarity="High is good"), *floor_trend(c, d)
    )
    _paired(
        benchmark,
        lambda: recent_trend(counts=c, denominators=d, polarity="High is good"),
        lambda: floor_trend(c, d),
        15,
    )


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
