"""Benchmark comparison: methods, labels, reasons, polarity mirroring."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outcomeframe import ArgumentError
from outcomeframe.stats import COMPARISON_LABELS, Polarity, compare, quantile_groups, target_rag
from tests.strategies_trend import polarities

SWAP = {"Better": "Worse", "Worse": "Better"}


def test_ci_overlap_labels() -> None:
    out = compare([10.0, 12.0, 15.0], [9.0, 11.5, 14.0], [11.0, 12.5, 16.0], 12.2, "Low is good")
    assert out["comparison"].tolist() == ["Better", "Similar", "Worse"]
    assert tuple(out["comparison"].cat.categories) == COMPARISON_LABELS
    bob = compare([10.0, 12.0, 15.0], [9.0, 11.5, 14.0], [11.0, 12.5, 16.0], 12.2, "No judgement")
    assert bob["comparison"].tolist() == ["Lower", "Similar", "Higher"]


def test_limit_touching_benchmark_is_similar() -> None:
    out = compare([10.0], [9.0], [12.2], 12.2, "High is good")
    assert out["comparison"].tolist() == ["Similar"]


def test_two_levels() -> None:
    out = compare(
        [15.0, 13.0, 12.0],
        [14.0, 12.5, 11.0],
        [16.0, 13.5, 13.0],
        12.2,
        "High is good",
        method="two_levels",
        lower_99_8=[13.5, 12.0, 10.5],
        upper_99_8=[16.5, 14.0, 13.5],
    )
    assert out["comparison"].tolist() == ["Better", "Better", "Similar"]
    assert out["level"].tolist()[:2] == ["99.8%", "95%"]
    assert pd.isna(out["level"].iloc[2])


def test_double_overlap() -> None:
    out = compare(
        [10.0, 10.0],
        [9.0, 9.0],
        [11.0, 11.0],
        [11.8, 12.5],
        "High is good",
        method="double_overlap",
        benchmark_lower=[10.9, 11.5],
        benchmark_upper=[12.7, 13.5],
    )
    assert out["comparison"].tolist() == ["Similar", "Worse"]


def test_not_compared_reasons() -> None:
    out = compare(
        [10.0, np.nan, 10.0],
        [9.0, 9.0, 9.0],
        [11.0, 11.0, 11.0],
        [20.0, 20.0, np.nan],
        "High is good",
    )
    assert out["comparison"].tolist() == ["Worse", "Not compared", "Not compared"]
    assert out["reason"].tolist()[1:] == ["missing value or 95% limits", "missing benchmark"]


def test_series_index_kept_and_polarity_array() -> None:
    v = pd.Series([15.0, 15.0], index=["a", "b"])
    out = compare(v, [14.0, 14.0], [16.0, 16.0], 12.0, ["High is good", "Low is good"])
    assert list(out.index) == ["a", "b"]
    assert out["comparison"].tolist() == ["Better", "Worse"]


def test_bad_input() -> None:
    with pytest.raises(ArgumentError, match="upper_95"):
        compare([1.0, 2.0], [0.5, 1.5], [1.5], 1.0, "High is good")
    with pytest.raises(ArgumentError, match="lower_99_8"):
        compare([1.0], [0.5], [1.5], 1.0, "High is good", method="two_levels")
    with pytest.raises(ArgumentError, match="method"):
        compare([1.0], [0.5], [1.5], 1.0, "High is good", method="nope")  # type: ignore[arg-type]


@given(
    st.lists(
        st.tuples(st.floats(0, 100), st.floats(0.01, 10), st.floats(0.01, 10)),
        min_size=1,
        max_size=20,
    ),
    st.floats(0, 100),
    polarities,
    st.sampled_from([0.01, 100.0, 1000.0]),
)
def test_polarity_mirror_and_unit_invariance(rows, bm, pol, factor) -> None:
    y = np.array([r[0] for r in rows])
    lo = y - np.array([r[1] for r in rows])
    up = y + np.array([r[2] for r in rows])
    a = compare(y, lo, up, bm, pol)["comparison"].astype(str)
    b = compare(y, lo, up, bm, pol.flipped())["comparison"].astype(str)
    assert b.tolist() == [SWAP.get(x, x) for x in a]
    # powers of ten keep the inequalities exact enough; allow for float rounding at ties
    c = compare(y * factor, lo * factor, up * factor, bm * factor, pol)["comparison"].astype(str)
    near = np.isclose(lo, bm, rtol=1e-9) | np.isclose(up, bm, rtol=1e-9)
    assert (a[~near] == c[~near]).all()


def test_quantile_groups() -> None:
    assert quantile_groups(np.arange(10.0), 5).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    got = quantile_groups([1.0, 2.0, 10.0, 20.0], 2, by=["x", "x", "y", "y"]).tolist()
    assert got == [1, 2, 1, 2]
    with pytest.raises(ArgumentError, match="by"):
        quantile_groups([1.0, 2.0], 2, by=["x"])


def test_target_rag() -> None:
    out = target_rag(
        [96.0, 92.0, 85.0, 4.0],
        [95.0, 95.0, 95.0, 5.0],
        ["High is good"] * 3 + ["Low is good"],
        amber=[90.0, 90.0, 90.0, 6.0],
    )
    assert out["rag"].tolist() == ["Green", "Amber", "Red", "Green"]
    nj = target_rag([1.0], 2.0, Polarity.NO_JUDGEMENT)
    assert nj["rag"].tolist() == ["Not compared"]
