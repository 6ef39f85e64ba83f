"""Deprivation ranks from the labels Fingertips gives its decile and quintile breakdowns."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError

__all__ = ["deprivation_rank", "parse_deprivation_label"]

_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_SIZES = {"decile": 10, "quintile": 5, "quartile": 4, "tertile": 3}
_WORD = "|".join(_ORDINALS)
_UNIT = "|".join(_SIZES)
#: "[Second] most|more|least|less deprived decile|quintile [(IMD2019)]"
_NAMED = re.compile(
    rf"^(?:(?P<ord>{_WORD})\s+)?(?P<side>most|more|least|less)\s+deprived\s+(?P<unit>{_UNIT})\b"
)
#: "Average deprived quintile", the middle of an odd number of groups.
_MIDDLE = re.compile(rf"^(?:average|middle|median)\s+(?:deprived\s+)?(?P<unit>{_UNIT})\b")
#: "1 - most deprived", "Decile 3", "Quintile 5 (least deprived)", "3".
_NUMBERED = re.compile(rf"^(?:(?P<unit>{_UNIT})\s*)?(?P<num>\d{{1,3}})\b")


def parse_deprivation_label(label: object) -> tuple[int, int] | None:
    """The rank (1 = most deprived) and the number of groups a label names, or None.

    Parameters
    ----------
    label : object
        One breakdown label, e.g. ``"Second most deprived decile (IMD2019)"``.

    Returns
    -------
    tuple of (int, int) or None
        ``(rank, groups)``; ``groups`` is 0 when the label says only a number
        (``"3"``, ``"Decile 3"`` gives 10). None when the label is not a
        deprivation group.

    Examples
    --------
    >>> from outcomeframe.stats import parse_deprivation_label
    >>> parse_deprivation_label("Most deprived decile (IMD2019)")
    (1, 10)
    >>> parse_deprivation_label("Fourth less deprived decile")
    (7, 10)
    >>> parse_deprivation_label("Average deprived quintile")
    (3, 5)
    >>> parse_deprivation_label("Persons") is None
    True
    """
    if not isinstance(label, str):
        return None
    text = " ".join(label.strip().lower().split())
    named = _NAMED.match(text)
    if named:
        size = _SIZES[named["unit"]]
        k = _ORDINALS[named["ord"]] if named["ord"] else 1
        if k > size:
            return None
        return (k, size) if named["side"] in ("most", "more") else (size + 1 - k, size)
    middle = _MIDDLE.match(text)
    if middle:
        size = _SIZES[middle["unit"]]
        return ((size + 1) // 2, size) if size % 2 else None
    numbered = _NUMBERED.match(text)
    if numbered:
        number = int(numbered["num"])
        size = _SIZES[numbered["unit"]] if numbered["unit"] else 0
        if number < 1 or (size and number > size):
            return None
        return number, size
    return None


def _label(cell: Any) -> Any:
    """A cell as a label to read: ``None`` for one that cannot be (a list, an array)."""
    try:
        hash(cell)
    except TypeError:
        return None
    return cell


def deprivation_rank(labels: Any) -> pd.Series:
    """Ranks 1 (most deprived) .. n (least deprived) of deprivation-group labels.

    Reads Fingertips' decile and quintile breakdown labels ("Most deprived decile
    (IMD2019)", "Second most deprived decile", "Third more deprived decile", ...,
    "Fifth less deprived decile", ..., "Least deprived decile"; "Most deprived
    quintile", ..., "Average deprived quintile", ..., "Least deprived quintile"),
    and numbered labels ("1", "Decile 3", "10 - least deprived"). Each distinct
    label is parsed once, so a column of millions of rows costs as much as its
    distinct labels.

    Parameters
    ----------
    labels : array_like or pandas.Series
        The breakdown labels.

    Returns
    -------
    pandas.Series
        Nullable integer ranks (``Int64``), missing where a label is not a
        deprivation group; indexed like ``labels`` when it is a Series.

    Raises
    ------
    ArgumentError
        When ``labels`` is not one-dimensional.

    Examples
    --------
    >>> from outcomeframe.stats import deprivation_rank
    >>> deprivation_rank(["Least deprived quintile", "Most deprived quintile",
    ...                   "Second most deprived decile (IMD2019)", "Total"]).tolist()
    [5, 1, 2, <NA>]
    """
    if not isinstance(labels, pd.Series):
        given = np.asarray(labels, dtype=object) if not isinstance(labels, str) else None
        if given is None or given.ndim != 1:
            raise ArgumentError("labels: expected one label per row (a 1-D array or Series)")
        labels = pd.Series(given)
    try:
        codes, uniques = pd.factorize(labels, use_na_sentinel=True)
    except TypeError:  # a list or array in a cell: no label
        codes, uniques = pd.factorize(labels.map(_label), use_na_sentinel=True)
    parsed = [parse_deprivation_label(u) for u in uniques]  # one per distinct label
    table = np.array([p[0] if p else -1 for p in parsed] + [-1], dtype=np.int64)
    ranks = table[np.asarray(codes, dtype=np.intp)]
    out = pd.array(np.where(ranks > 0, ranks, 0), dtype="Int64")
    out[ranks <= 0] = pd.NA
    return pd.Series(out, index=labels.index, name="rank")
