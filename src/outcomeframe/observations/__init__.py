"""Observed indicator data: time periods and the checked long-format observation table.

Reading a CSV file of observations is in :mod:`outcomeframe.io`
(:func:`outcomeframe.read_observations`).
"""

from typing import Any

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
    "reason_counts",
    "tidy_observations",
]


def __getattr__(name: str) -> Any:
    """``read_observations``, which moved to :mod:`outcomeframe.io`, with a warning."""
    if name == "read_observations":
        from outcomeframe._deprecate import renamed  # noqa: PLC0415
        from outcomeframe.io import read_observations  # noqa: PLC0415 - the old path only

        return renamed(
            "outcomeframe.observations.read_observations",
            "outcomeframe.read_observations",
            read_observations,
        )
    raise AttributeError(f"module 'outcomeframe.observations' has no attribute {name!r}")
