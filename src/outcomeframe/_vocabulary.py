"""The shared vocabulary of outcomeframe: every fixed set of words, as a StrEnum.

A leaf module, like :mod:`outcomeframe._errors`: it imports nothing from the package
but the leaf modules ``_errors``, ``_suggest`` and ``_words`` (where the words of an
indicator's definition and their lookup are kept), so every layer (stats, observations, model,
framework, assessment, report) may import it. Each label vocabulary is a
:class:`enum.StrEnum` whose values are the exact words shown to users, in the order
of the categories of the columns built from them; ``str(member)`` is the word and
``member == "word"`` holds. Code tests members, never text; the categoricals are
built with :func:`labels`.

The enums: :class:`Polarity`, :class:`PeriodType`, :class:`MeasureType` (the words of
an indicator's definition); :class:`Comparison`, :class:`Trend`, :class:`GapTrend`,
:class:`TargetStatus` (the results of the statistics); :class:`IndicatorStatus`,
:class:`RollupStatus` (the assessment's statuses) and :class:`Reason` (why a
statistic has no value).
"""

from __future__ import annotations

import enum

from outcomeframe._words import _PERIOD_WORDS as _PERIOD_WORDS  # noqa: PLC0414
from outcomeframe._words import _WORDS as _WORDS  # noqa: PLC0414
from outcomeframe._words import MEASURE_WORDS as MEASURE_WORDS  # noqa: PLC0414
from outcomeframe._words import MeasureType, PeriodType, Polarity
from outcomeframe._words import _suggested as _suggested  # noqa: PLC0414
from outcomeframe._words import _word_key as _word_key  # noqa: PLC0414
from outcomeframe._words import accepted_words as accepted_words  # noqa: PLC0414
from outcomeframe._words import parse_word as parse_word  # noqa: PLC0414

__all__ = [
    "Comparison",
    "GapTrend",
    "IndicatorStatus",
    "MeasureType",
    "PeriodType",
    "Polarity",
    "Reason",
    "RollupStatus",
    "TargetStatus",
    "Trend",
    "labels",
]


def labels(cls: type[enum.StrEnum]) -> tuple[str, ...]:
    """The words of an enum as plain strings, in order: the categories of its column.

    Examples
    --------
    >>> from outcomeframe._vocabulary import TargetStatus, labels
    >>> labels(TargetStatus)
    ('Met', 'On track', 'Off track', 'No target', 'Not judged')
    """
    return tuple(member.value for member in cls)


# -- the results of the statistics --------------------------------------------------


class Comparison(enum.StrEnum):
    """The result of comparing a value with its benchmark (the ``comparison`` column).

    Better / Similar / Worse when the indicator has a polarity, Higher / Similar /
    Lower when it has none, Not compared when there is no usable value.

    Examples
    --------
    >>> from outcomeframe._vocabulary import Comparison, labels
    >>> labels(Comparison)
    ('Better', 'Similar', 'Worse', 'Higher', 'Lower', 'Not compared')
    >>> Comparison.WORSE == "Worse"
    True
    """

    BETTER = "Better"
    SIMILAR = "Similar"
    WORSE = "Worse"
    HIGHER = "Higher"
    LOWER = "Lower"
    NOT_COMPARED = "Not compared"


class Trend(enum.StrEnum):
    """Fingertips' recent-trend labels (the ``trend`` column), in category order.

    Examples
    --------
    >>> from outcomeframe._vocabulary import Trend
    >>> [t.value for t in Trend if t.getting_worse]
    ['Increasing and getting worse', 'Decreasing and getting worse']
    >>> Trend.CANNOT_BE_CALCULATED == "Cannot be calculated"
    True
    """

    INCREASING_BETTER = "Increasing and getting better"
    INCREASING_WORSE = "Increasing and getting worse"
    DECREASING_BETTER = "Decreasing and getting better"
    DECREASING_WORSE = "Decreasing and getting worse"
    INCREASING = "Increasing"
    DECREASING = "Decreasing"
    NO_SIGNIFICANT_CHANGE = "No significant change"
    CANNOT_BE_CALCULATED = "Cannot be calculated"

    @property
    def getting_worse(self) -> bool:
        """Whether the trend is a significant change in the bad direction."""
        return self in (Trend.INCREASING_WORSE, Trend.DECREASING_WORSE)

    @property
    def getting_better(self) -> bool:
        """Whether the trend is a significant change in the good direction."""
        return self in (Trend.INCREASING_BETTER, Trend.DECREASING_BETTER)


