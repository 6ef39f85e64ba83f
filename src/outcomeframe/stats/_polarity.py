"""Polarity: which direction of an indicator is good."""

from __future__ import annotations

import enum

from outcomeframe._errors import ArgumentError

__all__ = ["Polarity"]

_ALIASES = {
    "higher_is_better": "higher_is_better",
    "high is good": "higher_is_better",
    "rag - high is good": "higher_is_better",
    "higher is better": "higher_is_better",
    "lower_is_better": "lower_is_better",
    "low is good": "lower_is_better",
    "rag - low is good": "lower_is_better",
    "lower is better": "lower_is_better",
    "no_judgement": "no_judgement",
    "no judgement": "no_judgement",
    "bob - blue orange blue": "no_judgement",
}


class Polarity(enum.StrEnum):
    """Which direction of an indicator's value is good.

    Fingertips calls these "RAG - High is good", "RAG - Low is good" and
    "BOB - Blue orange blue" (no judgement); :meth:`parse` accepts those too.

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
            ``"BOB - Blue orange blue"``, ``"No judgement"`` ...

        Returns
        -------
        Polarity

        Raises
        ------
        ArgumentError
            When the text is not a known polarity.

        Examples
        --------
        >>> Polarity.parse("High is good")
        <Polarity.HIGHER_IS_BETTER: 'higher_is_better'>
        """
        if isinstance(text, Polarity):
            return text
        key = " ".join(str(text).strip().lower().split())
        try:
            return cls(_ALIASES[key])
        except KeyError:
            known = ", ".join(m.value for m in cls)
            raise ArgumentError(f"polarity: {text!r} is not one of {known}") from None

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
