"""The data of ``assess`` and ``report``: the observations named, and the assessment of them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from outcomeframe._cli_common import framework, warnings_to_stderr, writable
from outcomeframe._errors import OutcomeFrameError

if TYPE_CHECKING:
    import argparse

    import pandas as pd

    from outcomeframe import Assessment, Framework, ObservationTable
    from outcomeframe.io import PeriodSpec
    from outcomeframe.observations._areas import AreaTable

__all__ = ["assessed", "period_types"]

#: Words in the first line of a Fingertips export (classic, fingertipsR, FingertipsNext).
_FINGERTIPS_HEADERS = ("Indicator ID", "IndicatorID", "IndicatorId")


def period_types(args: argparse.Namespace, fw: Framework | None) -> dict[str | int, PeriodSpec]:
    """Period types by Fingertips ID: the framework's, then ``--period-type ID=TYPE[:YEARS]``."""
    from outcomeframe import Indicator, PeriodType  # noqa: PLC0415

    kinds: dict[str | int, PeriodSpec] = {}
    if fw is not None:
        for ind in fw.elements(Indicator):  # "pooled" alone does not say the kind of year
            if ind.fingertips_id and ind.period_type and ind.period_type != PeriodType.POOLED:
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
    """Whether the file's header (after Excel's "sep=" line; in it, if compressed) is Fingertips'."""
    from outcomeframe._text import head  # noqa: PLC0415 - for --data only

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
        with warnings_to_stderr():
            return read_fingertips(
                path,
                indicator_map=ids,
                period_type=period_types(args, fw) or None,
                metadata=args.metadata,
                areas=areas,
                indicators=wanted,
                errors="report",
            )
    return read_observations(path, errors="report")


def _report_rejected(
    rows_in: int, rejected: pd.DataFrame, args: argparse.Namespace, *, limit: int = 8
) -> None:
    """A short summary of the rows set aside (on standard error); all of them with --rejected."""
    if not len(rejected):
        if args.rejected:  # the file is written either way: empty says none was set aside
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
        print(f"  {n:>7,}  {shorten(str(reason), 90)}", file=sys.stderr)
    if len(counts) > limit:
        print(f"  ... and {len(counts) - limit} more kind(s)", file=sys.stderr)
    if args.rejected:
        rejected.to_csv(args.rejected)
        print(f"wrote every row set aside, with its reason, to {args.rejected}", file=sys.stderr)
    else:
        print("(write every one of them with --rejected FILE)", file=sys.stderr)
    if args.strict:
        raise OutcomeFrameError(f"--strict: {len(rejected):,} input rows could not be used")


def _known_area(option: str, code: str | None, known: set[str], word: str) -> None:
    """Refuse an area code the data have no observation for (``word`` means more than one)."""
    if code not in (None, word) and code not in known:
        raise OutcomeFrameError(f"{option} {code}: no observation for this area in the data")


def assessed(args: argparse.Namespace) -> tuple[Framework, Assessment]:
    """The framework (named, or built from --metadata), its data and its assessment."""
    for option, name in (("--csv", "csv"), ("--rejected", "rejected"), ("-o", "output")):
        writable(option, getattr(args, name, None))
    if args.period_type:
        period_types(args, None)  # checked whatever the data
    fw: Framework | None = None
    if args.framework is not None:
        fw = framework(args.framework)
    elif getattr(args, "fingertips", None) is None:
        raise OutcomeFrameError("give a framework (NAME|PATH) or --fingertips FILE --metadata FILE")
    from outcomeframe.observations._table import ObservationTable  # noqa: PLC0415

    areas = None  # --areas is read once, for the reader and the assessment
    if args.areas is not None:
        from outcomeframe import read_areas  # noqa: PLC0415

        areas = read_areas(args.areas)
    table = _observations(args, fw, areas)
    read = table if isinstance(table, ObservationTable) else None
    rows_in = len(read.data) + len(read.rejected) if read is not None else len(table)
    if fw is None:
        if args.metadata is None:
            raise OutcomeFrameError("--fingertips without a framework needs --metadata FILE")
        from outcomeframe import framework_from_fingertips  # noqa: PLC0415

        with warnings_to_stderr():
            data = read.data if read is not None else table
            fw = framework_from_fingertips(args.metadata, data=data, area=args.area)
    assessment = fw.assess(table, benchmark=args.benchmark, areas=areas)
    known = set(assessment.table["area_code"].astype("str"))
    _known_area("--benchmark", args.benchmark, known, "parent")
    _known_area("--area", getattr(args, "area", None), known, "all")
    _report_rejected(rows_in, assessment.rejected, args)
    return fw, assessment
