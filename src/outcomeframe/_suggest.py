"""The closest known names to one that is not known, for "did you mean ...?" messages.

One rule for every message that suggests a name (element ids, columns, words of a
framework file): a name that differs only in case, spaces, hyphens or underscores
first, then up to three names that :func:`difflib.get_close_matches` would find close
(similarity at least 0.6, best first; equally close names in alphabetical order, where
difflib reverses them). Callers pass only the names that could
play the role asked for, so a missing ``denominator`` is never matched with a
column that is already the ``indicator``.
"""

from __future__ import annotations

import difflib
import heapq
import re
from collections.abc import Iterable

__all__ = ["closest", "did_you_mean"]

_CUTOFF = 0.6


def _folded(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.casefold())


def closest(name: str, choices: Iterable[str], *, n: int = 3) -> list[str]:
    """Up to ``n`` known names close to ``name``, best first.

    Examples
    --------
    >>> from outcomeframe._suggest import closest
    >>> closest("smoking-at-delivry", ["smoking-at-time-of-delivery", "vision", "smoking"])
    ['smoking-at-time-of-delivery']
    >>> closest("Area Code", ["area_code", "period"])
    ['area_code']
    >>> closest("denominator", ["area", "year"])
    []
    """
    names = list(dict.fromkeys(str(c) for c in choices))
    folded = _folded(name)
    same = [c for c in names if _folded(c) == folded and c != name]
    if same:
        return same[:n]
    lowered = {c.casefold(): c for c in names}
    found = _best(name.casefold(), lowered, n)
    return [lowered[f] for f in found if lowered[f] != name]


def _best(word: str, choices: Iterable[str], n: int) -> list[str]:
    """:func:`difflib.get_close_matches`, but equal scores in alphabetical order (not reversed).

    So a code with a digit left out ("E0800009") is answered with "E08000009" before
    "E08000029", which is as close.
    """
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    scored = []
    for choice in choices:
        matcher.set_seq1(choice)
        if (
            matcher.real_quick_ratio() >= _CUTOFF
            and matcher.quick_ratio() >= _CUTOFF
            and matcher.ratio() >= _CUTOFF
        ):
            scored.append((-matcher.ratio(), choice))
    return [choice for _, choice in heapq.nsmallest(n, scored)]


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` (or ``'x' or 'y'``) to append to a message, or ``""``.

    Examples
    --------
    >>> from outcomeframe._suggest import did_you_mean
    >>> did_you_mean("high_is_god", ["higher_is_better", "lower_is_better", "high_is_good"])
    " (did you mean 'high_is_good'?)"
    >>> did_you_mean("zzz", ["abc"])
    ''
    """
    found = closest(name, choices)
    if not found:
        return ""
    words = [repr(f) for f in found]
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    return f" (did you mean {listed}?)"
