"""Writing observations (or an assessment table) as a classic Fingertips export CSV."""

from __future__ import annotations

import os
from typing import IO, Any

import pandas as pd

from outcomeframe._errors import DataError
from outcomeframe.io._fingertips_shape import _TIDY_TO_CLASSIC, CLASSIC_COLUMNS
from outcomeframe.observations._cells import _blank_text
from outcomeframe.observations._table import OBSERVATION_COLUMNS, TOTAL, ObservationTable

__all__ = ["write_fingertips"]


def write_fingertips(
    table: ObservationTable | pd.DataFrame,
    path_or_buffer: str | os.PathLike[str] | IO[str],
) -> None:
    """Write observations (or an assessment table) as a classic Fingertips export CSV.

    Parameters
    ----------
    table : ObservationTable or pandas.DataFrame
        An observation table; extra columns ``trend`` and ``comparison`` (from
        an assessment) are written as "Recent Trend" and "Compared to England
        value or percentiles", in preference to ``published_trend`` and
        ``published_comparison``. Other extra columns are written after the
        classic ones under their own names.
    path_or_buffer : str, path or text file-like
        Where to write.

    Notes
    -----
    "Indicator ID" is ``fingertips_id`` when present, else ``indicator``.
    Breakdown ("Total", "Total") is written with empty Category Type and
    Category; any other breakdown as Category Type / Category. Sex and Age are the
    ``sex`` and ``age`` columns (empty where not stated). "Time period Sortable" is derived from the period's start date.
    Numbers are written at full precision, so reading the file back gives the
    same table (financial vs academic years need the same ``period_type``
    hint on reading).

    Examples
    --------
    >>> import io
    >>> from outcomeframe import read_fingertips, write_fingertips
    >>> from outcomeframe.examples import data_path
    >>> table = read_fingertips(
    ...     data_path("fingertips/indicator_20401.csv"), period_type="calendar"
    ... )
    >>> buffer = io.StringIO()
    >>> write_fingertips(table, buffer)
    >>> _ = buffer.seek(0)
    >>> again = read_fingertips(buffer)
    >>> def plain(t):
    ...     return t.data.drop(columns="source").reset_index(drop=True)
    >>> plain(again).equals(plain(table))
    True
    """
    data = table.data if isinstance(table, ObservationTable) else table
    missing = [c for c in ("indicator", "area_code", "period") if c not in data.columns]
    if missing:
        raise DataError(
            "cannot write a Fingertips file without columns " + ", ".join(missing),
            problems=[f"missing column {c!r}" for c in missing],
        )
    index = pd.RangeIndex(len(data))
    blank = _blank_text(index)

    def column(name: str) -> pd.Series[Any]:
        if name in data.columns:
            return pd.Series(data[name].to_numpy(), index=index)
        return blank

    breakdown_type = column("breakdown_type").fillna(TOTAL[0]).astype("str")
    breakdown = column("breakdown").fillna(TOTAL[1]).astype("str")
    is_total = (breakdown_type == TOTAL[0]) & (breakdown == TOTAL[1])
    out: dict[str, pd.Series[Any]] = dict.fromkeys(CLASSIC_COLUMNS, blank)
    out["Indicator ID"] = (
        column("fingertips_id").astype("str").fillna(column("indicator").astype("str"))
    )
    out["Sex"] = column("sex").astype("str")
    out["Category Type"] = breakdown_type.where(~is_total)
    out["Category"] = breakdown.where(~is_total)
    out["Recent Trend"] = (
        column("trend").astype("str").fillna(column("published_trend").astype("str"))
    )
    out["Compared to England value or percentiles"] = (
        column("comparison").astype("str").fillna(column("published_comparison").astype("str"))
    )
    for tidy, classic in _TIDY_TO_CLASSIC.items():
        if tidy in data.columns:
            out[classic] = column(tidy)
    if "indicator_name" not in data.columns and "title" in data.columns:
        out["Indicator Name"] = column("title")  # an assessment table names it "title"
    out["Time period Sortable"] = _sortable(data)
    written = set(_TIDY_TO_CLASSIC) | set(OBSERVATION_COLUMNS) | {"title"}
    written |= {"fingertips_id", "indicator", "trend", "comparison", "published_trend"}
    written |= {"published_comparison", "sex", "breakdown_type", "breakdown", "reason"}
    for name in data.columns:
        if name not in written and name not in out:
            out[name] = column(name)
    pd.DataFrame(out, index=index).to_csv(path_or_buffer, index=False, lineterminator="\n")


def _sortable(data: pd.DataFrame) -> pd.Series[Any]:
    """Fingertips' "Time period Sortable": start year * 10000 + start month * 100."""
    if "period_start" in data.columns:
        start = pd.to_datetime(pd.Series(data["period_start"].to_numpy()))
        return (start.dt.year * 10000 + start.dt.month * 100).astype("Int64")
    return pd.Series(pd.NA, index=range(len(data)), dtype="Int64")
