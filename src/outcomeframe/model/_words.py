"""Fingertips' words for measure types and comparison methods, and how words are looked up.

Polarity words live with :class:`~outcomeframe.Polarity` (``stats/_polarity.py``),
period-type words with :class:`~outcomeframe.PeriodType` (``observations/_period.py``)
and unit words with the unit registry (``stats/_units.py``). Every lookup ignores
case and runs of spaces; an unknown word is an :class:`~outcomeframe.ArgumentError`
that lists every accepted word.
"""

from __future__ import annotations

import enum
from typing import Any, TypeVar

from outcomeframe._errors import ArgumentError
from outcomeframe.stats._polarity import _word_key

__all__: list[str] = []

E = TypeVar("E", bound=enum.StrEnum)

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

#: Fingertips' benchmark comparison methods, as the ``ComparisonMethod`` value of each.
COMPARISON_WORDS: dict[str, str] = {
    "Confidence intervals overlapping reference value (95.0)": "ci_overlap",
    "Confidence intervals overlapping reference value (99.8)": "ci_overlap_99_8",
    "Confidence intervals overlapping reference value (95.0 & 99.8)": "two_levels",
    "Overlapping confidence intervals (95.0)": "double_overlap",
    "Quintiles": "quintiles",
    "Quartiles": "quartiles",
    "Quartiles (Longer Lives only)": "quartiles",
    "Not compared": "not_compared",
    "No comparison": "not_compared",
}


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
