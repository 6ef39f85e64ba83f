"""Fingertips' words for measure types and comparison methods, and how words are looked up.

Measure-type, polarity and period-type words live with their enums in
``outcomeframe._vocabulary`` (re-exported here), unit words with the unit registry
(``stats/_units.py``). Every lookup ignores
case and runs of spaces; an unknown word is an :class:`~outcomeframe.ArgumentError`
that lists every accepted word.
"""

from __future__ import annotations

from outcomeframe._vocabulary import MEASURE_WORDS as MEASURE_WORDS  # noqa: PLC0414
from outcomeframe._vocabulary import accepted_words as accepted_words  # noqa: PLC0414
from outcomeframe._vocabulary import parse_word as parse_word  # noqa: PLC0414

__all__: list[str] = []

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
