"""The recent trend's statistics on ``(n_series, 5)`` matrices (private).

The chi-squared tests, the slopes, the six-sign outlier rule and the labels of
:func:`outcomeframe.stats.recent_trend`, each a handful of vector operations over
every series at once. Series whose numbers overflow floating point are computed
again on rescaled numbers (the weighted test is scale-free); what still cannot be
computed gets "Cannot be calculated" with a reason, never a silent NaN.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._vocabulary import Reason, Trend, labels
from outcomeframe.stats._reasons import Codes, no_reasons, reason_column, set_reason
from outcomeframe.stats._series import POINTS

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: The 99.8% point of chi-squared on 1 degree of freedom (9.54953570608324).
#: scipy's ``2 * special.gammaincinv(0.5, 0.998)`` to the last bit (a test checks it).
CHI2_THRESHOLD: float = 9.549535706083237

#: Width of a 95% interval in standard errors, as Fingertips' calculator has it (2 x 1.96).
_SE_PER_95_WIDTH: float = 3.92

#: The exact Fingertips labels, in the order of the categorical's categories.
TREND_LABELS: tuple[str, ...] = labels(Trend)

_TREND_DTYPE = pd.CategoricalDtype(list(TREND_LABELS), ordered=False)

# codes into TREND_LABELS
_CODE = {label: i for i, label in enumerate(Trend)}
_INC_BETTER, _INC_WORSE = _CODE[Trend.INCREASING_BETTER], _CODE[Trend.INCREASING_WORSE]
_DEC_BETTER, _DEC_WORSE = _CODE[Trend.DECREASING_BETTER], _CODE[Trend.DECREASING_WORSE]
_INC, _DEC = _CODE[Trend.INCREASING], _CODE[Trend.DECREASING]
_NSC, _CANNOT = _CODE[Trend.NO_SIGNIFICANT_CHANGE], _CODE[Trend.CANNOT_BE_CALCULATED]

#: The reason given when a series' numbers overflow even after rescaling.
OVERFLOW_REASON = (
    "the numbers are too large or too small for floating point: the trend statistics overflow"
)


def _labels(
    increasing: npt.NDArray[np.bool_],
    significant: npt.NDArray[np.bool_],
    cannot: npt.NDArray[np.bool_],
    pol: npt.NDArray[np.int8],
) -> npt.NDArray[np.int8]:
    """Map direction, significance and polarity to codes into TREND_LABELS."""
    # rows: polarity code; columns: increasing (1) or decreasing (0)
    table = np.array(
        [[_DEC_WORSE, _INC_BETTER], [_DEC_BETTER, _INC_WORSE], [_DEC, _INC]], dtype=np.int8
    )
    codes = table[pol, increasing.astype(np.intp)]
    codes = np.where(significant, codes, _NSC).astype(np.int8)
    return np.where(cannot, _CANNOT, codes).astype(np.int8)


def _colmean(x: FloatArray) -> FloatArray:
    """Means over the finite entries of each column, NaN for empty columns, no warnings."""
    ok = np.isfinite(x)
    with np.errstate(all="ignore"):
        mean: FloatArray = np.where(ok, x, 0.0).sum(axis=0) / ok.sum(axis=0)
    return mean


def _points_first(*arrays: FloatArray) -> list[FloatArray]:
    """``(n, 5)`` -> contiguous ``(5, n)``: sums over five points become four vector adds."""
    return [np.ascontiguousarray(a.T) for a in arrays]


def _same_signs(full: FloatArray, negative: BoolArray) -> BoolArray:
    """Whether the full slope and the five leave-one-out slopes have one sign.

    ``negative`` marks the leave-one-out slopes that are negative. As in
    Fingertips, a slope that is not negative (zero, or undefined) counts as
    positive.
    """
    return np.asarray((negative == (full < 0)).all(axis=0), dtype=bool)


def _row_sum(x: FloatArray) -> FloatArray:
    """``x.sum(axis=0)`` of a points-first ``(5, n)`` array, row by row (the same order)."""
    total: FloatArray = x[0].copy()
    for row in x[1:]:
        total += row
    return total


def _column_means(y: FloatArray, total: FloatArray) -> FloatArray:
    """Means of the columns of ``y`` given their sums; over the finite entries where not all are."""
    mean: FloatArray = total / POINTS
    odd = np.flatnonzero(~np.isfinite(total))
    if odd.size:
        mean[odd] = _colmean(y[:, odd])
    return mean


def _proportion_stats(
    c: FloatArray, d: FloatArray
) -> tuple[FloatArray, FloatArray, BoolArray, BoolArray]:
    """Chi-squared for trend, logit slope, same-sign flag and zero-count flag.

    ``c`` and ``d`` are ``(n, 5)``; rows that cannot be calculated may hold NaN.
    The chi-squared is Cochran-Armitage's; the six slopes compared for sign are
    least-squares slopes of logit(c / d) = log(c / (d - c)) on t (Fingertips'
    "SPC for proportions"). Every step is a vector operation over the series,
    points first, into as few temporaries as possible.
    """
    c, d = _points_first(c, d)
    n = c.shape[1]
    with np.errstate(all="ignore"):
        C = _row_sum(c)
        D = _row_sum(d)
        dt = d[0].copy()
        for k in range(1, POINTS):
            dt += d[k] * float(k + 1)
        tbar = dt / D
        # D*sum(c t) - C*sum(d t) = D * sum(c (t - tbar)); D*sum(d t^2) - (sum d t)^2 = D*Q
        A, Q, tc, tmp = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
        for k in range(POINTS):
            np.subtract(float(k + 1), tbar, out=tc)
            np.multiply(c[k], tc, out=A if k == 0 else tmp)
            if k:
                A += tmp
            np.multiply(d[k], tc, out=tmp)
            tmp *= tc
            if k:
                Q += tmp
            else:
                Q[:] = tmp
        chi2 = D * D * A * A / (C * (D - C) * Q)
        y = np.subtract(d, c)
        np.divide(c, y, out=y)
        np.log(y, out=y)  # logit(c / d)
        zero = np.asarray((c == 0).any(axis=0), dtype=bool)
        u = np.arange(1.0, POINTS + 1.0) - 3.0  # centred positions: sum(u) = 0, sum(u^2) = 10
        gradient = y[0] * u[0]
        for k in range(1, POINTS):
            gradient += y[k] * u[k]
        gradient /= 10.0
        # leave point k out: the mean of the other positions is -u_k / 4, and
        # sum_{s != k} (u_s - ubar_k) y_s = (S_yu - u_k y_k) + u_k / 4 (S_y - y_k)
        yc = y - _column_means(y, _row_sum(y))
        yu = yc * u[:, None]
        a = np.subtract(_row_sum(yu), yu, out=yu)
        b = np.subtract(_row_sum(yc), yc, out=yc)
        b *= (-u / 4.0)[:, None]
        negative = _negative(a, b)
    gradient = np.where(zero, np.nan, gradient)
    return chi2, gradient, _same_signs(gradient, negative), zero


def _negative(a: FloatArray, b: FloatArray) -> BoolArray:
    """Where ``a - b`` is negative by more than rounding noise; overwrites ``a``.

    A difference within 1e-10 of ``|a| + |b|`` is a flat fit: zero, so not negative.
    Where ``a`` and ``b`` have one sign ``|a| + |b| = |a + b|`` (to the bit); where
    they differ ``|a - b| >= |a + b|``, so the test is the same with ``|a + b|``.
    """
    diff = a - b
    a += b
    np.abs(a, out=a)
    a *= -1e-10
    return np.asarray(diff < a, dtype=bool)


def _other_stats(
    y: FloatArray, lower: FloatArray, upper: FloatArray
) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Chi-squared, weighted slope beta and same-sign flag for (n, 5) arrays."""
    y, lower, upper = _points_first(y, lower, upper)
    t = np.arange(1.0, POINTS + 1.0)[:, None]
    with np.errstate(all="ignore"):
        sigma = (upper - lower) / _SE_PER_95_WIDTH
        w = 1.0 / (sigma * sigma)
        S1 = w.sum(axis=0)
        tbar = (w * t).sum(axis=0) / S1
        tc = t - tbar
        Q = (w * tc * tc).sum(axis=0)
        beta = (w * tc * y).sum(axis=0) / Q
        chi2 = beta * beta * Q  # beta^2 / var(beta), var = 1 / Q
        # leave-one-out slope signs: S1_k * Syt_k - St_k * Sy_k with centred t and y
        tt = t - 3.0
        yc = y - _colmean(y)
        wt = w * tt
        wy = w * yc
        wty = wt * yc
        s1 = S1 - w
        st = wt.sum(axis=0) - wt
        sy = wy.sum(axis=0) - wy
        sty = wty.sum(axis=0) - wty
        negative = _negative(s1 * sty, st * sy)
    return chi2, beta, _same_signs(beta, negative)


