"""Reading cells: text with spaces trimmed, numbers as analysts type them, odd cells named."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["EXACT_WHOLE", "SUPPRESSION_MARKS", "exact_whole", "real_numbers"]


#: Why a cell holding one of :data:`_CONTAINERS` is refused (after the column's name).
NOT_ONE_VALUE = "holds a list, dict, set or array, not a single value"

#: What a cell of a DataFrame may hold that is no single value (an array: not hashable).
_CONTAINERS = (list, dict, set, frozenset, tuple, np.ndarray)


def _unhashable(data: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.Series[Any]]]:
    """Cells holding a list, dict, set or array (from a DataFrame): blanked, named per column."""
    found: dict[str, pd.Series[Any]] = {}
    for position, dtype in enumerate(data.dtypes):
        if dtype != object:
            continue
        column, values = data.columns[position], data.iloc[:, position]
        kind = pd.api.types.infer_dtype(values, skipna=True)
        if kind in ("string", "empty", "floating", "integer", "mixed-integer-float", "boolean"):
            continue
        odd = values.map(lambda v: isinstance(v, _CONTAINERS))  # object columns only
        if odd.any():
            found[str(column)] = odd
    if not found:
        return data, found
    data = data.copy()
    for column, odd in found.items():
        data[column] = data[column].mask(odd)
    return data, found


#: The largest whole number a float holds exactly (and a 64-bit integer column takes).
EXACT_WHOLE = 2**53


def real_numbers(values: pd.Series[Any]) -> pd.Series[Any]:
    """The cells as floats: NaN where a cell is no real number (text, True, 1j, a list).

    An integer too large for a float (10**400) reads as 1e308: a number, but not an
    exact whole one (see :func:`exact_whole`), so it is named as too large.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.observations._cells import real_numbers
    >>> real_numbers(pd.Series([3, "4", True, 1j, 10**400, "x"], dtype=object)).tolist()
    [3.0, 4.0, nan, nan, 1e+308, nan]
    """
    raw = pd.Series(values.to_numpy(dtype=object), index=values.index, dtype=object)
    try:
        number = pd.to_numeric(raw.where(raw.map(type) != bool), errors="coerce")
    except (OverflowError, TypeError, ValueError):  # a huge integer, an odd object
        number = None
    if number is None or pd.api.types.is_complex_dtype(number.dtype):  # 1j among them
        number = raw.map(_real)
    return number.astype("float64")


def _real(value: Any) -> float:
    """One cell as a float: NaN for what is no real number, 1e308 for a huge integer."""
    if isinstance(value, bool | complex | np.complexfloating):
        return np.nan
    try:
        return float(value)
    except OverflowError:  # only an int too large for a float
        return 1e308 if value > 0 else -1e308
    except (TypeError, ValueError):
        return np.nan


def exact_whole(number: pd.Series[Any]) -> pd.Series[bool]:
    """Where the floats are whole numbers held exactly: finite, integral, within 2**53.

    Only these become an ``Int64`` column: ``inf`` or 1e20 would raise from inside pandas.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.observations._cells import exact_whole
    >>> exact_whole(pd.Series([3.0, 2.5, float("inf"), 1e20, None])).tolist()
    [True, False, False, False, False]
    """
    finite = number.notna() & np.isfinite(number) & (number.abs() <= EXACT_WHOLE)
    whole: pd.Series[bool] = finite & (number == np.round(number))
    return whole


#: The text dtype pandas gives by default (``str``; object on pandas 2 without it).
_STR = pd.Series([], dtype="str").dtype


def _given_text(series: pd.Series[Any]) -> tuple[npt.NDArray[np.intp], list[str], bool]:
    """Each row's code into the distinct cells (-1 where missing), those cells as text.

    Also whether the column is already text in the default dtype (its cells then need
    no conversion). Integral floats read as whole numbers (20401.0 -> "20401").
    """
    if pd.api.types.is_float_dtype(series.dtype):
        whole = exact_whole(series)
        if whole.sum() == series.notna().sum():  # every number whole and exact: 20401.0 -> 20401
            series = series.astype("Int64")
    if pd.api.types.is_bool_dtype(series.dtype):
        series = series.astype("object")
    text = isinstance(_STR, pd.StringDtype) and series.dtype == _STR
    if text:  # the array itself: half the fixed cost of factorising the Series
        codes, uniques = pd.factorize(series.array, use_na_sentinel=True)
        return np.asarray(codes, dtype=np.intp), uniques.tolist(), text
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.intp), pd.Index(uniques).astype("str").tolist(), text


def _text_codes(series: pd.Series[Any]) -> tuple[npt.NDArray[np.intp], list[str], bool]:
    """The cells as text once per distinct cell: spaces trimmed, blank -> missing.

    Returns each row's code into the distinct texts (-1 where missing; two cells that
    differ only in spaces share one text), the distinct texts in order of first
    appearance, and whether the column is already that text (nothing to change).
    """
    codes, given, text = _given_text(series)
    cleaned = [g.strip() for g in given]
    if text and all(c == g and c for c, g in zip(cleaned, given, strict=True)):
        return codes, given, True
    position: dict[str, int] = {}
    remap = np.full(len(cleaned) + 1, -1, dtype=np.intp)  # code -1 (missing) stays -1
    for i, c in enumerate(cleaned):
        if c:
            remap[i] = position.setdefault(c, len(position))
    return remap[codes], list(position), False


def _pairs(
    first: npt.NDArray[np.intp], n_first: int, second: npt.NDArray[np.intp], n_second: int
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Each row's code for its distinct pair of codes, and the first row of each pair.

    Pairs are numbered in order of first appearance; -1 counts as a value. ``first`` takes values in -1 .. n_first - 1 and ``second`` in -1 .. n_second - 1.
    """
    pairs = np.where(first < 0, n_first, first) * (n_second + 1)
    pairs += np.where(second < 0, n_second, second)
    codes, _ = pd.factorize(pairs)
    rows = np.full(int(codes.max()) + 1 if len(codes) else 0, -1, dtype=np.intp)
    rows[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    return np.asarray(codes, dtype=np.intp), rows


def _text_values(
    codes: npt.NDArray[np.intp], texts: list[str], index: pd.Index[Any], name: Any = None
) -> pd.Series[Any]:
    """A text column from each row's code into ``texts`` (-1: missing)."""
    return pd.Series(_text_array(texts).take(codes, allow_fill=True), index=index, name=name)


#: No text: taken (position -1) to make a column with every cell missing.
_NO_TEXT = pd.array([], dtype="str")


def _blank_text(index: pd.Index[Any]) -> pd.Series[Any]:
    """A text column with every cell missing (half the cost of ``Series(np.nan, dtype="str")``)."""
    return pd.Series(
        _NO_TEXT.take(np.full(len(index), -1, dtype=np.intp), allow_fill=True), index=index
    )


def _text_array(values: list[Any]) -> Any:
    """Text values (None: missing) as a pandas text array."""
    return pd.array(np.asarray(values, dtype=object), dtype="str")


def _text(series: pd.Series[Any], *, categorical: bool = False) -> pd.Series[Any]:
    """Text with surrounding spaces removed; blank -> missing; 20401.0 -> '20401'.

    The work is done once per distinct value (factorise, clean the distinct
    values, then rebuild), so it costs little on national-scale tables. With
    ``categorical=True`` the result is a categorical with sorted categories.
    """
    return _text_missing(series, categorical=categorical)[0]


def _text_missing(
    series: pd.Series[Any], *, categorical: bool = False
) -> tuple[pd.Series[Any], npt.NDArray[np.bool_]]:
    """:func:`_text`, and where it is missing; a text column with nothing to clean as given."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        result = _text_categorical(series, categorical=categorical)
        return result, result.isna().to_numpy()
    codes, texts, same = _text_codes(series)
    if not categorical:
        if same:
            return series, codes < 0
        return _text_values(codes, texts, series.index, series.name), codes < 0
    order = sorted(range(len(texts)), key=texts.__getitem__)
    remap = np.full(len(texts) + 1, -1, dtype=np.intp)
    remap[order] = np.arange(len(order))
    categories = pd.Index([texts[i] for i in order], dtype="str")
    values = pd.Categorical.from_codes(remap[codes], categories=categories, validate=False)
    return pd.Series(values, index=series.index, name=series.name), codes < 0


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
    return _blank_text(frame.index)


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


_SPACE_MARKS = re.compile(f"[{_SPACES}]")
_THOUSANDS = re.compile(r"(?<=\d)[, ](?=\d{3}(?:\D|$))")
_PERCENT = re.compile(r"(?<=\d)\s*%$")


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
    numbers, junk = _number_values(series, percent=percent)
    return pd.Series(numbers, index=series.index), pd.Series(junk, index=series.index)


def _number_values(
    series: pd.Series[Any], *, percent: bool = True
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """:func:`_numbers` as arrays: each distinct cell read once, and cleaned only if it must be.

    A cell that pandas reads as a number as it stands reads the same after cleaning
    (cleaning only touches spaces, marks, minus signs, separators and percent signs,
    none of which a number has), so only the cells it cannot read are cleaned.
    """
    n = len(series)
    if pd.api.types.is_complex_dtype(series.dtype):  # the imaginary part would be dropped
        return np.full(n, np.nan), series.notna().to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype="float64", na_value=np.nan), np.zeros(n, dtype=bool)
    codes, given, _ = _given_text(series)  # work once per distinct cell
    if not given:  # every cell missing
        return np.full(n, np.nan), np.zeros(n, dtype=bool)
    cells = np.asarray(given, dtype=object)
    parsed = _read_numbers(cells)
    junk = np.zeros(len(cells) + 1, dtype=bool)
    failed = np.flatnonzero(np.isnan(parsed))
    if failed.size:
        parsed[failed], junk[failed] = _cleaned_numbers(cells[failed], percent=percent)
    lookup = np.append(parsed, np.nan)  # code -1 (missing) takes the appended NaN
    return lookup[codes], junk[codes]


def _read_numbers(cells: npt.NDArray[np.object_]) -> npt.NDArray[np.float64]:
    """The reading by pandas of text cells as numbers, NaN where it cannot."""
    return np.array(pd.to_numeric(cells, errors="coerce"), dtype="float64")


def _cleaned_numbers(
    cells: npt.NDArray[np.object_], *, percent: bool
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """The cells read after cleaning, and which of them are present but not numbers."""
    cleaned: list[Any] = []
    present = np.zeros(len(cells), dtype=bool)
    for i, cell in enumerate(cells):
        text = _SPACE_MARKS.sub(" ", cell).strip()
        if not text or text.lower() in SUPPRESSION_MARKS:
            cleaned.append(np.nan)
            continue
        present[i] = True
        text = _THOUSANDS.sub("", text.replace("\u2212", "-"))
        cleaned.append(_PERCENT.sub("", text) if percent else text)
    parsed = _read_numbers(np.asarray(cleaned, dtype=object))
    return parsed, present & np.isnan(parsed)


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
