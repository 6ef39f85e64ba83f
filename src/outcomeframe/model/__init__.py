"""Frozen framework elements and the relations between them (no I/O, no maths)."""

from outcomeframe._vocabulary import PeriodType
from outcomeframe.model._elements import (
    ELEMENT_CLASSES,
    Action,
    Area,
    Body,
    ComparisonMethod,
    Element,
    Enabler,
    Indicator,
    Kind,
    MeasureType,
    Objective,
    Outcome,
    Priority,
    Target,
    TargetDirection,
    Vision,
)
from outcomeframe.model._records import RecordDefinition
from outcomeframe.model._relations import ALLOWED, Relation, allowed, default_relation

__all__ = [
    "ALLOWED",
    "ELEMENT_CLASSES",
    "Action",
    "Area",
    "Body",
    "ComparisonMethod",
    "Element",
    "Enabler",
    "Indicator",
    "Kind",
    "MeasureType",
    "Objective",
    "Outcome",
    "PeriodType",
    "Priority",
    "RecordDefinition",
    "Relation",
    "Target",
    "TargetDirection",
    "Vision",
    "allowed",
    "default_relation",
]
