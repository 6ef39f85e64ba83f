"""Bad values give a row with no value and a reason; bad arguments raise ArgumentError."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from outcomeframe import ArgumentError, UnitError
from outcomeframe.stats import dsr, isr, mean, proportion, rate

NAN, INF = float("nan"), float("inf")


@pytest.mark.parametrize(
    ("count", "denominator", "reason"),
    [
        (-1.0, 10.0, "count is negative"),
        (11.0, 10.0, "count exceeds denominator"),
        (0.0, 0.0, "denominator is zero"),
        (1.0, -5.0, "denominator is negative"),
        (NAN, 10.0, "count is missing or not a finite number"),
        (1.0, NAN, "denominator is missing or not a finite number"),
        (INF, 10.0, "count is missing or not a finite number"),
        (1.0, INF, "denominator is missing or not a finite number"),
        (None, 10.0, "count is missing or not a finite number"),
        ("n/a", 10.0, "count is missing or not a finite number"),
    ],
)
def test_proportion_bad_values(count: object, denominator: float, reason: str) -> None:
    out = proportion([5.0, count, 3.0], [10.0, denominator, 4.0])
    assert len(out) == 3
    assert out["reason"].iloc[1] == reason
    assert out.iloc[1][["value", "lower_95", "upper_95", "lower_99_8", "upper_99_8"]].isna().all()
    assert pd.isna(out["method"].iloc[1])
    assert out["reason"].iloc[[0, 2]].isna().all()
    assert out["value"].iloc[[0, 2]].tolist() == [50.0, 75.0]


@pytest.mark.parametrize(
    ("count", "denominator", "reason"),
    [
        (-1.0, 10.0, "count is negative"),
        (0.0, 0.0, "denominator is zero"),
        (1.0, -5.0, "denominator is negative"),
        (NAN, 10.0, "count is missing or not a finite number"),
        (1.0, INF, "denominator is missing or not a finite number"),
    ],
)
def test_rate_bad_values(count: float, denominator: float, reason: str) -> None:
    out = rate([5.0, count], [10.0, denominator])
    assert out["reason"].iloc[1] == reason
    assert math.isnan(out["value"].iloc[1])
    assert pd.isna(out["method"].iloc[1])
    assert out["method"].iloc[0] == "Exact"


def test_rate_allows_count_above_denominator() -> None:
    out = rate([30.0], [10.0], multiplier=1)
    assert out["value"].iloc[0] == 3.0
    assert pd.isna(out["reason"].iloc[0])


def test_grouped_bad_row_marks_its_group_only() -> None:
    data = pd.DataFrame(
        {"g": ["a", "a", "b", "b"], "x": [5.0, -1.0, 2.0, 3.0], "n": [10.0, 10.0, 5.0, 5.0]}
    )
    out = proportion("x", "n", data=data, by="g")
    assert out["g"].tolist() == ["a", "b"]
    assert out["reason"].iloc[0] == "count is negative (in a row of the group)"
    assert math.isnan(out["value"].iloc[0])
    assert out["value"].iloc[1] == 50.0


def test_grouped_zero_denominator_row_is_fine_when_group_total_is_positive() -> None:
    data = pd.DataFrame({"g": ["a", "a"], "x": [0.0, 2.0], "n": [0.0, 8.0]})
    out = rate("x", "n", data=data, by="g", multiplier=1)
    assert out["value"].iloc[0] == 0.25


def test_missing_group_keys_are_kept() -> None:
    data = pd.DataFrame({"g": ["a", None, "a"], "x": [1.0, 2.0, 3.0], "n": [10.0, 10.0, 10.0]})
    out = proportion("x", "n", data=data, by="g")
    assert len(out) == 2
    assert out["count"].sum() == 6.0


def test_isr_bad_values() -> None:
    out = isr([3.0, 4.0, -1.0], [100.0, 100.0, 100.0], reference_rate=[0.01, NAN, 0.01])
    assert pd.isna(out["reason"].iloc[0])
    assert out["reason"].iloc[1] == "reference rate is missing or not a finite number"
    assert out["reason"].iloc[2] == "count is negative"


def test_mean_bad_values() -> None:
    out = mean([1.0, NAN, 2.0, 3.0], [1.0, 1.0, -1.0, 1.0], [10, 10, 10, NAN])
    assert out["reason"].tolist()[1:] == [
        "mean is missing or not a finite number",
        "standard deviation is negative",
        "n is missing or not a finite number",
    ]
    raw = mean(values=[1.0, NAN, 3.0])
    assert (
        raw["reason"].iloc[0] == "value is missing or not a finite number (in a row of the group)"
    )


def test_dsr_negative_count() -> None:
    out = dsr([-1.0] + [10.0] * 18, [100.0] * 19)
    assert out["reason"].iloc[0] == "count is negative (in a row of the group)"


# --- argument errors -------------------------------------------------------------------

CALLS = {
    "proportion": lambda **kw: proportion([1, 2], [3, 4], **kw),
    "rate": lambda **kw: rate([1, 2], [3, 4], **kw),
    "isr": lambda **kw: isr([1, 2], expected=[3, 4], **kw),
    "dsr": lambda **kw: dsr([1, 2], [3, 4], standard=[1, 1], **kw),
    "mean": lambda **kw: mean([1, 2], [3, 4], [5, 6], **kw),
}


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("confidence", [0.0, 1.0, 1.5, -0.1, float("nan"), (), "high"])
def test_bad_confidence(name: str, confidence: object) -> None:
    with pytest.raises(ArgumentError, match="confidence"):
        CALLS[name](confidence=confidence)


@pytest.mark.parametrize("func", [proportion, rate])
def test_mismatched_lengths(func) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ArgumentError, match=r"denominator: has 3 values but count has 2"):
        func([1, 2], [3, 4, 5])


def test_mismatched_lengths_with_data() -> None:
    data = pd.DataFrame({"x": [1, 2]})
    with pytest.raises(ArgumentError, match=r"denominator: has 3 values but data has 2"):
        proportion("x", [3, 4, 5], data=data)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"count": "nope", "denominator": "n"}, r"count: no column 'nope'"),
        ({"count": "x", "denominator": "nope"}, r"denominator: no column 'nope'"),
        ({"count": "x", "denominator": "n", "by": "nope"}, r"by: no column 'nope'"),
        ({"count": "x", "denominator": "n", "by": ["g", "nope"]}, r"by: no column 'nope'"),
    ],
)
def test_unknown_columns(kwargs: dict[str, object], match: str) -> None:
    data = pd.DataFrame({"g": ["a"], "x": [1], "n": [2]})
    with pytest.raises(ArgumentError, match=match):
        proportion(data=data, **kwargs)  # type: ignore[arg-type]


def test_column_name_without_data() -> None:
    with pytest.raises(ArgumentError, match=r"count: 'x' is a column name, but no data="):
        rate("x", [1])


def test_by_without_data() -> None:
    with pytest.raises(ArgumentError, match=r"by: grouping needs data="):
        rate([1], [1], by="g")


@pytest.mark.parametrize("bad", [0, -100, 7, 250, float("nan"), "year", True, None])
def test_bad_multiplier(bad: object) -> None:
    with pytest.raises(ArgumentError, match="multiplier"):
        rate([1], [10], multiplier=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("func", [rate, isr, dsr])
def test_unknown_method(func) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(
        ArgumentError, match=r"method: 'wald' is not one of 'auto', 'exact', 'byars'"
    ):
        func([1], [1], method="wald")


def test_isr_argument_combinations() -> None:
    with pytest.raises(ArgumentError, match="expected"):
        isr([1], [10])
    with pytest.raises(ArgumentError, match="not both"):
        isr([1], [10], reference_rate=[0.1], expected=[1])
    with pytest.raises(ArgumentError, match="reference"):
        isr([1], expected=[1], reference=10)


def test_mean_argument_combinations() -> None:
    with pytest.raises(ArgumentError, match="values"):
        mean()
    with pytest.raises(ArgumentError, match="give all three"):
        mean([1.0], [1.0])
    with pytest.raises(ArgumentError, match="values"):
        mean([1.0], [1.0], [3], values=[1.0])
    with pytest.raises(UnitError, match="'parsecs'"):
        mean([1.0], [1.0], [3], unit="parsecs")


def test_dsr_standard_arguments() -> None:
    with pytest.raises(ArgumentError, match="standard: has 19 weights but there are 2 rows"):
        dsr([1, 2], [3, 4], standard=np.ones(19))
    with pytest.raises(ArgumentError, match="band"):
        dsr([1, 2], [3, 4], standard=[1, 1], band=["0-4", "5-9"])
    with pytest.raises(ArgumentError, match="suppress_below"):
        dsr([1, 2], [3, 4], standard=[1, 1], suppress_below="ten")  # type: ignore[arg-type]


def test_two_dimensional_input() -> None:
    with pytest.raises(ArgumentError, match="count: expected one dimension"):
        proportion(np.ones((2, 2)), np.ones(4))


def test_data_must_be_a_frame() -> None:
    with pytest.raises(ArgumentError, match="data: expected a pandas DataFrame"):
        proportion("x", "n", data={"x": [1], "n": [2]})  # type: ignore[arg-type]


def test_series_with_different_indexes_are_refused() -> None:
    counts = pd.Series([1.0, 2.0], index=["a", "b"])
    denominators = pd.Series([10.0, 20.0], index=["b", "a"])
    with pytest.raises(ArgumentError, match="denominator: its index differs"):
        proportion(counts, denominators)
    data = pd.DataFrame({"n": [10.0, 20.0]}, index=["a", "c"])
    with pytest.raises(ArgumentError, match="index differs"):
        rate(counts, "n", data=data)


@pytest.mark.parametrize("func", [proportion, rate])
def test_empty_input_gives_empty_result(func) -> None:  # type: ignore[no-untyped-def]
    out = func([], [])
    assert len(out) == 0
    assert "lower_99_8" in out.columns
