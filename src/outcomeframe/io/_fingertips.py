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
import warnings
from collections.abc import Collection, Mapping
from typing import IO, TYPE_CHECKING, Any, Literal, cast

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError, DataError, FileFormatError, OutcomeFrameWarning
from outcomeframe.observations._cells import _text
from outcomeframe.observations._period import Period, PeriodType, _kind_hint
from outcomeframe.observations._table import (
    OBSERVATION_COLUMNS,
    TOTAL,
    ObservationTable,
    read_csv_text,
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

#: Columns of the classic Fingertips export, in the order it prints them.
CLASSIC_COLUMNS: tuple[str, ...] = (
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Compared to parent value or percentiles",
    "Time period Sortable",
    "New data",
    "Compared to goal",
)

#: classic column (spaces removed, lower case) -> observation / extra column
_CLASSIC_TO_TIDY = {
    "indicatorid": "fingertips_id",
    "indicatorname": "indicator_name",
    "parentcode": "parent_code",
    "parentname": "parent_name",
    "areacode": "area_code",
    "areaname": "area_name",
    "areatype": "area_type",
    "sex": "sex",
    "age": "age",
    "categorytype": "category_type",
    "category": "category",
    "timeperiod": "period",
    "value": "value",
    "lowerci95.0limit": "lower_95",
    "upperci95.0limit": "upper_95",
    "lowerci99.8limit": "lower_99_8",
    "upperci99.8limit": "upper_99_8",
    "count": "count",
    "denominator": "denominator",
    "valuenote": "value_note",
    "recenttrend": "published_trend",
    "comparedtoenglandvalueorpercentiles": "published_comparison",
    "newdata": "new_data",
    "comparedtogoal": "published_goal_comparison",
    "timeperiodsortable": None,  # derived from the period; not kept
    "timeperiodrange": None,
}
_PARENT_COMPARISON = re.compile(r"comparedto(.+)valueorpercentiles")

_NEXT_TO_TIDY = {
    "indicatorid": "fingertips_id",
    "areacode": "area_code",
    "sex": "sex",
    "age": "age",
    "categorytype": "category_type",
    "category": "category",
    "year": "year",
    "value": "value",
    "lowerci": "lower_95",
    "upperci": "upper_95",
    "count": "count",
    "denominator": "denominator",
    "trend": "published_trend",
    "sexid": None,
    "ageid": None,
    "categorytypeid": None,
    "categoryid": None,
}

_CLASSIC_NEEDS = ("indicatorid", "areacode", "timeperiod", "value")
_NEXT_NEEDS = ("indicatorid", "areacode", "year", "value", "lowerci", "upperci")

#: tidy column -> classic column written by :func:`write_fingertips`
_TIDY_TO_CLASSIC = {
    "indicator_name": "Indicator Name",
    "parent_code": "Parent Code",
    "parent_name": "Parent Name",
    "area_code": "Area Code",
    "area_name": "Area Name",
    "area_type": "Area Type",
    "age": "Age",
    "period": "Time period",
    "value": "Value",
    "lower_95": "Lower CI 95.0 limit",
    "upper_95": "Upper CI 95.0 limit",
    "lower_99_8": "Lower CI 99.8 limit",
    "upper_99_8": "Upper CI 99.8 limit",
    "count": "Count",
    "denominator": "Denominator",
    "value_note": "Value note",
    "published_comparison_parent": "Compared to parent value or percentiles",
    "new_data": "New data",
    "published_goal_comparison": "Compared to goal",
}

PeriodSpec = PeriodType | str | tuple[PeriodType | str, int]


def _squash(name: str) -> str:
    return re.sub(r"\s+", "", str(name)).lower()


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
        :func:`outcomeframe.io.read_fingertips_metadata`): the period type of each
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
    >>> from outcomeframe.io import read_fingertips
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


def _check_twins(squashed: Mapping[str, str], table: Mapping[str, str | None], where: str) -> None:
    """Refuse two columns that mean the same thing ("Indicator ID" and "IndicatorID")."""
    seen: dict[str, str] = {}
    for column, key in squashed.items():
        base = re.sub(r"\.\d+$", "", key)  # pandas writes a repeated header as "value.1"
        meaning = table.get(key) or table.get(base) or key
        if base != key and base in seen.values():
            meaning = table.get(base) or base
        if meaning in seen:
            raise FileFormatError(
                f"columns {seen[meaning]!r} and {column!r} both give {meaning!r}: keep one of them",
                path=where,
            )
        seen[meaning] = column


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


