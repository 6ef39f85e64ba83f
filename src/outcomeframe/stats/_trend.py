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

import re
from collections.abc import Callable, Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import special

from outcomeframe._errors import ArgumentError, DataError
from outcomeframe.stats._polarity import Polarity

__all__ = [
    "CHI2_THRESHOLD",
    "TREND_LABELS",
    "TREND_VALUE_TYPES",
    "TrendResult",
    "recent_trend",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Number of points the recent trend uses.
POINTS = 5

#: The 99.8% point of chi-squared on 1 degree of freedom (9.54953570608324).
CHI2_THRESHOLD: float = float(2.0 * special.gammaincinv(0.5, 0.998))  # chi2.ppf(0.998, 1)

#: Width of a 95% interval in standard errors, as Fingertips' calculator has it (2 x 1.96).
_SE_PER_95_WIDTH: float = 3.92

#: The value types Fingertips calculates a recent trend for (normalised words, see
#: :func:`_value_type_key`); every other value type is "Cannot be calculated".
TREND_VALUE_TYPES: frozenset[str] = frozenset(
    {"proportion", "crude_rate", "dsr", "directly_standardised_rate", "directly_standardized_rate"}
)

#: The exact Fingertips labels, in the order of the categorical's categories.
TREND_LABELS: tuple[str, ...] = (
    "Increasing and getting better",
    "Increasing and getting worse",
    "Decreasing and getting better",
    "Decreasing and getting worse",
    "Increasing",
    "Decreasing",
    "No significant change",
    "Cannot be calculated",
)

_TREND_DTYPE = pd.CategoricalDtype(list(TREND_LABELS), ordered=False)

# codes into TREND_LABELS
_INC_BETTER, _INC_WORSE, _DEC_BETTER, _DEC_WORSE, _INC, _DEC, _NSC, _CANNOT = range(8)

# polarity codes used internally
_POL_CODES = {Polarity.HIGHER_IS_BETTER: 0, Polarity.LOWER_IS_BETTER: 1, Polarity.NO_JUDGEMENT: 2}


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


# --------------------------------------------------------------------------- core


def _polarity_codes(polarity: Any, n: int, name: str = "polarity") -> npt.NDArray[np.int8]:
    """Return polarity codes (0 high good, 1 low good, 2 none) for n series."""
    if isinstance(polarity, Polarity | str) or polarity is None:
        pol = Polarity.NO_JUDGEMENT if polarity is None else Polarity.parse(polarity)
        return np.full(n, _POL_CODES[pol], dtype=np.int8)
    codes, uniques = _factorised(polarity, n, name)
    table = np.array([_POL_CODES[Polarity.parse(u)] for u in uniques] + [2], dtype=np.int8)
    # missing polarity (NaN/None) -> code -1 -> last entry: no judgement
    return np.asarray(table[codes], dtype=np.int8)


def _factorised(values: Any, n: int, name: str) -> tuple[npt.NDArray[np.intp], Sequence[Any]]:
    """Codes (-1 for missing) and distinct values of one value per series."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        values = values.array
    if isinstance(values, pd.Categorical):  # the codes are there already
        if len(values) != n:
            raise ArgumentError(
                f"{name}: expected one value or {n} (one per series), got {len(values)}"
            )
        return np.asarray(values.codes, dtype=np.intp), list(values.categories)
    flat = pd.Series(np.asarray(values, dtype=object).ravel())
    if len(flat) != n:
        raise ArgumentError(f"{name}: expected one value or {n} (one per series), got {len(flat)}")
    codes, uniques = pd.factorize(flat, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.intp), list(uniques)


def _value_type_key(word: object) -> str:
    """``"Crude rate"``, ``"crude_rate"`` and ``MeasureType.CRUDE_RATE`` -> ``"crude_rate"``."""
    text = str(getattr(word, "value", word))
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def _untrended(measure: Any, n: int, name: str = "measure") -> npt.NDArray[np.object_]:
    """Per series, the reason it is not trended because of its value type, else None.

    A missing value type (None/NaN) leaves the series to the other rules.
    """
    out = np.full(n, None, dtype=object)
    if measure is None:
        return out
    uniques: Sequence[Any]
    if isinstance(measure, str) or (np.ndim(measure) == 0 and not isinstance(measure, pd.Series)):
        codes, uniques = np.zeros(n, dtype=np.intp), [measure]
    else:
        codes, uniques = _factorised(measure, n, name)
    texts = [
        None
        if pd.isna(u) or _value_type_key(u) in TREND_VALUE_TYPES
        else (
            f"value type {str(getattr(u, 'value', u))!r}: Fingertips calculates a recent trend "
            "only for proportions, crude rates and directly standardised rates"
        )
        for u in uniques
    ]
    table = np.array([*texts, None], dtype=object)
    out[:] = table[codes]
    return out


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


def _snap(a: FloatArray, b: FloatArray) -> FloatArray:
    """Return ``a - b``, set to exactly 0 where it is rounding noise (flat fits)."""
    diff: FloatArray = a - b
    return np.where(np.abs(diff) <= 1e-10 * (np.abs(a) + np.abs(b)), 0.0, diff)


def _colmean(x: FloatArray) -> FloatArray:
    """Means over the finite entries of each column, NaN for empty columns, no warnings."""
    ok = np.isfinite(x)
    with np.errstate(all="ignore"):
        mean: FloatArray = np.where(ok, x, 0.0).sum(axis=0) / ok.sum(axis=0)
    return mean


def _points_first(*arrays: FloatArray) -> list[FloatArray]:
    """``(n, 5)`` -> contiguous ``(5, n)``: sums over five points become four vector adds."""
    return [np.ascontiguousarray(a.T) for a in arrays]


def _same_signs(full: FloatArray, loo: FloatArray) -> BoolArray:
    """Whether the full slope and the five leave-one-out slopes have one sign.

    As in Fingertips, a slope that is not negative (zero, or undefined) counts
    as positive.
    """
    positive = ~(full < 0)
    return np.asarray(((~(loo < 0)) == positive).all(axis=0), dtype=bool)


def _proportion_stats(
    c: FloatArray, d: FloatArray
) -> tuple[FloatArray, FloatArray, BoolArray, BoolArray]:
    """Chi-squared for trend, logit slope, same-sign flag and zero-count flag.

    ``c`` and ``d`` are ``(n, 5)``; rows that cannot be calculated may hold NaN.
    The chi-squared is Cochran-Armitage's; the six slopes compared for sign are
    least-squares slopes of logit(c / d) on t (Fingertips' "SPC for proportions").
    """
    c, d = _points_first(c, d)
    t = np.arange(1.0, POINTS + 1.0)[:, None]
    u = t - 3.0  # centred positions: sum(u) = 0, sum(u^2) = 10
    with np.errstate(all="ignore"):
        C = c.sum(axis=0)
        D = d.sum(axis=0)
        tbar = (d * t).sum(axis=0) / D
        tc = t - tbar
        # D*sum(c t) - C*sum(d t) = D * sum(c (t - tbar)); D*sum(d t^2) - (sum d t)^2 = D*Q
        A = (c * tc).sum(axis=0)
        Q = (d * tc * tc).sum(axis=0)
        chi2 = D * D * A * A / (C * (D - C) * Q)
        p = c / d
        y = np.log(p) - np.log1p(-p)
        zero = np.asarray((c == 0).any(axis=0), dtype=bool)
        gradient = (y * u).sum(axis=0) / 10.0
        # leave point k out: the mean of the other positions is -u_k / 4, and
        # sum_{s != k} (u_s - ubar_k) y_s = (S_yu - u_k y_k) + u_k / 4 (S_y - y_k)
        yc = y - _colmean(y)
        s_yu = (yc * u).sum(axis=0) - yc * u
        s_y = yc.sum(axis=0) - yc
        loo = _snap(s_yu, -u / 4.0 * s_y)
    gradient = np.where(zero, np.nan, gradient)
    return chi2, gradient, _same_signs(gradient, loo), zero


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
        loo = _snap(s1 * sty, st * sy)
    return chi2, beta, _same_signs(beta, loo)


# --------------------------------------------------------------------------- pivot


def _positions_from_end(
    group: npt.NDArray[np.intp], n_groups: int, keep: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """1-based rank from the end of each group among ``keep`` rows, and counts.

    ``group`` must be sorted (rows of a group contiguous, in time order).
    Rows that are not kept get rank 0.
    """
    k = keep.astype(np.intp)
    # reverse cumulative sum: rev[i] = sum(k[i:])
    rev = np.cumsum(k[::-1])[::-1]
    counts = np.bincount(group, weights=k, minlength=n_groups).astype(np.intp)
    sizes = np.bincount(group, minlength=n_groups).astype(np.intp)
    ends = np.cumsum(sizes)  # one past the last row of each group
    after = np.append(rev, 0)[ends]  # sum(k) after each group's end
    rank = (rev - after[group]) * k
    return rank, counts


def _pivot(
    group: npt.NDArray[np.intp],
    n_groups: int,
    columns: Sequence[FloatArray],
    valid: npt.NDArray[np.bool_],
    missing: str,
    points: int = POINTS,
) -> tuple[list[FloatArray], npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Pivot the last 5 points of every group into ``(n_groups, 5)`` matrices.

    Returns the matrices, the number of valid points per group (capped at 5),
    the row index of each group's latest row, and (mode "cannot") the row of
    the most recent missing point among the last five (-1 if none).
    """
    n = len(group)
    sizes = np.bincount(group, minlength=n_groups).astype(np.intp)
    ends = np.cumsum(sizes)
    latest_row = ends - 1  # -1 for empty groups cannot happen: groups come from data
    all_rows = np.ones(n, dtype=bool)
    if missing == "skip":
        rank, n_valid = _positions_from_end(group, n_groups, valid)
        take = valid & (rank <= points) & (rank > 0)
        missing_row = np.full(n_groups, -1, dtype=np.intp)
    else:
        rank, _ = _positions_from_end(group, n_groups, all_rows)
        take = rank <= points
        last5 = take & ~valid
        n_valid = np.bincount(group, weights=(take & valid), minlength=n_groups).astype(np.intp)
        missing_row = np.full(n_groups, -1, dtype=np.intp)
        rows = np.flatnonzero(last5)
        # the most recent missing row wins (later rows overwrite earlier ones)
        missing_row[group[rows]] = rows
        take = take & valid
    g = group[take]
    col = points - rank[take]
    out = []
    for values in columns:
        m = np.full((n_groups, points), np.nan)
        m[g, col] = values[take]
        out.append(m)
    return out, np.minimum(n_valid, points), latest_row, missing_row


# --------------------------------------------------------------------------- driver


# --------------------------------------------------------------------------- driver

#: kind -> the arguments it reads, in the order of the arrays passed around
_KINDS = {
    "proportion": ("counts", "denominators"),
    "other": ("values", "lower", "upper"),
    "counted": ("values", "lower", "upper", "counts", "denominators"),
}


def _checked(kind: str, arrays: Sequence[FloatArray]) -> tuple[BoolArray, BoolArray]:
    """Refuse impossible values; return where a point is usable and where it is "full".

    A full point (count equal to denominator) anywhere in a series makes
    Fingertips' calculator refuse the series ("Cannot be calculated").
    """
    if kind == "proportion":
        c, d = arrays
        present = np.isfinite(c) & np.isfinite(d)
        bad = present & ((c < 0) | (d <= 0) | (c > d))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise DataError(
                f"counts/denominators: {int(bad.sum())} row(s) need 0 <= count <= denominator "
                f"and denominator > 0 (first: count {c[i]!r}, denominator {d[i]!r})"
            )
        return present, present & (c == d)
    y, lo, up = arrays[:3]
    present = np.isfinite(y) & np.isfinite(lo) & np.isfinite(up)
    bad = present & (up < lo)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"lower/upper: {int(bad.sum())} row(s) have upper < lower "
            f"(first: lower {lo[i]!r}, upper {up[i]!r})"
        )
    if kind == "other":
        return present, np.zeros(len(y), dtype=bool)
    c, d = arrays[3:]
    negative = np.isfinite(c) & (c < 0)
    if negative.any():
        i = int(np.flatnonzero(negative)[0])
        raise DataError(f"counts: {int(negative.sum())} row(s) are negative (first: {c[i]!r})")
    # Fingertips: a point counts when it has a value, a count and a positive denominator
    valid = np.isfinite(y) & np.isfinite(c) & np.isfinite(d) & (d > 0)
    return present & valid, valid & (c == d)


def _series_any(group: npt.NDArray[np.intp], n_groups: int, flag: BoolArray) -> BoolArray:
    """Per group, whether any of its rows is flagged."""
    if not flag.any():
        return np.zeros(n_groups, dtype=bool)
    return np.asarray(np.bincount(group[flag], minlength=n_groups) > 0, dtype=bool)


def _compute(
    kind: str,
    group: npt.NDArray[np.intp],
    n_groups: int,
    arrays: Sequence[FloatArray],
    pol: npt.NDArray[np.int8],
    missing: str,
    name: Callable[[int], str],
) -> pd.DataFrame:
    """Validate rows, pivot, compute and label; return the result columns.

    ``group`` is sorted (rows of a series together, in time order). Series whose
    last five rows are all present are read straight from those rows; only the
    others are pivoted.
    """
    present, full_point = _checked(kind, arrays)
    full_series = _series_any(group, n_groups, full_point)
    sizes = np.bincount(group, minlength=n_groups)
    tail = np.cumsum(sizes)[:, None] - POINTS + np.arange(POINTS)  # last five rows
    full = sizes >= POINTS
    full[full] = present[tail[full]].all(axis=1)
    if full.all():
        return _compute_full(kind, [a[tail] for a in arrays], pol, full_series)
    if not full.any():
        return _compute_pivot(kind, group, n_groups, arrays, pol, missing, name, full_series)
    rest = ~full
    rows = np.flatnonzero(rest[group])
    renumber = np.cumsum(rest) - 1
    parts = [
        (
            full,
            _compute_full(kind, [a[tail[full]] for a in arrays], pol[full], full_series[full]),
        ),
        (
            rest,
            _compute_pivot(
                kind,
                renumber[group[rows]],
                int(rest.sum()),
                [a[rows] for a in arrays],
                pol[rest],
                missing,
                lambda i: name(int(rows[i])),
                full_series[rest],
            ),
        ),
    ]
    return _combine(parts, n_groups)


def _compute_pivot(
    kind: str,
    group: npt.NDArray[np.intp],
    n_groups: int,
    arrays: Sequence[FloatArray],
    pol: npt.NDArray[np.int8],
    missing: str,
    name: Callable[[int], str],
    full_series: BoolArray,
) -> pd.DataFrame:
    """:func:`_compute` by pivoting the last five valid points of every series."""
    present, _ = _checked(kind, arrays)
    mats, n_points, latest_row, missing_row = _pivot(group, n_groups, arrays, present, missing)
    latest_missing = ~present[latest_row]
    few = n_points < POINTS
    has_missing = missing_row >= 0
    reason = np.full(n_groups, None, dtype=object)
    idx = np.flatnonzero(has_missing & ~latest_missing)
    if idx.size:
        reason[idx] = [
            f"no value for {name(r)} among the last {POINTS} points"
            for r in missing_row[idx].tolist()
        ]
    idx = np.flatnonzero(few & ~latest_missing & ~has_missing)
    if idx.size:
        reason[idx] = [
            f"only {k} valid point{'s' if k != 1 else ''}; {POINTS} needed"
            for k in n_points[idx].tolist()
        ]
    idx = np.flatnonzero(latest_missing)
    if idx.size:
        what = "value" if kind != "counted" else "value, count or 95% limit"
        reason[idx] = [
            f"no {what} for the latest period ({name(r)})" for r in latest_row[idx].tolist()
        ]
    other = few | latest_missing | has_missing
    return _finish(kind, mats, pol, n_points, full_series, other, reason)


def _finish(
    kind: str,
    mats: Sequence[FloatArray],
    pol: npt.NDArray[np.int8],
    n_points: npt.NDArray[np.intp],
    full_series: BoolArray,
    other: BoolArray,
    reason: npt.NDArray[np.object_],
) -> pd.DataFrame:
    """Statistics and labels from the ``(n, 5)`` matrices of the points used.

    ``other`` marks series that cannot be calculated for another reason than a
    full point or a zero-width interval, their ``reason`` already written.
    """
    zero = np.zeros(len(pol), dtype=bool)
    if kind == "proportion":
        chi2, gradient, same, zero = _proportion_stats(mats[0], mats[1])
        flat = np.zeros(len(pol), dtype=bool)
    else:
        chi2, gradient, same = _other_stats(mats[0], mats[1], mats[2])
        flat = np.asarray((mats[2] == mats[1]).any(axis=1), dtype=bool)
    cannot = other | full_series | flat
    chi2 = np.where(cannot, np.nan, chi2)
    gradient = np.where(cannot, np.nan, gradient)
    outlier = ~same & ~cannot & ~zero
    significant = (chi2 > CHI2_THRESHOLD) & same & ~cannot & ~zero & (gradient != 0)
    codes = _labels(gradient > 0, significant, cannot, pol)
    idx = np.flatnonzero(full_series & ~other)
    if idx.size:
        reason[idx] = "a point of the series has a count equal to its denominator (100%)"
    idx = np.flatnonzero(flat & ~full_series & ~other)
    if idx.size:
        reason[idx] = f"the last {POINTS} points include a zero-width interval"
    return pd.DataFrame(
        {
            "trend": pd.Categorical.from_codes(codes, dtype=_TREND_DTYPE),
            "chi2": chi2,
            "gradient": gradient,
            "significant": significant,
            "outlier": outlier,
            "n_points": n_points.astype(np.int64),
            "reason": pd.arrays.StringArray(reason),
        }
    )


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
    )


