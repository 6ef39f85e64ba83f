"""The ``outcomeframe`` console script.

Every command takes a shipped plan's name (see ``outcomeframe list``) or a path
to a framework file. Errors go to standard error with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from outcomeframe import __version__, _cli_aggregate
from outcomeframe._errors import OutcomeFrameError, OutcomeFrameWarning, ValidationError

# Each command imports what it needs (pandas, the plans, the readers) when it runs, so
# ``--help`` and the quick commands do not pay for the assessment and the report.
if TYPE_CHECKING:
    import pandas as pd

    from outcomeframe.assessment._assess import Assessment
    from outcomeframe.framework._framework import Framework
    from outcomeframe.io._fingertips import PeriodSpec
    from outcomeframe.observations._table import ObservationTable

__all__ = ["main"]


def _framework(name_or_path: str) -> Framework:
    from outcomeframe import examples  # noqa: PLC0415
    from outcomeframe.io._files import load  # noqa: PLC0415

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
    from outcomeframe import examples  # noqa: PLC0415

    for name in examples.names():
        fw = examples.load(name)
        counts = fw.counts()
        print(
            f"{name:<12} {fw.title}  ({counts['priority']} priorities, "
            f"{counts['outcome']} outcomes, {counts['indicator']} indicators)"
        )
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from outcomeframe.framework._outline import outline  # noqa: PLC0415 - show alone

    print(outline(_framework(args.framework), max_depth=args.depth))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    import re  # noqa: PLC0415

    with _warnings_to_stderr():  # a warning while reading: one line, not Python's two
        try:
            fw = _framework(args.framework)
            warnings = fw.validate()
        except ValidationError as err:
            # Each problem once (a file may repeat one, e.g. the same missing id twice in
            # one list), each with its line, and the count of what is printed.
            problems = list(dict.fromkeys(str(p) for p in err.problems))
            head = str(err).split("\n", 1)[0]
            head = re.sub(r"has \d+ problem", f"has {len(problems)} problem", head, count=1)
            print(f"invalid: {head}", *(f"  - {p}" for p in problems), sep="\n", file=sys.stderr)
            return 1
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"valid: {fw.title} ({len(fw)} elements, {len(warnings)} warning(s))")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from outcomeframe.io._files import dump, to_graphml, to_node_link  # noqa: PLC0415

    fw = _framework(args.framework)
    out = Path(args.output)
    if args.format == "graphml":
        to_graphml(fw, out)
    elif args.format == "node-link":
        from outcomeframe.io._write import as_path, check_writable, write_bytes  # noqa: PLC0415

        data = to_node_link(fw)
        check_writable(data)  # a lone surrogate, NaN: named, not a raw error
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        write_bytes(as_path(out), text.encode("utf-8"))
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


def _period_types(args: argparse.Namespace, fw: Framework | None) -> dict[str | int, PeriodSpec]:
    """Period types by Fingertips ID: the framework's, then ``--period-type ID=TYPE[:YEARS]``."""
    from outcomeframe.model._elements import Indicator  # noqa: PLC0415
    from outcomeframe.observations._period import PeriodType  # noqa: PLC0415

    kinds: dict[str | int, PeriodSpec] = {}
    if fw is not None:
        for ind in fw.elements(Indicator):  # "pooled" alone does not say the kind of year
            if ind.fingertips_id and ind.period_type and ind.period_type.value != "pooled":
                kinds[str(ind.fingertips_id)] = (ind.period_type.value, ind.period_years or 1)
    for item in args.period_type or []:
        ident, sep, spec = item.partition("=")
        if not sep or not ident.strip() or not spec.strip():
            raise OutcomeFrameError(f"--period-type {item!r}: expected ID=TYPE or ID=TYPE:YEARS")
        kind, colon, years = spec.partition(":")
        try:
            PeriodType.parse(kind.strip())
        except OutcomeFrameError as err:
            raise OutcomeFrameError(f"--period-type {item!r}: {err}") from None
        if colon:
            if not years.strip().isdigit() or int(years) < 1:
                raise OutcomeFrameError(f"--period-type {item!r}: YEARS must be a whole number")
            kinds[ident.strip()] = (kind.strip(), int(years))
        else:
            kinds[ident.strip()] = kind.strip()
    return kinds


