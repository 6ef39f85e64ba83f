"""The data of ``assess`` and ``report``: the observations named, and the assessment of them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from outcomeframe._cli_common import (
    FRAMEWORK,
    distinct,
    framework,
    framework_file,
    printable,
    writable,
    writing,
)
from outcomeframe._errors import ArgumentError, OutcomeFrameError

if TYPE_CHECKING:
    import argparse

    import pandas as pd

    from outcomeframe import Assessment, Framework, ObservationTable
    from outcomeframe.io import PeriodSpec
    from outcomeframe.observations._areas import AreaTable

__all__ = ["assessed", "check_options", "period_types"]

#: Words in the first line of a Fingertips export (classic, fingertipsR, FingertipsNext).
_FINGERTIPS_HEADERS = ("Indicator ID", "IndicatorID", "IndicatorId")
#: The most years one period may pool, as for ``period_years`` in a framework file.
MAX_YEARS = 100
#: The options that name a file read, and those that name a file written.
_INPUTS = ("--data", "--fingertips", "--metadata", "--areas")
_OUTPUTS = ("-o", "--csv", "--rejected")


def _whole(text: str) -> int | None:
    """``text`` as a whole number when it is one written in digits 0-9 alone, else None."""
    return int(text) if text.isascii() and text.isdigit() else None


def _fingertips_key(item: str, ident: str) -> str:
    """The indicator of one ``--period-type``: a Fingertips indicator ID, as text."""
    from outcomeframe.model._fields import _MAX_FINGERTIPS_ID  # noqa: PLC0415

    number = _whole(ident)
    if number is None or not 1 <= number <= _MAX_FINGERTIPS_ID:
        raise ArgumentError(
            f"--period-type {item!r}: ID must be a Fingertips indicator ID, a whole number "
            f"from 1 to {_MAX_FINGERTIPS_ID} such as 93085, got {ident!r}"
        )
    return str(number)


def _period_spec(item: str, ident: str, spec: str) -> PeriodSpec:
    """The period type of one ``--period-type``: ``TYPE`` or (``TYPE``, ``YEARS``)."""
    from outcomeframe import PeriodType  # noqa: PLC0415
    from outcomeframe.io._fingertips_periods import _spec  # noqa: PLC0415

    kind, colon, years = (part.strip() for part in spec.partition(":"))
    try:
        PeriodType.parse(kind)
    except OutcomeFrameError as err:
        raise OutcomeFrameError(f"--period-type {item!r}: {err}") from None
    value: PeriodSpec = kind
    if colon:
        number = _whole(years)
        if number is None:
            raise ArgumentError(
                f"--period-type {item!r}: YEARS must be a whole number of years, from 1 to "
                f"{MAX_YEARS}, got {years!r}"
            )
        if not 1 <= number <= MAX_YEARS:
            raise ArgumentError(
                f"--period-type {item!r}: YEARS (the years each period pools) must be from "
                f"1 to {MAX_YEARS}, got {number}"
            )
        value = (kind, number)
    try:
        _spec(value)  # the reader's own rules
    except OutcomeFrameError as err:
        if colon:
            raise ArgumentError(f"--period-type {item!r}: {err}") from None
        # a known word refused alone: one such as "Financial multi-year", which pools years
        raise ArgumentError(
            f"--period-type {item!r}: {kind!r} pools several years: say how many, as "
            f"ID=TYPE:YEARS (e.g. '{ident}={kind}:3')"
        ) from None
    return value


def _given_period_types(items: list[str]) -> dict[str | int, PeriodSpec]:
    """``--period-type ID=TYPE[:YEARS]``, each checked; an ID given twice is refused."""
    kinds: dict[str | int, PeriodSpec] = {}
    given: dict[str, str] = {}
    for item in items:
        ident, sep, spec = item.partition("=")
        if not sep or not ident.strip() or not spec.strip():
            raise ArgumentError(f"--period-type {item!r}: expected ID=TYPE or ID=TYPE:YEARS")
        key = _fingertips_key(item, ident.strip())
        if key in given and given[key] != item:
            raise ArgumentError(
                f"--period-type {item!r}: indicator {key} is already given as "
                f"{given[key]!r}; give each indicator once"
            )
        given[key] = item
        kinds[key] = _period_spec(item, key, spec)
    return kinds


def period_types(args: argparse.Namespace, fw: Framework | None) -> dict[str | int, PeriodSpec]:
    """Period types by Fingertips ID: the framework's, then ``--period-type ID=TYPE[:YEARS]``.

    Examples
    --------
    >>> import argparse
    >>> from outcomeframe._cli_data import period_types
    >>> period_types(argparse.Namespace(period_type=["93085=financial", "92196=calendar:3"]), None)
    {'93085': 'financial', '92196': ('calendar', 3)}
    >>> period_types(argparse.Namespace(period_type=["93085=calendar:0"]), None)
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: --period-type '93085=calendar:0': YEARS (the years each period pools) must be from 1 to 100, got 0
    """
    from outcomeframe import Indicator, PeriodType  # noqa: PLC0415

    kinds: dict[str | int, PeriodSpec] = {}
    if fw is not None:
        for ind in fw.elements(Indicator):  # "pooled" alone does not say the kind of year
            if ind.fingertips_id and ind.period_type and ind.period_type != PeriodType.POOLED:
                kinds[str(ind.fingertips_id)] = (ind.period_type.value, ind.period_years or 1)
    kinds.update(_given_period_types(args.period_type or []))
    return kinds


def check_options(args: argparse.Namespace) -> None:
    """Check the options of ``assess`` or ``report`` before any work.

    Every file name is refused when empty; an output whose folder does not exist, an
    output on the same file as an input or another output, ``--fingertips`` with
    ``--data``, and a ``--period-type`` that cannot be read are refused too.
    """
    for option in _INPUTS:
        if getattr(args, option.lstrip("-"), None) == "":
            raise ArgumentError(f"{option}: the file name is empty; give the file to read")
    outputs = {option: getattr(args, _dest(option), None) for option in _OUTPUTS}
    for option, value in outputs.items():
        writable(option, value)
    if args.framework is None and args.fingertips is None:
        raise ArgumentError("give a framework (NAME|PATH) or --fingertips FILE --metadata FILE")
    if args.framework is None and args.metadata is None:
        raise ArgumentError("--fingertips without a framework needs --metadata FILE")
    if args.fingertips is not None and args.data is not None:
        raise ArgumentError(
            f"--fingertips {printable(args.fingertips)} and --data {printable(args.data)} "
            "both name the observations: give one (--data reads a Fingertips export too)"
        )
    inputs = {option: getattr(args, option.lstrip("-")) for option in _INPUTS}
    if args.framework:
        inputs = {FRAMEWORK: str(framework_file(args.framework)), **inputs}
    distinct(inputs, outputs)
    if args.period_type:
        period_types(args, None)  # checked whatever the data


def _dest(option: str) -> str:
    """The attribute of the parsed arguments that holds ``option``."""
    return "output" if option == "-o" else option.lstrip("-")


def _is_fingertips(path: Path) -> bool:
    """Whether the file's header (after Excel's "sep=" line; in it, if compressed) is Fingertips'."""
    from outcomeframe._text import head, regular_file  # noqa: PLC0415 - for --data only

    regular_file(path)  # a named pipe would wait for ever when opened
    try:
        with path.open("rb"):
            pass
    except OSError as err:
        raise OutcomeFrameError(f"--data {path}: cannot open the file: {err.strerror}") from None
    lines = head(path).lstrip().splitlines()[:2]
    header = lines[1] if lines and lines[0].startswith("sep=") and len(lines) > 1 else ""
    header = header or (lines[0] if lines else "")
    return any(word in header for word in _FINGERTIPS_HEADERS)


