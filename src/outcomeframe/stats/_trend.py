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

from collections.abc import Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe.stats._polarity import Polarity
from outcomeframe.stats._trend_core import (
    _CANNOT,
    _TREND_DTYPE,
    CHI2_THRESHOLD,
    TREND_LABELS,
)
from outcomeframe.stats._trend_input import (
    TREND_VALUE_TYPES,
    _as_float,
    _check_kind,
    _numeric,
    _untrended,
)

# _compare and _gaps read these from here: explicit re-exports
from outcomeframe.stats._trend_input import _polarity_codes as _polarity_codes  # noqa: PLC0414
from outcomeframe.stats._trend_series import _compute, _from_arrays
from outcomeframe.stats._trend_sort import _pivot as _pivot  # noqa: PLC0414
from outcomeframe.stats._trend_sort import _sort_long as _sort_long  # noqa: PLC0414

__all__ = [
    "CHI2_THRESHOLD",
    "TREND_LABELS",
    "TREND_VALUE_TYPES",
    "TrendResult",
    "recent_trend",
]


@attrs.frozen
class TrendResult:
    """The recent trend of one series.

    Attributes
    ----------
    trend : str
        One of :data:`TREND_LABELS`.
    chi2 : float
        The chi-squared statistic for trend (NaN when it cannot be calculated).
    gradient : float
        The slope whose sign gives the direction: the weighted regression
        slope in the value's unit per point or, with counts and denominators
        only, the least-squares slope of logit(count / denominator) on t. NaN
        when it cannot be calculated or is undefined (a count of 0).
    significant : bool
        ``chi2 > CHI2_THRESHOLD``, no outlier and a defined, non-zero slope.
    outlier : bool
        The six slopes (all five points, and each leave-one-out fit) do not
        all have the same sign.
    n_points : int
        Valid points available (at most 5).
    reason : str or None
        Why the trend cannot be calculated, else None.

    Examples
    --------
    >>> from outcomeframe.stats import recent_trend
    >>> r = recent_trend(counts=[10, 20, 30, 40, 50], denominators=[100] * 5,
    ...                  polarity="High is good")
    >>> r.trend, r.significant
    ('Increasing and getting better', True)
    """

    trend: str
    chi2: float
    gradient: float
    significant: bool
    outlier: bool
    n_points: int
    reason: str | None


