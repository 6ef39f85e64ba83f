"""Gaps between an area (or a group) and a benchmark, and whether they close.

METHODS.md, "Gaps": absolute gap = area - benchmark in the indicator's unit
(percentage points for percentages), relative gap = (area - benchmark) /
benchmark. An inequality gap is the same between two breakdowns of one area.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import GapTrend, Reason, labels
from outcomeframe.stats._grouping import By, by_columns
from outcomeframe.stats._input import check_data, row_inputs
from outcomeframe.stats._intervals import z_value
from outcomeframe.stats._numbers import as_floats, check_count, check_real
from outcomeframe.stats._reasons import first_reasons, reason_column
from outcomeframe.stats._series import pivot_last, sort_long
from outcomeframe.stats._trend_core import CHI2_THRESHOLD
from outcomeframe.stats._types import Input

__all__ = ["GAP_TREND_LABELS", "gap", "gap_trend"]

FloatArray = npt.NDArray[np.float64]

#: Categories of the ``status`` column of :func:`gap_trend`.
GAP_TREND_LABELS: tuple[str, ...] = labels(GapTrend)
_GAP_DTYPE = pd.CategoricalDtype(list(GAP_TREND_LABELS))
_STATUS = {label: np.int8(i) for i, label in enumerate(GapTrend)}
#: z for a two-sided 95% interval (1.959964...): 95% limits -> a standard error.
_Z95: float = z_value(0.95)  # special.ndtri(0.975)
#: The six inputs of :func:`gap_trend`, in the order they are read.
_GAP_INPUTS = ("values", "lower", "upper", "benchmark", "benchmark_lower", "benchmark_upper")


def gap(
    values: Input, benchmark: Input | float, *, data: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Absolute and relative gap between values and a benchmark.

    Parameters
    ----------
    values : array-like, Series or str
        The area's (or group's) values, or a column name of ``data``.
    benchmark : float, array-like, Series or str
        The benchmark, one for all or one per value.
    data : DataFrame, optional
        The table holding the named columns; the result has its index.

    Returns
    -------
    DataFrame
        ``absolute`` = values - benchmark, in the values' unit (for a
        percentage that is percentage points: the caller attaches the unit),
        and ``relative`` = (values - benchmark) / benchmark (a fraction; NaN
        when the benchmark is 0). Both are NaN where either input is missing,
        infinite or not a number, or the gap is beyond float64 (an overflow).
        Indexed like ``data``, or like ``values`` when it is a Series.

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
    (y, bm), _, index = row_inputs([("values", values), ("benchmark", benchmark)], data)
    with np.errstate(all="ignore"):
        absolute = y - bm
        rel = np.where(bm != 0, absolute / bm, np.nan)
    # A gap of missing, infinite or overflowing values is not a number either.
    absolute[~np.isfinite(absolute)] = np.nan
    rel[~np.isfinite(rel)] = np.nan
    return pd.DataFrame({"absolute": absolute, "relative": rel}, index=index)


def gap_trend(
    *,
    values: Input,
    lower: Input,
    upper: Input,
    benchmark: Input,
    benchmark_lower: Input,
    benchmark_upper: Input,
    data: pd.DataFrame | None = None,
    by: By | None = None,
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
    by : str or list of str, optional
        With ``data``: the grouping columns that identify a series.
    order : str, optional
        With ``data``: the period column.
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
        closing significantly), ``n_points``, ``reason`` (the reasons
        categorical: "too few valid points") and ``detail`` (how many periods).

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
    given = (values, lower, upper, benchmark, benchmark_lower, benchmark_upper)
    named = list(zip(_GAP_INPUTS, given, strict=True))
    if data is not None:
        check_data(data)
        group, n_groups, flat, head = _long_inputs(named, data, by, order)
    else:
        group, n_groups, flat = _array_inputs(named)
        head = None
    g, var = _gap_and_variance(flat)
    valid = np.isfinite(g) & np.isfinite(var) & (var > 0)
    (gm, vm), n_points, _, _ = pivot_last(group, n_groups, [g, var], valid, "skip", points)
    fit = _weighted_fit(gm, vm, points)
    out = _gap_frame(fit, gm[:, -1], n_points, min_points, period_years, threshold)
    return out if head is None else pd.concat([head, out], axis=1)


def _long_inputs(
    named: list[tuple[str, Input]], data: pd.DataFrame, by: By | None, order: str | None
) -> tuple[npt.NDArray[np.intp], int, list[FloatArray], pd.DataFrame | None]:
    """Series codes, their number, the inputs in series and period order, and the by columns."""
    if order is None:
        raise ArgumentError("order: name the period column")
    keys = by_columns(data, by)
    columns: list[tuple[str, str]] = []
    for name, col in named:
        if not isinstance(col, str) or col not in data.columns:
            raise ArgumentError(f"{name}: with data=, give a column of data")
        columns.append((name, col))
    group, n_groups, idx, _ = sort_long(data, keys, order)
    flat = [as_floats(data[col], f"{name} (column {col!r})")[idx] for name, col in columns]
    if not keys:
        return group, n_groups, flat, None
    last = np.cumsum(np.bincount(group, minlength=n_groups)) - 1
    return group, n_groups, flat, data[keys].iloc[idx[last]].reset_index(drop=True)


def _array_inputs(
    named: list[tuple[str, Input]],
) -> tuple[npt.NDArray[np.intp], int, list[FloatArray]]:
    """1-D (one series) or 2-D (series x periods) inputs, flattened, with their series codes."""
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
    return group, n_groups, [a.ravel() for a in arrs]


def _gap_and_variance(flat: list[FloatArray]) -> tuple[FloatArray, FloatArray]:
    """Per row, the gap and its variance from the two groups' 95% intervals."""
    y, lo, up, b, blo, bup = flat
    with np.errstate(all="ignore"):
        g = y - b
        var = ((up - lo) / (2 * _Z95)) ** 2 + ((bup - blo) / (2 * _Z95)) ** 2
    return g, var


