"""The data engines for record-level data: importing them, wrapping frames, scanning files.

No engine is a hard dependency. Each is imported when first needed, through
:func:`require`, which names the optional dependency group (the *extra*) that installs
it when it is missing. Frames of any engine are wrapped for narwhals by :func:`wrap`;
files are opened lazily on an engine by :func:`scan`.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from outcomeframe._errors import ArgumentError, EngineNotInstalledError, FileFormatError
from outcomeframe._text import regular_file

if TYPE_CHECKING:
    import narwhals as nw

__all__ = [
    "ENGINES",
    "engine_error",
    "engine_of",
    "read_error",
    "require",
    "scan",
    "wrap",
]

#: The engines by name, as ``--engine`` and :func:`scan` take them.
ENGINES: tuple[str, ...] = ("pandas", "polars", "duckdb", "dask", "spark")

#: What each importable module is called by people, and the extra that installs it.
_MODULES: dict[str, tuple[str, str]] = {
    "narwhals": ("narwhals", "records"),  # every engine's extra installs it too
    "polars": ("Polars", "polars"),
    "duckdb": ("DuckDB", "duckdb"),
    "dask": ("Dask", "dask"),
    "dask.dataframe": ("Dask DataFrame", "dask"),
    "pyspark": ("PySpark", "spark"),
    "pyspark.sql": ("PySpark", "spark"),
    "pyarrow": ("pyarrow", "records"),
    "pyarrow.parquet": ("pyarrow", "records"),
}

#: The top-level module of each engine's frames, and the engine's name.
_NATIVE: dict[str, str] = {
    "pandas": "pandas",
    "polars": "polars",
    "duckdb": "duckdb",
    "dask": "dask",
    "pyspark": "spark",
    "pyarrow": "pyarrow",
    "ibis": "ibis",
}
#: The extra that installs what each engine needs besides itself (narwhals, pyarrow).
_EXTRA: dict[str, str] = {"polars": "polars", "duckdb": "duckdb", "dask": "dask", "spark": "spark"}

#: Narwhals warns that its Dask support will move to a separate package; the library
#: wraps Dask frames for the user, who has nothing to act on.
_DASK_MOVING = r"Dask support is moving out of Narwhals"


def require(module: str, *, extra: str | None = None) -> ModuleType:
    """Import ``module``, or raise :class:`EngineNotInstalledError` naming its extra.

    Parameters
    ----------
    module : str
        The module to import, e.g. ``"duckdb"`` or ``"pyspark.sql"``.
    extra : str, optional
        The extra that installs it; by default the one this library knows for it.

    Returns
    -------
    types.ModuleType

    Raises
    ------
    EngineNotInstalledError
        When the module cannot be imported.

    Examples
    --------
    >>> from outcomeframe._engines import require
    >>> require("pandas").__name__
    'pandas'
    >>> require("no_such_engine", extra="duckdb")
    Traceback (most recent call last):
    ...
    outcomeframe.EngineNotInstalledError: no_such_engine is not installed: install it with ...
    """
    name, known_extra = _MODULES.get(module, (module, module))
    try:
        return importlib.import_module(module)
    except ImportError:
        raise EngineNotInstalledError(
            f"{name} is not installed", extra=extra or known_extra
        ) from None


def engine_of(native: Any) -> str | None:
    """The engine a frame belongs to (``"polars"``, ``"duckdb"`` ...), from its type's module.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe._engines import engine_of
    >>> engine_of(pd.DataFrame()), engine_of([1, 2])
    ('pandas', None)
    """
    top = type(native).__module__.partition(".")[0]
    return _NATIVE.get(top)


def wrap(native: Any, name: str = "data") -> nw.DataFrame[Any] | nw.LazyFrame[Any]:
    """A narwhals frame around ``native`` (pandas, Polars, DuckDB, Dask, PySpark, pyarrow).

    Raises
    ------
    ArgumentError
        When ``native`` is not a frame of an engine narwhals supports.
    EngineNotInstalledError
        When narwhals is missing: it names the extra of the frame's engine.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe._engines import wrap
    >>> type(wrap(pd.DataFrame({"a": [1]}))).__name__
    'DataFrame'
    """
    engine = engine_of(native)
    if engine is None:
        raise ArgumentError(
            f"{name}: expected a pandas DataFrame or a frame of Polars, DuckDB, Dask, "
            f"PySpark or pyarrow, got {type(native).__name__}"
        )
    _no_duplicates(native, name)
    lib = require("narwhals", extra=_EXTRA.get(engine, "records"))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_DASK_MOVING, category=FutureWarning)
        try:
            frame = lib.from_native(native)
        except TypeError:
            raise ArgumentError(
                f"{name}: narwhals cannot read a {type(native).__name__} as a data frame"
            ) from None
    if not isinstance(frame, lib.DataFrame | lib.LazyFrame):
        raise ArgumentError(f"{name}: expected a data frame, got a {type(native).__name__}")
    wrapped: nw.DataFrame[Any] | nw.LazyFrame[Any] = frame
    return wrapped


def _no_duplicates(native: Any, name: str) -> None:
    """ArgumentError naming the column names ``native`` has more than once."""
    if engine_of(native) == "polars":  # Polars frames cannot have them (and a lazy one
        return  # would resolve its schema to say so)
    columns = getattr(native, "column_names", None) if engine_of(native) == "pyarrow" else None
    if columns is None:
        columns = getattr(native, "columns", None)
    if columns is None:
        return
    seen: dict[str, int] = {}
    for column in columns:
        seen[str(column)] = seen.get(str(column), 0) + 1
    twice = [column for column, times in seen.items() if times > 1]
    if twice:
        raise ArgumentError(
            f"{name}: column names given more than once: {', '.join(map(repr, twice))} "
            "(rename them so that each column has its own name)"
        )


#: The top-level modules whose exceptions are an engine failing to read the data.
_ENGINE_MODULES = frozenset(
    {"pandas", "polars", "duckdb", "_duckdb", "pyarrow", "narwhals", "dask", "pyspark", "py4j"}
)


def engine_error(error: BaseException) -> bool:
    """Whether ``error`` is an engine's (or the decoder's) failure to read the data."""
    if isinstance(error, UnicodeDecodeError):
        return True
    if type(error).__module__.partition(".")[0] in _ENGINE_MODULES:
        return True
    # A built-in exception (Dask's ValueError on a column of another type than it
    # guessed) raised by the engine's own code, where the traceback ends.
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = "" if tb is None else str(tb.tb_frame.f_globals.get("__name__", ""))
    return where.partition(".")[0] in _ENGINE_MODULES


def read_error(error: BaseException, what: str, *, path: Any = None) -> FileFormatError:
    r"""A :class:`FileFormatError`: ``what`` could not be read, then the engine's first line.

    Examples
    --------
    >>> from outcomeframe._engines import read_error
    >>> str(read_error(ValueError("bad magic\nmore"), "not a Parquet file", path="b.parquet"))
    'b.parquet: not a Parquet file (bad magic)'
    """
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    short = lines[0] if lines else type(error).__name__
    if len(short) > 200:
        short = short[:197] + "..."
    said = str(error).lower()
    if isinstance(error, UnicodeDecodeError) or "invalid unicode" in said or "invalid utf" in said:
        what += ": it is not UTF-8 text (a binary file, or another encoding)"
    return FileFormatError(f"{what} ({short})", path=path)


def scan(path: str | Path, engine: str = "pandas", *, spark: Any = None) -> Any:
    r"""Open a Parquet or CSV file of records on ``engine``, lazily where the engine can.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.parquet`` (or ``.pq``) file or directory of Parquet files, or a ``.csv`` file.
    engine : {"pandas", "polars", "duckdb", "dask", "spark"}, default "pandas"
        pandas reads the file into memory; Polars (``scan_*``), DuckDB (a relation),
        Dask and PySpark read it lazily, when the aggregation runs.
    spark : pyspark.sql.SparkSession, optional
        The session to read with; by default the active one, or a new ``local[*]`` one.

    Returns
    -------
    The engine's own frame: a pandas DataFrame, a Polars LazyFrame, a DuckDB relation,
    a Dask DataFrame or a PySpark DataFrame.

    Raises
    ------
    ArgumentError
        For an unknown engine or a file that is neither Parquet nor CSV.
    FileFormatError
        When the file does not exist.
    EngineNotInstalledError
        When the engine is not installed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from outcomeframe._engines import scan
    >>> tmp = tempfile.TemporaryDirectory()
    >>> folder = pathlib.Path(tmp.name)
    >>> _ = (folder / "births.csv").write_text("area_code,year\nE06000001,2023\n")
    >>> scan(folder / "births.csv", "pandas")
       area_code  year
    0  E06000001  2023
    >>> tmp.cleanup()
    """
    if engine not in ENGINES:
        raise ArgumentError(f"engine: {engine!r} is not one of {', '.join(ENGINES)}")
    target = Path(path)
    if not target.exists():
        raise FileFormatError("no such file or directory", path=target)
    if not target.is_dir():  # a folder of Parquet files is read as one table
        regular_file(target, limit=sys.maxsize)  # the engine reads it: no size cap here
    kind = _kind(target)
    if kind == "csv":
        _text_or_raise(target)
    if kind == "parquet" and target.is_dir() and not any(target.rglob("*.parquet")):
        raise FileFormatError("the folder holds no .parquet files", path=target)
    try:
        return _read(target, kind, engine, spark)
    except Exception as error:
        if not engine_error(error):
            raise
        what = "not a well-formed CSV file" if kind == "csv" else "not a readable Parquet file"
        raise read_error(error, what, path=target) from None


#: A binary file or another encoding: not a CSV file of UTF-8 text.
_NOT_TEXT = "not a CSV file: it is not UTF-8 text (a binary file, or another encoding)"


def _text_or_raise(path: Path) -> None:
    """FileFormatError unless the CSV file has a header and starts as UTF-8 text."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head.strip():
        raise FileFormatError("the CSV file is empty (no header line)", path=path)
    if b"\x00" in head:
        raise FileFormatError(
            f"{_NOT_TEXT}: a zero byte",
            path=path,
            line=head.count(b"\n", 0, head.index(b"\x00")) + 1,
        )
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:  # not a character cut at the end of the head
            line = head.count(b"\n", 0, error.start) + 1
            byte = head[error.start]
            raise FileFormatError(f"{_NOT_TEXT}: byte 0x{byte:02x}", path=path, line=line) from None


