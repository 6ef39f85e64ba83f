"""``outcomeframe aggregate``: record-level data to an observation CSV, on a chosen engine.

The command reads the records lazily on the engine (``--engine``), runs
:func:`outcomeframe.aggregate` for every indicator of the plan that declares
``records``, and writes the observation table, ready for ``outcomeframe assess`` and
``outcomeframe report --data``. Progress goes to standard error while the engine works,
only when standard error is a terminal: DuckDB's, Dask's and Spark's own progress bars
where the engine has one, elapsed seconds otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from outcomeframe._cli_common import (
    FRAMEWORK,
    distinct,
    framework_file,
    printable,
    writable,
    writing,
)
from outcomeframe._engines import ENGINES
from outcomeframe._errors import ArgumentError, FileFormatError, OutcomeFrameError

__all__ = ["add_parser", "progress"]

#: Seconds between two updates of the elapsed-time line.
_TICK = 0.2


def add_parser(sub: Any, target_help: str) -> None:
    """Add the ``aggregate`` command to the subcommands ``sub`` of the main parser."""
    p = sub.add_parser(
        "aggregate",
        help="count record-level data (births, pupils ...) into an observation CSV",
        description="Compute the plan's indicators that declare 'records' from a file of "
        "records, on the engine chosen, and write the observation table.",
    )
    p.add_argument("framework", help=target_help + " whose indicators declare records")
    p.add_argument(
        "--records",
        required=True,
        metavar="FILE",
        help="the records: a Parquet file (or folder of Parquet files) or a CSV file",
    )
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default="pandas",
        help="where the records are counted (default pandas; duckdb or polars for files "
        "larger than memory; dask or spark for a cluster). Each is an extra: "
        "pip install 'outcomeframe[duckdb]'",
    )
    p.add_argument("-o", "--output", required=True, help="the observation CSV to write")
    p.add_argument(
        "--rejected",
        metavar="FILE",
        help="write the records that could not be placed: indicator, reason, count and values",
    )
    p.add_argument("--source", help="the observations' source (default: the records file name)")
    p.add_argument("--quiet", action="store_true", help="no progress on standard error")
    p.set_defaults(func=run)


@contextlib.contextmanager
def progress(
    engine: str, label: str, *, stream: IO[str] | None = None, enabled: bool | None = None
) -> Iterator[None]:
    """Show progress on ``stream`` (standard error) while the block runs on ``engine``.

    DuckDB and Dask show their own progress bars, Spark its console progress (set when
    the command starts its session); pandas and Polars, which have none, get a line
    with the seconds elapsed, rewritten in place and cleared at the end. Nothing is
    shown unless ``enabled`` (by default: ``stream`` is a terminal).

    Examples
    --------
    >>> import io
    >>> from outcomeframe._cli_aggregate import progress
    >>> out = io.StringIO()
    >>> with progress("polars", "births.parquet", stream=out):
    ...     pass
    >>> out.getvalue()  # not a terminal: quiet
    ''
    """
    stream = sys.stderr if stream is None else stream
    if enabled is None:
        enabled = bool(getattr(stream, "isatty", lambda: False)())
    if not enabled:
        yield
        return
    if engine == "dask":
        from dask import diagnostics  # noqa: PLC0415 - the dask extra

        with diagnostics.ProgressBar(out=stream, minimum=1.0):  # type: ignore[attr-defined,no-untyped-call]
            yield
        return
    if engine == "duckdb":
        import duckdb  # noqa: PLC0415 - the duckdb extra

        names = ("enable_progress_bar", "enable_progress_bar_print")
        before = [duckdb.execute(f"select current_setting('{n}')").fetchall()[0][0] for n in names]
        for name in names:
            duckdb.execute(f"SET {name} = true")
        try:
            yield
        finally:  # the default connection is shared: leave it as it was
            for name, value in zip(names, before, strict=True):
                duckdb.execute(f"SET {name} = {'true' if value else 'false'}")
        return
    if engine == "spark":  # the session's console progress bar (spark.ui.showConsoleProgress)
        yield
        return
    done = threading.Event()
    start = time.monotonic()

    def tick() -> None:
        while not done.wait(_TICK):
            stream.write(f"\rcounting {label} on {engine}: {time.monotonic() - start:.0f} s")
            stream.flush()

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        yield
    finally:
        done.set()
        ticker.join()
        stream.write("\r\033[K")  # clear the line
        stream.flush()


def _spark(show_progress: bool) -> Any:
    """A local Spark session for the command, with its console progress bar when shown."""
    from outcomeframe._engines import require  # noqa: PLC0415

    sql = require("pyspark.sql")
    active = sql.SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = sql.SparkSession.builder.master("local[*]").appName("outcomeframe aggregate")
    builder = builder.config("spark.ui.showConsoleProgress", str(show_progress).lower())
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _noted_synthetic(path: Path) -> bool:
    """Whether a Parquet file (or a folder's first) says it holds synthetic records."""
    if path.suffix.lower() == ".csv":
        return False
    first = next(iter(sorted(path.rglob("*.parquet"))), None) if path.is_dir() else path
    if first is None:
        return False
    from outcomeframe._engines import require  # noqa: PLC0415

    try:
        metadata = require("pyarrow.parquet").read_schema(first).metadata or {}
    except Exception:  # noqa: BLE001 - no pyarrow, or unreadable (the engine says why)
        return False
    return bool(metadata.get(b"synthetic") == b"true")


def _check_options(args: argparse.Namespace) -> None:
    """Refuse, before any work, a file name that cannot be used.

    An empty one, an output in a folder that does not exist, and an output on the same
    file as the framework, the records or the other output are refused.
    """
    if not args.records:
        raise ArgumentError("--records: the file name is empty; give the records to read")
    outputs = {"-o": args.output, "--rejected": args.rejected}
    for option, value in outputs.items():
        writable(option, value)
    inputs = {"--records": args.records}
    if args.framework:
        inputs[FRAMEWORK] = str(framework_file(args.framework))
    distinct(inputs, outputs)


def run(args: argparse.Namespace) -> int:
    """The ``aggregate`` command: records -> observations CSV (and rejected records)."""
    from outcomeframe._cli_common import framework  # noqa: PLC0415
    from outcomeframe._engines import scan  # noqa: PLC0415
    from outcomeframe.io._write import as_path  # noqa: PLC0415
    from outcomeframe.model._elements import Indicator  # noqa: PLC0415
    from outcomeframe.records._aggregate import aggregate  # noqa: PLC0415
    from outcomeframe.records._collect import labelled  # noqa: PLC0415

    _check_options(args)
    fw = framework(args.framework)
    chosen = [ind for ind in fw.elements(Indicator) if ind.records is not None]
    if not chosen:
        raise OutcomeFrameError(
            f"{printable(args.framework)}: no indicator declares 'records' (the filters that count "
            "them from record-level data); see the how-to 'From records to a dashboard'"
        )
    output = as_path(Path(args.output))
    rejected_path = None if args.rejected is None else as_path(Path(args.rejected))
    show = not args.quiet and sys.stderr.isatty()
    records_path = Path(args.records)
    spark = _spark(show) if args.engine == "spark" and records_path.exists() else None
    records = scan(records_path, args.engine, spark=spark)
    source = labelled(args.source or records_path.name, _noted_synthetic(records_path))
    with progress(args.engine, records_path.name, enabled=show):
        try:
            result = aggregate(records, chosen, source=source)
        except FileFormatError as error:  # the engine read the file only now: name it
            if error.path is not None:
                raise
            raise FileFormatError(str(error), path=records_path) from None
    with writing("-o", args.output):
        result.observations.data.to_csv(output, index=False, lineterminator="\n")
    if rejected_path is not None:
        with writing("--rejected", args.rejected):
            result.rejected.to_csv(rejected_path, index=False, lineterminator="\n")
    for row in result.counts.itertuples(index=False):
        print(
            f"{printable(row.indicator)}: {row.records:,} records, {row.placed:,} counted, "
            f"{row.outside:,} outside the denominator, {row.rejected:,} rejected"
        )
    rows = len(result.observations.data)
    print(f"wrote {printable(output)} ({rows:,} observations)")
    if rejected_path is not None:
        print(
            f"wrote {printable(rejected_path)} ({len(result.rejected):,} rows of rejected records)"
        )
    elif int(result.counts["rejected"].sum()):
        print("give --rejected FILE to see the rejected records and why", file=sys.stderr)
    return 0
