"""A column of period labels parsed at once, each distinct label (and hint) once.

:func:`parse_periods` is the public face; ``_parse_periods`` also returns each row's
problem, for the observation table and the record aggregation.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError, DataError, _shown
from outcomeframe._vocabulary import PeriodType
from outcomeframe.observations._cells import _text_array
from outcomeframe.observations._period_grammar import _kind_hint
from outcomeframe.observations._period_label import Period

__all__ = ["PERIOD_FRAME_COLUMNS", "parse_periods"]

#: Columns returned by :func:`parse_periods`, in order.
PERIOD_FRAME_COLUMNS: tuple[str, ...] = ("period", "period_start", "period_end", "period_type")


def parse_periods(
    labels: pd.Series[Any] | Any, kind: PeriodType | str | pd.Series[Any] | None = None
) -> pd.DataFrame:
    """Parse a column of period labels, each distinct label once.

    Parameters
    ----------
    labels : pandas.Series
        Period labels (text, or integer calendar years).
    kind : PeriodType, str or pandas.Series, optional
        Hint passed to :meth:`Period.parse`; a Series aligned with ``labels``
        gives one hint per row (missing hints mean none).

    Returns
    -------
    pandas.DataFrame
        Same index as ``labels``; columns ``period`` (canonical label, str),
        ``period_start`` and ``period_end`` (``datetime64[s]``) and ``period_type``
        (str, a :class:`PeriodType` value).

    Raises
    ------
    DataError
        Listing every label that cannot be parsed with the rows (index labels)
        where it occurs. A missing label is reported the same way.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.observations import parse_periods
    >>> parse_periods(pd.Series(["2018/19", "2017-19", "2018/19"]))
          period period_start period_end period_type
    0    2018/19   2018-04-01 2019-03-31   financial
    1  2017 - 19   2017-01-01 2019-12-31      pooled
    2    2018/19   2018-04-01 2019-03-31   financial
    >>> parse_periods(pd.Series(["2019", "soon", "soon"]))
    Traceback (most recent call last):
    ...
    outcomeframe.DataError: 1 period label could not be parsed
      - period 'soon' is not a recognised period label ... (rows 1, 2)
    """
    if isinstance(labels, pd.DataFrame) or np.ndim(labels) > 1:
        raise ArgumentError(
            f"labels: expected one column of period labels, got {type(labels).__name__} "
            f"of shape {np.shape(labels)}"
        )
    result, problems, _ = _parse_periods(pd.Series(labels), kind)
    if problems:
        n = len(problems)
        raise DataError(
            f"{n} period label{'s' if n != 1 else ''} could not be parsed", problems=problems
        )
    return result


def _parse_periods(
    labels: pd.Series[Any],
    kind: PeriodType | str | pd.Series[Any] | None,
    *,
    categorical: bool = False,
) -> tuple[pd.DataFrame, list[str], pd.Series[Any]]:
    """Parse labels.

    Returns the frame (missing where unparseable), one problem per bad label
    (with its rows), and the problem of each row (missing where fine). With
    ``categorical=True`` the ``period`` column is a categorical.
    """
    if isinstance(labels.dtype, pd.CategoricalDtype) and not isinstance(kind, pd.Series):
        codes, distinct = _distinct_categories(labels, kind)
    else:
        codes, distinct = _distinct_pairs(labels, kind)
    columns, bad = _period_columns(distinct, codes, categorical=categorical)
    result = pd.DataFrame(columns, index=labels.index)
    row_messages, problems = _problems(bad, len(distinct), codes, labels.index)
    return result, problems, row_messages


#: For each row, the code of its distinct (label, hint); and those pairs, in code order.
_Distinct = tuple[np.ndarray[Any, Any], list[tuple[Any, Any]]]


def _distinct_categories(labels: pd.Series[Any], kind: PeriodType | str | None) -> _Distinct:
    """The categories are the distinct labels: no factorising of the rows."""
    k = len(labels.cat.categories)
    raw = labels.cat.codes.to_numpy().astype(np.intp)
    raw = np.where(raw < 0, k, raw)  # a missing label takes the last slot
    used = np.flatnonzero(np.bincount(raw, minlength=k + 1) > 0)
    remap = np.full(k + 1, -1, dtype=np.intp)
    remap[used] = np.arange(len(used))
    values = [*labels.cat.categories, None]
    return remap[raw], [(values[u], _kind_hint(kind)) for u in used]


def _distinct_pairs(
    labels: pd.Series[Any], kind: PeriodType | str | pd.Series[Any] | None
) -> _Distinct:
    """The distinct (label, hint) pairs of the rows, with a row hint where one is given."""
    label_codes, _ = pd.factorize(labels, use_na_sentinel=False)
    if isinstance(kind, pd.Series):
        hints = kind.reindex(labels.index).astype("object")
        hints = hints.where(hints.notna() & (hints.astype("str").str.strip() != ""), None)
        hint_codes, hint_uniques = pd.factorize(hints.astype("str"), use_na_sentinel=False)
        codes, _ = pd.factorize(label_codes * (len(hint_uniques) + 1) + hint_codes)
    else:
        hints = pd.Series(_kind_hint(kind), index=labels.index[:0], dtype="object")
        codes = label_codes
    first = np.full(int(codes.max()) + 1 if len(codes) else 0, -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # first row of each code
    distinct = [
        (
            labels.iloc[position],
            hints.iloc[position] if isinstance(kind, pd.Series) else _kind_hint(kind),
        )
        for position in first
    ]
    return codes, distinct


def _period_columns(
    distinct: list[tuple[Any, Any]], codes: np.ndarray[Any, Any], *, categorical: bool
) -> tuple[dict[str, Any], dict[int, str]]:
    """The columns of :data:`PERIOD_FRAME_COLUMNS` for rows of ``codes`` into ``distinct``.

    Also each bad distinct label's message. ``codes`` are never negative.
    """
    labels, starts, ends, kinds, bad = _parse_distinct(distinct)
    return _spread(labels, starts, ends, kinds, codes, categorical=categorical), bad


def _parse_distinct(
    distinct: list[tuple[Any, Any]],
) -> tuple[list[Any], list[Any], list[Any], list[Any], dict[int, str]]:
    """One parse per distinct (label, hint): labels, starts, ends, kinds; bad ones' messages."""
    labels: list[Any] = []
    starts: list[Any] = []
    ends: list[Any] = []
    kinds: list[Any] = []
    bad: dict[int, str] = {}
    for i, (label, hint) in enumerate(distinct):
        try:
            if pd.isna(label):
                raise DataError("period is missing")
            p = Period.parse(label, kind=hint)
        except DataError as err:
            bad[i] = str(err).split("\n")[0]
            p = None
        except ArgumentError as err:
            bad[i] = f"period {_shown(label)}: {err}"
            p = None
        labels.append(None if p is None else p.label)
        starts.append(None if p is None else p.start)
        ends.append(None if p is None else p.end)
        kinds.append(None if p is None else p.kind.value)
    return labels, starts, ends, kinds, bad