def _stats(
    kind: str, mats: Sequence[FloatArray]
) -> tuple[FloatArray, FloatArray, BoolArray, BoolArray]:
    """Chi-squared, slope, same-sign flag and (proportions) zero-count flag per series."""
    if kind == "proportion":
        return _proportion_stats(mats[0], mats[1])
    chi2, gradient, same = _other_stats(mats[0], mats[1], mats[2])
    return chi2, gradient, same, np.zeros(len(chi2), dtype=bool)


def _rescaled(kind: str, mats: Sequence[FloatArray]) -> tuple[FloatArray, FloatArray, BoolArray]:
    """:func:`_stats` of series whose numbers overflow, computed on rescaled numbers.

    The weighted regression is unchanged by shifting the values and scales with
    them: values and limits are centred on their mean and divided by the widest
    interval, and the slope multiplied back. The chi-squared test for trend on
    counts grows in proportion to the counts: they are divided by the largest
    denominator and the statistic multiplied back (it may then be infinite).
    """
    with np.errstate(all="ignore"):
        if kind == "proportion":
            c, d = mats[0], mats[1]
            scale = np.nanmax(np.abs(d), axis=1, initial=0.0)[:, None]
            scale = np.where((scale > 0) & np.isfinite(scale), scale, 1.0)
            chi2, gradient, same, _ = _proportion_stats(c / scale, d / scale)
            return chi2 * scale[:, 0], gradient, same
        y, lower, upper = mats[0], mats[1], mats[2]
        ok = np.isfinite(y)
        centre = (np.where(ok, y / POINTS, 0.0).sum(axis=1) / ok.sum(axis=1) * POINTS)[:, None]
        width = np.nanmax(np.abs(upper - lower), axis=1, initial=0.0)[:, None]
        width = np.where((width > 0) & np.isfinite(width), width, 1.0)
        centre = np.where(np.isfinite(centre), centre, 0.0)
        chi2, gradient, same = _other_stats(
            (y - centre) / width, (lower - centre) / width, (upper - centre) / width
        )
        return chi2, gradient * width[:, 0], same


