"""The quick paths of the statistics give what the general paths give, to the last bit.

Groups of one integer or categorical column are counted, not hashed; clean inputs skip
the row-by-row checks and the overflow search. Each test compares the two paths on
SYNTHETIC seeded data.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from outcomeframe.stats import proportion, rate
from outcomeframe.stats._grouping import _counted_groups, grouping
from outcomeframe.stats._intervals import wilson_limits
from outcomeframe.stats._levels import limit_columns
from outcomeframe.stats._proportion import _BLOCK
from outcomeframe.stats._reasons import clean_counts

SEED = 20261201


def _pandas_groups(data: pd.DataFrame, key: str) -> tuple[np.ndarray, pd.DataFrame]:
    grouped = data[[key]].groupby([key], sort=True, dropna=False, observed=True)
    ids = np.asarray(grouped.ngroup().to_numpy(), dtype=np.intp)
    return ids, grouped.size().index.to_frame(index=False)


def _columns() -> dict[str, pd.Series]:
    rng = np.random.default_rng(SEED)
    return {
        "int64": pd.Series(rng.integers(0, 50, 300)),
        "int64, every value": pd.Series(np.arange(300)[::-1]),
        "negative": pd.Series(rng.integers(-20, 30, 300)),
        "int32": pd.Series(rng.integers(0, 50, 300).astype(np.int32)),
        "int8 extremes": pd.Series(np.array([-128, 127, 0, -128], dtype=np.int8)),
        "uint8": pd.Series(rng.integers(0, 250, 300).astype(np.uint8)),
        "uint64 near the top": pd.Series(
            rng.integers(0, 50, 300).astype(np.uint64) + np.uint64(2**64 - 60)
        ),
        "int64 near the top": pd.Series(np.array([2**63 - 1, 2**63 - 3], dtype=np.int64)),
        "sparse (hashed)": pd.Series(rng.choice([3, 7, 100, 10**9], 300)),
        "int64 extremes (hashed)": pd.Series(np.array([-(2**63), 2**63 - 1, 0])),
        "categorical": pd.Series(
            pd.Categorical(rng.choice(list("abcde"), 300), categories=list("edcbaz"))
        ),
        "categorical with missing": pd.Series(
            pd.Categorical(rng.choice(["a", "b", None], 300), categories=list("xab"))
        ),
        "ordered categorical": pd.Series(
            pd.Categorical(rng.choice(list("ab"), 30), categories=list("ba"), ordered=True)
        ),
        "categorical all missing": pd.Series(pd.Categorical([None, None], categories=["a"])),
        "empty categorical": pd.Series(pd.Categorical([], categories=["a"])),
        "empty integers": pd.Series(np.array([], dtype=np.int64)),
    }


@pytest.mark.parametrize("name", list(_columns()))
def test_counted_groups_are_pandas_groups(name: str) -> None:
    column = _columns()[name]
    data = pd.DataFrame({"g": column})
    groups = grouping(data, "g")
    ids, keys = _pandas_groups(data, "g")
    np.testing.assert_array_equal(groups.ids, ids)
    pd.testing.assert_frame_equal(groups.keys, keys)
    counted = _counted_groups(column) is not None
    assert counted is not ("hashed" in name or name == "empty integers")


def _rows(n_rows: int, n_groups: int) -> pd.DataFrame:
    """SYNTHETIC: counts at most their denominators, in ``n_groups`` integer groups."""
    rng = np.random.default_rng(SEED)
    denominator = rng.integers(1, 100_000, size=n_rows).astype(np.float64)
    return pd.DataFrame(
        {
            "group": rng.integers(0, n_groups, size=n_rows),
            "count": np.floor(denominator * rng.random(n_rows)),
            "denominator": denominator,
        }
    )


def _gaps_in_keys(data: pd.DataFrame) -> pd.DataFrame:
    """Every third key missing: the counted range has slots without rows."""
    return data[data["group"] % 3 != 0]


def _groups_with_no_count(data: pd.DataFrame) -> pd.DataFrame:
    """Every group present, a fifth of them with no count at all (their sum is 0)."""
    return data.assign(count=data["count"].where(data["group"] % 5 != 0, 0.0))


@pytest.mark.parametrize("function", [proportion, rate])
@pytest.mark.parametrize(
    "shape",
    [lambda d: d, _gaps_in_keys, _groups_with_no_count],
    ids=["every key", "gaps in the keys", "groups with no count"],
)
def test_grouped_by_counting_equals_grouped_by_hashing(function: object, shape: Any) -> None:
    data = shape(_rows(20_000, 3_000))
    hashed = data.assign(group=data["group"].astype(np.float64))  # floats are hashed
    assert _counted_groups(hashed["group"]) is None
    fast = function("count", "denominator", data=data, by="group")  # type: ignore[operator]
    slow = function("count", "denominator", data=hashed, by="group")  # type: ignore[operator]
    assert fast["group"].dtype == np.int64
    pd.testing.assert_frame_equal(
        fast.assign(group=fast["group"].astype(np.float64)), slow, check_exact=True
    )


@pytest.mark.parametrize("function", [proportion, rate])
def test_clean_rows_give_the_numbers_of_the_checked_path(function: object) -> None:
    """One bad row sends a call down the checked path; the other rows must not change."""
    data = _rows(5_000, 1)
    x, n = data["count"].to_numpy(), data["denominator"].to_numpy()
    assert clean_counts(x, n, positive=True, at_most=True) is not None
    clean = function(x, n)  # type: ignore[operator]
    checked = function(np.append(x, -1.0), np.append(n, 10.0))  # type: ignore[operator]
    assert checked["reason"].iloc[-1] == "count is negative"
    pd.testing.assert_frame_equal(clean, checked.iloc[:-1], check_exact=True)


def test_groups_read_before_summing_are_the_same_groups() -> None:
    data = _gaps_in_keys(_rows(2_000, 300))
    early, late = grouping(data, "group"), grouping(data, "group")
    ids, keys = early.ids, early.keys  # marks the keys that occur before any sum
    np.testing.assert_array_equal(early.sum(data["count"].to_numpy()), late.sum(data["count"]))
    np.testing.assert_array_equal(late.ids, ids)
    pd.testing.assert_frame_equal(late.keys, keys)


def test_proportion_by_blocks_is_the_formula_on_the_whole_arrays() -> None:
    """SYNTHETIC rows over several blocks: a clean block, one with a bad row, one near overflow."""
    data = _rows(3 * _BLOCK + 123, 1)
    x, n = data["count"].to_numpy(copy=True), data["denominator"].to_numpy(copy=True)
    bad, huge = _BLOCK + 7, 2 * _BLOCK + 11
    x[bad] = n[bad] + 1.0  # count exceeds denominator
    x[huge], n[huge] = 4e305, 1e306  # far beyond the quick path's range
    out = proportion(x, n)
    assert out["reason"].iloc[bad] == "count exceeds denominator"
    assert out["reason"].drop(index=bad).isna().all()
    good = np.ones(len(x), dtype=bool)
    good[bad] = False
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(out["value"][good], (x / n * 100)[good])
        for level in (0.95, 0.998):
            lower, upper = wilson_limits(x, n, level)
            low_name, up_name = limit_columns(level)
            np.testing.assert_array_equal(out[low_name][good], (lower * 100)[good])
            np.testing.assert_array_equal(out[up_name][good], (upper * 100)[good])
    assert np.isfinite(out.loc[huge, ["lower_95", "upper_95"]].to_numpy(dtype=float)).all()
    np.testing.assert_array_equal(out["count"], x)
    assert not np.shares_memory(out["count"].to_numpy(), x)
    assert not np.shares_memory(out["denominator"].to_numpy(), n)


@pytest.mark.parametrize(
    ("x", "n", "positive", "at_most", "expected"),
    [
        ([1.0, 2.0], [2.0, 2.0], True, True, 2.0),
        ([1.0, 3.0], [2.0, 2.0], True, True, None),  # count above denominator
        ([1.0, 3.0], [2.0, 2.0], True, False, 2.0),
        ([0.0], [0.0], True, False, None),  # zero denominator
        ([0.0], [0.0], False, False, 0.0),
        ([np.nan], [1.0], False, False, None),
        ([1.0], [np.nan], False, False, None),
        ([np.inf], [1.0], False, False, None),
        ([1.0], [np.inf], False, False, None),
        ([-0.5], [1.0], False, False, None),
        ([0.0], [-1.0], False, False, None),
        ([], [], False, False, None),
    ],
)
def test_clean_counts(
    x: list[float], n: list[float], positive: bool, at_most: bool, expected: float | None
) -> None:
    got = clean_counts(np.array(x), np.array(n), positive=positive, at_most=at_most)
    assert got == expected
