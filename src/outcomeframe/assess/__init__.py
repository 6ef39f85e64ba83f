"""Observations in, assessment out: periods, the observation table, benchmarks, trends, roll-up."""

from outcomeframe.assess._assess import ENGLAND, SERIES_KEY, Assessment, assess
from outcomeframe.assess._inequality import inequality_gaps
from outcomeframe.assess._observations import (
    DESCRIPTIVE_COLUMNS,
    KEY_COLUMNS,
    NUMBER_COLUMNS,
    OBSERVATION_COLUMNS,
    REQUIRED_COLUMNS,
    TOTAL,
    ObservationTable,
    read_observations,
    tidy_observations,
)
from outcomeframe.assess._period import PERIOD_FRAME_COLUMNS, Period, PeriodType, parse_periods
from outcomeframe.assess._rollup import (
    INDICATOR_STATUSES,
    ROLLUP_STATUSES,
    RollupRule,
    indicator_status,
    rollup,
)

__all__ = [
    "DESCRIPTIVE_COLUMNS",
    "ENGLAND",
    "INDICATOR_STATUSES",
    "KEY_COLUMNS",
    "NUMBER_COLUMNS",
    "OBSERVATION_COLUMNS",
    "PERIOD_FRAME_COLUMNS",
    "REQUIRED_COLUMNS",
    "ROLLUP_STATUSES",
    "SERIES_KEY",
    "TOTAL",
    "Assessment",
    "ObservationTable",
    "Period",
    "PeriodType",
    "RollupRule",
    "assess",
    "indicator_status",
    "inequality_gaps",
    "parse_periods",
    "read_observations",
    "rollup",
    "tidy_observations",
]
