"""Confidence levels and the names of the columns that hold their limits."""

from __future__ import annotations

import math
from collections.abc import Iterable

from outcomeframe._errors import ArgumentError

__all__ = ["DEFAULT_LEVELS", "limit_columns", "normalise_levels"]

#: The two levels that Fingertips publishes side by side.
DEFAULT_LEVELS: tuple[float, ...] = (0.95, 0.998)


def _label(level: float) -> str:
    text = f"{level * 100:.10g}"
    return text.replace(".", "_")


def limit_columns(level: float) -> tuple[str, str]:
    """Return the names of the lower and upper limit columns for a confidence level.

    Parameters
    ----------
    level : float
        Confidence level in (0, 1), e.g. 0.95 or 0.998.

    Returns
    -------
    tuple of str
        ``("lower_95", "upper_95")`` for 0.95, ``("lower_99_8", "upper_99_8")`` for 0.998.

    Examples
    --------
    >>> from outcomeframe.stats import limit_columns
    >>> limit_columns(0.95)
    ('lower_95', 'upper_95')
    >>> limit_columns(0.998)
    ('lower_99_8', 'upper_99_8')
    """
    (level,) = normalise_levels(level)
    lab = _label(level)
    return f"lower_{lab}", f"upper_{lab}"


def normalise_levels(confidence: float | Iterable[float]) -> tuple[float, ...]:
    """Check one or several confidence levels and return them as a tuple.

    Parameters
    ----------
    confidence : float or iterable of float
        Each level must lie strictly between 0 and 1.

    Returns
    -------
    tuple of float

    Raises
    ------
    ArgumentError
        When a level is not a finite number in (0, 1), or none is given.

    Examples
    --------
    >>> from outcomeframe.stats import normalise_levels
    >>> normalise_levels(0.95)
    (0.95,)
    >>> normalise_levels([0.95, 0.998])
    (0.95, 0.998)
    """
    levels = (confidence,) if isinstance(confidence, int | float) else tuple(confidence)
    if not levels:
        raise ArgumentError("confidence: give at least one level")
    out = []
    for level in levels:
        try:
            value = float(level)
        except (TypeError, ValueError):
            raise ArgumentError(f"confidence: {level!r} is not a number") from None
        if not math.isfinite(value) or not 0.0 < value < 1.0:
            raise ArgumentError(f"confidence: {level!r} is outside (0, 1)")
        out.append(value)
    return tuple(out)
