"""Driving the recent trend over many series (private).

Series whose last five rows are all present are read straight from those rows;
only the others are pivoted (:mod:`outcomeframe.stats._trend_sort`) before the
statistics (:mod:`outcomeframe.stats._trend_core`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._vocabulary import Reason
from outcomeframe.stats._reasons import CODE_DTYPE, no_reasons, set_reason
from outcomeframe.stats._series import POINTS, pivot_last
from outcomeframe.stats._trend_core import (
    BoolArray,
    FloatArray,
    _compute_full,
    _finish,
    trend_frame,
)
from outcomeframe.stats._trend_input import _checked


def _series_any(group: npt.NDArray[np.intp], n_groups: int, flag: BoolArray) -> BoolArray:
    """Per group, whether any of its rows is flagged."""
    if not flag.any():
        return np.zeros(n_groups, dtype=bool)
    return np.asarray(np.bincount(group[flag], minlength=n_groups) > 0, dtype=bool)


def _compute(
    kind: str,
    group: npt.NDArray[np.intp],
    n_groups: int,
    arrays: Sequence[FloatArray],
    pol: npt.NDArray[np.int8],
    missing: str,
    name: Callable[[int], str],
) -> pd.DataFrame:
    """Pivot, compute and label; return the result columns.

    ``group`` is sorted (rows of a series together, in time order). Series whose
    last five rows are all present are read straight from those rows; only the
    others are pivoted. ``name(i)`` names row ``i``'s period in a reason. Rows
    with impossible values are not used (the caller reports their series).
    """
    present, full_point, _ = _checked(kind, arrays)
    full_series = _series_any(group, n_groups, full_point)
    sizes = np.bincount(group, minlength=n_groups)
    tail = np.cumsum(sizes)[:, None] - POINTS + np.arange(POINTS)  # last five rows
    full = sizes >= POINTS
    full[full] = present[tail[full]].all(axis=1)
    if full.all():
        return _compute_full(kind, [a[tail] for a in arrays], pol, full_series)
    if not full.any():
        return _compute_pivot(kind, group, n_groups, arrays, pol, missing, name, full_series)
    rest = ~full
    rows = np.flatnonzero(rest[group])
    renumber = np.cumsum(rest) - 1
    parts = [
        (
            full,
            _compute_full(kind, [a[tail[full]] for a in arrays], pol[full], full_series[full]),
        ),
        (
            rest,
            _compute_pivot(
                kind,
                renumber[group[rows]],
                int(rest.sum()),
                [a[rows] for a in arrays],
                pol[rest],
                missing,
                lambda i: name(int(rows[i])),
                full_series[rest],
            ),
        ),
    ]
    return _combine(parts, n_groups)


def _compute_pivot(
    kind: str,
    group: npt.NDArray[np.intp],
    n_groups: int,
    arrays: Sequence[FloatArray],
    pol: npt.NDArray[np.int8],
    missing: str,
    name: Callable[[int], str],
    full_series: BoolArray,
) -> pd.DataFrame:
    """:func:`_compute` by pivoting the last five valid points of every series."""
    present = _checked(kind, arrays)[0]
    mats, n_points, latest_row, missing_row = pivot_last(group, n_groups, arrays, present, missing)
    latest_missing = ~present[latest_row]
    few = n_points < POINTS
    has_missing = missing_row >= 0
    reason = np.full(n_groups, None, dtype=object)
    codes = no_reasons(n_groups)
    set_reason(codes, latest_missing, Reason.LATEST_PERIOD_MISSING)
    set_reason(codes, has_missing, Reason.RECENT_PERIOD_MISSING)
    set_reason(codes, few, Reason.TOO_FEW_POINTS)
    idx = np.flatnonzero(has_missing & ~latest_missing)
    if idx.size:
        reason[idx] = [
            f"no value for {name(r)} among the last {POINTS} points"
            for r in missing_row[idx].tolist()
        ]
    idx = np.flatnonzero(few & ~latest_missing & ~has_missing)
    if idx.size:
        reason[idx] = [
            f"only {k} valid point{'s' if k != 1 else ''}; {POINTS} needed"
            for k in n_points[idx].tolist()
        ]
    idx = np.flatnonzero(latest_missing)
    if idx.size:
        what = "value" if kind != "counted" else "value, count or 95% limit"
        reason[idx] = [
            f"no {what} for the latest period ({name(r)})" for r in latest_row[idx].tolist()
        ]
    other = few | latest_missing | has_missing
    return _finish(kind, mats, pol, n_points, full_series, other, reason, codes)


def _combine(parts: Sequence[tuple[BoolArray, pd.DataFrame]], n: int) -> pd.DataFrame:
    """Put the results of complementary masks back in series order."""
    columns: dict[str, npt.NDArray[Any]] = {
        "trend": np.empty(n, dtype=np.int8),
        "chi2": np.empty(n),
        "gradient": np.empty(n),
        "significant": np.empty(n, dtype=bool),
        "outlier": np.empty(n, dtype=bool),
        "n_points": np.empty(n, dtype=np.int64),
        "reason": np.empty(n, dtype=CODE_DTYPE),
        "detail": np.empty(n, dtype=object),
    }
    for mask, frame in parts:
        for name, values in columns.items():
            column = frame[name]
            if isinstance(column.dtype, pd.CategoricalDtype):
                values[mask] = column.cat.codes.to_numpy()
            else:
                values[mask] = column.to_numpy(dtype=values.dtype)
    return trend_frame(*columns.values())


def _from_matrices(
    kind: str,
    mats: Sequence[FloatArray],
    pol: npt.NDArray[np.int8],
    missing: str,
) -> pd.DataFrame:
    """The general 2-D path: flatten the padded matrices, pivot the last five, compute."""
    n_series, n_cols = mats[0].shape
    # flatten row-major (already grouped and in time order), dropping left padding
    anyvalue = np.logical_or.reduce([np.isfinite(m) for m in mats])
    started = np.cumsum(anyvalue, axis=1) > 0
    rows, cols = np.nonzero(started)
    group = rows.astype(np.intp)
    empty = ~started.any(axis=1)
    if empty.any():
        # series with no value at all: give them one missing row so they are reported
        extra = np.flatnonzero(empty)
        group = np.concatenate([group, extra])
        cols = np.concatenate([cols, np.full(extra.size, n_cols - 1)])
        order_idx = np.argsort(group, kind="stable")
        group, cols = group[order_idx], cols[order_idx]
        rows = group
    flat = [m[rows, cols] for m in mats]

    def name(i: int) -> str:
        return f"point {int(cols[i]) + 1} of {n_cols}"

    return _compute(kind, group, n_series, flat, pol, missing, name)


def _from_arrays(
    kind: str,
    mats: Sequence[FloatArray],
    pol: npt.NDArray[np.int8],
    missing: str,
    *,
    full_series: BoolArray | None = None,
) -> pd.DataFrame:
    """The 2-D front end: series whose last five points are all present need no pivot.

    ``full_series`` (which series have a full point) is given when every point
    is present and none has a reason (:func:`~._trend_input.clean`).
    """
    n_series, n_cols = mats[0].shape
    if full_series is not None and n_cols >= POINTS:
        return _compute_full(kind, [m[:, -POINTS:] for m in mats], pol, full_series)
    if n_cols >= POINTS:
        # refuse impossible values anywhere; note full points anywhere in a series
        full_point = _checked(kind, [m.reshape(-1) for m in mats])[1]
        full_series = np.asarray(full_point.reshape(n_series, n_cols).any(axis=1), dtype=bool)
        tails = [np.ascontiguousarray(m[:, -POINTS:]) for m in mats]
        present = _checked(kind, [t.reshape(-1) for t in tails])[0]
        full = np.asarray(present.reshape(-1, POINTS).all(axis=1), dtype=bool)
        if full.all():
            return _compute_full(kind, tails, pol, full_series)
        if full.any():
            rest = ~full
            parts = [
                (full, _compute_full(kind, [t[full] for t in tails], pol[full], full_series[full])),
                (rest, _from_matrices(kind, [m[rest] for m in mats], pol[rest], missing)),
            ]
            return _combine(parts, n_series)
    return _from_matrices(kind, mats, pol, missing)
