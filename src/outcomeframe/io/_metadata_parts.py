"""The parts of reading Fingertips indicator metadata and building a framework from it.

Column names, word parsing, pooled years, repeated IDs, and the units of indicators
whose metadata gives none. The public functions are in :mod:`outcomeframe.io._metadata`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError, FileFormatError, UnitError, _listed_columns
from outcomeframe.model._elements import ComparisonMethod, MeasureType
from outcomeframe.observations._cells import _unhashable, exact_whole
from outcomeframe.observations._csv import read_csv_text
from outcomeframe.observations._period import PeriodType, _multi_year
from outcomeframe.stats._polarity import Polarity
from outcomeframe.stats._units import unit_name

__all__: list[str] = []

#: Tidy column <- the squashed names it is read from (first found wins).
SOURCES: dict[str, tuple[str, ...]] = {
    "fingertips_id": ("indicatorid",),
    "name": ("indicatorname", "indicator", "name"),
    "polarity": ("polarity",),
    "measure": ("valuetype",),
    "comparison": (
        "benchmarkcomparisonmethod",
        "benchmarkingmethod",
        "comparisonmethod",
        "comparatormethod",
    ),
    "period_type": ("periodtype", "yeartype"),
    "unit": ("unit",),
    "frequency": ("frequency",),
    "definition": ("definition",),
}
WORD_FIELDS: dict[str, Callable[[str], Any]] = {
    "polarity": Polarity.parse,
    "measure": MeasureType.parse,
    "comparison": ComparisonMethod.parse,
    "period_type": PeriodType.parse,
    "unit": unit_name,
}
#: "3 years combined", "5 year pooled", "(3-year pooled)": the length of pooled periods.
#: Possessive quantifiers: a name of 20,000 digits or spaces took seconds of backtracking.
_POOLED_YEARS = re.compile(r"(?<!\d)(\d++)\s*+-?\s*+years?\s++(?:combined|pooled)", re.IGNORECASE)


def _squash(name: object) -> str:
    return re.sub(r"[\s_]+", "", str(name)).lower()


def text_column(series: pd.Series[Any]) -> pd.Series[Any]:
    """Text with its ends stripped, blank -> missing; 93085.0 -> '93085' (per distinct value)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    text = [None if (isinstance(u, float) and np.isnan(u)) else _as_text(u) for u in uniques]
    values = np.asarray([*text, None], dtype=object)[codes]
    return pd.Series(values, index=series.index, dtype="object")


def _as_text(value: object) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def read_table(
    source: Any,
) -> tuple[pd.DataFrame, str | None, str, dict[str, pd.Series[Any]]]:
    """The raw table, the file's name and the word for its rows ("line" or "row").

    Also, by column, the cells of a DataFrame that hold a list, dict, set or array
    (blanked in the table).
    """
    if isinstance(source, pd.DataFrame):
        frame, odd = _unhashable(source.copy())
        return frame, None, "row", odd
    if not isinstance(source, str | os.PathLike) and not hasattr(source, "read"):
        raise ArgumentError(
            f"metadata: expected a path, a file or a DataFrame, got {type(source).__name__}"
        )
    frame, name = read_csv_text(source)
    frame.columns = [str(c).lstrip("\ufeff").strip() for c in frame.columns]
    return frame, name, "line", {}


def columns_of(frame: pd.DataFrame, where: str) -> dict[str, Hashable]:
    squashed: dict[str, Hashable] = {}
    for column in frame.columns:
        squashed.setdefault(_squash(column), column)
    for column in frame.columns:  # "IndicatorName_HEAD": a name column kept from a merge
        if re.fullmatch(r"indicatorname_\w+", str(column).strip().lower()):
            squashed.setdefault("indicatorname", column)
    found = {
        field: next(squashed[n] for n in names if n in squashed)
        for field, names in SOURCES.items()
        if any(n in squashed for n in names)
    }
    described = {"polarity", "measure", "comparison", "period_type", "unit"} & found.keys()
    if "fingertips_id" not in found or not described:
        columns = _listed_columns(frame.columns) or "none"
        raise FileFormatError(
            "not Fingertips indicator metadata: expected an IndicatorID (or 'Indicator ID') "
            "column and at least one of Polarity, ValueType ('Value type'), PeriodType "
            "('Year type'), BenchmarkComparisonMethod or Unit; columns found: " + columns,
            path=where,
        )
    return found


