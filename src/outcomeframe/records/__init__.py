"""From record-level data to the observation table, on the engine where the records are.

The filter language (:func:`parse_filter` and its tree) is imported at once: it needs
nothing but the errors, and the model parses an indicator's filters with it.
:func:`aggregate` and :class:`Aggregation` are imported when first used, so importing
this package loads neither pandas nor narwhals.
"""

from typing import TYPE_CHECKING

from outcomeframe._lazy import attach
from outcomeframe.records._filter_parse import (
    MAX_DEPTH,
    MAX_LENGTH,
    And,
    Column,
    Compare,
    Filter,
    In,
    IsNull,
    Literal,
    Not,
    Or,
    columns_of,
    parse_filter,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Aggregation",
    "And",
    "Column",
    "Compare",
    "Filter",
    "In",
    "IsNull",
    "Literal",
    "Not",
    "Or",
    "aggregate",
    "columns_of",
    "compile_filter",
    "parse_filter",
    "synthetic_births",
    "synthetic_pupils",
    "write_synthetic_births",
]

_LAZY = {
    "Aggregation": "outcomeframe.records._aggregate",
    "aggregate": "outcomeframe.records._aggregate",
    "compile_filter": "outcomeframe.records._filter",
    "synthetic_births": "outcomeframe.records._synthetic",
    "synthetic_pupils": "outcomeframe.records._synthetic",
    "write_synthetic_births": "outcomeframe.records._synthetic",
}

if TYPE_CHECKING:
    from outcomeframe.records._aggregate import Aggregation, aggregate
    from outcomeframe.records._filter import compile_filter
    from outcomeframe.records._synthetic import (
        synthetic_births,
        synthetic_pupils,
        write_synthetic_births,
    )


__getattr__, __dir__ = attach(__name__, _LAZY, globals())
