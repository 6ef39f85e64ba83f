"""Units of indicator values: the registry, defined in ``units.txt``, and reading units.

The registry is loaded lazily, once, from the package data file ``units.txt``
with :mod:`importlib.resources`. Every function takes ``registry=None`` to use
it, or another :class:`pint.UnitRegistry` (for example one with extra units
loaded from a file of your own). pint itself is imported only when a unit is
read or converted: a number for a multiplier, and the statistics, need no pint.
Conversion between units is in
:mod:`outcomeframe.stats._unit_convert`; :mod:`outcomeframe.stats._units` is the face
of both.

Fingertips' words
-----------------
Wherever a unit is parsed, Fingertips' own unit words are accepted too, in any
case and spacing: "%", "per 100", "per 1,000", "per 10,000", "per 100,000",
"per 1,000,000" (with or without the thousands commas, or with spaces:
"per 1000", "per 100 000") and "years". Each is read as the named unit
(``percent``, ``per_1000`` ...), which is what :func:`unit_name` returns.
"Proportion" is not taken as a unit: it could be a fraction (0 to 1) or a
percentage.
"""

from __future__ import annotations

import functools
import importlib.resources
import math
import sys
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeAlias, TypeGuard

import numpy as np

from outcomeframe._errors import ArgumentError, UnitError
from outcomeframe._unit_names import (
    MAX_UNIT_LENGTH,
    MULTIPLIER_UNITS,
    NAMED,
    from_words,
    power_problem,
)
from outcomeframe.stats._polarity import _suggested

if TYPE_CHECKING:
    import pint

__all__ = [
    "MAX_UNIT_LENGTH",
    "Registry",
    "is_unit",
    "multiplier",
    "multiplier_unit_name",
    "parse_unit",
    "unit_for_multiplier",
    "unit_name",
    "unit_registry",
]

#: A pint unit registry (pint's class is generic in its quantity type).
Registry: TypeAlias = "pint.UnitRegistry[Any]"

#: Units that have a multiplier: scaled ratios, and scaled differences of proportions.
_SCALED_DIMENSIONS = ("dimensionless", "[proportion_difference]")

#: The usual units, their multipliers and Fingertips' words for them live in the leaf
#: ``_unit_names`` (the model reads units without loading this module or pint).
_MULTIPLIER_UNITS = MULTIPLIER_UNITS
_NAMED = NAMED

#: The unit words an indicator's unit is usually given in, for error messages.
_COMMON_UNITS = (
    "percent (%)",
    "per_1000 (per 1,000)",
    "per_10000 (per 10,000)",
    "per_100000 (per 100,000)",
    "per_1000000 (per 1,000,000)",
    "dimensionless",
    "year (years)",
)

#: The words an unknown unit is compared with for "did you mean ...?": the units an
#: indicator or a difference is given in, by name and in Fingertips' words (word -> name).
_SUGGESTED_UNITS: dict[str, str] = {
    "percent": "percent",
    "%": "percent",
    **{name: name for name in ("per_1000", "per_10000", "per_100000", "per_1000000")},
    **{f"per {m:,.0f}": name for m, name in _MULTIPLIER_UNITS.items() if m > 100},
    "dimensionless": "dimensionless",
    "year": "year",
    "years": "year",
    "percentage_point": "percentage_point",
    "basis_point": "basis_point",
}


_from_words = from_words


@functools.cache
def _default_registry() -> Registry:
    resource = importlib.resources.files("outcomeframe.stats").joinpath("units.txt")
    with importlib.resources.as_file(resource) as path:
        import pint  # noqa: PLC0415 - pint when a unit is first read

        return pint.UnitRegistry(str(path), cache_folder=None)


def unit_registry() -> Registry:
    """Return outcomeframe's unit registry (loaded from ``units.txt`` on first use).

    Returns
    -------
    pint.UnitRegistry
        The same object on every call.

    Examples
    --------
    >>> from outcomeframe.stats import unit_registry
    >>> ureg = unit_registry()
    >>> ureg.Quantity(12.5, "percent").to("per_1000").magnitude
    125.0
    >>> unit_registry() is ureg
    True
    """
    return _default_registry()


def _registry(registry: Registry | None) -> Registry:
    return _default_registry() if registry is None else registry


def is_unit(value: object) -> TypeGuard[pint.Unit]:
    """Whether ``value`` is a :class:`pint.Unit` (pint not imported: none can exist yet)."""
    module = sys.modules.get("pint")
    return module is not None and isinstance(value, module.Unit)