def _read(target: Path, kind: str, engine: str, spark: Any) -> Any:
    """The engine's reader of ``target``; CSV columns' types from the whole file."""
    where = str(target)
    if engine == "pandas":
        pd = require("pandas")
        if kind == "csv":
            return pd.read_csv(where)
        pq = require("pyarrow.parquet")
        # Dates as datetime64 (pandas would make date32 a column of Python objects).
        return pq.read_table(where).to_pandas(date_as_object=False)
    if engine == "polars":
        pl = require("polars")
        if kind == "csv":
            return pl.scan_csv(where, infer_schema_length=None)
        return pl.scan_parquet(where)
    if engine == "duckdb":
        duckdb = require("duckdb")
        if kind == "csv":
            # A comma-separated file with double quotes, as pandas and Polars read it (the
            # sniffer would otherwise take an unterminated quote for a character of text).
            return duckdb.read_csv(where, sample_size=-1, sep=",", quotechar='"', header=True)
        return duckdb.read_parquet(where)
    if engine == "dask":
        dd = require("dask.dataframe")
        if kind == "csv":
            return _dask_csv(dd, where)
        require("pyarrow", extra="dask")
        return dd.read_parquet(where)
    session = spark if spark is not None else spark_session()
    if kind == "csv":
        return session.read.csv(where, header=True, inferSchema=True)
    return session.read.parquet(where)


