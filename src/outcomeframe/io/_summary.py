"""A framework file's sections, and a shipped plan's title and counts read without building it.

``outcomeframe list`` prints each shipped plan's title and its numbers of priorities,
outcomes and indicators. Those come straight from the file's data, so listing needs
neither the graph (networkx), the element classes (attrs) nor the schema: only the
YAML reader. The shipped plans are valid (their tests load them), and in a valid file
each item of a section is one element of that kind.
"""

from __future__ import annotations

from pathlib import Path

from outcomeframe._text import regular_file
from outcomeframe.io._yaml import read_yaml

__all__ = ["SECTION_NAMES", "summary"]

#: The key under ``elements:`` for each kind (by its value), in the order files list them.
SECTION_NAMES: dict[str, str] = {
    "vision": "visions",
    "priority": "priorities",
    "objective": "objectives",
    "outcome": "outcomes",
    "indicator": "indicators",
    "action": "actions",
    "enabler": "enablers",
    "body": "bodies",
}


def summary(path: Path) -> tuple[str, dict[str, int]]:
    """The title of a valid YAML framework file and its number of elements of each kind.

    Examples
    --------
    >>> from outcomeframe import examples
    >>> title, counts = summary(examples.path("lancashire"))
    >>> title, counts["priority"]
    ('Lancashire Integrated Early Years Strategy', 4)
    """
    regular_file(path)
    data, _ = read_yaml(path.read_text(encoding="utf-8-sig"), path)
    elements = data.get("elements") or {}
    counts = {kind: len(elements.get(section) or ()) for kind, section in SECTION_NAMES.items()}
    return str(data["title"]), counts