def _spread(
    labels: list[Any],
    starts: list[Any],
    ends: list[Any],
    kinds: list[Any],
    codes: np.ndarray[Any, Any],
    *,
    categorical: bool,
) -> dict[str, Any]:
    """The distinct periods taken to the rows (by their codes), as arrays.

    Categorical: ``period`` in order of first appearance, ``period_type`` sorted.
    """
    columns: dict[str, Any] = {}
    for name, values in (("period", labels), ("period_type", kinds)):
        if not categorical:
            columns[name] = _text_array(values).take(codes)
            continue
        present = [v for v in values if v is not None]
        order = list(dict.fromkeys(present)) if name == "period" else sorted(set(present))
        position = {v: i for i, v in enumerate(order)}
        remap = np.array([-1 if v is None else position[v] for v in values], dtype=np.intp)
        columns[name] = pd.Categorical.from_codes(
            remap[codes], categories=pd.Index(order, dtype="str"), validate=False
        )
    columns["period_start"] = np.array(starts, dtype="datetime64[s]")[codes]
    columns["period_end"] = np.array(ends, dtype="datetime64[s]")[codes]
    return {name: columns[name] for name in PERIOD_FRAME_COLUMNS}


def _problems(
    bad: dict[int, str], n_distinct: int, codes: np.ndarray[Any, Any], index: pd.Index[Any]
) -> tuple[pd.Series[Any], list[str]]:
    """Each row's problem (missing where fine), and one problem per bad label with its rows."""
    if not bad:  # nothing to say: skip building millions of missing strings
        return pd.Series(np.nan, index=index, dtype="float64"), []
    per_label = np.full(n_distinct, np.nan, dtype=object)
    for i, message in bad.items():
        per_label[i] = message
    row_messages = pd.Series(per_label[codes], index=index, dtype="str")
    codes_s = pd.Series(codes, index=index)
    problems = [
        f"{message} ({_rows(codes_s.index[codes_s.to_numpy() == i], index.name)})"
        for i, message in bad.items()
    ]
    return row_messages, problems


def _rows(index: pd.Index[Any], name: Hashable | None, limit: int = 20) -> str:
    word = str(name) if name else "row"
    items = [str(x) for x in index[:limit]]
    more = f" and {len(index) - limit} more" if len(index) > limit else ""
    plural = "s" if len(index) != 1 else ""
    return f"{word}{plural} {', '.join(items)}{more}"
