"""Values and limits from counts, indicator metadata and text columns, for the assessment.

The same formulas fill a table's rows and a series x period window's cells:
an element's value and limits depend only on its count, denominator and kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe.stats._intervals import count_limits, exact_rows, wilson_limits
from outcomeframe.stats._levels import DEFAULT_LEVELS, limit_columns

_LIMITS = ["lower_95", "upper_95", "lower_99_8", "upper_99_8"]


def _attach(data: pd.DataFrame, meta: pd.DataFrame, columns: Sequence[str]) -> None:
    """Copy indicator metadata onto every row, by category code (no string merge)."""
    cats = data["indicator"].cat.categories
    codes = data["indicator"].cat.codes.to_numpy()
    aligned = meta.reindex(cats)
    for col in columns:
        values = aligned[col]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            labels, uniques = pd.factorize(values)
            data[col] = pd.Categorical.from_codes(
                np.append(labels, -1)[codes], categories=pd.Index(uniques).astype("str")
            )
        else:
            data[col] = values.to_numpy()[codes]


def _fill_kinds(meta: pd.DataFrame) -> list[tuple[str, float]]:
    """The (measure, multiplier) pairs whose value and limits can be computed from counts."""
    kinds = meta.loc[meta["measure"].isin(["proportion", "crude_rate"]), ["measure", "multiplier"]]
    return [(str(k), float(f)) for k, f in kinds.drop_duplicates().itertuples(index=False)]


def _kind_codes(
    indicator: pd.Series[Any], meta: pd.DataFrame, kinds: Sequence[tuple[str, float]]
) -> npt.NDArray[np.int8]:
    """Index into ``kinds`` of each row's indicator (-1: not computable from counts)."""
    aligned = meta.reindex(indicator.cat.categories)
    pairs = list(zip(aligned["measure"], aligned["multiplier"].astype(float), strict=True))
    lookup = np.array([kinds.index(p) if p in kinds else -1 for p in pairs] + [-1], dtype=np.int8)
    return lookup[indicator.cat.codes.to_numpy()]


def _from_counts(
    numbers: dict[str, npt.NDArray[np.float64]],
    count: npt.NDArray[np.float64],
    denominator: npt.NDArray[np.float64],
    kind: npt.NDArray[np.int8],
    kinds: Sequence[tuple[str, float]],
    levels: Sequence[float] = DEFAULT_LEVELS,
) -> npt.NDArray[np.int8]:
    """Fill ``value`` and the limits of ``levels`` from counts where missing, in place.

    Uses the same interval functions as :func:`outcomeframe.stats.proportion` (Wilson)
    and :func:`outcomeframe.stats.rate` (exact below 10, Byar's above). A level with
    one published limit and not the other gets both from the counts (a published
    lower limit with a computed upper one could cross it). The arrays
    may be rows or series x period cells: the formula depends only on each
    element's count, denominator and kind. Returns each element's value source:
    0 published, 1 computed, -1 neither.
    """
    columns = ["value", *(c for level in levels for c in limit_columns(level))]
    published = ~np.isnan(numbers["value"])
    source = np.where(published, 0, -1).astype(np.int8)
    need = np.zeros(len(count), dtype=bool)
    for col in columns:
        need |= np.isnan(numbers[col])
    need &= ~np.isnan(count) & (denominator > 0) & np.isfinite(denominator)
    # a level's limits are a pair: one published limit and one computed could cross
    lone = {
        level: np.isnan(numbers[low]) != np.isnan(numbers[up])
        for level in levels
        for low, up in [limit_columns(level)]
    }
    for i, (measure, factor) in enumerate(kinds):
        rows = np.flatnonzero(need & (kind == i))
        if not rows.size:
            continue
        x, n = count[rows], denominator[rows]
        computed = {"value": x / n * factor}
        for level in levels:
            if measure == "proportion":
                lower, upper = wilson_limits(x, n, level)
                lower *= factor
                upper *= factor
            else:
                lower, upper = count_limits(x, level, exact_rows(x, "auto"))
                lower = lower / n * factor
                upper = upper / n * factor
            low_col, up_col = limit_columns(level)
            computed[low_col], computed[up_col] = lower, upper
        for level in levels:  # both limits from counts where only one was given
            low_col, up_col = limit_columns(level)
            pair = lone[level][rows]
            if pair.any():
                numbers[low_col][rows[pair]] = np.nan
                numbers[up_col][rows[pair]] = np.nan
        for col in columns:
            current = numbers[col][rows]
            gaps = np.isnan(current)
            numbers[col][rows] = (
                computed[col] if gaps.all() else np.where(gaps, computed[col], current)
            )
        source[rows[~published[rows]]] = 1
    return source