def parse_unit(unit: str | pint.Unit, registry: Registry | None = None) -> pint.Unit:
    """Parse a unit written as text (or check a :class:`pint.Unit`).

    Parameters
    ----------
    unit : str or pint.Unit
        For example ``"percent"``, ``"%"``, ``"per_100000"``, ``"percentage_point"``,
        or Fingertips' words ``"per 100,000"``, ``"per 1,000"``.
        An empty string is ``dimensionless``.
    registry : pint.UnitRegistry, optional
        Defaults to :func:`unit_registry`.

    Returns
    -------
    pint.Unit

    Raises
    ------
    UnitError
        When the text is not a unit of the registry (undefined words, unbalanced
        brackets, stray operators, a division by zero, text longer than
        :data:`MAX_UNIT_LENGTH` characters, a scale that overflows); the message
        quotes the text, suggests the closest indicator units ("did you mean
        'percent'?") and lists the usual ones.

    Examples
    --------
    >>> from outcomeframe.stats import parse_unit
    >>> parse_unit("%")
    <Unit('percent')>
    >>> parse_unit("per 100,000"), parse_unit("Per 1000")
    (<Unit('per_100000')>, <Unit('per_1000')>)
    >>> parse_unit("furlongs")
    Traceback (most recent call last):
    ...
    outcomeframe.UnitError: unit 'furlongs' is not defined: 'furlongs' is not defined ...
    >>> parse_unit("percnt")
    Traceback (most recent call last):
    ...
    outcomeframe.UnitError: unit 'percnt' is not defined: ... (did you mean 'percent'?); ...
    >>> parse_unit("per )")
    Traceback (most recent call last):
    ...
    outcomeframe.UnitError: unit 'per )' is not defined: not a unit expression (unbalanced ...
    """
    return _parse(unit, _registry(registry), "unit")


def _parse(unit: Any, ureg: Registry, name: str) -> pint.Unit:
    """:func:`parse_unit` for the argument ``name``: every failure is a UnitError naming both."""
    if is_unit(unit):
        if unit._REGISTRY is ureg:
            return unit
        try:  # a unit of another registry: read again by its name
            unit = str(unit)
        except Exception:  # noqa: BLE001 - a broken object from elsewhere
            raise UnitError(f"{name} {_short(unit)} cannot be read as a unit") from None
    if not isinstance(unit, str):
        raise UnitError(
            f"{name} {_short(unit)} is not a unit (give text such as 'percent'), "
            f"got {type(unit).__name__}"
        )
    if len(unit) > MAX_UNIT_LENGTH:
        raise UnitError(
            f"{name} {_short(unit)} is not defined: {len(unit):,} characters, more than the "
            f"{MAX_UNIT_LENGTH} a unit may have"
        )
    return _parse_text(unit, ureg, name)


def _parse_text(text: str, ureg: Registry, name: str) -> pint.Unit:
    import pint  # noqa: PLC0415 - loaded with the registry: no cost

    expression = _from_words(text)
    try:
        if problem := power_problem(expression):  # before pint evaluates the numbers
            raise UnitError(problem)
        parsed = ureg.parse_units(expression)
    except UnitError as err:
        detail = str(err)
    except pint.errors.PintError as err:
        detail = str(err)
    except RecursionError:
        detail = "nested too deeply to be a unit"
    except ZeroDivisionError:
        detail = "it divides by zero"
    except Exception:  # noqa: BLE001 - pint's tokenizer and parser raise many kinds
        detail = "not a unit expression (unbalanced brackets or a stray operator)"
    else:
        try:
            scale = float(ureg.Quantity(1.0, parsed).to_base_units().magnitude)
        except Exception:  # noqa: BLE001 - an exponent that overflows or divides by zero
            scale = float("nan")
        if math.isfinite(scale) and scale > 0:
            return parsed
        detail = "its scale is not a finite positive number (an exponent too large?)"
    raise UnitError(
        f"{name} {_short(text)} is not defined: {detail}{_suggested(text.strip(), _SUGGESTED_UNITS)}"
        f"; indicator units are {', '.join(_COMMON_UNITS)}"
    ) from None


