"""Values and limits from counts, indicator metadata and text columns, for the assessment.

The same formulas fill a table's rows and a series x period window's cells:
an element's value and limits depend only on its count, denominator and kind.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe.stats._intervals import count_limits, exact_rows, wilson_limits
from outcomeframe.stats._levels import DEFAULT_LEVELS, limit_columns

_LIMITS = ["lower_95", "upper_95", "lower_99_8", "upper_99_8"]
#: The metadata every filled row carries.
_FILL_COLUMNS = ("measure", "unit", "multiplier", "polarity")


class _Definitions:
    """Indicator metadata aligned once to the categories of an ``indicator`` column.

    One assessment reads the same fields for many frames cut from the same rows
    (the latest rows, the benchmark's rows, the table); each field is aligned by
    category code once, so every later read is a lookup by code.
    """

    def __init__(self, meta: pd.DataFrame, categories: pd.Index[Any]) -> None:
        self.meta = meta
        self.categories = categories
        self.aligned = meta.reindex(categories)
        self._kinds: list[tuple[str, float]] | None = None
        self._fields: dict[tuple[str, Any], tuple[Any, pd.CategoricalDtype | None]] = {}
        self._kind: npt.NDArray[np.int8] | None = None

    @property
    def kinds(self) -> list[tuple[str, float]]:
        """The (measure, multiplier) pairs computable from counts (:func:`_fill_kinds`)."""
        if self._kinds is None:
            self._kinds = _fill_kinds(self.meta)
        return self._kinds

    def fits(self, indicator: pd.Series[Any]) -> bool:
        """Whether ``indicator`` has the categories these definitions are aligned to."""
        cats = indicator.cat.categories
        return cats is self.categories or bool(cats.equals(self.categories))

    def field(
        self,
        column: str,
        codes: npt.NDArray[np.signedinteger[Any]],
        shown: Callable[[pd.Series[Any]], pd.Series[Any]] | None = None,
    ) -> Any:
        """``column`` for rows of these indicator codes: text as a categorical.

        ``shown``: how the column's values are written (applied once, to the
        definitions).
        """
        key = (column, shown)
        if key not in self._fields:
            values = self.aligned[column]
            if shown is not None:
                values = shown(values)
            if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
                labels, uniques = pd.factorize(values.to_numpy(dtype=object))
                self._fields[key] = (np.append(labels, -1), _text_categories(uniques))
            else:
                self._fields[key] = (values.to_numpy(), None)
        lookup, dtype = self._fields[key]
        if dtype is None:
            return lookup[codes]
        return pd.Categorical.from_codes(lookup[codes], dtype=dtype, validate=False)

    def kind(self, codes: npt.NDArray[np.signedinteger[Any]]) -> npt.NDArray[np.int8]:
        """Index into :attr:`kinds` of each row's indicator (see :func:`_kind_codes`)."""
        if self._kind is None:
            self._kind = _kind_lookup(self.aligned, self.kinds)
        return np.asarray(self._kind[codes], dtype=np.int8)


def _definitions(
    indicator: pd.Series[Any], meta: pd.DataFrame, defs: _Definitions | None = None
) -> _Definitions:
    """``defs`` when it fits ``indicator``'s categories, else definitions aligned to them."""
    if defs is not None and defs.meta is meta and defs.fits(indicator):
        return defs
    return _Definitions(meta, indicator.cat.categories)


def _aligned(
    meta: pd.DataFrame, indicator: pd.Series[Any], defs: _Definitions | None = None
) -> pd.DataFrame:
    """``meta`` in the order of ``indicator``'s categories (from ``defs`` when it fits)."""
    if defs is not None and defs.meta is meta and defs.fits(indicator):
        return defs.aligned
    return meta.reindex(indicator.cat.categories)


def _attach(
    data: Any,
    meta: pd.DataFrame,
    columns: Sequence[str],
    defs: _Definitions | None = None,
) -> None:
    """Copy indicator metadata onto every row, by category code (no string merge)."""
    found = _definitions(data["indicator"], meta, defs)
    codes = np.asarray(data["indicator"].array.codes)
    for col in columns:
        data[col] = found.field(col, codes)


def _fill_kinds(meta: pd.DataFrame) -> list[tuple[str, float]]:
    """The (measure, multiplier) pairs whose value and limits can be computed from counts."""
    measure = meta["measure"].to_numpy(dtype=object)
    factor = meta["multiplier"].to_numpy(dtype=float)
    picked = np.flatnonzero((measure == _COUNTED[0]) | (measure == _COUNTED[1]))
    if not picked.size:
        return []
    # distinct (measure, multiplier) pairs in order of first appearance (NaN equal to NaN)
    words, _ = pd.factorize(measure[picked])
    numbers, uniques = pd.factorize(factor[picked], use_na_sentinel=False)
    _, first = np.unique(words * (len(uniques) + 1) + numbers, return_index=True)
    rows = picked[np.sort(first)]
    return [(str(k), float(f)) for k, f in zip(measure[rows], factor[rows], strict=True)]


