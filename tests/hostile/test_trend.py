"""Hostile input to ``recent_trend``: the statistics' reading rule, named errors, no silent NaN.

* every numeric argument is read like every other statistic's (masked entries missing;
  complex numbers, durations and dates refused naming the argument);
* impossible values are a DataError naming the series and the point (or the row and
  the period of a long table);
* numbers that overflow floating point give the trend on rescaled numbers, or
  "Cannot be calculated" with a reason: never a NaN chi-squared without one.

All data here are SYNTHETIC.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe.stats import CHI2_THRESHOLD, TrendResult, recent_trend
from outcomeframe.stats._trend_core import OVERFLOW_REASON

COUNTS = [10.0, 20.0, 30.0, 40.0, 50.0]
DENOMINATORS = [100.0] * 5
VALUES = [1.0, 2.0, 3.0, 4.0, 5.0]
LOWER = [0.5, 1.5, 2.5, 3.5, 4.5]
UPPER = [1.5, 2.5, 3.5, 4.5, 5.5]


def full_call(**replace: Any) -> Any:
    args = {
        "values": VALUES,
        "lower": LOWER,
        "upper": UPPER,
        "counts": COUNTS,
        "denominators": DENOMINATORS,
    }
    args.update(replace)
    return one(polarity="High is good", **args)


def one(**kwargs: Any) -> TrendResult:
    """The trend of one 1-D series, read with the documented one-series helper."""
    return TrendResult.from_frame(recent_trend(**kwargs))


ARGUMENTS = ["values", "lower", "upper", "counts", "denominators"]

REFUSED = {
    "complex": (np.array(VALUES) + 1j, "complex numbers"),
    "timedelta": (np.array([1, 2, 3, 4, 5], dtype="m8[D]"), "durations"),
    "datetime": (np.array(["2020-01-01"] * 5, dtype="M8[D]"), "dates or times"),
    "datetime Series": (pd.Series(pd.date_range("2020", periods=5)), "dates or times"),
    "timedelta Series": (pd.Series(pd.to_timedelta([1, 2, 3, 4, 5], unit="D")), "durations"),
    "dict": ({"a": 1}, "got dict"),
    "set": ({1.0, 2.0}, "got set"),
    "generator": ((x for x in VALUES), "got generator"),
    "3-D": (np.ones((2, 2, 5)), "at most 2 dimensions"),
    "scalar": (5.0, "got a single number"),
}


@pytest.mark.parametrize("kind", REFUSED, ids=REFUSED.keys())
@pytest.mark.parametrize("argument", ARGUMENTS)
def test_arguments_that_are_not_numbers_are_refused_by_name(argument, kind):
    value, words = REFUSED[kind]
    with pytest.raises(of.ArgumentError, match=words) as info:
        full_call(**{argument: value})
    assert str(info.value).startswith(f"{argument}: ")


@pytest.mark.parametrize("argument", ["counts", "denominators"])
def test_refused_in_a_long_table_by_column(argument):
    df = pd.DataFrame(
        {"area": ["A"] * 5, "year": range(2015, 2020), "c": COUNTS, "d": DENOMINATORS}
    )
    column = "c" if argument == "counts" else "d"
    df[column] = df[column] * 1j
    with pytest.raises(of.ArgumentError, match=f"^{column}: holds complex numbers"):
        recent_trend(
            data=df, by="area", order="year", counts="c", denominators="d", polarity="High is good"
        )


@pytest.mark.parametrize("argument", ARGUMENTS)
def test_a_masked_entry_is_missing_not_its_hidden_number(argument):
    given = {"values": VALUES, "lower": LOWER, "upper": UPPER}
    given |= {"counts": COUNTS, "denominators": DENOMINATORS}
    masked = np.ma.array([*given[argument], 999.0], mask=[False] * 5 + [True])
    padded = {k: [*v, v[-1]] for k, v in given.items()}
    padded[argument] = masked
    result = one(polarity="High is good", **padded)
    # the masked latest point has no value: the series cannot be calculated, naming it
    assert result.trend == "Cannot be calculated"
    assert "latest period" in (result.reason or "")
    unmasked = one(polarity="High is good", **given)
    assert unmasked.trend == "Increasing and getting better"


def test_other_containers_give_the_same_trend():
    base = full_call()
    assert isinstance(base, TrendResult)
    for container in (np.array, pd.Series, lambda v: pd.array(v, dtype="Float64"), tuple):
        assert full_call(counts=container(COUNTS)) == base
    assert full_call(counts=[str(c) for c in COUNTS]) == base  # text numbers are parsed


def test_text_that_is_not_a_number_is_missing():
    result = full_call(counts=["10", "20", "30", "40", "n/a"])
    assert result.trend == "Cannot be calculated"
    assert "latest period" in (result.reason or "")


def _series(scale: float) -> dict[str, list[float]]:
    return {
        "values": [v * scale for v in VALUES],
        "lower": [v * scale for v in LOWER],
        "upper": [v * scale for v in UPPER],
    }


@pytest.mark.parametrize("scale", [1e300, 1e-300, 1e200, 1e-200], ids=str)
def test_values_near_the_float_limits_give_the_scale_free_trend(scale):
    """The weighted test does not depend on the unit: rescaled numbers, same chi-squared."""
    reference = one(polarity="High is good", **_series(1.0))
    result = one(polarity="High is good", **_series(scale))
    assert isinstance(result, TrendResult)
    assert isinstance(reference, TrendResult)
    assert result.trend == reference.trend
    assert math.isclose(result.chi2, reference.chi2, rel_tol=1e-9)
    assert math.isclose(result.gradient, reference.gradient * scale, rel_tol=1e-9)


def test_counts_near_the_float_limits_give_the_scaled_chi2():
    """Cochran-Armitage's statistic grows in proportion to the counts."""
    small = one(counts=COUNTS, denominators=DENOMINATORS, polarity="High is good")
    huge = one(
        counts=[c * 1e298 for c in COUNTS],
        denominators=[d * 1e298 for d in DENOMINATORS],
        polarity="High is good",
    )
    assert isinstance(small, TrendResult)
    assert isinstance(huge, TrendResult)
    assert huge.trend == small.trend
    assert math.isclose(huge.chi2, small.chi2 * 1e298, rel_tol=1e-9)


