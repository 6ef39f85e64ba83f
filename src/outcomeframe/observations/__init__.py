"""Observed indicator data: time periods and the checked long-format observation table.

Reading a CSV file of observations is in :mod:`outcomeframe.io`
(:func:`outcomeframe.read_observations`).
"""

from typing import TYPE_CHECKING, Any

from outcomeframe._lazy import attach

if TYPE_CHECKING:
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


#: Where each name lives; imported when first used, so that parsing one period label (what
#: the model's validators do) does not load the observation table (pandas).
_WHERE = {
    "AREA_COLUMNS": "outcomeframe.observations._areas",
    "AreaTable": "outcomeframe.observations._areas",
    "area_types": "outcomeframe.observations._areas",
    "england_areas": "outcomeframe.observations._areas_read",
    "read_areas": "outcomeframe.observations._areas_read",
    "PERIOD_FRAME_COLUMNS": "outcomeframe.observations._period",
    "Period": "outcomeframe.observations._period",
    "PeriodType": "outcomeframe.observations._period",
    "parse_periods": "outcomeframe.observations._period",
    "DESCRIPTIVE_COLUMNS": "outcomeframe.observations._table",
    "KEY_COLUMNS": "outcomeframe.observations._table",
    "NUMBER_COLUMNS": "outcomeframe.observations._table",
    "OBSERVATION_COLUMNS": "outcomeframe.observations._table",
    "OPTIONAL_KEY_COLUMNS": "outcomeframe.observations._table",
    "REQUIRED_COLUMNS": "outcomeframe.observations._table",
    "TOTAL": "outcomeframe.observations._table",
    "ObservationTable": "outcomeframe.observations._table",
    "reason_counts": "outcomeframe.observations._table",
    "tidy_observations": "outcomeframe.observations._table",
}

_lazy_getattr, __dir__ = attach(__name__, _WHERE, globals())


def __getattr__(name: str) -> Any:
    """A public name, imported when first used; ``read_observations`` (moved) warns."""
    if name == "read_observations":
        from outcomeframe._deprecate import renamed  # noqa: PLC0415
        from outcomeframe.io import read_observations  # noqa: PLC0415 - the old path only

        return renamed(
            "outcomeframe.observations.read_observations",
            "outcomeframe.read_observations",
            read_observations,
        )
    return _lazy_getattr(name)