#: The measures whose value and limits can be computed from a count and a denominator.
_COUNTED = ["proportion", "crude_rate"]


def _kind_codes(
    indicator: pd.Series[Any],
    meta: pd.DataFrame,
    kinds: Sequence[tuple[str, float]],
    defs: _Definitions | None = None,
) -> npt.NDArray[np.int8]:
    """Index into ``kinds`` of each row's indicator (-1: not computable from counts)."""
    codes = np.asarray(indicator.array.codes)
    if defs is not None and defs.meta is meta and defs.kinds == kinds and defs.fits(indicator):
        return defs.kind(codes)
    return np.asarray(
        _kind_lookup(meta.reindex(indicator.cat.categories), kinds)[codes], dtype=np.int8
    )


def _kind_lookup(aligned: pd.DataFrame, kinds: Sequence[tuple[str, float]]) -> npt.NDArray[np.int8]:
    """Per category (then -1 for a missing code): its index into ``kinds``, or -1."""
    pairs = list(zip(aligned["measure"], aligned["multiplier"].astype(float), strict=True))
    return np.array([kinds.index(p) if p in kinds else -1 for p in pairs] + [-1], dtype=np.int8)


def _from_counts(
    numbers: dict[str, npt.NDArray[np.float64]],
    count: npt.NDArray[np.float64],
    denominator: npt.NDArray[np.float64],
    kind: npt.NDArray[np.int8],
    kinds: Sequence[tuple[str, float]],
    levels: Sequence[float] = DEFAULT_LEVELS,
) -> npt.NDArray[np.int8]:
    """Fill ``value`` and the limits of ``levels`` from counts where missing, in place.

    Uses the same interval functions as :func:`outcomeframe.stats.proportion` (Wilson)
    and :func:`outcomeframe.stats.rate` (exact below 10, Byar's above). A level with
    one published limit and not the other gets both from the counts (a published
    lower limit with a computed upper one could cross it). The arrays
    may be rows or series x period cells: the formula depends only on each
    element's count, denominator and kind. Returns each element's value source:
    0 published, 1 computed, -1 neither.
    """
    columns = ["value", *(c for level in levels for c in limit_columns(level))]
    published = ~np.isnan(numbers["value"])
    source = np.where(published, 0, -1).astype(np.int8)
    need = np.zeros(len(count), dtype=bool)
    for col in columns:
        need |= np.isnan(numbers[col])
    need &= ~np.isnan(count) & (denominator > 0) & np.isfinite(denominator)
    # a level's limits are a pair: one published limit and one computed could cross
    lone = {
        level: np.isnan(numbers[low]) != np.isnan(numbers[up])
        for level in levels
        for low, up in [limit_columns(level)]
    }
    for i, (measure, factor) in enumerate(kinds):
        rows = np.flatnonzero(need & (kind == i))
        if not rows.size:
            continue
        x, n = count[rows], denominator[rows]
        computed = {"value": x / n * factor}
        for level in levels:
            if measure == "proportion":
                lower, upper = wilson_limits(x, n, level)
                lower *= factor
                upper *= factor
            else:
                lower, upper = count_limits(x, level, exact_rows(x, "auto"))
                lower = lower / n * factor
                upper = upper / n * factor
            low_col, up_col = limit_columns(level)
            computed[low_col], computed[up_col] = lower, upper
        for level in levels:  # both limits from counts where only one was given
            low_col, up_col = limit_columns(level)
            pair = lone[level][rows]
            if pair.any():
                numbers[low_col][rows[pair]] = np.nan
                numbers[up_col][rows[pair]] = np.nan
        for col in columns:
            current = numbers[col][rows]
            gaps = np.isnan(current)
            numbers[col][rows] = (
                computed[col] if gaps.all() else np.where(gaps, computed[col], current)
            )
        source[rows[~published[rows]]] = 1
    return source


#: Measures whose values and limits cannot be negative.
_NOT_NEGATIVE = ("crude_rate", "dsr", "ratio", "count", "life_expectancy")
#: Measures computed from a count and a denominator, which must then be positive.
_FROM_COUNTS = ("proportion", "crude_rate")