def lines_text(labels: pd.Series[Any], limit: int = 10) -> str:
    shown = list(labels[:limit])
    more = len(labels) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def words(
    column: pd.Series[Any],
    field: str,
    parse: Callable[[str], Any],
    problem: Callable[[str, pd.Series[bool]], None],
) -> pd.Series[Any]:
    """Each distinct word read once; a word that cannot be read is a problem of its rows."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    values: list[object] = []
    for position, given in enumerate(uniques):
        try:
            values.append(str(parse(given)))
        except (ArgumentError, UnitError) as err:
            values.append(None)
            text = str(err) if field == "unit" else f"{field}: {str(err).split(': ', 1)[-1]}"
            problem(text, pd.Series(codes == position, column.index))
    return pd.Series(np.asarray([*values, None], dtype=object)[codes], column.index, "object")


def repeated_ids(
    tidy: pd.DataFrame,
    raw: pd.DataFrame,
    found: dict[str, Hashable],
    labels: pd.Series[Any],
    word: str,
    problem: Callable[[str, pd.Series[bool]], None],
) -> None:
    """An ID given twice is a problem unless its rows agree on every metadata field."""
    ids = tidy["fingertips_id"]
    repeated = ids.notna() & ids.duplicated(keep=False)
    if not repeated.any():
        return
    used = [c for c in found.values() if c in raw.columns]
    signature = pd.util.hash_pandas_object(raw.loc[repeated, used].astype("str"), index=False)
    kinds = signature.groupby(ids[repeated]).nunique()
    for ft in kinds.index[kinds.to_numpy() > 1]:  # one message per conflicting ID
        rows = ids.eq(ft).fillna(False).astype(bool)
        problem(
            f"indicator {ft} is given {int(rows.sum())} times with different metadata "
            f"({word}s {lines_text(labels[rows])})",
            rows,
        )


def period_years(names: pd.Series[Any], period_words: pd.Series[Any]) -> pd.Series[Any]:
    """N from "N years combined" in the name; else 1, or missing for a multi-year type."""
    stated = names.astype("object").fillna("").astype("str").str.extract(_POOLED_YEARS)[0]
    number = pd.to_numeric(stated, errors="coerce")
    years = number.where(exact_whole(number)).astype("Int64")  # "N years": digits, maybe many
    multi = np.asarray([_multi_year(w) for w in period_words.unique()], dtype=bool)
    is_multi = multi[pd.factorize(period_words, use_na_sentinel=False)[0]]
    default = pd.Series(pd.array(np.where(is_multi, 0, 1), dtype="Int64"), index=names.index)
    default[is_multi] = pd.NA
    return years.fillna(default)


#: The unit of a value type whose unit it fixes, when the metadata gives none.
_UNIT_OF_TYPE = {
    "proportion": "percent",
    "indirectly standardised proportion": "percent",
    "life expectancy": "year",
    "count": "dimensionless",
    "score": "dimensionless",
}
#: Value types whose multiplier is read from the data, and the fallback without data.
_SCALED = {
    MeasureType.CRUDE_RATE.value: "per_100000",
    MeasureType.DSR.value: "per_100000",
    MeasureType.RATIO.value: "percent",  # Fingertips prints ratios x100 (100 = as expected)
}
#: The multipliers a rate or ratio may be published with.
_MULTIPLIERS = {2: "percent", 3: "per_1000", 4: "per_10000", 5: "per_100000", 6: "per_1000000"}


def _data_columns(data: Any) -> pd.DataFrame:
    """ID, value, count and denominator from observations or a Fingertips data file."""
    frame = getattr(data, "data", data)
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"data: expected a DataFrame, got {type(data).__name__}")
    names = {_squash(c): c for c in frame.columns}
    wanted = {
        "id": ("fingertipsid", "indicatorid"),
        "value": ("value",),
        "count": ("count",),
        "denominator": ("denominator",),
    }
    picked: dict[str, Any] = {}
    for key, options in wanted.items():
        column = next((names[o] for o in options if o in names), None)
        if column is None:
            found = _listed_columns(frame.columns, quote=False)
            raise ArgumentError(
                f"data: no {key!r} column (expected fingertips_id or IndicatorId, value, "
                f"count and denominator); columns found: {found}"
            )
        picked[key] = pd.to_numeric(frame[column], errors="coerce")
    return pd.DataFrame(picked)


def inferred_units(data: Any) -> dict[int, str]:
    """For each indicator: the unit whose multiplier is nearest median(value x denominator / count)."""
    table = _data_columns(data)
    ok = (
        np.isfinite(table["value"])
        & np.isfinite(table["denominator"])
        & (table["count"] > 0)
        & table["id"].notna()
    )
    scale = (table["value"] * table["denominator"] / table["count"])[ok]
    median = scale.groupby(table["id"][ok]).median()
    power = np.round(np.log10(median.where(median > 0)))
    return {
        int(ft): _MULTIPLIERS[int(p)]
        for ft, p in power.items()
        if np.isfinite(p) and int(p) in _MULTIPLIERS
    }


def unit_of(row: dict[Any, Any], inferred: str | None, assumed: dict[str, list[str]]) -> str:
    ft = str(int(row["fingertips_id"]))
    if isinstance(row["unit"], str):
        return row["unit"]
    value_type = " ".join(str(row["value_type"]).lower().split())
    if value_type in _UNIT_OF_TYPE:
        return _UNIT_OF_TYPE[value_type]
    if row["measure"] in _SCALED:
        if inferred is not None:
            return inferred
        fallback = _SCALED[row["measure"]]
        assumed.setdefault(
            "no unit in the metadata, and no rows with value, count and denominator to "
            f"read the multiplier from: {unit_name(fallback)} assumed",
            [],
        ).append(ft)
        return fallback
    assumed.setdefault("no unit: dimensionless assumed", []).append(ft)
    return "dimensionless"
