"""What the assessment needs to know about areas: names, types and each row's benchmark.

Also the rows of series whose every observation is suppressed, which the table
shows as such rather than leaving out.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._vocabulary import Comparison, Polarity, TargetStatus, Trend
from outcomeframe.assessment._layout import SERIES_KEY

if TYPE_CHECKING:
    from outcomeframe.observations._areas import AreaTable

__all__: list[str] = []

#: England's area code, the default benchmark.
ENGLAND = "E92000001"
#: The ``benchmark=`` word for "each area's region".
PARENT = "parent"
#: The area type of a region, the parent Fingertips compares with.
_REGION = "Regions"

#: The reasons given for a series whose rows are all suppressed.
SUPPRESSED = "suppressed: the publisher gives no value and no count"


def _as_areas(areas: AreaTable | str | os.PathLike[str] | pd.DataFrame | None) -> AreaTable:
    """An area table: the one given, read from a file or frame, or the shipped English areas."""
    from outcomeframe.observations._areas import area_table  # noqa: PLC0415

    return area_table(areas)


def _by_category(
    column: pd.Series[Any], values: pd.Series[Any]
) -> tuple[npt.NDArray[np.int64], pd.Index[Any]]:
    """Per-row codes into the distinct ``values`` (one per category of ``column``); -1 missing."""
    labels, uniques = pd.factorize(values)  # in order of appearance, missing as -1
    codes = column.cat.codes.to_numpy()
    per_row = np.append(labels, -1)[codes]
    return per_row.astype(np.int64), pd.Index(uniques).astype("str")


def _fill_categorical(
    given: pd.Series[Any] | None, codes: npt.NDArray[np.int64], categories: pd.Index[Any]
) -> pd.Categorical:
    """``given`` (categorical) where present, else ``categories[codes]``; no string per row."""
    if given is None or not isinstance(given.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(codes, categories=categories, validate=False)
    old = given.cat.categories.astype("str")
    union = old.append(categories.difference(old)).unique()
    old_codes = given.cat.codes.to_numpy().astype(np.int64)
    remap_old = np.append(union.get_indexer(old), -1)
    remap_new = np.append(union.get_indexer(categories), -1)
    mine = remap_old[old_codes]
    theirs = remap_new[codes]
    return pd.Categorical.from_codes(
        np.where(mine >= 0, mine, theirs), categories=union, validate=False
    )


def _with_areas(data: pd.DataFrame, areas: AreaTable) -> pd.DataFrame:
    """Fill ``area_name`` and ``area_type`` from the area table where the data have none."""
    from outcomeframe.observations._areas import area_types  # noqa: PLC0415

    area = data["area_code"]
    cats = pd.Series(area.cat.categories.astype("str"))
    for column, values in (
        ("area_name", areas.names(cats)),
        ("area_type", area_types(cats, areas)),
    ):
        codes, uniques = _by_category(area, values)
        given = data[column] if column in data.columns else None
        if given is not None and not isinstance(given.dtype, pd.CategoricalDtype):
            given = given.astype("category")
        data[column] = _fill_categorical(given, codes, uniques)
    return data


def _benchmark_codes(latest: Any, benchmark: str, areas: AreaTable) -> pd.Categorical:
    """Each row's benchmark area: one code for all, or each area's region (``"parent"``)."""
    area = latest["area_code"]
    if benchmark != PARENT:
        return pd.Categorical.from_codes(
            np.zeros(len(latest), dtype=np.int8), categories=pd.Index([benchmark], dtype="str")
        )
    cats = pd.Series(area.cat.categories.astype("str"))
    region = areas.parent(cats, type=_REGION)
    region = region.where(region.notna() | (cats == ENGLAND).to_numpy(), ENGLAND)
    region = region.fillna(ENGLAND)  # England itself is compared with itself
    codes, uniques = _by_category(area, region)
    return pd.Categorical.from_codes(codes, categories=uniques, validate=False)


def _benchmarks(
    latest: Any,
    codes: pd.Categorical,
    area_rows: Callable[[str], Any],
    lookup: Callable[..., dict[str, npt.NDArray[np.float64]]],
) -> dict[str, Any]:
    """The benchmark code, value and 95% limits of each row (one pass per benchmark area)."""
    out = {name: np.full(len(latest), np.nan) for name in _BENCHMARK_COLUMNS}
    which = np.asarray(codes.codes)
    for position, code in enumerate(codes.categories):  # one per region at most
        rows = which == position
        if not rows.any():
            continue
        found = lookup(latest, area_rows(str(code)), str(code), rows)
        for column, name in zip(("value", "lower_95", "upper_95"), _BENCHMARK_COLUMNS, strict=True):
            out[name][rows] = found[column]
    return {"benchmark": codes, **out}


#: The benchmark's numbers in the table.
_BENCHMARK_COLUMNS = ("benchmark_value", "benchmark_lower_95", "benchmark_upper_95")


def _series_strings(frame: Any) -> pd.Series[Any]:
    """One text key per row for :data:`SERIES_KEY` (used on the few suppressed rows only)."""
    parts: list[pd.Series[Any]] = [frame[c].astype("str").fillna("\x00") for c in SERIES_KEY]
    key = parts[0]
    for part in parts[1:]:
        key = key + "\x1f" + part
    return key


def _suppressed_series(
    latest: Any,
    suppressed: pd.DataFrame,
    columns: Sequence[str],
    meta: pd.DataFrame,
    areas: Sequence[str] | None,
    *,
    period: str | None = None,
) -> pd.DataFrame:
    """A table row for each series whose rows are all suppressed: its latest period.

    ``latest`` is the assessment table of every series with a value (before any
    area filter). Columns not known from the suppressed row stay missing.
    """
    if not len(suppressed):
        return pd.DataFrame(columns=list(columns))
    seen = set(_series_strings(latest))
    keys = _series_strings(suppressed)
    rows = suppressed.loc[~keys.isin(seen).to_numpy()]
    if areas is not None:
        rows = rows.loc[rows["area_code"].isin(areas).to_numpy()]
    if period is not None:  # an earlier period asked for: its suppressed rows only
        rows = rows.loc[(rows["period"].astype("str") == period).to_numpy()]
    if not len(rows):
        return pd.DataFrame(columns=list(columns))
    rows = rows.assign(_key=keys.loc[rows.index]).sort_values("period_start", kind="stable")
    last = rows.drop_duplicates("_key", keep="last").drop(columns="_key")
    out = pd.DataFrame(index=pd.RangeIndex(len(last)))
    for column in columns:
        if column in last.columns:
            out[column] = last[column].to_numpy()
    info = meta.reindex(last["indicator"].astype("str"))
    for column in ("title", "fingertips_id", "measure", "unit", "polarity", "comparison_method"):
        out[column] = info[column].to_numpy()
    note = last["value_note"].astype("str").to_numpy(dtype=object)
    reason = np.where(pd.isna(note), SUPPRESSED, SUPPRESSED + " (" + note.astype(str) + ")")
    out["comparison"] = Comparison.NOT_COMPARED.value
    out["comparison_reason"] = reason
    out["trend"] = Trend.CANNOT_BE_CALCULATED.value
    out["trend_reason"] = reason
    out["target_status"] = TargetStatus.NO_TARGET.value
    out["target_reason"] = reason
    return out.reindex(columns=list(columns))


def _appended(table: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """``table`` with ``extra``'s rows after it, every categorical kept categorical.

    ``extra``'s columns are first put in ``table``'s types, so one concatenation keeps
    them: a categorical gains the categories of the new rows (its codes are kept), a
    boolean column reads a missing value as False, and any other column keeps its dtype
    when the new values take it (else the whole column is objects). ``extra`` has
    ``table``'s columns (a column it lacks has no value in the new rows; any other column
    of ``extra`` is not read).
    """
    if not len(extra):
        return table
    mine: dict[str, Any] = {}
    theirs: dict[str, Any] = {}
    empty = pd.Series(np.full(len(extra), np.nan, dtype=object), index=extra.index)
    blank = extra.isna().all(axis=0)  # columns with no value in the new rows
    for column in table.columns:
        if column not in extra.columns or blank[column]:
            mine[column], theirs[column] = _typed_blank(table[column], empty)
        else:
            mine[column], theirs[column] = _typed(table[column], extra[column].astype(object))
    return pd.concat(
        [pd.DataFrame(mine, index=table.index), pd.DataFrame(theirs, index=extra.index)],
        ignore_index=True,
    )


def _typed_blank(mine: pd.Series[Any], empty: pd.Series[Any]) -> tuple[Any, Any]:
    """:func:`_typed` of new rows with no value (``empty``), without looking at them."""
    dtype = mine.dtype
    n = len(empty)
    if isinstance(dtype, pd.CategoricalDtype):
        return mine, pd.Categorical.from_codes(np.full(n, -1, dtype=np.int8), dtype=dtype)
    if pd.api.types.is_bool_dtype(dtype):
        return mine, np.zeros(n, dtype=bool)
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        return mine, np.full(n, np.nan, dtype=dtype)
    return _typed(mine, empty)


def _typed(mine: pd.Series[Any], given: pd.Series[Any]) -> tuple[Any, Any]:
    """One column of :func:`_appended`: ``mine`` and the new rows (objects) in one type."""
    dtype = mine.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        cats = dtype.categories
        new = pd.Index(given.dropna().astype("str").unique()).difference(cats.astype("str"))
        if not len(new):
            return mine, pd.Categorical(given, dtype=dtype)
        joined = pd.CategoricalDtype(cats.append(new), ordered=dtype.ordered)
        return mine.cat.set_categories(joined.categories), pd.Categorical(given, dtype=joined)
    if pd.api.types.is_bool_dtype(dtype):
        return mine, given.fillna(False).to_numpy().astype(bool)
    try:
        return mine, given.astype(dtype)
    except (TypeError, ValueError):  # mixed text: the column is left as objects
        return mine.astype(object), given


def _words(labels: pd.Series[Any]) -> pd.Series[Any]:
    """Labels compared as words: case and spacing ignored."""
    text = pd.Series(labels.to_numpy(dtype=object), index=labels.index, dtype="str")
    return text.str.lower().str.replace(r"\s+", " ", regex=True).str.strip()


def _differs(published: pd.Series[Any], computed: pd.Series[Any]) -> npt.NDArray[np.bool_]:
    """Where the publisher gives a verdict and the library computes another one."""
    mine, theirs = _words(computed), _words(published)
    both = (mine.notna() & theirs.notna()).to_numpy()
    return np.asarray(both & (mine != theirs).to_numpy(), dtype=bool)


#: The publisher's significance words, by polarity, as the library's comparison labels.
_SIGNIFICANTLY = {
    "significantly higher": {
        Polarity.LOWER_IS_BETTER: Comparison.WORSE,
        Polarity.HIGHER_IS_BETTER: Comparison.BETTER,
    },
    "significantly lower": {
        Polarity.LOWER_IS_BETTER: Comparison.BETTER,
        Polarity.HIGHER_IS_BETTER: Comparison.WORSE,
    },
    "not significantly different": {},
}
#: The label of each phrase where the polarity gives no verdict.
_NEUTRAL = {
    "significantly higher": Comparison.HIGHER,
    "significantly lower": Comparison.LOWER,
    "not significantly different": Comparison.SIMILAR,
}
#: The library's own labels, by the lower case the words are compared in.
_PLAIN = {c.value.lower(): c.value for c in Comparison}


def _published_labels(published: pd.Series[Any], polarity: pd.Series[Any]) -> pd.Series[Any]:
    """The publisher's comparison in the library's labels.

    "Significantly higher" is "Worse" where lower is better; missing where the words
    are not a comparison.
    """
    words = _words(published)
    pol = polarity.astype("str").to_numpy(dtype=object)
    out: pd.Series[Any] = pd.Series(np.nan, index=published.index, dtype="object")
    plain = words.isin(_PLAIN)
    out[plain] = words[plain].map(_PLAIN)
    for phrase, by_polarity in _SIGNIFICANTLY.items():  # three phrases
        hit = (words == phrase).to_numpy()
        if not hit.any():
            continue
        labels = np.full(int(hit.sum()), _NEUTRAL[phrase].value, dtype=object)  # over the rows
        for side, label in by_polarity.items():  # two polarities at most
            labels[pol[hit] == side.value] = label.value
        out[pd.Series(hit, index=out.index)] = labels
    return out.astype("str")