#: Measures whose values and limits cannot be negative.
_NOT_NEGATIVE = ("crude_rate", "dsr", "ratio", "count", "life_expectancy")
#: Measures computed from a count and a denominator, which must then be positive.
_FROM_COUNTS = ("proportion", "crude_rate")


def _impossible(data: pd.DataFrame, meta: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Set aside rows whose numbers are impossible for their indicator's measure.

    A proportion or crude rate with a zero denominator (0/0 included) has no value,
    and a rate, ratio, count or life expectancy cannot be negative (proportions
    outside 0 to 100% are set aside with the units). Each such row is returned with
    a ``reason`` naming the measure, so one row never stops the others.
    Indicator metadata is looked up by category code: a clean table costs a few masks.

    Returns
    -------
    tuple of pandas.DataFrame
        The usable rows and the rows set aside (``reason`` added).
    """
    codes = data["indicator"].cat.codes.to_numpy()
    measure = (
        meta.reindex(data["indicator"].cat.categories)["measure"]
        .astype("str")
        .to_numpy(dtype=object)
    )
    words = np.append(measure, "").astype(object)  # by category, then indexed by row
    reasons = np.full(len(data), None, dtype=object)
    denominator = data["denominator"].to_numpy(dtype=float)
    counted = np.isin(words, _FROM_COUNTS)[codes]
    zero = counted & (denominator == 0)
    if zero.any():
        reasons[zero] = (
            "denominator is 0: a " + _spoken(words[codes[zero]]) + " needs a positive one"
        )
    signed = np.isin(words, _NOT_NEGATIVE)[codes] & ~zero
    if signed.any():
        for col in ("value", *_LIMITS):
            values = data[col].to_numpy(dtype=float)
            negative = signed & (values < 0) & pd.isna(reasons)
            if negative.any():
                reasons[negative] = (
                    f"{col} "
                    + pd.Series(values[negative]).map("{:g}".format).to_numpy(dtype=object)
                    + " is negative, impossible for a "
                    + _spoken(words[codes[negative]])
                )
    bad = ~pd.isna(reasons)
    if not bad.any():
        return data, data.iloc[:0].assign(reason=pd.Series(dtype="str"))
    rejected = data.loc[bad].copy()
    rejected["reason"] = pd.Series(reasons[bad], index=rejected.index, dtype="str")
    return data.loc[~bad].copy(), rejected


def _spoken(measures: npt.NDArray[np.object_]) -> npt.NDArray[np.object_]:
    """Measure words as text: ``crude_rate`` -> ``crude rate``."""
    return np.asarray(pd.Series(measures, dtype="str").str.replace("_", " ").to_numpy(dtype=object))


def _filled(rows: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """Rows with indicator metadata, and value and limits computed from counts where missing."""
    out = rows.copy(deep=False)  # copy-on-write: new columns leave ``rows`` as it is
    _attach(out, meta, ["measure", "unit", "multiplier", "polarity"])
    numbers = {col: out[col].to_numpy(dtype=float, copy=True) for col in ("value", *_LIMITS)}
    kinds = _fill_kinds(meta)
    source = _from_counts(
        numbers,
        out["count"].to_numpy(dtype=float),
        out["denominator"].to_numpy(dtype=float),
        _kind_codes(out["indicator"], meta, kinds),
        kinds,
    )
    for col, values in numbers.items():
        out[col] = values
    out["value_source"] = pd.Categorical.from_codes(
        source, categories=pd.Index(["published", "computed"], dtype="str")
    )
    return out


def _text_column(values: npt.NDArray[np.object_], index: pd.Index[Any]) -> pd.Series[Any]:
    """A ``str`` column from an object array of text and missing values (None, NaN, NA).

    Builds the string array directly when pandas stores text as Python objects (the
    general constructor checks every element again, several times slower).
    """
    dtype = pd.StringDtype(na_value=np.nan)
    if dtype.storage != "python":
        return pd.Series(values, index=index, dtype=dtype)
    text = values.copy()
    text[pd.isna(text)] = np.nan
    array = pd.arrays.StringArray(text, dtype=dtype)  # type: ignore[call-arg]  # stubs lag
    return pd.Series(array, index=index)