def _weighted_fit(gm: FloatArray, vm: FloatArray, points: int) -> dict[str, FloatArray]:
    """Inverse-variance weighted regression of the ``(n, points)`` gaps on t = 1..points."""
    t = np.arange(1.0, points + 1.0)
    with np.errstate(all="ignore"):
        w = np.where(np.isfinite(gm), 1.0 / vm, 0.0)
        gz = np.where(np.isfinite(gm), gm, 0.0)
        s1 = w.sum(axis=1)
        tbar = (w * t).sum(axis=1) / s1
        tc = t[None, :] - tbar[:, None]
        q = (w * tc * tc).sum(axis=1)
        beta = (w * tc * gz).sum(axis=1) / q
        gbar = (w * gz).sum(axis=1) / s1
    return {"beta": beta, "chi2": beta * beta * q, "fitted": gbar + beta * (points - tbar)}


def _gap_frame(
    fit: dict[str, FloatArray],
    latest: FloatArray,
    n_points: npt.NDArray[np.intp],
    min_points: int,
    period_years: float,
    threshold: float,
) -> pd.DataFrame:
    """Status, years to close and the reason of every series, from its fit."""
    beta, chi2, fitted = fit["beta"], fit["chi2"], fit["fitted"]
    cannot = n_points < min_points
    significant = (chi2 > threshold) & ~cannot
    closing = np.sign(beta) == -np.sign(fitted)
    s = _STATUS
    status = np.where(
        significant,
        np.where(closing, s[GapTrend.CLOSING], s[GapTrend.WIDENING]),
        s[GapTrend.NO_SIGNIFICANT_CHANGE],
    )
    status = np.where(cannot, s[GapTrend.CANNOT_BE_CALCULATED], status).astype(np.int8)
    with np.errstate(all="ignore"):
        years = np.where(
            status == s[GapTrend.CLOSING], np.abs(fitted / beta) * period_years, np.nan
        )
    detail = np.full(len(beta), None, dtype=object)
    idx = np.flatnonzero(cannot)
    if idx.size:
        detail[idx] = [
            f"only {k} period(s) with both groups' values and limits; {min_points} needed"
            for k in n_points[idx].tolist()
        ]
    return pd.DataFrame(
        {
            "gap": latest,
            "fitted_gap": np.where(cannot, np.nan, fitted),
            "slope_per_year": np.where(cannot, np.nan, beta / period_years),
            "chi2": np.where(cannot, np.nan, chi2),
            "significant": significant,
            "status": pd.Categorical.from_codes(status, dtype=_GAP_DTYPE),
            "years_to_close": years,
            "n_points": n_points.astype(np.int64),
            "reason": reason_column(first_reasons(len(beta), [(cannot, Reason.TOO_FEW_POINTS)])),
            "detail": pd.array(detail, dtype="string"),
        }
    )