def _as_float(value: Any, name: str) -> FloatArray:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ArgumentError(f"{name}: expected numbers") from None
    if arr.ndim not in (1, 2):
        raise ArgumentError(f"{name}: expected a 1-D or 2-D array, got {arr.ndim}-D")
    return arr


def _check_kind(
    counts: Any, denominators: Any, values: Any, lower: Any, upper: Any
) -> tuple[str, list[tuple[str, Any]]]:
    prop = [("counts", counts), ("denominators", denominators)]
    other = [("values", values), ("lower", lower), ("upper", upper)]
    given_p = [n for n, v in prop if v is not None]
    given_o = [n for n, v in other if v is not None]
    for group, given in ((prop, given_p), (other, given_o)):
        missing = [n for n, v in group if v is None]
        if given and missing:
            raise ArgumentError(f"{missing[0]}: required with {given[0]}")
    if given_p and given_o:
        return "counted", [*other, *prop]
    if given_p:
        return "proportion", prop
    if given_o:
        return "other", other
    raise ArgumentError("counts/values: give counts and denominators, or values, lower and upper")


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


def _from_arrays(
    kind: str, mats: Sequence[FloatArray], pol: npt.NDArray[np.int8], missing: str
) -> pd.DataFrame:
    """The 2-D front end: series whose last five points are all present need no pivot."""
    n_series, n_cols = mats[0].shape
    if n_cols >= POINTS:
        # refuse impossible values anywhere; note full points anywhere in a series
        _, full_point = _checked(kind, [m.reshape(-1) for m in mats])
        full_series = np.asarray(full_point.reshape(n_series, n_cols).any(axis=1), dtype=bool)
        tails = [np.ascontiguousarray(m[:, -POINTS:]) for m in mats]
        present = _checked(kind, [t.reshape(-1) for t in tails])[0]
        full = np.asarray(present.reshape(-1, POINTS).all(axis=1), dtype=bool)
        if full.all():
            return _compute_full(kind, tails, pol, full_series)
        if full.any():
            rest = ~full
            parts = [
                (full, _compute_full(kind, [t[full] for t in tails], pol[full], full_series[full])),
                (rest, _from_matrices(kind, [m[rest] for m in mats], pol[rest], missing)),
            ]
            return _combine(parts, n_series)
    return _from_matrices(kind, mats, pol, missing)


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


