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
from collections.abc import Collection, Mapping
from typing import IO, TYPE_CHECKING, Any, Literal, cast

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError, FileFormatError
from outcomeframe.io._csv import read_csv_text
from outcomeframe.io._fingertips_periods import (
    PeriodSpec,
    _metadata_periods,
    _next_periods,
    _period_specs,
)
from outcomeframe.io._fingertips_shape import (
    _CLASSIC_TO_TIDY,
    _NEXT_TO_TIDY,
    CLASSIC_COLUMNS,
    _check_twins,
    _detect,
    _rename,
    _squash,
)
from outcomeframe.io._fingertips_write import write_fingertips
from outcomeframe.observations._cells import _text
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
    r"""Read Fingertips data (classic export, fingertipsR or FingertipsNext) as observations.

    Parameters
    ----------
    path_or_buffer : str, path, file-like or pandas.DataFrame
        The CSV file, or a table already read (e.g. by ``fingertipsR`` and saved, or
        ``pandas.read_csv``). Column names are matched without regard to case and spaces.
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
        ``rejected``, one reason per indicator.
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
    if isinstance(path_or_buffer, pd.DataFrame):
        frame, name = _given_frame(path_or_buffer), None
    else:
        frame, name = read_csv_text(path_or_buffer)
    where = name if name is not None else "<buffer>"
    shape = _detect(frame, where)
    squashed = {c: _squash(c) for c in frame.columns}
    _check_twins(squashed, _NEXT_TO_TIDY if shape == "next" else _CLASSIC_TO_TIDY, where)
    if shape == "next":
        renamed, _ = _rename(frame, squashed, _NEXT_TO_TIDY)
    else:
        renamed, _ = _rename(frame, squashed, _CLASSIC_TO_TIDY)
    tidy = renamed
    ids = _whole_ids(_text(tidy["fingertips_id"]))
    tidy["fingertips_id"] = ids
    mapping = _indicator_map(indicator_map)
    aside = _not_asked(ids, mapping, _asked(indicators))
    from_metadata, pooled = _metadata_periods(metadata)
    specs = _period_specs(
        period_type, ids[~aside], from_metadata, next_shape=shape == "next", pooled=pooled
    )
    if shape == "next":
        tidy = _next_periods(tidy, ids, specs)
    elif specs:
        hint = {
            i: ("academic" if k is PeriodType.ACADEMIC else k.value) for i, (k, _) in specs.items()
        }
        tidy["period_type"] = ids.map(hint).astype("str")
    for column in ("category_type", "category"):
        if column in tidy.columns:
            tidy[column] = _text(tidy[column]).str.strip('"').str.strip()
    tidy = _breakdowns(tidy)
    tidy["indicator"] = ids.map(mapping).fillna(ids).astype("str") if mapping else ids
    tidy = tidy.drop(columns=[c for c in ("category_type", "category") if c in tidy.columns])
    for column in FINGERTIPS_COLUMNS:
        if column not in tidy.columns:
            tidy[column] = pd.Series(np.nan, index=tidy.index, dtype="str")
    _fill_areas(tidy, areas)
    known = [c for c in tidy.columns if c in OBSERVATION_COLUMNS]
    others = [
        c for c in tidy.columns if c not in OBSERVATION_COLUMNS and c not in FINGERTIPS_COLUMNS
    ]
    tidy = tidy[known + list(FINGERTIPS_COLUMNS) + others]
    if not aside.any():
        return tidy_observations(tidy, source=name, errors=errors)
    table = tidy_observations(tidy.loc[~aside.to_numpy()], source=name, errors=errors)
    others_rows = frame.loc[aside.to_numpy()].copy()
    others_rows["reason"] = (
        "indicator " + ids[aside].map(repr) + " is not among the indicators asked for"
    ).astype("str")
    rejected = pd.concat([table.rejected, others_rows]).sort_index()
    return ObservationTable(data=table.data, rejected=rejected)


def _whole_ids(ids: pd.Series[Any]) -> pd.Series[Any]:
    """IDs written as floats read as the whole number ("93085.0" -> "93085").

    Other text (a framework id written by :func:`write_fingertips`) is kept as given.
    Only the few distinct IDs are read, not every row.
    """
    codes, uniques = pd.factorize(ids)
    if not len(uniques):
        return ids
    text = pd.Series(uniques, dtype="str")
    whole = text.str.replace(r"^\s*\+?(\d+)\.0*\s*$", r"\1", regex=True)
    if whole.equals(text):
        return ids
    new = np.append(whole.to_numpy(dtype=object), np.nan)
    return pd.Series(new[codes], index=ids.index, dtype="str")


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


def _asked(indicators: Any) -> Collection[str | int] | None:
    """``indicators`` as a collection of IDs or ids; one text or number is refused by name."""
    if indicators is None:
        return None
    if isinstance(indicators, str | bytes | Mapping) or not isinstance(indicators, Collection):
        raise ArgumentError(
            f"indicators: expected a list of Fingertips IDs or framework ids, "
            f"got {type(indicators).__name__} {indicators!r}"
        )
    return cast("Collection[str | int]", indicators)


def _given_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A caller's DataFrame as the reader wants it: text column names, row numbers."""
    if not isinstance(frame.columns, pd.MultiIndex):
        names = [str(c).strip() for c in frame.columns]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise FileFormatError(
                f"column {repeated[0]!r} appears more than once in the DataFrame: keep one",
                path="<DataFrame>",
            )
    else:
        raise FileFormatError(
            "the DataFrame has columns on several levels (a MultiIndex): give one level",
            path="<DataFrame>",
        )
    out = frame.copy()
    out.columns = [str(c).strip() for c in out.columns]
    out.index = pd.RangeIndex(len(out), name="row")
    for column in out.columns:  # a blank cell is a missing one, as when reading a file
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            out[column] = values.where(values.astype("str").str.strip() != "")
    return out


