"""Numbering distinct codes in linear time: the one implementation (private leaf).

Grouping rows, sorting a long table into series and finding repeated keys all
turn key columns into small integers and then number the distinct ones
``0 .. k-1`` in value order. These two helpers do that once for everyone: a
counting pass when the codes span a range not much wider than the rows, a sort
otherwise. A leaf module like :mod:`outcomeframe._errors`: it imports nothing
from the package, so every layer may use it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["dense_codes", "grid_codes"]

IntArray = npt.NDArray[np.intp]


def _countable(span: int, n: int) -> bool:
    """Whether a counting pass over ``span`` slots costs about as much as ``n`` rows."""
    return span <= 16 * n + (1 << 20)


def dense_codes(
    codes: npt.NDArray[np.integer], span: int | None = None
) -> tuple[IntArray, IntArray]:
    """Number the distinct codes ``0 .. k-1`` in value order; -1 (missing) stays -1.

    Parameters
    ----------
    codes : array of int
        Codes in ``0 .. span - 1``, or -1 for missing.
    span : int, optional
        One more than the largest possible code (default: from the codes).

    Returns
    -------
    codes, seen : arrays of intp
        The dense codes, and the original code of each dense code (sorted).

    Examples
    --------
    >>> import numpy as np
    >>> from outcomeframe._codes import dense_codes
    >>> dense, seen = dense_codes(np.array([7, 2, -1, 7, 4]))
    >>> dense.tolist(), seen.tolist()
    ([2, 0, -1, 2, 1], [2, 4, 7])
    """
    raw = np.asarray(codes)
    n = len(raw)
    if span is None:
        span = int(raw.max()) + 1 if n else 0
    any_missing = bool(n) and int(raw.min()) < 0  # one reduction; the mask only if needed
    missing = raw < 0 if any_missing else None
    if not _countable(span, n):
        dense, uniques = pd.factorize(raw, sort=True, use_na_sentinel=True)
        if missing is not None:  # -1 was factorised like any value: it sorts first
            dense = np.where(missing, -1, dense - 1)
            uniques = uniques[1:]
        return np.asarray(dense, dtype=np.intp), np.asarray(uniques, dtype=np.intp)
    present = np.zeros(span, dtype=bool)
    present[raw if missing is None else raw[~missing]] = True
    if present.all():  # every code in use: the codes are already dense
        return raw.astype(np.intp, copy=False), np.arange(span, dtype=np.intp)
    rank = np.cumsum(present, dtype=np.intp) - 1
    if any_missing:
        rank = np.append(rank, -1)  # code -1 picks the appended -1
    return rank[raw], np.flatnonzero(present).astype(np.intp)


def grid_codes(
    codes: Sequence[npt.NDArray[np.integer]], sizes: Sequence[int]
) -> tuple[npt.NDArray[np.int64], int]:
    """One code per row for a combination of columns' codes: its row-major grid cell.

    ``codes[j]`` are column ``j``'s codes in ``0 .. sizes[j] - 1``, or -1 for
    missing, which gets a slot of its own after the others (only in a column
    that has a missing code). Returns the combined codes and the grid's size.

    Examples
    --------
    >>> import numpy as np
    >>> from outcomeframe._codes import grid_codes
    >>> cell, size = grid_codes([np.array([0, 1, 1]), np.array([2, -1, 0])], [2, 3])
    >>> cell.tolist(), size
    ([2, 7, 4], 8)
    """
    n = len(codes[0]) if codes else 0
    combined = np.zeros(n, dtype=np.int64)
    size = 1
    for given, categories in zip(codes, sizes, strict=True):
        missing = given < 0
        has_missing = bool(n) and bool(missing.any())
        width = max(categories + has_missing, 1)
        combined *= width
        combined += np.where(missing, categories, given) if has_missing else given
        size *= width
    return combined, size
