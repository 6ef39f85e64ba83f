"""Observations in, assessment out: benchmarks, gaps, trends, targets and the roll-up."""

from outcomeframe.assessment._assess import ENGLAND, SERIES_KEY, Assessment, assess
from outcomeframe.assessment._inequality import inequality_gaps
from outcomeframe.assessment._rollup import (
    INDICATOR_STATUSES,
    ROLLUP_STATUSES,
    RollupRule,
    indicator_status,
    rollup,
)
from outcomeframe.assessment._sii_table import inequality_table

__all__ = [
    "ENGLAND",
    "INDICATOR_STATUSES",
    "ROLLUP_STATUSES",
    "SERIES_KEY",
    "Assessment",
    "RollupRule",
    "assess",
    "indicator_status",
    "inequality_gaps",
    "inequality_table",
    "rollup",
]