def test_numbers_that_still_overflow_say_so():
    result = one(
        values=[1e308, -1e308, 1e308, -1e308, 1.7e308],
        lower=[-1.7e308] * 5,
        upper=[1.7e308] * 5,
        polarity="High is good",
    )
    assert isinstance(result, TrendResult)
    assert result.trend == "Cannot be calculated"
    assert math.isnan(result.chi2)
    assert result.reason == OVERFLOW_REASON


def test_no_calculated_trend_has_a_nan_chi2_without_a_reason():
    """Over many SYNTHETIC series, seeded, across 600 orders of magnitude."""
    rng = np.random.default_rng(20261213)
    scale = 10.0 ** rng.uniform(-300, 300, size=(2000, 1))
    values = (rng.uniform(1, 10, size=(2000, 5)) + np.arange(5)) * scale
    width = rng.uniform(0.1, 2, size=(2000, 5)) * scale
    out = recent_trend(
        values=values, lower=values - width, upper=values + width, polarity="High is good"
    )
    assert isinstance(out, pd.DataFrame)
    silent = out["chi2"].isna() & out["reason"].isna()
    assert not silent.any()
    calculated = out["trend"] != "Cannot be calculated"
    assert np.isfinite(out.loc[calculated, "chi2"]).all()
    assert ((out["chi2"] > CHI2_THRESHOLD) >= out["significant"]).all()


IMPOSSIBLE = {
    "count above denominator": (
        {"counts": [10, 20, 150, 40, 50], "denominators": DENOMINATORS},
        "count exceeds denominator",
    ),
    "limits crossing": (
        {**_series(1.0), "lower": [0.5, 1.5, 4.0, 3.5, 4.5]},
        "upper limit is below lower limit",
    ),
    "negative count": (
        {**_series(1.0), "counts": [10, 20, -3, 40, 50], "denominators": DENOMINATORS},
        "count is negative",
    ),
}


@pytest.mark.parametrize("case", IMPOSSIBLE, ids=IMPOSSIBLE.keys())
def test_impossible_values_name_the_series_and_point(case):
    """A bad row is a reason for its series, never an error (the stats convention)."""
    args, words = IMPOSSIBLE[case]
    out = recent_trend(polarity="High is good", **args)
    assert out["trend"].iloc[0] == "Cannot be calculated"
    assert str(out["reason"].iloc[0]) == f"{words} (in a row of the group)"
    assert "series 1, point 3 of 5" in out["detail"].iloc[0]
    assert "np.float64" not in out["detail"].iloc[0]


def test_impossible_values_in_a_long_table_name_the_row_and_period():
    df = pd.DataFrame(
        {"area": ["A"] * 5, "year": range(2015, 2020), "c": [1, 2, 30, 4, 5], "d": [9] * 5},
        index=list("abcde"),
    )
    out = recent_trend(
        data=df, by="area", order="year", counts="c", denominators="d", polarity="High is good"
    )
    assert str(out["reason"].iloc[0]) == "count exceeds denominator (in a row of the group)"
    assert "row 'c', year 2017: count 30, denominator 9" in out["detail"].iloc[0]


@pytest.mark.parametrize("shape", [(0,), (3, 0)])
@pytest.mark.parametrize("kind", ["counts", "values"])
def test_series_with_no_points_are_refused_by_name(shape, kind):
    """An IndexError came from inside the pivot ("index -1 is out of bounds")."""
    empty = np.zeros(shape)
    given = (
        {"counts": empty, "denominators": empty}
        if kind == "counts"
        else {"values": empty, "lower": empty, "upper": empty}
    )
    with pytest.raises(
        of.ArgumentError, match="^" + re.escape(f"{kind}: no points (shape {shape})")
    ):
        recent_trend(**given, polarity="lower_is_better")


def test_no_series_at_all_is_an_empty_result():
    empty = np.zeros((0, 5))
    result = recent_trend(counts=empty, denominators=empty, polarity="lower_is_better")
    assert len(result) == 0
    assert list(result.columns) == list(
        recent_trend(
            counts=np.ones((1, 5)), denominators=np.full((1, 5), 9.0), polarity="lower_is_better"
        ).columns
    )
