"""Text as people read it in a report: values with their units, counts, shortened labels."""

from __future__ import annotations

import math
import numbers
from typing import Any

from outcomeframe._checks import need_number, need_text
from outcomeframe._errors import ArgumentError

__all__ = ["format_count", "format_value", "shorten", "unit_label"]

#: The ellipsis that marks a shortened text.
ELLIPSIS = "\u2026"


def shorten(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` characters, marking the cut with an ellipsis.

    The one rule of shortening for the dashboard, the charts, the command line and
    the example scripts: a text that fits is returned as it is; a longer one keeps
    its first ``width - 1`` characters (without trailing spaces) and ends in "\u2026".

    Parameters
    ----------
    text : str
        The text to shorten.
    width : int
        The most characters the result may have, the ellipsis included (at least 1).

    Returns
    -------
    str

    Examples
    --------
    >>> from outcomeframe.report import shorten
    >>> shorten("Smoking status at time of delivery", 20)
    'Smoking status at t\u2026'
    >>> shorten("Under 18s conceptions", 40)
    'Under 18s conceptions'
    """
    need_text(text, "text")
    need_number(width, "width", whole=True)
    return text if len(text) <= width else text[: max(width - 1, 0)].rstrip() + ELLIPSIS


_UNITS = {
    "percent": "%",
    "per_100": "%",
    "per_1000": "per 1,000",
    "per_10000": "per 10,000",
    "per_100000": "per 100,000",
    "per_1000000": "per 1,000,000",
    "dimensionless": "",
    "count": "",
    "year": "years",
    "percentage_point": "percentage points",
}


def unit_label(unit: str | None) -> str:
    """A short human label of a unit name ("" for a plain number).

    Examples
    --------
    >>> from outcomeframe.report import unit_label
    >>> unit_label("per_1000"), unit_label("percent"), unit_label("dimensionless")
    ('per 1,000', '%', '')
    """
    if unit is None or need_text(unit, "unit") == "":
        return ""
    return _UNITS.get(unit, unit.replace("_", " "))


def format_count(value: float | None) -> str:
    r"""A count as people write it: whole, with thousands separated ("1,043", not "1043.0").

    Examples
    --------
    >>> from outcomeframe.report import format_count
    >>> format_count(1043.0), format_count(12.5), format_count(None) == "\u2013"
    ('1,043', '12.5', True)
    """
    if value is None or not math.isfinite(_number(value)):
        return "\u2013"
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,d}"
    return f"{value:,.1f}"


def format_value(
    value: float | None, unit: str | None = None, digits: int = 1, *, measure: str | None = None
) -> str:
    r"""A value as people write it: one decimal, thousands separated, with its unit's words.

    Percentages take ``%`` ("9.6%"), rates their words ("4.7 per 1,000"), counts
    (``measure="count"``) no decimals ("1,043"); a plain number (unit
    ``dimensionless``) has no unit word.

    Examples
    --------
    >>> from outcomeframe.report import format_value
    >>> format_value(9.6123, "percent"), format_value(4.6886, "per_1000")
    ('9.6%', '4.7 per 1,000')
    >>> format_value(15234.5), format_value(1043.0, "dimensionless", measure="count")
    ('15,234.5', '1,043')
    >>> format_value(float("nan")) == "\u2013"  # an en dash
    True
    """
    if value is None or not math.isfinite(_number(value)):
        return "\u2013"
    text = format_count(value) if measure == "count" else f"{value:,.{digits}f}"
    label = unit_label(unit)
    if not label:
        return text
    return text + label if label == "%" else f"{text} {label}"


def _number(value: Any) -> float:
    """``value`` as a float for formatting (``pd.NA`` is missing); text or a list is refused."""
    if isinstance(value, numbers.Real):
        return float(value)
    import pandas as pd  # noqa: PLC0415 - only for a value that is not a plain number

    if value is pd.NA:
        return math.nan
    raise ArgumentError(f"value: expected a number, got {type(value).__name__}")
