"""Progress towards a dated target, vectorised."""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import Reason, TargetStatus, labels
from outcomeframe.stats._input import per_row, row_inputs
from outcomeframe.stats._labels import factorised
from outcomeframe.stats._reasons import first_reasons, reason_column
from outcomeframe.stats._types import Input, Values

__all__ = ["TARGET_LABELS", "target_status"]

#: Categories of the ``status`` column of :func:`target_status`. "Not judged" is the
#: assessment's, for a target with no date and a series with no slope to judge it on.
TARGET_LABELS: tuple[str, ...] = labels(TargetStatus)
_STATUS_DTYPE = pd.CategoricalDtype(list(TARGET_LABELS))
_STATUS = {label: np.int8(i) for i, label in enumerate(TargetStatus)}
_DIRECTIONS = ("at_least", "at_most")


def target_status(
    latest_value: Input,
    target_value: Input | float,
    *,
    direction: Literal["at_least", "at_most"] | str | Values,
    slope_per_year: Input | float,
    years_left: Input | float,
    data: pd.DataFrame | None = None,
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
    latest_value : array-like, Series or str
        Latest value of each indicator (same unit as the target), or a column
        name of ``data`` (as may be every argument).
    target_value : float, array-like, Series or str
        The goal.
    direction : {"at_least", "at_most"}, array-like of them or str
        Whether the value must reach at least or at most the goal.
    slope_per_year : float, array-like, Series or str
        Current trend in value units per year (e.g. a recent-trend slope
        converted to the value's unit, or a gap's ``slope_per_year``).
    years_left : float, array-like, Series or str
        Years from the latest value's period to the target date.
    data : DataFrame, optional
        The table holding the named columns.

    Returns
    -------
    DataFrame
        ``status`` (categorical Met / On track / Off track / No target),
        ``required_per_year`` ((target - latest) / years_left, the annual
        change needed; NaN once met or when no time is left),
        ``years_to_target`` ((target - latest) / slope_per_year at the current
        trend; 0 when met, NaN when the trend never gets there) and ``reason``
        (the reasons categorical).

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
    0   On track               0.67              2.0                               NaN
    1  Off track               1.67             10.0                               NaN
    2        Met                NaN              0.0                               NaN
    3  Off track               2.33              NaN  trend moves away from the target
    """
    (y, goal, slope, left), n, index = row_inputs(
        [
            ("latest_value", latest_value),
            ("target_value", target_value),
            ("slope_per_year", slope_per_year),
            ("years_left", years_left),
        ],
        data,
    )
    at_most, missing_dir = _directions(per_row(direction, "direction", data), n)
    sign = np.where(at_most, -1.0, 1.0)
    with np.errstate(all="ignore"):
        short = sign * (goal - y)  # how far from the goal, > 0 when not met
        met = short <= 0
        projected = y + slope * left
        reaches = sign * (projected - goal) >= 0
        required = np.where(~met & (left > 0), (goal - y) / left, np.nan)
        years = np.where(met, 0.0, (goal - y) / slope)
        years = np.where(np.isfinite(years) & (years >= 0), years, np.nan)
    no_target = ~np.isfinite(goal) | ~np.isfinite(y) | missing_dir
    reason = first_reasons(
        n,
        [
            (~np.isfinite(goal), Reason.NO_TARGET_VALUE),
            (~np.isfinite(y), Reason.NO_LATEST_VALUE),
            (missing_dir, Reason.NO_DIRECTION),
            (~met & (left <= 0), Reason.TARGET_DATE_PASSED),
            (~met & ~np.isfinite(slope), Reason.NO_TREND_TO_PROJECT),
            (~met & (sign * slope == 0), Reason.NO_CHANGE_AT_TREND),
            (~met & (sign * slope <= 0), Reason.TREND_MOVES_AWAY),
        ],
    )
    s = _STATUS
    status = np.where(
        met,
        s[TargetStatus.MET],
        np.where(reaches & (left > 0), s[TargetStatus.ON_TRACK], s[TargetStatus.OFF_TRACK]),
    )
    status = np.where(no_target, s[TargetStatus.NO_TARGET], status).astype(np.int8)
    required = np.where(no_target | ~np.isfinite(required), np.nan, required)
    years = np.where(no_target, np.nan, years)
    return pd.DataFrame(
        {
            "status": pd.Categorical.from_codes(status, dtype=_STATUS_DTYPE),
            "required_per_year": required,
            "years_to_target": years,
            "reason": reason_column(reason),
        },
        index=index,
    )


def _directions(direction: object, n: int) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Per row, whether the target is an upper bound ("at_most"), and whether none is given."""
    codes, kinds = factorised(direction, n, "direction")
    used = np.bincount(codes[codes >= 0], minlength=len(kinds)) > 0
    unknown = [k for k, u in zip(kinds, used, strict=True) if u and k not in _DIRECTIONS]
    if unknown:
        raise ArgumentError(f"direction: {unknown[0]!r} is not 'at_least' or 'at_most'")
    table = np.array([*(k == "at_most" for k in kinds), False], dtype=bool)
    return table[codes], codes < 0
