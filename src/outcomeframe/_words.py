"""The words of an indicator's definition, and how words are looked up (a leaf module).

:class:`Polarity`, :class:`PeriodType` and :class:`MeasureType`, each with the
Fingertips words its ``parse`` accepts. Every lookup ignores case and runs of spaces;
an unknown word is an :class:`~outcomeframe.ArgumentError` that lists every accepted
word. Imported through :mod:`outcomeframe._vocabulary`, which re-exports them.
"""

from __future__ import annotations

import enum
from typing import Any, TypeVar

from outcomeframe._errors import ArgumentError
from outcomeframe._suggest import closest, did_you_mean

__all__ = ["MeasureType", "PeriodType", "Polarity"]

E = TypeVar("E", bound=enum.StrEnum)


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
    and "Monthly". ``ROLLING`` is a run of months or quarters from one to another,
    as Fingertips prints rolling and cumulative periods: "Apr 2019 - Mar 2020",
    "Aug 2019 - Jul 2020", "2019/20 Q2 - 2020/21 Q1", "2019/20 Q1-Q3"; Fingertips'
    year types "Financial rolling year quarterly", "Calendar rolling year
    quarterly", "Calendar rolling year monthly", "Financial single year cumulative
    quarters", "Financial multi-year cumulative quarters", "August to July", "March
    to February" and "July to June" read as ``ROLLING``.

    Examples
    --------
    >>> from outcomeframe import PeriodType
    >>> PeriodType("financial")
    <PeriodType.FINANCIAL: 'financial'>
    >>> [str(k) for k in PeriodType]
    ['calendar', 'financial', 'academic', 'pooled', 'quarter', 'month', 'rolling']
    >>> PeriodType.parse("Financial year end point")
    <PeriodType.FINANCIAL: 'financial'>
    """

    CALENDAR = "calendar"
    FINANCIAL = "financial"
    ACADEMIC = "academic"
    POOLED = "pooled"
    QUARTER = "quarter"
    MONTH = "month"
    ROLLING = "rolling"

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
        >>> from outcomeframe import PeriodType
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
    # Fingertips' rolling and cumulative year types (its YearTypeIds, in words)
    "Financial rolling year quarterly": "rolling",
    "Calendar rolling year quarterly": "rolling",
    "Calendar rolling year monthly": "rolling",
    "Financial single year cumulative quarters": "rolling",
    "Financial multi-year cumulative quarters": "rolling",
    "August to July": "rolling",
    "March to February": "rolling",
    "July to June": "rolling",
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
