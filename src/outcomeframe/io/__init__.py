"""Reading and writing: framework files and their schema, graph exports, Fingertips data."""

from outcomeframe.io._files import (
    FORMAT_VERSION,
    MAX_DEPTH,
    MAX_TEXT,
    MAX_TITLE,
    dump,
    dumps,
    from_dict,
    load,
    loads,
    schema,
    to_dict,
    to_graphml,
    to_node_link,
)
from outcomeframe.io._fingertips import (
    CLASSIC_COLUMNS,
    FINGERTIPS_COLUMNS,
    PeriodSpec,
    read_fingertips,
    write_fingertips,
)
from outcomeframe.io._metadata import METADATA_COLUMNS, read_fingertips_metadata
from outcomeframe.io._metadata_framework import framework_from_fingertips
from outcomeframe.io._observations import read_observations

__all__ = [
    "CLASSIC_COLUMNS",
    "FINGERTIPS_COLUMNS",
    "FORMAT_VERSION",
    "MAX_DEPTH",
    "MAX_TEXT",
    "MAX_TITLE",
    "METADATA_COLUMNS",
    "PeriodSpec",
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
]
