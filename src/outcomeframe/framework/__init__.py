"""The Framework that owns the networkx graph, with queries and validation as graph functions."""

from outcomeframe.framework._framework import Framework, Metadata
from outcomeframe.framework._queries import (
    coverage_matrix,
    elements_frame,
    indicators_for,
    indicators_frame,
    paths_to_vision,
    without_indicators,
)
from outcomeframe.framework._validate import RULES, Problem, check, problems, validate_graph

__all__ = [
    "RULES",
    "Framework",
    "Metadata",
    "Problem",
    "check",
    "coverage_matrix",
    "elements_frame",
    "indicators_for",
    "indicators_frame",
    "paths_to_vision",
    "problems",
    "validate_graph",
    "without_indicators",
]
