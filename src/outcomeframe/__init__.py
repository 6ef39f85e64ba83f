"""outcomeframe: outcomes frameworks as typed objects in a networkx graph.

The public API lives here; everything else is private and may change.

Examples
--------
>>> import outcomeframe as of
>>> fw = of.examples.load("lancashire")
>>> fw.metadata.area.name
'Lancashire'
"""

import importlib
from typing import TYPE_CHECKING, Any

# The errors are light and name themselves ``outcomeframe.X``: imported at once.
from outcomeframe._errors import (
    ArgumentError,
    DataError,
    DuplicateIdError,
    EngineNotInstalledError,
    FileFormatError,
    FilterError,
    OutcomeFrameError,
    OutcomeFrameWarning,
    UnitError,
    UnitMismatchError,
    UnknownElementError,
    ValidationError,
)

__version__ = "0.1.0"

__all__ = [
    "ENGLAND",
    "RULES",
    "Action",
    "Aggregation",
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
    "EngineNotInstalledError",
    "FileFormatError",
    "FilterError",
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
    "RecordDefinition",
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
    "aggregate",
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
    "inequality_table",
    "load",
    "loads",
    "parse_filter",
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

#: Where each public name is defined. They are imported when first used (PEP 562), so
#: ``import outcomeframe`` stays light and ``outcomeframe --help`` loads neither pandas
#: nor scipy; ``from outcomeframe import X`` and ``of.X`` work as before.
_NAMES: dict[str, tuple[str, ...]] = {
    "outcomeframe.assessment": (
        "ENGLAND",
        "Assessment",
        "RollupRule",
        "assess",
        "indicator_status",
        "inequality_gaps",
        "inequality_table",
        "rollup",
    ),
    "outcomeframe.framework": (
        "RULES",
        "Framework",
        "Metadata",
        "Problem",
        "coverage_matrix",
        "elements_frame",
        "indicators_for",
        "indicators_frame",
        "paths_to_vision",
        "problems",
        "validate_graph",
        "without_indicators",
    ),
    "outcomeframe.io": (
        "dump",
        "dumps",
        "framework_from_fingertips",
        "from_dict",
        "load",
        "loads",
        "read_fingertips",
        "read_fingertips_metadata",
        "read_observations",
        "schema",
        "to_dict",
        "to_graphml",
        "to_node_link",
        "write_fingertips",
    ),
    "outcomeframe.model": (
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
        "Priority",
        "RecordDefinition",
        "Relation",
        "Target",
        "TargetDirection",
        "Vision",
        "default_relation",
    ),
    "outcomeframe.observations": (
        "AreaTable",
        "ObservationTable",
        "Period",
        "PeriodType",
        "area_types",
        "england_areas",
        "read_areas",
        "reason_counts",
        "tidy_observations",
    ),
    "outcomeframe.records": ("Aggregation", "aggregate", "parse_filter"),
    "outcomeframe._vocabulary": ("Polarity",),
}
#: Subpackages that are public names.
_MODULES = ("examples", "report", "stats")
#: Subpackages that are reachable as attributes, as after an eager import (``of.io``).
_SUBPACKAGES = ("assessment", "framework", "io", "model", "observations", "records")

_WHERE: dict[str, tuple[str, str | None]] = {
    **{name: (module, name) for module, names in _NAMES.items() for name in names},
    **{name: (f"outcomeframe.{name}", None) for name in (*_MODULES, *_SUBPACKAGES)},
}

if TYPE_CHECKING:
    from outcomeframe import examples, report, stats
    from outcomeframe._vocabulary import Polarity
    from outcomeframe.assessment import (
        ENGLAND,
        Assessment,
        RollupRule,
        assess,
        indicator_status,
        inequality_gaps,
        inequality_table,
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
        validate_graph,
        without_indicators,
    )
    from outcomeframe.io import (
        dump,
        dumps,
        framework_from_fingertips,
        from_dict,
        load,
        loads,
        read_fingertips,
        read_fingertips_metadata,
        read_observations,
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
        RecordDefinition,
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
        reason_counts,
        tidy_observations,
    )
    from outcomeframe.records import Aggregation, aggregate, parse_filter


def __getattr__(name: str) -> Any:
    """Import a public name where it is defined, the first time it is used."""
    try:
        module, attribute = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module 'outcomeframe' has no attribute {name!r}") from None
    value = importlib.import_module(module)
    if attribute is not None:
        value = getattr(value, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
