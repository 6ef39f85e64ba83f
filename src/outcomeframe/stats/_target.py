"""Progress towards a dated target, vectorised."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import TargetStatus, labels
from outcomeframe.stats._compare import _arrays, _index_of

__all__ = ["TARGET_LABELS", "target_status"]

#: Categories of the ``status`` column of :func:`target_status`. "Not judged" is the
#: assessment's, for a target with no date and a series with no slope to judge it on.
TARGET_LABELS: tuple[str, ...] = labels(TargetStatus)
_STATUS_DTYPE = pd.CategoricalDtype(list(TARGET_LABELS))


def target_status(
    latest_value: Any,
    target_value: Any,
    *,
    direction: Literal["at_least", "at_most"] | Any,
    slope_per_year: Any,
    years_left: Any,
) -> pd.DataFrame:
    """Met, on track or off track for a target to be reached by a date.

    Rule: a target is **Met** when the latest value already satisfies it
    (``>= target`` for ``"at_least"``, ``<= target`` for ``"at_most"``).
    Otherwise it is **On track** when the straight-line projection
    ``latest + slope_per_year * years_left`` reaches it by the date, and
    **Off track** when it does not (including a slope of zero or in the wrong
    direction, and a date already passed). **No target** when the target, the
    latest value or the direction is missing; ``reason`` says which. A missing
    slope leaves an unmet target Off track with a reason.

    Parameters
    ----------
    latest_value : array-like
        Latest value of each indicator (same unit as the target).
    target_value : float or array-like
        The goal.
    direction : {"at_least", "at_most"} or array-like of them
        Whether the value must reach at least or at most the goal.
    slope_per_year : float or array-like
        Current trend in value units per year (e.g. a recent-trend slope
        converted to the value's unit, or a gap's ``slope_per_year``).
    years_left : float or array-like
        Years from the latest value's period to the target date.

    Returns
    -------
    DataFrame
        ``status`` (categorical Met / On track / Off track / No target),
        ``required_per_year`` ((target - latest) / years_left, the annual
        change needed; NaN once met or when no time is left),
        ``years_to_target`` ((target - latest) / slope_per_year at the current
        trend; 0 when met, NaN when the trend never gets there) and ``reason``.

    Raises
    ------
    ArgumentError
        Arrays of different lengths or an unknown direction.

    Examples
    --------
    >>> from outcomeframe.stats import target_status
    >>> out = target_status([93.0, 90.0, 96.0, 88.0], 95.0, direction="at_least",
    ...                     slope_per_year=[1.0, 0.5, 0.0, -0.2], years_left=3)
    >>> print(out.round(2).to_string())
          status  required_per_year  years_to_target       reason
    0   On track               0.67              2.0         <NA>
    1  Off track               1.67             10.0         <NA>
    2        Met                NaN              0.0         <NA>
    3  Off track               2.33              NaN  trend moves away from the target
    """
    (y, goal, slope, left), n = _arrays(
        [
            ("latest_value", latest_value),
            ("target_value", target_value),
            ("slope_per_year", slope_per_year),
            ("years_left", years_left),
        ]
    )
    codes, kinds = _direction_codes(direction, n)
    used = np.bincount(codes[codes >= 0], minlength=len(kinds)) > 0
    unknown = [
        k for k, u in zip(kinds, used, strict=True) if u and k not in ("at_least", "at_most")
    ]
    if unknown:
        raise ArgumentError(f"direction: {unknown[0]!r} is not 'at_least' or 'at_most'")
    missing_dir = codes < 0
    at_most = kinds.index("at_most") if "at_most" in kinds else -2
    sign = np.where(codes == at_most, -1.0, 1.0)
    with np.errstate(all="ignore"):
        short = sign * (goal - y)  # how far from the goal, > 0 when not met
        met = short <= 0
        projected = y + slope * left
        reaches = sign * (projected - goal) >= 0
        required = np.where(~met & (left > 0), (goal - y) / left, np.nan)
        years = np.where(met, 0.0, (goal - y) / slope)
        years = np.where(np.isfinite(years) & (years >= 0), years, np.nan)
    status = np.where(met, 0, np.where(reaches & (left > 0), 1, 2)).astype(np.int8)
    reason = np.full(n, None, dtype=object)
    reason[(~met) & (sign * slope <= 0)] = "trend moves away from the target"
    reason[(~met) & (sign * slope == 0)] = "no change at the current trend"
    reason[(~met) & ~np.isfinite(slope)] = "no trend to project"
    reason[(~met) & (left <= 0)] = "target date has passed"
    no_target = ~np.isfinite(goal) | ~np.isfinite(y) | missing_dir
    reason[missing_dir] = "no direction"
    reason[~np.isfinite(y)] = "no latest value"
    reason[~np.isfinite(goal)] = "no target value"
    status = np.where(no_target, 3, status).astype(np.int8)
    required = np.where(no_target | ~np.isfinite(required), np.nan, required)
    years = np.where(no_target, np.nan, years)
    return pd.DataFrame(
        {
            "status": pd.Categorical.from_codes(status, dtype=_STATUS_DTYPE),
            "required_per_year": required,
            "years_to_target": years,
            "reason": pd.arrays.StringArray(reason),
        },
        index=_index_of(latest_value),
    )


def _direction_codes(direction: Any, n: int) -> tuple[npt.NDArray[np.intp], list[Any]]:
    """Codes of each row's direction (-1 missing) and the distinct directions."""
    if isinstance(direction, pd.Series) and isinstance(direction.dtype, pd.CategoricalDtype):
        direction = direction.array
    if isinstance(direction, pd.Categorical):
        codes: Any = direction.codes
        kinds = list(direction.categories)
    else:
        dirs = np.asarray(direction, dtype=object)
        if dirs.ndim == 0:
            dirs = np.full(n, dirs.item(), dtype=object)
        codes, uniques = pd.factorize(dirs.ravel(), use_na_sentinel=True)
        kinds = list(uniques)
    if len(codes) != n:
        raise ArgumentError(f"direction: length {len(codes)} does not match latest_value ({n})")
    return np.asarray(codes, dtype=np.intp), kinds
