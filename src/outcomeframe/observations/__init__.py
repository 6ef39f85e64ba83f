"""Observed indicator data: time periods and the checked long-format observation table."""

from outcomeframe.observations._period import (
    PERIOD_FRAME_COLUMNS,
    Period,
    PeriodType,
    parse_periods,
)
from outcomeframe.observations._table import (
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

__all__ = [
    "DESCRIPTIVE_COLUMNS",
    "KEY_COLUMNS",
    "NUMBER_COLUMNS",
    "OBSERVATION_COLUMNS",
    "PERIOD_FRAME_COLUMNS",
    "REQUIRED_COLUMNS",
    "TOTAL",
    "ObservationTable",
    "Period",
    "PeriodType",
    "parse_periods",
    "read_observations",
    "tidy_observations",
]
