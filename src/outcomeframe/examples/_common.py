"""Helpers shared by the readers of the shipped example data.

Every reader returns *pre-rows*: one row per observation it can read from a file line
(columns :data:`PRE_COLUMNS`), with ``key`` the Fingertips indicator ID (as text) or the
framework indicator id it measures (missing when the line measures nothing of either
plan) and ``reason`` set when the line cannot be used. :mod:`outcomeframe.examples._data`
joins them into the observation table of a plan.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError, FileFormatError
from outcomeframe.observations._columns import NUMBER_COLUMNS
from outcomeframe.observations._csv import read_csv_text

__all__ = [
    "PACKAGE",
    "PRE_COLUMNS",
    "academic_year",
    "data_path",
    "empty",
    "join_reasons",
    "numbers",
    "read",
    "read_json",
]

PACKAGE = "outcomeframe.examples"

#: Columns of the pre-rows every reader returns (any may be missing; they are reindexed).
PRE_COLUMNS: tuple[str, ...] = (
    "key",
    "indicator_name",
    "area_code",
    "area_name",
    "period",
    "period_type",
    "breakdown_type",
    "breakdown",
    "sex",
    "age",
    "value_note",
    *NUMBER_COLUMNS,
    "published_trend",
    "published_comparison",
    "source_file",
    "source_line",
    "source_rows",
    "raw_value",
    "reason",
)


def data_path(file: str | None = None) -> Path:
    """Return the path of the shipped data folder, or of one file in it.

    Parameters
    ----------
    file : str, optional
        A path relative to the data folder, e.g. ``"fingertips/indicators.csv"``.

    Raises
    ------
    ArgumentError
        When ``file`` is not a shipped file.

    Examples
    --------
    >>> from outcomeframe.examples import data_path
    >>> data_path("trafford-data-lab/school_readiness.csv").name
    'school_readiness.csv'
    >>> sorted(p.name for p in data_path().iterdir() if p.is_dir())
    ['early-years', 'fingertips', 'trafford-data-lab']
    """
    root = Path(str(resources.files(PACKAGE).joinpath("published")))
    if file is None:
        return root
    if not isinstance(file, str):
        raise ArgumentError(f"file: expected a shipped data file's name, got {type(file).__name__}")
    path = root / file
    if not path.is_file() or not path.resolve().is_relative_to(root.resolve()):
        raise ArgumentError(f"file: {file!r} is not a shipped data file")
    return path


def read(file: str) -> pd.DataFrame:
    """A shipped CSV file as text cells, indexed by file line (header = line 1)."""
    frame, _ = read_csv_text(data_path(file), missing=("",))  # the readers tell "NA" apart
    return frame


def read_json(file: str) -> pd.DataFrame:
    """A shipped JSON file (an array of records) indexed by record number, from 1.

    Numbers stay numbers (float64); text stays text.
    """
    path = data_path(file)
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise FileFormatError(f"cannot read the JSON file: {err}", path=str(path)) from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise FileFormatError("expected a JSON array of records", path=str(path))
    frame = pd.DataFrame.from_records(records)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return frame


def empty(index: pd.Index[Any]) -> pd.Series[Any]:
    """A text column of missing values."""
    return pd.Series(np.nan, index=index, dtype="str")


def numbers(raw: pd.Series[Any]) -> tuple[pd.Series[Any], pd.Series[Any]]:
    """Numbers from a column of text cells, and the reason a cell is unusable.

    Blank cells and R's ``NA`` are missing values (not published); ``x``, ``c``, ``z``
    and other text are not numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> values, reason = numbers(pd.Series(["1.5", "NA", "x", None]))
    >>> values.tolist()[0], reason.tolist()[1:3]
    (1.5, ["no value published (the file has 'NA')", "value 'x' is not a number"])
    """
    text = raw.astype("str").str.strip()
    missing = raw.isna() | text.isin(["", "NA"])
    values = pd.to_numeric(text.where(~missing), errors="coerce").astype("float64")
    reason = empty(raw.index)
    shown = text.fillna("").map(lambda t: "the file has 'NA'" if t == "NA" else "blank cell")
    reason = reason.mask(missing, "no value published (" + shown + ")")
    junk = ~missing & values.isna()
    reason = reason.mask(junk, "value " + text.map(repr) + " is not a number")
    return values, reason


def join_reasons(first: pd.Series[Any], second: pd.Series[Any]) -> pd.Series[Any]:
    """Join two reason columns with "; " where both are set."""
    both = first.notna() & second.notna()
    joined = first.fillna(second).astype("str")
    return joined.mask(both, first + "; " + second).astype("str")


def academic_year(end_year: pd.Series[Any]) -> pd.Series[Any]:
    """The academic year label ending in a year: 2018 -> "2017/18".

    DfE tables name an EYFSP year by the calendar year in which it ends.

    Examples
    --------
    >>> import pandas as pd
    >>> academic_year(pd.Series([2016, 2000])).tolist()
    ['2015/16', '1999/00']
    """
    year = end_year.astype("int64")
    return ((year - 1).astype("str") + "/" + (year % 100).astype("str").str.zfill(2)).astype("str")
