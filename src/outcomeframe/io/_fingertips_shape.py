"""The shapes of a Fingertips data file: which columns mean what, and which shape a file is.

Classic export, fingertipsR (the classic columns without spaces), FingertipsNext
"healthdata" and the CSV files FingertipsNext's charts and tables export; column
names are compared without case and spaces (:func:`_squash`).
"""

from __future__ import annotations

import collections
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

import numpy as np
import pandas as pd

from outcomeframe._errors import FileFormatError, _listed_columns
from outcomeframe.observations._cells import NOT_ONE_VALUE, _unhashable
from outcomeframe.observations._columns import EXTRA_FIELDS

__all__ = ["CLASSIC_COLUMNS", "SHAPE_COLUMNS"]

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

#: The CSV export of a FingertipsNext chart or table ("Indicator ID", "Period", "Area",
#: "Area code", "Lower confidence limit 95%" ...). Its "Inequality category" and
#: "Inequality type" are the breakdown (or the sex, for the category "Sex"); "Benchmark",
#: "Compared to benchmark", "Value unit" and "Compared to persons" are kept as they are.
_CHART_TO_TIDY = {
    "indicatorid": "fingertips_id",
    "indicatorname": "indicator_name",
    "period": "period",
    "area": "area_name",
    "areacode": "area_code",
    "recenttrend": "published_trend",
    "count": "count",
    "value": "value",
    "lowerconfidencelimit95%": "lower_95",
    "upperconfidencelimit95%": "upper_95",
    "lowerconfidencelimit99.8%": "lower_99_8",
    "upperconfidencelimit99.8%": "upper_99_8",
    "inequalitycategory": "category_type",
    "inequalitytype": "category",
}

_CLASSIC_NEEDS = ("indicatorid", "areacode", "timeperiod", "value")
_NEXT_NEEDS = ("indicatorid", "areacode", "year", "value", "lowerci", "upperci")
_CHART_NEEDS = ("indicatorid", "areacode", "period", "value")

_ALL_NEEDS = (_CLASSIC_NEEDS, _NEXT_NEEDS, _CHART_NEEDS)

#: Each shape's columns, by its name as :func:`_detect` gives it.
SHAPE_COLUMNS: dict[str, Mapping[str, str | None]] = {
    "classic": _CLASSIC_TO_TIDY,
    "next": _NEXT_TO_TIDY,
    "chart": _CHART_TO_TIDY,
}

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


def _squash(name: str) -> str:
    return re.sub(r"\s+", "", str(name)).lower()


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


def _check_own_names(
    squashed: Mapping[str, str],
    table: Mapping[str, str | None],
    made: Collection[str],
    where: str,
) -> None:
    """Refuse a column the reader does not know whose name is one the reader makes.

    Such a column ("period" in a FingertipsNext file, "indicator", "breakdown") would
    otherwise be overwritten by the column the reader makes (``made``, ``period_type``
    and the names of ``table``), and its cells lost.
    """
    reserved = {*made, "period_type", *(t for t in table.values() if t is not None)}
    clashes = [c for c, key in squashed.items() if key not in table and c in reserved]
    if clashes:
        raise FileFormatError(
            f"column {clashes[0]!r} is not a Fingertips column, but the reader makes a column "
            f"of that name from the file's own columns: rename it (e.g. {clashes[0] + '_file'!r})",
            path=where,
        )


