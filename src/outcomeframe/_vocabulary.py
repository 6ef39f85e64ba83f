"""The shared vocabulary of outcomeframe: every fixed set of words, as a StrEnum.

A leaf module, like :mod:`outcomeframe._errors`: it imports nothing from the package
but ``_errors`` and ``_suggest``, so every layer (stats, observations, model,
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
from typing import Any, TypeVar

from outcomeframe._errors import ArgumentError
from outcomeframe._suggest import closest, did_you_mean

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

E = TypeVar("E", bound=enum.StrEnum)


def labels(cls: type[enum.StrEnum]) -> tuple[str, ...]:
    """The words of an enum as plain strings, in order: the categories of its column.

    Examples
    --------
    >>> from outcomeframe._vocabulary import TargetStatus, labels
    >>> labels(TargetStatus)
    ('Met', 'On track', 'Off track', 'No target', 'Not judged')
    """
    return tuple(member.value for member in cls)


# -- how words are looked up --------------------------------------------------------


def _word_key(text: object) -> str:
    """The form in which words are compared: lower case, single spaces, no ends."""
    return " ".join(str(text).strip().lower().split())


def _suggested(text: object, words: dict[str, str]) -> str:
    """The "did you mean ...?" for an unknown word: the closest words, all of one meaning.

    ``words`` maps each accepted word to the value it stands for. Only words
    meaning the same as the closest one are offered, so "Low is god" is never
    answered with "High is good".
    """
    found = closest(str(text), words)
    if not found:
        return ""
    meaning = words[found[0]]
    return did_you_mean(str(text), [w for w in found if words[w] == meaning])


def accepted_words(cls: type[enum.StrEnum], words: dict[str, str]) -> dict[str, str]:
    """The enum's values, then the words (word -> value), in the order errors list them."""
    return {**{m.value: m.value for m in cls}, **words}


def parse_word(cls: type[E], text: Any, words: dict[str, str], what: str) -> E:
    """Read an enum member from its value or one of ``words``, ignoring case and spaces.

    Raises
    ------
    ArgumentError
        Naming ``what`` and listing every accepted word.
    """
    if isinstance(text, cls):
        return text
    table = accepted_words(cls, words)
    if isinstance(text, str):
        key = _word_key(text)
        for word, value in table.items():
            if _word_key(word) == key:
                return cls(value)
    raise ArgumentError(f"{what}: {text!r} is not one of {', '.join(table)}")


# -- the words of an indicator's definition -----------------------------------------

#: Every word :meth:`Polarity.parse` accepts (compared case- and space-insensitively):
#: the values themselves, then Fingertips' words.
_WORDS: dict[str, str] = {
    "higher_is_better": "higher_is_better",
    "lower_is_better": "lower_is_better",
    "no_judgement": "no_judgement",
    "High is good": "higher_is_better",
    "Low is good": "lower_is_better",
    "RAG - High is good": "higher_is_better",
    "RAG - Low is good": "lower_is_better",
    "BOB - Blue orange blue": "no_judgement",
    "No judgement": "no_judgement",
    "Not applicable": "no_judgement",
    "Higher is better": "higher_is_better",
    "Lower is better": "lower_is_better",
}
_ALIASES = {_word_key(word): value for word, value in _WORDS.items()}


