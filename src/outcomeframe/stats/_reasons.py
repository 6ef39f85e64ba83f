"""Why a row has no result: the one ``reason`` vocabulary of the statistics (private).

Every statistics function reports a bad row (or group, or series) with a reason
instead of raising. The reasons are the members of
:class:`outcomeframe._vocabulary.Reason`; the ``reason`` column is always the
categorical :data:`REASON_DTYPE`, whose categories are :data:`REASONS` and the
same words with :data:`GROUP_SUFFIX` (a problem found in one row of a group or
series). Where several reasons apply to a row, the FIRST check in the function's
documented order wins: :func:`set_reason` never overwrites.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._vocabulary import Reason, labels

__all__ = [
    "CODE_DTYPE",
    "GROUP_SUFFIX",
    "NO_REASON",
    "OUT_OF_RANGE",
    "REASONS",
    "REASON_DTYPE",
    "Codes",
    "Reasons",
    "clean_counts",
    "count_checks",
    "first_reasons",
    "reason_column",
    "row_reasons",
    "set_reason",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
#: The dtype of reason codes: group codes reach ``2 * len(REASONS) - 1``, beyond int8.
CODE_DTYPE = np.int16
Codes = npt.NDArray[np.int16]

#: Why a row (or group) has no value. One categorical vocabulary for every function,
#: so results of different functions concatenate cleanly. When a group's rows have
#: several problems, the earliest entry wins (:meth:`Grouping.reduce`).
REASONS: tuple[str, ...] = labels(Reason)
#: The reason given when valid inputs give a value or limit beyond float64.
OUT_OF_RANGE: str = Reason.OUT_OF_RANGE.value
#: Row problems reported for a group carry a suffix, so a reader knows the group's
#: total itself may look fine.
GROUP_SUFFIX = " (in a row of the group)"
#: The dtype of every ``reason`` column.
REASON_DTYPE = pd.CategoricalDtype([*REASONS, *(r + GROUP_SUFFIX for r in REASONS)])
_CODE = {reason: CODE_DTYPE(i) for i, reason in enumerate(REASONS)}
#: The code of "no reason" (the row has its result).
NO_REASON = CODE_DTYPE(-1)


def no_reasons(n: int) -> Codes:
    """Reason codes of ``n`` rows that have no reason yet (all :data:`NO_REASON`)."""
    return np.full(n, NO_REASON, dtype=CODE_DTYPE)


def reason_column(codes: Codes) -> pd.Categorical:
    """The ``reason`` column from codes into :data:`REASON_DTYPE` (-1: no reason)."""
    return pd.Categorical.from_codes(codes, dtype=REASON_DTYPE)


def set_reason(codes: Codes, mask: BoolArray, reason: Reason | str) -> None:
    """Record ``reason`` where ``mask`` holds and no reason is recorded yet (first wins)."""
    codes[mask & (codes < 0)] = _CODE[reason]


def first_reasons(n: int, checks: Sequence[tuple[BoolArray, Reason]]) -> Codes:
    """Reason codes of ``n`` rows from ``(mask, reason)`` checks in order: the first wins."""
    codes = no_reasons(n)
    for mask, reason in checks:
        set_reason(codes, mask, reason)
    return codes


class Reasons:
    """Accumulate per-row reason codes; the first reason recorded for a row wins.

    Used only on rows already known to be bad, so the common all-good path costs
    a single combined mask.
    """

    def __init__(self, n: int) -> None:
        self.codes: Codes = no_reasons(n)

    def add(self, mask: BoolArray, reason: Reason | str) -> None:
        """Record ``reason`` for rows in ``mask`` that have no reason yet."""
        set_reason(self.codes, mask, reason)


def row_reasons(
    ok: BoolArray,
    checks: Callable[[npt.NDArray[np.intp], Reasons], None],
) -> Codes:
    """Reason codes per row: -1 where ``ok``; ``checks`` classifies the other rows.

    ``checks(idx, reasons)`` receives the positions of the bad rows and a
    :class:`Reasons` sized to them.
    """
    codes = no_reasons(len(ok))
    if ok.all():
        return codes
    idx = np.flatnonzero(~ok)
    sub = Reasons(len(idx))
    checks(idx, sub)
    codes[idx] = sub.codes
    return codes


def count_checks(
    x: FloatArray, n: FloatArray, *, zero_ok: bool, of: str = "denominator", at_most: bool = False
) -> Callable[[npt.NDArray[np.intp], Reasons], None]:
    """Row checks shared by the count-based methods (proportion, rate, ISR).

    ``of`` names what the count is divided by ("denominator" or "expected count");
    ``at_most`` adds "count exceeds denominator" (proportions). Order: count
    missing, divisor missing, count negative, divisor negative, divisor zero,
    count exceeds denominator.
    """
    expected = of == "expected count"
    missing = Reason.EXPECTED_MISSING if expected else Reason.DENOMINATOR_MISSING
    negative = Reason.EXPECTED_NEGATIVE if expected else Reason.DENOMINATOR_NEGATIVE
    zero = Reason.EXPECTED_ZERO if expected else Reason.DENOMINATOR_ZERO

    def checks(idx: npt.NDArray[np.intp], reasons: Reasons) -> None:
        xs, ns = x[idx], n[idx]
        reasons.add(~np.isfinite(xs), Reason.COUNT_MISSING)
        reasons.add(~np.isfinite(ns), missing)
        reasons.add(xs < 0, Reason.COUNT_NEGATIVE)
        reasons.add(ns < 0, negative)
        if not zero_ok:
            reasons.add(ns == 0, zero)
        if at_most:
            reasons.add(xs > ns, Reason.COUNT_EXCEEDS_DENOMINATOR)

    return checks


#: Rows checked at a time by :func:`clean_counts`: a block read once stays in cache.
_BLOCK = 1 << 16


def clean_counts(
    x: FloatArray, n: FloatArray, *, positive: bool, at_most: bool = False
) -> float | None:
    """The largest denominator when every row passes the count checks, else None.

    Counts finite and not negative; denominators finite and not negative (above zero
    when ``positive``); with ``at_most``, counts at most their denominators. Found with
    a few reductions a block of rows at a time (each block read from memory once, no
    mask of the rows; NaN fails every comparison), so clean input costs about one read;
    None sends the caller to the row-by-row checks of :func:`count_checks`.
    """
    if not x.size:
        return None
    largest = -np.inf
    for start in range(0, len(x), _BLOCK):  # a few blocks per million rows
        stop = start + _BLOCK
        high = _clean_block(x[start:stop], n[start:stop], positive=positive, at_most=at_most)
        if high is None:
            return None
        largest = max(largest, high)
    return largest


def _clean_block(x: FloatArray, n: FloatArray, *, positive: bool, at_most: bool) -> float | None:
    """:func:`clean_counts` of one block of rows."""
    with np.errstate(invalid="ignore"):
        high = float(np.max(n))
        if not high < np.inf or not float(np.min(x)) >= 0.0:
            return None
        if at_most:  # 0 <= x <= n < inf: x is finite and n not negative
            if not bool(np.less_equal(x, n).all()):
                return None
            return high if not positive or float(np.min(n)) > 0.0 else None
        low = float(np.min(n))
        if not (low > 0.0 if positive else low >= 0.0):
            return None
        return high if float(np.max(x)) < np.inf else None
