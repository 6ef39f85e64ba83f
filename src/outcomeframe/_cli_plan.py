"""The commands about a framework alone: ``list``, ``show``, ``validate`` and ``export``."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from outcomeframe._cli_common import (
    FRAMEWORK,
    distinct,
    framework,
    framework_file,
    printable,
    warnings_to_stderr,
    writable,
    writing,
)
from outcomeframe._errors import OutcomeFrameError, ValidationError

if TYPE_CHECKING:
    import argparse

    from outcomeframe import Framework

__all__ = ["run_export", "run_list", "run_show", "run_validate"]

#: The file name endings of each framework file format.
_SUFFIXES = {"yaml": (".yaml", ".yml"), "json": (".json",)}


def run_list(_args: argparse.Namespace) -> int:
    """``outcomeframe list``: the shipped plans, with their counts.

    Each plan's title and counts are read from its file without building the framework
    (see :mod:`outcomeframe.io._summary`), so listing loads neither networkx nor attrs.
    """
    from outcomeframe import examples  # noqa: PLC0415
    from outcomeframe.io._summary import summary  # noqa: PLC0415

    for name in examples.names():
        title, counts = summary(examples.path(name))
        print(
            f"{name:<12} {title}  ({counts['priority']} priorities, "
            f"{counts['outcome']} outcomes, {counts['indicator']} indicators)"
        )
    return 0


def _outline(fw: Framework, depth: int | None) -> list[str]:
    """The lines ``show`` prints: those of ``outline``, each element on one line, escaped.

    :func:`outcomeframe.framework._outline.outline` joins the same lines; here each is
    made printable by itself, so a new line in a title cannot start a line of its own.
    """
    from outcomeframe.framework._outline import tree_lines  # noqa: PLC0415 - show alone

    meta = fw.metadata
    head = [printable(fw.title)]
    details = [meta.organisation, meta.area.name if meta.area else None, meta.period]
    if any(details):
        head.append("  " + " | ".join(printable(d) for d in details if d))
    return [*head, "", *(printable(line) for line in tree_lines(fw, max_depth=depth))]


def run_show(args: argparse.Namespace) -> int:
    """``outcomeframe show``: the framework as an indented tree."""
    print("\n".join(_outline(framework(args.framework), args.depth)))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    """``outcomeframe validate``: every problem once, with its line; exit 1 when invalid.

    Every problem and warning is printed on one line (see :func:`printable`); the count
    of warnings is that of the lines printed: those of reading the file and the rules'.
    """
    with warnings_to_stderr() as printed:  # a warning while reading: one line, not Python's two
        try:
            fw = framework(args.framework)
            found = fw.validate()
        except ValidationError as err:
            # Each problem once (a file may repeat one, e.g. the same missing id twice in
            # one list), each with its line, and the count of what is printed.
            problems = list(dict.fromkeys(printable(p) for p in err.problems))
            head = printable(str(err).split("\n", 1)[0])
            head = re.sub(r"has \d+ problem", f"has {len(problems)} problem", head, count=1)
            print(f"invalid: {head}", *(f"  - {p}" for p in problems), sep="\n", file=sys.stderr)
            return 1
    for warning in found:
        print(f"outcomeframe: warning: {printable(warning)}", file=sys.stderr)
    count = len(printed) + len(found)
    print(f"valid: {printable(fw.title)} ({len(fw)} elements, {count} warning(s))")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """``outcomeframe export``: GraphML, node-link JSON, or a framework file."""
    from outcomeframe import dump, to_graphml, to_node_link  # noqa: PLC0415

    writable("-o", args.output)
    out = Path(args.output)
    if args.format in _SUFFIXES and out.suffix.lower() not in _SUFFIXES[args.format]:
        raise OutcomeFrameError(
            f"-o {printable(out)}: a {args.format} framework file must end in "
            f"{' or '.join(_SUFFIXES[args.format])}"
        )
    if args.framework:
        distinct({FRAMEWORK: str(framework_file(args.framework))}, {"-o": args.output})
    fw = framework(args.framework)
    with writing("-o", args.output):
        if args.format == "graphml":
            to_graphml(fw, out)
        elif args.format == "node-link":
            to_node_link(fw, out)
        else:
            dump(fw, out)
    print(f"wrote {printable(out)}")
    return 0