class Polarity(enum.StrEnum):
    """Which direction of an indicator's value is good.

    Fingertips calls these "High is good" ("RAG - High is good"), "Low is good"
    ("RAG - Low is good") and "No judgement" ("BOB - Blue orange blue", or
    "Not applicable" for counts); :meth:`parse` accepts those too.

    Examples
    --------
    >>> from outcomeframe import Polarity
    >>> Polarity.parse("RAG - Low is good")
    <Polarity.LOWER_IS_BETTER: 'lower_is_better'>
    >>> Polarity.HIGHER_IS_BETTER.flipped()
    <Polarity.LOWER_IS_BETTER: 'lower_is_better'>
    """

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NO_JUDGEMENT = "no_judgement"

    @classmethod
    def parse(cls, text: str | Polarity) -> Polarity:
        """Read a polarity from its value or a Fingertips polarity label.

        Parameters
        ----------
        text : str or Polarity
            ``"higher_is_better"``, ``"High is good"``, ``"RAG - Low is good"``,
            ``"BOB - Blue orange blue"``, ``"No judgement"``, ``"Not applicable"``
            (any case and spacing; the accepted words are listed in the error for an unknown one).

        Returns
        -------
        Polarity

        Raises
        ------
        ArgumentError
            When the text is not a known polarity; the message lists every accepted word
            and suggests the closest ones ("did you mean ...?").

        Examples
        --------
        >>> Polarity.parse("High is good")
        <Polarity.HIGHER_IS_BETTER: 'higher_is_better'>
        >>> Polarity.parse("  not   APPLICABLE ")
        <Polarity.NO_JUDGEMENT: 'no_judgement'>
        >>> Polarity.parse("Good")
        Traceback (most recent call last):
        ...
        outcomeframe.ArgumentError: polarity: 'Good' is not one of higher_is_better, ...

        A word close to an accepted one is suggested:

        >>> Polarity.parse("Low is god")
        Traceback (most recent call last):
        ...
        outcomeframe.ArgumentError: polarity: 'Low is god' is not one of ... (did you mean 'Low is good' or 'RAG - Low is good'?)
        """
        if isinstance(text, Polarity):
            return text
        try:
            return cls(_ALIASES[_word_key(text)])
        except KeyError:
            hint = _suggested(text, _WORDS)
            raise ArgumentError(
                f"polarity: {text!r} is not one of {', '.join(_WORDS)}{hint}"
            ) from None

    def flipped(self) -> Polarity:
        """Return the opposite polarity (no judgement stays no judgement).

        Examples
        --------
        >>> Polarity.NO_JUDGEMENT.flipped()
        <Polarity.NO_JUDGEMENT: 'no_judgement'>
        """
        if self is Polarity.HIGHER_IS_BETTER:
            return Polarity.LOWER_IS_BETTER
        if self is Polarity.LOWER_IS_BETTER:
            return Polarity.HIGHER_IS_BETTER
        return self


class PeriodType(enum.StrEnum):
    """The kinds of time period that Fingertips publishes.

    :meth:`parse` (and every ``period_type=`` or ``kind=`` argument) also accepts
    the words of the ``PeriodType`` / "Year type" column of Fingertips'
    indicator metadata, in any case and spacing: "Calendar" and "Yearly"
    (calendar), "Financial" and "Financial year end point" (financial),
    "Financial multi-year" (financial years pooled: give the number of years
    separately, e.g. ``("Financial multi-year", 5)``), "Academic", "Quarterly"
    and "Monthly".

    Examples
    --------
    >>> from outcomeframe.observations import PeriodType
    >>> PeriodType("financial")
    <PeriodType.FINANCIAL: 'financial'>
    >>> [str(k) for k in PeriodType]
    ['calendar', 'financial', 'academic', 'pooled', 'quarter', 'month']
    >>> PeriodType.parse("Financial year end point")
    <PeriodType.FINANCIAL: 'financial'>
    """

    CALENDAR = "calendar"
    FINANCIAL = "financial"
    ACADEMIC = "academic"
    POOLED = "pooled"
    QUARTER = "quarter"
    MONTH = "month"

    @classmethod
    def parse(cls, text: object, name: str = "period_type") -> PeriodType:
        """Read a period type from its value or a Fingertips period-type word.

        Parameters
        ----------
        text : str or PeriodType
            ``"financial"``, ``"Calendar"``, ``"Yearly"``, ``"Financial multi-year"``
            ... (any case and spacing). Anything else is an ArgumentError.
        name : str, default "period_type"
            The argument or field the text was given as, named in the error message.

        Returns
        -------
        PeriodType
            The type of each year; "Financial multi-year" is ``FINANCIAL`` (the
            number of pooled years is given separately).

        Raises
        ------
        ArgumentError
            When the text is not a known period type; the message lists every
            accepted word.

        Examples
        --------
        >>> from outcomeframe.observations import PeriodType
        >>> PeriodType.parse("Yearly"), PeriodType.parse(" financial  MULTI-year")
        (<PeriodType.CALENDAR: 'calendar'>, <PeriodType.FINANCIAL: 'financial'>)
        >>> PeriodType.parse("Fortnightly")
        Traceback (most recent call last):
        ...
        outcomeframe.ArgumentError: period_type: 'Fortnightly' is not one of calendar, ...
        >>> PeriodType.parse("weekly", name="kind")
        Traceback (most recent call last):
        ...
        outcomeframe.ArgumentError: kind: 'weekly' is not one of calendar, ...
        """
        if isinstance(text, PeriodType):
            return text
        key = _word_key(text) if isinstance(text, str) else None
        if key in _PERIOD_ALIASES:
            return cls(_PERIOD_ALIASES[key])
        choices = ", ".join(_PERIOD_WORDS)
        if not isinstance(text, str):
            raise ArgumentError(
                f"{name}: expected a period type word ({choices}), got {type(text).__name__}"
            )
        raise ArgumentError(f"{name}: {text!r} is not one of {choices}")


