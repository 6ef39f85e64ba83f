"""Reading a tidy observation CSV: the file's text cells, then the observation table's checks."""

from __future__ import annotations

import os
from typing import IO, Literal

from outcomeframe.observations._csv import _looks_separated, read_csv_text
from outcomeframe.observations._table import ObservationTable, tidy_observations

__all__ = ["read_observations"]


def read_observations(
    path_or_buffer: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    source: str | None = None,
    errors: Literal["raise", "report"] = "raise",
) -> ObservationTable:
    r"""Read a tidy observation CSV (columns as in :data:`~outcomeframe.observations.OBSERVATION_COLUMNS`) and check it.

    Parameters
    ----------
    path_or_buffer : str, path or file-like
        The CSV file, or the file compressed (gzip, bzip2, xz, or a zip archive
        holding it). Every cell is read as text, then converted and checked as
        by :func:`tidy_observations`.
    source : str, optional
        Fills missing ``source`` cells; defaults to the file name.
    errors : {"raise", "report"}
        See :func:`tidy_observations`.

    Returns
    -------
    ObservationTable
        Indexed by file line number (index name ``"line"``; the header is line 1),
        so problems read "line 7: count -3 is negative".

    Raises
    ------
    FileFormatError
        The file is empty, binary, or not a CSV.
    DataError
        As :func:`tidy_observations`.

    Examples
    --------
    >>> import io
    >>> from outcomeframe import read_observations
    >>> text = "indicator,area_code,period,value\nlbw,E92000001,2019,2.9\nlbw,E92000001,2020,-\n"
    >>> table = read_observations(io.StringIO(text), errors="report")
    >>> table.data[["indicator", "period", "value"]]
         indicator period  value
    line
    2          lbw   2019    2.9
    >>> table.rejected["reason"].tolist()
    ["value '-' is not a number"]
    """
    frame, name = read_csv_text(path_or_buffer)
    _looks_separated(frame, name if name is not None else "<buffer>")
    return tidy_observations(frame, source=source if source is not None else name, errors=errors)
