"""Benchmark: SYNTHETIC birth records in Parquet -> low-birth-weight counts by area and year.

``outcomeframe.aggregate`` on DuckDB and on Polars, each against the same counts written
by hand in that engine, paired in one run (goal: at most 1.5x the hand-written query);
PySpark ``local[2]`` on 10 million rows against hand-written PySpark (the ratio); the
pandas path on the 10 million row file (the whole file in memory). Each case records
its peak resident memory (sampled every 50 ms) in ``extra_info``.

The records come from the seeded generator (``write_synthetic_births``, labelled
synthetic in the file), written once into ``benchmarks/.cache`` (git-ignored):
100 million rows take about 600 MB and a few minutes to write. Sizes by environment:
``OUTCOMEFRAME_BENCH_ROWS`` (default 100,000,000) and ``OUTCOMEFRAME_BENCH_SMALL_ROWS``
(default 10,000,000: the growth from 10M to 100M, Spark and pandas).

Run:  nox -s bench -- -k records   (see benchmarks/RESULTS.md for the command used)
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Self

import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe.records import write_synthetic_births

CACHE = Path(__file__).resolve().parent / ".cache"
BIG = int(os.environ.get("OUTCOMEFRAME_BENCH_ROWS", "100000000"))
SMALL = int(os.environ.get("OUTCOMEFRAME_BENCH_SMALL_ROWS", "10000000"))
SIZES = sorted({SMALL, BIG})

LBW = of.Indicator(
    id="low-birth-weight",
    title="Low birth weight of term babies",
    measure="proportion",
    unit="percent",
    polarity="lower_is_better",
    records={
        "numerator": "birthweight_g < 2500",
        "denominator": "gestation_weeks >= 37 and birthweight_g < 9000",
    },
)


def births(rows: int) -> Path:
    """The cached Parquet file of ``rows`` synthetic births (written on first use)."""
    path = CACHE / f"births-{rows}-seed0.parquet"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        partial = path.with_suffix(".tmp")
        write_synthetic_births(partial, rows, seed=0, defects=0.01)
        partial.replace(path)
    return path


class PeakMemory:
    """Peak resident memory of this process while the block runs, sampled every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._done = threading.Event()

    @staticmethod
    def _rss() -> int:
        with Path("/proc/self/statm").open() as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def _watch(self) -> None:
        while not self._done.wait(0.05):
            self.peak = max(self.peak, self._rss())

    def __enter__(self) -> Self:
        self.peak = self._rss()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())


def _timed(benchmark: Any, run: Callable[[], pd.DataFrame], rounds: int) -> pd.DataFrame:
    peaks: list[int] = []

    def measured() -> pd.DataFrame:
        with PeakMemory() as memory:
            out = run()
        peaks.append(memory.peak)
        return out

    result: pd.DataFrame = benchmark.pedantic(measured, rounds=rounds, iterations=1)
    benchmark.extra_info["peak_rss_gb"] = round(max(peaks) / 1e9, 2)
    return result


def _ours(records: Any) -> pd.DataFrame:
    """The library's counts by area and year, as a plain frame to compare."""
    result = of.aggregate(records, LBW)
    data = result.observations.data
    out = data[["area_code", "period", "count", "denominator"]].copy()
    out["period"] = out["period"].astype(str).astype(int)
    return _canonical(out.rename(columns={"period": "year"}))