def _detect(frame: pd.DataFrame, where: str) -> str:
    keys = {_squash(c) for c in frame.columns}
    found = _listed_columns(frame.columns) or "none"
    if all(k in keys for k in _NEXT_NEEDS) and "timeperiod" not in keys:
        return "next"
    if all(k in keys for k in _CLASSIC_NEEDS):
        return "classic"
    if all(k in keys for k in _CHART_NEEDS) and "year" not in keys:
        return "chart"
    hint = ""
    if len(frame.columns) == 1:
        only = str(frame.columns[0])
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
            if sep in only:
                hint = f" (the header seems to be separated by {name}, not commas)"
                break
    for line, row in frame.head(10).iterrows():  # a title or notes above the header
        texts = [v for v in row if isinstance(v, str)]
        if isinstance(row.get(EXTRA_FIELDS), str):  # the header is longer than the title
            texts += str(row[EXTRA_FIELDS]).split(",")
        cells = {_squash(v) for v in texts}
        if any(all(k in cells for k in needs) for needs in _ALL_NEEDS):
            hint = (
                f" (the header seems to be on line {line}: remove the lines above it, "
                "a title or notes, and read the file again)"
            )
            break
    missing = [k for k in _CLASSIC_NEEDS if k not in keys]
    expected = "Indicator ID, Area Code, Time period, Value (classic export) or IndicatorId, "
    expected += "AreaCode, Year, Value, LowerCI, UpperCI (FingertipsNext) or Indicator ID, "
    expected += "Period, Area code, Value (a FingertipsNext chart's CSV export)"
    raise FileFormatError(
        f"not a Fingertips data file{hint}: expected columns {expected}; "
        f"missing {', '.join(missing)}; columns found: {found}",
        path=where,
    )


def _new_names(squashed: Mapping[str, str], table: Mapping[str, str | None]) -> dict[str, str]:
    """Each column kept -> the name it is read as (columns the reader does not keep left out)."""
    columns: dict[str, str] = {}
    for column, key in squashed.items():
        if key in table:
            target = table[key]
            if target is not None:
                columns[column] = target
        elif (m := _PARENT_COMPARISON.fullmatch(key)) and m.group(1) != "england":
            columns[column] = "published_comparison_parent"
        else:
            columns[column] = column  # unknown: kept under its own name
    return columns


#: FingertipsNext's exports name the group and the benchmark among the areas so.
_AREA_PREFIX = re.compile(r"^\s*(?:Group|Benchmark)\s*:\s*", re.IGNORECASE)


def _per_distinct(series: pd.Series[Any], func: Callable[[str], Any]) -> pd.Series[Any]:
    """``func`` of each cell, computed once per distinct cell (missing stays missing)."""
    codes, uniques = pd.factorize(series)
    done = np.asarray([func(str(u)) for u in uniques] + [None], dtype=object)
    return pd.Series(done[codes], index=series.index)


def _from_chart(columns: dict[str, pd.Series[Any]]) -> None:
    """A chart export's columns as the other shapes give them (in place).

    The group's name loses its "Group: " prefix; an inequality category "Sex" gives the
    row's sex (its type, "Male"), not a breakdown.
    """
    if "area_name" in columns:
        names = _per_distinct(columns["area_name"], lambda t: _AREA_PREFIX.sub("", t))
        columns["area_name"] = names.astype("str")
    if "category_type" not in columns or "category" not in columns:
        return
    kind, category = columns["category_type"], columns["category"]
    is_sex = _per_distinct(kind, lambda t: t.strip().casefold() == "sex").fillna(False)
    is_sex = is_sex.astype(bool)
    if not is_sex.any():
        return
    given = columns.get("sex", pd.Series(pd.NA, index=kind.index, dtype="str"))
    columns["sex"] = given.mask(is_sex & given.isna(), category).astype("str")
    columns["category_type"] = kind.mask(is_sex).astype("str")
    columns["category"] = category.mask(is_sex).astype("str")


def _given_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series[Any]]:
    """A caller's DataFrame as the reader wants it: text column names, row numbers.

    Also each row's reason to be set aside (missing where none): a cell that holds a
    list, dict, set or array rather than a single value (that cell is blanked).
    """
    if not isinstance(frame.columns, pd.MultiIndex):
        names = [str(c).strip() for c in frame.columns]
        repeated = sorted(n for n, k in collections.Counter(names).items() if k > 1)
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
    out, odd_cells = _unhashable(out)
    reason = pd.Series(None, index=out.index, dtype=object)
    for column, odd in odd_cells.items():  # the first such column names the row's reason
        text = f"{column} {NOT_ONE_VALUE}"
        reason = reason.mask(odd.to_numpy() & reason.isna().to_numpy(), text)
    for column in out.columns:  # a blank cell is a missing one, as when reading a file
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            out[column] = values.where(values.astype("str").str.strip() != "")
    return out, reason