def _observations(
    args: argparse.Namespace, fw: Framework | None, areas: AreaTable | None
) -> ObservationTable | pd.DataFrame:
    """The data named by --fingertips or --data, or the shipped data of a shipped plan.

    A shipped plan's data are returned as the table :func:`outcomeframe.examples.data`
    gives: the assessment checks them (once) as it reads them.
    """
    from outcomeframe import (  # noqa: PLC0415
        Indicator,
        examples,
        read_fingertips,
        read_observations,
    )

    given = getattr(args, "fingertips", None) or args.data
    if given is None:
        if fw is not None and args.framework in examples.names():
            _unused(args, f"the shipped data of {args.framework}")
            return examples.data(args.framework)
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
        return read_fingertips(
            path,
            indicator_map=ids,
            period_type=period_types(args, fw) or None,
            metadata=args.metadata,
            areas=areas,
            indicators=wanted,
            errors="report",
        )
    _unused(args, f"--data {printable(given)}, a tidy observation CSV,")
    return read_observations(path, errors="report")


def _unused(args: argparse.Namespace, data: str) -> None:
    """Refuse the options that only reading a Fingertips export uses, when none is read.

    ``--metadata`` without a framework builds the framework, so it is used then.
    """
    unused = ["--period-type"] if args.period_type else []
    if args.metadata is not None and args.framework is not None:
        unused.insert(0, "--metadata")
    if unused:
        raise ArgumentError(
            f"{' and '.join(unused)} would not be used: {data} are read as they are "
            "(these options read a Fingertips export, given with --data or --fingertips)"
        )


