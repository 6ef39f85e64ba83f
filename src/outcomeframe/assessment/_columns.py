"""The assessment table's columns while it is built: arrays by name, one frame at the end.

Each column set, read or selected on a DataFrame costs tens of microseconds of
pandas bookkeeping; the table has about 60 columns and a small assessment is
mostly that bookkeeping. :class:`_Columns` holds the columns as arrays by name,
hands each out as a Series when a step reads it, and builds the DataFrame once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__: list[str] = []


def _values(column: Any) -> Any:
    """The array behind a column: an extension array, or a numpy array."""
    if isinstance(column, pd.Series):
        dtype = column.dtype
        return (
            column.array
            if isinstance(dtype, pd.api.extensions.ExtensionDtype)
            else column.to_numpy()
        )
    return column


class _Columns:
    """Columns of equal length by name, read as Series that share one index.

    Reads and writes like the few DataFrame operations the assessment steps use
    (``table[name]``, ``table[name] = values``, ``name in table.columns``,
    ``len(table)``, ``table.index``); :meth:`frame` builds the DataFrame.
    """

    def __init__(self, columns: Mapping[str, Any], index: pd.Index[Any]) -> None:
        self._arrays: dict[str, Any] = {name: _values(c) for name, c in columns.items()}
        self._series: dict[str, pd.Series[Any]] = {}
        self.index = index

    @classmethod
    def taken(cls, columns: Mapping[str, Any], rows: npt.NDArray[np.intp]) -> _Columns:
        """The ``rows`` of each column (positions), with a fresh range index."""
        return cls(
            {name: _values(c)[rows] for name, c in columns.items()}, pd.RangeIndex(len(rows))
        )

    def __len__(self) -> int:
        return len(self.index)

    @property
    def columns(self) -> list[str]:
        return list(self._arrays)

    def __contains__(self, name: object) -> bool:
        return name in self._arrays

    def __getitem__(self, name: str) -> pd.Series[Any]:
        if name not in self._series:
            values = self._arrays[name]
            self._series[name] = pd.Series(values, index=self.index, dtype=values.dtype, copy=False)
        return self._series[name]

    def __setitem__(self, name: str, values: Any) -> None:
        if (
            isinstance(values, pd.Series)
            and values.index is not self.index
            and not values.index.equals(self.index)
        ):  # pragma: no cover - every step keeps the index
            raise ValueError(f"column {name!r}: another index")
        self._arrays[name] = _values(values)
        self._series.pop(name, None)

    def update(self, more: Mapping[str, Any]) -> None:
        """Set every column of ``more`` (after these, in its order)."""
        for name, values in more.items():
            self[name] = values

    def drop(self, names: Iterable[str]) -> None:
        for name in names:
            del self._arrays[name]
            self._series.pop(name, None)

    def array(self, name: str) -> Any:
        """The array of column ``name`` (no Series built)."""
        return self._arrays[name]

    def selected(
        self, columns: Iterable[str], rows: npt.NDArray[np.bool_] | None = None
    ) -> _Columns:
        """These ``columns``, in this order; of ``rows`` only (a fresh range index) when given."""
        if rows is None:
            return _Columns({n: self._arrays[n] for n in columns}, self.index)
        index = pd.RangeIndex(int(np.count_nonzero(rows)))
        return _Columns({n: self._arrays[n][rows] for n in columns}, index)

    def frame(self) -> pd.DataFrame:
        """The DataFrame of these columns, built once."""
        index = self.index
        return pd.DataFrame(
            {n: _kept_as_is(a, index) for n, a in self._arrays.items()}, index=index
        )


def _kept_as_is(values: Any, index: pd.Index[Any]) -> Any:
    """``values`` as a frame column of their own dtype (pandas infers text from objects)."""
    if isinstance(values, np.ndarray) and values.dtype == object:
        return pd.Series(values, index=index, dtype=object, copy=False)
    return values