def _impossible(
    data: pd.DataFrame, meta: pd.DataFrame, defs: _Definitions | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Set aside rows whose numbers are impossible for their indicator's measure.

    A proportion or crude rate with a zero denominator (0/0 included) has no value,
    and a rate, ratio, count or life expectancy cannot be negative (proportions
    outside 0 to 100% are set aside with the units). Each such row is returned with
    a ``reason`` naming the measure, so one row never stops the others.
    Indicator metadata is looked up by category code: a clean table costs a few masks.

    Returns
    -------
    tuple of pandas.DataFrame
        The usable rows and the rows set aside (``reason`` added; when none is, an
        empty frame with ``reason`` only).
    """
    codes = data["indicator"].cat.codes.to_numpy()
    measure = (
        _aligned(meta, data["indicator"], defs)["measure"].astype("str").to_numpy(dtype=object)
    )
    words = np.append(measure, "").astype(object)  # by category, then indexed by row
    reasons = np.full(len(data), None, dtype=object)
    denominator = data["denominator"].to_numpy(dtype=float)
    counted = np.isin(words, _FROM_COUNTS)[codes]
    zero = counted & (denominator == 0)
    if zero.any():
        reasons[zero] = (
            "denominator is 0: a " + _spoken(words[codes[zero]]) + " needs a positive one"
        )
    signed = np.isin(words, _NOT_NEGATIVE)[codes] & ~zero
    if signed.any():
        for col in ("value", *_LIMITS):
            values = data[col].to_numpy(dtype=float)
            negative = signed & (values < 0) & pd.isna(reasons)
            if negative.any():
                reasons[negative] = (
                    f"{col} "
                    + pd.Series(values[negative]).map("{:g}".format).to_numpy(dtype=object)
                    + " is negative, impossible for a "
                    + _spoken(words[codes[negative]])
                )
    bad = ~pd.isna(reasons)
    if not bad.any():
        return data, _empty_rejected()
    rejected = data.loc[bad].copy()
    rejected["reason"] = pd.Series(reasons[bad], index=rejected.index, dtype="str")
    return data.loc[~bad].copy(), rejected


def _empty_rejected() -> pd.DataFrame:
    """No row set aside: a frame with only ``reason`` (a copy costs a tenth of building it)."""
    return _no_rows(str(pd.StringDtype(na_value=np.nan).storage)).copy()


@functools.lru_cache(maxsize=4)
def _no_rows(storage: str) -> pd.DataFrame:  # noqa: ARG001 - one frame per string storage
    return pd.DataFrame({"reason": pd.Series([], dtype="str")})


def _spoken(measures: npt.NDArray[np.object_]) -> npt.NDArray[np.object_]:
    """Measure words as text: ``crude_rate`` -> ``crude rate``."""
    return np.asarray(pd.Series(measures, dtype="str").str.replace("_", " ").to_numpy(dtype=object))


def _filled(
    rows: pd.DataFrame, meta: pd.DataFrame, defs: _Definitions | None = None
) -> pd.DataFrame:
    """Rows with indicator metadata, and value and limits computed from counts where missing.

    ``defs``: the metadata already aligned to the rows' indicator categories (else
    aligned here).
    """
    out = rows.copy(deep=False)  # copy-on-write: new columns leave ``rows`` as it is
    for col, values in _fill_columns(rows, meta, defs).items():
        out[col] = values
    return out


def _fill_columns(
    rows: Any, meta: pd.DataFrame, defs: _Definitions | None = None
) -> dict[str, Any]:
    """The columns :func:`_filled` sets: the metadata, the numbers filled, ``value_source``.

    ``rows``: a DataFrame or anything whose ``rows[name]`` is a Series.
    """
    indicator = rows["indicator"]
    found = _definitions(indicator, meta, defs)
    codes = np.asarray(indicator.array.codes)
    out: dict[str, Any] = {col: found.field(col, codes) for col in _FILL_COLUMNS}
    numbers = {col: rows[col].to_numpy(dtype=float, copy=True) for col in ("value", *_LIMITS)}
    source = _from_counts(
        numbers,
        rows["count"].to_numpy(dtype=float),
        rows["denominator"].to_numpy(dtype=float),
        found.kind(codes),
        found.kinds,
    )
    out.update(numbers)
    out["value_source"] = pd.Categorical.from_codes(source, dtype=_source_dtype())
    return out


def _text_categories(uniques: npt.NDArray[np.object_]) -> pd.CategoricalDtype:
    """The categorical dtype of distinct labels as text (built once for labels seen before)."""
    if all(type(u) is str for u in uniques):  # the usual case: the definitions' own text
        return _categories(uniques.tolist())
    return pd.CategoricalDtype(pd.Index(uniques).astype("str"))


@functools.lru_cache(maxsize=1024)
def _cached_dtype(labels: tuple[str, ...], storage: str) -> pd.CategoricalDtype:  # noqa: ARG001
    return pd.CategoricalDtype(pd.Index(list(labels), dtype="str"))


def _categories(labels: Sequence[str]) -> pd.CategoricalDtype:
    """The categorical dtype of these text labels (built once per string storage)."""
    return _cached_dtype(tuple(labels), str(pd.StringDtype(na_value=np.nan).storage))


def _source_dtype() -> pd.CategoricalDtype:
    return _categories(("published", "computed"))


def _text_column(values: npt.NDArray[np.object_], index: pd.Index[Any]) -> pd.Series[Any]:
    """A ``str`` column from an object array of text and missing values (None, NaN, NA).

    Builds the string array directly when pandas stores text as Python objects (the
    general constructor checks every element again, several times slower).
    """
    dtype = pd.StringDtype(na_value=np.nan)
    if dtype.storage != "python":
        return pd.Series(values, index=index, dtype=dtype)
    text = values.copy()
    text[pd.isna(text)] = np.nan
    array = pd.arrays.StringArray(text, dtype=dtype)  # type: ignore[call-arg]  # stubs lag
    return pd.Series(array, index=index)
