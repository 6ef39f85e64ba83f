"""The ``outcomeframe`` console script.

Every command takes a shipped plan's name (see ``outcomeframe list``) or a path
to a framework file. Errors go to standard error with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from outcomeframe import __version__, examples
from outcomeframe._errors import OutcomeFrameError, ValidationError
from outcomeframe.framework._framework import Framework
from outcomeframe.io._files import dump, load, to_graphml, to_node_link
from outcomeframe.io._fingertips import read_fingertips
from outcomeframe.model._elements import Indicator, Kind
from outcomeframe.observations._table import read_observations

__all__ = ["main"]

_ORDER = {k: i for i, k in enumerate(Kind)}


def _framework(name_or_path: str) -> Framework:
    if name_or_path in examples.names():
        return examples.load(name_or_path)
    path = Path(name_or_path)
    if not path.exists():
        raise OutcomeFrameError(
            f"{name_or_path!r} is neither a shipped plan ({', '.join(examples.names())}) "
            "nor an existing file"
        )
    return load(path)


def _cmd_list(_args: argparse.Namespace) -> int:
    for name in examples.names():
        fw = examples.load(name)
        counts = fw.counts()
        print(
            f"{name:<12} {fw.title}  ({counts['priority']} priorities, "
            f"{counts['outcome']} outcomes, {counts['indicator']} indicators)"
        )
    return 0


def tree_lines(fw: Framework, *, max_depth: int | None = None) -> list[str]:
    """Lines of an indented tree from each vision down to what serves it."""
    G = fw.graph
    lines: list[str] = []

    def visit(node: str, depth: int, path: frozenset[str]) -> None:
        data = G.nodes[node]
        lines.append(f"{'  ' * depth}{data['kind']}: {data['title']} [{node}]")
        if max_depth is not None and depth >= max_depth:
            return
        children = sorted(
            (n for n in G.predecessors(node) if n not in path),
            key=lambda n: _ORDER[Kind(G.nodes[n]["kind"])],
        )
        for child in children:
            visit(child, depth + 1, path | {child})

    roots = [n for n, k in G.nodes(data="kind") if G.out_degree(n) == 0]
    roots.sort(key=lambda n: _ORDER[Kind(G.nodes[n]["kind"])])
    for root in roots:
        visit(root, 0, frozenset({root}))
    return lines


def _cmd_show(args: argparse.Namespace) -> int:
    from outcomeframe.framework._outline import outline  # noqa: PLC0415 - show alone

    print(outline(_framework(args.framework), max_depth=args.depth))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    try:
        fw = _framework(args.framework)
        warnings = fw.validate()
    except ValidationError as err:
        print(f"invalid: {err}", file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"valid: {fw.title} ({len(fw)} elements, {len(warnings)} warning(s))")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    fw = _framework(args.framework)
    out = Path(args.output)
    if args.format == "graphml":
        to_graphml(fw, out)
    elif args.format == "node-link":
        out.write_text(json.dumps(to_node_link(fw), indent=2, ensure_ascii=False) + "\n", "utf-8")
    else:
        target = out if out.suffix.lower() in _SUFFIXES[args.format] else None
        if target is None:
            raise OutcomeFrameError(
                f"-o {out}: a {args.format} framework file must end in "
                f"{' or '.join(_SUFFIXES[args.format])}"
            )
        dump(fw, target)
    print(f"wrote {out}")
    return 0


_SUFFIXES = {"yaml": (".yaml", ".yml"), "json": (".json",)}


def _observations(args: argparse.Namespace, fw: Framework) -> pd.DataFrame:
    """The data named by --data, or the shipped data of a shipped plan."""
    if args.data is None:
        if args.framework in examples.names():
            return examples.data(args.framework)
        raise OutcomeFrameError(
            f"{args.framework}: give the observations with --data FILE "
            "(a Fingertips export or a tidy observation CSV)"
        )
    path = Path(args.data)
    header = path.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
    if "Indicator ID" in header or "IndicatorID" in header or "IndicatorId" in header:
        ids: dict[str | int, str] = {
            str(i.fingertips_id): i.id for i in fw.elements(Indicator) if i.fingertips_id
        }
        kinds: dict[str | int, str] = {
            str(i.fingertips_id): i.period_type.value
            for i in fw.elements(Indicator)
            if i.fingertips_id and i.period_type and i.period_type.value != "pooled"
        }
        return read_fingertips(path, indicator_map=ids, period_type=kinds or None).data
    return read_observations(path).data


_HEADLINE = {
    "title": "indicator",
    "area_name": "area",
    "period": "period",
    "value": "value",
    "benchmark_value": "benchmark",
    "comparison": "compared",
    "trend": "recent trend",
    "target_status": "target",
}


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _cmd_assess(args: argparse.Namespace) -> int:
    fw = _framework(args.framework)
    area = args.area or (fw.metadata.area.code if fw.metadata.area else None)
    assessment = fw.assess(_observations(args, fw), benchmark=args.benchmark)
    table = assessment.table
    if args.csv:
        table.to_csv(args.csv, index=False)
    shown = table
    if area is not None and area != "all":
        shown = table.loc[table["area_code"].astype("str") == area]
    shown = shown.loc[shown["breakdown"].astype("str") == "Total"]
    view = shown[list(_HEADLINE)].rename(columns=_HEADLINE)
    view["indicator"] = view["indicator"].astype("str").map(_shorten)
    view["area"] = view["area"].astype("str").where(view["area"].notna(), shown["area_code"])
    view["value"] = view["value"].round(1)
    view["benchmark"] = view["benchmark"].round(1)
    print(f"{fw.title}: {area or 'all areas'} compared with {assessment.benchmark}")
    print()
    with pd.option_context("display.width", 200, "display.max_colwidth", 45):
        print(view.to_string(index=False) if len(view) else "(no rows for this area)")
    if area not in (None, "all"):
        absent = assessment.no_data(area)
        if len(absent):
            print(f"\n{len(absent)} indicator(s) with no data for {area}:")
            for row in absent.itertuples():
                print(f"  {row.indicator}: {row.reason}")
    if len(assessment.rejected):
        print(f"\n{len(assessment.rejected)} input row(s) could not be used (see --csv).")
    if args.csv:
        print(f"\nwrote {args.csv}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from outcomeframe.report._dashboard import write_dashboard  # noqa: PLC0415 - matplotlib

    fw = _framework(args.framework)
    area = args.area or (fw.metadata.area.code if fw.metadata.area else None)
    if area is None:
        raise OutcomeFrameError(f"{args.framework}: the plan names no area; give --area CODE")
    assessment = fw.assess(_observations(args, fw), benchmark=args.benchmark)
    known = set(assessment.series["area_code"].astype("str"))
    if area not in known:
        raise OutcomeFrameError(f"--area {area}: no observation for this area in the data")
    out = write_dashboard(assessment, args.output, area=area)
    print(f"wrote {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``outcomeframe`` command."""
    parser = argparse.ArgumentParser(
        prog="outcomeframe",
        description="Outcomes frameworks: model, validate, assess and report.",
    )
    parser.add_argument("--version", action="version", version=f"outcomeframe {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    target_help = "a shipped plan's name (see 'outcomeframe list') or a framework file"

    p = sub.add_parser("list", help="list the shipped example plans")
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("show", help="print a framework as an indented tree")
    p.add_argument("framework", help=target_help)
    p.add_argument("--depth", type=int, default=None, help="stop the tree at this depth")
    p.set_defaults(func=_cmd_show)

    p = sub.add_parser("validate", help="check a framework; exit 1 listing every problem")
    p.add_argument("framework", help=target_help)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("export", help="write a framework as GraphML, node-link JSON, YAML or JSON")
    p.add_argument("framework", help=target_help)
    p.add_argument(
        "--format",
        required=True,
        choices=["graphml", "node-link", "json", "yaml"],
        help="graphml and node-link are graph formats for other tools; json and yaml are "
        "framework files that 'outcomeframe' reads back",
    )
    p.add_argument("-o", "--output", required=True, help="the file to write")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser(
        "assess",
        help="compare every indicator with the benchmark, over time and against targets",
    )
    p.add_argument("framework", help=target_help)
    p.add_argument(
        "--data",
        help="observations: a Fingertips export or a tidy observation CSV "
        "(default for a shipped plan: its shipped published data)",
    )
    p.add_argument("--area", help="area code to print (default the plan's area; 'all' for all)")
    p.add_argument("--benchmark", help="benchmark area code (default the plan's, else England)")
    p.add_argument("--csv", help="also write the whole assessment table to this CSV file")
    p.set_defaults(func=_cmd_assess)

    p = sub.add_parser(
        "report",
        help="write the performance dashboard of one area: a self-contained HTML page",
    )
    p.add_argument("framework", help=target_help)
    p.add_argument(
        "--data",
        help="observations: a Fingertips export or a tidy observation CSV "
        "(default for a shipped plan: its shipped published data)",
    )
    p.add_argument("--area", help="area code of the dashboard (default the plan's area)")
    p.add_argument("--benchmark", help="benchmark area code (default the plan's, else England)")
    p.add_argument("-o", "--output", required=True, help="the HTML file to write")
    p.set_defaults(func=_cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Examples
    --------
    >>> from outcomeframe.cli import main
    >>> main(["validate", "trafford"])  # doctest: +ELLIPSIS
    valid: Trafford 0-5 Year Olds Strategic Plan (... elements, ... warning(s))
    0
    """
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except OutcomeFrameError as err:
        print(f"outcomeframe: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as err:
        print(f"outcomeframe: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
