"""Funnel-plot control limits: exact binomial and Poisson limits around a target.

The limits are Spiegelhalter's (2005) exact limits with his interpolation between
the whole counts, so they run smoothly as the denominator grows. Every step is a
whole-array operation; the search for each limit's count moves all rows at once.
Formulas and sources: ``docs/explanation/methods.md`` (section "Funnel plots").
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError, _shown
from outcomeframe.stats._input import (
    FloatArray,
    Input,
    Reasons,
    assemble,
    check_choice,
    levels,
    prepare,
    resolve_multiplier,
    row_reasons,
)
from outcomeframe.stats._levels import DEFAULT_LEVELS
from outcomeframe.stats._units import Registry

__all__ = ["FUNNEL_STATISTICS", "funnel_limits"]

#: Accepted ``statistic=`` values and the method each one names in the result.
FUNNEL_STATISTICS: dict[str, str] = {
    "proportion": "Exact binomial (Spiegelhalter)",
    "rate": "Exact Poisson (Spiegelhalter)",
}
_DEFAULT_MULTIPLIER = {"proportion": 100.0, "rate": 100_000.0}
#: At most this many one-step moves of the counts' search (never reached in practice:
#: the normal start is within a few counts of the quantile).
_MAX_STEPS = 10_000


def _cdf(k: FloatArray, n: FloatArray, theta: FloatArray, binomial: bool) -> FloatArray:
    """P(X <= k) for X ~ Binomial(n, theta) (any real n) or Poisson(n theta)."""
    from scipy import special  # noqa: PLC0415 - scipy when funnel limits are computed

    with np.errstate(all="ignore"):
        if binomial:
            # I_{1 - theta}(n - k, k + 1): the binomial distribution for real n.
            out = special.betainc(np.maximum(n - k, 1e-300), k + 1.0, 1.0 - theta)
            out = np.where(k >= n, 1.0, out)
        else:
            out = special.gammaincc(k + 1.0, n * theta)
        result: FloatArray = np.where(k < 0, 0.0, out)
        return result


def _quantile(p: float, n: FloatArray, theta: FloatArray, binomial: bool) -> FloatArray:
    """Smallest whole count r with P(X <= r) >= p, for every row at once."""
    from scipy import special  # noqa: PLC0415 - scipy when funnel limits are computed

    mean = n * theta
    sd = np.sqrt(mean * (1.0 - theta) if binomial else mean)
    top = np.floor(n) if binomial else np.full_like(n, np.inf)
    r = np.clip(np.floor(mean + special.ndtri(p) * sd), 0.0, top)
    for _ in range(_MAX_STEPS):  # each step moves every row still off by one count
        up = _cdf(r, n, theta, binomial) < p
        down = ~up & (r > 0) & (_cdf(r - 1.0, n, theta, binomial) >= p)
        if not (up.any() or down.any()):
            break
        r = r + up - down
    found: FloatArray = np.asarray(r, dtype=np.float64)
    return found


def _limit(p: float, n: FloatArray, theta: FloatArray, binomial: bool) -> FloatArray:
    """Spiegelhalter's interpolated limit: (r_p - alpha) / n on the proportion scale."""
    r = _quantile(p, n, theta, binomial)
    at, below = _cdf(r, n, theta, binomial), _cdf(r - 1.0, n, theta, binomial)
    with np.errstate(all="ignore"):
        alpha = (at - p) / (at - below)
        out = (r - alpha) / n
    upper = 1.0 if binomial else np.inf
    # Where the count's quantile is 0 the interpolation can pass the target: stop at it.
    out = np.minimum(out, theta) if p < 0.5 else np.maximum(out, theta)
    out = np.clip(out, 0.0, upper)
    # A target of 0 (or 100%) leaves no variation: the limits are the target itself.
    return np.where((theta == 0.0) | (binomial & (theta == 1.0)), theta, out)


def _checks(target: FloatArray, n: FloatArray, cap: float | None) -> Any:
    def checks(idx: Any, reasons: Reasons) -> None:
        ts, ns = target[idx], n[idx]
        reasons.add(~np.isfinite(ns), "denominator is missing or not a finite number")
        reasons.add(ns < 0, "denominator is negative")
        reasons.add(ns == 0, "denominator is zero")
        reasons.add(~np.isfinite(ts), "target is missing or not a finite number")
        reasons.add(ts < 0, "target is negative")
        if cap is not None:
            reasons.add(ts > cap, "target exceeds the multiplier")

    return checks


