"""Fingertips indicator metadata as a tidy table (the framework built from it: ``_metadata_framework``).

Two shapes are read, told apart by their column names (compared without case,
spaces or underscores):

* FingertipsNext's ``indicators.csv``: ``IndicatorID``, ``IndicatorName``,
  ``Polarity``, ``BenchmarkComparisonMethod``, ``ValueType``, ``PeriodType``,
  ``Frequency`` ...
* the classic Fingertips metadata export (and fingertipsR's ``indicator_metadata()``):
  ``Indicator ID`` (``IndicatorID``), ``Indicator``, ``Definition``, ``Unit``,
  ``Value type``, ``Year type``, ``Polarity``, ``Frequency`` ..., with the
  comparison method, when given, as ``Benchmarking method`` or ``Comparison method``.

Every word is read with the vocabulary of :class:`~outcomeframe.Polarity`,
:class:`~outcomeframe.MeasureType`, :class:`~outcomeframe.ComparisonMethod`,
:class:`~outcomeframe.PeriodType` and the unit registry.
"""

from __future__ import annotations

import os
from typing import IO, Literal

import pandas as pd

from outcomeframe._checks import check_choice
from outcomeframe._errors import DataError, _shown
from outcomeframe.io._metadata_parts import (
    SOURCES,
    WORD_FIELDS,
    columns_of,
    lines_text,
    period_years,
    read_table,
    repeated_ids,
    text_column,
    words,
)
from outcomeframe.observations._cells import NOT_ONE_VALUE, exact_whole

__all__ = ["METADATA_COLUMNS", "read_fingertips_metadata"]

#: The tidy columns :func:`read_fingertips_metadata` returns first, in order.
METADATA_COLUMNS: tuple[str, ...] = (
    "fingertips_id",
    "name",
    "polarity",
    "measure",
    "comparison",
    "period_type",
    "period_years",
    "unit",
    "frequency",
    "definition",
    "value_type",
    "reason",
)


