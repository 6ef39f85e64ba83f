"""Fixtures for the engines: a local Spark session, Dask's synchronous scheduler, frames.

The Spark session is started once per test process (each pytest-xdist worker that runs
a Spark test starts its own, on ``local[2]``) and stopped when the process ends. Spark
tests are marked ``spark`` (and ``xdist_group``, for ``--dist loadgroup``); the suite
hands them out first, together (``tests/conftest.py``), so under ``worksteal`` one worker
runs them all and starts one session. Dask tests are marked ``dask``; both run in CI. Without Java outside CI, the Spark tests are skipped with the reason; in CI (where
``.ci/run`` installs Java) a missing Java fails them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

#: Options of the Spark JVM: quiet, and quick to start. Each test runs a few small jobs,
#: so the JIT's quick tier (C1) and the serial collector, without the compile and GC threads
#: and the shared perf-data file, do them sooner than the server defaults: about half the
#: JVM's CPU time for the session start and the first query. The bytecode of Spark's own
#: jars is not verified again as each class loads: 1.2 s less of the 9 s a session takes
#: to start and run its first query. They change no result.
JAVA_OPTIONS = (
    "-Dlog4j2.level=ERROR",
    "-XX:TieredStopAtLevel=1",
    "-XX:+UseSerialGC",
    "-XX:CICompilerCount=1",
    "-XX:-UsePerfData",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:-BytecodeVerificationRemote",
)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A quiet local Spark session: 2 cores, 2 shuffle partitions, no UI."""
    if shutil.which("java") is None and not os.environ.get("CI"):
        pytest.skip("PySpark needs Java (.ci/run installs default-jre-headless)")
    from pyspark.sql import SparkSession  # noqa: PLC0415 - a heavy import, for Spark tests only

    session = (
        SparkSession.builder.master("local[2]")
        .appName("outcomeframe-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.extraJavaOptions", " ".join(JAVA_OPTIONS))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture
def dask_scheduler() -> Iterator[None]:
    """Dask's synchronous scheduler: one thread, deterministic, no cluster to start."""
    import dask  # noqa: PLC0415 - for Dask tests only

    with dask.config.set(scheduler="synchronous"):
        yield


@pytest.fixture
def to_engine(request: pytest.FixtureRequest) -> Callable[[pd.DataFrame, str], Any]:
    """``to_engine(frame, engine)``: the pandas ``frame`` as that engine's (lazy) frame.

    Spark and Dask fixtures are requested only when a test asks for their engine.
    """

    def convert(frame: pd.DataFrame, engine: str) -> Any:
        if engine == "pandas":
            return frame
        if engine == "polars":
            return pl.from_pandas(frame).lazy()
        if engine == "duckdb":
            connection = duckdb.connect()
            request.addfinalizer(connection.close)
            return connection.from_arrow(_arrow(frame))
        if engine == "pyarrow":
            return _arrow(frame)
        if engine == "dask":
            import dask.dataframe as dd  # noqa: PLC0415 - for Dask tests only

            request.getfixturevalue("dask_scheduler")
            return dd.from_pandas(frame, npartitions=2)
        if engine == "spark":
            session = request.getfixturevalue("spark")
            return session.createDataFrame(_arrow(frame))
        raise ValueError(engine)

    return convert


def _arrow(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)
