"""Argument handling shared by the statistics functions (private).

Every public statistics function takes its inputs either as arrays/Series or as
column names of ``data``, optionally grouped by columns ``by`` (see
:mod:`outcomeframe.stats._types`). This module turns them into float arrays,
checks the arguments (raising :class:`ArgumentError`), and assembles the output
frame. The reasons live in :mod:`outcomeframe.stats._reasons` and the grouping in
:mod:`outcomeframe.stats._grouping`; both are re-exported here for the interval
modules. Nothing here loops over rows or groups.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._checks import check_choice
from outcomeframe._errors import ArgumentError, UnitError
from outcomeframe.stats._grouping import By, Grouping, column, grouping, one_group
from outcomeframe.stats._levels import limit_columns, normalise_levels
from outcomeframe.stats._numbers import as_floats
from outcomeframe.stats._reasons import (
    OUT_OF_RANGE,
    REASON_DTYPE,
    REASONS,
    Codes,
    Reasons,
    clean_counts,
    count_checks,
    no_reasons,
    row_reasons,
    set_reason,
)
from outcomeframe.stats._types import FloatArray, Input
from outcomeframe.stats._unit_parse import is_unit, multiplier_unit_name
from outcomeframe.stats._units import Registry, parse_unit, unit_for_multiplier
from outcomeframe.stats._units import multiplier as unit_multiplier

if TYPE_CHECKING:
    import pint

__all__ = [
    "OUT_OF_RANGE",
    "REASONS",
    "By",
    "FloatArray",
    "Grouping",
    "Input",
    "Reasons",
    "assemble",
    "check_choice",
    "clean_counts",
    "count_checks",
    "group_counts",
    "levels",
    "one_group",
    "prepare",
    "resolve_multiplier",
    "row_inputs",
    "row_reasons",
    "set_reason",
]


def check_data(data: object) -> pd.DataFrame | None:
    """``data`` itself when it is a DataFrame or None; otherwise ArgumentError."""
    if data is not None and not isinstance(data, pd.DataFrame):
        raise ArgumentError(f"data: expected a pandas DataFrame, got {type(data).__name__}")
    return data


def _input_array(
    value: Input | None, name: str, data: pd.DataFrame | None, *, max_ndim: int = 1
) -> tuple[FloatArray, pd.Index[Any] | None]:
    """Return the float values of one input and, when it has one, its index."""
    if isinstance(value, str):
        if data is None:
            raise ArgumentError(f"{name}: {value!r} is a column name, but no data= was given")
        return as_floats(column(data, value, name), name), data.index
    if value is None:
        raise ArgumentError(f"{name}: is required")
    index = value.index if isinstance(value, pd.Series) else None
    return as_floats(value, name, max_ndim=max_ndim), index


def prepare(
    inputs: Mapping[str, Input | None],
    *,
    data: pd.DataFrame | None,
    by: By | None,
) -> tuple[dict[str, FloatArray], pd.Index[Any], Grouping | None]:
    """Resolve inputs to float arrays of equal length, the row index and the grouping.

    Raises
    ------
    ArgumentError
        Unknown column names, arrays of different lengths, ``by`` without ``data``.
    """
    data = check_data(data)
    arrays: dict[str, FloatArray] = {}
    index: pd.Index[Any] | None = None
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
    groups = None
    if by is not None:
        if data is None:
            raise ArgumentError("by: grouping needs data= (a DataFrame holding the by columns)")
        groups = grouping(data, by)
    return arrays, row_index, groups


def group_counts(
    grouping: Grouping, x: FloatArray, n: FloatArray, *, at_most: bool
) -> tuple[FloatArray, FloatArray, Codes | None]:
    """Counts and denominators summed per group, and each group's reason from its rows.

    The rows are checked as :func:`count_checks` with ``zero_ok`` (a zero denominator
    is a problem of the group's sum, not of a row) and ``at_most``; a group's reason is
    the first of its rows' (:meth:`Grouping.reduce`). None: no row is bad.
    """
    codes = None
    if clean_counts(x, n, positive=False, at_most=at_most) is None:
        if at_most:  # x <= n < inf: x finite and n not negative
            ok = (x >= 0) & (x <= n) & (n < np.inf)
        else:
            ok = (x >= 0) & (x < np.inf) & (n >= 0) & (n < np.inf)
        codes = grouping.reduce(row_reasons(ok, count_checks(x, n, zero_ok=True, at_most=at_most)))
    return grouping.sum(x), grouping.sum(n), codes


def _is_scalar(value: object) -> bool:
    return np.ndim(value) == 0 and not isinstance(value, np.ma.MaskedArray | str | bytes)  # type: ignore[arg-type]


def row_inputs(
    named: Sequence[tuple[str, Input | float | None]], data: pd.DataFrame | None
) -> tuple[list[FloatArray], int, pd.Index[Any] | None]:
    """Inputs of a row-by-row function as float arrays of one length, and the row index.

    Each input is a column name of ``data``, values (one per row), or a single
    number for every row (broadcast). Entries that are not numbers become NaN
    (the row then gets a reason); an argument that is not numbers at all, an
    unknown column or unequal lengths raise ArgumentError naming the argument.
    The index is ``data``'s, or that of the first Series given.
    """
    data = check_data(data)
    out: list[FloatArray] = []
    n: int | None = None if data is None else len(data)
    first = "data"
    index: pd.Index[Any] | None = None if data is None else data.index
    for name, value in named:
        if value is None:
            raise ArgumentError(f"{name}: is required")
        if isinstance(value, str):
            arr, _ = _input_array(value, name, data)
        else:
            scalar = _is_scalar(value)
            arr = as_floats(value, name)
            if scalar:
                out.append(arr.reshape(()))
                continue
            if index is None and isinstance(value, pd.Series):
                index = value.index
        if n is None:
            n, first = len(arr), name
        elif len(arr) != n:
            raise ArgumentError(f"{name}: length {len(arr)} does not match {first} ({n})")
        out.append(arr)
    size = 1 if n is None else n
    return [np.broadcast_to(a, (size,)).astype(np.float64) for a in out], size, index


def per_row(value: object, name: str, data: pd.DataFrame | None) -> object:
    """A per-row label argument (polarity, direction): a column of ``data`` when named so.

    Text that is not a column name is a label for every row.
    """
    if isinstance(value, str) and data is not None and value in data.columns:
        return column(data, value, name).array
    return value


def resolve_multiplier(
    value: float | str | pint.Unit, registry: Registry | None, name: str = "multiplier"
) -> tuple[float, str]:
    """Multiplier as a number and the name of its unit (``100 -> (100.0, "percent")``)."""
    if isinstance(value, str) or is_unit(value):
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
        unit_text = multiplier_unit_name(float(value), registry)
    except ArgumentError as err:
        raise ArgumentError(str(err).replace("multiplier", name, 1)) from None
    return float(value), unit_text


def levels(confidence: float | Sequence[float]) -> tuple[float, ...]:
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


@functools.cache
def _method_dtype(categories: tuple[str, ...]) -> pd.CategoricalDtype:
    """The dtype of a ``method`` column (made once per set of methods)."""
    return pd.CategoricalDtype(pd.Index(list(categories)))


def assemble(
    *,
    index: pd.Index[Any],
    grouping: Grouping | None,
    value: FloatArray,
    limits: Mapping[float, tuple[FloatArray, FloatArray]],
    method_codes: npt.NDArray[np.signedinteger[Any]],
    method_categories: Sequence[str],
    reason_codes: Codes | None,
    inputs: Mapping[str, FloatArray],
    unit: str,
    in_range: bool = False,
) -> pd.DataFrame:
    """Build the result frame; rows without a value get NaN value and limits, no method.

    A row whose value or a limit is not finite although its inputs passed every
    check (an overflow, e.g. a count of 1e308) gets the reason :data:`OUT_OF_RANGE`:
    a row has a value and all its limits, or none of them. ``in_range=True`` says the
    caller has shown that no row overflows, and skips that search;
    ``reason_codes=None`` that no check found a reason.
    """
    clean = reason_codes is None and in_range  # no row to blank: skip the mask
    if reason_codes is None:
        reason_codes = no_reasons(len(value))
    if not in_range:
        _flag_out_of_range(reason_codes, value, limits)
    bad = None if clean else reason_codes >= 0
    if bad is not None and bad.any():
        value[bad] = np.nan
        for lower, upper in limits.values():
            lower[bad] = np.nan
            upper[bad] = np.nan
        method_codes = method_codes.copy()
        method_codes[bad] = -1
    columns: dict[Hashable, Any] = {}
    if grouping is not None:
        columns.update(grouping.key_columns())
        out_index: pd.Index[Any] = pd.RangeIndex(grouping.size)
    else:
        out_index = index
    columns["value"] = value
    for level, (lower, upper) in limits.items():
        low_name, up_name = limit_columns(level)
        columns[low_name] = lower
        columns[up_name] = upper
    # the codes are valid by construction: no pass over them to check
    columns["method"] = pd.Categorical.from_codes(
        method_codes, dtype=_method_dtype(tuple(method_categories)), validate=False
    )
    columns["reason"] = pd.Categorical.from_codes(reason_codes, dtype=REASON_DTYPE, validate=False)
    columns.update(inputs)
    frame = pd.DataFrame(columns, index=out_index, copy=False)
    frame.attrs["unit"] = unit
    return frame
