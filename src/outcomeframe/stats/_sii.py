"""The slope index of inequality (SII) and relative index of inequality (RII).

Public front ends of :func:`outcomeframe.stats._sii_fit.inequality`, which fits
every group at once and simulates their limits in batches.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from outcomeframe._vocabulary import Polarity
from outcomeframe.stats._sii_fit import Measure, Method, Relative, Transform, inequality
from outcomeframe.stats._types import By, Input

__all__ = ["rii", "sii"]

_SHARED = r"""
    Parameters
    ----------
    value, lower, upper : array_like, pandas.Series or str, optional
        Each group's value and its 95% limits (or column names of ``data``).
    rank : array_like, pandas.Series or str
        The order of the groups: numbers (1 = most deprived) or Fingertips'
        deprivation labels ("Most deprived decile (IMD2019)" ... "Least deprived
        decile", "Most deprived quintile" ...), read by
        :func:`deprivation_rank`. Only the order within a group of rows matters.
    population : array_like, pandas.Series or str, optional
        Each group's population (the regression weights are its shares). With
        counts it defaults to the denominators; without, every group gets an equal
        share (deprivation deciles and quintiles hold about equal populations by
        construction: give the population when it is known).
    se : array_like, pandas.Series or str, optional
        Standard errors of the values, instead of ``lower`` and ``upper``.
    count, denominator : array_like, pandas.Series or str, optional
        Instead of values: numerators and denominators of proportions (Wilson 95%
        limits) or rates (exact/Byar's 95% limits), with ``measure``.
    data : pandas.DataFrame, optional
        The table whose columns the arguments given as names refer to.
    by : str or list of str, optional
        Columns identifying one set of ordered groups (area, period, indicator,
        sex ...). Without ``by`` all rows are one set.
    measure : {"value", "proportion", "rate"}, default "value"
        What the values are. It sets the default ``transform`` and ``multiplier``.
    transform : {"auto", "none", "log", "logit"}, default "auto"
        The scale on which each group's value is normal in the simulation (and
        its standard error is read from the limits): ``"none"`` for values,
        ``"logit"`` for proportions, ``"log"`` for rates under ``"auto"``, as the
        reference does. Draws are transformed back before each refit.
    multiplier : float, optional
        The values' scale: 100 for percentages (default for proportions),
        100,000 for rates, 1 for values. Used by the logit and with counts.
    confidence : float or sequence of float, default (0.95, 0.998)
        The levels of the limits (one pair of limit columns each).
    method : {"simulation", "closed"}, default "simulation"
        ``"simulation"``: percentiles of ``simulations`` refits (the published
        method). ``"closed"``: normal limits from the exact variance of the fit,
        which is linear in the values (the delta method for the RII and for
        transformed values); the simulation converges to it for untransformed
        values.
    simulations : int, default 100,000
        Repetitions of the simulation (the reference's default), from 100 to
        1,000,000. Sets are simulated together in chunks of about 8 million
        numbers; a set's repetitions are all held at once (its percentiles need
        them), so memory peaks at a few times ``simulations`` x max(2, rows of
        the largest set) numbers when that is more (rows count only for
        transformed values).
    seed : int, numpy.random.Generator or None, optional
        Seeds the simulation (a whole number >= 0): the same seed gives the same
        limits. None draws a fresh seed.
    polarity : str, Polarity or str column name, optional
        "High is good" keeps the published sign (least minus most deprived);
        "Low is good" reverses it, so a positive SII always means the most
        deprived fare worse. A column name takes each set's first row.
    reverse : bool, default False
        Reverse the sign (after ``polarity``).
    relative : {"mean", "ratio"}, default "mean"
        Which RII :func:`rii` gives (below); checked, but the SII does not depend
        on it.
    min_groups : int, default 5
        Sets with fewer ranked groups get no value (reason "too few ranked groups").
"""

_CHECKS = """
    A set of groups gets no value, with a ``reason``, when one of its rows has a
    rank that is missing or not recognised, a missing value, a missing or
    non-positive population, missing limits, a value or limit outside the
    transformation's range (log of 0; logit of 0 or 100%), or a standard error
    that is not positive (the first of these, in this order, is given, with
    "(in a row of the group)"); then when a rank is repeated, and when it has
    fewer than ``min_groups`` groups. With counts, the count checks of
    :func:`proportion` / :func:`rate` come first.
"""


def sii(
    value: Input | None = None,
    lower: Input | None = None,
    upper: Input | None = None,
    *,
    rank: Input,
    population: Input | None = None,
    se: Input | None = None,
    count: Input | None = None,
    denominator: Input | None = None,
    data: pd.DataFrame | None = None,
    by: By | None = None,
    measure: Measure = "value",
    transform: Transform = "auto",
    multiplier: float | None = None,
    confidence: float | Sequence[float] = (0.95, 0.998),
    method: Method = "simulation",
    simulations: int = 100_000,
    seed: int | np.random.Generator | None = None,
    polarity: Polarity | str | None = None,
    reverse: bool = False,
    relative: Relative = "mean",
    min_groups: int = 5,
) -> pd.DataFrame:
    r"""Slope index of inequality across ordered groups, with simulated confidence limits.

    Each group :math:`i` of a set, ordered from most (rank 1) to least deprived,
    holds the share :math:`a_i` of the set's population and is placed at the
    midpoint of its range in the cumulative population, :math:`b_i = \sum_{j<i}
    a_j + a_i/2`. The values are fitted by least squares weighted by :math:`a_i`
    (PHE/OHID technical guidance; Low & Low 2004; the regression
    :math:`y\sqrt{a} \sim \sqrt{a} + b\sqrt{a}` of ``phe_sii``). The SII is the
    slope: the fitted value at the least deprived end (:math:`b = 1`) minus that
    at the most deprived end (:math:`b = 0`).
    {shared}

    Returns
    -------
    pandas.DataFrame
        One row per set (``by`` columns first): ``value`` (the SII, in the values'
        unit), the limit columns, ``method`` ("Simulation" / "Closed form"),
        ``reason``, ``groups`` (rows in the set), ``population`` (its total) and
        ``mean`` (the population-weighted mean value).

    Raises
    ------
    ArgumentError
        Unknown columns, unequal lengths, values and counts together, an unknown
        option, a bad level, fewer than 100 or more than 1,000,000 simulations,
        a seed that is not a whole number >= 0, a Generator or None.

    Notes
    -----
    With :math:`\bar b = \sum a_i b_i` (= 1/2), the slope is
    :math:`\sum a_i (b_i - \bar b) y_i / \sum a_i (b_i - \bar b)^2`. Limits by
    simulation draw each group's value from a normal distribution (on the
    ``transform`` scale, standard error = width of the 95% interval on that
    scale / (2 x 1.959964)), refit, and take the percentiles of the refitted
    slopes.
    {checks}

    Examples
    --------
    A perfectly linear gradient of 2 per decile across equal deciles: the ranks
    run from 0.05 to 0.95, so the SII is 2 / 0.1 = 20.

    >>> import numpy as np
    >>> from outcomeframe.stats import sii
    >>> y = np.linspace(70.0, 88.0, 10)
    >>> out = sii(y, y - 1, y + 1, rank=np.arange(1, 11), seed=1, simulations=10_000)
    >>> round(float(out["value"].iloc[0]), 6), out["method"].iloc[0]
    (20.0, 'Simulation')
    >>> bool(out["lower_95"].iloc[0] < 20 < out["upper_95"].iloc[0])
    True
    >>> sii(y, y - 1, y + 1, rank=np.arange(1, 11), method="closed")["upper_95"].round(4).iloc[0]
    np.float64(21.101)
    """
    return inequality(
        value,
        lower,
        upper,
        rank=rank,
        population=population,
        se=se,
        count=count,
        denominator=denominator,
        data=data,
        by=by,
        measure=measure,
        transform=transform,
        multiplier=multiplier,
        confidence=confidence,
        method=method,
        simulations=simulations,
        seed=seed,
        polarity=polarity,
        reverse=reverse,
        relative=relative,
        min_groups=min_groups,
    )[0]


def rii(
    value: Input | None = None,
    lower: Input | None = None,
    upper: Input | None = None,
    *,
    rank: Input,
    population: Input | None = None,
    se: Input | None = None,
    count: Input | None = None,
    denominator: Input | None = None,
    data: pd.DataFrame | None = None,
    by: By | None = None,
    measure: Measure = "value",
    transform: Transform = "auto",
    multiplier: float | None = None,
    confidence: float | Sequence[float] = (0.95, 0.998),
    method: Method = "simulation",
    simulations: int = 100_000,
    seed: int | np.random.Generator | None = None,
    polarity: Polarity | str | None = None,
    reverse: bool = False,
    relative: Relative = "mean",
    min_groups: int = 5,
) -> pd.DataFrame:
    r"""Relative index of inequality across ordered groups, with simulated confidence limits.

    The fit is that of :func:`sii`. ``relative="mean"`` (the default, Low & Low
    2004) gives RII = SII / mean, the mean being the population-weighted mean
    value (which the fitted line passes through at the middle rank);
    ``relative="ratio"`` gives the reference package's RII, the fitted value at
    the least deprived end over that at the most deprived end,
    :math:`(Y_0 + \mathrm{SII}) / Y_0` (inverted when the sign is reversed).
    {shared}

    Returns
    -------
    pandas.DataFrame
        As :func:`sii`, with ``value`` the RII (no unit). A set whose RII divides
        by zero gets a reason.
    {checks}

    Examples
    --------
    >>> import numpy as np
    >>> from outcomeframe.stats import rii
    >>> y = np.linspace(70.0, 88.0, 10)
    >>> out = rii(y, y - 1, y + 1, rank=np.arange(1, 11), seed=1, simulations=10_000)
    >>> round(float(out["value"].iloc[0]), 6)  # 20 / 79
    0.253165
    >>> r = rii(y, y - 1, y + 1, rank=np.arange(1, 11), relative="ratio", method="closed")
    >>> round(float(r["value"].iloc[0]), 6)  # fitted 89 / fitted 69
    1.289855
    """
    return inequality(
        value,
        lower,
        upper,
        rank=rank,
        population=population,
        se=se,
        count=count,
        denominator=denominator,
        data=data,
        by=by,
        measure=measure,
        transform=transform,
        multiplier=multiplier,
        confidence=confidence,
        method=method,
        simulations=simulations,
        seed=seed,
        polarity=polarity,
        reverse=reverse,
        relative=relative,
        min_groups=min_groups,
    )[1]


for _fn in (sii, rii):
    _fn.__doc__ = (_fn.__doc__ or "").replace("{shared}", _SHARED).replace("{checks}", _CHECKS)
del _fn