class GapTrend(enum.StrEnum):
    """Whether a gap between two groups is closing (the ``status`` of ``gap_trend``).

    Examples
    --------
    >>> from outcomeframe._vocabulary import GapTrend, labels
    >>> labels(GapTrend)
    ('Closing', 'Widening', 'No significant change', 'Cannot be calculated')
    """

    CLOSING = "Closing"
    WIDENING = "Widening"
    NO_SIGNIFICANT_CHANGE = "No significant change"
    CANNOT_BE_CALCULATED = "Cannot be calculated"


class TargetStatus(enum.StrEnum):
    """Where an indicator stands against its target (the ``target_status`` column).

    Examples
    --------
    >>> from outcomeframe._vocabulary import TargetStatus
    >>> TargetStatus("Off track")
    <TargetStatus.OFF_TRACK: 'Off track'>
    """

    MET = "Met"
    ON_TRACK = "On track"
    OFF_TRACK = "Off track"
    NO_TARGET = "No target"
    NOT_JUDGED = "Not judged"


# -- the assessment's statuses ------------------------------------------------------


class IndicatorStatus(enum.StrEnum):
    """The status of one indicator, from its comparison, trend and target.

    Examples
    --------
    >>> from outcomeframe._vocabulary import IndicatorStatus, labels
    >>> labels(IndicatorStatus)
    ('Concern', 'Good', 'Neutral', 'No data')
    """

    CONCERN = "Concern"
    GOOD = "Good"
    NEUTRAL = "Neutral"
    NO_DATA = "No data"


class RollupStatus(enum.StrEnum):
    """The status of an element, from the statuses of the indicators that measure it.

    Examples
    --------
    >>> from outcomeframe._vocabulary import RollupStatus
    >>> RollupStatus.NEEDS_ATTENTION == "Needs attention"
    True
    """

    NEEDS_ATTENTION = "Needs attention"
    MIXED = "Mixed"
    ON_COURSE = "On course"
    NO_CHANGE = "No change"
    NOT_ASSESSED = "Not assessed"
    OUT_OF_DATE = "Out of date"
    NO_DATA = "No data"


# -- why a statistic has no value ---------------------------------------------------


