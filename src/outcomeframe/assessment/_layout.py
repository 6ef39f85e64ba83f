"""Rows laid out as series x period grids, in linear time from the category codes.

No sort and no hashing: series are numbered by counting passes over the codes of
:data:`SERIES_KEY`, periods by their order in time, and each row's number is
written to its grid cell once (which also shows a key used twice).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe.assessment._fill import _empty_rejected
from outcomeframe.observations._period import Period
from outcomeframe.observations._repeats import _duplicated, _key_codes, _repeats

#: The columns that identify one series (one line on a trend chart).
SERIES_KEY: list[str] = ["indicator", "area_code", "sex", "age", "breakdown_type", "breakdown"]

_DAYS_PER_YEAR = 365.25


@attrs.frozen
class _Layout:
    """Where each row sits in a series x period grid (periods in time order).

    Built in linear time from the categorical codes: no sort and no hashing.
    """

    grid: npt.NDArray[np.signedinteger[Any]]  # (n_series, width): each cell's data row, or -1
    first: npt.NDArray[np.intp]  # the first occupied column of each series
    last: npt.NDArray[np.intp]  # the last occupied column of each series
    latest: npt.NDArray[np.signedinteger[Any]]  # the data row of each series' latest period
    starts: npt.NDArray[np.float64]  # start of each period (column), in years
    cells: int  # occupied cells: fewer than rows when two rows share a key

    @property
    def n_series(self) -> int:
        return len(self.last)

    @property
    def width(self) -> int:
        return len(self.starts)


def _combined_codes(data: pd.DataFrame, columns: Sequence[str]) -> npt.NDArray[np.int64]:
    combined = np.zeros(len(data), dtype=np.int64)
    for col in columns:
        values = data[col].array
        codes = np.asarray(values.codes).astype(np.int64)
        combined = combined * (len(values.categories) + 1) + codes + 1
    return combined


def _dense(
    codes: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """Number the distinct values 0..k-1 in order, and return them sorted.

    Linear time (a counting pass) when the values are small non-negative codes.
    """
    space = int(codes.max()) + 1 if len(codes) else 0
    if space <= 16 * len(codes) + (1 << 20):  # a counting pass costs about the space
        present = np.zeros(space, dtype=bool)
        present[codes] = True
        if present.all():  # every value in 0..space-1 is used: already dense
            return codes.astype(np.intp, copy=False), np.arange(space, dtype=np.int64)
        rank = np.cumsum(present) - 1
        return rank[codes].astype(np.intp), np.flatnonzero(present).astype(np.int64)
    dense, uniques = pd.factorize(codes, sort=True)
    return dense.astype(np.intp), np.asarray(uniques, dtype=np.int64)


def _period_columns(
    data: pd.DataFrame,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]:
    """Each row's period as a column number (periods ordered by start, then end).

    Also returns each column's start in years. Works on the period categories,
    so two labels with the same start (a year and a pooled period) stay apart.
    """
    codes = data["period"].cat.codes.to_numpy()
    k = len(data["period"].cat.categories)
    some_row = np.full(k, -1, dtype=np.intp)
    some_row[codes] = np.arange(len(codes), dtype=np.intp)
    used = np.flatnonzero(some_row >= 0)
    rows = some_row[used]
    start = data["period_start"].to_numpy()[rows].astype("datetime64[s]").astype(np.int64)
    end = data["period_end"].to_numpy()[rows].astype("datetime64[s]").astype(np.int64)
    order = np.lexsort((end, start))
    rank = np.full(k, -1, dtype=np.intp)
    rank[used[order]] = np.arange(len(used), dtype=np.intp)
    return rank[codes], start[order] / (_DAYS_PER_YEAR * 86400.0)


def _series_codes(data: pd.DataFrame) -> tuple[npt.NDArray[np.intp], int]:
    """Number the series (:data:`SERIES_KEY`) 0..n-1 in key order; key cells are never blank."""
    key, _ = _key_codes(data, SERIES_KEY)
    series, keys = _dense(key.astype(np.int64, copy=False))
    return series, len(keys)


def _layout(data: pd.DataFrame) -> _Layout:
    series, n_series = _series_codes(data)
    column, starts = _period_columns(data)
    width = len(starts)
    small = len(data) < 2**31  # int32 rows: half the memory to scatter into
    cells: npt.NDArray[np.signedinteger[Any]] = np.full(
        n_series * width, -1, dtype=np.int32 if small else np.intp
    )
    cells[series * width + column] = np.arange(len(data), dtype=cells.dtype)
    grid = cells.reshape(n_series, width)
    occupied = grid >= 0
    last = (width - 1) - np.argmax(occupied[:, ::-1], axis=1)
    return _Layout(
        grid=grid,
        first=np.argmax(occupied, axis=1).astype(np.intp),
        last=last.astype(np.intp),
        latest=grid[np.arange(n_series), last],
        starts=starts,
        cells=int(np.count_nonzero(occupied)),
    )


def _laid_out(
    data: pd.DataFrame, period: str | None
) -> tuple[pd.DataFrame, pd.DataFrame, _Layout | None, pd.DataFrame]:
    """Set aside rows with a repeated key, keep the history up to ``period``, lay it out.

    Returns the usable rows, the history (rows up to ``period``), its layout
    (``None`` when the history is empty) and the rows set aside, with a reason
    (none: an empty frame with ``reason`` only). Without ``period`` a clean table is laid out once and the layout itself shows
    there is no repeated key (as many occupied cells as rows).
    """
    if period is None and len(data):
        layout = _layout(data)
        if layout.cells == len(data):
            return data, data, layout, _empty_rejected()
    repeated = _duplicated(data, categorical=True).to_numpy() if len(data) else np.zeros(0, bool)
    reasons = pd.Series([], dtype="str")
    if repeated.any():  # copies set aside, the first kept; conflicts all set aside
        shared = data.loc[repeated]
        reasons = _repeats(shared, shared, "row")
        repeated = data.index.isin(reasons.index)
    aside = data.loc[repeated]
    aside = aside.assign(reason=reasons.reindex(aside.index).astype("str"))
    data = data.loc[~repeated]
    history = data
    if period is not None:
        # the periods up to it, and the period of that label whatever its kind of year
        # ("2021/22" as a financial year starts in April, as an academic one in September)
        asked = Period.parse(period)
        start = np.datetime64(asked.start, "s")
        same = (data["period"].astype("str") == str(asked)).to_numpy()
        history = data.loc[(data["period_start"].to_numpy() <= start) | same]
        history = history.reset_index(drop=True)
    return data, history, _layout(history) if len(history) else None, aside


def _window(
    layout: _Layout, series: npt.NDArray[np.intp], width: int
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """The rows (-1: none) and columns of the last ``width`` periods of some series.

    Right-aligned: each series' latest period is in the last column.
    """
    cols = layout.last[series][:, None] - np.arange(width - 1, -1, -1, dtype=np.intp)[None, :]
    before = cols < 0
    rows = layout.grid[series[:, None], np.maximum(cols, 0)]
    rows[before] = -1
    cols[before] = -1
    return rows, cols


def _take(values: npt.NDArray[np.float64], rows: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
    """``values`` at ``rows`` (any shape), NaN where the row is -1."""
    out = values[rows]
    out[rows < 0] = np.nan
    return out