def _is_fingertips(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            header = handle.readline(65536).decode("utf-8", errors="replace")
    except OSError as err:
        raise OutcomeFrameError(f"--data {path}: cannot open the file: {err.strerror}") from None
    return any(w in header for w in ("Indicator ID", "IndicatorID", "IndicatorId"))


def _observations(args: argparse.Namespace, fw: Framework | None) -> ObservationTable:
    """The data named by --fingertips or --data, or the shipped data of a shipped plan."""
    from outcomeframe import examples  # noqa: PLC0415
    from outcomeframe.io._fingertips import read_fingertips  # noqa: PLC0415
    from outcomeframe.model._elements import Indicator  # noqa: PLC0415
    from outcomeframe.observations._table import (  # noqa: PLC0415
        read_observations,
        tidy_observations,
    )

    given = getattr(args, "fingertips", None) or args.data
    if given is None:
        if fw is not None and args.framework in examples.names():
            return tidy_observations(examples.data(args.framework), errors="report")
        raise OutcomeFrameError(
            f"{args.framework}: give the observations with --data FILE "
            "(a Fingertips export or a tidy observation CSV)"
        )
    path = Path(given)
    if getattr(args, "fingertips", None) or _is_fingertips(path):
        ids: dict[str | int, str] = {}
        wanted: list[str] | None = None
        if fw is not None:
            inds = list(fw.elements(Indicator))
            ids = {str(i.fingertips_id): i.id for i in inds if i.fingertips_id}
            wanted = [i.id for i in inds] + [str(k) for k in ids]
        with _warnings_to_stderr():
            return read_fingertips(
                path,
                indicator_map=ids,
                period_type=_period_types(args, fw) or None,
                metadata=args.metadata,
                areas=args.areas,
                indicators=wanted,
                errors="report",
            )
    return read_observations(path, errors="report")


@contextlib.contextmanager
def _warnings_to_stderr() -> Iterator[None]:
    """Print the library's warnings as one line each, like its errors."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", OutcomeFrameWarning)
        yield
    for warning in caught:
        if issubclass(warning.category, OutcomeFrameWarning):
            print(f"outcomeframe: warning: {warning.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )


def _report_rejected(
    rows_in: int, rejected: pd.DataFrame, args: argparse.Namespace, *, limit: int = 8
) -> None:
    """A short summary of the rows set aside (on standard error); all of them with --rejected."""
    if not len(rejected):
        if args.rejected:  # the file is written either way: empty says none was set aside
            rejected.to_csv(args.rejected)
        return
    from outcomeframe.observations._table import reason_counts  # noqa: PLC0415

    counts = reason_counts(rejected).set_index("reason")["rows"]
    print(
        f"{len(rejected):,} of {rows_in:,} input rows set aside, {len(counts)} kind(s) of reason:",
        file=sys.stderr,
    )
    for reason, n in counts.head(limit).items():
        print(f"  {n:>7,}  {_shorten(str(reason), 90)}", file=sys.stderr)
    if len(counts) > limit:
        print(f"  ... and {len(counts) - limit} more kind(s)", file=sys.stderr)
    if args.rejected:
        rejected.to_csv(args.rejected)
        print(f"wrote every row set aside, with its reason, to {args.rejected}", file=sys.stderr)
    else:
        print("(write every one of them with --rejected FILE)", file=sys.stderr)
    if args.strict:
        raise OutcomeFrameError(f"--strict: {len(rejected):,} input rows could not be used")


def _writable(option: str, value: str | None) -> None:
    """Refuse an output path whose folder does not exist, or that is a folder, up front."""
    if value is None:
        return
    path = Path(value)
    if path.is_dir():
        raise OutcomeFrameError(f"{option} {value}: is a folder; give a file name")
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise OutcomeFrameError(f"{option} {value}: the folder {folder} does not exist")


def _assessed(args: argparse.Namespace) -> tuple[Framework, Assessment]:
    """The framework (named, or built from --metadata), its data and its assessment."""
    for option, name in (("--csv", "csv"), ("--rejected", "rejected"), ("-o", "output")):
        _writable(option, getattr(args, name, None))
    if args.period_type:
        _period_types(args, None)  # checked whatever the data
    fw: Framework | None = None
    if args.framework is not None:
        fw = _framework(args.framework)
    elif getattr(args, "fingertips", None) is None:
        raise OutcomeFrameError("give a framework (NAME|PATH) or --fingertips FILE --metadata FILE")
    table = _observations(args, fw)
    if fw is None:
        if args.metadata is None:
            raise OutcomeFrameError("--fingertips without a framework needs --metadata FILE")
        from outcomeframe.io._metadata import framework_from_fingertips  # noqa: PLC0415

        with _warnings_to_stderr():
            fw = framework_from_fingertips(args.metadata, data=table.data, area=args.area)
    assessment = fw.assess(table, benchmark=args.benchmark, areas=args.areas)
    known = set(assessment.table["area_code"].astype("str"))
    if args.benchmark not in (None, "parent") and args.benchmark not in known:
        raise OutcomeFrameError(
            f"--benchmark {args.benchmark}: no observation for this area in the data"
        )
    area = getattr(args, "area", None)
    if area not in (None, "all") and area not in known:
        raise OutcomeFrameError(f"--area {area}: no observation for this area in the data")
    rows_in = len(table.data) + len(table.rejected)
    _report_rejected(rows_in, assessment.rejected, args)
    return fw, assessment


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
    import pandas as pd  # noqa: PLC0415

    fw, assessment = _assessed(args)
    area = args.area or (fw.metadata.area.code if fw.metadata.area else None)
    table = assessment.table
    if args.csv:
        table.to_csv(args.csv, index=False)
    shown = table
    if area is not None and area != "all":
        shown = table.loc[table["area_code"].astype("str") == area]
    shown = shown.loc[shown["headline"].to_numpy(dtype=bool)]
    view = shown[list(_HEADLINE)].rename(columns=_HEADLINE)
    view["indicator"] = view["indicator"].astype("str").map(_shorten)
    view["area"] = view["area"].astype("str").where(view["area"].notna(), shown["area_code"])
    view["value"] = view["value"].round(1)
    view["benchmark"] = view["benchmark"].round(1)
    names = dict(
        zip(table["area_code"].astype("str"), table["area_name"].astype("str"), strict=True)
    )
    where = names.get(area, area) if area not in (None, "all") else "all areas"
    against = names.get(assessment.benchmark, assessment.benchmark)
    if assessment.benchmark == "parent":
        against = "its region"
    print(f"{fw.title}: {where} compared with {against}")
    print()
    with pd.option_context("display.width", 200, "display.max_colwidth", 45):
        print(view.to_string(index=False) if len(view) else "(no rows for this area)")
    if area not in (None, "all"):
        absent = assessment.no_data(area)
        if len(absent):
            print(f"\n{len(absent)} indicator(s) with no data for {where}:")
            unsupplied = absent["reason"].str.startswith("no data supplied")
            if args.framework is None and unsupplied.any():
                # a framework built from the whole metadata: its other indicators, in one line
                ids = ", ".join(absent.loc[unsupplied, "fingertips_id"].astype("str"))
                print(f"  {int(unsupplied.sum())} not in the data file: Fingertips IDs {ids}")
                absent = absent.loc[~unsupplied]
            for row in absent.itertuples():
                print(f"  {row.indicator}: {row.reason}")
    if args.csv:
        print(f"\nwrote {args.csv}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from outcomeframe import examples  # noqa: PLC0415
    from outcomeframe.report._dashboard import write_dashboard  # noqa: PLC0415 - matplotlib

    plan_only = (
        args.framework is not None
        and args.data is None
        and getattr(args, "fingertips", None) is None
        and args.framework not in examples.names()
    )
    if plan_only:  # no observations: the plan-only page (structure, indicators, sources)
        out = write_dashboard(_framework(args.framework), args.output)
        print(f"wrote {out} (the plan only: give --data FILE for the performance dashboard)")
        return 0
    fw, assessment = _assessed(args)
    area = args.area or (fw.metadata.area.code if fw.metadata.area else None)
    if area is None:
        raise OutcomeFrameError(f"{fw.title}: the plan names no area; give --area CODE")
    known = set(assessment.series["area_code"].astype("str"))
    if area not in known:
        raise OutcomeFrameError(f"--area {area}: no observation for this area in the data")
    out = write_dashboard(assessment, args.output, area=area)
    print(f"wrote {out}")
    return 0


def _data_options(p: argparse.ArgumentParser, target_help: str) -> None:
    """The framework and data arguments shared by ``assess`` and ``report``."""
    p.add_argument(
        "framework",
        nargs="?",
        help=target_help + "; without one, --fingertips and --metadata build a flat framework",
    )
    p.add_argument(
        "--data",
        help="observations: a Fingertips export or a tidy observation CSV "
        "(default for a shipped plan: its shipped published data)",
    )
    p.add_argument(
        "--fingertips",
        metavar="FILE",
        help="a Fingertips export (classic, fingertipsR or FingertipsNext shape) as the data",
    )
    p.add_argument(
        "--metadata",
        metavar="FILE",
        help="Fingertips indicator metadata: period types, polarity, value type, comparison",
    )
    p.add_argument(
        "--areas",
        metavar="FILE",
        help="areas (FingertipsNext areas.json or a CSV of code,name,type,parents) for names, "
        "types and parents (default: the English areas shipped with the package)",
    )
    p.add_argument(
        "--period-type",
        metavar="ID=TYPE[:YEARS]",
        action="append",
        help="the period type of a Fingertips indicator, e.g. 93085=financial or "
        "92196=calendar:3 for three pooled years (repeatable)",
    )
    p.add_argument(
        "--benchmark",
        help="benchmark area code, or 'parent' for each area's region "
        "(default the plan's, else England)",
    )
    p.add_argument("--strict", action="store_true", help="fail if any input row cannot be used")
    p.add_argument(
        "--rejected", metavar="FILE", help="write every input row set aside, with its reason"
    )


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
    _data_options(p, target_help)
    p.add_argument("--area", help="area code to print (default the plan's area; 'all' for all)")
    p.add_argument("--csv", help="also write the whole assessment table to this CSV file")
    p.set_defaults(func=_cmd_assess)

    p = sub.add_parser(
        "report",
        help="write the performance dashboard of one area: a self-contained HTML page",
    )
    _data_options(p, target_help)
    p.add_argument("--area", help="area code of the dashboard (default the plan's area)")
    p.add_argument("-o", "--output", required=True, help="the HTML file to write")
    p.set_defaults(func=_cmd_report)

    _cli_aggregate.add_parser(sub, target_help)  # records -> observations, on an engine
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