def recent_trend(
    *,
    counts: Any = None,
    denominators: Any = None,
    values: Any = None,
    lower: Any = None,
    upper: Any = None,
    polarity: Polarity | str | Any,
    measure: Any = None,
    data: pd.DataFrame | None = None,
    by: str | Sequence[str] | None = None,
    order: str | None = None,
    missing: Literal["skip", "cannot"] = "skip",
) -> TrendResult | pd.DataFrame:
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
    TrendResult or DataFrame
        One 1-D series: a :class:`TrendResult`. Otherwise a DataFrame with one
        row per series (the ``by`` columns first when ``data`` is given) and
        columns ``trend`` (categorical, :data:`TREND_LABELS`), ``chi2``,
        ``gradient``, ``significant``, ``outlier``, ``n_points`` and ``reason``
        (string, missing unless the trend cannot be calculated).

    Raises
    ------
    ArgumentError
        Arguments of different shapes (the message names the argument), a
        missing companion argument, or an unknown polarity.
    DataError
        Impossible values: count > denominator (counts and denominators
        alone), negative counts, upper < lower, or a period repeated within a
        series.

    Notes
    -----
    A series "Cannot be calculated" when its value type is not trended, it has
    fewer than five valid points, no value for its latest period,
    (``missing="cannot"``) a gap among the last five, a point whose count
    equals its denominator (anywhere in the series, as Fingertips checks), or
    a zero-width interval among the five.

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
    >>> r = recent_trend(counts=c, denominators=d, polarity="High is good")
    >>> round(r.chi2, 4), round(r.gradient, 4), r.trend
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
    >>> print(out["reason"][1])
    only 3 valid points; 5 needed
    >>> print(out["reason"][2])
    value type 'Indirectly standardised ratio': Fingertips calculates a recent trend only for proportions, crude rates and directly standardised rates
    """
    if missing not in ("skip", "cannot"):
        raise ArgumentError(f"missing: {missing!r} is not 'skip' or 'cannot'")
    kind, named = _check_kind(counts, denominators, values, lower, upper)
    if data is not None:
        return _from_frame(kind, named, polarity, measure, data, by, order, missing)
    if by is not None or order is not None:
        raise ArgumentError("by/order: only used with data=")
    arrays = [_as_float(v, n) for n, v in named]
    shape = arrays[0].shape
    for (arg, _), arr in zip(named[1:], arrays[1:], strict=True):
        if arr.shape != shape:
            raise ArgumentError(
                f"{arg}: shape {arr.shape} does not match {named[0][0]} shape {shape}"
            )
    single = arrays[0].ndim == 1
    mats = [a[None, :] if single else a for a in arrays]
    n_series = mats[0].shape[0]
    pol = _polarity_codes(polarity, n_series)
    untrended = _untrended(measure, n_series)
    result = _from_arrays(kind, mats, pol, missing)
    result = _gate(result, untrended)
    return _result(result) if single else result


def _gate(result: pd.DataFrame, untrended: npt.NDArray[np.object_]) -> pd.DataFrame:
    """Series whose value type is not trended: "Cannot be calculated", the type in ``reason``."""
    stop = np.asarray([r is not None for r in untrended], dtype=bool) if len(untrended) else None
    if stop is None or not stop.any():
        return result
    codes = result["trend"].cat.codes.to_numpy().copy()
    codes[stop] = _CANNOT
    reason = np.array(result["reason"].astype(object).where(result["reason"].notna(), None))
    reason[stop] = untrended[stop]
    out = result.copy()
    out["trend"] = pd.Categorical.from_codes(codes, dtype=_TREND_DTYPE)
    for col in ("chi2", "gradient"):
        out[col] = np.where(stop, np.nan, out[col].to_numpy())
    for col in ("significant", "outlier"):
        out[col] = out[col].to_numpy() & ~stop
    out["reason"] = pd.array(reason, dtype="string")
    return out


def _result(frame: pd.DataFrame) -> TrendResult:
    """The first row of a result frame as a :class:`TrendResult`."""
    row = frame.iloc[0]
    reason = row["reason"]
    return TrendResult(
        trend=str(row["trend"]),
        chi2=float(row["chi2"]),
        gradient=float(row["gradient"]),
        significant=bool(row["significant"]),
        outlier=bool(row["outlier"]),
        n_points=int(row["n_points"]),
        reason=None if pd.isna(reason) else str(reason),
    )


def _from_frame(
    kind: str,
    named: list[tuple[str, Any]],
    polarity: Any,
    measure: Any,
    data: pd.DataFrame,
    by: str | Sequence[str] | None,
    order: str | None,
    missing: str,
) -> pd.DataFrame:
    """Long-table front end: factorise groups, sort, pivot, compute."""
    if not isinstance(data, pd.DataFrame):
        raise ArgumentError("data: expected a pandas DataFrame")
    if order is None:
        raise ArgumentError("order: name the period column to sort each series by")
    keys = [by] if isinstance(by, str) else list(by or [])
    for arg, col in named:
        if not isinstance(col, str):
            raise ArgumentError(f"{arg}: with data=, give a column name")
    needed = [*keys, order, *(col for _, col in named)]
    pol_col = polarity if isinstance(polarity, str) and polarity in data.columns else None
    if pol_col is not None:
        needed.append(pol_col)
    measure_col = measure if isinstance(measure, str) and measure in data.columns else None
    if measure_col is not None:
        needed.append(measure_col)
    absent = [c for c in needed if c not in data.columns]
    if absent:
        raise ArgumentError(f"data: no column {absent[0]!r}")
    group, n_groups, idx, period_of = _sort_long(data, keys, order)
    arrays = [_numeric(data[col], col)[idx] for _, col in named]
    # representative (latest) row of each group, in sorted positions
    sizes = np.bincount(group, minlength=n_groups)
    last = np.cumsum(sizes) - 1
    if pol_col is not None:
        pol = _polarity_codes(data[pol_col].to_numpy()[idx[last]], n_groups, pol_col)
    else:
        pol = _polarity_codes(polarity, n_groups)
    if measure_col is not None:
        untrended = _untrended(data[measure_col].to_numpy()[idx[last]], n_groups, measure_col)
    else:
        untrended = _untrended(measure, n_groups)

    def name(i: int) -> str:
        return f"{order} {period_of(i)}"

    def where(i: int) -> str:
        return f"row {data.index[idx[i]]!r}, {name(i)}"

    result = _gate(_compute(kind, group, n_groups, arrays, pol, missing, name, where), untrended)
    if keys:
        head = data[keys].iloc[idx[last]].reset_index(drop=True)
        result = pd.concat([head, result], axis=1)
    return result
