"""The kinds of element, the comparison methods and the target directions (enums).

Each is a :class:`enum.StrEnum` whose values are the words of the file format.
"""

from __future__ import annotations

import enum

from outcomeframe._vocabulary import parse_word
from outcomeframe.model._words import COMPARISON_WORDS

__all__ = ["ComparisonMethod", "Kind", "TargetDirection"]


class Kind(enum.StrEnum):
    """The kinds of element a framework holds (the ``kind`` node attribute).

    Examples
    --------
    >>> from outcomeframe import Kind
    >>> Kind("indicator")
    <Kind.INDICATOR: 'indicator'>
    """

    VISION = "vision"
    PRIORITY = "priority"
    OBJECTIVE = "objective"
    OUTCOME = "outcome"
    INDICATOR = "indicator"
    ACTION = "action"
    ENABLER = "enabler"
    BODY = "body"


class ComparisonMethod(enum.StrEnum):
    """How an indicator's value is compared with its benchmark (see the methods page).

    ``ci_overlap``: Better/Worse when the 95% interval excludes the benchmark.
    ``ci_overlap_99_8``: the same test with the 99.8% interval only (Fingertips'
    "Confidence intervals overlapping reference value (99.8)").
    ``two_levels``: the 95% test, with the level (95% or 99.8%) reported.
    ``double_overlap``: the area's and the benchmark's 95% intervals overlap.
    ``quintiles``, ``quartiles``: the area's quantile group among its peers.
    ``not_compared``: Fingertips publishes no comparison for the indicator.
    :meth:`parse` also accepts Fingertips' method names.

    Examples
    --------
    >>> from outcomeframe import ComparisonMethod
    >>> ComparisonMethod("two_levels")
    <ComparisonMethod.TWO_LEVELS: 'two_levels'>
    >>> ComparisonMethod.parse("Confidence intervals overlapping reference value (99.8)")
    <ComparisonMethod.CI_OVERLAP_99_8: 'ci_overlap_99_8'>
    """

    CI_OVERLAP = "ci_overlap"
    CI_OVERLAP_99_8 = "ci_overlap_99_8"
    TWO_LEVELS = "two_levels"
    DOUBLE_OVERLAP = "double_overlap"
    QUINTILES = "quintiles"
    QUARTILES = "quartiles"
    NOT_COMPARED = "not_compared"

    @classmethod
    def parse(cls, text: str | ComparisonMethod) -> ComparisonMethod:
        """Read a comparison method from its value or a Fingertips method name.

        Parameters
        ----------
        text : str or ComparisonMethod
            ``"ci_overlap"``, ``"Quintiles"``, ``"Confidence intervals overlapping
            reference value (95.0)"``, ``"Not compared"`` ... (any case and spacing).

        Returns
        -------
        ComparisonMethod

        Raises
        ------
        ArgumentError
            When the text is not a known method; the message lists every accepted word.

        Examples
        --------
        >>> from outcomeframe import ComparisonMethod
        >>> ComparisonMethod.parse("No comparison")
        <ComparisonMethod.NOT_COMPARED: 'not_compared'>
        >>> ComparisonMethod.parse("Deciles")
        Traceback (most recent call last):
        ...
        outcomeframe.ArgumentError: comparison: 'Deciles' is not one of ci_overlap, ...
        """
        return parse_word(cls, text, COMPARISON_WORDS, "comparison")


class TargetDirection(enum.StrEnum):
    """Whether a target is a floor (``at_least``) or a ceiling (``at_most``).

    Examples
    --------
    >>> from outcomeframe import TargetDirection
    >>> TargetDirection("at_least")
    <TargetDirection.AT_LEAST: 'at_least'>
    """

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
