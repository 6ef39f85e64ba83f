"""Gaps between an area (or a group) and a benchmark, and whether they close.

METHODS.md, "Gaps": absolute gap = area - benchmark in the indicator's unit
(percentage points for percentages), relative gap = (area - benchmark) /
benchmark. An inequality gap is the same between two breakdowns of one area.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import special

from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import GapTrend, labels
from outcomeframe.stats._compare import _arrays, _index_of
from outcomeframe.stats._numbers import as_floats, check_count, check_real
from outcomeframe.stats._trend import CHI2_THRESHOLD, _pivot, _sort_long

__all__ = ["GAP_TREND_LABELS", "gap", "gap_trend"]

FloatArray = npt.NDArray[np.float64]

#: Categories of the ``status`` column of :func:`gap_trend`.
GAP_TREND_LABELS: tuple[str, ...] = labels(GapTrend)
_GAP_DTYPE = pd.CategoricalDtype(list(GAP_TREND_LABELS))
#: z for a two-sided 95% interval (1.959964...): 95% limits -> a standard error.
_Z95: float = float(special.ndtri(0.975))


def gap(values: Any, benchmark: Any) -> pd.DataFrame:
    """Absolute and relative gap between values and a benchmark.

    Parameters
    ----------
    values : array-like
        The area's (or group's) values.
    benchmark : float or array-like
        The benchmark, one for all or one per value.

    Returns
    -------
    DataFrame
        ``absolute`` = values - benchmark, in the values' unit (for a
        percentage that is percentage points: the caller attaches the unit),
        and ``relative`` = (values - benchmark) / benchmark (a fraction; NaN
        when the benchmark is 0). Both are NaN where either input is missing,
        infinite or not a number, or the gap is beyond float64 (an overflow).
        Indexed like ``values`` when it is a Series.

    Raises
    ------
    ArgumentError
        Arrays of different lengths, or an argument that is not numbers at all
        (complex, dates, durations).

    Examples
    --------
    >>> from outcomeframe.stats import gap
    >>> gap([52.0, 70.0], 65.0).round(4)
       absolute  relative
    0     -13.0      -0.2
    1       5.0    0.0769
    """
    (y, bm), _ = _arrays([("values", values), ("benchmark", benchmark)])
    with np.errstate(all="ignore"):
        absolute = y - bm
        rel = np.where(bm != 0, absolute / bm, np.nan)
    # A gap of missing, infinite or overflowing values is not a number either.
    absolute[~np.isfinite(absolute)] = np.nan
    rel[~np.isfinite(rel)] = np.nan
    return pd.DataFrame({"absolute": absolute, "relative": rel}, index=_index_of(values))


def gap_trend(
    *,
    values: Any,
    lower: Any,
    upper: Any,
    benchmark: Any,
    benchmark_lower: Any,
    benchmark_upper: Any,
    data: pd.DataFrame | None = None,
    by: str | Sequence[str] | None = None,
    order: str | None = None,
    points: int = 5,
    min_points: int = 3,
    period_years: float = 1.0,
    threshold: float = CHI2_THRESHOLD,
) -> pd.DataFrame:
    """Say whether an inequality gap is closing or widening, and when it closes.

    For each period the gap is g_t = value_t - benchmark_t with variance
    v_t = s_t^2 + b_t^2, where s and b are the standard errors recovered from
    the two 95% intervals ((upper - lower) / (2 * 1.959964)). The gap is fitted
    by the same inverse-variance weighted regression as the recent trend for
    non-proportions (weights 1 / v_t, t = 1..k over the ``points`` most recent
    periods with a value), giving the slope beta (gap units per period),
    chi2 = beta^2 / var(beta) and significance at ``threshold``.

    Parameters
    ----------
    values, lower, upper : array-like or str
        The group's values and 95% limits (1-D: one series in time order;
        2-D: series x periods; with ``data``: column names).
    benchmark, benchmark_lower, benchmark_upper : array-like or str
        The comparison group's values and 95% limits, same shapes.
    data : DataFrame, optional
        Long table, one row per series and period, both groups side by side.
    by, order : optional
        With ``data``: series key columns and the period column.
    points : int
        How many of the most recent periods to use (default 5).
    min_points : int
        Fewer valid periods than this gives "Cannot be calculated" (default 3).
    period_years : float
        Years between consecutive periods, to express the slope per year.
    threshold : float
        Chi-squared threshold (default the 99.8% point, as for the trend).

    Returns
    -------
    DataFrame
        One row per series (``by`` columns first): ``gap`` (latest observed
        gap), ``fitted_gap`` (the fitted gap at the latest period),
        ``slope_per_year`` (change of the gap per year), ``chi2``,
        ``significant``, ``status`` (categorical: Closing / Widening /
        No significant change / Cannot be calculated), ``years_to_close``
        (years until the fitted gap reaches 0 at the current slope, only when
        closing significantly), ``n_points`` and ``reason``.

    Notes
    -----
    Closing means the magnitude |gap| falls: the slope has the opposite sign
    to the fitted latest gap. Treating the two groups as independent
    overstates the variance when one group is part of the other (children
    eligible for free school meals are part of all children), so the test is
    conservative in that case. This is outcomeframe's method: METHODS.md
    defines gaps and "closing" but gives no significance test.

    Examples
    --------
    >>> from outcomeframe.stats import gap_trend
    >>> out = gap_trend(values=[40.0, 42.0, 44.0, 46.0, 48.0],
    ...                 lower=[39.0, 41.0, 43.0, 45.0, 47.0],
    ...                 upper=[41.0, 43.0, 45.0, 47.0, 49.0],
    ...                 benchmark=[60.0] * 5, benchmark_lower=[59.5] * 5,
    ...                 benchmark_upper=[60.5] * 5)
    >>> out[["gap", "slope_per_year", "status", "years_to_close"]].round(2)
        gap  slope_per_year   status  years_to_close
    0 -12.0             2.0  Closing             6.0
    """
    points = check_count(points, "points", minimum=2)
    min_points = check_count(min_points, "min_points", minimum=2)
    if min_points > points:
        raise ArgumentError(f"min_points: {min_points} is more than points ({points})")
    period_years = check_real(period_years, "period_years", positive=True)
    threshold = check_real(threshold, "threshold", minimum=0)
    named = [
        ("values", values),
        ("lower", lower),
        ("upper", upper),
        ("benchmark", benchmark),
        ("benchmark_lower", benchmark_lower),
        ("benchmark_upper", benchmark_upper),
    ]
    head: pd.DataFrame | None = None
    if data is not None:
        if order is None:
            raise ArgumentError("order: name the period column")
        keys = [by] if isinstance(by, str) else list(by or [])
        for name, col in named:
            if not isinstance(col, str) or col not in data.columns:
                raise ArgumentError(f"{name}: with data=, give a column of data")
        group, n_groups, idx, _ = _sort_long(data, keys, order)
        flat = [as_floats(data[col], f"{name} (column {col!r})")[idx] for name, col in named]
        if keys:
            last = np.cumsum(np.bincount(group, minlength=n_groups)) - 1
            head = data[keys].iloc[idx[last]].reset_index(drop=True)
    else:
        arrs = []
        for name, v in named:
            if v is None:
                raise ArgumentError(f"{name}: is required")
            arr = as_floats(v, name, max_ndim=2)
            arrs.append(arr if arr.ndim == 2 else arr[None, :])
        for (name, _), arr in zip(named[1:], arrs[1:], strict=True):
            if arr.shape != arrs[0].shape:
                raise ArgumentError(
                    f"{name}: shape {arr.shape} does not match values shape {arrs[0].shape}"
                )
        n_groups, n_cols = arrs[0].shape
        group = np.repeat(np.arange(n_groups, dtype=np.intp), n_cols)
        flat = [a.ravel() for a in arrs]
    y, lo, up, b, blo, bup = flat
    with np.errstate(all="ignore"):
        g = y - b
        var = ((up - lo) / (2 * _Z95)) ** 2 + ((bup - blo) / (2 * _Z95)) ** 2
    valid = np.isfinite(g) & np.isfinite(var) & (var > 0)
    (gm, vm), n_points, _, _ = _pivot(group, n_groups, [g, var], valid, "skip", points)
    t = np.arange(1.0, points + 1.0)
    with np.errstate(all="ignore"):
        w = np.where(np.isfinite(gm), 1.0 / vm, 0.0)
        gz = np.where(np.isfinite(gm), gm, 0.0)
        S1 = w.sum(axis=1)
        tbar = (w * t).sum(axis=1) / S1
        tc = t[None, :] - tbar[:, None]
        Q = (w * tc * tc).sum(axis=1)
        beta = (w * tc * gz).sum(axis=1) / Q
        chi2 = beta * beta * Q
        gbar = (w * gz).sum(axis=1) / S1
        fitted = gbar + beta * (points - tbar)
        latest = gm[:, -1]
    cannot = n_points < min_points
    significant = (chi2 > threshold) & ~cannot
    closing = np.sign(beta) == -np.sign(fitted)
    status = np.where(significant, np.where(closing, 0, 1), 2)
    status = np.where(cannot, 3, status).astype(np.int8)
    slope_year = beta / period_years
    with np.errstate(all="ignore"):
        years = np.where(status == 0, np.abs(fitted / beta) * period_years, np.nan)
    reason = np.full(n_groups, None, dtype=object)
    idx_c = np.flatnonzero(cannot)
    if idx_c.size:
        reason[idx_c] = [
            f"only {k} period(s) with both groups' values and limits; {min_points} needed"
            for k in n_points[idx_c].tolist()
        ]
    out = pd.DataFrame(
        {
            "gap": latest,
            "fitted_gap": np.where(cannot, np.nan, fitted),
            "slope_per_year": np.where(cannot, np.nan, slope_year),
            "chi2": np.where(cannot, np.nan, chi2),
            "significant": significant,
            "status": pd.Categorical.from_codes(status, dtype=_GAP_DTYPE),
            "years_to_close": years,
            "n_points": n_points.astype(np.int64),
            "reason": pd.arrays.StringArray(reason),
        }
    )
    if head is not None:
        out = pd.concat([head, out], axis=1)
    return out
