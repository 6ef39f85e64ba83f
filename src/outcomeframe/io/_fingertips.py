"""Read and write Fingertips data files as observation tables.

Three shapes are recognised from the header:

``classic``
    The Fingertips website / API CSV export ("Indicator ID", "Area Code",
    "Time period", "Lower CI 95.0 limit", ...).
``fingertipsR``
    The same columns with the spaces removed, as returned by the R package
    fingertipsR ("IndicatorID", "Timeperiod", "LowerCI95.0limit", ...).
``next``
    The FingertipsNext "healthdata" shape (IndicatorId, AreaCode, Year, Sex, Age,
    Category, CategoryType, Value, LowerCI, UpperCI, Count, Denominator, Trend).
    ``Year`` is the START year, so the period type must be supplied.

The key
-------
Fingertips' own key: indicator, area, period, sex, age, category type and category.
Category Type and Category become ``breakdown_type`` and ``breakdown``; a row with
neither is the breakdown ``("Total", "Total")``. ``sex`` and ``age`` are key
columns as published (Persons, Male, Female; "All ages", "<18 yrs" ...): which of
them is an indicator's headline figure is decided by the assessment (see
:attr:`outcomeframe.Indicator.sex`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping
from typing import IO, TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError, DataError
from outcomeframe.io._fingertips_asked import not_asked
from outcomeframe.io._fingertips_periods import (
    PeriodSpec,
    _metadata_periods,
    _next_periods,
    _period_specs,
)
from outcomeframe.io._fingertips_shape import (
    CLASSIC_COLUMNS,
    SHAPE_COLUMNS,
    _check_own_names,
    _check_twins,
    _detect,
    _from_chart,
    _given_frame,
    _new_names,
    _squash,
)
from outcomeframe.io._fingertips_write import write_fingertips
from outcomeframe.observations._cells import (
    _blank_text,
    _text,
    _text_array,
    _text_codes,
    _text_missing,
    _text_values,
)
from outcomeframe.observations._csv import read_csv_text
from outcomeframe.observations._period import PeriodType
from outcomeframe.observations._table import (
    OBSERVATION_COLUMNS,
    TOTAL,
    ObservationTable,
    tidy_observations,
)

if TYPE_CHECKING:
    from outcomeframe.observations._areas import AreaTable

__all__ = [
    "CLASSIC_COLUMNS",
    "FINGERTIPS_COLUMNS",
    "PeriodSpec",
    "read_fingertips",
    "write_fingertips",
]

#: Columns :func:`read_fingertips` adds after the observation columns, whatever the
#: shape of the file (missing where the file does not have them).
FINGERTIPS_COLUMNS: tuple[str, ...] = (
    "fingertips_id",
    "indicator_name",
    "area_type",
    "parent_code",
    "parent_name",
    "published_trend",
    "published_comparison",
    "published_comparison_parent",
    "published_goal_comparison",
    "new_data",
)


def read_fingertips(
    path_or_buffer: str | os.PathLike[str] | IO[str] | IO[bytes] | pd.DataFrame,
    *,
    indicator_map: Mapping[str | int, str] | None = None,
    period_type: PeriodSpec | Mapping[str | int, PeriodSpec] | None = None,
    metadata: str | os.PathLike[str] | pd.DataFrame | None = None,
    areas: AreaTable | str | os.PathLike[str] | pd.DataFrame | None = None,
    indicators: Collection[str | int] | None = None,
    errors: Literal["raise", "report"] = "raise",
) -> ObservationTable:
    r"""Read Fingertips data (classic, fingertipsR, FingertipsNext, its charts) as observations.

    Parameters
    ----------
    path_or_buffer : str, path, file-like or pandas.DataFrame
        The CSV file, or a table already read (e.g. by ``fingertipsR`` and saved, or
        ``pandas.read_csv``): a classic export, FingertipsNext's ``healthdata``, or the
        CSV export of a FingertipsNext chart or table ("Indicator ID", "Period",
        "Area code", "Lower confidence limit 95%" ...). Column names are matched
        without regard to case and spaces.
        A file compressed with gzip, bzip2 or xz, or a zip archive that holds one
        file, is read as the file inside it (the contents say which, not the name).
    indicator_map : mapping, optional
        Fingertips indicator ID -> framework indicator id. IDs not in the map
        keep their Fingertips ID (as text) as ``indicator``.
    period_type : str, PeriodType, (kind, years) or a mapping of those, optional
        The period type, per indicator ID when a mapping: "calendar", "financial",
        "academic", or ``(kind, years)`` for pooled periods, e.g. ``("academic", 5)``
        for "2018/19 - 22/23". Fingertips' own words ("Calendar", "Financial",
        "Academic", "Yearly", "Financial year end point" ...) are accepted. It wins
        over ``metadata``. The FingertipsNext shape gives the START year only, so
        each indicator's period type comes from here, else from ``metadata``, else
        the year is read as a calendar year, with an
        :class:`~outcomeframe.OutcomeFrameWarning` naming the indicators. For the
        classic shapes, whose periods are labels, it is only a hint (financial vs
        academic years).
    metadata : str, path or pandas.DataFrame, optional
        Fingertips indicator metadata (see
        :func:`outcomeframe.read_fingertips_metadata`): the period type of each
        indicator, and the length of pooled periods.
    areas : AreaTable, str, path or pandas.DataFrame, optional
        The areas (see :func:`outcomeframe.read_areas`): ``area_name`` and
        ``area_type`` are filled from it where the file has none. By default the
        English areas shipped with the package.
    indicators : collection of str or int, optional
        Keep only these indicators (Fingertips IDs, or framework ids of
        ``indicator_map``). The rows of every other indicator are set aside in
        ``rejected``, one reason per indicator. When none of them has a row in the
        file, an :class:`~outcomeframe.OutcomeFrameWarning` names them and the file's
        own indicators.
    errors : {"raise", "report"}
        See :func:`outcomeframe.observations.tidy_observations`. Exact copies of a row
        are set aside (with the line they repeat) either way.

    Returns
    -------
    ObservationTable
        :data:`OBSERVATION_COLUMNS`, then :data:`FINGERTIPS_COLUMNS` (always, missing
        where the file lacks them), then any column the reader does not know,
        under its own name. Indexed by file line number (index name "line"), or by
        the DataFrame's row position (index name "row").

    Raises
    ------
    FileFormatError
        The file is empty, binary, an Excel workbook, not a CSV, a CSV that is not a
        Fingertips file (the message lists the columns found), or has two columns
        that mean the same thing.
    ArgumentError
        A period type that is not one.
    DataError
        As ``tidy_observations`` (bad rows, conflicting rows for one key).

    Examples
    --------
    >>> import io
    >>> from outcomeframe import read_fingertips
    >>> csv = (
    ...     "Indicator ID,Area Code,Area Name,Sex,Age,Category Type,Category,Time period,"
    ...     "Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator,Recent Trend\n"
    ...     "93085,E92000001,England,Female,All ages,,,2023/24,7.4,7.33,7.47,"
    ...     "41300,558000,Decreasing and getting better\n"
    ... )
    >>> table = read_fingertips(io.StringIO(csv), indicator_map={93085: "smoking"})
    >>> row = table.data.iloc[0]
    >>> row["indicator"], row["period"], row["sex"], row["breakdown"], row["published_trend"]
    ('smoking', '2023/24', 'Female', 'Total', 'Decreasing and getting better')

    The FingertipsNext shape gives start years: the period type says what they start:

    >>> from outcomeframe.examples import data_path
    >>> table = read_fingertips(
    ...     data_path("fingertips/indicator_93085.csv"), period_type="financial"
    ... )
    >>> sorted(table.data["period"].unique())[:2]
    ['2018/19', '2019/20']
    """
    odd = None  # rows with a list, dict, set or array in a cell: set aside with the reason
    if isinstance(path_or_buffer, pd.DataFrame):
        (frame, odd), name = _given_frame(path_or_buffer), None
    else:
        frame, name = read_csv_text(path_or_buffer)
    where = name if name is not None else "<buffer>"
    shape = _detect(frame, where)
    squashed = {c: _squash(c) for c in frame.columns}
    names = SHAPE_COLUMNS[shape]
    _check_twins(squashed, names, where)
    _check_own_names(squashed, names, {*OBSERVATION_COLUMNS, *FINGERTIPS_COLUMNS}, where)
    columns = _renamed(frame, squashed, names)
    ids = _whole_ids(_text(columns["fingertips_id"]))
    columns["fingertips_id"] = ids
    mapping = _indicator_map(indicator_map)
    aside = not_asked(ids, mapping, indicators, where)
    reason = "indicator " + ids[aside].map(repr) + " is not among the indicators asked for"
    if odd is not None and odd.notna().any():
        reason, aside = odd.dropna().combine_first(reason), aside | odd.notna()
    from_metadata, pooled = _metadata_periods(metadata)
    specs = _period_specs(
        period_type, ids[~aside], from_metadata, next_shape=shape == "next", pooled=pooled
    )
    if shape == "next":
        columns = _next_periods(columns, ids, specs)
    elif specs:
        hint = {
            i: ("academic" if k is PeriodType.ACADEMIC else k.value) for i, (k, _) in specs.items()
        }
        columns["period_type"] = ids.map(hint).astype("str")
    if shape == "chart":
        _from_chart(columns)
    _breakdowns(columns)
    columns["indicator"] = ids.map(mapping).fillna(ids).astype("str") if mapping else ids
    blank = _blank_text(frame.index)
    for column in FINGERTIPS_COLUMNS:
        columns.setdefault(column, blank)
    _fill_areas(columns, areas)
    known = [c for c in columns if c in OBSERVATION_COLUMNS]
    others = [c for c in columns if c not in OBSERVATION_COLUMNS and c not in FINGERTIPS_COLUMNS]
    order = known + list(FINGERTIPS_COLUMNS) + others
    tidy = pd.DataFrame({c: columns[c] for c in order}, index=frame.index)
    if not aside.any():
        return tidy_observations(tidy, source=name, errors=errors)
    table = _tidied(tidy.loc[~aside.to_numpy()], name, errors, odd)
    others_rows = frame.loc[aside.to_numpy()].copy()
    others_rows["reason"] = reason.loc[others_rows.index].astype("str")
    rejected = pd.concat([table.rejected, others_rows]).sort_index()
    return ObservationTable(data=table.data, rejected=rejected)


def _tidied(
    tidy: pd.DataFrame,
    name: str | None,
    errors: Literal["raise", "report"],
    odd: pd.Series[Any] | None,
) -> ObservationTable:
    """``tidy_observations`` of the rows kept, or with ``errors="raise"`` one error.

    That error lists the rows set aside for a list in a cell (``odd``) with the problems
    of the rest.
    """
    if errors != "raise" or odd is None or odd.isna().all():
        return tidy_observations(tidy, source=name, errors=errors)
    problems = [f"row {i}: {t}" for i, t in odd.dropna().items()]
    try:
        tidy_observations(tidy, source=name, errors="raise")
    except DataError as err:
        problems += err.problems
    n = len(problems)
    raise DataError(f"{n} row{'s' if n != 1 else ''} cannot be used", problems=problems)


_WHOLE_ID = re.compile(r"^\s*\+?(\d+)\.0*\s*$")


def _whole_ids(ids: pd.Series[Any]) -> pd.Series[Any]:
    """IDs written as floats read as the whole number ("93085.0" -> "93085").

    Other text (a framework id written by :func:`write_fingertips`) is kept as given.
    Only the few distinct IDs are read, not every row.
    """
    codes, uniques = pd.factorize(ids)
    text = [str(u) for u in uniques]
    whole = [_WHOLE_ID.sub(r"\1", t) for t in text]
    if whole == text:
        return ids
    return pd.Series(_text_array(whole).take(codes, allow_fill=True), index=ids.index)


def _indicator_map(indicator_map: Any) -> dict[str, str]:
    """``indicator_map`` as text -> text; anything else is named."""
    if indicator_map is None:
        return {}
    if not isinstance(indicator_map, Mapping):
        raise ArgumentError(
            f"indicator_map: expected a mapping of Fingertips IDs to framework ids, "
            f"got {type(indicator_map).__name__}"
        )
    wrong = [(k, v) for k, v in indicator_map.items() if not isinstance(v, str) or not v.strip()]
    if wrong:
        k, v = wrong[0]
        raise ArgumentError(
            f"indicator_map: the id given for {k!r} must be non-empty text, "
            f"got {type(v).__name__} {v!r}"
        )
    return {str(k).strip(): v for k, v in indicator_map.items()}


def _renamed(
    frame: pd.DataFrame, squashed: Mapping[str, str], table: Mapping[str, str | None]
) -> dict[str, pd.Series[Any]]:
    """The file's columns under the names they are read as, in the file's order."""
    names = _new_names(squashed, table)
    return {names[c]: frame[c] for c in frame.columns if c in names}


def _fill_areas(
    columns: dict[str, Any], areas: AreaTable | str | os.PathLike[str] | pd.DataFrame | None
) -> None:
    """Fill missing area names and types from the areas table (in place)."""
    from outcomeframe.observations._areas import area_table  # noqa: PLC0415

    table = area_table(areas)
    codes = _text(columns["area_code"])
    positions = None  # of each row's area in the table, found once for both columns
    for column, field in (("area_name", "name"), ("area_type", "type")):
        if column in columns:
            given, missing = _text_missing(columns[column])
            if not missing.any():  # nothing to fill
                columns[column] = given
                continue
        if positions is None:
            positions = table._positions(codes)
        values = table._column(field)[positions]  # position -1: the missing value appended
        filled = pd.Series(values, index=codes.index, dtype="str")
        columns[column] = given.fillna(filled) if column in columns else filled


def _breakdowns(columns: dict[str, Any]) -> None:
    """Category Type and Category as the breakdown; neither: the breakdown ("Total", "Total").

    Their cells are read as text, quotes around them removed (in place).
    """
    index = columns["fingertips_id"].index
    n = len(index)
    found = {}
    for column in ("category_type", "category"):
        if column in columns:
            found[column] = _unquoted(columns.pop(column))
        else:
            found[column] = (np.full(n, -1, dtype=np.intp), [])
    (type_codes, types), (codes, categories) = found["category_type"], found["category"]
    plain = (type_codes < 0) & (codes < 0)
    # a category with no type (or a type with no category) stays blank: tidy reports it
    for column, (given, texts), total in (
        ("breakdown_type", (type_codes, types), TOTAL[0]),
        ("breakdown", (codes, categories), TOTAL[1]),
    ):
        if plain.any():
            columns[column] = _text_values(
                np.where(plain, len(texts), given), [*texts, total], index
            )
        else:
            columns[column] = _text_values(given, texts, index)


def _unquoted(series: pd.Series[Any]) -> tuple[npt.NDArray[np.intp], list[str]]:
    """A column's text codes with quotes around the cells removed (blank: missing)."""
    codes, texts, _ = _text_codes(series)
    position: dict[str, int] = {}
    remap = np.full(len(texts) + 1, -1, dtype=np.intp)
    for i, text in enumerate(texts):
        bare = text.strip('"').strip()
        if bare:
            remap[i] = position.setdefault(bare, len(position))
    return remap[codes], list(position)