#: Every period-type word accepted: the values, then Fingertips' words.
_PERIOD_WORDS: dict[str, str] = {
    **{k.value: k.value for k in PeriodType},
    "Calendar": "calendar",
    "Yearly": "calendar",
    "Financial": "financial",
    "Financial year end point": "financial",
    "Financial multi-year": "financial",
    "Academic": "academic",
    "Quarterly": "quarter",
    "Monthly": "month",
}
_PERIOD_ALIASES = {_word_key(word): value for word, value in _PERIOD_WORDS.items()}

#: Fingertips' value types, as the ``MeasureType`` value each stands for.
#: An indirectly standardised proportion is read as a ratio (see ``MeasureType.parse``).
MEASURE_WORDS: dict[str, str] = {
    "Proportion": "proportion",
    "Crude rate": "crude_rate",
    "Directly standardised rate": "dsr",
    "Indirectly standardised ratio": "ratio",
    "Indirectly standardised proportion": "ratio",
    "Count": "count",
    "Mean": "mean",
    "Life expectancy": "life_expectancy",
    "Score": "score",
}


class MeasureType(enum.StrEnum):
    """What kind of statistic an indicator is; it decides how intervals are computed.

    Only proportions and crude rates have their limits computed from counts;
    the other types use the limits the data give. :meth:`parse` also accepts
    Fingertips' value types ("Proportion", "Crude rate", "Directly standardised
    rate", "Indirectly standardised ratio", "Indirectly standardised proportion",
    "Count", "Mean", "Life expectancy", "Score").

    Examples
    --------
    >>> from outcomeframe import MeasureType
    >>> MeasureType("crude_rate").value
    'crude_rate'
    >>> MeasureType.parse("Directly standardised rate")
    <MeasureType.DSR: 'dsr'>
    """

    PROPORTION = "proportion"
    CRUDE_RATE = "crude_rate"
    DSR = "dsr"
    RATIO = "ratio"
    MEAN = "mean"
    COUNT = "count"
    SCORE = "score"
    LIFE_EXPECTANCY = "life_expectancy"

    @classmethod
    def parse(cls, text: str | MeasureType) -> MeasureType:
        """Read a measure type from its value or a Fingertips value type.

        An indirectly standardised proportion (observed over expected, times
        the reference proportion) is read as a ``ratio``: its limits come from
        the observed count as for a ratio, and like a ratio it is not trended.

        Parameters
        ----------
        text : str or MeasureType
            ``"dsr"``, ``"Crude rate"``, ``"Life expectancy"`` ... (any case and spacing).

        Returns
        -------
        MeasureType

        Raises
        ------
        ArgumentError
            When the text is not a known measure type; the message lists every
            accepted word.

        Examples
        --------
        >>> from outcomeframe import MeasureType
        >>> MeasureType.parse("indirectly  standardised proportion")
        <MeasureType.RATIO: 'ratio'>
        >>> MeasureType.parse("percentage")
        Traceback (most recent call last):
        ...
        outcomeframe.ArgumentError: measure: 'percentage' is not one of proportion, ...
        """
        return parse_word(cls, text, MEASURE_WORDS, "measure")


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
