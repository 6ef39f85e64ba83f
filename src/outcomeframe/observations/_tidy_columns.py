"""The steps of :func:`~outcomeframe.observations.tidy_observations` that build its columns.

Each step reads some columns of the input ``frame`` into ``out`` and gives every row
it cannot use a reason (on ``reasons``): whole cells, the key, the period, the
descriptive text and the numbers, then any other column unchanged.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from outcomeframe.observations._cells import (
    NOT_ONE_VALUE,
    _not_a_number,
    _number_values,
    _optional_text,
    _pairs,
    _quote,
    _text_codes,
    _text_missing,
    _unhashable,
)
from outcomeframe.observations._checks import _check_numbers, _period_hints, _Reasons
from outcomeframe.observations._columns import (
    _TEXT_COLUMNS,
    EXTRA_FIELDS,
    NUMBER_COLUMNS,
    OBSERVATION_COLUMNS,
    OPTIONAL_KEY_COLUMNS,
    TOTAL,
)
from outcomeframe.observations._periods import _period_columns as _spread_periods

__all__: list[str] = []


def _whole_cells(data: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, _Reasons]:
    """Rows with a list, dict or set in a cell, or more fields than the header, are bad.

    Returns the data as rejected rows show them (such cells blanked), the frame read on
    (without the extra fields' column) and the reasons so far.
    """
    data, odd_cells = _unhashable(data)
    frame = data
    reasons = _Reasons(frame.index)
    for column, odd in odd_cells.items():
        reasons.add(odd, f"{column} {NOT_ONE_VALUE}")
    if EXTRA_FIELDS in frame.columns:
        long = frame[EXTRA_FIELDS].notna()
        reasons.add(
            long,
            lambda m=long: (
                "the line has more fields than the header (extra: "
                + frame.loc[m, EXTRA_FIELDS].astype("str").map(repr)
                + ")"
            ),
        )
        frame = frame.drop(columns=EXTRA_FIELDS)
    return data, frame, reasons


#: The columns of the result as they are built: name -> Series or array (one per row).
Columns = dict[str, Any]


def _key_columns(
    frame: pd.DataFrame, out: Columns, reasons: _Reasons, *, categorical: bool
) -> None:
    """The key's text columns; without breakdown columns, every row is the Total."""
    for column in ("indicator", "area_code"):
        out[column], blank = _text_missing(frame[column], categorical=categorical)
        reasons.add(blank, f"{column} is blank")
        given = frame[column]
        if pd.api.types.is_float_dtype(given.dtype):  # inf, or 1e20 printed as 1e+20
            odd = given.notna() & ~(np.isfinite(given) & (given.abs() < 2**53))
            reasons.add(odd, lambda c=column, m=odd: _quote(c, frame[c], m, "is not an id"))
    for column in OPTIONAL_KEY_COLUMNS:  # missing = not stated
        out[column] = _optional_text(frame, column, categorical=categorical)
    if "breakdown_type" in frame.columns:
        for column in ("breakdown_type", "breakdown"):
            out[column], blank = _text_missing(frame[column], categorical=categorical)
            reasons.add(blank, f"{column} is blank")
        return
    for column, total in zip(("breakdown_type", "breakdown"), TOTAL, strict=True):
        if categorical:
            out[column] = pd.Categorical.from_codes(
                np.zeros(len(frame), dtype=np.int8), categories=pd.Index([total], dtype="str")
            )
        else:
            out[column] = pd.Series(total, index=frame.index, dtype="str")


def _period_columns(
    frame: pd.DataFrame, out: Columns, reasons: _Reasons, *, categorical: bool
) -> dict[str, Any]:
    """The canonical ``period``; the parsed periods (start, end, type) for later columns.

    Each distinct (label, hint) is parsed once: without hints, the labels in sorted
    order (a missing label last); with them, the pairs in order of first appearance.
    """
    label_codes, labels, _ = _text_codes(frame["period"])
    hints = _period_hints(frame)
    if hints is None:
        order = sorted(range(len(labels)), key=labels.__getitem__)
        remap = np.full(len(labels) + 1, len(labels), dtype=np.intp)  # missing: the last slot
        remap[order] = np.arange(len(order))
        codes = remap[label_codes]
        distinct: list[tuple[Any, Any]] = [(labels[i], None) for i in order]
        if (label_codes < 0).any():
            distinct.append((None, None))
    else:
        hint_codes, hint_texts = hints
        codes, first = _pairs(label_codes, len(labels), hint_codes, len(hint_texts))
        names, kinds = [*labels, None], [*hint_texts, None]
        distinct = [(names[label_codes[i]], kinds[hint_codes[i]]) for i in first]
    periods, bad = _spread_periods(distinct, codes, categorical=categorical)
    if bad:
        per_label = np.full(len(distinct), None, dtype=object)
        per_label[list(bad)] = list(bad.values())
        messages = per_label[codes]
        reasons.add(pd.notna(messages), messages)
    out["period"] = periods["period"]
    return periods


def _descriptive_columns(
    frame: pd.DataFrame,
    out: Columns,
    periods: dict[str, Any],
    source: str | None,
    *,
    categorical: bool,
) -> None:
    """Names, notes and the source (filled from ``source``), then the period's dates."""
    for column in _TEXT_COLUMNS:
        out[column] = _optional_text(frame, column, categorical=categorical)
    if source is not None:
        if categorical:
            out["source"] = out["source"].cat.add_categories([source]).fillna(source)
        else:
            out["source"] = out["source"].fillna(source)
    for column in ("period_start", "period_end", "period_type"):
        out[column] = periods[column]


def _number_columns(frame: pd.DataFrame, out: Columns, reasons: _Reasons) -> None:
    """Every number column read by one rule, then checked together."""
    for column in NUMBER_COLUMNS:
        if column in frame.columns:
            numbers, junk = _number_values(
                frame[column], percent=column not in ("count", "denominator")
            )
            reasons.add(junk, lambda c=column, j=junk: _not_a_number(c, frame[c], j))
            infinite = np.isinf(numbers)
            reasons.add(infinite, f"{column} is infinite")
            out[column] = np.where(infinite, np.nan, numbers)
        else:
            out[column] = np.full(len(frame), np.nan)
    _check_numbers(out, reasons, frame)


def _with_extras(frame: pd.DataFrame, out: Columns) -> pd.DataFrame:
    """The observation columns in order, then any other input column, unchanged."""
    columns = {c: out[c] for c in OBSERVATION_COLUMNS}
    columns.update((c, frame[c]) for c in frame.columns if c not in OBSERVATION_COLUMNS)
    return pd.DataFrame(columns, index=frame.index)