def _report_rejected(
    rows_in: int, rejected: pd.DataFrame, args: argparse.Namespace, *, limit: int = 8
) -> None:
    """A short summary of the rows set aside (on standard error); all of them with --rejected."""
    if not len(rejected):
        if args.rejected:  # the file is written either way: empty says none was set aside
            with writing("--rejected", args.rejected):
                rejected.to_csv(args.rejected)
        return
    from outcomeframe import reason_counts  # noqa: PLC0415
    from outcomeframe.report import shorten  # noqa: PLC0415

    counts = reason_counts(rejected).set_index("reason")["rows"]
    print(
        f"{len(rejected):,} of {rows_in:,} input rows set aside, {len(counts)} kind(s) of reason:",
        file=sys.stderr,
    )
    for reason, n in counts.head(limit).items():
        print(f"  {n:>7,}  {shorten(printable(reason), 90)}", file=sys.stderr)
    if len(counts) > limit:
        print(f"  ... and {len(counts) - limit} more kind(s)", file=sys.stderr)
    if args.rejected:
        with writing("--rejected", args.rejected):
            rejected.to_csv(args.rejected)
        where = printable(args.rejected)
        print(f"wrote every row set aside, with its reason, to {where}", file=sys.stderr)
    else:
        print("(write every one of them with --rejected FILE)", file=sys.stderr)
    if args.strict:
        raise OutcomeFrameError(f"--strict: {len(rejected):,} input rows could not be used")


def _known_area(option: str, code: str | None, known: set[str], word: str) -> None:
    """Refuse an area code the data have no observation for (``word`` means more than one)."""
    if code not in (None, word) and code not in known:
        raise OutcomeFrameError(
            f"{option} {printable(code)}: no observation for this area in the data"
        )


def assessed(args: argparse.Namespace) -> tuple[Framework, Assessment]:
    """The framework (named, or built from --metadata), its data and its assessment.

    The options are those :func:`check_options` has checked.
    """
    fw = None if args.framework is None else framework(args.framework)
    from outcomeframe.observations._table import ObservationTable  # noqa: PLC0415

    areas = None  # --areas is read once, for the reader and the assessment
    if args.areas is not None:
        from outcomeframe import read_areas  # noqa: PLC0415

        areas = read_areas(args.areas)
    table = _observations(args, fw, areas)
    read = table if isinstance(table, ObservationTable) else None
    rows_in = len(read.data) + len(read.rejected) if read is not None else len(table)
    if fw is None:
        from outcomeframe import framework_from_fingertips  # noqa: PLC0415

        data = read.data if read is not None else table
        fw = framework_from_fingertips(args.metadata, data=data, area=args.area)
    assessment = fw.assess(table, benchmark=args.benchmark, areas=areas)
    known = set(assessment.table["area_code"].astype("str"))
    _known_area("--benchmark", args.benchmark, known, "parent")
    _known_area("--area", getattr(args, "area", None), known, "all")
    _report_rejected(rows_in, assessment.rejected, args)
    return fw, assessment
