"""Argument handling shared by the interval functions (private).

Every public statistics function takes its inputs either as arrays/Series or as
column names of ``data``, optionally grouped by columns ``by``. This module turns
them into float arrays, checks the arguments (raising :class:`ArgumentError`),
groups rows with one vectorised pass, records per-row reasons for missing
results, and assembles the output frame. Nothing here loops over rows or groups.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd
import pint

from outcomeframe._errors import ArgumentError, UnitError
from outcomeframe.stats._levels import limit_columns, normalise_levels
from outcomeframe.stats._numbers import as_floats
from outcomeframe.stats._units import Registry, parse_unit, unit_for_multiplier
from outcomeframe.stats._units import multiplier as unit_multiplier

__all__ = [
    "OUT_OF_RANGE",
    "REASONS",
    "Grouping",
    "Reasons",
    "assemble",
    "check_choice",
    "clean_counts",
    "prepare",
    "resolve_multiplier",
]

FloatArray = npt.NDArray[np.float64]
Codes = npt.NDArray[np.int8]
#: Anything a statistics function accepts for one input: values, or a column name of ``data``.
Input = Any

#: Why a row (or group) has no value. One categorical vocabulary for every function,
#: so results of different functions concatenate cleanly. Earlier entries win when a
#: row has several problems.
REASONS: tuple[str, ...] = (
    "count is missing or not a finite number",
    "denominator is missing or not a finite number",
    "count is negative",
    "denominator is negative",
    "count exceeds denominator",
    "denominator is zero",
    "standard population weight is missing or not a finite number",
    "standard population weight is negative",
    "reference rate is missing or not a finite number",
    "reference rate is negative",
    "expected count is missing or not a finite number",
    "expected count is negative",
    "expected count is zero",
    "mean is missing or not a finite number",
    "standard deviation is missing or not a finite number",
    "standard deviation is negative",
    "n is missing or not a finite number",
    "n is below 2",
    "value is missing or not a finite number",
    "age bands do not match the standard population",
    "total count is below the suppression threshold",
    "total count is zero",
    "result is too large or too small to compute",
)
#: The reason given when valid inputs give a value or limit beyond float64.
OUT_OF_RANGE = REASONS[-1]
_GROUP_SUFFIX = " (in a row of the group)"
#: Row problems reported for a group carry a suffix, so a reader knows the group's
#: total itself may look fine.
_CATEGORIES: tuple[str, ...] = REASONS + tuple(r + _GROUP_SUFFIX for r in REASONS)
_REASON_INDEX = pd.Index(_CATEGORIES)
_CODE = {reason: np.int8(i) for i, reason in enumerate(REASONS)}
_NO_REASON = np.int8(-1)
_SENTINEL = np.int8(127)


def _column(data: pd.DataFrame, key: Hashable, name: str) -> pd.Series:
    if key not in data.columns:
        shown = ", ".join(repr(c) for c in list(data.columns)[:20])
        raise ArgumentError(f"{name}: no column {key!r} in data (columns: {shown})")
    if not data.columns.is_unique and int((data.columns == key).sum()) > 1:
        raise ArgumentError(f"{name}: column {key!r} appears more than once in data")
    return data[key]


def _input_array(value: Input, name: str, data: pd.DataFrame | None) -> tuple[FloatArray, Any]:
    """Return the float values of one input and, when it has one, its index."""
    if isinstance(value, str):
        if data is None:
            raise ArgumentError(f"{name}: {value!r} is a column name, but no data= was given")
        column = _column(data, value, name)
        return as_floats(column, name), data.index
    if value is None:
        raise ArgumentError(f"{name}: is required")
    index = value.index if isinstance(value, pd.Series) else None
    return as_floats(value, name), index


@attrs.frozen
class Grouping:
    """Rows mapped to groups: ``ids[i]`` is the group of row ``i``; ``keys`` one row per group."""

    ids: npt.NDArray[np.intp]
    keys: pd.DataFrame

    @property
    def size(self) -> int:
        """Number of groups."""
        return len(self.keys)

    def sum(self, values: FloatArray) -> FloatArray:
        """Sum of ``values`` per group (NaN in a row makes its group's sum NaN)."""
        sums: FloatArray = np.bincount(self.ids, weights=values, minlength=self.size).astype(
            np.float64, copy=False
        )
        return sums

    def count(self) -> FloatArray:
        """Number of rows in each group."""
        counts: FloatArray = np.bincount(self.ids, minlength=self.size).astype(np.float64)
        return counts

    def reduce(self, row_codes: Codes) -> Codes:
        """A group's reason is the first (most serious) reason of any of its rows."""
        out = np.full(self.size, _SENTINEL, dtype=np.int8)
        bad = np.flatnonzero(row_codes >= 0)
        if bad.size:
            np.minimum.at(out, self.ids[bad], row_codes[bad])
        out[out == _SENTINEL] = _NO_REASON
        # Mark the reason as coming from a row: offset into the suffixed categories.
        flagged = out >= 0
        out[flagged] += np.int8(len(REASONS))
        return out


#: Integer keys spanning at most this many values per row are counted, not hashed.
_DENSE_SPAN_PER_ROW = 4


def _dense(shifted: npt.NDArray[np.intp], span: int) -> tuple[npt.NDArray[np.intp], Any]:
    """Group numbers of values in ``0 .. span - 1``, in value order, and the values seen."""
    present = np.zeros(span, dtype=bool)
    present[shifted] = True
    if present.all():  # every value present: the values are the group numbers
        return shifted, np.arange(span)
    seen = np.flatnonzero(present)
    rank = np.zeros(span, dtype=np.intp)
    rank[seen] = np.arange(seen.size)
    return rank[shifted], seen


def _counted_groups(column: pd.Series) -> tuple[npt.NDArray[np.intp], Any] | None:
    """Group numbers and keys of one integer or categorical column by counting, or None.

    The same groups in the same order as ``groupby(sort=True, dropna=False,
    observed=True)``, without hashing: a categorical's codes (missing last), or whole
    numbers over a range not much wider than the rows. None for other columns.
    """
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = np.asarray(column.cat.codes)
        width = len(dtype.categories)
        shifted = codes.astype(np.intp)
        if codes.size and int(codes.min()) < 0:  # missing: a group of its own, last
            shifted[codes < 0] = width
        ids, seen = _dense(shifted, width + 1)
        keys = pd.Categorical.from_codes(np.where(seen == width, -1, seen), dtype=dtype)
        return ids, keys
    if not isinstance(dtype, np.dtype) or dtype.kind not in "iu" or not len(column):
        return None
    values = column.to_numpy()
    low, high = int(values.min()), int(values.max())
    span = high - low + 1
    if span > _DENSE_SPAN_PER_ROW * len(values) + 1024:
        return None
    if dtype.kind == "u":  # values - low lies in 0 .. span - 1: no wrap-around
        shifted = (values - dtype.type(low) if low else values).astype(np.intp, copy=False)
        ids, seen = _dense(shifted, span)
        return ids, seen.astype(dtype) + dtype.type(low)
    shifted = values.astype(np.intp, copy=False)
    ids, seen = _dense(shifted - low if low else shifted, span)
    return ids, (seen + low).astype(dtype)


def _grouping(data: pd.DataFrame, by: Any, n_rows: int) -> Grouping:
    keys = [by] if isinstance(by, str) or not isinstance(by, Iterable) else list(by)
    if not keys:
        raise ArgumentError("by: give at least one column name")
    for key in keys:
        _column(data, key, "by")
    if len(keys) == 1:
        counted = _counted_groups(data[keys[0]])
        if counted is not None:
            ids, values = counted
            return Grouping(ids=ids, keys=pd.DataFrame({keys[0]: values}))
    frame = data[keys]
    grouped = frame.groupby(keys, sort=True, dropna=False, observed=True)
    try:
        ids = np.asarray(grouped.ngroup().to_numpy(), dtype=np.intp)
    except TypeError as err:  # unhashable keys (lists, dicts) or keys that do not sort
        raise ArgumentError(f"by: the values of {keys} cannot be grouped ({err})") from None
    key_frame = grouped.size().index.to_frame(index=False)
    if len(ids) != n_rows:  # pragma: no cover - groupby keeps every row with dropna=False
        raise ArgumentError("by: grouping lost rows")
    return Grouping(ids=ids, keys=key_frame)


def one_group(n_rows: int) -> Grouping:
    """All rows in a single group (for statistics over the whole input)."""
    return Grouping(ids=np.zeros(n_rows, dtype=np.intp), keys=pd.DataFrame(index=range(1)))


def prepare(
    inputs: Mapping[str, Input],
    *,
    data: pd.DataFrame | None,
    by: Any,
) -> tuple[dict[str, FloatArray], pd.Index, Grouping | None]:
    """Resolve inputs to float arrays of equal length, the row index and the grouping.

    Raises
    ------
    ArgumentError
        Unknown column names, arrays of different lengths, ``by`` without ``data``.
    """
    if data is not None and not isinstance(data, pd.DataFrame):
        raise ArgumentError(f"data: expected a pandas DataFrame, got {type(data).__name__}")
    arrays: dict[str, FloatArray] = {}
    index: Any = None
    first: str | None = None
    for name, value in inputs.items():
        array, own_index = _input_array(value, name, data)
        if first is None:
            first = name
        expected = len(data) if data is not None else len(arrays[first]) if arrays else None
        if expected is not None and len(array) != expected:
            what = "data has" if data is not None else f"{first} has"
            raise ArgumentError(
                f"{name}: has {len(array)} values but {what} {expected}: lengths must match"
            )
        if own_index is not None:
            if index is None:
                index = own_index
            elif own_index is not index and not own_index.equals(index):
                # Values are matched by position: refuse Series that would mismatch rows.
                raise ArgumentError(
                    f"{name}: its index differs from that of {first} (or data); "
                    "align the Series first, e.g. with .reindex()"
                )
        arrays[name] = array
    n_rows = len(next(iter(arrays.values())))
    if data is not None:
        index = data.index
    row_index = pd.RangeIndex(n_rows) if index is None else pd.Index(index)
    grouping = None
    if by is not None:
        if data is None:
            raise ArgumentError("by: grouping needs data= (a DataFrame holding the by columns)")
        grouping = _grouping(data, by, n_rows)
    return arrays, row_index, grouping


class Reasons:
    """Accumulate per-row reason codes; the first reason recorded for a row wins.

    Used only on rows already known to be bad, so the common all-good path costs
    a single combined mask.
    """

    def __init__(self, n: int) -> None:
        self.codes: Codes = np.full(n, _NO_REASON, dtype=np.int8)

    def add(self, mask: npt.NDArray[np.bool_], reason: str) -> None:
        """Record ``reason`` for rows in ``mask`` that have no reason yet."""
        self.codes[mask & (self.codes < 0)] = _CODE[reason]


def count_checks(
    x: FloatArray, n: FloatArray, *, zero_ok: bool, of: str = "denominator", at_most: bool = False
) -> Any:
    """Row checks shared by the count-based methods (proportion, rate, ISR).

    ``of`` names what the count is divided by; ``at_most`` adds "count exceeds
    denominator" (proportions).
    """

    def checks(idx: Any, reasons: Reasons) -> None:
        xs, ns = x[idx], n[idx]
        reasons.add(~np.isfinite(xs), "count is missing or not a finite number")
        reasons.add(~np.isfinite(ns), f"{of} is missing or not a finite number")
        reasons.add(xs < 0, "count is negative")
        reasons.add(ns < 0, f"{of} is negative")
        if not zero_ok:
            reasons.add(ns == 0, f"{of} is zero")
        if at_most:
            reasons.add(xs > ns, "count exceeds denominator")

    return checks


def clean_counts(
    x: FloatArray, n: FloatArray, *, positive: bool, at_most: bool = False
) -> float | None:
    """The largest denominator when every row passes the count checks, else None.

    Counts finite and not negative; denominators finite and not negative (above zero
    when ``positive``); with ``at_most``, counts at most their denominators. Found with
    a few reductions and no masks (NaN fails every comparison), so clean input costs
    little; None sends the caller to the row-by-row checks of :func:`count_checks`.
    """
    if not x.size:
        return None
    with np.errstate(invalid="ignore"):
        low, high = float(np.min(n)), float(np.max(n))
        if not ((low > 0.0 if positive else low >= 0.0) and high < np.inf):
            return None
        if not float(np.min(x)) >= 0.0:
            return None
        if at_most:  # x <= n < inf: x is finite too
            return None if np.greater(x, n).any() else high
        return high if float(np.max(x)) < np.inf else None


def row_reasons(
    ok: npt.NDArray[np.bool_],
    checks: Callable[[npt.NDArray[np.intp], Reasons], None],
) -> Codes:
    """Reason codes per row: -1 where ``ok``; ``checks`` classifies the other rows.

    ``checks(idx, reasons)`` receives the positions of the bad rows and a
    :class:`Reasons` sized to them.
    """
    codes = np.full(len(ok), _NO_REASON, dtype=np.int8)
    if ok.all():
        return codes
    idx = np.flatnonzero(~ok)
    sub = Reasons(len(idx))
    checks(idx, sub)
    codes[idx] = sub.codes
    return codes


def set_reason(codes: Codes, mask: npt.NDArray[np.bool_], reason: str) -> None:
    """Record ``reason`` where ``mask`` holds and no reason is recorded yet."""
    codes[mask & (codes < 0)] = _CODE[reason]


def check_choice(value: Any, name: str, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise raise ArgumentError."""
    if not isinstance(value, str) or value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise ArgumentError(f"{name}: {value!r} is not one of {allowed}")
    return value


def resolve_multiplier(
    value: float | str | pint.Unit, registry: Registry | None, name: str = "multiplier"
) -> tuple[float, str]:
    """Multiplier as a number and the name of its unit (``100 -> (100.0, "percent")``)."""
    if isinstance(value, str | pint.Unit):
        unit = parse_unit(value, registry)
        try:
            number = unit_multiplier(unit, registry)
        except UnitError as err:  # not a ratio
            raise ArgumentError(f"{name}: {err}") from None
        unit = unit_for_multiplier(number, registry)
        return number, str(unit)
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ArgumentError(f"{name}: {value!r} is not a number")
    try:
        unit = unit_for_multiplier(float(value), registry)
    except ArgumentError as err:
        raise ArgumentError(str(err).replace("multiplier", name, 1)) from None
    return float(value), str(unit)


def levels(confidence: Any) -> tuple[float, ...]:
    """Checked confidence levels, with duplicates removed (order kept)."""
    return tuple(dict.fromkeys(normalise_levels(confidence)))


def _flag_out_of_range(
    codes: Codes, value: FloatArray, limits: Mapping[float, tuple[FloatArray, FloatArray]]
) -> None:
    arrays = [value, *(a for pair in limits.values() for a in pair)]
    with np.errstate(all="ignore"):
        # One sum per array is cheaper than a mask; it is finite when every entry is
        # (an overflow of the sum itself only sends us to the exact check below).
        if np.isfinite(sum(float(np.add.reduce(a)) for a in arrays)):
            return
    unusable = ~np.isfinite(value)
    for array in arrays[1:]:
        unusable |= ~np.isfinite(array)
    set_reason(codes, unusable, OUT_OF_RANGE)


def assemble(
    *,
    index: pd.Index,
    grouping: Grouping | None,
    value: FloatArray,
    limits: Mapping[float, tuple[FloatArray, FloatArray]],
    method_codes: Codes,
    method_categories: Sequence[str],
    reason_codes: Codes,
    inputs: Mapping[str, FloatArray],
    unit: str,
    in_range: bool = False,
) -> pd.DataFrame:
    """Build the result frame; rows without a value get NaN value and limits, no method.

    A row whose value or a limit is not finite although its inputs passed every
    check (an overflow, e.g. a count of 1e308) gets the reason :data:`OUT_OF_RANGE`:
    a row has a value and all its limits, or none of them. ``in_range=True`` says the
    caller has shown that no row overflows, and skips that search.
    """
    if not in_range:
        _flag_out_of_range(reason_codes, value, limits)
    bad = reason_codes >= 0
    if bad.any():
        value[bad] = np.nan
        for lower, upper in limits.values():
            lower[bad] = np.nan
            upper[bad] = np.nan
        method_codes = method_codes.copy()
        method_codes[bad] = -1
    columns: dict[Hashable, Any] = {}
    if grouping is not None:
        for name in grouping.keys.columns:
            columns[name] = grouping.keys[name].array
        out_index: pd.Index = pd.RangeIndex(grouping.size)
    else:
        out_index = index
    columns["value"] = value
    for level, (lower, upper) in limits.items():
        low_name, up_name = limit_columns(level)
        columns[low_name] = lower
        columns[up_name] = upper
    columns["method"] = pd.Categorical.from_codes(
        method_codes, categories=pd.Index(list(method_categories))
    )
    columns["reason"] = pd.Categorical.from_codes(reason_codes, categories=_REASON_INDEX)
    columns.update(inputs)
    frame = pd.DataFrame(columns, index=out_index, copy=False)
    frame.attrs["unit"] = unit
    return frame
