"""Rows that share a key: exact copies and conflicts, and the reasons counted by kind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._checks import need_frame
from outcomeframe._errors import LISTED
from outcomeframe.observations._columns import (
    CONFLICT,
    EXACT_COPY,
    KEY_COLUMNS,
    NUMBER_COLUMNS,
    SAME_NUMBERS,
)

__all__ = ["reason_counts"]


def reason_counts(rejected: pd.DataFrame) -> pd.DataFrame:
    """The rows set aside, counted by kind of reason: one line per kind, not per row.

    Line and row numbers are taken out of each reason ("exact copy of line …"), so
    the 12,840 rows of an indicator that the framework does not define count as one
    kind with the number of rows.

    Parameters
    ----------
    rejected : pandas.DataFrame
        ``ObservationTable.rejected`` or ``Assessment.rejected`` (a ``reason`` column).

    Returns
    -------
    pandas.DataFrame
        ``reason``, ``rows`` and ``first`` (the index label of the first such row),
        most frequent first.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe import reason_counts, tidy_observations
    >>> raw = pd.DataFrame({"indicator": ["a"] * 3, "area_code": ["E1", "E2", "E3"],
    ...                     "period": ["2019"] * 3, "value": ["1", "n/a", "?"]})
    >>> raw = pd.concat([raw, raw.iloc[:1]], ignore_index=True)
    >>> print(reason_counts(tidy_observations(raw, errors="report").rejected).to_string())
                        reason  rows  first
    0  value '…' is not a number     2      1
    1         exact copy of row …     1      3
    """
    need_frame(rejected, "rejected", ["reason"], what="a table of rows set aside")
    text = rejected["reason"].astype("str")
    text = text.str.replace(r" \(and (?:line|row) \d+ repeats \d+\)", "", regex=True)
    text = text.str.replace(r"\b(lines?|rows?) \d+(?:, \d+)*", r"\1 …", regex=True)
    text = text.str.replace(r"'[^']*' is not a number", "'…' is not a number", regex=True)
    kinds = pd.DataFrame({"reason": text.to_numpy(), "label": rejected.index.to_numpy()})
    counted = kinds.groupby("reason", sort=False).agg(
        rows=("label", "size"), first=("label", "first")
    )
    counted = counted.sort_values("rows", ascending=False, kind="stable").reset_index()
    return counted


def _repeats(tidy: pd.DataFrame, raw: pd.DataFrame, word: str) -> pd.Series[Any]:
    """The reason for each row of a repeated key: a copy, the same numbers, or a conflict.

    ``tidy`` and ``raw`` hold only the rows whose key another row shares (same index):
    ``tidy`` for the key, ``raw`` for the row as given. A row equal in every given
    column to an earlier one is an exact copy of it (the earlier row is kept, unless
    it conflicts with a third). When the rows left for a key agree on every number
    (:data:`NUMBER_COLUMNS`) and differ only in what describes them (an area type,
    a parent area, a name, a flag: one observation published in two lists), the
    first is kept and the others are set aside with the columns they differ in.
    Otherwise the rows of the key all conflict: their reason names the rows and the
    columns that differ.
    """
    labels = pd.Series(raw.index.astype("str"), index=raw.index)
    text = raw.astype("str").fillna("\x00")
    columns = list(text.columns)
    signature = text.groupby(columns, sort=False, dropna=False).ngroup()
    first = labels.groupby(signature.to_numpy(), sort=False).transform("first")
    copy = labels != first
    reasons: pd.Series[Any] = pd.Series(np.nan, index=raw.index, dtype="object")
    reasons[copy] = EXACT_COPY + f" {word} " + first[copy]
    kept = ~copy
    key = tidy.loc[kept, list(KEY_COLUMNS)].astype("str").fillna("\x00")
    group = key.groupby(list(KEY_COLUMNS), sort=False, dropna=False).ngroup().to_numpy()
    size = np.bincount(group)
    clash = size[group] > 1
    if clash.any():
        rows = text.loc[kept].loc[clash]
        gid = group[clash]
        row_labels = labels.loc[kept].loc[clash]
        lines = _first_lines(row_labels, gid)
        differ = rows.groupby(gid).nunique(dropna=False) > 1  # noqa: PD101 - per group
        names = pd.Series("", index=differ.index, dtype="str")
        for column in differ.columns:  # one pass per column, vectorised over groups
            names = names.where(~differ[column], names + ", " + str(column))
        names = names.str.removeprefix(", ")
        numbers = [c for c in NUMBER_COLUMNS if c in differ.columns]
        in_conflict = differ[numbers].any(axis=1).reindex(gid).to_numpy(dtype=bool)
        lead = pd.Series(np.arange(len(gid))).groupby(gid, sort=False).transform("first")
        lead_at = lead.to_numpy()
        later = ~in_conflict & (lead_at != np.arange(len(gid)))
        if later.any():  # one observation given twice: the first row is kept
            cells = rows.to_numpy(dtype=object)
            unlike = cells[later] != cells[lead_at[later]]  # each row against the kept one
            which = pd.Series("", index=range(int(later.sum())), dtype="str")
            for j, column in enumerate(rows.columns):
                which = which.where(~unlike[:, j], which + ", " + str(column))
            kept_label = row_labels.to_numpy(dtype=object)[lead_at[later]]
            reasons[rows.index[later]] = (
                SAME_NUMBERS
                + f" {word} "
                + pd.Series(kept_label, dtype="str")
                + " (differs in "
                + which.str.removeprefix(", ")
                + ")"
            ).to_numpy()
        message = CONFLICT + f": {word}s " + lines + " differ in " + names
        reasons[rows.index[in_conflict]] = message.reindex(gid[in_conflict]).to_numpy()
        # an exact copy of a conflicting row is part of the conflict too
        of_conflict = copy.copy()
        if copy.any():  # only the copies need looking up
            conflicted = set(rows.index[in_conflict].astype("str"))
            of_conflict[copy] = first[copy].isin(conflicted)
        if of_conflict.any():
            by_first = pd.Series(reasons[rows.index].to_numpy(), index=rows.index.astype("str"))
            of_first = by_first.reindex(first[of_conflict]).to_numpy()
            reasons[of_conflict] = (
                pd.Series(of_first, index=labels[of_conflict].index, dtype="str")
                + f" (and {word} "
                + labels[of_conflict]
                + " repeats "
                + first[of_conflict]
                + ")"
            )
    return reasons.dropna().astype("str")


def _first_lines(labels: pd.Series[Any], group: npt.NDArray[np.integer[Any]]) -> pd.Series[Any]:
    """Per group, its first :data:`LISTED` labels joined, and how many more it has.

    A key given 80,000 times names ten of its lines in each row's reason, not all of
    them: listing all made every reason as long as the file (80,000 rows took 45 GB).
    """
    position = pd.Series(group).groupby(group, sort=False).cumcount().to_numpy()
    few = position < LISTED
    lines = labels[few].groupby(group[few], sort=False).agg(", ".join)
    more = pd.Series(group).value_counts(sort=False).reindex(lines.index) - LISTED
    counted = " and " + more.map("{:,}".format) + " more"
    return lines + counted.where(more > 0, "")


def _key_codes(frame: pd.DataFrame, columns: Sequence[str]) -> tuple[npt.NDArray[np.intp], int]:
    """One integer per row for the combination of categorical ``columns``, and their range.

    The combined code is the row-major position in the grid of all categories
    (with room for a missing code only in a column that has one).
    """
    codes = [frame[c].cat.codes.to_numpy() for c in columns]
    shift = [int(len(code) > 0 and code.min() < 0) for code in codes]
    dims = tuple(
        max(len(frame[c].cat.categories) + k, 1) for c, k in zip(columns, shift, strict=True)
    )
    key = np.ravel_multi_index(
        tuple(code + k if k else code for code, k in zip(codes, shift, strict=True)), dims
    )
    return np.asarray(key, dtype=np.intp), int(np.prod(dims, dtype=np.float64))


def _duplicated(frame: pd.DataFrame, *, categorical: bool) -> pd.Series[Any]:
    """Rows whose key another row shares (all copies marked)."""
    if not categorical:
        # one factorisation per column, combined pair by pair (a missing cell is a value):
        # DataFrame.duplicated does the same with four times the fixed cost
        key = np.zeros(len(frame), dtype=np.intp)
        for column in KEY_COLUMNS:
            codes, uniques = pd.factorize(frame[column].array, use_na_sentinel=True)
            key, _ = pd.factorize(key * (len(uniques) + 1) + codes + 1)
        return pd.Series(np.bincount(key)[key] > 1 if len(key) else key > 0, index=frame.index)
    n = len(frame)
    if n == 0:
        return pd.Series(np.zeros(0, dtype=bool), index=frame.index)
    dims = [len(frame[c].cat.categories) + 1 for c in KEY_COLUMNS]
    if np.prod(dims, dtype=np.float64) > 2**62:  # the grid's positions would overflow int64
        codes = pd.DataFrame({c: frame[c].cat.codes.to_numpy() for c in KEY_COLUMNS})
        return pd.Series(codes.duplicated(keep=False).to_numpy(), index=frame.index)
    key, space = _key_codes(frame, KEY_COLUMNS)
    if space > 16 * n + (1 << 20):  # a slot array costs about the space: hash instead
        return pd.Series(pd.Series(key).duplicated(keep=False).to_numpy(), index=frame.index)
    # a row is a copy when the last row written to its key's slot is another row
    position = np.arange(n, dtype=np.int32 if n < 2**31 else np.int64)
    last = np.empty(space, dtype=position.dtype)
    last[key] = position
    repeated = last[key] != position
    if repeated.any():  # mark every copy, the last one included
        shared = np.zeros(space, dtype=bool)
        shared[key[repeated]] = True
        repeated = shared[key]
    return pd.Series(repeated, index=frame.index)
