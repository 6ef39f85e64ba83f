"""Periods in time order, and the short summaries that tables show in a console or notebook.

:func:`ordered_periods` turns the ``period`` column of a table into an *ordered*
categorical whose categories run in time (period start, then end, then label), so
``table[table["period"] >= "2021/22"]`` compares periods, not text. The summaries
(:func:`summary_lines`, :func:`summary_html`) say what a table holds in a few lines:
rows, indicators, areas, periods; they never print the data.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ordered_periods", "summary_html", "summary_lines", "table_counts"]

_SHOWN = 3  # names shown before "and N more"


def ordered_periods(frame: pd.DataFrame) -> None:
    """Make ``frame["period"]`` an ordered categorical in time order, in place.

    Categories are the labels present, sorted by ``period_start``, then
    ``period_end``, then label; a label with no start comes last.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.observations._display import ordered_periods
    >>> t = pd.DataFrame({"period": ["2021/22", "2019", "2019 - 21"],
    ...                   "period_start": pd.to_datetime(["2021-04-01", "2019-01-01",
    ...                                                   "2019-01-01"]),
    ...                   "period_end": pd.to_datetime(["2022-03-31", "2019-12-31",
    ...                                                 "2021-12-31"])})
    >>> ordered_periods(t)
    >>> list(t["period"].cat.categories)
    ['2019', '2019 - 21', '2021/22']
    >>> t.loc[t["period"] >= "2019 - 21", "period"].tolist()
    ['2021/22', '2019 - 21']
    """
    if "period" not in frame.columns:
        return
    if _ordered_by_codes(frame):
        return
    labels = frame["period"].astype("str")
    if not {"period_start", "period_end"} <= set(frame.columns):
        order = pd.Index(labels.unique()).sort_values()
    else:
        spans = pd.DataFrame(
            {
                "label": labels.to_numpy(),
                "start": pd.to_datetime(frame["period_start"]).to_numpy(),
                "end": pd.to_datetime(frame["period_end"]).to_numpy(),
            }
        ).drop_duplicates("label")
        spans = spans.sort_values(["start", "end", "label"], na_position="last", kind="stable")
        order = pd.Index(spans["label"], dtype="str")
    frame["period"] = pd.Categorical(labels, categories=order, ordered=True)


def _ordered_by_codes(frame: pd.DataFrame) -> bool:
    """:func:`ordered_periods` from the category codes of a text categorical, in place.

    The same order (each label's first row gives its start and end), without a
    string per row. False, with ``frame`` unchanged, where the column is not such
    a categorical or a period is missing.
    """
    period = frame["period"]
    dtype = period.dtype
    if not (
        isinstance(dtype, pd.CategoricalDtype) and {"period_start", "period_end"} <= set(frame)
    ):
        return False
    spans = [frame["period_start"].to_numpy(), frame["period_end"].to_numpy()]
    codes = np.asarray(period.array.codes)
    cats = dtype.categories
    if (
        cats.dtype != pd.StringDtype(na_value=np.nan)
        or any(span.dtype.kind != "M" for span in spans)
        or (len(codes) and codes.min() < 0)
    ):
        return False
    n = len(codes)
    first = np.full(len(cats), n, dtype=np.intp)
    np.minimum.at(first, codes, np.arange(n, dtype=np.intp))
    used = np.flatnonzero(first < n)
    keys = []
    for span in spans:
        values = span[first[used]]
        key = values.view(np.int64).copy()
        key[np.isnat(values)] = np.iinfo(np.int64).max  # no start or end: last
        keys.append(key)
    words = np.argsort(np.asarray(cats[used], dtype=object), kind="stable")
    label = np.empty(len(used), dtype=np.intp)
    label[words] = np.arange(len(used), dtype=np.intp)
    order = np.lexsort((label, keys[1], keys[0]))
    rank = np.full(len(cats), -1, dtype=np.intp)
    rank[used[order]] = np.arange(len(used), dtype=np.intp)
    categories = pd.Index(cats[used[order]], dtype="str", name="label")
    frame["period"] = pd.Categorical.from_codes(
        rank[codes], dtype=pd.CategoricalDtype(categories, ordered=True), validate=False
    )
    return True


def table_counts(frame: pd.DataFrame) -> dict[str, Any]:
    """Rows, distinct indicators, areas and periods (first and last in time) of a table.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.observations._display import table_counts
    >>> t = pd.DataFrame({"indicator": ["a", "a", "b"], "area_code": ["E1", "E2", "E1"],
    ...                   "period": ["2020", "2019", "2020"]})
    >>> table_counts(t)["periods"], table_counts(t)["first"], table_counts(t)["last"]
    (2, '2019', '2020')
    """
    counts: dict[str, Any] = {"rows": len(frame)}
    for column, key in (("indicator", "indicators"), ("area_code", "areas")):
        values: list[str] = (
            frame[column].dropna().astype("str").unique().tolist() if column in frame else []
        )
        counts[key] = len(values)
        counts[f"{key}_names"] = sorted(values)
    period = frame["period"] if "period" in frame.columns else pd.Series([], dtype="str")
    if not (isinstance(period.dtype, pd.CategoricalDtype) and period.cat.ordered):
        shown = frame[[c for c in ("period", "period_start", "period_end") if c in frame]].copy()
        ordered_periods(shown)
        period = shown.get("period", period)
    present = period.dropna()
    counts["periods"] = int(present.nunique())
    if len(present) and isinstance(present.dtype, pd.CategoricalDtype):
        used = present.cat.remove_unused_categories().cat.categories
        counts["first"], counts["last"] = str(used[0]), str(used[-1])
    else:
        counts["first"] = counts["last"] = None
    return counts


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(names[:_SHOWN])
    more = len(names) - _SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def summary_lines(title: str, frame: pd.DataFrame, extra: Sequence[str] = ()) -> list[str]:
    r"""The lines of a short text summary of ``frame`` under ``title``.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.observations._display import summary_lines
    >>> t = pd.DataFrame({"indicator": ["a", "b"], "area_code": ["E1", "E1"],
    ...                   "period": ["2019", "2020"]})
    >>> print("\n".join(summary_lines("Table", t, ["0 rejected"])))
    Table: 2 rows
      indicators: 2 (a, b)
      areas: 1 (E1)
      periods: 2, 2019 to 2020
      0 rejected
    """
    c = table_counts(frame)
    lines = [f"{title}: {c['rows']:,} row{'s' if c['rows'] != 1 else ''}"]
    for key in ("indicators", "areas"):
        if c[key]:
            lines.append(f"  {key}: {c[key]:,} ({_names(c[f'{key}_names'])})")
    if c["periods"]:
        span = c["first"] if c["first"] == c["last"] else f"{c['first']} to {c['last']}"
        lines.append(f"  periods: {c['periods']:,}, {span}")
    lines.extend(f"  {line}" for line in extra)
    return lines


def summary_html(lines: Sequence[str]) -> str:
    """The summary lines as a small HTML block for notebooks (first line bold).

    Examples
    --------
    >>> from outcomeframe.observations._display import summary_html
    >>> summary_html(["T: 1 row", "  areas: 1 (E1)"])
    '<div><strong>T: 1 row</strong><ul><li>areas: 1 (E1)</li></ul></div>'
    """
    head, *rest = lines
    items = "".join(f"<li>{html.escape(line.strip())}</li>" for line in rest)
    body = f"<ul>{items}</ul>" if items else ""
    return f"<div><strong>{html.escape(head)}</strong>{body}</div>"