class Reason(enum.StrEnum):
    """Why a row (or group) of a statistics result has no value (the ``reason`` column).

    One vocabulary for every statistics function, so results of different
    functions concatenate cleanly. Earlier members win when a row has several
    problems. New reasons are added here.

    Examples
    --------
    >>> from outcomeframe._vocabulary import Reason
    >>> str(Reason.DENOMINATOR_ZERO)
    'denominator is zero'
    """

    COUNT_MISSING = "count is missing or not a finite number"
    DENOMINATOR_MISSING = "denominator is missing or not a finite number"
    COUNT_NEGATIVE = "count is negative"
    DENOMINATOR_NEGATIVE = "denominator is negative"
    COUNT_EXCEEDS_DENOMINATOR = "count exceeds denominator"
    DENOMINATOR_ZERO = "denominator is zero"
    WEIGHT_MISSING = "standard population weight is missing or not a finite number"
    WEIGHT_NEGATIVE = "standard population weight is negative"
    REFERENCE_RATE_MISSING = "reference rate is missing or not a finite number"
    REFERENCE_RATE_NEGATIVE = "reference rate is negative"
    EXPECTED_MISSING = "expected count is missing or not a finite number"
    EXPECTED_NEGATIVE = "expected count is negative"
    EXPECTED_ZERO = "expected count is zero"
    MEAN_MISSING = "mean is missing or not a finite number"
    SD_MISSING = "standard deviation is missing or not a finite number"
    SD_NEGATIVE = "standard deviation is negative"
    N_MISSING = "n is missing or not a finite number"
    N_BELOW_2 = "n is below 2"
    VALUE_MISSING = "value is missing or not a finite number"
    AGE_BANDS_MISMATCH = "age bands do not match the standard population"
    BELOW_SUPPRESSION = "total count is below the suppression threshold"
    TOTAL_ZERO = "total count is zero"
    # life expectancy (stats.life_expectancy)
    LIFE_TABLE_BANDS_MISMATCH = "age bands do not match the life table"
    POPULATION_BELOW_SUPPRESSION = "total population is below the suppression threshold"
    NO_DEATHS_OPEN_BAND = "no deaths in the open-ended age band"
    NO_SURVIVORS = "no survivors to this age in the life table"
    INTERVAL_TOO_WIDE = "confidence interval is wider than the suppression threshold"
    # DSR for non-independent events (stats.dsr)
    EPISODES_MISSING = "episodes per person is missing or not a finite number"
    EPISODES_NOT_WHOLE = "episodes per person is not a whole number of at least 1"
    BAND_DENOMINATOR_DIFFERS = "denominator differs between rows of the same age band"
    # funnel-plot control limits (stats.funnel_limits)
    TARGET_MISSING = "target is missing or not a finite number"
    TARGET_NEGATIVE = "target is negative"
    TARGET_ABOVE_MULTIPLIER = "target exceeds the multiplier"
    # slope and relative index of inequality (stats.sii, stats.rii)
    RANK_MISSING = "rank is missing or not recognised"
    POPULATION_MISSING = "population is missing or not a finite number"
    POPULATION_NOT_POSITIVE = "population is zero or negative"
    LIMITS_MISSING = "95% limits are missing or not finite numbers"
    SE_NOT_POSITIVE = "standard error is zero, negative or not a finite number"
    OUTSIDE_TRANSFORM = "value or limit is outside the range of the transformation"
    RANK_REPEATED = "rank appears more than once in the group"
    TOO_FEW_GROUPS = "too few ranked groups"
    RII_UNDEFINED = "the RII divides by zero (fitted value or mean is zero)"
    OUT_OF_RANGE = "result is too large or too small to compute"
    # comparisons with a benchmark (compare)
    MISSING_BENCHMARK = "missing benchmark"
    MISSING_VALUE_OR_LIMITS = "missing value or 95% limits"
    MISSING_BENCHMARK_LIMITS = "missing benchmark 95% limits"
    MISSING_99_8_LIMITS = "missing 99.8% limits"
    # goals (target_rag, target_status)
    MISSING_VALUE = "missing value"
    NO_TARGET = "no target"
    NO_DIRECTION_TO_GOAL = "no judgement: no direction to meet a goal"
    NO_TARGET_VALUE = "no target value"
    NO_LATEST_VALUE = "no latest value"
    NO_DIRECTION = "no direction"
    TARGET_DATE_PASSED = "target date has passed"
    NO_TREND_TO_PROJECT = "no trend to project"
    NO_CHANGE_AT_TREND = "no change at the current trend"
    TREND_MOVES_AWAY = "trend moves away from the target"
    # series (recent_trend, gap_trend); the ``detail`` column names the period
    LIMITS_CROSS = "upper limit is below lower limit"
    PERIOD_MISSING = "period is missing"
    PERIOD_REPEATED = "period is repeated within the series"
    NOT_TRENDED = "value type is not trended"
    LATEST_PERIOD_MISSING = "no value for the latest period"
    RECENT_PERIOD_MISSING = "no value for a period among the most recent"
    TOO_FEW_POINTS = "too few valid points"
    FULL_POINT = "a point has a count equal to its denominator (100%)"
    ZERO_WIDTH_INTERVAL = "a zero-width interval among the points used"