def _finish(
    kind: str,
    mats: Sequence[FloatArray],
    pol: npt.NDArray[np.int8],
    n_points: npt.NDArray[np.intp],
    full_series: BoolArray,
    other: BoolArray,
    reason: npt.NDArray[np.object_],
    codes: Codes,
) -> pd.DataFrame:
    """Statistics and labels from the ``(n, 5)`` matrices of the points used.

    ``other`` marks series that cannot be calculated for another reason than a
    full point or a zero-width interval, their reason ``codes`` and ``reason``
    (the text of the ``detail`` column) already written.
    """
    chi2, gradient, same, zero = _stats(kind, mats)
    if kind == "proportion":
        flat = np.zeros(len(pol), dtype=bool)
    else:
        flat = np.asarray((mats[2] == mats[1]).any(axis=1), dtype=bool)
    cannot = other | full_series | flat
    broken = ~cannot & ~zero & ~(np.isfinite(chi2) & np.isfinite(gradient))
    if broken.any():  # overflow or underflow: the same test on rescaled numbers
        rows = np.flatnonzero(broken)
        again = _rescaled(kind, [m[rows] for m in mats])
        for full, part in zip((chi2, gradient, same), again, strict=True):
            full[rows] = part
        broken[rows] = ~(np.isfinite(again[0]) & np.isfinite(again[1]))
        if broken.any():
            reason[broken] = OVERFLOW_REASON
            set_reason(codes, broken, Reason.OUT_OF_RANGE)
            cannot = cannot | broken
    chi2 = np.where(cannot, np.nan, chi2)
    gradient = np.where(cannot, np.nan, gradient)
    outlier = ~same & ~cannot & ~zero
    significant = (chi2 > CHI2_THRESHOLD) & same & ~cannot & ~zero & (gradient != 0)
    trend = _labels(gradient > 0, significant, cannot, pol)
    idx = np.flatnonzero(full_series & ~other)
    if idx.size:
        reason[idx] = "a point of the series has a count equal to its denominator (100%)"
        set_reason(codes, full_series & ~other, Reason.FULL_POINT)
    idx = np.flatnonzero(flat & ~full_series & ~other)
    if idx.size:
        reason[idx] = f"the last {POINTS} points include a zero-width interval"
        set_reason(codes, flat & ~full_series & ~other, Reason.ZERO_WIDTH_INTERVAL)
    return trend_frame(trend, chi2, gradient, significant, outlier, n_points, codes, reason)