def _combine(parts: Sequence[tuple[BoolArray, pd.DataFrame]], n: int) -> pd.DataFrame:
    """Put the results of complementary masks back in series order."""
    codes = np.empty(n, dtype=np.int8)
    columns: dict[str, npt.NDArray[Any]] = {
        "chi2": np.empty(n),
        "gradient": np.empty(n),
        "significant": np.empty(n, dtype=bool),
        "outlier": np.empty(n, dtype=bool),
        "n_points": np.empty(n, dtype=np.int64),
        "reason": np.empty(n, dtype=object),
    }
    for mask, frame in parts:
        codes[mask] = frame["trend"].cat.codes.to_numpy()
        for name, values in columns.items():
            values[mask] = frame[name].to_numpy(dtype=values.dtype)
    return pd.DataFrame(
        {
            "trend": pd.Categorical.from_codes(codes, dtype=_TREND_DTYPE),
            **{k: v for k, v in columns.items() if k != "reason"},
            "reason": pd.array(columns["reason"], dtype="string"),
        }
    )


def _from_matrices(
    kind: str,
    mats: Sequence[FloatArray],
    pol: npt.NDArray[np.int8],
    missing: str,
) -> pd.DataFrame:
    """The general 2-D path: flatten the padded matrices, pivot the last five, compute."""
    n_series, n_cols = mats[0].shape
    # flatten row-major (already grouped and in time order), dropping left padding
    anyvalue = np.logical_or.reduce([np.isfinite(m) for m in mats])
    started = np.cumsum(anyvalue, axis=1) > 0
    rows, cols = np.nonzero(started)
    group = rows.astype(np.intp)
    empty = ~started.any(axis=1)
    if empty.any():
        # series with no value at all: give them one missing row so they are reported
        extra = np.flatnonzero(empty)
        group = np.concatenate([group, extra])
        cols = np.concatenate([cols, np.full(extra.size, n_cols - 1)])
        order_idx = np.argsort(group, kind="stable")
        group, cols = group[order_idx], cols[order_idx]
        rows = group
    flat = [m[rows, cols] for m in mats]

    def name(i: int) -> str:
        return f"point {int(cols[i]) + 1} of {n_cols}"

    return _compute(kind, group, n_series, flat, pol, missing, name)


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

    result = _gate(_compute(kind, group, n_groups, arrays, pol, missing, name), untrended)
    if keys:
        head = data[keys].iloc[idx[last]].reset_index(drop=True)
        result = pd.concat([head, result], axis=1)
    return result