#: How much of a CSV file Dask guesses the columns' types from, and the size of its blocks.
_DASK_SAMPLE = 2**26
_DASK_BLOCKSIZE: int | str = "default"


def _dask_csv(dd: Any, where: str) -> Any:
    """A CSV file on Dask, each column's type declared from the whole file.

    Dask guesses the types from a sample (up to ``_DASK_SAMPLE`` bytes here) and fails
    only when it computes, on the block where a column it took for numbers holds text
    or (whole numbers) a blank. So the columns it takes for numbers are first read as
    text and checked in one pass over the file: a column with a value that is not a
    number stays text (the filters read it as numbers, record by record, and reject
    the records that hold something else, with the reason), one of whole numbers with
    a blank is read as decimals, and the others as guessed.
    """
    pd = require("pandas")
    dask = require("dask")
    options: dict[str, Any] = {"sample": _DASK_SAMPLE, "sample_rows": 10**6}
    options["blocksize"] = _DASK_BLOCKSIZE
    guessed = dd.read_csv(where, **options)
    numeric = {
        str(c): t
        for c, t in guessed.dtypes.items()
        if pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t)
    }
    if not numeric:
        return guessed
    text = dd.read_csv(where, dtype=dict.fromkeys(numeric, "object"), **options)
    checks = {}
    for column in numeric:
        given = text[column]
        numbers = dd.to_numeric(given, errors="coerce")
        checks[column] = ((numbers.isna() & ~given.isna()).any(), given.isna().any())
    (found,) = dask.compute(checks)
    dtypes = {}
    for column, dtype in numeric.items():
        not_numbers, blanks = found[column]
        if not_numbers:
            dtypes[column] = "object"
        elif blanks and pd.api.types.is_integer_dtype(dtype):
            dtypes[column] = "float64"
        else:
            dtypes[column] = dtype
    return dd.read_csv(where, dtype=dtypes, **options)


def spark_session() -> Any:
    """The active Spark session, or a new local one using every core."""
    sql = require("pyspark.sql")
    active = sql.SparkSession.getActiveSession()
    if active is not None:
        return active
    return sql.SparkSession.builder.master("local[*]").appName("outcomeframe").getOrCreate()


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in {".parquet", ".pq"} or path.is_dir():
        return "parquet"
    raise ArgumentError(f"records: {path} is neither a .parquet nor a .csv file (or a folder)")
