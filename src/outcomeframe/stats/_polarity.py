"""Polarity: which direction of an indicator is good (defined in ``outcomeframe._vocabulary``).

Kept so that ``outcomeframe.stats._polarity.Polarity`` still imports; the enum, its
words and the word lookup live in the leaf vocabulary module.
"""

from __future__ import annotations

from outcomeframe._vocabulary import _WORDS as _WORDS  # noqa: PLC0414
from outcomeframe._vocabulary import Polarity
from outcomeframe._vocabulary import _suggested as _suggested  # noqa: PLC0414
from outcomeframe._vocabulary import _word_key as _word_key  # noqa: PLC0414

__all__ = ["Polarity"]