def _codes(column: pd.Series) -> tuple[npt.NDArray[np.intp], npt.NDArray[Any]]:
    """Integer codes of a column in sorted order of its values, and the values.

    Missing values get the code -1. Categoricals use their codes (category
    order) and integers their offsets from the minimum, both compacted in
    O(n); anything else is factorised with sorting.
    """
    n = len(column)
    if isinstance(column.dtype, pd.CategoricalDtype):
        raw = np.asarray(column.cat.codes, dtype=np.intp)
        cats = np.asarray(column.cat.categories, dtype=object)
        return _compact(raw, len(cats), cats)
    values = column.to_numpy()
    if values.dtype.kind in "iu" and n:
        lo, hi = int(values.min()), int(values.max())
        if hi - lo <= 4 * n + 1024:
            raw = (values - lo).astype(np.intp)
            return _compact(raw, hi - lo + 1, np.arange(lo, hi + 1))
    codes, uniq = pd.factorize(column, sort=True, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.intp), np.asarray(uniq, dtype=object)


def _compact(
    raw: npt.NDArray[np.intp], size: int, labels: npt.NDArray[Any]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[Any]]:
    """Drop unused codes in 0..size-1 keeping their order; -1 stays -1."""
    ok = raw >= 0
    if ok.all():
        used = np.bincount(raw, minlength=size) > 0
        if used.all():  # every code in use: already compact
            return raw, labels
        remap = (np.cumsum(used) - 1).astype(np.intp)
        return remap[raw], labels[used]
    used = np.bincount(raw[ok], minlength=size) > 0
    remap = np.append(np.cumsum(used) - 1, -1).astype(np.intp)
    return remap[raw], labels[used]  # raw -1 picks the appended -1


