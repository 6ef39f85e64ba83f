"""Units of indicator values: one pint registry, defined in ``units.txt`` (the face).

Values are kept as plain floats; the unit travels beside them as a string
(``result.attrs["unit"]``) and pint is used at the boundaries. The registry and
reading units: :mod:`outcomeframe.stats._unit_parse`; converting values and the
units of results and differences: :mod:`outcomeframe.stats._unit_convert`.
"""

from outcomeframe.stats._unit_convert import (
    check_same_unit,
    convert,
    convert_result,
    difference_unit,
    difference_unit_name,
    result_unit,
)
from outcomeframe.stats._unit_parse import (
    MAX_UNIT_LENGTH,
    Registry,
    multiplier,
    parse_unit,
    unit_for_multiplier,
    unit_name,
    unit_registry,
)

__all__ = [
    "MAX_UNIT_LENGTH",
    "Registry",
    "check_same_unit",
    "convert",
    "convert_result",
    "difference_unit",
    "difference_unit_name",
    "multiplier",
    "parse_unit",
    "result_unit",
    "unit_for_multiplier",
    "unit_name",
    "unit_registry",
]
