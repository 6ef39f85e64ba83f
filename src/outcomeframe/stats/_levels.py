"""Confidence levels and the names of the columns that hold their limits."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np

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
        Each level must be a real number (a Python or NumPy float or integer,
        not text or a boolean) strictly between 0 and 1.

    Returns
    -------
    tuple of float

    Raises
    ------
    ArgumentError
        When a level is not a finite number in (0, 1), or none is given
        (``None`` included: leave the argument out for the default levels).

    Examples
    --------
    >>> from outcomeframe.stats import normalise_levels
    >>> normalise_levels(0.95)
    (0.95,)
    >>> normalise_levels([0.95, 0.998])
    (0.95, 0.998)
    """
    given: object = confidence  # checked as it comes, whatever its type
    if given is None or isinstance(given, str | bytes):
        what = "no level" if given is None else f"{given!r} is text, not a number"
        raise ArgumentError(
            f"confidence: {what}; give a number in (0, 1) such as 0.95, "
            "or several, e.g. (0.95, 0.998)"
        )
    try:
        array = np.asarray(given, dtype=object)
    except (TypeError, ValueError):
        array = np.asarray(None, dtype=object)  # unreadable: reported below
    levels: tuple[object, ...]
    if isinstance(given, numbers.Number) or array.ndim == 0:
        levels = (array[()] if isinstance(given, np.ndarray) else given,)
    else:
        levels = tuple(array.ravel())
    if not levels:
        raise ArgumentError("confidence: give at least one level in (0, 1), e.g. 0.95")
    out = []
    for level in levels:
        if isinstance(level, np.floating):
            # float32 0.95 is 0.949999988...: read a short float by its decimal text
            value = float(str(level))
        elif isinstance(level, bool | np.bool_) or not isinstance(level, numbers.Real):
            raise ArgumentError(
                f"confidence: {level!r} is not a number; give a level in (0, 1) such as 0.95"
            )
        else:
            value = float(level)
        if not math.isfinite(value) or not 0.0 < value < 1.0:
            raise ArgumentError(
                f"confidence: {level!r} is outside (0, 1); give a level such as 0.95"
            )
        out.append(value)
    return tuple(out)