def _metadata_periods(
    metadata: str | os.PathLike[str] | pd.DataFrame | None,
) -> tuple[dict[str, tuple[PeriodType, int]], list[str]]:
    """Period type and pooled length by indicator ID, from Fingertips metadata.

    Also the IDs whose periods pool an unknown number of years ("Financial multi-year").
    """
    if metadata is None:
        return {}, []
    from outcomeframe.io._metadata import read_fingertips_metadata  # noqa: PLC0415

    meta = read_fingertips_metadata(metadata)
    out: dict[str, tuple[PeriodType, int]] = {}
    unknown: list[str] = []
    for ft, kind, years in zip(  # one per indicator
        meta["fingertips_id"], meta["period_type"], meta["period_years"], strict=True
    ):
        if pd.isna(ft) or kind is None or pd.isna(kind):
            continue
        if pd.isna(years):  # "Financial multi-year" with no length in its name
            unknown.append(str(int(ft)))
            continue
        out[str(int(ft))] = _spec((kind, int(years)))
    return out, unknown


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


def _detect(frame: pd.DataFrame, where: str) -> str:
    keys = {_squash(c) for c in frame.columns}
    found = ", ".join(repr(str(c)) for c in frame.columns) or "none"
    if all(k in keys for k in _NEXT_NEEDS) and "timeperiod" not in keys:
        return "next"
    if all(k in keys for k in _CLASSIC_NEEDS):
        return "classic"
    hint = ""
    if len(frame.columns) == 1:
        only = str(frame.columns[0])
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
            if sep in only:
                hint = f" (the header seems to be separated by {name}, not commas)"
                break
    missing = [k for k in _CLASSIC_NEEDS if k not in keys]
    expected = "Indicator ID, Area Code, Time period, Value (classic export) or IndicatorId, "
    expected += "AreaCode, Year, Value, LowerCI, UpperCI (FingertipsNext)"
    raise FileFormatError(
        f"not a Fingertips data file{hint}: expected columns {expected}; "
        f"missing {', '.join(missing)}; columns found: {found}",
        path=where,
    )


def _rename(
    frame: pd.DataFrame, squashed: Mapping[str, str], table: Mapping[str, str | None]
) -> tuple[pd.DataFrame, list[str]]:
    columns: dict[str, str] = {}
    dropped: list[str] = []
    for column, key in squashed.items():
        if key in table:
            target = table[key]
            if target is None:
                dropped.append(column)
            else:
                columns[column] = target
        elif (m := _PARENT_COMPARISON.fullmatch(key)) and m.group(1) != "england":
            columns[column] = "published_comparison_parent"
        else:
            columns[column] = column  # unknown: kept under its own name
    out = frame.drop(columns=dropped).rename(columns=columns)
    return out, dropped


def _spec(spec: PeriodSpec) -> tuple[PeriodType, int]:
    """A period type and pooled length from ``"financial"``, ``("academic", 5)`` ..."""
    if isinstance(spec, tuple):
        if len(spec) != 2:
            raise ArgumentError(f"period_type: {spec!r} is not (kind, years)")
        kind, years = spec[0], cast("object", spec[1])
        if not isinstance(years, int | np.integer) or isinstance(years, bool) or years < 1:
            raise ArgumentError(f"period_type: {spec!r}: years must be a whole number, 1 or more")
    else:
        kind, years = spec, 1
        if "multi" in str(spec).lower():
            raise ArgumentError(
                f"period_type: {spec!r} pools several years: give (kind, years), e.g. ({spec!r}, 3)"
            )
    hint = _kind_hint(kind, "period_type")
    if hint is None:
        raise ArgumentError(f"period_type: {spec!r} is not a period type")
    return hint, int(years)


