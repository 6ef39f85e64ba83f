"""Reading and writing: framework files and their schema, graph exports, Fingertips data."""

from typing import TYPE_CHECKING

from outcomeframe._lazy import attach

if TYPE_CHECKING:
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

#: Where each name lives; imported when first used, so reading a framework file does not
#: load the Fingertips readers (pandas).
_WHERE = {
    "FORMAT_VERSION": "outcomeframe.io._files",
    "MAX_DEPTH": "outcomeframe.io._files",
    "MAX_TEXT": "outcomeframe.io._files",
    "MAX_TITLE": "outcomeframe.io._files",
    "dump": "outcomeframe.io._files",
    "dumps": "outcomeframe.io._files",
    "from_dict": "outcomeframe.io._files",
    "load": "outcomeframe.io._files",
    "loads": "outcomeframe.io._files",
    "schema": "outcomeframe.io._files",
    "to_dict": "outcomeframe.io._files",
    "to_graphml": "outcomeframe.io._files",
    "to_node_link": "outcomeframe.io._files",
    "CLASSIC_COLUMNS": "outcomeframe.io._fingertips",
    "FINGERTIPS_COLUMNS": "outcomeframe.io._fingertips",
    "PeriodSpec": "outcomeframe.io._fingertips",
    "read_fingertips": "outcomeframe.io._fingertips",
    "write_fingertips": "outcomeframe.io._fingertips",
    "METADATA_COLUMNS": "outcomeframe.io._metadata",
    "read_fingertips_metadata": "outcomeframe.io._metadata",
    "framework_from_fingertips": "outcomeframe.io._metadata_framework",
    "read_observations": "outcomeframe.io._observations",
}

__getattr__, __dir__ = attach(__name__, _WHERE, globals())
