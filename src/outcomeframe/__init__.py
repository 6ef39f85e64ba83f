"""outcomeframe: outcomes frameworks as typed objects in a networkx graph.

The public API lives here; everything else is private and may change.

Examples
--------
>>> import outcomeframe as of
>>> fw = of.examples.load("lancashire")
>>> fw.metadata.area.name
'Lancashire'
"""

from typing import TYPE_CHECKING, Any

from outcomeframe import examples, stats
from outcomeframe._errors import (
    ArgumentError,
    DataError,
    DuplicateIdError,
    FileFormatError,
    OutcomeFrameError,
    OutcomeFrameWarning,
    UnitError,
    UnitMismatchError,
    UnknownElementError,
    ValidationError,
)
from outcomeframe.assessment import (
    ENGLAND,
    Assessment,
    RollupRule,
    assess,
    indicator_status,
    inequality_gaps,
    rollup,
)
from outcomeframe.framework import (
    RULES,
    Framework,
    Metadata,
    Problem,
    coverage_matrix,
    elements_frame,
    indicators_for,
    indicators_frame,
    paths_to_vision,
    problems,
    without_indicators,
)
from outcomeframe.framework import check as validate_graph
from outcomeframe.io import (
    dump,
    dumps,
    framework_from_fingertips,
    from_dict,
    load,
    loads,
    read_fingertips,
    read_fingertips_metadata,
    schema,
    to_dict,
    to_graphml,
    to_node_link,
    write_fingertips,
)
from outcomeframe.model import (
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
    Relation,
    Target,
    TargetDirection,
    Vision,
    default_relation,
)
from outcomeframe.observations import (
    AreaTable,
    ObservationTable,
    Period,
    PeriodType,
    area_types,
    england_areas,
    read_areas,
    read_observations,
    reason_counts,
    tidy_observations,
)
from outcomeframe.stats._polarity import Polarity

__version__ = "0.1.0"

__all__ = [
    "ENGLAND",
    "RULES",
    "Action",
    "Area",
    "AreaTable",
    "ArgumentError",
    "Assessment",
    "Body",
    "ComparisonMethod",
    "DataError",
    "DuplicateIdError",
    "Element",
    "Enabler",
    "FileFormatError",
    "Framework",
    "Indicator",
    "Kind",
    "MeasureType",
    "Metadata",
    "Objective",
    "ObservationTable",
    "Outcome",
    "OutcomeFrameError",
    "OutcomeFrameWarning",
    "Period",
    "PeriodType",
    "Polarity",
    "Priority",
    "Problem",
    "Relation",
    "RollupRule",
    "Target",
    "TargetDirection",
    "UnitError",
    "UnitMismatchError",
    "UnknownElementError",
    "ValidationError",
    "Vision",
    "__version__",
    "area_types",
    "assess",
    "coverage_matrix",
    "default_relation",
    "dump",
    "dumps",
    "elements_frame",
    "england_areas",
    "examples",
    "framework_from_fingertips",
    "from_dict",
    "indicator_status",
    "indicators_for",
    "indicators_frame",
    "inequality_gaps",
    "load",
    "loads",
    "paths_to_vision",
    "problems",
    "read_areas",
    "read_fingertips",
    "read_fingertips_metadata",
    "read_observations",
    "reason_counts",
    "report",
    "rollup",
    "schema",
    "stats",
    "tidy_observations",
    "to_dict",
    "to_graphml",
    "to_node_link",
    "validate_graph",
    "without_indicators",
    "write_fingertips",
]

if TYPE_CHECKING:
    from outcomeframe import report


def __getattr__(name: str) -> Any:
    """Import :mod:`outcomeframe.report` (and matplotlib) when it is first used."""
    if name == "report":
        import importlib  # noqa: PLC0415

        return importlib.import_module("outcomeframe.report")
    raise AttributeError(f"module 'outcomeframe' has no attribute {name!r}")
