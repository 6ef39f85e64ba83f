"""Recent trend: the fast paths give what the general path gives (SYNTHETIC series).

A complete long table (categorical or integer keys and period, every series with
every period once, every row usable) is laid out without a sort
(``stats._trend_layout``), and clean series x points arrays skip the row checks.
Each test builds the same series twice, once taking a fast path and once the
general one (string keys, a left-padded column), and compares the whole frames.
All numbers come from seeded generators and are invented.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outcomeframe import DataError
from outcomeframe._vocabulary import Reason
from outcomeframe.stats import _trend as trend_module
from outcomeframe.stats import recent_trend

KW: dict[str, Any] = {
    "by": ["indicator", "area"],
    "order": "period",
    "counts": "count",
    "denominators": "denominator",
}


def _labels(codes: np.ndarray, prefix: str, n: int) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=[f"{prefix}{i:04d}" for i in range(n)])


def synthetic_long(
    n_areas: int, n_indicators: int, n_periods: int, seed: int, *, full_early: bool = False
) -> pd.DataFrame:
    """A SYNTHETIC complete, shuffled long table with categorical keys (invented numbers)."""
    rng = np.random.default_rng(seed)
    n_series = n_areas * n_indicators
    base = rng.uniform(0.05, 0.9, n_series)[:, None]
    slope = rng.normal(0.0, 0.03, n_series)[:, None]
    p = np.clip(base + slope * np.arange(n_periods), 0.01, 0.99)
    d = rng.integers(5, 400, (n_series, n_periods))
    c = rng.binomial(d, p)
    if full_early:  # a 100% point before the last five periods: the series is refused
        c[::3, 0] = d[::3, 0]
    cells = np.arange(n_series * n_periods)  # row-major: indicator, area, period
    df = pd.DataFrame(
        {
            "indicator": _labels(cells // (n_areas * n_periods), "ind", n_indicators),
            "area": _labels(cells // n_periods % n_areas, "E", n_areas),
            "period": 2001 + cells % n_periods,
            "count": c.ravel().astype(float),
            "denominator": d.ravel().astype(float),
        }
    )
    return df.iloc[rng.permutation(len(df))].reset_index(drop=True)


def _as_strings(df: pd.DataFrame) -> pd.DataFrame:
    """The same table with object keys (which the general path sorts)."""
    return df.astype({"indicator": object, "area": object})


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records, per call, whether the complete-grid layout was used."""
    seen: list[bool] = []
    real = trend_module.grid_tails

    def spy(*args: Any) -> Any:
        out = real(*args)
        seen.append(out is not None)
        return out

    monkeypatch.setattr(trend_module, "grid_tails", spy)
    return seen


def _same(fast: pd.DataFrame, general: pd.DataFrame) -> None:
    fast = fast.astype({"indicator": object, "area": object})
    pd.testing.assert_frame_equal(fast, general)


@settings(max_examples=25, deadline=None)
@given(
    n_areas=st.integers(1, 12),
    n_indicators=st.integers(1, 3),
    n_periods=st.integers(5, 9),
    seed=st.integers(0, 2**32 - 1),
    full_early=st.booleans(),
    polarity=st.sampled_from(["High is good", "Low is good", None]),
)
def test_complete_table_same_as_sorted(
    n_areas: int,
    n_indicators: int,
    n_periods: int,
    seed: int,
    full_early: bool,
    polarity: str | None,
) -> None:
    df = synthetic_long(n_areas, n_indicators, n_periods, seed, full_early=full_early)
    fast = recent_trend(data=df, polarity=polarity, **KW)
    general = recent_trend(data=_as_strings(df), polarity=polarity, **KW)
    _same(fast, general)


def test_the_complete_grid_is_laid_out_without_a_sort(taken: list[bool]) -> None:
    df = synthetic_long(40, 3, 7, seed=11, full_early=True)
    out = recent_trend(data=df, polarity="High is good", **KW)
    recent_trend(data=_as_strings(df), polarity="High is good", **KW)
    assert taken == [True, False]  # object keys: the general path
    # every third series has a 100% point in its first period, before the last five
    early = out.iloc[::3]
    assert (early["trend"] == "Cannot be calculated").all()
    assert (early["reason"] == Reason.FULL_POINT.value).all()
    assert early["chi2"].isna().all()