def _canonical(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.astype({"area_code": str, "year": int, "count": float, "denominator": float})
    return out.sort_values(["area_code", "year"]).reset_index(drop=True)


# --------------------------------------------------------------------------- by hand
HAND_SQL = """
    select area_code, year,
           sum(case when birthweight_g < 2500 then 1 else 0 end) as count,
           count(*) as denominator
    from read_parquet('{path}')
    where gestation_weeks >= 37 and birthweight_g < 9000 and area_code is not null
    group by area_code, year
"""


def hand_duckdb(path: Path) -> pd.DataFrame:
    import duckdb  # noqa: PLC0415

    return _canonical(duckdb.sql(HAND_SQL.format(path=path)).df())


def hand_polars(path: Path) -> pd.DataFrame:
    import polars as pl  # noqa: PLC0415

    query = (
        pl.scan_parquet(path)
        .filter(
            (pl.col("gestation_weeks") >= 37)
            & (pl.col("birthweight_g") < 9000)
            & pl.col("area_code").is_not_null()
        )
        .group_by("area_code", "year")
        .agg(
            (pl.col("birthweight_g") < 2500).sum().alias("count"),
            pl.len().alias("denominator"),
        )
    )
    return _canonical(query.collect().to_pandas())


def hand_spark(spark: Any, path: Path) -> pd.DataFrame:
    from pyspark.sql import functions as F  # noqa: PLC0415

    frame = spark.read.parquet(str(path))
    counts = (
        frame.where(
            (F.col("gestation_weeks") >= 37)
            & (F.col("birthweight_g") < 9000)
            & F.col("area_code").isNotNull()
        )
        .groupBy("area_code", "year")
        .agg(
            F.sum((F.col("birthweight_g") < 2500).cast("int")).alias("count"),
            F.count(F.lit(1)).alias("denominator"),
        )
    )
    return _canonical(counts.toPandas())


# --------------------------------------------------------------------------- paired
def _pair_runners(engine: str, path: Path, spark: Any = None) -> dict[str, Callable[[], Any]]:
    """Ours and by hand on one engine, each reading the file afresh."""
    if engine == "duckdb":
        import duckdb  # noqa: PLC0415

        return {
            "outcomeframe": lambda: _ours(duckdb.read_parquet(str(path))),
            "hand": lambda: hand_duckdb(path),
        }
    if engine == "polars":
        import polars as pl  # noqa: PLC0415

        return {
            "outcomeframe": lambda: _ours(pl.scan_parquet(path)),
            "hand": lambda: hand_polars(path),
        }
    return {
        "outcomeframe": lambda: _ours(spark.read.parquet(str(path))),
        "hand": lambda: hand_spark(spark, path),
    }


def paired(engine: str, rows: int, rounds: int = 3, spark: Any = None) -> dict[str, Any]:
    """Ours and by hand alternately, ``rounds`` pairs (after one warm-up pair), in one process.

    Returns each side's times and peak memory, the median of the pairs' ratios and the
    load average at the start and the end (other work shares the machine's cores).
    """
    path = births(rows)
    runners = _pair_runners(engine, path, spark)
    results = {who: run() for who, run in runners.items()}  # warm-up, and the check
    assert results["outcomeframe"].equals(results["hand"])
    times: dict[str, list[float]] = {who: [] for who in runners}
    cpu: dict[str, list[float]] = {who: [] for who in runners}
    peaks: dict[str, int] = dict.fromkeys(runners, 0)
    load = [os.getloadavg()[0]]
    for _ in range(rounds):
        for who, run in runners.items():
            with PeakMemory() as memory:
                start, used = time.perf_counter(), time.process_time()
                run()
                times[who].append(time.perf_counter() - start)
                cpu[who].append(time.process_time() - used)
            peaks[who] = max(peaks[who], memory.peak)
    load.append(os.getloadavg()[0])
    ratios = [a / b for a, b in zip(times["outcomeframe"], times["hand"], strict=True)]
    return {
        "engine": engine,
        "rows": rows,
        "times": times,
        "ratio_median": statistics.median(ratios),
        # this process's CPU time (DuckDB's and Polars' threads; not Spark's JVM)
        "cpu_ratio_median": statistics.median(
            a / b for a, b in zip(cpu["outcomeframe"], cpu["hand"], strict=True)
        ),
        "peak_rss_gb": {who: round(peak / 1e9, 2) for who, peak in peaks.items()},
        "load": load,
    }


# --------------------------------------------------------------------------- cases
@pytest.mark.parametrize("rows", SIZES)
@pytest.mark.parametrize("who", ["outcomeframe", "hand"])
def test_duckdb(benchmark: Any, who: str, rows: int) -> None:
    import duckdb  # noqa: PLC0415

    path = births(rows)
    benchmark.group = f"records duckdb {rows:,}"
    if who == "hand":
        out = _timed(benchmark, lambda: hand_duckdb(path), rounds=3)
    else:
        out = _timed(benchmark, lambda: _ours(duckdb.read_parquet(str(path))), rounds=3)
    assert out.equals(hand_duckdb(path)) or who == "hand"


@pytest.mark.parametrize("rows", SIZES)
@pytest.mark.parametrize("who", ["outcomeframe", "hand"])
def test_polars(benchmark: Any, who: str, rows: int) -> None:
    import polars as pl  # noqa: PLC0415

    path = births(rows)
    benchmark.group = f"records polars {rows:,}"
    if who == "hand":
        out = _timed(benchmark, lambda: hand_polars(path), rounds=3)
    else:
        out = _timed(benchmark, lambda: _ours(pl.scan_parquet(path)), rounds=3)
    assert out.equals(hand_polars(path)) or who == "hand"


def test_pandas(benchmark: Any) -> None:
    """The pandas path on the smaller file: the whole file read into memory first."""
    import pyarrow.parquet as pq  # noqa: PLC0415

    path = births(SMALL)
    benchmark.group = f"records pandas {SMALL:,}"

    def run() -> pd.DataFrame:
        return _ours(pq.read_table(path).to_pandas(date_as_object=False))

    out = _timed(benchmark, run, rounds=1)
    assert out.equals(hand_duckdb(path))


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = _spark_session()
    yield session
    session.stop()


@pytest.mark.parametrize("who", ["outcomeframe", "hand"])
def test_spark(benchmark: Any, who: str, spark: Any) -> None:
    path = births(SMALL)
    benchmark.group = f"records spark local[2] {SMALL:,}"
    hand_spark(spark, path)  # warm the session's JVM on this file first
    if who == "hand":
        _timed(benchmark, lambda: hand_spark(spark, path), rounds=2)
    else:
        out = _timed(benchmark, lambda: _ours(spark.read.parquet(str(path))), rounds=2)
        assert out.equals(hand_spark(spark, path))


@pytest.mark.parametrize("rows", SIZES)
@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_paired(engine: str, rows: int) -> None:
    """Ours and by hand alternately, in one process: the median of the pairs' ratios."""
    out = paired(engine, rows)
    print(out)
    assert out["ratio_median"] > 0


def _spark_session() -> Any:
    from pyspark.sql import SparkSession  # noqa: PLC0415

    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "3g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


if __name__ == "__main__":  # python benchmarks/bench_records.py ENGINE ROWS [ROUNDS]
    engine, rows = sys.argv[1], int(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    session = _spark_session() if engine == "spark" else None
    print(paired(engine, rows, rounds, spark=session))
