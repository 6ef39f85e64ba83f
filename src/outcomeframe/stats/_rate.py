"""Crude rates and indirectly standardised ratios: intervals on a Poisson count."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe.stats._engine import on_engine
from outcomeframe.stats._input import (
    FloatArray,
    Input,
    assemble,
    check_choice,
    clean_counts,
    count_checks,
    group_counts,
    levels,
    prepare,
    resolve_multiplier,
    row_reasons,
    set_reason,
)
from outcomeframe.stats._intervals import METHODS, count_limits, exact_rows
from outcomeframe.stats._levels import DEFAULT_LEVELS
from outcomeframe.stats._reasons import CODE_DTYPE, no_reasons
from outcomeframe.stats._units import Registry

__all__ = ["isr", "rate"]

#: Categories of the ``method`` column, in code order.
_COUNT_METHODS = ("Exact", "Byars")


def _count_ratio(
    x: FloatArray,
    divisor: FloatArray,
    name: str,
    group_codes: Any,
    index: Any,
    grouping: Any,
    scale: float,
    chosen: tuple[float, ...],
    method: str,
    unit: Any,
) -> pd.DataFrame:
    """Count / divisor x scale with count intervals: the shared end of rate() and isr()."""
    of = "denominator" if name == "denominator" else "expected count"
    if clean_counts(x, divisor, positive=True) is None:
        ok = (x >= 0) & (x < np.inf) & (divisor > 0) & (divisor < np.inf)
        codes = row_reasons(ok, count_checks(x, divisor, zero_ok=False, of=of))
    else:
        codes = no_reasons(len(x))
    if group_codes is not None:
        codes = np.where(group_codes >= 0, group_codes, codes).astype(CODE_DTYPE)
    with np.errstate(all="ignore"):
        value = x / divisor
        value *= scale
    limits, method_codes = _count_interval_limits(x, divisor, scale, chosen, method)
    return assemble(
        index=index,
        grouping=grouping,
        value=value,
        limits=limits,
        method_codes=method_codes,
        method_categories=_COUNT_METHODS,
        reason_codes=codes,
        inputs={"count": x, name: divisor},
        unit=unit,
    )


def _count_interval_limits(
    x: FloatArray, divisor: FloatArray, scale: float, chosen: tuple[float, ...], method: str
) -> tuple[dict[float, tuple[FloatArray, FloatArray]], Any]:
    exact = exact_rows(x, method)
    limits = {}
    with np.errstate(all="ignore"):
        for level in chosen:
            lower, upper = count_limits(x, level, exact)
            lower /= divisor
            lower *= scale
            upper /= divisor
            upper *= scale
            limits[level] = (lower, upper)
    codes = np.where(exact, np.int8(0), np.int8(1)).astype(np.int8)
    return limits, codes


def rate(
    count: Input,
    denominator: Input,
    *,
    data: pd.DataFrame | None = None,
    by: Any = None,
    confidence: float | tuple[float, ...] = DEFAULT_LEVELS,
    multiplier: float | str = 100_000,
    method: str = "auto",
    registry: Registry | None = None,
) -> pd.DataFrame:
    r"""Crude rates ``count / denominator * multiplier`` with Poisson intervals.

    Parameters
    ----------
    count, denominator : array_like, pandas.Series or str
        Events and population (non-integer aggregates are accepted), or the names of
        columns of ``data``.
    data : pandas.DataFrame or a Polars, DuckDB, Dask, PySpark or pyarrow frame, optional
        The table holding the named columns.
    by : str or list of str, optional
        Columns of ``data`` to group by: a group's counts and denominators are
        summed first.
    confidence : float or sequence of float, default (0.95, 0.998)
        One or several two-sided levels.
    multiplier : float or str, default 100,000
        1, 100, 1,000, 10,000, 100,000 or 1,000,000, or a unit such as ``"per_1000"``.
    method : {"auto", "exact", "byars"}, default "auto"
        ``"auto"`` is the published rule: the exact Poisson interval for counts
        below 10 and Byar's approximation otherwise. The others force one method.
    registry : pint.UnitRegistry, optional
        Unit registry, defaults to :func:`unit_registry`.

    Returns
    -------
    pandas.DataFrame
        ``value``, limit columns, ``method`` ("Exact" or "Byars" per row), ``reason``,
        ``count``, ``denominator``; group columns first when grouped.
        ``attrs["unit"]`` holds the unit (``"per_100000"`` by default).

    Raises
    ------
    ArgumentError
        For unknown columns, inputs of different lengths, a bad confidence level,
        multiplier or method.

    Notes
    -----
    The interval is computed on the count and divided by the denominator. Exact:
    :math:`\chi^2_{(1-c)/2,\,2x}/2` and :math:`\chi^2_{c+(1-c)/2,\,2x+2}/2`. Byar's:

    .. math::

        x\left(1 - \frac{1}{9x} - \frac{z}{3\sqrt{x}}\right)^3,\quad
        (x+1)\left(1 - \frac{1}{9(x+1)} + \frac{z}{3\sqrt{x+1}}\right)^3

    Examples
    --------
    >>> from outcomeframe.stats import rate
    >>> out = rate([5, 80], [1000, 2208], multiplier=1000, confidence=0.95)
    >>> out[["value", "lower_95", "upper_95"]].round(5)
          value  lower_95  upper_95
    0   5.00000   1.62349  11.66833
    1  36.23188  28.72866  45.09427
    >>> out["method"].tolist()
    ['Exact', 'Byars']
    """
    if (grouped := on_engine(rate, locals())) is not None:  # a Polars, DuckDB, Spark... frame
        return grouped
    check_choice(method, "method", METHODS)
    arrays, index, grouping = prepare(
        {"count": count, "denominator": denominator}, data=data, by=by
    )
    chosen = levels(confidence)
    scale, unit = resolve_multiplier(multiplier, registry)
    x, n = arrays["count"], arrays["denominator"]
    group_codes = None
    if grouping is not None:
        x, n, group_codes = group_counts(grouping, x, n, at_most=False)
    else:
        x, n = x.copy(), n.copy()
    return _count_ratio(
        x, n, "denominator", group_codes, index, grouping, scale, chosen, method, unit
    )


def isr(
    count: Input,
    denominator: Input | None = None,
    *,
    reference_rate: Input | None = None,
    expected: Input | None = None,
    data: pd.DataFrame | None = None,
    by: Any = None,
    confidence: float | tuple[float, ...] = DEFAULT_LEVELS,
    reference: float = 1,
    method: str = "auto",
    registry: Registry | None = None,
) -> pd.DataFrame:
    r"""Indirectly standardised ratios (e.g. SMR): observed over expected events.

    Give either ``expected`` counts, or ``denominator`` (population) and
    ``reference_rate`` per row, from which ``expected = denominator * reference_rate``.

    Parameters
    ----------
    count : array_like, pandas.Series or str
        Observed events per row (e.g. per age band), or a column name of ``data``.
    denominator : array_like, pandas.Series or str, optional
        Population per row.
    reference_rate : array_like, pandas.Series or str, optional
        The reference population's rate per row, as events per person (a rate
        "per 100,000" must be divided by 100,000 first).
    expected : array_like, pandas.Series or str, optional
        Expected events per row, instead of ``denominator`` and ``reference_rate``.
    data : pandas.DataFrame, optional
    by : str or list of str, optional
        Group columns: observed and expected counts of a group's rows are summed.
    confidence : float or sequence of float, default (0.95, 0.998)
    reference : {1, 100}, default 1
        The value of the reference: 1 gives a ratio, 100 a ratio times 100.
    method : {"auto", "exact", "byars"}, default "auto"
        Interval on the observed count: exact below 10, Byar's otherwise (``"auto"``).
    registry : pint.UnitRegistry, optional

    Returns
    -------
    pandas.DataFrame
        ``value``, limit columns, ``method``, ``reason``, ``count`` (observed) and
        ``expected``; group columns first when grouped. ``attrs["unit"]`` is
        ``"dimensionless"`` for reference 1 and ``"percent"`` for 100.

    Raises
    ------
    ArgumentError
        When neither or both of ``expected`` and (``denominator``, ``reference_rate``)
        are given, and for the usual argument problems.

    Notes
    -----
    :math:`O = \sum x_i`, :math:`E = \sum n_i r_i`; value :math:`O/E \times` reference;
    limits: the exact or Byar's limits of :math:`O`, divided by :math:`E`, times the reference.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.stats import isr
    >>> bands = pd.DataFrame({"area": ["A", "A"], "deaths": [30, 50],
    ...                       "pop": [10_000, 20_000], "ref": [0.002, 0.003]})
    >>> out = isr("deaths", "pop", reference_rate="ref", data=bands, by="area",
    ...           confidence=0.95)
    >>> float(out["value"].iloc[0]), float(out["expected"].iloc[0])
    (1.0, 80.0)
    >>> round(float(out["lower_95"].iloc[0]), 4), round(float(out["upper_95"].iloc[0]), 4)
    (0.7929, 1.2447)
    """
    check_choice(method, "method", METHODS)
    if expected is None:
        if denominator is None or reference_rate is None:
            raise ArgumentError("expected: give expected=, or both denominator and reference_rate")
        inputs = {"count": count, "denominator": denominator, "reference_rate": reference_rate}
    else:
        if denominator is not None or reference_rate is not None:
            raise ArgumentError(
                "expected: give expected= or denominator and reference_rate, not both"
            )
        inputs = {"count": count, "expected": expected}
    if isinstance(reference, bool) or reference not in (1, 100):
        raise ArgumentError(f"reference: {reference!r} must be 1 or 100")
    arrays, index, grouping = prepare(inputs, data=data, by=by)
    chosen = levels(confidence)
    scale, unit = resolve_multiplier(float(reference), registry, name="reference")
    x = arrays["count"]
    row_codes: Any = None
    if expected is None:
        n, r = arrays["denominator"], arrays["reference_rate"]
        with np.errstate(all="ignore"):
            e = n * r
        bad_inputs = ~((n >= 0) & (n < np.inf) & (r >= 0) & (r < np.inf))
        if bad_inputs.any():
            row_codes = no_reasons(len(x))
            set_reason(row_codes, ~np.isfinite(x), "count is missing or not a finite number")
            set_reason(row_codes, ~np.isfinite(n), "denominator is missing or not a finite number")
            set_reason(
                row_codes, ~np.isfinite(r), "reference rate is missing or not a finite number"
            )
            set_reason(row_codes, x < 0, "count is negative")
            set_reason(row_codes, n < 0, "denominator is negative")
            set_reason(row_codes, r < 0, "reference rate is negative")
    else:
        e = arrays["expected"]
    if grouping is not None:
        row_ok = (x >= 0) & (x < np.inf) & (e >= 0) & (e < np.inf)
        codes_rows = row_reasons(row_ok, count_checks(x, e, zero_ok=True, of="expected count"))
        if row_codes is not None:
            codes_rows = np.where(row_codes >= 0, row_codes, codes_rows).astype(CODE_DTYPE)
        group_codes = grouping.reduce(codes_rows)
        x, e = grouping.sum(x), grouping.sum(e)
    else:
        x, e = x.copy(), e.copy()
        group_codes = row_codes
    return _count_ratio(x, e, "expected", group_codes, index, grouping, scale, chosen, method, unit)
