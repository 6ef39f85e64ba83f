"""Polarity: which direction of an indicator is good."""

from __future__ import annotations

import enum

from outcomeframe._errors import ArgumentError
from outcomeframe._suggest import closest, did_you_mean

__all__ = ["Polarity"]

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


def _word_key(text: object) -> str:
    """The form in which words are compared: lower case, single spaces, no ends."""
    return " ".join(str(text).strip().lower().split())


_ALIASES = {_word_key(word): value for word, value in _WORDS.items()}


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
        key = " ".join(str(text).strip().lower().split())
        try:
            return cls(_ALIASES[key])
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
