"""The Fingertips "recent trend" marker, closed-form and vectorised over series.

The rule is the one in Fingertips' trend-marker calculator (classic Fingertips
and the legacy calculator FingertipsNext carries over; see
``docs/explanation/trends.md``): only proportions, crude rates and directly
standardised rates are trended; a point counts when it has a value, a count
and a positive denominator; a series with a point whose count equals its
denominator is not calculated; the five most recent points with 95% limits
are used with t = 1..5 (positions, not years); the slope of an
inverse-variance weighted regression on the values (sigma = (upper - lower) /
3.92) is tested against the 99.8% point of chi-squared on one degree of
freedom; and the slope of the fit on all five points and of the five fits that
leave one point out must all have the same sign (a slope of zero, or an
undefined one, counts as positive, as in Fingertips).

Counts and denominators alone select the calculator's "SPC for proportions"
variant: the chi-squared test for trend, with the signs taken from
least-squares slopes of logit(count / denominator). A count of 0 makes its
logit, and so the slope's direction, undefined: Fingertips then reports "No
significant change", and so does this module.

Every series is pivoted into one row of an ``(n_series, 5)`` matrix by array
indexing (sort, then position from the end of each group), so the statistics
for hundreds of thousands of series are a handful of numpy operations.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import Reason
from outcomeframe.stats._grouping import By, by_columns
from outcomeframe.stats._input import check_data
from outcomeframe.stats._labels import polarity_codes
from outcomeframe.stats._numbers import as_floats
from outcomeframe.stats._reasons import REASON_DTYPE, REASONS, Codes, no_reasons
from outcomeframe.stats._series import sort_long
from outcomeframe.stats._trend_core import (
    _CANNOT,
    _TREND_DTYPE,
    CHI2_THRESHOLD,
    TREND_LABELS,
    _compute_full,
)
from outcomeframe.stats._trend_input import (
    TREND_VALUE_TYPES,
    _check_kind,
    _untrended,
    clean,
    series_floats,
    series_problems,
)
from outcomeframe.stats._trend_layout import grid_tails
from outcomeframe.stats._trend_result import TrendFrame, TrendResult
from outcomeframe.stats._trend_series import _compute, _from_arrays
from outcomeframe.stats._types import Input, PolarityInput, Values

__all__ = [
    "CHI2_THRESHOLD",
    "TREND_LABELS",
    "TREND_VALUE_TYPES",
    "TrendFrame",
    "TrendResult",
    "recent_trend",
]


def recent_trend(
    *,
    counts: Input | None = None,
    denominators: Input | None = None,
    values: Input | None = None,
    lower: Input | None = None,
    upper: Input | None = None,
    polarity: PolarityInput,
    measure: str | Values | None = None,
    data: pd.DataFrame | None = None,
    by: By | None = None,
    order: str | None = None,
    missing: Literal["skip", "cannot"] = "skip",
) -> pd.DataFrame:
    """Fingertips recent trend of one series or of many series at once.

    Fingertips' rule: the five most recent valid points, t = 1..5, an
    inverse-variance weighted regression of the values whose variances come
    from the 95% limits (sigma = (upper - lower) / 3.92), significant when
    chi2 > :data:`CHI2_THRESHOLD` (9.5495..., the 99.8% point of chi-squared
    on 1 d.f.) and the slopes of the fit on all five points and of the five
    fits that leave one point out all have the same sign.

    Give ``values``, ``lower`` and ``upper`` with ``counts`` and
    ``denominators`` for the rule exactly as Fingertips applies it (a point
    counts only with a count and a positive denominator; a count equal to its
    denominator anywhere in the series stops it). ``values``, ``lower`` and
    ``upper`` alone apply the regression to any series with limits.
    ``counts`` and ``denominators`` alone apply the calculator's "SPC for
    proportions" variant: the chi-squared test for trend, the signs taken from
    least-squares slopes of logit(count / denominator).

    Parameters
    ----------
    counts, denominators : array-like or str, optional
        Numerators and denominators. 1-D (one series in time order), 2-D
        (series x points, time order, NaN-padded on the left for short series)
        or, with ``data``, column names.
    values, lower, upper : array-like or str, optional
        Values and their 95% limits, same shapes (or column names with
        ``data``).
    polarity : Polarity, str or array-like
        One polarity for all series, one per series (2-D input), or with
        ``data`` the name of a column (the polarity of each series' latest row
        is used). Fingertips labels such as ``"RAG - Low is good"`` are
        accepted; a missing polarity means no judgement.
    measure : str or array-like, optional
        The value type: one for all series, one per series, or with ``data``
        a column name (each series' latest row). Only proportions, crude rates
        and directly standardised rates (``"proportion"``, ``"crude_rate"``,
        ``"dsr"``, or Fingertips' words such as ``"Crude rate"``) are trended;
        any other value type gives "Cannot be calculated" with the value type
        in ``reason``. Default (or a missing value): not checked.
    data : DataFrame, optional
        Long table with one row per series and period.
    by : str or sequence of str, optional
        With ``data``: the columns that identify a series.
    order : str, optional
        With ``data``: a sortable period column (e.g. the start year).
    missing : {"skip", "cannot"}
        What a period without a value does. ``"skip"`` (default, what
        Fingertips does): the five most recent periods *with* a value are used
        and t counts them 1..5, but the latest period must have a value.
        ``"cannot"``: a missing value among the five most recent periods gives
        "Cannot be calculated", with the period named in ``reason``.

    Returns
    -------
    DataFrame
        Always a DataFrame, one row per series (one row for a 1-D series; the
        ``by`` columns first when ``data`` is given), with columns ``trend``
        (categorical, :data:`TREND_LABELS`), ``chi2``, ``gradient``,
        ``significant``, ``outlier``, ``n_points``, ``reason`` (the reasons
        categorical, missing unless the trend cannot be calculated) and
        ``detail`` (text naming the period, row or value type the reason is
        about). A one-series caller takes the row ``.iloc[0]``.

    Raises
    ------
    ArgumentError
        Arguments of different shapes (the message names the argument), arrays of
        series with no points, a missing companion argument, or an unknown polarity.
    DataError
        A period missing, or repeated within a series (``data`` and ``order``).

    Notes
    -----
    A series "Cannot be calculated" when (checks in this order, the first
    wins) a row has impossible values (a negative count, a denominator of zero
    or below, a count above its denominator with counts alone, an upper limit
    below the lower one: the series' ``reason`` is that row's, marked as in a
    row of the group, and ``detail`` names the row), its value type is not
    trended, it has no value for its latest period, (``missing="cannot"``) a
    gap among the last five, fewer than five valid points, a point whose count
    equals its denominator (anywhere in the series, as Fingertips checks), a
    zero-width interval among the five, or numbers that overflow.

    A slope of exactly zero, or an undefined one, counts as positive when the
    six signs are compared (Fingertips' rule), and a significant trend needs a
    non-zero slope. With counts and denominators alone a count of 0 makes the
    logit slope undefined: the result is "No significant change", as
    Fingertips publishes for such series. The leave-one-out fits keep the
    original positions t of the remaining four points.

    Examples
    --------
    The worked check in METHODS.md (denominators derived from the values),
    with counts only (the chi-squared test for trend):

    >>> import numpy as np
    >>> from outcomeframe.stats import recent_trend
    >>> c = np.array([318, 314, 318, 291, 292])
    >>> d = c / np.array([67.9, 66.4, 63.5, 60.6, 58.5]) * 100
    >>> r = recent_trend(counts=c, denominators=d, polarity="High is good").iloc[0]
    >>> round(float(r.chi2), 4), round(float(r.gradient), 4), r.trend
    (12.5688, -0.1062, 'Decreasing and getting worse')

    Many series from a long table; an indirectly standardised ratio is not
    trended:

    >>> import pandas as pd
    >>> df = pd.DataFrame({
    ...     "area": ["A"] * 5 + ["B"] * 3 + ["C"] * 5,
    ...     "year": [2019, 2020, 2021, 2022, 2023, 2021, 2022, 2023] + [2019, 2020, 2021, 2022, 2023],
    ...     "value": [30.6, 30.2, 28.0, 24.6, 24.67, 5.0, 5.1, 5.2] + [90.0] * 5,
    ...     "lo": [28.98, 28.63, 26.44, 23.15, 23.16, 4.0, 4.1, 4.2] + [80.0] * 5,
    ...     "hi": [32.25, 31.9, 29.64, 26.19, 26.25, 6.0, 6.1, 6.2] + [100.0] * 5,
    ...     "type": ["Proportion"] * 8 + ["Indirectly standardised ratio"] * 5,
    ... })
    >>> out = recent_trend(data=df, by="area", order="year", values="value",
    ...                    lower="lo", upper="hi", polarity="Low is good", measure="type")
    >>> out[["area", "trend", "n_points"]]
      area                          trend  n_points
    0    A  Decreasing and getting better         5
    1    B           Cannot be calculated         3
    2    C           Cannot be calculated         5
    >>> out["reason"].tolist()[1:]
    ['too few valid points', 'value type is not trended']
    >>> print(out["detail"][1])
    only 3 valid points; 5 needed
    >>> print(out["detail"][2])
    value type 'Indirectly standardised ratio': Fingertips calculates a recent trend only for proportions, crude rates and directly standardised rates

    A row with impossible values stops its series, with a reason:

    >>> bad = recent_trend(counts=[10, 20, 150, 40, 50], denominators=[100] * 5,
    ...                    polarity="High is good")
    >>> print(bad["reason"][0]); print(bad["detail"][0])
    count exceeds denominator (in a row of the group)
    count exceeds denominator: series 1, point 3 of 5: count 150, denominator 100
    """
    if missing not in ("skip", "cannot"):
        raise ArgumentError(f"missing: {missing!r} is not 'skip' or 'cannot'")
    kind, named = _check_kind(counts, denominators, values, lower, upper)
    if data is not None:
        return _from_frame(kind, named, polarity, measure, data, by, order, missing)
    if by is not None or order is not None:
        raise ArgumentError("by/order: only used with data=")
    arrays = [series_floats(v, n) for n, v in named]
    shape = arrays[0].shape
    for (arg, _), arr in zip(named[1:], arrays[1:], strict=True):
        if arr.shape != shape:
            raise ArgumentError(
                f"{arg}: shape {arr.shape} does not match {named[0][0]} shape {shape}"
            )
    single = arrays[0].ndim == 1
    mats = [a[None, :] if single else a for a in arrays]
    n_series, n_cols = mats[0].shape
    if n_cols == 0 and n_series:
        raise ArgumentError(
            f"{named[0][0]}: no points (shape {shape}): give each series its values in time order"
        )
    pol = polarity_codes(polarity, n_series)
    untrended = _untrended(measure, n_series)
    flat = [m.reshape(-1) for m in mats]
    full_points = clean(kind, flat)
    if full_points is not None:  # every point present and possible: nothing to report per row
        bad, detail = no_reasons(n_series), np.full(n_series, None, dtype=object)
        full_series = np.zeros(n_series, dtype=bool)
        full_series[full_points // n_cols] = True
        result = _from_arrays(kind, mats, pol, missing, full_series=full_series)
    else:
        bad, detail = series_problems(
            kind,
            flat,
            np.repeat(np.arange(n_series, dtype=np.intp), n_cols),
            n_series,
            lambda i: f"series {i // n_cols + 1}, point {i % n_cols + 1} of {n_cols}",
        )
        if (bad >= 0).any():  # impossible rows are not used: the series is stopped below
            mats = [_blank(m, bad[:, None] >= 0) for m in mats]
        result = _from_arrays(kind, mats, pol, missing)
    result = _stop(result, bad, detail, untrended)
    return TrendFrame(result) if single else result


def _blank(matrix: npt.NDArray[np.float64], rows: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
    """A copy of ``matrix`` with the rows of stopped series missing (NaN)."""
    return np.where(rows, np.nan, matrix)


def _stop(
    result: pd.DataFrame,
    bad: Codes,
    bad_detail: npt.NDArray[np.object_],
    untrended: npt.NDArray[np.object_] | None,
) -> pd.DataFrame:
    """Stop series: "Cannot be calculated", with a reason, first wins.

    First a series with an impossible row (``bad``: its reason code in the
    group categories, ``bad_detail`` naming the row), then one whose value type
    is not trended (``untrended``: the text, else None; None: no such series).
    """
    has_bad = bad >= 0
    if untrended is None or len(untrended) != len(result):
        not_trended = np.zeros(len(result), dtype=bool)
    else:
        not_trended = np.asarray(pd.notna(untrended), dtype=bool) & ~has_bad
    stop = has_bad | not_trended
    if not stop.any():
        return result
    codes = result["trend"].cat.codes.to_numpy().copy()
    codes[stop] = _CANNOT
    reason = result["reason"].cat.codes.to_numpy().copy()
    reason[has_bad] = bad[has_bad]
    reason[not_trended] = REASONS.index(Reason.NOT_TRENDED)
    detail = result["detail"].to_numpy(dtype=object).copy()
    detail[has_bad] = bad_detail[has_bad]
    if untrended is not None:
        detail[not_trended] = untrended[not_trended]
    out = result.copy()
    out["trend"] = pd.Categorical.from_codes(codes, dtype=_TREND_DTYPE)
    for col in ("chi2", "gradient"):
        out[col] = np.where(stop, np.nan, out[col].to_numpy())
    for col in ("significant", "outlier"):
        out[col] = out[col].to_numpy() & ~stop
    out["reason"] = pd.Categorical.from_codes(reason, dtype=REASON_DTYPE)
    out["detail"] = pd.array(detail, dtype="string")
    return out


def _from_frame(
    kind: str,
    named: list[tuple[str, Any]],
    polarity: PolarityInput,
    measure: str | Values | None,
    data: pd.DataFrame,
    by: By | None,
    order: str | None,
    missing: str,
) -> pd.DataFrame:
    """Long-table front end: factorise groups, sort, pivot, compute."""
    check_data(data)
    if order is None:
        raise ArgumentError("order: name the period column to sort each series by")
    keys = by_columns(data, by)
    for arg, col in named:
        if not isinstance(col, str):
            raise ArgumentError(f"{arg}: with data=, give a column name")
    needed = [order, *(col for _, col in named)]
    pol_col = polarity if isinstance(polarity, str) and polarity in data.columns else None
    measure_col = measure if isinstance(measure, str) and measure in data.columns else None
    absent = [c for c in needed if c not in data.columns]
    if absent:
        raise ArgumentError(f"data: no column {absent[0]!r}")
    arrays = [as_floats(data[col], col) for _, col in named]  # in the table's order
    # every row usable and every series with every period once: no sort, no pivot
    full_points = clean(kind, arrays)
    grid = None if full_points is None else grid_tails(data, keys, order, arrays)
    if grid is not None:
        tails, latest, series = grid
        n_groups = len(latest)
    else:
        group, n_groups, idx, period_of = sort_long(data, keys, order)
        arrays = [a[idx] for a in arrays]
        latest = idx[np.cumsum(np.bincount(group, minlength=n_groups)) - 1]
    if pol_col is not None:
        pol = polarity_codes(data[pol_col].to_numpy()[latest], n_groups, pol_col)
    else:
        pol = polarity_codes(polarity, n_groups)
    if measure_col is not None:
        untrended = _untrended(data[measure_col].to_numpy()[latest], n_groups, measure_col)
    else:
        untrended = _untrended(measure, n_groups)
    if grid is not None and full_points is not None:  # full_points: for the type checker
        bad, detail = no_reasons(n_groups), np.full(n_groups, None, dtype=object)
        full_series = np.zeros(n_groups, dtype=bool)
        full_series[series[full_points]] = True
        result = _compute_full(kind, [t.T for t in tails], pol, full_series)
    else:

        def name(i: int) -> str:
            return f"{order} {period_of(i)}"

        bad, detail = series_problems(
            kind, arrays, group, n_groups, lambda i: f"row {data.index[idx[i]]!r}, {name(i)}"
        )
        if (bad >= 0).any():
            arrays = [np.where(bad[group] >= 0, np.nan, a) for a in arrays]
        result = _compute(kind, group, n_groups, arrays, pol, missing, name)
    result = _stop(result, bad, detail, untrended)
    if keys:
        head = data[keys].iloc[latest].reset_index(drop=True)
        result = pd.concat([head, result], axis=1)
    return result