def _sort_long(
    data: pd.DataFrame, keys: list[str], order: str
) -> tuple[npt.NDArray[np.intp], int, npt.NDArray[np.intp], Callable[[int], Any]]:
    """Group codes in sorted order, the number of groups, the sorting index, periods.

    The period of a sorted row is given by the returned function (it is needed
    only to name a period in a reason).

    Codes each key column, combines the codes into one group code, and orders
    the rows by (group, period). When the (group x period) grid is not much
    larger than the table this is a counting sort (scatter into the grid, read
    back the occupied cells), O(n); otherwise one integer argsort. A period
    repeated within a series is rejected.
    """
    n = len(data)
    if keys:
        combined = np.zeros(n, dtype=np.int64)
        size = 1
        for key in keys:
            codes, uniq = _codes(data[key])
            k = len(uniq) + 1  # room for missing (-1 -> last)
            combined *= k
            combined += np.where(codes < 0, k - 1, codes) if (codes < 0).any() else codes
            size *= k
        if size <= 4 * n + 1024:
            gcodes, _ = _compact(combined.astype(np.intp), size, np.arange(size))
        else:
            gcodes = np.asarray(pd.factorize(combined, sort=True)[0], dtype=np.intp)
    else:
        gcodes = np.zeros(n, dtype=np.intp)
    n_groups = int(gcodes.max()) + 1 if n else 0
    ocodes, ouniq = _codes(data[order])
    if n and (ocodes < 0).any():
        raise DataError(f"{order}: {int((ocodes < 0).sum())} row(s) have no period")
    n_per = len(ouniq)
    cell = gcodes.astype(np.int64) * n_per + ocodes
    if n_groups * n_per <= 4 * n + 1024:
        # counting sort: each row written to its (group, period) cell, read back in order;
        # the group and period of a sorted row follow from its cell (no gathers)
        inverse = np.full(n_groups * n_per, -1, dtype=np.intp)
        inverse[cell] = np.arange(n, dtype=np.intp)
        occupied = np.flatnonzero(inverse >= 0)
        if len(occupied) < n:
            counts = np.bincount(cell, minlength=n_groups * n_per)
            dup = counts > 1
            first = int(np.flatnonzero(dup[cell])[0])
            raise DataError(
                f"{order}: {int((counts[dup] - 1).sum())} period(s) repeated within a series "
                f"(first at row {data.index[first]!r}, period {data[order].iloc[first]!r})"
            )
        idx = inverse[occupied]
        sizes = (inverse >= 0).reshape(n_groups, n_per).sum(axis=1)
        sorted_groups = np.repeat(np.arange(n_groups, dtype=np.intp), sizes)

        def period_of(i: int) -> Any:  # the period of sorted row i, from its cell
            return ouniq[int(occupied[i]) % n_per]

        return sorted_groups, n_groups, idx, period_of
    idx = np.argsort(cell, kind="stable").astype(np.intp)
    sk = cell[idx]
    dupe = sk[1:] == sk[:-1]
    if dupe.any():
        first = int(idx[1:][dupe][0])
        raise DataError(
            f"{order}: {int(dupe.sum())} period(s) repeated within a series "
            f"(first at row {data.index[first]!r}, period {data[order].iloc[first]!r})"
        )
    group = gcodes[idx]
    sorted_periods = ocodes[idx]
    return group, n_groups, idx, lambda i: ouniq[sorted_periods[i]]


def _numeric(column: pd.Series, name: str) -> FloatArray:
    """A column as float64 (missing -> NaN); ArgumentError when it is not numeric."""
    if column.dtype == np.float64:
        return np.asarray(column.to_numpy())
    try:
        return np.asarray(column.to_numpy(dtype=np.float64, na_value=np.nan))
    except (TypeError, ValueError):
        raise ArgumentError(f"{name}: column is not numeric") from None
