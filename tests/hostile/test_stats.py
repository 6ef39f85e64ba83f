"""Hostile input to every public statistics function: typed errors or reasons, never garbage.

Three rules, each checked for every function:

* an argument that is not numbers at all (complex, durations, dates, a dict, a set, a
  generator, the wrong shape, the wrong length) raises ``ArgumentError`` naming it and
  saying what is wrong;
* one bad entry (NaN, inf, negative, text, ``pd.NA``, a masked entry, a huge number) gives
  that row no value and, where the function has a ``reason`` column, a reason, and leaves
  every other row as it would be without it;
* the same numbers in another container (list, int array, Series, nullable or object
  dtype, masked array without a mask) give the same result.

All data here are SYNTHETIC.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outcomeframe import ArgumentError
from outcomeframe.stats import (
    ESP2013,
    REASONS,
    compare,
    dsr,
    funnel_limits,
    gap,
    gap_trend,
    isr,
    mean,
    proportion,
    quantile_groups,
    rate,
    target_rag,
    target_status,
)

NAN, INF = float("nan"), float("inf")
LIMIT_COLUMNS = ["lower_95", "upper_95", "lower_99_8", "upper_99_8"]

# --- the functions, each with one numeric argument replaceable by a hostile one ----------

#: name -> (call with the argument ``arg`` replaced, the argument's name)
CALLS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "proportion": (lambda a: proportion(a, [10.0, 20.0]), "count"),
    "rate": (lambda a: rate([1.0, 2.0], a), "denominator"),
    "isr-expected": (lambda a: isr([3.0, 4.0], expected=a), "expected"),
    "isr-rate": (lambda a: isr([3.0, 4.0], [100.0, 100.0], reference_rate=a), "reference_rate"),
    "dsr": (lambda a: dsr(a, [100.0, 100.0], standard=[1.0, 1.0]), "count"),
    "dsr-standard": (lambda a: dsr([10.0, 10.0], [100.0, 100.0], standard=a), "standard"),
    "mean": (lambda a: mean([1.0, 2.0], a, [10.0, 10.0]), "sd"),
    "mean-values": (lambda a: mean(values=a), "values"),
    "compare": (lambda a: compare(a, [1.0, 1.0], [3.0, 3.0], 2.0, "High is good"), "values"),
    "target_rag": (lambda a: target_rag([1.0, 2.0], a, "High is good"), "target"),
    "target_status": (
        lambda a: target_status(
            a, 2.0, direction="at_least", slope_per_year=[1.0, 1.0], years_left=1
        ),
        "latest_value",
    ),
    "gap": (lambda a: gap([1.0, 2.0], a), "benchmark"),
    "gap_trend": (
        lambda a: gap_trend(
            values=a,
            lower=[1.0, 2.0],
            upper=[3.0, 4.0],
            benchmark=[2.0, 2.0],
            benchmark_lower=[1.0, 1.0],
            benchmark_upper=[3.0, 3.0],
        ),
        "values",
    ),
    "quantile_groups": (lambda a: quantile_groups(a, 2), "values"),
    "funnel_limits": (lambda a: funnel_limits(a, [100.0, 200.0]), "target"),
    "funnel_limits-denominator": (lambda a: funnel_limits(20.0, a), "denominator"),
}


def _generator() -> Any:
    return (v for v in [1.0, 2.0])


# (label, hostile argument, words the message must contain)
NOT_NUMBERS: list[tuple[str, Callable[[], Any], str]] = [
    ("complex", lambda: np.array([1 + 2j, 3 + 0j]), "complex numbers"),
    ("complex-zero-imaginary", lambda: np.array([1 + 0j, 2 + 0j]), "complex numbers"),
    ("complex-series", lambda: pd.Series([1 + 1j, 2 + 0j]), "complex numbers"),
    ("complex-objects", lambda: np.array([1 + 1j, 2 + 2j], dtype=object), "complex numbers"),
    ("timedelta64", lambda: np.array([1, 2], dtype="timedelta64[s]"), "durations"),
    ("timedelta-series", lambda: pd.Series(pd.to_timedelta([1, 2], unit="D")), "durations"),
    ("timedelta-objects", lambda: pd.to_timedelta([1, 2], unit="s").to_numpy(object), "durat"),
    ("datetime64", lambda: np.array(["2020-01-01", "2021-01-01"], "datetime64[D]"), "dates"),
    ("datetime-tz", lambda: pd.Series(pd.date_range("2020", periods=2, tz="UTC")), "dates"),
    ("period", lambda: pd.Series(pd.period_range("2020", periods=2, freq="Y")), "periods"),
    ("dict", lambda: {"a": 1.0, "b": 2.0}, "got dict"),
    ("set", lambda: {1.0, 2.0}, "got set"),
    ("generator", _generator, "got generator"),
    ("dataframe", lambda: pd.DataFrame({"x": [1.0, 2.0]}), "DataFrame"),
    ("three-d", lambda: np.ones((2, 1, 1)), "dimension"),
]


@pytest.mark.parametrize("function", sorted(CALLS))
@pytest.mark.parametrize(("label", "make", "words"), NOT_NUMBERS, ids=[c[0] for c in NOT_NUMBERS])
def test_an_argument_that_is_not_numbers_is_refused_by_name(
    function: str, label: str, make: Callable[[], Any], words: str
) -> None:
    call, name = CALLS[function]
    with pytest.raises(ArgumentError) as caught:
        call(make())
    message = str(caught.value)
    assert message.startswith(name), message
    assert words in message, message


#: one argument alone, or a number for every row: no length to get wrong
_ANY_LENGTH = {"mean-values", "quantile_groups", "funnel_limits-denominator"}


@pytest.mark.parametrize("function", sorted(set(CALLS) - _ANY_LENGTH))
def test_an_argument_of_the_wrong_length_is_refused_by_name(function: str) -> None:
    call, name = CALLS[function]
    with pytest.raises(ArgumentError) as caught:
        call([1.0, 2.0, 3.0])
    message = str(caught.value)
    assert name in message, message
    assert "3" in message, message


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: proportion([[1.0, 2.0]], [[3.0, 4.0]]), "count"),
        (lambda: rate([1.0], [[2.0]]), "denominator"),
        (lambda: mean(values=np.ones((2, 2))), "values"),
        (lambda: compare(np.ones((2, 2)), 1.0, 3.0, 2.0, "High is good"), "values"),
        (lambda: quantile_groups([1.0, 2.0], by=[["a"], ["b"]]), "by"),
    ],
    ids=["proportion", "rate", "mean", "compare", "quantile_groups-by"],
)
def test_two_dimensional_input_is_refused_where_one_is_expected(
    call: Callable[[], Any], name: str
) -> None:
    with pytest.raises(ArgumentError, match=rf"^{name}: .*(dimension|shape)"):
        call()


# --- parameters -----------------------------------------------------------------------

CONFIDENCE_CALLS: dict[str, Callable[..., Any]] = {
    "proportion": lambda **kw: proportion([1, 2], [3, 4], **kw),
    "rate": lambda **kw: rate([1, 2], [3, 4], **kw),
    "isr": lambda **kw: isr([1, 2], expected=[3, 4], **kw),
    "dsr": lambda **kw: dsr([10, 20], [30, 40], standard=[1, 1], **kw),
    "mean": lambda **kw: mean([1, 2], [3, 4], [5, 6], **kw),
}


@pytest.mark.parametrize("function", sorted(CONFIDENCE_CALLS))
@pytest.mark.parametrize(
    "level",
    [np.float32(0.95), np.float64(0.95), np.array(0.95), [np.float32(0.95)], (0.95,)],
    ids=["float32", "float64", "0-d-array", "list-float32", "tuple"],
)
def test_numpy_confidence_levels_mean_the_same_as_python_floats(function: str, level: Any) -> None:
    call = CONFIDENCE_CALLS[function]
    pd.testing.assert_frame_equal(call(confidence=level), call(confidence=0.95))


@pytest.mark.parametrize("function", sorted(CONFIDENCE_CALLS))
@pytest.mark.parametrize(
    ("level", "words"),
    [
        (None, "no level"),
        ("0.95", "text, not a number"),
        (b"0.95", "text, not a number"),
        (True, "not a number"),
        (1 + 0j, "not a number"),
        ([0.95, "0.998"], "not a number"),
        ({"level": 0.95}, "not a number"),
        ([], "at least one level"),
        (float("nan"), "outside (0, 1)"),
        (0, "outside (0, 1)"),
        (np.float32(1.0), "outside (0, 1)"),
        (95, "outside (0, 1)"),
    ],
    ids=repr,
)
def test_a_bad_confidence_says_a_number_in_0_1_is_needed(
    function: str, level: Any, words: str
) -> None:
    with pytest.raises(ArgumentError) as caught:
        CONFIDENCE_CALLS[function](confidence=level)
    message = str(caught.value)
    assert message.startswith("confidence: "), message
    assert words in message, message
    assert "(0, 1)" in message, message


@pytest.mark.parametrize(
    ("call", "name", "words"),
    [
        (lambda: dsr([10.0], [100.0], standard=[1.0], suppress_below=NAN), "suppress_below", "fin"),
        (
            lambda: dsr([10.0], [100.0], standard=[1.0], suppress_below="10"),
            "suppress_below",
            "num",
        ),
        (
            lambda: dsr([10.0], [100.0], standard=[1.0], suppress_below=-1),
            "suppress_below",
            "least",
        ),
        (lambda: quantile_groups([1.0, 2.0], None), "n", "whole number"),
        (lambda: quantile_groups([1.0, 2.0], 2.5), "n", "whole number"),
        (lambda: quantile_groups([1.0, 2.0], "5"), "n", "whole number"),
        (lambda: quantile_groups([1.0, 2.0], 5, labels="roman"), "labels", "roman"),
        (lambda: _gap_trend(points="5"), "points", "whole number"),
        (lambda: _gap_trend(min_points=None), "min_points", "whole number"),
        (lambda: _gap_trend(min_points=6), "min_points", "more than points"),
        (lambda: _gap_trend(period_years=None), "period_years", "not a number"),
        (lambda: _gap_trend(period_years=0), "period_years", "positive"),
        (lambda: _gap_trend(period_years=INF), "period_years", "finite"),
        (lambda: _gap_trend(threshold="9.5"), "threshold", "not a number"),
        (lambda: rate([1.0], [2.0], method=None), "method", "not one of"),
        (lambda: proportion([1.0], [2.0], multiplier=None), "multiplier", "not a number"),
        (lambda: proportion([1.0], [2.0], multiplier=True), "multiplier", "not a number"),
        (lambda: isr([1.0], expected=[2.0], reference=None), "reference", "1 or 100"),
        (lambda: proportion(None, [2.0]), "count", "required"),
        (lambda: compare(None, 1.0, 2.0, 1.5, "High is good"), "values", "required"),
        (lambda: gap_trend(**{**_GAP_TREND, "upper": None}), "upper", "required"),
        (lambda: proportion("x", "n", data=_UNHASHABLE, by="g"), "by", "cannot be grouped"),
        (lambda: proportion([1.0], [2.0], by="g"), "by", "needs data="),
        (lambda: proportion("x", "n", data=_UNHASHABLE, by="nope"), "by", "no column 'nope'"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_bad_parameter_is_an_argument_error_naming_it(
    call: Callable[[], Any], name: str, words: str
) -> None:
    with pytest.raises(ArgumentError) as caught:
        call()
    message = str(caught.value)
    assert message.startswith(f"{name}: "), message
    assert words in message, message


_UNHASHABLE = pd.DataFrame({"x": [1.0], "n": [2.0], "g": [["a list"]]})

_GAP_TREND = {
    "values": [40.0, 42.0, 44.0, 46.0, 48.0],
    "lower": [39.0, 41.0, 43.0, 45.0, 47.0],
    "upper": [41.0, 43.0, 45.0, 47.0, 49.0],
    "benchmark": [60.0] * 5,
    "benchmark_lower": [59.5] * 5,
    "benchmark_upper": [60.5] * 5,
}


def _gap_trend(**kwargs: Any) -> pd.DataFrame:
    return gap_trend(**_GAP_TREND, **kwargs)


# --- one bad entry: that row gets a reason, the others are unchanged ----------------------

GOOD_COUNTS = [3.0, 5.0, 7.0]
GOOD_DENOMINATORS = [10.0, 20.0, 30.0]

#: (label, bad count, bad denominator): entries hostile to a count-based method
BAD_ENTRIES: list[tuple[str, Any, Any]] = [
    ("nan-count", NAN, 10.0),
    ("inf-count", INF, 10.0),
    ("minus-inf-denominator", 1.0, -INF),
    ("negative-count", -1.0, 10.0),
    ("negative-denominator", 1.0, -10.0),
    ("zero-denominator", 0.0, 0.0),
    ("text-count", "n/a", 10.0),
    ("none-count", None, 10.0),
    ("pd-na-denominator", 1.0, pd.NA),
    ("complex-entry", 1 + 1j, 10.0),
    ("date-entry", pd.Timestamp("2020-01-01"), 10.0),
    ("huge-int-entry", 10**400, 10.0),
]

#: The count-based functions with a reason column, called on (counts, denominators).
COUNT_FUNCTIONS: dict[str, Callable[[Any, Any], pd.DataFrame]] = {
    "proportion": proportion,
    "rate": rate,
    "isr": lambda x, n: isr(x, expected=n),
    "mean": lambda x, n: mean(x, n, [10.0] * len(x)),
}


#: A mean may be negative, and its standard deviation zero.
_VALID_FOR_A_MEAN = {("mean", "negative-count"), ("mean", "zero-denominator")}


def _with_bad_row(good: list[float], bad: Any) -> np.ndarray:
    values = np.array([good[0], bad, *good[1:]], dtype=object)
    return values


@pytest.mark.parametrize("function", sorted(COUNT_FUNCTIONS))
@pytest.mark.parametrize(("label", "bad_x", "bad_n"), BAD_ENTRIES, ids=[b[0] for b in BAD_ENTRIES])
def test_one_bad_entry_gives_that_row_a_reason_and_leaves_the_others(
    function: str, label: str, bad_x: Any, bad_n: Any
) -> None:
    call = COUNT_FUNCTIONS[function]
    out = call(_with_bad_row(GOOD_COUNTS, bad_x), _with_bad_row(GOOD_DENOMINATORS, bad_n))
    alone = call(GOOD_COUNTS, GOOD_DENOMINATORS)
    assert len(out) == 4
    row = out.iloc[1]
    if (function, label) in _VALID_FOR_A_MEAN:
        assert pd.isna(row["reason"]), row
        assert np.isfinite(row[["value", *LIMIT_COLUMNS]].to_numpy(dtype=float)).all()
    else:
        assert pd.notna(row["reason"]), row
        assert row["reason"] in REASONS
        assert row[["value", *LIMIT_COLUMNS]].isna().all()
    kept = out.drop(index=1).reset_index(drop=True)
    pd.testing.assert_frame_equal(kept[["value", *LIMIT_COLUMNS]], alone[["value", *LIMIT_COLUMNS]])


@pytest.mark.parametrize("function", sorted(COUNT_FUNCTIONS))
def test_a_masked_entry_is_missing_not_its_hidden_value(function: str) -> None:
    call = COUNT_FUNCTIONS[function]
    counts = np.ma.array([7.0, 3.0, 2.0], mask=[True, False, False])
    out = call(counts, [10.0, 10.0, 10.0])
    same = call([NAN, 3.0, 2.0], [10.0, 10.0, 10.0])
    pd.testing.assert_frame_equal(out, same)
    assert pd.notna(out["reason"].iloc[0])
    assert math.isnan(out["value"].iloc[0])


def test_masked_entries_are_missing_in_every_other_function() -> None:
    masked = np.ma.array([1.0, 99.0], mask=[False, True])
    assert compare(masked, [0.5, 1.0], [1.5, 3.0], 5.0, "High is good")["reason"].iloc[1] == (
        "missing value or 95% limits"
    )
    assert math.isnan(gap(masked, 1.0)["absolute"].iloc[1])
    assert target_rag(masked, 1.0, "High is good")["reason"].iloc[1] == "missing value"
    assert quantile_groups(masked, 2)["group"].isna().tolist() == [False, True]


@pytest.mark.parametrize(
    ("call", "column", "reason"),
    [
        (lambda v: compare(v, 1.0, 3.0, 2.0, "High is good"), "comparison", "missing value"),
        (lambda v: target_rag(v, 2.0, "High is good"), "rag", "missing value"),
        (
            lambda v: target_status(v, 2.0, direction="at_least", slope_per_year=1, years_left=1),
            "status",
            "no latest value",
        ),
    ],
    ids=["compare", "target_rag", "target_status"],
)
@pytest.mark.parametrize("bad", [NAN, INF, "n/a", None, pd.NA, 1 + 1j], ids=repr)
def test_a_bad_value_is_not_compared_with_a_reason(
    call: Callable[[Any], pd.DataFrame], column: str, reason: str, bad: Any
) -> None:
    out = call(np.array([2.5, bad], dtype=object))
    assert out["reason"].iloc[1].startswith(reason)
    assert pd.isna(out["reason"].iloc[0])


def test_grouped_bad_row_names_the_group_and_spares_the_others() -> None:
    data = pd.DataFrame(
        {
            "area": ["a", "a", "b", "b"],
            "x": pd.array([1, None, 2, 3], dtype="Int64"),
            "n": ["10", "10", "20", "20"],
        }
    )
    out = proportion("x", "n", data=data, by="area")
    assert (
        out["reason"].iloc[0] == "count is missing or not a finite number (in a row of the group)"
    )
    assert out["value"].iloc[1] == pytest.approx(100 * 5 / 40)


# --- the same numbers in any container ----------------------------------------------------

COUNTS = [3, 0, 7, 10]
DENOMINATORS = [10, 5, 70, 10]


@pytest.mark.parametrize(
    "wrap",
    [
        list,
        lambda v: np.asarray(v, dtype=np.int64),
        lambda v: np.asarray(v, dtype=np.uint16),
        lambda v: np.asarray(v, dtype=np.float32),
        lambda v: pd.Series(v, dtype="Int64"),
        lambda v: pd.Series(v, dtype="Float64"),
        lambda v: pd.Series(v, dtype="UInt8"),
        lambda v: pd.array(v, dtype="Int32"),
        lambda v: pd.Series([str(x) for x in v], dtype="string"),
        lambda v: pd.Series([str(x) for x in v], dtype=object),
        lambda v: pd.Series(v, dtype="category"),
        lambda v: pd.Series([str(x) for x in v], dtype="category"),
        np.ma.array,
        lambda v: np.asarray([f" {x} " for x in v]),
        pd.Index,
        tuple,
    ],
    ids=[
        "list",
        "int64",
        "uint16",
        "float32",
        "Int64",
        "Float64",
        "UInt8",
        "Int32-array",
        "string",
        "object-text",
        "category",
        "category-text",
        "masked-no-mask",
        "numpy-text",
        "index",
        "tuple",
    ],
)
@pytest.mark.parametrize("function", sorted(COUNT_FUNCTIONS))
def test_the_same_numbers_in_any_container_give_the_same_result(
    function: str, wrap: Callable[[list[int]], Any]
) -> None:
    call = COUNT_FUNCTIONS[function]
    expected = call(np.asarray(COUNTS, dtype=np.float64), np.asarray(DENOMINATORS, float))
    got = call(wrap(COUNTS), wrap(DENOMINATORS))
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected)


def test_booleans_count_as_one_and_zero() -> None:
    flags = pd.Series([True, False, True, True])
    pd.testing.assert_frame_equal(
        proportion(flags, [True] * 4), proportion([1.0, 0.0, 1.0, 1.0], [1.0] * 4)
    )
    assert mean(values=flags)["value"].iloc[0] == 0.75
    flags_na = pd.Series([True, None, False], dtype="boolean")
    assert proportion(flags_na, [1, 1, 1])["reason"].notna().tolist() == [False, True, False]


# --- overflow: a value and its limits, or none of them, with a reason -------------------


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: proportion(1e308, 1e308), 100.0),
        (lambda: proportion(0.0, 1e308), 0.0),
        (lambda: proportion(5e307, 1e308), 50.0),
        (lambda: proportion(1.7e308, 1.7976931348623157e308), 100 * 1.7 / 1.7976931348623157),
    ],
    ids=["all", "none", "half", "near-max"],
)
def test_huge_proportions_are_computed_with_limits(
    call: Callable[[], Any], expected: float
) -> None:
    out = call()
    assert pd.isna(out["reason"].iloc[0])
    assert out["value"].iloc[0] == pytest.approx(expected)
    for column in LIMIT_COLUMNS:
        assert out[column].iloc[0] == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    "call",
    [
        lambda: rate(4.1e130, 2.3e-173, multiplier=1_000_000),
        lambda: rate(1e300, 1e-10),
        lambda: rate(9.0, 1e-308, method="exact"),
        lambda: isr(1e308, expected=1e-10),
        lambda: isr([1e300], [1e300], reference_rate=[1e300]),
        lambda: mean([1e308], [1e308], [10]),
        lambda: mean(values=[1e308, 1e308, -1e308]),
        lambda: dsr([1e300] * 19, [1e-300] * 19),
    ],
    ids=["rate", "rate-byars", "rate-exact", "isr", "isr-expected", "mean", "mean-raw", "dsr"],
)
def test_overflow_gives_no_value_and_a_reason(call: Callable[[], Any]) -> None:
    out = call()
    assert pd.notna(out["reason"].iloc[0])
    assert out.iloc[0][["value", *LIMIT_COLUMNS]].isna().all()


def test_dsr_of_no_events_without_suppression_has_a_reason() -> None:
    out = dsr([0.0] * 19, [100.0] * 19, suppress_below=0)
    assert out["reason"].iloc[0] == "total count is zero"


def test_gap_of_overflowing_values_is_missing_without_a_warning() -> None:
    out = gap([1e308, 1.0, INF], [-1e308, 0.0, 1.0])
    assert out["absolute"].isna().tolist() == [True, False, True]
    assert out["relative"].isna().tolist() == [True, True, True]


# --- empty input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: proportion([], []),
        lambda: rate([], []),
        lambda: isr([], expected=[]),
        lambda: mean([], [], []),
        lambda: compare([], [], [], 1.0, "High is good"),
        lambda: target_rag([], 1.0, "High is good"),
        lambda: target_status([], 1.0, direction="at_least", slope_per_year=1, years_left=1),
        lambda: gap([], 1.0),
        lambda: quantile_groups([], 5),
        lambda: proportion("x", "n", data=pd.DataFrame({"x": [], "n": [], "g": []}), by="g"),
    ],
    ids=[
        "proportion",
        "rate",
        "isr",
        "mean",
        "compare",
        "target_rag",
        "target_status",
        "gap",
        "quantile_groups",
        "grouped",
    ],
)
def test_empty_input_gives_an_empty_result(call: Callable[[], Any]) -> None:
    assert len(call()) == 0


@pytest.mark.parametrize(
    "call",
    [lambda: mean(values=[]), lambda: dsr([], [])],
    ids=["mean-values", "dsr"],
)
def test_empty_input_to_a_whole_input_statistic_is_one_row_with_a_reason(
    call: Callable[[], Any],
) -> None:
    out = call()
    assert len(out) == 1
    assert pd.notna(out["reason"].iloc[0])


def test_dsr_standard_with_repeated_bands_is_refused() -> None:
    standard = pd.Series([1.0, 2.0], index=["0-4", "0-4"])
    with pytest.raises(ArgumentError, match=r"^standard: band labels appear more than once"):
        dsr([10.0], [100.0], band=["0-4"], standard=standard)


def test_dsr_standard_with_text_weights_gives_a_reason() -> None:
    standard = ESP2013.astype(object)
    standard.iloc[0] = "n/a"
    out = dsr([10.0] * 19, [100.0] * 19, standard=standard)
    assert out["reason"].iloc[0].startswith("standard population weight is missing")


# --- properties: any float input, no warning, a value with all its limits or a reason ------

_ANY_FLOAT = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 1.0, 1e308, 1.7976931348623157e308, 5e-324, 1e-308, -0.0]),
)


def _assert_value_with_limits_or_reason(out: pd.DataFrame) -> None:
    has_reason = out["reason"].notna().to_numpy()
    numbers = out[["value", *LIMIT_COLUMNS]].to_numpy(dtype=float)
    assert np.isfinite(numbers[~has_reason]).all(), out[~has_reason]
    assert np.isnan(numbers[has_reason]).all(), out[has_reason]
    ok = numbers[~has_reason]
    value, low95, up95, low998, up998 = ok.T
    slack = 1e-9 * np.abs(value) + 1e-300
    with np.errstate(over="ignore"):  # near the largest float, limit + slack is inf: still true
        assert (low998 <= low95 + slack).all()
        assert (low95 <= value + slack).all()
        assert (value <= up95 + slack).all()
        assert (up95 <= up998 + slack).all()


@given(
    rows=st.lists(st.tuples(_ANY_FLOAT, _ANY_FLOAT), min_size=1, max_size=8),
    function=st.sampled_from(sorted(COUNT_FUNCTIONS)),
)
def test_any_floats_give_a_value_with_its_limits_or_a_reason(
    rows: list[tuple[float, float]], function: str
) -> None:
    x, n = (list(column) for column in zip(*rows, strict=True))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = COUNT_FUNCTIONS[function](x, n)
    assert len(out) == len(rows)
    _assert_value_with_limits_or_reason(out)


@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["a", "b"]), _ANY_FLOAT, _ANY_FLOAT), min_size=1, max_size=12
    ),
    method=st.sampled_from(["auto", "exact", "byars"]),
)
def test_grouped_any_floats_give_a_value_with_its_limits_or_a_reason(
    rows: list[tuple[str, float, float]], method: str
) -> None:
    data = pd.DataFrame(rows, columns=["g", "x", "n"])
    for out in (
        proportion("x", "n", data=data, by="g"),
        rate("x", "n", data=data, by="g", method=method),
        isr("x", expected="n", data=data, by="g", method=method),
        dsr("x", "n", data=data, by="g", standard=pd.Series(1.0, index=data.index), method=method),
        mean(values="x", data=data, by="g"),
    ):
        assert len(out) == data["g"].nunique()
        _assert_value_with_limits_or_reason(out)


@given(values=st.lists(_ANY_FLOAT, max_size=8), benchmark=_ANY_FLOAT)
def test_gaps_and_comparisons_of_any_floats_never_warn(
    values: list[float], benchmark: float
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = gap(values, benchmark)
        compare(values, values, values, benchmark, "High is good")
        target_rag(values, benchmark, "Low is good")
        quantile_groups(values, 2)
    assert np.isfinite(out.to_numpy(dtype=float)[out.notna().to_numpy()]).all()
