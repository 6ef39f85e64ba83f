"""The checks and conversions of the elements' fields, each naming the field it refuses.

Validators (``_check_*``) raise :class:`~outcomeframe.ArgumentError` whose message
starts with the field's name, in the words of the file format's JSON Schema; converters
read Fingertips' words and units as the values they stand for.
"""

from __future__ import annotations

import enum
import functools
import math
import numbers
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from outcomeframe._errors import ArgumentError, DataError, UnitError
from outcomeframe._unit_names import known_unit
from outcomeframe._vocabulary import MeasureType, PeriodType, Polarity
from outcomeframe.model._kinds import ComparisonMethod, TargetDirection

__all__ = [
    "check_id",
    "check_optional_text",
    "check_period",
    "check_str",
    "check_strings",
    "check_text",
    "kind_of",
    "to_comparison",
    "to_direction",
    "to_fingertips_id",
    "to_measure",
    "to_optional_polarity",
    "to_optional_unit",
    "to_period_kind",
    "to_period_years",
    "to_strings",
    "to_target_value",
    "to_unit",
]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MAX_ID = 64


def _numpy() -> Any:
    """Numpy if it is loaded (only then can a value be one of its scalars), else None."""
    return sys.modules.get("numpy")


def _is_bool(value: object) -> bool:
    np = _numpy()
    return isinstance(value, bool) or (np is not None and isinstance(value, np.bool_))


def _is_float(value: object) -> bool:
    np = _numpy()
    return isinstance(value, float) or (np is not None and isinstance(value, np.floating))


def check_id(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise ArgumentError(
            f"{attribute.name}: expected text (an id such as 'best-start'), got {kind_of(value)}"
        )
    if not _SLUG.fullmatch(value) or len(value) > _MAX_ID:
        raise ArgumentError(
            f"{attribute.name}: {value!r} is not a valid id (lower-case letters, digits and "
            f"single hyphens, at most {_MAX_ID} characters)"
        )


def kind_of(value: object) -> str:
    """How a wrong value is named in a message: ``None``, or its type and value."""
    return "None" if value is None else f"{type(value).__name__} {value!r}"


def check_text(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise ArgumentError(f"{attribute.name}: must be non-empty text, got {kind_of(value)}")
    if not value.strip():
        raise ArgumentError(f"{attribute.name}: must be non-empty text, got {value!r}")


def check_str(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Optional free text: None or a string (possibly empty, as the file format allows)."""
    if value is not None and not isinstance(value, str):
        raise ArgumentError(f"{attribute.name}: must be text or None, got {kind_of(value)}")


def to_strings(value: Iterable[str] | str | None) -> Any:
    """None -> (), one string -> a 1-tuple, a list -> a tuple; anything else as given."""
    given: object = value  # checked as it comes, whatever its type
    if given is None:
        return ()
    if isinstance(given, str):
        return (given,)
    if isinstance(given, Iterable) and not isinstance(given, bytes | Mapping):
        return tuple(given)
    return given  # refused by check_strings, which knows the field's name


def check_strings(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple):
        raise ArgumentError(f"{attribute.name}: must be a list of text, got {kind_of(value)}")
    wrong = [v for v in value if not isinstance(v, str)]
    if wrong:
        raise ArgumentError(f"{attribute.name}: every entry must be text, got {kind_of(wrong[0])}")


def _to_enum(enum_cls: type[enum.StrEnum], value: Any, name: str) -> Any:
    if value is None or isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)
    except ValueError:
        known = ", ".join(m.value for m in enum_cls)
        raise ArgumentError(f"{name}: {value!r} is not one of {known}") from None


def to_measure(value: Any) -> MeasureType:
    return MeasureType.parse(value)


def to_period_kind(value: Any) -> PeriodType | None:
    if value is None or isinstance(value, PeriodType):
        return value
    if not isinstance(value, str):
        raise ArgumentError(f"period_type: expected text, got {kind_of(value)}")
    return PeriodType.parse(value)


def to_comparison(value: Any) -> ComparisonMethod | None:
    return None if value is None else ComparisonMethod.parse(value)


@functools.lru_cache(maxsize=256)
def _canonical_unit(text: str) -> str:
    known = known_unit(text)  # the usual units, without loading the registry (pint)
    if known is not None:
        return known
    # The one unit registry lives in stats; it loads pint, so only for other units.
    from outcomeframe.stats._units import unit_name  # noqa: PLC0415

    try:
        return unit_name(text)
    except UnitError:
        return text  # left as given: framework validation reports it


def to_unit(value: Any) -> Any:
    """A unit as its registry name ("per 100,000" -> "per_100000"); other text as given."""
    if isinstance(value, str) and value.strip():
        return _canonical_unit(value)
    return value


def to_optional_unit(value: Any) -> Any:
    return None if value is None else to_unit(value)


def check_optional_text(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ArgumentError(
            f"{attribute.name}: must be non-empty text or None, got {kind_of(value)}"
        )


def to_direction(value: Any) -> TargetDirection | None:
    result: TargetDirection | None = _to_enum(TargetDirection, value, "direction")
    return result


def to_optional_polarity(value: Any) -> Polarity | None:
    return None if value is None else Polarity.parse(value)


def to_target_value(value: Any) -> float | None:
    """A target's value: a finite real number (not text, not a boolean) or None."""
    if value is None:
        return None
    if _is_bool(value) or not isinstance(value, numbers.Real):
        raise ArgumentError(f"value: must be a number, got {kind_of(value)}")
    try:
        number = float(value)
    except OverflowError:  # a whole number beyond float64, e.g. 10**400
        number = math.inf
    if not math.isfinite(number):
        raise ArgumentError(f"value: must be a finite number, got {value!r}")
    return number


#: The largest Fingertips indicator ID stored: IDs are 64-bit integers downstream.
_MAX_FINGERTIPS_ID = 2**63 - 1


def to_fingertips_id(value: Any) -> int | None:
    """A positive whole number that fits 64 bits; 93085.0 is read as 93085."""
    if value is None:
        return None
    number: int | None = None
    if _is_bool(value):
        number = None
    elif isinstance(value, numbers.Integral) or (
        _is_float(value) and math.isfinite(value) and value == int(value)
    ):
        number = int(value)
    if number is None:
        raise ArgumentError(
            f"fingertips_id: must be a whole number (a Fingertips indicator ID such as "
            f"93085), got {kind_of(value)}"
        )
    if not 1 <= number <= _MAX_FINGERTIPS_ID:
        raise ArgumentError(
            f"fingertips_id: must be between 1 and {_MAX_FINGERTIPS_ID}, got {number}"
        )
    return number


def to_period_years(value: Any) -> int | None:
    """How many years each period pools: a whole number from 1 (None: not said)."""
    if value is None:
        return None
    number = float(value) if isinstance(value, numbers.Real) else math.nan
    if _is_bool(value) or not number.is_integer() or not 1 <= number <= 100:
        raise ArgumentError(
            f"period_years: must be a whole number of years from 1 to 100, got {value!r}"
        )
    return int(number)


def check_period(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A target date: a period label Period.parse reads ("2022", "2023/24", "2025 Q1")."""
    if value is None:
        return
    if not isinstance(value, str):
        raise ArgumentError(
            f"{attribute.name}: must be a period label such as '2022' or '2023/24', "
            f"got {kind_of(value)}"
        )
    # The period grammar lives with the observations; loaded when a date is given.
    from outcomeframe.observations._period_label import Period  # noqa: PLC0415

    try:
        Period.parse(value)
    except DataError as err:
        raise ArgumentError(f"{attribute.name}: {err}") from None