def _short(value: Any) -> str:
    """``repr`` of a value, cut to 80 characters for a message."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 80 else text[:76] + "...'"


def unit_name(unit: str | pint.Unit, registry: Registry | None = None) -> str:
    """Return the canonical text of a unit, as stored in ``result.attrs["unit"]``.

    Parameters
    ----------
    unit : str or pint.Unit
    registry : pint.UnitRegistry, optional

    Returns
    -------
    str

    Examples
    --------
    >>> from outcomeframe.stats import unit_name
    >>> unit_name("%"), unit_name("pp"), unit_name("")
    ('percent', 'percentage_point', 'dimensionless')
    >>> unit_name("per 100,000"), unit_name("Years")
    ('per_100000', 'year')
    """
    known = _known_name(unit, registry)
    return known if known is not None else str(parse_unit(unit, registry))


def _known_name(unit: object, registry: Registry | None) -> str | None:
    """The name of a usual unit of the default registry (:data:`_NAMED`), else None."""
    if registry is not None or not isinstance(unit, str) or len(unit) > MAX_UNIT_LENGTH:
        return None
    name = _from_words(unit)
    return name if name in _NAMED else None


def multiplier(unit: str | pint.Unit, registry: Registry | None = None) -> float:
    """Return the multiplier that puts a ratio on the scale of a unit.

    Parameters
    ----------
    unit : str or pint.Unit
        A scaled ratio (``percent``, ``per_1000`` ...) or a scaled difference of
        proportions (``percentage_point``, ``basis_point``).
    registry : pint.UnitRegistry, optional

    Returns
    -------
    float
        100 for ``percent`` and ``percentage_point``, 1000 for ``per_1000``,
        1 for ``dimensionless``.

    Raises
    ------
    UnitError
        When the unit is not a scaled ratio (``year`` has no multiplier).

    Examples
    --------
    >>> from outcomeframe.stats import multiplier
    >>> multiplier("percent"), multiplier("per_100000"), multiplier("percentage_point")
    (100.0, 100000.0, 100.0)
    """
    known = _known_name(unit, registry)
    if known is not None:  # a usual unit: its multiplier, or its refusal, without pint
        scale = _NAMED[known]
        if scale is None:
            raise _not_a_ratio(known)
        return scale
    ureg = _registry(registry)
    parsed = _parse(unit, ureg, "unit")
    quantity = ureg.Quantity(1.0, parsed)
    if str(quantity.dimensionality) not in _SCALED_DIMENSIONS:
        raise _not_a_ratio(str(parsed))
    with np.errstate(all="ignore"):
        inverse = 1.0 / float(quantity.to_base_units().magnitude)
    if not math.isfinite(inverse):
        raise UnitError(f"unit {str(parsed)!r}: its multiplier is too large to represent")
    # Scales are powers of ten written in decimal: recover the exact integer.
    return float(Fraction(inverse).limit_denominator(1_000_000))


def _not_a_ratio(name: str) -> UnitError:
    """The error of :func:`multiplier` for a unit that is not a ratio (pint's or a usual one)."""
    return UnitError(f"unit {name!r} is not a ratio, so it has no multiplier")


def unit_for_multiplier(value: float, registry: Registry | None = None) -> pint.Unit:
    """Return the unit of values multiplied by ``value`` (the inverse of :func:`multiplier`).

    Parameters
    ----------
    value : float
        One of 1, 100, 1,000, 10,000, 100,000 or 1,000,000.
    registry : pint.UnitRegistry, optional

    Returns
    -------
    pint.Unit

    Raises
    ------
    ArgumentError
        When there is no named unit for the multiplier.

    Examples
    --------
    >>> from outcomeframe.stats import unit_for_multiplier
    >>> unit_for_multiplier(100), unit_for_multiplier(1000)
    (<Unit('percent')>, <Unit('per_1000')>)
    """
    return parse_unit(_multiplier_name(value), registry)


def multiplier_unit_name(value: float, registry: Registry | None = None) -> str:
    """``str(unit_for_multiplier(value, registry))``; without pint for the default registry."""
    name = _multiplier_name(value)
    return name if registry is None else str(parse_unit(name, registry))


def _multiplier_name(value: float) -> str:
    """The name of the unit for a multiplier (ArgumentError when it has none)."""
    try:
        key = float(value)
    except (TypeError, ValueError):
        raise ArgumentError(f"multiplier: {value!r} is not a number") from None
    if key not in _MULTIPLIER_UNITS:
        allowed = ", ".join(f"{m:,.0f}" for m in _MULTIPLIER_UNITS)
        raise ArgumentError(f"multiplier: {value!r} has no unit; use one of {allowed}")
    return _MULTIPLIER_UNITS[key]
