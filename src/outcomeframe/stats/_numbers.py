"""Reading numbers from whatever a caller passes (private).

One rule for every statistics function, so the same input means the same thing
everywhere:

* float, integer and boolean arrays, lists and Series are read as float64
  (``True``/``False`` count as 1 and 0, as in NumPy and pandas sums);
* missing values (``None``, ``NaN``, ``pd.NA``, masked entries of a NumPy masked
  array) become NaN, and so do entries that are not numbers (text such as
  ``"n/a"``, a complex number or a date inside an object column). Each function
  then reports such a row with a reason instead of a value;
* an argument that cannot mean numbers as a whole is refused with
  :class:`~outcomeframe.ArgumentError` naming it: complex, date/time and
  duration arrays (never read as their real part or as nanoseconds), dicts,
  sets, iterators, and arrays of the wrong number of dimensions.

The float64 and plain numeric paths are a single ``astype``; only object
(mixed) columns look at their distinct values one by one.
"""

from __future__ import annotations

import decimal
import numbers
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from pandas.api.types import infer_dtype

from outcomeframe._errors import ArgumentError

__all__ = ["as_floats", "check_count", "check_real"]

FloatArray = npt.NDArray[np.float64]

#: Object-column contents (pandas ``infer_dtype``) that pandas' parser reads safely.
_SAFE_KINDS = frozenset(
    {"empty", "floating", "integer", "mixed-integer-float", "decimal", "boolean", "string"}
)
#: Contents that are not numbers at all: the whole argument is refused.
_REFUSED_KINDS = {
    "complex": "complex numbers",
    "timedelta": "durations",
    "timedelta64": "durations",
    "datetime": "dates or times",
    "datetime64": "dates or times",
    "date": "dates or times",
    "time": "dates or times",
    "period": "time periods",
    "interval": "intervals",
}
#: NumPy dtype kinds refused as a whole.
_REFUSED_DTYPES = {
    "c": "complex numbers",
    "m": "durations",
    "M": "dates or times",
    "V": "structured records",
}


_HINTS = {
    "complex numbers": "take .real first if the imaginary part is known to be noise",
    "durations": "convert them first, e.g. with .dt.total_seconds()",
    "dates or times": "give the numbers measured, not the dates",
}


def _refuse(name: str, what: str) -> ArgumentError:
    hint = _HINTS.get(what, "give numbers")
    return ArgumentError(f"{name}: holds {what}, not real numbers; {hint}")


def _scalar(value: Any) -> float:
    """One object from a mixed column as a float; NaN when it is not a real number."""
    if isinstance(value, np.timedelta64 | np.datetime64):  # np.timedelta64 is an integer type
        return float("nan")
    if isinstance(value, bool | np.bool_):
        return float(value)
    if isinstance(value, numbers.Real | decimal.Decimal):
        try:
            return float(value)
        except OverflowError:  # an integer beyond float64: not a finite number
            return float("inf")
        except (ValueError, TypeError):
            return float("nan")
    return float("nan")


def _from_objects(array: npt.NDArray[Any], name: str) -> FloatArray:
    """Object or text values as floats: numbers kept, text parsed, anything else NaN."""
    kind = infer_dtype(array, skipna=True)
    if kind in _REFUSED_KINDS:
        raise _refuse(name, _REFUSED_KINDS[kind])
    if kind in _SAFE_KINDS:
        try:
            numeric = pd.to_numeric(pd.Series(array, dtype=object), errors="coerce")
        except OverflowError:  # an integer too large for float64
            pass
        else:
            out: FloatArray = np.asarray(
                numeric.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64
            )
            return out
    # Mixed contents: look at each distinct value once.
    try:
        codes, uniques = pd.factorize(pd.Series(array, dtype=object), use_na_sentinel=True)
    except TypeError:  # unhashable entries (lists, dicts): look at every entry
        codes, uniques = np.arange(len(array)), pd.Index(array, dtype=object, tupleize_cols=False)
    values = np.asarray(uniques, dtype=object)
    is_text = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
    floats = np.fromiter((_scalar(v) for v in values), dtype=np.float64, count=len(values))
    if is_text.any():
        floats[is_text] = _from_objects(values[is_text], name)
    with_missing = np.append(floats, np.nan)
    result: FloatArray = with_missing[np.asarray(codes)]
    return result


