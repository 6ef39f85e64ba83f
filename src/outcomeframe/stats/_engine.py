"""Grouped statistics on frames of other engines: the sums on the engine, the rest in pandas.

:func:`proportion`, :func:`rate` and :func:`dsr` hand a ``data`` that is not a pandas
DataFrame (a Polars, DuckDB, Dask, PySpark or pyarrow frame) to :func:`on_engine`.
One grouped query runs on the engine: per group, the sums of the count and
denominator columns and the number of rows. Only that small table is collected into
pandas, where the usual function computes the values and intervals from it.

The result equals the pandas function's on the same rows, reasons included. Rows that
would fail one of the function's row checks (a missing, infinite or negative count or
denominator, a count above its denominator in a proportion) are not summed on the
engine: each distinct bad row comes back with its values and how many times it
occurs, so the pandas function sees it and gives its group the same reason as it would
from the rows themselves. Clean data costs one grouped sum.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from outcomeframe._engines import require, wrap
from outcomeframe._errors import ArgumentError

__all__ = ["on_engine"]

_INPUTS = frozenset({"count", "denominator", "data"})

#: Working columns of the engine's query; a name no user column is expected to have.
_X, _N, _BAD, _BX, _BN, _ROWS = (f"__outcomeframe_{c}" for c in ("x", "n", "bad", "bx", "bn", "k"))


def _names(by: Any) -> list[str]:
    keys = [by] if isinstance(by, str) or not isinstance(by, Iterable) else list(by)
    if not keys:
        raise ArgumentError("by: give at least one column name")
    for key in keys:
        if not isinstance(key, str):
            raise ArgumentError(f"by: {key!r} is not a column name")
    return keys


def _column(value: Any, name: str, columns: list[str]) -> str:
    if not isinstance(value, str):
        raise ArgumentError(
            f"{name}: with data of another engine than pandas, give a column name "
            f"(got {type(value).__name__})"
        )
    if value not in columns:
        shown = ", ".join(repr(c) for c in columns[:20])
        raise ArgumentError(f"{name}: no column {value!r} in data (columns: {shown})")
    return value


def _grouping(function: str, arguments: Mapping[str, Any], columns: list[str]) -> list[str]:
    """The engine's grouping columns: ``by``, and for a DSR the band (and weight) column."""
    by = arguments["by"]
    if function != "dsr":
        if by is None:
            raise ArgumentError(
                f"by: {function}() on data of another engine than pandas needs by= (the "
                "rows are summed there); for one result per row, collect the data to pandas"
            )
        return [_column(k, "by", columns) for k in _names(by)]
    keys = [] if by is None else [_column(k, "by", columns) for k in _names(by)]
    band, standard = arguments["band"], arguments["standard"]
    if band is None:
        raise ArgumentError(
            "band: dsr() on data of another engine than pandas needs band= (the age-band "
            "column): the rows of an engine's frame have no order to match the standard by"
        )
    keys.append(_column(band, "band", columns))
    if isinstance(standard, str):  # a weight column: one weight per band, kept as a key
        keys.append(_column(standard, "standard", columns))
    elif standard is not None and not isinstance(standard, pd.Series):
        raise ArgumentError(
            "standard: with data of another engine than pandas, give a Series indexed by "
            "band label or a column name"
        )
    return list(dict.fromkeys(keys))


def _clean(function: str, lib: Any) -> Any:
    """Rows that pass every row check of ``function``: the only rows summed on the engine."""
    x, n = lib.col(_X), lib.col(_N)
    ok = ~x.is_null() & ~n.is_null()
    ok = ok & ~x.is_nan() & ~n.is_nan()
    ok = ok & (x >= 0) & (x < math.inf) & (n >= 0) & (n < math.inf)
    if function == "proportion":
        ok = ok & (x <= n)
    elif function == "dsr":
        ok = ok & (n > 0)
    return ok


def _check_numeric(frame: Any, names: dict[str, str], lib: Any) -> None:
    schema = frame.collect_schema()
    for argument, column in names.items():
        dtype = schema[column]
        if not (dtype.is_numeric() or dtype == lib.Boolean):
            raise ArgumentError(f"{argument}: column {column!r} holds {dtype}, not numbers")


def on_engine(
    function: Callable[..., pd.DataFrame], arguments: Mapping[str, Any]
) -> pd.DataFrame | None:
    """Run ``function`` (proportion, rate or dsr) on ``arguments["data"]`` of another engine.

    ``arguments`` are the function's arguments as it was called. The grouped sums run
    on the engine; ``function`` itself runs on the collected sums. None when ``data``
    is a pandas DataFrame or None: the function goes on as usual.

    Raises
    ------
    ArgumentError
        When ``data`` is not a frame, an input is not a column name of it, ``by`` is
        missing (proportion, rate) or ``band`` is missing (dsr).
    EngineNotInstalledError
        When narwhals is not installed.

    Examples
    --------
    >>> import polars as pl
    >>> from outcomeframe.stats import proportion
    >>> births = pl.LazyFrame({"area": ["a", "a", "b"], "low": [1, 0, 1], "n": [1, 1, 1]})
    >>> proportion("low", "n", data=births, by="area", confidence=0.95)[
    ...     ["area", "value", "count", "denominator"]]
      area  value  count  denominator
    0    a   50.0    1.0          2.0
    1    b  100.0    1.0          1.0
    """
    data = arguments.get("data")
    if data is None or isinstance(data, pd.DataFrame):
        return None
    frame = wrap(data, "data")  # names the extra when narwhals is missing
    lib = require("narwhals")
    name = function.__name__
    columns = list(frame.collect_schema().names())
    count = _column(arguments["count"], "count", columns)
    denominator = _column(arguments["denominator"], "denominator", columns)
    _check_numeric(frame, {"count": count, "denominator": denominator}, lib)
    keys = _grouping(name, arguments, columns)
    lazy: Any = frame.lazy() if isinstance(frame, lib.DataFrame) else frame
    bad = lib.col(_BAD)
    sums = (
        lazy.with_columns(
            lib.col(count).cast(lib.Float64).alias(_X),
            lib.col(denominator).cast(lib.Float64).alias(_N),
        )
        .with_columns((~_clean(name, lib)).alias(_BAD))
        .with_columns(
            lib.when(bad).then(lib.col(_X)).alias(_BX),
            lib.when(bad).then(lib.col(_N)).alias(_BN),
        )
        .group_by([*keys, _BAD, _BX, _BN], drop_null_keys=False)
        .agg(lib.col(_X).sum(), lib.col(_N).sum(), lib.len().alias(_ROWS))
        .collect()
    )
    table: pd.DataFrame = sums.to_pandas()  # one row per group (and distinct bad row)
    flagged = table[_BAD].fillna(value=True).to_numpy(dtype=bool)
    rows = table[_ROWS].to_numpy(dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        # A bad row occurring k times counts as one row of k times its values: it fails
        # the same first check, and the group's sums are the same.
        x = np.where(
            flagged, table[_BX].to_numpy(np.float64) * rows, table[_X].to_numpy(np.float64)
        )
        n = np.where(
            flagged, table[_BN].to_numpy(np.float64) * rows, table[_N].to_numpy(np.float64)
        )
    summed = table[keys].reset_index(drop=True)
    summed[count] = x
    summed[denominator] = n
    rest = {  # the function's other arguments as given (``locals()`` may hold more)
        k: v
        for k, v in arguments.items()
        if k in inspect.signature(function).parameters and k not in _INPUTS
    }
    return function(count, denominator, data=summed, **rest)
