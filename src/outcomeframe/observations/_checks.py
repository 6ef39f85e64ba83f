"""The checks of an observation table's columns and numbers, and the reasons they give."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import DataError
from outcomeframe._suggest import did_you_mean
from outcomeframe.observations._cells import _numbers, _quote, _text_codes
from outcomeframe.observations._columns import (
    _LIMIT_PAIRS,
    _TOLERANCE,
    OBSERVATION_COLUMNS,
    REQUIRED_COLUMNS,
)

__all__ = []


def _check_columns(frame: pd.DataFrame) -> None:
    found = [str(c) for c in frame.columns]
    problems = []
    for column in REQUIRED_COLUMNS:
        if column not in frame.columns:
            problems.append(_missing(column, found))
    has_value = "value" in frame.columns
    has_counts = "count" in frame.columns and "denominator" in frame.columns
    if not has_value and not has_counts:
        for column in ("value", "count", "denominator"):
            if column not in frame.columns:
                problems.append(_missing(column, found, "(need value, or count and denominator)"))
    if ("breakdown_type" in frame.columns) != ("breakdown" in frame.columns):
        absent = "breakdown" if "breakdown_type" in frame.columns else "breakdown_type"
        problems.append(_missing(absent, found, "(breakdown_type and breakdown come together)"))
    if problems:
        message = "; ".join(problems)
        listed = ", ".join(repr(c) for c in found) or "none"
        raise DataError(f"{message}; columns found: {listed}", problems=problems)


def _missing(column: str, found: Sequence[str], why: str = "") -> str:
    # only a column that plays no role yet can be the one missing ("indicator" is taken)
    free = [c for c in found if c not in OBSERVATION_COLUMNS]
    hint = did_you_mean(column, free)
    return f"missing required column {column!r}{hint}" + (f" {why}" if why else "")


def _period_hints(frame: pd.DataFrame) -> tuple[npt.NDArray[np.intp], list[str]] | None:
    """Each row's code into the distinct period-type hints (-1: none), and those hints.

    A hint is the ``period_type`` cell in lower case; "academic" where ``period_start``
    falls in September. None when the frame has neither column.
    """
    if "period_type" not in frame.columns and "period_start" not in frame.columns:
        return None
    codes = np.full(len(frame), -1, dtype=np.intp)
    hints: list[str] = []
    if "period_type" in frame.columns:
        given, texts, _ = _text_codes(frame["period_type"])
        if all(t.isascii() for t in texts):
            lowered = [t.lower() for t in texts]
        else:  # pandas' lower case, as the column would be given it
            lowered = pd.Index(texts, dtype="str").str.lower().tolist()
        position: dict[str, int] = {}
        remap = np.full(len(texts) + 1, -1, dtype=np.intp)
        for i, t in enumerate(lowered):
            remap[i] = position.setdefault(t, len(position))
        codes, hints = remap[given], list(position)
    if "period_start" in frame.columns:
        start = pd.to_datetime(frame["period_start"], errors="coerce")
        september = (start.dt.month == 9).fillna(False).astype(bool).to_numpy()
        if september.any():
            if "academic" not in hints:
                hints.append("academic")
            codes = np.where(september, hints.index("academic"), codes)
    return codes, hints


def _check_numbers(out: Mapping[str, Any], reasons: _Reasons, given: pd.DataFrame) -> None:
    """Negative counts and denominators; values outside their limits, limits crossed."""
    for column in ("count", "denominator"):
        if column not in given.columns:
            continue
        negative = out[column] < 0
        reasons.add(negative, lambda c=column, m=negative: _quote(c, given[c], m, "is negative"))
    value = out["value"]
    for low, high in _LIMIT_PAIRS:
        if "value" not in given.columns or (low not in given.columns and high not in given.columns):
            continue  # nothing given to compare: skip millions of comparisons with NaN
        lower, upper = out[low], out[high]
        slack = _TOLERANCE * np.maximum(1.0, np.abs(value))
        crossed = lower > upper + slack
        below = (value < lower - slack) & ~crossed
        above = (value > upper + slack) & ~crossed
        # published figures are rounded: outside only by their printed precision is inside
        if crossed.any():
            crossed &= ~_within_print(given, crossed, low, high)
        if below.any():
            below &= ~_within_print(given, below, "value", low)
        if above.any():
            above &= ~_within_print(given, above, "value", high)
        reasons.add(crossed, f"{low} is above {high}")
        reasons.add(below, f"value is below {low}")
        reasons.add(above, f"value is above {high}")


def _within_print(given: pd.DataFrame, mask: pd.Series[Any], first: str, second: str) -> Any:
    """Rows of ``mask`` whose two columns differ by no more than their printed precision.

    Half a unit in the last printed decimal of each cell, summed: 15.6 and 15.59
    are within 0.055 of each other. Only the few flagged rows are parsed; cells
    given as numbers (not text) have no printed precision.
    """
    rows = np.asarray(mask, dtype=bool)
    result = np.zeros(len(mask), dtype=bool)
    if first not in given.columns or second not in given.columns:
        return result
    a, b = given[first][rows], given[second][rows]
    if pd.api.types.is_numeric_dtype(a.dtype) or pd.api.types.is_numeric_dtype(b.dtype):
        return result
    numbers = [_numbers(x)[0].to_numpy() for x in (a, b)]
    slack = _half_unit(a) + _half_unit(b)
    result[rows] = np.abs(numbers[0] - numbers[1]) <= slack * (1 + 1e-9)
    return result


def _half_unit(text: pd.Series[Any]) -> npt.NDArray[np.float64]:
    """Half a unit in the last printed digit of each cell ("15.6" -> 0.05, "1.2e-3" -> 5e-5)."""
    parts = (
        text.astype("str").str.strip().str.extract(r"^[+-]?[\d,]*(?:\.(\d*))?(?:[eE]([+-]?\d+))?$")
    )
    decimals = parts[0].str.len().fillna(0).to_numpy(dtype=float)
    exponent = pd.to_numeric(parts[1], errors="coerce").fillna(0).to_numpy(dtype=float)
    return np.asarray(0.5 * 10.0 ** (exponent - decimals), dtype=np.float64)


#: The longest reason kept whole; a longer one (quoting a huge cell) keeps its two ends.
_LONGEST = 400


def _cut(text: str) -> str:
    """The start and the end of a long reason, with how much was left out between them."""
    head, tail = text[:240], text[-120:]
    return f"{head} ... [{len(text) - 360:,} characters left out] ... {tail}"


class _Reasons:
    """Accumulate per-row problem text with vectorised masks (one loop per check).

    Only the rows with a problem hold text, so a clean national-scale table costs
    one boolean array.
    """

    def __init__(self, index: pd.Index[Any]) -> None:
        self.index = index
        self.bad = np.zeros(len(index), dtype=bool)
        #: rows set aside that are no error (exact copies of a kept row)
        self.harmless = np.zeros(len(index), dtype=bool)
        self._parts: list[tuple[npt.NDArray[np.intp], npt.NDArray[Any]]] = []

    def add(self, mask: pd.Series[Any] | Any, message: Any) -> None:
        flags = np.asarray(mask, dtype=bool)
        if not flags.any():
            return
        positions = np.flatnonzero(flags)
        if callable(message):
            message = message()
        if isinstance(message, pd.Series):
            texts = message.reindex(self.index).to_numpy(dtype=object)[positions]
        elif isinstance(message, np.ndarray):  # one message per row, by position
            texts = message[positions].astype(object)
        else:
            texts = np.full(positions.size, message, dtype=object)
        long = np.fromiter((len(str(t)) > _LONGEST for t in texts), dtype=bool, count=texts.size)
        if long.any():  # a reason quoting a huge cell: its start and end, not all of it
            texts[long] = [_cut(str(t)) for t in texts[long]]
        self._parts.append((positions, texts))
        self.bad[positions] = True

    def ok(self) -> pd.Series[Any]:
        return pd.Series(~self.bad, index=self.index)

    @property
    def text(self) -> pd.Series[Any]:
        """The problems of each bad row, joined with "; " in the order they were found."""
        if not self._parts:
            return pd.Series([], index=self.index[:0], dtype="str")
        positions = np.concatenate([p for p, _ in self._parts])
        texts = np.concatenate([t for _, t in self._parts])
        order = np.argsort(positions, kind="stable")
        at, texts = positions[order], texts[order]
        rows, first, count = np.unique(at, return_index=True, return_counts=True)
        joined = texts[first].astype(object)  # most rows have one problem: no join
        several = count > 1
        if several.any():  # joined in Python only for the rows with two or more
            part = np.repeat(several, count)
            grouped = pd.Series(texts[part].astype(str)).groupby(at[part], sort=True)
            joined[several] = grouped.agg("; ".join).to_numpy()
        return pd.Series(joined, index=self.index[rows], dtype="str")

    def problems(self, index_name: Hashable | None) -> list[str]:
        """One line per row with a problem (exact copies, which are harmless, left out)."""
        word = _row_word(index_name)
        text = self.text
        if self.harmless.any():
            text = text.loc[~text.index.isin(self.index[self.harmless])]
        return [f"{word} {i}: {t}" for i, t in text.items()]


def _row_word(name: Hashable | None) -> str:
    return "row" if name is None else str(name)
