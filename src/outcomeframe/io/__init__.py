"""Reading and writing: framework files and their schema, graph exports, Fingertips data."""

from outcomeframe.io._files import (
    FORMAT_VERSION,
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

__all__ = [
    "FORMAT_VERSION",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "schema",
    "to_dict",
    "to_graphml",
    "to_node_link",
]