def _from_pandas(values: pd.Series | pd.Index | pd.api.extensions.ExtensionArray, name: str) -> Any:
    dtype = values.dtype
    if dtype == np.float64:
        return values.to_numpy()
    if isinstance(dtype, pd.CategoricalDtype):
        categories = as_floats(dtype.categories, name)
        codes = np.asarray(pd.Categorical(values).codes)
        return np.append(categories, np.nan)[codes]
    if isinstance(dtype, np.dtype):
        return np.asarray(values.to_numpy())
    kind = getattr(dtype, "kind", "O")
    if kind in _REFUSED_DTYPES:
        raise _refuse(name, _REFUSED_DTYPES[kind])
    if isinstance(dtype, pd.PeriodDtype | pd.IntervalDtype):
        raise _refuse(name, "time periods" if isinstance(dtype, pd.PeriodDtype) else "intervals")
    if kind in "fiub":  # nullable numbers (Int64, Float64, boolean, Arrow): NA -> NaN
        try:
            return values.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError):
            pass
    return np.asarray(values, dtype=object)


def as_floats(values: Any, name: str, *, max_ndim: int = 1) -> FloatArray:
    """Read one argument as a float64 array (see the module docstring for the rules).

    A scalar becomes one value. The result may share memory with the input.

    Raises
    ------
    ArgumentError
        When the argument as a whole is not numbers, or has more than
        ``max_ndim`` dimensions. The message names ``name``.

    Examples
    --------
    >>> import numpy as np
    >>> from outcomeframe.stats._numbers import as_floats
    >>> as_floats(np.ma.array([7, 3], mask=[True, False]), "count").tolist()
    [nan, 3.0]
    >>> as_floats(["5", None, "n/a", True], "count").tolist()
    [5.0, nan, nan, 1.0]
    >>> as_floats(np.array([1 + 2j]), "count")
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: count: holds complex numbers, not real numbers; ...
    """
    if isinstance(values, Mapping | AbstractSet | Iterator | str | bytes):
        raise ArgumentError(
            f"{name}: expected numbers (a list, array or Series), got {type(values).__name__}"
        )
    mask: npt.NDArray[np.bool_] | None = None
    if isinstance(values, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(values)
        values = np.ma.getdata(values)
    if isinstance(values, pd.DataFrame):
        raise ArgumentError(f"{name}: expected one column of numbers, got a DataFrame")
    if isinstance(values, pd.Series | pd.Index | pd.api.extensions.ExtensionArray):
        array = _from_pandas(values, name)
    else:
        try:
            array = np.asarray(values)
        except (TypeError, ValueError) as err:  # ragged nested lists
            raise ArgumentError(f"{name}: cannot read as numbers ({err})") from None
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim > max_ndim:
        dims = "one dimension" if max_ndim == 1 else f"at most {max_ndim} dimensions"
        raise ArgumentError(f"{name}: expected {dims}, got shape {array.shape}")
    kind = array.dtype.kind
    if kind in _REFUSED_DTYPES:
        raise _refuse(name, _REFUSED_DTYPES[kind])
    if kind in "fiub":
        out = array.astype(np.float64, copy=False)
    else:
        shape = array.shape
        out = _from_objects(array.astype(object, copy=False).ravel(), name).reshape(shape)
    if mask is not None and mask.any():
        out = out.copy()
        out[mask.reshape(out.shape)] = np.nan
    result: FloatArray = out
    return result


def _real(value: Any) -> float | None:
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        return None
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        return None


def check_real(
    value: Any,
    name: str,
    *,
    minimum: float | None = None,
    positive: bool = False,
    finite: bool = True,
) -> float:
    """A single real-number parameter, checked; ArgumentError names ``name`` and the rule.

    Examples
    --------
    >>> from outcomeframe.stats._numbers import check_real
    >>> check_real(1, "period_years", positive=True)
    1.0
    >>> check_real("1", "period_years")
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: period_years: '1' is not a number
    """
    number = _real(value)
    if number is None:
        raise ArgumentError(f"{name}: {value!r} is not a number")
    if finite and not np.isfinite(number):
        raise ArgumentError(f"{name}: {value!r} is not a finite number")
    if positive and not number > 0:
        raise ArgumentError(f"{name}: must be positive, got {value!r}")
    if minimum is not None and not number >= minimum:
        raise ArgumentError(f"{name}: must be at least {minimum:g}, got {value!r}")
    return number


def check_count(value: Any, name: str, *, minimum: int) -> int:
    """A whole-number parameter (``points``, ``n`` ...), at least ``minimum``.

    Examples
    --------
    >>> from outcomeframe.stats._numbers import check_count
    >>> check_count(5.0, "points", minimum=2)
    5
    >>> check_count(1, "points", minimum=2)
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: points: must be a whole number >= 2, got 1
    """
    number = _real(value)
    if number is None or not np.isfinite(number) or number != int(number) or number < minimum:
        raise ArgumentError(f"{name}: must be a whole number >= {minimum}, got {value!r}")
    return int(number)