def read_fingertips_metadata(
    source: str | os.PathLike[str] | IO[str] | IO[bytes] | pd.DataFrame,
    *,
    errors: Literal["raise", "report"] = "raise",
) -> pd.DataFrame:
    r"""Read Fingertips indicator metadata (FingertipsNext or classic shape) as a tidy table.

    Parameters
    ----------
    source : str, path, file-like or pandas.DataFrame
        A CSV file of indicator metadata (compressed or not, as for
        :func:`read_fingertips`), or the table already read.
    errors : {"raise", "report"}
        ``"raise"`` (default): any row that cannot be read raises one
        :class:`~outcomeframe.DataError` listing every problem (row and field).
        ``"report"``: such rows are set aside: kept, with the words that could
        not be read left empty and the reason in ``reason``.

    Returns
    -------
    pandas.DataFrame
        :data:`METADATA_COLUMNS`, then every column as given. One row per input
        row, indexed like the input (by file line number for a file):

        * ``fingertips_id`` (int), ``name``;
        * ``polarity``, ``measure``, ``comparison``, ``period_type``: the values of
          :class:`~outcomeframe.Polarity`, :class:`~outcomeframe.MeasureType`,
          :class:`~outcomeframe.ComparisonMethod` and
          :class:`~outcomeframe.PeriodType` (text), ``None`` where the metadata
          leaves them blank;
        * ``period_years``: how many years each period pools (nullable integer):
          the N of "N years combined" or "N year pooled" in the name when it
          says so, else 1; missing for a "Financial multi-year" type whose name
          gives no length (the data say it);
        * ``unit``: the registry's name of the metadata's unit ("per 100,000"
          is ``per_100000``), missing when the metadata has none;
        * ``frequency``, ``definition`` and ``value_type`` (the value type as
          written) as given;
        * ``reason``: why the row was set aside (``errors="report"``), else missing.

    Raises
    ------
    FileFormatError
        The file cannot be read, or is not indicator metadata (the message lists
        the columns found).
    DataError
        With ``errors="raise"``: an ID that is missing, not a whole number or
        given twice with different metadata, or a word that is not known. Each
        problem names the rows and the field, and lists the accepted words.

    Examples
    --------
    The FingertipsNext metadata of the indicators shipped with the package:

    >>> from outcomeframe.examples import data_path
    >>> from outcomeframe import read_fingertips_metadata
    >>> meta = read_fingertips_metadata(data_path("fingertips/indicators.csv"))
    >>> row = meta.set_index("fingertips_id").loc[20401]
    >>> row["polarity"], row["measure"], row["comparison"], row["period_type"]
    ('lower_is_better', 'crude_rate', 'ci_overlap', 'calendar')

    Classic metadata, with a unit and pooled years in the name (synthetic rows):

    >>> import io
    >>> text = (
    ...     "Indicator ID,Indicator,Unit,Value type,Year type,Polarity\n"
    ...     "90000,Example mortality (3 years combined),per 100000,"
    ...     "Directly standardised rate,Calendar,RAG - Low is good\n"
    ... )
    >>> meta = read_fingertips_metadata(io.StringIO(text))
    >>> row = meta.loc[2]
    >>> row["measure"], row["unit"], int(row["period_years"]), row["polarity"]
    ('dsr', 'per_100000', 3, 'lower_is_better')
    """
    check_choice(errors, "errors", ("raise", "report"))
    raw, name, word, odd_cells = read_table(source)
    where = name if name is not None else "<metadata>"
    found = columns_of(raw, where)
    labels = pd.Series(raw.index.astype("str"), index=raw.index)
    tidy = pd.DataFrame(index=raw.index)
    for field in SOURCES:
        given = found.get(field)
        tidy[field] = (
            text_column(raw[given]) if given is not None else pd.Series(None, raw.index, "object")
        )
    tidy["value_type"] = tidy["measure"]
    period_words = tidy["period_type"].copy()
    problems: dict[str, pd.Series[bool]] = {}
    reasons = pd.Series(None, index=raw.index, dtype="object")

    def problem(text: str, rows: pd.Series[bool]) -> None:
        problems[text] = rows
        reasons[rows] = (reasons[rows].fillna("") + "; " + text).str.removeprefix("; ")

    for column, odd in odd_cells.items():
        problem(f"{column} {NOT_ONE_VALUE}", odd)
    ids = pd.to_numeric(tidy["fingertips_id"], errors="coerce")
    bad_id = ~exact_whole(ids) | (ids < 1)
    for text, rows in (
        tidy.loc[bad_id, "fingertips_id"]
        .groupby(tidy.loc[bad_id, "fingertips_id"].fillna("(blank)"), sort=False)
        .groups.items()
    ):
        mask = raw.index.isin(rows)
        problem(
            f"indicator ID {_shown(text)} is not a whole number from 1 to 2**53",
            pd.Series(mask, raw.index),
        )
    for field, parse in WORD_FIELDS.items():
        tidy[field] = words(tidy[field], field, parse, problem)
    tidy["fingertips_id"] = ids.where(~bad_id).astype("Int64")
    repeated_ids(tidy, raw, found, labels, word, problem)
    tidy["period_years"] = period_years(tidy["name"], period_words)
    tidy["reason"] = reasons
    if problems and errors == "raise":
        listed = [
            f"{word}s {lines_text(labels[rows])}: {text}"
            if rows.sum() > 1
            else f"{word} {lines_text(labels[rows])}: {text}"
            for text, rows in problems.items()
        ]
        raise DataError(
            f"{where}: {len(listed)} problem(s) in the indicator metadata", problems=listed
        )
    for column in ("name", "unit", "frequency", "definition", "value_type", "reason"):
        tidy[column] = tidy[column].astype("str")  # free text: missing is NaN
    extra = [c for c in raw.columns if c not in METADATA_COLUMNS]
    return pd.concat([tidy[list(METADATA_COLUMNS)], raw[extra]], axis=1)