def _period_specs(
    period_type: PeriodSpec | Mapping[str | int, PeriodSpec] | None,
    ids: pd.Series[Any],
    from_metadata: Mapping[str, tuple[PeriodType, int]],
    *,
    next_shape: bool,
    pooled: Collection[str] = (),
) -> dict[str, tuple[PeriodType, int]]:
    """Period type and pooled length for each indicator ID in the file.

    ``period_type`` wins, then the metadata; in the FingertipsNext shape an indicator
    with neither is read as calendar years, with one warning naming them all.
    """
    present = [str(i) for i in ids.dropna().unique()]
    given: dict[str, tuple[PeriodType, int]] = {}
    if isinstance(period_type, Mapping):
        given = {str(k).strip(): _spec(v) for k, v in period_type.items()}
    elif period_type is not None:
        given = dict.fromkeys(present, _spec(period_type))
    specs = {
        i: given[i] if i in given else from_metadata[i]
        for i in present
        if i in given or i in from_metadata
    }
    missing = sorted(i for i in present if i not in specs)
    unsure = [i for i in missing if i in set(pooled)]
    if next_shape and unsure:
        warnings.warn(
            f"indicators {', '.join(unsure)}: the metadata say their periods pool several "
            "years but not how many: give period_type={ID: (kind, years)}; meanwhile their "
            "Year is read as a calendar year",
            OutcomeFrameWarning,
            stacklevel=3,
        )
        specs.update(dict.fromkeys(unsure, (PeriodType.CALENDAR, 1)))
        missing = [i for i in missing if i not in set(unsure)]
    if next_shape and missing:
        where = "in the metadata" if from_metadata else "given (period_type= or metadata=)"
        warnings.warn(
            f"no period type {where} for indicator{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}: its Year is read as a calendar year",
            OutcomeFrameWarning,
            stacklevel=3,
        )
        specs.update(dict.fromkeys(missing, (PeriodType.CALENDAR, 1)))
    return specs


def _next_periods(
    tidy: pd.DataFrame, ids: pd.Series[Any], specs: Mapping[str, tuple[PeriodType, int]]
) -> pd.DataFrame:
    """Turn (indicator, start year) into period labels, once per distinct pair."""
    year = _text(tidy["year"])
    codes, _ = pd.factorize(ids.fillna("") + "|" + year.fillna(""))
    first = pd.Series(np.arange(len(codes))).groupby(codes).first().to_numpy()
    labels: list[object] = []
    kinds: list[object] = []
    for position in first:  # one per distinct (indicator, year)
        raw, ft = year.iloc[position], ids.iloc[position]
        if ft not in specs:  # a blank indicator: left for tidy_observations to report
            labels.append(raw)
            kinds.append(np.nan)
            continue
        kind, years = specs[ft]
        try:
            period = Period.from_start_year(int(raw), kind, years=years)
        except (TypeError, ValueError):
            labels.append(raw)  # not a year: left for tidy_observations to report
            kinds.append(np.nan)
        else:
            labels.append(period.label)
            kinds.append("academic" if period.start.month == 9 else period.kind.value)
    out = tidy.drop(columns=["year"])
    position = list(tidy.columns).index("year")
    out.insert(
        position,
        "period",
        pd.Series(np.asarray(labels, dtype=object)[codes], index=tidy.index, dtype="str"),
    )
    out["period_type"] = pd.Series(
        np.asarray(kinds, dtype=object)[codes], index=tidy.index, dtype="str"
    )
    return out


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
    >>> from outcomeframe.io import read_fingertips, write_fingertips
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
    n = len(data)
    out = pd.DataFrame(index=range(n))

    def column(name: str) -> pd.Series[Any]:
        if name in data.columns:
            return pd.Series(data[name].to_numpy(), index=out.index)
        return pd.Series(np.nan, index=out.index, dtype="str")

    breakdown_type = column("breakdown_type").fillna(TOTAL[0]).astype("str")
    breakdown = column("breakdown").fillna(TOTAL[1]).astype("str")
    is_total = (breakdown_type == TOTAL[0]) & (breakdown == TOTAL[1])
    sex = column("sex").astype("str")
    ids = column("fingertips_id").astype("str").fillna(column("indicator").astype("str"))
    trend = column("trend").astype("str").fillna(column("published_trend").astype("str"))
    comparison = (
        column("comparison").astype("str").fillna(column("published_comparison").astype("str"))
    )
    category_type = breakdown_type.where(~is_total)
    category = breakdown.where(~is_total)
    for name in CLASSIC_COLUMNS:
        out[name] = pd.Series(np.nan, index=out.index, dtype="str")
    out["Indicator ID"] = ids
    out["Sex"] = sex
    out["Category Type"] = category_type
    out["Category"] = category
    out["Recent Trend"] = trend
    out["Compared to England value or percentiles"] = comparison
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
        if name not in written and name not in out.columns:
            out[name] = column(name)
    out.to_csv(path_or_buffer, index=False, lineterminator="\n")


def _sortable(data: pd.DataFrame) -> pd.Series[Any]:
    """Fingertips' "Time period Sortable": start year * 10000 + start month * 100."""
    if "period_start" in data.columns:
        start = pd.to_datetime(pd.Series(data["period_start"].to_numpy()))
        return (start.dt.year * 10000 + start.dt.month * 100).astype("Int64")
    return pd.Series(pd.NA, index=range(len(data)), dtype="Int64")
