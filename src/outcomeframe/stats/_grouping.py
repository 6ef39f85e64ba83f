"""Rows mapped to groups by the ``by`` columns, in one vectorised pass (private).

``by=`` always means grouping columns of ``data`` (a name or a list of names).
A single integer or categorical column is grouped by counting (no hashing); other
keys by one ``groupby().ngroup()``. A counted grouping finds which values of the
column's range occur only when it must, often from its first sums (see
:class:`Grouping`). Groups come in sorted key order, missing keys
last, as ``groupby(sort=True, dropna=False, observed=True)`` gives them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
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
IntArray = npt.NDArray[np.intp]
#: What ``by=`` takes: one column name or several.
By: TypeAlias = str | Sequence[str]

_SENTINEL = CODE_DTYPE(np.iinfo(CODE_DTYPE).max)
#: Integer keys spanning at most this many values per row are counted, not hashed.
_DENSE_SPAN_PER_ROW = 4


KeyColumns: TypeAlias = dict[Hashable, Any]


@attrs.frozen
class _Range:
    """Rows by slot in a range of values, before it is known which slots occur."""

    slots: IntArray  # each row's slot, 0 .. span - 1
    span: int
    keys: Callable[[IntArray], KeyColumns]  # the key columns of the given occurring slots


@attrs.define
class _Groups:
    """The groups once known: each row's group, and the keys as columns and/or a frame."""

    ids: IntArray
    size: int
    columns: KeyColumns | None = None
    frame: pd.DataFrame | None = None
    seen: IntArray | None = None  # of a range: each group's slot


class Grouping:
    """Rows mapped to groups: ``ids[i]`` is the group of row ``i``; ``keys`` one row per group.

    A grouping counted over the range of one column (:meth:`over_range`) does not mark
    which values of the range occur until it must. Its first :meth:`sum` adds up per
    slot of the range: when no slot's sum is zero, every slot has a row, so the slots
    are the groups, at the cost of one look at the sums. Otherwise (or when ``ids``,
    ``keys`` or ``size`` is read first) the rows' slots are marked in one pass.
    """

    __slots__ = ("_known", "_range")

    def __init__(self, ids: IntArray, keys: pd.DataFrame) -> None:
        self._known: _Groups | None = _Groups(ids, len(keys), frame=keys)
        self._range: _Range | None = None

    @classmethod
    def over_range(
        cls, slots: IntArray, span: int, keys: Callable[[IntArray], KeyColumns]
    ) -> Grouping:
        """Rows by ``slots`` in ``0 .. span - 1``; ``keys(seen)``: the key columns of slots seen."""
        grouping = cls.__new__(cls)
        grouping._known = None
        grouping._range = _Range(slots, span, keys)
        return grouping

    def _groups(self) -> _Groups:
        """The groups, marking which slots of a range occur if that is not known yet."""
        if self._known is None:
            if self._range is None:  # pragma: no cover - one of the two is always set
                raise TypeError("a Grouping without groups")
            ids, seen = dense_codes(self._range.slots, self._range.span)
            self._known = _Groups(ids, len(seen), columns=self._range.keys(seen), seen=seen)
        return self._known

    @property
    def ids(self) -> IntArray:
        """The group of each row."""
        return self._groups().ids

    @property
    def keys(self) -> pd.DataFrame:
        """One row per group: the ``by`` columns."""
        groups = self._groups()
        if groups.frame is None:
            groups.frame = pd.DataFrame(
                groups.columns, index=pd.RangeIndex(groups.size), copy=False
            )
        return groups.frame

    def key_columns(self) -> KeyColumns:
        """The ``by`` columns, one value per group (without building a frame)."""
        groups = self._groups()
        if groups.columns is None:
            frame = self.keys
            groups.columns = {name: frame[name].array for name in frame.columns}
        return groups.columns

    @property
    def size(self) -> int:
        """Number of groups."""
        return self._groups().size

    def sum(self, values: FloatArray) -> FloatArray:
        """Sum of ``values`` per group (NaN in a row makes its group's sum NaN)."""
        if self._known is None and self._range is not None:
            slots, span = self._range.slots, self._range.span
            per_slot: FloatArray = np.bincount(slots, weights=values, minlength=span).astype(
                np.float64, copy=False
            )
            if bool(np.all(per_slot != 0.0)):  # a slot without rows sums to exactly 0
                every = np.arange(span, dtype=np.intp)
                self._known = _Groups(slots, span, columns=self._range.keys(every), seen=every)
                return per_slot
            # the same additions in the same order as summing by group: the same sums
            return per_slot[self._groups().seen]
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


def _counted_groups(values: pd.Series[Any]) -> Grouping | None:
    """The groups of one integer or categorical column by counting, or None.

    The same groups in the same order as ``groupby(sort=True, dropna=False,
    observed=True)``, without hashing: a categorical's codes (missing last), or whole
    numbers over a range not much wider than the rows. None for other columns.
    """
    name = values.name
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = np.asarray(values.cat.codes)
        width = len(dtype.categories)
        shifted = codes.astype(np.intp)
        if codes.size and int(codes.min()) < 0:  # missing: a group of its own, last
            shifted[codes < 0] = width

        def categories(seen: IntArray) -> KeyColumns:
            codes = np.where(seen == width, -1, seen)
            return {name: pd.Categorical.from_codes(codes, dtype=dtype)}

        return Grouping.over_range(shifted, width + 1, categories)
    if not isinstance(dtype, np.dtype) or dtype.kind not in "iu" or not len(values):
        return None
    array = values.to_numpy()
    low, high = int(array.min()), int(array.max())
    span = high - low + 1
    if span > _DENSE_SPAN_PER_ROW * len(array) + 1024:
        return None
    if dtype.kind == "u":  # values - low lies in 0 .. span - 1: no wrap-around
        slots = (array - dtype.type(low) if low else array).astype(np.intp, copy=False)
        start: Any = dtype.type(low)

        def unsigned(seen: IntArray) -> KeyColumns:
            return {name: seen.astype(dtype) + start}

        return Grouping.over_range(slots, span, unsigned)
    shifted = array.astype(np.intp, copy=False)

    def signed(seen: IntArray) -> KeyColumns:
        return {name: (seen + low).astype(dtype)}

    return Grouping.over_range(shifted - low if low else shifted, span, signed)


def grouping(data: pd.DataFrame, by: By) -> Grouping:
    """The groups of ``data``'s rows by the ``by`` columns (checked: ArgumentError)."""
    keys = by_columns(data, by)
    if len(keys) == 1:
        counted = _counted_groups(data[keys[0]])
        if counted is not None:
            return counted
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