def trend_frame(
    trend: npt.NDArray[np.int8],
    chi2: FloatArray,
    gradient: FloatArray,
    significant: BoolArray,
    outlier: BoolArray,
    n_points: npt.NDArray[np.integer],
    codes: Codes,
    detail: npt.NDArray[np.object_],
) -> pd.DataFrame:
    """The result frame of the recent trend, one row per series."""
    return pd.DataFrame(
        {
            "trend": pd.Categorical.from_codes(trend, dtype=_TREND_DTYPE),
            "chi2": chi2,
            "gradient": gradient,
            "significant": significant,
            "outlier": outlier,
            "n_points": n_points.astype(np.int64),
            "reason": reason_column(codes),
            "detail": text_column(detail, any_text=bool((codes >= 0).any())),
        }
    )


def text_column(texts: npt.NDArray[np.object_], *, any_text: bool = True) -> Any:
    """``texts`` (str or None) as a pandas string array; ``any_text=False``: all missing.

    A detail is only ever written with a reason, so a result without reasons has
    no text: its column is made missing at once instead of read value by value.
    """
    dtype = pd.StringDtype()
    if dtype.storage == "pyarrow":
        import pyarrow as pa  # noqa: PLC0415 - present whenever pandas stores strings in it

        if not any_text:
            return pd.arrays.ArrowStringArray(pa.nulls(len(texts), pa.large_string()))
        # pyarrow reads the objects in C; pandas would check each in Python
        return pd.arrays.ArrowStringArray(pa.array(texts, type=pa.large_string(), from_pandas=True))
    return pd.array(texts if any_text else np.full(len(texts), None), dtype="string")


def _compute_full(
    kind: str, tails: Sequence[FloatArray], pol: npt.NDArray[np.int8], full_series: BoolArray
) -> pd.DataFrame:
    """:func:`_compute` for ``(n, 5)`` matrices whose points are all present (no pivot)."""
    n = len(tails[0])
    return _finish(
        kind,
        tails,
        pol,
        np.full(n, POINTS, dtype=np.intp),
        full_series,
        np.zeros(n, dtype=bool),
        np.full(n, None, dtype=object),
        no_reasons(n),
    )
