"""The recent trend's fast layout of a complete long table (private).

When every key column and the period column are categorical or integer, the
key combinations times the periods are exactly the rows, and every (series,
period) cell is taken (so each once), the table is a complete grid: the last
five points of every series are scattered straight into ``(5, n_series)``
arrays, points first, with no sort and no numbering of the distinct keys (in
a complete grid every category and every period in range occurs). Anything
else returns None and :func:`~outcomeframe.stats._series.sort_long` orders the
rows the general way (which also names a repeated period).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe.stats._series import POINTS
from outcomeframe.stats._trend_core import FloatArray

__all__ = ["Grid", "grid_tails"]

IntArray = npt.NDArray[np.intp]

#: What :func:`grid_tails` returns: the last five points of each column,
#: points first ``(5, n_series)``; each series' latest row; each row's series.
Grid = tuple[list[FloatArray], IntArray, npt.NDArray[np.int64]]


def _offsets(values: pd.Series[Any]) -> tuple[npt.NDArray[np.integer], int] | None:
    """Codes ``0 .. span - 1`` in sorted order of a categorical or integer column, and span.

    None for other columns, or when a value is missing.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        if len(codes) and codes.min() < 0:
            return None
        return codes, len(values.cat.categories)
    array = values.to_numpy()
    if array.dtype.kind not in "iu" or not len(array):
        return None
    lo, hi = int(array.min()), int(array.max())
    return np.subtract(array, lo, dtype=np.int64), hi - lo + 1  # no wrap in a small dtype


def grid_tails(
    data: pd.DataFrame, keys: Sequence[str], order: str, columns: Sequence[FloatArray]
) -> Grid | None:
    """The last five points of ``columns`` per series of a complete grid, else None.

    Series are numbered in sorted order of their keys (the first key slowest),
    as :func:`~outcomeframe.stats._series.sort_long` numbers them.
    """
    coded = []
    for key in keys:
        found = _offsets(data[key])
        if found is None:
            return None
        coded.append(found)
    period = _offsets(data[order])
    if period is None:
        return None
    n = len(data)
    n_series = math.prod(span for _, span in coded)
    point, n_per = period
    if n_series * n_per != n or n_per < POINTS:
        return None
    series = np.zeros(n, dtype=np.int64)
    for codes, span in coded:  # row-major number of the key combination
        series *= span
        series += codes
    # points-major cell: the last five periods are the last five blocks of n_series
    cell = point.astype(np.int64)
    cell *= n_series
    cell += series
    taken = np.zeros(n, dtype=bool)
    taken[cell] = True
    if not taken.all():  # n rows in n cells: an empty cell means a cell taken twice
        return None
    first = (n_per - POINTS) * n_series  # the first cell of the last five periods
    if n_per == POINTS:  # every row is one of the last five
        rows, at, slot = None, series, cell
    else:
        rows = np.flatnonzero(cell >= first)
        at, slot = series[rows], cell[rows]
        slot -= first
    tails = []
    for values in columns:
        tail = np.empty(POINTS * n_series)
        tail[slot] = values if rows is None else values[rows]
        tails.append(tail.reshape(POINTS, n_series))
    last = np.flatnonzero(slot >= (POINTS - 1) * n_series)
    latest = np.empty(n_series, dtype=np.intp)
    latest[at[last]] = last if rows is None else rows[last]
    return tails, latest, series
