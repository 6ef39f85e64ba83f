"""Benchmark comparison: methods, labels, reasons, polarity mirroring."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outcomeframe import ArgumentError
from outcomeframe.stats import COMPARISON_LABELS, Polarity, compare, quantile_groups, target_rag
from outcomeframe.stats._reasons import REASON_DTYPE
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
    out = quantile_groups(np.arange(10.0), 5)
    assert out["group"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert list(out.columns) == ["group", "reason"]
    with pytest.raises(ArgumentError, match="by"):
        quantile_groups([1.0, 2.0], 2, by=["x"])


def test_quantile_groups_by_names_grouping_columns() -> None:
    """by= is grouping columns of data, as everywhere (was: TypeError len() of unsized object)."""
    areas = pd.DataFrame(
        {"area": ["x", "x", "y", "y"], "v": [1.0, 2.0, 20.0, 10.0]}, index=list("abcd")
    )
    out = quantile_groups("v", 2, data=areas, by="area")
    assert out["group"].tolist() == [1, 2, 2, 1]
    assert out.index.tolist() == list("abcd")
    assert quantile_groups("v", 2, data=areas, by=["area"])["group"].tolist() == [1, 2, 2, 1]
    with pytest.raises(ArgumentError, match="by: no column 'region'"):
        quantile_groups("v", 2, data=areas, by="region")


def test_quantile_groups_by_an_array_of_labels_is_deprecated() -> None:
    with pytest.warns(FutureWarning, match="by= as an array of labels is deprecated"):
        got = quantile_groups([1.0, 2.0, 10.0, 20.0], 2, by=np.array(["x", "x", "y", "y"]))
    assert got["group"].tolist() == [1, 2, 1, 2]


def test_row_functions_read_columns_of_data() -> None:
    areas = pd.DataFrame(
        {"v": [10.0, 15.0], "lo": [9.0, 14.0], "hi": [11.0, 16.0], "pol": ["Low is good"] * 2},
        index=["E1", "E2"],
    )
    out = compare("v", "lo", "hi", 12.2, "pol", data=areas)
    assert out["comparison"].tolist() == ["Better", "Worse"]
    assert out.index.tolist() == ["E1", "E2"]
    rag = target_rag("v", 12.0, "pol", data=areas)
    assert rag["rag"].tolist() == ["Green", "Red"]
    with pytest.raises(ArgumentError, match="lower_95: no column 'low'"):
        compare("v", "low", "hi", 12.2, "pol", data=areas)


def test_reasons_are_one_categorical_and_the_first_check_wins() -> None:
    # no benchmark AND no value: the benchmark is checked first
    out = compare([None, None], [1.0, None], [2.0, None], [None, 1.0], "High is good")
    assert out["reason"].dtype == REASON_DTYPE
    assert out["reason"].tolist() == ["missing benchmark", "missing value or 95% limits"]
    rag = target_rag([None], [None], "No judgement")
    assert rag["reason"].dtype == REASON_DTYPE
    assert rag["reason"].tolist() == ["missing value"]


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
