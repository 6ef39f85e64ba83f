"""From record-level data to the observation table, on the engine where the records are.

The filter language (:func:`parse_filter` and its tree) is imported at once: it needs
nothing but the errors, and the model parses an indicator's filters with it.
:func:`aggregate` and :class:`Aggregation` are imported when first used, so importing
this package loads neither pandas nor narwhals.
"""

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    """Import :func:`aggregate` and the engine side when first used."""
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'outcomeframe.records' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
