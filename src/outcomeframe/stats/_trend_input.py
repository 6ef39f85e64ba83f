"""Reading the recent trend's arguments: numbers, polarities and value types (private).

Numbers go through :func:`outcomeframe.stats._numbers.as_floats`, the one reading
rule of the statistics functions: masked entries and missing values are NaN;
complex numbers, durations and dates are refused naming the argument.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError, DataError
from outcomeframe.stats._numbers import as_floats
from outcomeframe.stats._polarity import Polarity
from outcomeframe.stats._trend_core import BoolArray, FloatArray

#: The value types Fingertips calculates a recent trend for (normalised words, see
#: :func:`_value_type_key`); every other value type is "Cannot be calculated".
TREND_VALUE_TYPES: frozenset[str] = frozenset(
    {"proportion", "crude_rate", "dsr", "directly_standardised_rate", "directly_standardized_rate"}
)


# polarity codes used internally
_POL_CODES = {Polarity.HIGHER_IS_BETTER: 0, Polarity.LOWER_IS_BETTER: 1, Polarity.NO_JUDGEMENT: 2}


def _polarity_codes(polarity: Any, n: int, name: str = "polarity") -> npt.NDArray[np.int8]:
    """Return polarity codes (0 high good, 1 low good, 2 none) for n series."""
    if isinstance(polarity, Polarity | str) or polarity is None:
        pol = Polarity.NO_JUDGEMENT if polarity is None else Polarity.parse(polarity)
        return np.full(n, _POL_CODES[pol], dtype=np.int8)
    codes, uniques = _factorised(polarity, n, name)
    table = np.array([_POL_CODES[Polarity.parse(u)] for u in uniques] + [2], dtype=np.int8)
    # missing polarity (NaN/None) -> code -1 -> last entry: no judgement
    return np.asarray(table[codes], dtype=np.int8)


def _factorised(values: Any, n: int, name: str) -> tuple[npt.NDArray[np.intp], Sequence[Any]]:
    """Codes (-1 for missing) and distinct values of one value per series."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        values = values.array
    if isinstance(values, pd.Categorical):  # the codes are there already
        if len(values) != n:
            raise ArgumentError(
                f"{name}: expected one value or {n} (one per series), got {len(values)}"
            )
        return np.asarray(values.codes, dtype=np.intp), list(values.categories)
    flat = pd.Series(np.asarray(values, dtype=object).ravel())
    if len(flat) != n:
        raise ArgumentError(f"{name}: expected one value or {n} (one per series), got {len(flat)}")
    codes, uniques = pd.factorize(flat, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.intp), list(uniques)


def _value_type_key(word: object) -> str:
    """``"Crude rate"``, ``"crude_rate"`` and ``MeasureType.CRUDE_RATE`` -> ``"crude_rate"``."""
    text = str(getattr(word, "value", word))
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def _untrended(measure: Any, n: int, name: str = "measure") -> npt.NDArray[np.object_]:
    """Per series, the reason it is not trended because of its value type, else None.

    A missing value type (None/NaN) leaves the series to the other rules.
    """
    out = np.full(n, None, dtype=object)
    if measure is None:
        return out
    uniques: Sequence[Any]
    if isinstance(measure, str) or (np.ndim(measure) == 0 and not isinstance(measure, pd.Series)):
        codes, uniques = np.zeros(n, dtype=np.intp), [measure]
    else:
        codes, uniques = _factorised(measure, n, name)
    texts = [
        None
        if pd.isna(u) or _value_type_key(u) in TREND_VALUE_TYPES
        else (
            f"value type {str(getattr(u, 'value', u))!r}: Fingertips calculates a recent trend "
            "only for proportions, crude rates and directly standardised rates"
        )
        for u in uniques
    ]
    table = np.array([*texts, None], dtype=object)
    out[:] = table[codes]
    return out


#: kind -> the arguments it reads, in the order of the arrays passed around
_KINDS = {
    "proportion": ("counts", "denominators"),
    "other": ("values", "lower", "upper"),
    "counted": ("values", "lower", "upper", "counts", "denominators"),
}


def _checked(
    kind: str, arrays: Sequence[FloatArray], where: Callable[[int], str] | None = None
) -> tuple[BoolArray, BoolArray]:
    """Refuse impossible values; return where a point is usable and where it is "full".

    A full point (count equal to denominator) anywhere in a series makes
    Fingertips' calculator refuse the series ("Cannot be calculated").
    ``where(i)`` names element ``i`` in an error message (its series and period).
    """

    def first(bad: BoolArray) -> str:
        i = int(np.flatnonzero(bad)[0])
        return f"{where(i)}: " if where is not None else f"element {i}: "

    if kind == "proportion":
        c, d = arrays
        present = np.isfinite(c) & np.isfinite(d)
        bad = present & ((c < 0) | (d <= 0) | (c > d))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise DataError(
                f"counts/denominators: {int(bad.sum())} row(s) need 0 <= count <= denominator "
                f"and denominator > 0 (first: {first(bad)}count {float(c[i]):g}, "
                f"denominator {float(d[i]):g})"
            )
        return present, present & (c == d)
    y, lo, up = arrays[:3]
    present = np.isfinite(y) & np.isfinite(lo) & np.isfinite(up)
    bad = present & (up < lo)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"lower/upper: {int(bad.sum())} row(s) have upper < lower "
            f"(first: {first(bad)}lower {float(lo[i]):g}, upper {float(up[i]):g})"
        )
    if kind == "other":
        return present, np.zeros(len(y), dtype=bool)
    c, d = arrays[3:]
    negative = np.isfinite(c) & (c < 0)
    if negative.any():
        i = int(np.flatnonzero(negative)[0])
        raise DataError(
            f"counts: {int(negative.sum())} row(s) are negative "
            f"(first: {first(negative)}{float(c[i]):g})"
        )
    # Fingertips: a point counts when it has a value, a count and a positive denominator
    valid = np.isfinite(y) & np.isfinite(c) & np.isfinite(d) & (d > 0)
    return present & valid, valid & (c == d)


def _as_float(value: Any, name: str) -> FloatArray:
    """One series (1-D) or series x points (2-D) as float64, by the statistics' reading rule."""
    if isinstance(value, numbers.Number | np.generic) or getattr(value, "ndim", None) == 0:
        raise ArgumentError(
            f"{name}: expected one series (1-D) or series x points (2-D), got a single number"
        )
    return as_floats(value, name, max_ndim=2)


def _check_kind(
    counts: Any, denominators: Any, values: Any, lower: Any, upper: Any
) -> tuple[str, list[tuple[str, Any]]]:
    prop = [("counts", counts), ("denominators", denominators)]
    other = [("values", values), ("lower", lower), ("upper", upper)]
    given_p = [n for n, v in prop if v is not None]
    given_o = [n for n, v in other if v is not None]
    for group, given in ((prop, given_p), (other, given_o)):
        missing = [n for n, v in group if v is None]
        if given and missing:
            raise ArgumentError(f"{missing[0]}: required with {given[0]}")
    if given_p and given_o:
        return "counted", [*other, *prop]
    if given_p:
        return "proportion", prop
    if given_o:
        return "other", other
    raise ArgumentError("counts/values: give counts and denominators, or values, lower and upper")


def _numeric(column: pd.Series[Any], name: str) -> FloatArray:
    """A column as float64 by the statistics' reading rule (missing, masked or text -> NaN)."""
    return as_floats(column, name)