def test_a_polarity_column_is_read_from_each_series_latest_row(taken: list[bool]) -> None:
    df = synthetic_long(30, 2, 6, seed=3)
    # the polarity changes in the latest period, the other way for odd areas
    flip = (df["area"].cat.codes % 2 == 0) == (df["period"] == df["period"].max())
    df["polarity"] = np.where(flip, "High is good", "Low is good")
    kw = {**KW, "polarity": "polarity"}
    _same(recent_trend(data=df, **kw), recent_trend(data=_as_strings(df), **kw))
    assert taken[0]


def test_integer_keys_and_a_categorical_period(taken: list[bool]) -> None:
    df = synthetic_long(25, 2, 6, seed=5)
    df["area"] = df["area"].cat.codes.astype(np.int64) * 7 % 25  # a permutation of 0..24
    df["period"] = pd.Categorical(df["period"].astype(str))
    fast = recent_trend(data=df, polarity="High is good", **KW)
    general = recent_trend(data=df.astype({"indicator": object}), polarity="High is good", **KW)
    assert taken == [True, False]
    assert fast["area"].tolist() == list(range(25)) * 2  # series in sorted key order
    pd.testing.assert_frame_equal(fast.astype({"indicator": object}), general)


@pytest.mark.parametrize("dtype", [np.int8, np.uint64, np.int16])
def test_small_and_unsigned_integer_keys(taken: list[bool], dtype: type) -> None:
    """Keys across the whole range of a small integer type are offset without wrapping."""
    df = synthetic_long(256, 1, 5, seed=13)
    offset = -128 if dtype is np.int8 else 0
    df["area"] = (df["area"].cat.codes.astype(np.int64) + offset).astype(dtype)
    fast = recent_trend(data=df, polarity="High is good", **KW)
    general = recent_trend(data=df.astype({"indicator": object}), polarity="High is good", **KW)
    assert taken == [True, False]
    assert fast["area"].tolist() == list(range(offset, offset + 256))
    pd.testing.assert_frame_equal(fast.astype({"indicator": object}), general)


def test_a_repeated_period_is_still_a_data_error(taken: list[bool]) -> None:
    df = synthetic_long(5, 1, 5, seed=8)
    # one row of a series moved onto another of its periods: as many rows as cells,
    # one cell taken twice and one empty
    row = df.index[(df["area"] == "E0002") & (df["period"] == 2003)][0]
    df.loc[row, "period"] = 2004
    with pytest.raises(DataError, match="repeated within a series"):
        recent_trend(data=df, polarity="High is good", **KW)
    assert taken == [False]


def test_a_missing_or_impossible_row_takes_the_general_path(taken: list[bool]) -> None:
    df = synthetic_long(20, 2, 6, seed=9)
    df.loc[3, "count"] = np.nan
    df.loc[4, "count"] = df.loc[4, "denominator"] + 1
    out = recent_trend(data=df, polarity="High is good", **KW)
    assert taken == []  # the row checks find them first: no layout is tried
    _same(out, recent_trend(data=_as_strings(df), polarity="High is good", **KW))
    assert out["reason"].notna().any()


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 30),
    width=st.integers(5, 9),
    seed=st.integers(0, 2**32 - 1),
    kind=st.sampled_from(["proportion", "other", "counted"]),
)
def test_clean_arrays_same_as_padded(n: int, width: int, seed: int, kind: str) -> None:
    """Series x points arrays with every point usable give what padded arrays give.

    A column of NaN on the left (padding: no series is changed) sends the same
    series through the row checks and the pivot.
    """
    rng = np.random.default_rng(seed)
    d = rng.integers(5, 300, (n, width)).astype(float)
    c = rng.binomial(d.astype(int), rng.uniform(0.05, 0.95, (n, 1))).astype(float)
    y = c / d * 100
    half = rng.uniform(0.5, 5.0, (n, width))
    args = {
        "proportion": {"counts": c, "denominators": d},
        "other": {"values": y, "lower": y - half, "upper": y + half},
        "counted": {
            "counts": c,
            "denominators": d,
            "values": y,
            "lower": y - half,
            "upper": y + half,
        },
    }[kind]
    padded = {k: np.hstack([np.full((n, 1), np.nan), v]) for k, v in args.items()}
    fast = recent_trend(polarity="Low is good", **args)
    general = recent_trend(polarity="Low is good", **padded)
    pd.testing.assert_frame_equal(fast, general)
