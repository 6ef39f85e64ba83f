"""The usual units of indicators by name, known without loading the unit registry.

Building a framework reads each indicator's unit, and validating it asks whether the
unit is a ratio and what it measures. For the handful of units nearly every indicator
carries (percent, per 1,000 ... per 1,000,000, percentage points, years) this module
answers from a table, so reading and validating a framework file do not load pint
(about 0.3 s). Any other unit text goes to the registry in
``outcomeframe.stats`` (``units.txt``); a test checks every answer here against it.
"""

from __future__ import annotations

import re

from outcomeframe._vocabulary import _word_key

__all__ = [
    "MAX_POWER",
    "MAX_UNIT_LENGTH",
    "MULTIPLIER_UNITS",
    "NAMED",
    "UNIT_FACTS",
    "from_words",
    "known_unit",
]

#: The named unit for each multiplier the statistics functions accept.
MULTIPLIER_UNITS: dict[float, str] = {
    1.0: "dimensionless",
    100.0: "percent",
    1_000.0: "per_1000",
    10_000.0: "per_10000",
    100_000.0: "per_100000",
    1_000_000.0: "per_1000000",
}

#: The registry's usual units by name, with their multipliers (None: not a ratio).
NAMED: dict[str, float | None] = {
    **{name: m for m, name in MULTIPLIER_UNITS.items()},
    "percentage_point": 100.0,
    "basis_point": 10_000.0,
    "year": None,
}

#: What validation asks of each usual unit: (dimensionless, its dimensionality as the
#: registry prints it).
UNIT_FACTS: dict[str, tuple[bool, str]] = {
    **dict.fromkeys(MULTIPLIER_UNITS.values(), (True, "dimensionless")),
    "percentage_point": (False, "[proportion_difference]"),
    "basis_point": (False, "[proportion_difference]"),
    "year": (False, "[time]"),
}

#: Unit words that are not the registry's names, by their compared form (``_word_key``).
_UNIT_WORDS: dict[str, str] = {"%": "percent", "years": "year", "year": "year"}
#: "per 1,000", "per 100 000", "per 10000" ...: a multiplier written out.
_PER_N = re.compile(r"per\s*(\d{1,3}(?:[,\s]?\d{3})*)")
#: The longest unit text read: the registry's parser takes time quadratic in the length.
MAX_UNIT_LENGTH = 200


#: A power operator and what follows it: a number, or an opening bracket.
_POWER = re.compile(r"(?:\*\*|\^)\s*[+-]?\s*(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+|\()")
#: A power whose exponent is raised to a power again (evaluated right to left).
_CHAINED = re.compile(r"(?:\*\*|\^)\s*[+-]?\s*[\d.eE+-]+\s*(?:\*\*|\^)")
#: The most that the exponents of one unit may multiply to (m**2 / s**2: 4).
MAX_POWER = 1_000


def power_problem(text: str) -> str | None:
    """Why the powers of a unit expression are refused before it is evaluated, or None.

    The registry's parser evaluates numbers as Python numbers, so ``9**9**9`` would
    compute a number of 370 million digits (the process hangs). An exponent must be a
    number, and the exponents of one unit multiply to at most :data:`MAX_POWER`, which
    bounds what any nesting of brackets can compute.

    Examples
    --------
    >>> from outcomeframe._unit_names import power_problem
    >>> power_problem("kg * m**2 / s^2") is None
    True
    >>> power_problem("9**9**9")
    'a power of a power (such as 9**9**9) is not a unit'
    >>> power_problem("((10**20)**20)**20")
    'its exponents multiply to more than the 1,000 allowed'
    """
    if _CHAINED.search(text):
        return "a power of a power (such as 9**9**9) is not a unit"
    product = 1.0
    for exponent in _POWER.findall(text):
        if exponent == "(":
            return "an exponent must be a number, not a bracketed expression"
        product *= max(1.0, abs(float(exponent)))
        if product > MAX_POWER:
            break
    if product > MAX_POWER:
        return f"its exponents multiply to more than the {MAX_POWER:,} allowed"
    return None


def from_words(text: str) -> str:
    """Return Fingertips' unit words as the registry's names; other text unchanged.

    Examples
    --------
    >>> from outcomeframe._unit_names import from_words
    >>> from_words("%"), from_words("per 100,000"), from_words("Years"), from_words("kg")
    ('percent', 'per_100000', 'year', 'kg')
    """
    key = _word_key(text)
    if key in _UNIT_WORDS:
        return _UNIT_WORDS[key]
    if m := _PER_N.fullmatch(key):
        value = float(re.sub(r"[,\s]", "", m.group(1)))
        if value in MULTIPLIER_UNITS and value > 1:
            return MULTIPLIER_UNITS[value]
    return text.strip()


def known_unit(text: object) -> str | None:
    """Return the name of a usual unit (:data:`NAMED`), or None for any other text.

    Examples
    --------
    >>> from outcomeframe._unit_names import known_unit
    >>> known_unit("per 1,000"), known_unit("percentage_point"), known_unit("kg")
    ('per_1000', 'percentage_point', None)
    """
    if not isinstance(text, str) or len(text) > MAX_UNIT_LENGTH:
        return None
    name = from_words(text)
    return name if name in NAMED else None