def _not_asked(
    ids: pd.Series[Any], mapping: Mapping[str, str], indicators: Collection[str | int] | None
) -> pd.Series[Any]:
    """Rows whose indicator is not among ``indicators`` (all False when not given)."""
    if indicators is None:
        return pd.Series(False, index=ids.index)
    wanted = {str(i).strip() for i in indicators}
    mapped = ids.map(mapping) if mapping else pd.Series(np.nan, index=ids.index, dtype="str")
    keep = ids.isin(wanted) | mapped.isin(wanted)
    return ~keep & ids.notna()


def _fill_areas(
    tidy: pd.DataFrame, areas: AreaTable | str | os.PathLike[str] | pd.DataFrame | None
) -> None:
    """Fill missing area names and types from the areas table (in place)."""
    from outcomeframe.observations._areas import area_table  # noqa: PLC0415

    table = area_table(areas)
    codes = _text(tidy["area_code"])
    for column, values in (("area_name", table.names(codes)), ("area_type", table.types(codes))):
        given = _text(tidy[column]) if column in tidy.columns else None
        filled = pd.Series(np.asarray(values, dtype=object), index=tidy.index, dtype="str")
        tidy[column] = filled if given is None else given.fillna(filled)


def _breakdowns(tidy: pd.DataFrame) -> pd.DataFrame:
    """Category Type and Category as the breakdown; neither: the breakdown ("Total", "Total")."""
    blank = pd.Series(np.nan, index=tidy.index, dtype="str")
    category_type = _text(tidy["category_type"]) if "category_type" in tidy else blank
    category = _text(tidy["category"]) if "category" in tidy else blank
    plain = category_type.isna() & category.isna()
    out = tidy.copy()
    # a category with no type (or a type with no category) stays blank: tidy reports it
    out["breakdown_type"] = category_type.mask(plain, TOTAL[0])
    out["breakdown"] = category.mask(plain, TOTAL[1])
    return out
