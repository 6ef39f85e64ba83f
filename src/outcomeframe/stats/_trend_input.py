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

from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import Reason
from outcomeframe.stats._grouping import Grouping
from outcomeframe.stats._labels import factorised
from outcomeframe.stats._labels import polarity_codes as _polarity_codes
from outcomeframe.stats._numbers import as_floats
from outcomeframe.stats._reasons import REASONS, Codes, first_reasons, no_reasons
from outcomeframe.stats._trend_core import BoolArray, FloatArray

#: The value types Fingertips calculates a recent trend for (normalised words, see
#: :func:`_value_type_key`); every other value type is "Cannot be calculated".
TREND_VALUE_TYPES: frozenset[str] = frozenset(
    {"proportion", "crude_rate", "dsr", "directly_standardised_rate", "directly_standardized_rate"}
)


# _sii_fit reads the polarity codes from here
__all__ = ["TREND_VALUE_TYPES", "_polarity_codes", "clean", "series_floats", "series_problems"]


def _value_type_key(word: object) -> str:
    """``"Crude rate"``, ``"crude_rate"`` and ``MeasureType.CRUDE_RATE`` -> ``"crude_rate"``."""
    text = str(getattr(word, "value", word))
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def _untrended(measure: Any, n: int, name: str = "measure") -> npt.NDArray[np.object_] | None:
    """Per series, the reason it is not trended because of its value type, else None.

    A missing value type (None/NaN) leaves the series to the other rules; no
    ``measure`` at all gives None (no series is stopped for its value type).
    """
    if measure is None:
        return None
    out = np.full(n, None, dtype=object)
    uniques: Sequence[Any]
    if isinstance(measure, str) or (np.ndim(measure) == 0 and not isinstance(measure, pd.Series)):
        codes, uniques = np.zeros(n, dtype=np.intp), [measure]
    else:
        codes, uniques = factorised(measure, n, name)
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


def _checked(kind: str, arrays: Sequence[FloatArray]) -> tuple[BoolArray, BoolArray, Codes]:
    """Where a point is usable, where it is "full", and each row's reason code (-1: none).

    A row with impossible values gets a reason (checks in order, first wins:
    counts and denominators alone: count negative, denominator zero or negative,
    count exceeds denominator; values and limits: upper limit below lower, and
    with counts, count negative) and is not usable. A full point (count equal
    to denominator) anywhere in a series makes Fingertips' calculator refuse the
    series ("Cannot be calculated").
    """
    if kind == "proportion":
        c, d = arrays
        present = np.isfinite(c) & np.isfinite(d)
        codes = first_reasons(
            len(c),
            [
                (present & (c < 0), Reason.COUNT_NEGATIVE),
                (present & (d < 0), Reason.DENOMINATOR_NEGATIVE),
                (present & (d == 0), Reason.DENOMINATOR_ZERO),
                (present & (c > d), Reason.COUNT_EXCEEDS_DENOMINATOR),
            ],
        )
        present &= codes < 0
        return present, present & (c == d), codes
    y, lo, up = arrays[:3]
    present = np.isfinite(y) & np.isfinite(lo) & np.isfinite(up)
    checks = [(present & (up < lo), Reason.LIMITS_CROSS)]
    if kind == "counted":
        c, d = arrays[3:]
        checks.append((np.isfinite(c) & (c < 0), Reason.COUNT_NEGATIVE))
    codes = first_reasons(len(y), checks)
    present &= codes < 0
    if kind == "other":
        return present, np.zeros(len(y), dtype=bool), codes
    # Fingertips: a point counts when it has a value, a count and a positive denominator
    valid = np.isfinite(y) & np.isfinite(c) & np.isfinite(d) & (d > 0)
    return present & valid, valid & (c == d), codes


def _finite(x: FloatArray) -> bool:
    """Whether every entry is finite: two reductions, no mask (a NaN makes the minimum NaN)."""
    return bool(np.isfinite(x.min()) and np.isfinite(x.max()))


def clean(kind: str, arrays: Sequence[FloatArray]) -> npt.NDArray[np.intp] | None:
    """The rows that are full points when every row is usable, else None.

    Usable: present, and no check of :func:`_checked` finds a reason (a handful
    of reductions over the rows, no masks of them). A full point is a count
    equal to its denominator; the positions of those rows are returned.
    """
    if not len(arrays[0]):
        return None
    if kind == "proportion":
        c, d = arrays
        # c >= 0, d > 0 and finite, c <= d: c is finite too; a NaN fails every test
        if not (c.min() >= 0 and d.min() > 0 and np.isfinite(d.max())):
            return None
        at_least = c >= d
        if not at_least.any():
            return np.zeros(0, dtype=np.intp)
        rows = np.flatnonzero(at_least)
        return None if (c[rows] > d[rows]).any() else rows
    y, lo, up = arrays[:3]
    if not (_finite(y) and _finite(lo) and _finite(up)) or (up < lo).any():
        return None
    if kind == "other":
        return np.zeros(0, dtype=np.intp)
    c, d = arrays[3:]
    if not (_finite(c) and c.min() >= 0 and np.isfinite(d.max()) and d.min() > 0):
        return None
    return np.flatnonzero(c == d)


def _shown(kind: str, arrays: Sequence[FloatArray], i: int) -> str:
    """The numbers of row ``i`` that a reason is about, for the ``detail`` column."""
    if kind == "proportion":
        return f"count {float(arrays[0][i]):g}, denominator {float(arrays[1][i]):g}"
    text = f"lower {float(arrays[1][i]):g}, upper {float(arrays[2][i]):g}"
    if kind == "counted":
        text += f", count {float(arrays[3][i]):g}"
    return text


def series_problems(
    kind: str,
    arrays: Sequence[FloatArray],
    group: npt.NDArray[np.intp],
    n_groups: int,
    where: Callable[[int], str],
) -> tuple[Codes, npt.NDArray[np.object_]]:
    """Per series, the reason of its first impossible row (-1: none) and a detail naming it.

    ``where(i)`` names row ``i`` (its series and period). The reason code is that
    of the earliest reason of any row of the series, in the group's categories.
    """
    codes = _checked(kind, arrays)[2]
    series = no_reasons(n_groups)
    detail = np.full(n_groups, None, dtype=object)
    bad = np.flatnonzero(codes >= 0)
    if not bad.size:
        return series, detail
    grouping = Grouping(ids=group, keys=pd.DataFrame(index=range(n_groups)))
    series = grouping.reduce(codes)
    # the first bad row of each series with one (rows of a series are in time order)
    first = bad[np.unique(group[bad], return_index=True)[1]]
    detail[group[first]] = [
        f"{REASONS[codes[i]]}: {where(i)}: {_shown(kind, arrays, i)}" for i in first.tolist()
    ]
    return series, detail


def series_floats(value: Any, name: str) -> FloatArray:
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
