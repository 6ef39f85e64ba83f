"""Rows mapped to groups by the ``by`` columns, in one vectorised pass (private).

``by=`` always means grouping columns of ``data`` (a name or a list of names).
A single integer or categorical column is grouped by counting (no hashing); other
keys by one ``groupby().ngroup()``. Groups come in sorted key order, missing keys
last, as ``groupby(sort=True, dropna=False, observed=True)`` gives them.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._codes import dense_codes
from outcomeframe._errors import ArgumentError
from outcomeframe.stats._reasons import CODE_DTYPE, NO_REASON, REASONS, Codes

__all__ = ["By", "Grouping", "by_columns", "column", "grouping", "one_group"]

FloatArray = npt.NDArray[np.float64]
#: What ``by=`` takes: one column name or several.
By: TypeAlias = str | Sequence[str]

_SENTINEL = CODE_DTYPE(np.iinfo(CODE_DTYPE).max)
#: Integer keys spanning at most this many values per row are counted, not hashed.
_DENSE_SPAN_PER_ROW = 4


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
        """A group's reason is the first (most serious) reason of any of its rows.

        The reason is marked as coming from a row (the categories with the group
        suffix of :data:`~outcomeframe.stats._reasons.REASON_DTYPE`).
        """
        out = np.full(self.size, _SENTINEL, dtype=CODE_DTYPE)
        bad = np.flatnonzero(row_codes >= 0)
        if bad.size:
            np.minimum.at(out, self.ids[bad], row_codes[bad])
        out[out == _SENTINEL] = NO_REASON
        flagged = out >= 0
        out[flagged] += CODE_DTYPE(len(REASONS))
        return out


def column(data: pd.DataFrame, key: Hashable, name: str) -> pd.Series[Any]:
    """Column ``key`` of ``data``; ArgumentError naming ``name`` when it is absent or repeated."""
    if key not in data.columns:
        shown = ", ".join(repr(c) for c in list(data.columns)[:20])
        raise ArgumentError(f"{name}: no column {key!r} in data (columns: {shown})")
    if not data.columns.is_unique and int((data.columns == key).sum()) > 1:
        raise ArgumentError(f"{name}: column {key!r} appears more than once in data")
    found: pd.Series[Any] = data[key]
    return found


def by_columns(data: pd.DataFrame | None, by: By | None) -> list[str]:
    """The ``by`` column names, checked against ``data`` (empty list without ``by``)."""
    if by is None:
        return []
    if data is None:
        raise ArgumentError("by: grouping needs data= (a DataFrame holding the by columns)")
    given: object = by  # checked as it comes, whatever its type
    if isinstance(given, str):
        keys = [given]
    elif isinstance(given, Sequence) and all(isinstance(k, str) for k in given):
        keys = [str(k) for k in given]
    else:
        raise ArgumentError(
            f"by: give a column name of data or a list of them, got {type(by).__name__}"
        )
    if not keys:
        raise ArgumentError("by: give at least one column name")
    for key in keys:
        column(data, key, "by")
    return keys


def _counted_groups(values: pd.Series[Any]) -> tuple[npt.NDArray[np.intp], Any] | None:
    """Group numbers and keys of one integer or categorical column by counting, or None.

    The same groups in the same order as ``groupby(sort=True, dropna=False,
    observed=True)``, without hashing: a categorical's codes (missing last), or whole
    numbers over a range not much wider than the rows. None for other columns.
    """
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = np.asarray(values.cat.codes)
        width = len(dtype.categories)
        shifted = codes.astype(np.intp)
        if codes.size and int(codes.min()) < 0:  # missing: a group of its own, last
            shifted[codes < 0] = width
        ids, seen = dense_codes(shifted, width + 1)
        keys = pd.Categorical.from_codes(np.where(seen == width, -1, seen), dtype=dtype)
        return ids, keys
    if not isinstance(dtype, np.dtype) or dtype.kind not in "iu" or not len(values):
        return None
    array = values.to_numpy()
    low, high = int(array.min()), int(array.max())
    span = high - low + 1
    if span > _DENSE_SPAN_PER_ROW * len(array) + 1024:
        return None
    if dtype.kind == "u":  # values - low lies in 0 .. span - 1: no wrap-around
        shifted = (array - dtype.type(low) if low else array).astype(np.intp, copy=False)
        ids, seen = dense_codes(shifted, span)
        start: Any = dtype.type(low)
        return ids, seen.astype(dtype) + start
    shifted = array.astype(np.intp, copy=False)
    ids, seen = dense_codes(shifted - low if low else shifted, span)
    return ids, (seen + low).astype(dtype)


def grouping(data: pd.DataFrame, by: By) -> Grouping:
    """The groups of ``data``'s rows by the ``by`` columns (checked: ArgumentError)."""
    keys = by_columns(data, by)
    if len(keys) == 1:
        counted = _counted_groups(data[keys[0]])
        if counted is not None:
            ids, values = counted
            return Grouping(ids=ids, keys=pd.DataFrame({keys[0]: values}))
    grouped = data[keys].groupby(keys, sort=True, dropna=False, observed=True)
    try:
        ids = np.asarray(grouped.ngroup().to_numpy(), dtype=np.intp)
    except TypeError as err:  # unhashable keys (lists, dicts) or keys that do not sort
        raise ArgumentError(f"by: the values of {keys} cannot be grouped ({err})") from None
    key_frame = grouped.size().index.to_frame(index=False)
    return Grouping(ids=ids, keys=key_frame)


def one_group(n_rows: int) -> Grouping:
    """All rows in a single group (for statistics over the whole input)."""
    return Grouping(ids=np.zeros(n_rows, dtype=np.intp), keys=pd.DataFrame(index=range(1)))