def funnel_limits(
    target: Input | float,
    denominator: Input,
    *,
    data: pd.DataFrame | None = None,
    statistic: str = "proportion",
    confidence: float | tuple[float, ...] = DEFAULT_LEVELS,
    multiplier: float | str | None = None,
    registry: Registry | None = None,
) -> pd.DataFrame:
    r"""Funnel-plot control limits around a target for each denominator.

    A funnel plot compares many areas' values with one target (often the value
    of all areas together): an area outside the 99.8% limits for its
    denominator is a special-cause outlier, one between the 95% and 99.8% limits
    a possible one. The limits are exact (binomial for proportions, Poisson for
    rates), interpolated between whole counts (Spiegelhalter 2005), the method
    of the PHE technical guide on funnel plots.

    Parameters
    ----------
    target : float, array_like, pandas.Series or str
        The target on the scale of the values (e.g. 55.0 for 55% with the
        default multiplier of a proportion), one for all rows or one per row.
    denominator : array_like, pandas.Series or str
        The denominators at which limits are wanted: the areas' own, or a range
        for drawing the funnel.
    data : pandas.DataFrame, optional
    statistic : {"proportion", "rate"}, default "proportion"
    confidence : float or sequence of float, default (0.95, 0.998)
    multiplier : float or str, optional
        Scale of the target and the limits: default 100 for a proportion (percent)
        and 100,000 for a rate.
    registry : pint.UnitRegistry, optional

    Returns
    -------
    pandas.DataFrame
        One row per input row: ``value`` (the target), limit columns, ``method``,
        ``reason``, ``target`` and ``denominator``. ``attrs["unit"]`` holds the
        unit. There is no ``by``: limits belong to each denominator, not to groups.

    Notes
    -----
    Rows are checked in this order: a denominator missing, negative or zero; a
    target missing, negative or (proportions) above the multiplier.

    With :math:`\theta` the target as a proportion (or rate per person) and
    :math:`F` the distribution function of :math:`X \sim \mathrm{Binomial}(n, \theta)`
    or :math:`\mathrm{Poisson}(n \theta)`, the limit at probability :math:`p`
    (:math:`(1 - c)/2` and :math:`(1 + c)/2` for level :math:`c`) is

    .. math::

        r_p = \min\{r : F(r) \ge p\}, \quad
        \alpha = \frac{F(r_p) - p}{F(r_p) - F(r_p - 1)}, \quad
        y_p = \frac{r_p - \alpha}{n}

    times the multiplier, kept within 0 and 1 (proportions) or above 0 (rates), never
    crossing the target (for tiny expected counts the interpolation would); a
    target of 0 (or of 100%) is its own limit.
    For a real (not whole) denominator the binomial :math:`F` is the regularised
    incomplete beta function :math:`I_{1-\theta}(n - r, r + 1)`.

    Examples
    --------
    >>> from outcomeframe.stats import funnel_limits
    >>> out = funnel_limits(20.0, [50, 500, 5000])
    >>> out[["denominator", "lower_95", "upper_95"]].round(2)
       denominator  lower_95  upper_95
    0         50.0      8.44     30.71
    1        500.0     16.45     23.46
    2       5000.0     18.89     21.10
    >>> funnel_limits(50.0, [1000], statistic="rate", confidence=0.998)["method"].iloc[0]
    'Exact Poisson (Spiegelhalter)'
    """
    check_choice(statistic, "statistic", tuple(FUNNEL_STATISTICS))
    binomial = statistic == "proportion"
    given: Any = target
    if np.ndim(given) == 0 and not isinstance(given, str):
        if not isinstance(given, numbers.Real):
            raise ArgumentError(
                "target: expected a number, numbers (a list, array or Series) or a column "
                f"name, got {type(given).__name__} {_shown(given)}"
            )
        if data is not None:
            given = np.full(len(data), target, dtype=np.float64)
        else:
            size = len(np.ravel(np.asarray(denominator))) if not isinstance(denominator, str) else 0
            given = np.full(size, target, dtype=np.float64)
    arrays, index, _ = prepare({"denominator": denominator, "target": given}, data=data, by=None)
    chosen = levels(confidence)
    scale, unit = resolve_multiplier(
        _DEFAULT_MULTIPLIER[statistic] if multiplier is None else multiplier, registry
    )
    n, t = arrays["denominator"], arrays["target"]
    cap = scale if binomial else None
    ok = (n > 0) & (n < np.inf) & (t >= 0) & (t < np.inf)
    if cap is not None:
        ok &= t <= cap
    codes = row_reasons(ok, _checks(t, n, cap))
    good: npt.NDArray[np.intp] = np.flatnonzero(ok)
    theta = t[good] / scale
    limits = {}
    for level in chosen:
        lower, upper = np.full(len(n), np.nan), np.full(len(n), np.nan)
        lower[good] = _limit((1.0 - level) / 2.0, n[good], theta, binomial) * scale
        upper[good] = _limit((1.0 + level) / 2.0, n[good], theta, binomial) * scale
        limits[level] = (lower, upper)
    return assemble(
        index=index,
        grouping=None,
        value=t.copy(),
        limits=limits,
        method_codes=np.full(len(n), 0 if binomial else 1, dtype=np.int8),
        method_categories=tuple(FUNNEL_STATISTICS.values()),
        reason_codes=codes,
        inputs={"target": t, "denominator": n},
        unit=unit,
    )
