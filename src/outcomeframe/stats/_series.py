"""The long-table engine of the series statistics: sort into series, pivot the last points.

Used by :func:`~outcomeframe.stats.recent_trend` and
:func:`~outcomeframe.stats.gap_trend` (private to the package, public to its
modules). Group codes come from counting passes over each key column's codes
(:mod:`outcomeframe._codes`), rows are ordered by (series, period) with a
counting sort when the grid is small enough, and the last points of every series
are scattered into an ``(n, points)`` matrix by array indexing: linear time, no
per-series Python loop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._codes import dense_codes, grid_codes
from outcomeframe._errors import DataError

__all__ = ["POINTS", "pivot_last", "positions_from_end", "sort_long"]

FloatArray = npt.NDArray[np.float64]
#: Number of points the recent trend uses.
POINTS = 5


def positions_from_end(
    group: npt.NDArray[np.intp], n_groups: int, keep: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """1-based rank from the end of each group among ``keep`` rows, and counts.

    ``group`` must be sorted (rows of a group contiguous, in time order).
    Rows that are not kept get rank 0.
    """
    k = keep.astype(np.intp)
    # reverse cumulative sum: rev[i] = sum(k[i:])
    rev = np.cumsum(k[::-1])[::-1]
    counts = np.bincount(group, weights=k, minlength=n_groups).astype(np.intp)
    sizes = np.bincount(group, minlength=n_groups).astype(np.intp)
    ends = np.cumsum(sizes)  # one past the last row of each group
    after = np.append(rev, 0)[ends]  # sum(k) after each group's end
    rank = (rev - after[group]) * k
    return rank, counts


def pivot_last(
    group: npt.NDArray[np.intp],
    n_groups: int,
    columns: Sequence[FloatArray],
    valid: npt.NDArray[np.bool_],
    missing: str,
    points: int = POINTS,
) -> tuple[list[FloatArray], npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Pivot the last 5 points of every group into ``(n_groups, 5)`` matrices.

    Returns the matrices, the number of valid points per group (capped at 5),
    the row index of each group's latest row, and (mode "cannot") the row of
    the most recent missing point among the last five (-1 if none).
    """
    n = len(group)
    sizes = np.bincount(group, minlength=n_groups).astype(np.intp)
    ends = np.cumsum(sizes)
    latest_row = ends - 1  # -1 for empty groups cannot happen: groups come from data
    all_rows = np.ones(n, dtype=bool)
    if missing == "skip":
        rank, n_valid = positions_from_end(group, n_groups, valid)
        take = valid & (rank <= points) & (rank > 0)
        missing_row = np.full(n_groups, -1, dtype=np.intp)
    else:
        rank, _ = positions_from_end(group, n_groups, all_rows)
        take = rank <= points
        last5 = take & ~valid
        n_valid = np.bincount(group, weights=(take & valid), minlength=n_groups).astype(np.intp)
        missing_row = np.full(n_groups, -1, dtype=np.intp)
        rows = np.flatnonzero(last5)
        # the most recent missing row wins (later rows overwrite earlier ones)
        missing_row[group[rows]] = rows
        take = take & valid
    g = group[take]
    col = points - rank[take]
    out = []
    for values in columns:
        m = np.full((n_groups, points), np.nan)
        m[g, col] = values[take]
        out.append(m)
    return out, np.minimum(n_valid, points), latest_row, missing_row


def _codes(values: pd.Series[Any]) -> tuple[npt.NDArray[np.intp], npt.NDArray[Any]]:
    """Integer codes of a column in sorted order of its values, and the values.

    Missing values get the code -1. Categoricals use their codes (category
    order) and integers their offsets from the minimum, both made dense in
    O(n); anything else is factorised with sorting.
    """
    n = len(values)
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = np.asarray(values.cat.categories, dtype=object)
        codes, seen = dense_codes(np.asarray(values.cat.codes, dtype=np.intp), len(cats))
        return codes, cats[seen]
    array = values.to_numpy()
    if array.dtype.kind in "iu" and n:
        lo, hi = int(array.min()), int(array.max())
        if hi - lo <= 4 * n + 1024:
            codes, seen = dense_codes(np.subtract(array, lo, dtype=np.intp), hi - lo + 1)
            return codes, seen + lo
    codes, uniq = pd.factorize(values, sort=True, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.intp), np.asarray(uniq, dtype=object)


def sort_long(
    data: pd.DataFrame, keys: list[str], order: str
) -> tuple[npt.NDArray[np.intp], int, npt.NDArray[np.intp], Callable[[int], Any]]:
    """Group codes in sorted order, the number of groups, the sorting index, periods.

    The period of a sorted row is given by the returned function (it is needed
    only to name a period in a reason).

    Codes each key column, combines the codes into one group code, and orders
    the rows by (group, period). When the (group x period) grid is not much
    larger than the table this is a counting sort (scatter into the grid, read
    back the occupied cells), O(n); otherwise one integer argsort. A period
    repeated within a series is rejected.
    """
    n = len(data)
    if keys:
        coded = [_codes(data[key]) for key in keys]
        combined, size = grid_codes([c for c, _ in coded], [len(u) for _, u in coded])
        gcodes, _ = dense_codes(combined, size)
    else:
        gcodes = np.zeros(n, dtype=np.intp)
    n_groups = int(gcodes.max()) + 1 if n else 0
    ocodes, ouniq = _codes(data[order])
    if n and (ocodes < 0).any():
        raise DataError(f"{order}: {int((ocodes < 0).sum())} row(s) have no period")
    n_per = len(ouniq)
    cell = gcodes.astype(np.int64) * n_per + ocodes
    if n_groups * n_per <= 4 * n + 1024:
        # counting sort: each row written to its (group, period) cell, read back in order;
        # the group and period of a sorted row follow from its cell (no gathers)
        inverse = np.full(n_groups * n_per, -1, dtype=np.intp)
        inverse[cell] = np.arange(n, dtype=np.intp)
        occupied = np.flatnonzero(inverse >= 0)
        if len(occupied) < n:
            counts = np.bincount(cell, minlength=n_groups * n_per)
            dup = counts > 1
            first = int(np.flatnonzero(dup[cell])[0])
            raise DataError(
                f"{order}: {int((counts[dup] - 1).sum())} period(s) repeated within a series "
                f"(first at row {data.index[first]!r}, period {data[order].iloc[first]!r})"
            )
        idx = inverse[occupied]
        sizes = (inverse >= 0).reshape(n_groups, n_per).sum(axis=1)
        sorted_groups = np.repeat(np.arange(n_groups, dtype=np.intp), sizes)

        def period_of(i: int) -> Any:  # the period of sorted row i, from its cell
            return ouniq[int(occupied[i]) % n_per]

        return sorted_groups, n_groups, idx, period_of
    idx = np.argsort(cell, kind="stable").astype(np.intp)
    sk = cell[idx]
    dupe = sk[1:] == sk[:-1]
    if dupe.any():
        first = int(idx[1:][dupe][0])
        raise DataError(
            f"{order}: {int(dupe.sum())} period(s) repeated within a series "
            f"(first at row {data.index[first]!r}, period {data[order].iloc[first]!r})"
        )
    group = gcodes[idx]
    sorted_periods = ocodes[idx]
    return group, n_groups, idx, lambda i: ouniq[sorted_periods[i]]
