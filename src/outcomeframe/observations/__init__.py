"""Observed indicator data: time periods and the checked long-format observation table."""

from outcomeframe.observations._areas import AREA_COLUMNS, AreaTable, area_types
from outcomeframe.observations._areas_read import england_areas, read_areas
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
    OPTIONAL_KEY_COLUMNS,
    REQUIRED_COLUMNS,
    TOTAL,
    ObservationTable,
    read_observations,
    reason_counts,
    tidy_observations,
)

__all__ = [
    "AREA_COLUMNS",
    "DESCRIPTIVE_COLUMNS",
    "KEY_COLUMNS",
    "NUMBER_COLUMNS",
    "OBSERVATION_COLUMNS",
    "OPTIONAL_KEY_COLUMNS",
    "PERIOD_FRAME_COLUMNS",
    "REQUIRED_COLUMNS",
    "TOTAL",
    "AreaTable",
    "ObservationTable",
    "Period",
    "PeriodType",
    "area_types",
    "england_areas",
    "parse_periods",
    "read_areas",
    "read_observations",
    "reason_counts",
    "tidy_observations",
]
