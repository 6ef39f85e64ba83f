"""The ``outcomeframe`` console script (also ``python -m outcomeframe``).

Every command takes a shipped plan's name (see ``outcomeframe list``) or a path
to a framework file. Errors go to standard error with exit status 2 (``validate``
of an invalid framework: 1); the library's warnings go there too, one line each.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from outcomeframe import __version__, _cli_aggregate
from outcomeframe._cli_common import error_text, escaping_output, printable, warnings_to_stderr
from outcomeframe._errors import OutcomeFrameError

if TYPE_CHECKING:
    from outcomeframe import Framework

__all__ = ["build_parser", "main"]

#: Each command's body: (module, function). The module is imported when the command runs,
#: so ``--help`` and the quick commands do not pay for the assessment and the report.
COMMANDS: dict[str, tuple[str, str]] = {
    "list": ("outcomeframe._cli_plan", "run_list"),
    "show": ("outcomeframe._cli_plan", "run_show"),
    "validate": ("outcomeframe._cli_plan", "run_validate"),
    "export": ("outcomeframe._cli_plan", "run_export"),
    "assess": ("outcomeframe._cli_assess", "run_assess"),
    "report": ("outcomeframe._cli_assess", "run_report"),
}


def _framework(name_or_path: str) -> Framework:
    """The framework a command names (see ``_cli_common.framework``, where it lives)."""
    from outcomeframe._cli_common import framework  # noqa: PLC0415

    return framework(name_or_path)


def _command(name: str) -> Callable[[argparse.Namespace], int]:
    """The body of command ``name``, imported when it runs."""
    module, function = COMMANDS[name]

    def run(args: argparse.Namespace) -> int:
        body: Callable[[argparse.Namespace], int] = getattr(
            importlib.import_module(module), function
        )
        return body(args)

    return run


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
        help="a Fingertips export (classic, fingertipsR or FingertipsNext shape) as the data "
        "(instead of --data)",
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
        "92196=calendar:3 for three pooled years (YEARS from 1 to 100; repeatable, once "
        "per indicator)",
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
    p.set_defaults(func=_command("list"))

    p = sub.add_parser("show", help="print a framework as an indented tree")
    p.add_argument("framework", help=target_help)
    p.add_argument("--depth", type=int, default=None, help="stop the tree at this depth")
    p.set_defaults(func=_command("show"))

    p = sub.add_parser("validate", help="check a framework; exit 1 listing every problem")
    p.add_argument("framework", help=target_help)
    p.set_defaults(func=_command("validate"))

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
    p.set_defaults(func=_command("export"))

    p = sub.add_parser(
        "assess",
        help="compare every indicator with the benchmark, over time and against targets",
    )
    _data_options(p, target_help)
    p.add_argument("--area", help="area code to print (default the plan's area; 'all' for all)")
    p.add_argument("--csv", help="also write the whole assessment table to this CSV file")
    p.set_defaults(func=_command("assess"))

    p = sub.add_parser(
        "report",
        help="write the performance dashboard of one area: a self-contained HTML page",
    )
    _data_options(p, target_help)
    p.add_argument("--area", help="area code of the dashboard (default the plan's area)")
    p.add_argument("-o", "--output", required=True, help="the HTML file to write")
    p.set_defaults(func=_command("report"))

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
    with escaping_output():  # what it prints, argparse's messages and errors included
        return _run(build_parser().parse_args(argv))


def _run(args: argparse.Namespace) -> int:
    """Run the command ``args`` names; an error goes to standard error as one message."""
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        with warnings_to_stderr():  # the whole command's: reading, assessing, writing
            return func(args)
    except OutcomeFrameError as err:
        print(f"outcomeframe: error: {error_text(err)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as err:
        print(f"outcomeframe: error: {printable(err)}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
