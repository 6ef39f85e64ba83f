"""Colours and symbols shared by the charts and the dashboard (number formats: ``_formats``).

The palette is colour-blind safe: it is built from the Okabe-Ito colours
(Okabe & Ito, *Color Universal Design*, 2008), which stay distinct under the
common colour-vision deficiencies, and follows the public-health convention of
Fingertips' colour-blind alternative: *better* is blue (not green), *similar* is
yellow and *worse* is vermilion (not red). Colour never carries meaning alone:
every coloured mark in the dashboard also prints its label.
"""

from __future__ import annotations

from outcomeframe._vocabulary import Comparison, RollupStatus, TargetStatus, Trend
from outcomeframe.report._formats import format_count, format_value, unit_label

__all__ = [
    "COMPARISON_COLOURS",
    "KIND_COLOURS",
    "ROLLUP_COLOURS",
    "SERIES_COLOURS",
    "TARGET_COLOURS",
    "TREND_SYMBOLS",
    "format_count",
    "format_value",
    "text_colour",
    "unit_label",
]

_BLUE = "#0072B2"  # Okabe-Ito blue: better
_YELLOW = "#F0E442"  # Okabe-Ito yellow: similar
_VERMILION = "#D55E00"  # Okabe-Ito vermilion: worse
_SKY = "#56B4E9"  # Okabe-Ito sky blue
_PURPLE = "#CC79A7"  # Okabe-Ito reddish purple
_GREY = "#DDDDDD"
_WHITE = "#FFFFFF"  # with the badge's border: values, but nothing to judge them on

#: Fill colour of each comparison with the benchmark (Okabe-Ito based, colour-blind safe).
COMPARISON_COLOURS: dict[str, str] = {
    Comparison.BETTER.value: _BLUE,
    Comparison.SIMILAR.value: _YELLOW,
    Comparison.WORSE.value: _VERMILION,
    Comparison.HIGHER.value: _SKY,
    Comparison.LOWER.value: "#B9DDF3",
    Comparison.NOT_COMPARED.value: _GREY,
    # quantile groups (quintiles; quartiles use four of the five names)
    "Lowest": "#F2EEF7",
    "Low": "#CBC2E0",
    "Middle": "#9E92C7",
    "High": "#7162AB",
    "Highest": "#4B2C8C",
}

#: Fill colour of each roll-up status of an element.
ROLLUP_COLOURS: dict[str, str] = {
    RollupStatus.NEEDS_ATTENTION.value: _VERMILION,
    RollupStatus.MIXED.value: _PURPLE,
    RollupStatus.ON_COURSE.value: _BLUE,
    RollupStatus.NO_CHANGE.value: _YELLOW,
    RollupStatus.NOT_ASSESSED.value: _WHITE,
    RollupStatus.OUT_OF_DATE.value: _WHITE,
    RollupStatus.NO_DATA.value: _GREY,
}

#: Fill colour of each target status ("No target" is left plain).
TARGET_COLOURS: dict[str, str] = {
    TargetStatus.MET.value: _BLUE,
    TargetStatus.ON_TRACK.value: _SKY,
    TargetStatus.OFF_TRACK.value: _VERMILION,
    TargetStatus.NO_TARGET.value: "#FFFFFF",
    TargetStatus.NOT_JUDGED.value: "#FFFFFF",
}

#: Arrow symbol and colour of each recent-trend label (the label is always printed too).
TREND_SYMBOLS: dict[str, tuple[str, str]] = {
    Trend.INCREASING_BETTER.value: ("\u2191", _BLUE),
    Trend.INCREASING_WORSE.value: ("\u2191", _VERMILION),
    Trend.DECREASING_BETTER.value: ("\u2193", _BLUE),
    Trend.DECREASING_WORSE.value: ("\u2193", _VERMILION),
    Trend.INCREASING.value: ("\u2191", "#555555"),
    Trend.DECREASING.value: ("\u2193", "#555555"),
    Trend.NO_SIGNIFICANT_CHANGE.value: ("\u2192", "#555555"),
    Trend.CANNOT_BE_CALCULATED.value: ("\u2013", "#767676"),
}

#: Line colours of areas on a trend chart (Okabe-Ito, without yellow; black is the benchmark).
SERIES_COLOURS: tuple[str, ...] = (_BLUE, _VERMILION, "#009E73", _PURPLE, "#E69F00", _SKY)

#: Fill colour of each kind of element on the framework diagram.
KIND_COLOURS: dict[str, str] = {
    "vision": "#FFFFFF",
    "priority": "#CCE3F0",
    "objective": "#CCEBE2",
    "outcome": "#FAE7CC",
    "indicator": "#F5E4EE",
}


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#RRGGBB`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def text_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (WCAG contrast ratio).

    Examples
    --------
    >>> from outcomeframe.report._palette import text_colour
    >>> text_colour("#0072B2"), text_colour("#F0E442")
    ('#FFFFFF', '#000000')
    """
    lum = _luminance(fill)
    on_white = 1.05 / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "#FFFFFF" if on_white > on_black else "#000000"
