"""Reading cells: text with spaces trimmed, numbers as analysts type them, odd cells named."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["SUPPRESSION_MARKS"]


def _unhashable(data: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.Series[Any]]]:
    """Cells holding a list, dict or set (from a DataFrame): blanked, and named per column."""
    found: dict[str, pd.Series[Any]] = {}
    for column in data.columns:
        values = data[column]
        if values.dtype != object:
            continue
        kind = pd.api.types.infer_dtype(values, skipna=True)
        if kind in ("string", "empty", "floating", "integer", "mixed-integer-float", "boolean"):
            continue
        odd = values.map(lambda v: isinstance(v, list | dict | set | tuple))  # object only
        if odd.any():
            found[str(column)] = odd
    if not found:
        return data, found
    data = data.copy()
    for column, odd in found.items():
        data[column] = data[column].mask(odd)
    return data, found


def _text(series: pd.Series[Any], *, categorical: bool = False) -> pd.Series[Any]:
    """Text with surrounding spaces removed; blank -> missing; 20401.0 -> '20401'.

    The work is done once per distinct value (factorise, clean the distinct
    values, then rebuild), so it costs little on national-scale tables. With
    ``categorical=True`` the result is a categorical with sorted categories.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        return _text_categorical(series, categorical=categorical)
    if pd.api.types.is_float_dtype(series.dtype):
        finite = series.notna() & np.isfinite(series) & (series.abs() < 2**53)
        whole = finite & (series == np.round(series))
        if whole.sum() == series.notna().sum():  # every number whole and exact: 20401.0 -> 20401
            series = series.astype("Int64")
    if pd.api.types.is_bool_dtype(series.dtype):
        series = series.astype("object")
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    text = pd.Index(uniques).astype("str").str.strip()
    text = text.where(text != "")
    categories = pd.Index(text.dropna().unique()).sort_values().astype("str")
    new_codes = np.append(np.asarray(categories.get_indexer(text), dtype=np.int64), -1)
    full = new_codes[codes]  # code -1 (missing) takes the appended -1
    values = pd.Categorical.from_codes(full, categories=categories)
    result = pd.Series(values, index=series.index, name=series.name)
    return result if categorical else result.astype("str")


def _optional_text(frame: pd.DataFrame, column: str, *, categorical: bool) -> pd.Series[Any]:
    """:func:`_text` of ``column``, or all missing when the frame has no such column."""
    if column in frame.columns:
        return _text(frame[column], categorical=categorical)
    if categorical:
        return pd.Series(
            pd.Categorical.from_codes(
                np.full(len(frame), -1, dtype=np.int8),
                categories=pd.Index([], dtype="str"),
                validate=False,
            ),
            index=frame.index,
        )
    return pd.Series(np.nan, index=frame.index, dtype="str")


def _text_categorical(series: pd.Series[Any], *, categorical: bool) -> pd.Series[Any]:
    """:func:`_text` of a categorical: clean the categories, touch the codes only if needed."""
    cats = series.cat.categories
    text = pd.Index(cats).astype("str").str.strip()
    text = text.where(text != "")
    categories = pd.Index(text.dropna().unique()).sort_values().astype("str")
    remap = np.asarray(categories.get_indexer(text), dtype=np.int64)
    codes = series.cat.codes.to_numpy()
    if len(categories) == len(cats) and (remap == np.arange(len(cats))).all():
        values = pd.Categorical.from_codes(codes, categories=categories, validate=False)
    else:
        full = np.append(remap, -1)[codes]  # code -1 (missing) takes the appended -1
        values = pd.Categorical.from_codes(full, categories=categories, validate=False)
    result = pd.Series(values, index=series.index, name=series.name)
    return result if categorical else result.astype("str")


#: Cells that mean "no figure published" (read as missing, so the row is a suppressed
#: observation): Fingertips' ``*``, ONS's ``..`` and ``:``, DfE's ``x`` (not available),
#: ``c`` (confidential) and ``z`` (not applicable), bare or in brackets (``[x]``).
SUPPRESSION_MARKS: frozenset[str] = frozenset(
    {"*", "..", ":", "x", "c", "z", "[x]", "[c]", "[z]", "[:]", "[..]"}
)


_SPACES = "\u00a0\u202f\u2007"  # no-break, narrow no-break and figure spaces (Excel, Word)


def _numbers(
    series: pd.Series[Any], *, percent: bool = True
) -> tuple[pd.Series[Any], pd.Series[Any]]:
    """Float64 values and a mask of cells that are present but not numbers.

    The one place where number cells are read (documented on the observations page):
    surrounding spaces, no-break spaces included, are ignored; thousands separators
    "1,234", "1 234" and "1\u00a0234" are read as 1234; a Unicode minus is a minus;
    "20.1%" is 20.1 when ``percent`` (value and limit columns: the unit is the
    indicator's); the marks of :data:`SUPPRESSION_MARKS` are missing (suppressed).
    Anything else ("n/a", "-", "12,5", "low") is not a number.
    """
    if pd.api.types.is_complex_dtype(series.dtype):  # the imaginary part would be dropped
        return pd.Series(np.nan, index=series.index, dtype="float64"), series.notna()
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("float64"), pd.Series(False, index=series.index)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)  # work once per distinct cell
    text = pd.Series(pd.Index(uniques).astype("str"), dtype="str")
    text = text.str.replace(f"[{_SPACES}]", " ", regex=True).str.strip()
    marked = text.str.lower().isin(SUPPRESSION_MARKS).to_numpy()
    cleaned = text.str.replace("\u2212", "-", regex=False)
    cleaned = cleaned.str.replace(r"(?<=\d)[, ](?=\d{3}(?:\D|$))", "", regex=True)
    if percent:
        cleaned = cleaned.str.replace(r"(?<=\d)\s*%$", "", regex=True)
    parsed = pd.to_numeric(cleaned.where((text != "").to_numpy() & ~marked), errors="coerce")
    junk = (text != "").to_numpy() & ~marked & parsed.isna().to_numpy()
    lookup = np.append(parsed.to_numpy(dtype="float64"), np.nan)
    bad = np.append(junk, False)
    numbers = pd.Series(lookup[codes], index=series.index, dtype="float64")
    return numbers, pd.Series(bad[codes], index=series.index)


def _not_a_number(column: str, raw: Any, mask: pd.Series[Any]) -> pd.Series[Any]:
    """The reason for each cell of ``mask``: "is not a number", with a hint where one helps."""
    given = raw.loc[mask].astype("str")
    cells = given.str.strip()
    hint = pd.Series("", index=cells.index, dtype="str")
    hint[cells.str.contains("%", regex=False)] = (
        " (a percent sign is read only in value and limit columns)"
    )
    hint[cells.str.fullmatch(r"[+-]?\d+,\d{1,2}")] = " (a decimal comma? write it with a point)"
    reason: pd.Series[Any] = column + " " + given.map(repr) + " is not a number" + hint
    return reason


def _quote(column: str, raw: Any, mask: pd.Series[Any], what: str) -> pd.Series[Any]:
    shown: pd.Series[Any] = raw.loc[mask].astype("str").map(repr)
    return column + " " + shown + " " + what
