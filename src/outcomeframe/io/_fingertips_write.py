"""Writing observations (or an assessment table) as a classic Fingertips export CSV."""

from __future__ import annotations

import os
from typing import IO, Any

import numpy as np
import pandas as pd

from outcomeframe._checks import need_frame
from outcomeframe._errors import DataError
from outcomeframe.io._fingertips_shape import _TIDY_TO_CLASSIC, CLASSIC_COLUMNS
from outcomeframe.io._write import as_path, writing
from outcomeframe.observations._cells import _STR
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
    data = (
        table.data
        if isinstance(table, ObservationTable)
        else need_frame(table, "table", what="an ObservationTable or a DataFrame")
    )
    missing = [c for c in ("indicator", "area_code", "period") if c not in data.columns]
    if missing:
        raise DataError(
            "cannot write a Fingertips file without columns " + ", ".join(missing),
            problems=[f"missing column {c!r}" for c in missing],
        )
    # every column as plain values (text as objects, NaN missing): to_csv writes objects
    # several times faster than pandas text arrays, and arrays cost less than Series
    blank = np.full(len(data), np.nan, dtype=object)

    def column(name: str) -> Any:
        return data[name].to_numpy() if name in data.columns else blank

    def text(name: str) -> Any:
        """The column's cells as text (a text column as it is)."""
        if name not in data.columns:
            return blank
        if isinstance(_STR, pd.StringDtype) and data[name].dtype == _STR:
            return column(name)
        return pd.Series(column(name)).astype("str").to_numpy(dtype=object)

    def filled(first: Any, then: Any) -> Any:
        return np.where(pd.isna(first), then, first)

    breakdown_type = filled(text("breakdown_type"), TOTAL[0])
    breakdown = filled(text("breakdown"), TOTAL[1])
    is_total = (breakdown_type == TOTAL[0]) & (breakdown == TOTAL[1])
    out: dict[str, Any] = dict.fromkeys(CLASSIC_COLUMNS, blank)
    out["Indicator ID"] = filled(text("fingertips_id"), text("indicator"))
    out["Sex"] = text("sex")
    out["Category Type"] = np.where(is_total, np.nan, breakdown_type)
    out["Category"] = np.where(is_total, np.nan, breakdown)
    out["Recent Trend"] = filled(text("trend"), text("published_trend"))
    out["Compared to England value or percentiles"] = filled(
        text("comparison"), text("published_comparison")
    )
    for tidy, classic in _TIDY_TO_CLASSIC.items():
        if tidy in data.columns:
            out[classic] = column(tidy)
    if "indicator_name" not in data.columns and "title" in data.columns:
        out["Indicator Name"] = column("title")  # an assessment table names it "title"
    out["Time period Sortable"] = _sortable(data).array
    written = set(_TIDY_TO_CLASSIC) | set(OBSERVATION_COLUMNS) | {"title"}
    written |= {"fingertips_id", "indicator", "trend", "comparison", "published_trend"}
    written |= {"published_comparison", "sex", "breakdown_type", "breakdown", "reason"}
    for name in data.columns:
        if name not in written and name not in out:
            out[name] = column(name)
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(data)))
    if callable(getattr(path_or_buffer, "write", None)):
        frame.to_csv(path_or_buffer, index=False, lineterminator="\n")
        return
    with writing(as_path(path_or_buffer, "path_or_buffer")) as path:  # compressed by suffix
        frame.to_csv(path, index=False, lineterminator="\n")


def _sortable(data: pd.DataFrame) -> pd.Series[Any]:
    """Fingertips' "Time period Sortable": start year * 10000 + start month * 100."""
    if "period_start" in data.columns:
        values = data["period_start"].to_numpy()
        if values.dtype.kind == "M":  # dates already (as read): year and month by numpy
            missing = np.isnat(values)
            year = values.astype("datetime64[Y]").astype(np.int64) + 1970
            month = values.astype("datetime64[M]").astype(np.int64) % 12 + 1
            number = np.where(missing, 0, year * 10000 + month * 100)
            return pd.Series(pd.arrays.IntegerArray(number, missing))
        start = pd.to_datetime(pd.Series(values))
        return (start.dt.year * 10000 + start.dt.month * 100).astype("Int64")
    return pd.Series(pd.NA, index=range(len(data)), dtype="Int64")
