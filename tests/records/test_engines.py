"""The same aggregation on pandas, Polars, DuckDB, Dask and PySpark: identical tables.

Records are synthetic (the seeded generator, with defects: missing areas, missing and
out-of-domain birthweights), so every kind of row (placed, outside, rejected) occurs.
pandas is the reference; each engine must give the same observations, the same
rejected rows and the same counts. A missing engine is a typed error naming its extra.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

import outcomeframe as of
from outcomeframe._engines import ENGINES, engine_of, require, scan, wrap
from outcomeframe.records import synthetic_births, synthetic_pupils, write_synthetic_births

AREAS = ["E06000008", "E08000009", "E10000017"]

OTHER_ENGINES = [
    "polars",
    "duckdb",
    pytest.param("dask", marks=pytest.mark.dask),
    pytest.param("spark", marks=[pytest.mark.spark, pytest.mark.xdist_group("spark")]),
]


def _indicators() -> list[of.Indicator]:
    """Births indicators: a proportion with a breakdown, one by date, one with ``in``."""
    return [
        of.Indicator(
            id="low-birth-weight",
            title="Low birth weight of term babies",
            measure="proportion",
            unit="percent",
            polarity="lower_is_better",
            records={
                "numerator": "birthweight_g < 2500 and birthweight_g is not null",
                "denominator": "gestation_weeks >= 37 and birthweight_g < 9000",
                "breakdowns": {"Smoking status at delivery": "smoking_status"},
            },
        ),
        of.Indicator(
            id="smoking-at-delivery",
            title="Smoking status at time of delivery",
            measure="proportion",
            unit="percent",
            polarity="lower_is_better",
            records={
                "numerator": "smoking_status == 'smoker'",
                "denominator": "smoking_status in ('smoker', 'non-smoker')",
                "period": "date",
                "sex": "sex",
            },
        ),
    ]


def _gld() -> of.Indicator:
    return of.Indicator(
        id="gld",
        title="Good level of development at the end of reception",
        measure="proportion",
        unit="percent",
        polarity="higher_is_better",
        period_type="academic",
        records={
            "numerator": "gld == true",
            "period": "academic_year",
            "breakdowns": {"Free school meals": "fsm"},
        },
    )


def _tables(result: Any) -> dict[str, pd.DataFrame]:
    """The result's tables in a canonical order, text and missing values as Python's."""
    frames = {
        "observations": result.observations.data,
        "rejected": result.rejected,
        "counts": result.counts,
    }
    out = {}
    for name, given in frames.items():
        text = {c: object for c in given.columns if not pd.api.types.is_numeric_dtype(given[c])}
        frame = given.astype(text)
        frame = frame.where(frame.notna(), None)
        keys = list(frame.columns)
        out[name] = frame.sort_values(keys, key=lambda s: s.astype(str)).reset_index(drop=True)
    return out


def _assert_same(result: Any, reference: Any) -> None:
    """``result``'s tables equal ``reference``'s (a result, or its :func:`_tables` already)."""
    got = _tables(result)
    want = reference if isinstance(reference, dict) else _tables(reference)
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_dtype=False, obj=name)


@pytest.fixture(scope="module")
def births() -> pd.DataFrame:
    return synthetic_births(4_000, seed=11, areas=AREAS, defects=0.03)


@pytest.fixture(scope="module")
def births_reference(births: pd.DataFrame) -> tuple[Any, dict[str, pd.DataFrame]]:
    """The pandas aggregation of ``births`` and its tables, computed once for every engine."""
    reference = of.aggregate(births, _indicators())
    return reference, _tables(reference)


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_births_aggregate_the_same_on_every_engine(
    engine: str,
    births: pd.DataFrame,
    births_reference: tuple[Any, dict[str, pd.DataFrame]],
    to_engine: Callable[..., Any],
) -> None:
    reference, tables = births_reference
    counts = reference.counts.set_index("indicator")
    assert (counts["rejected"] > 0).all(), "the defects reach the rejected records"
    assert (counts["outside"] > 0).all(), "some records are outside the denominator"
    assert (counts["placed"] + counts["outside"] + counts["rejected"] == len(births)).all()
    _assert_same(of.aggregate(to_engine(births, engine), _indicators()), tables)


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_pupils_aggregate_the_same_with_a_boolean_breakdown(
    engine: str, to_engine: Callable[..., Any]
) -> None:
    pupils = synthetic_pupils(3_000, seed=2, areas=AREAS)
    reference = of.aggregate(pupils, _gld())
    observations = reference.observations.data
    by_fsm = observations[observations["breakdown_type"] == "Free school meals"]
    assert len(by_fsm) == 2 * len(AREAS) * 3, "both FSM groups in every area and year"
    assert observations["count"].sum() == 2 * int(pupils["gld"].sum()), "total and FSM rows"
    _assert_same(of.aggregate(to_engine(pupils, engine), _gld()), reference)


# --------------------------------------------------------------------------- files
@pytest.fixture(scope="module")
def births_file(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, pd.DataFrame, dict[str, pd.DataFrame]]:
    """A parquet file of synthetic births (read-only), the file as pandas reads it, and the
    tables of its pandas aggregation: written and computed once for every engine."""
    path = write_synthetic_births(
        tmp_path_factory.mktemp("births") / "births.parquet",
        3_000,
        seed=5,
        areas=AREAS,
        defects=0.02,
        chunk_rows=1_000,
    )
    table = pq.read_table(path).to_pandas(date_as_object=False)
    return path, table, _tables(of.aggregate(table, _indicators()))


@pytest.mark.parametrize("engine", ["pandas", *OTHER_ENGINES])
def test_a_parquet_file_scanned_on_each_engine_aggregates_the_same(
    engine: str,
    births_file: tuple[Path, pd.DataFrame, dict[str, pd.DataFrame]],
    request: pytest.FixtureRequest,
) -> None:
    path, table, reference = births_file  # table: the file as pandas reads it
    spark = request.getfixturevalue("spark") if engine == "spark" else None
    if engine == "dask":
        request.getfixturevalue("dask_scheduler")
    records = scan(path, engine, spark=spark)
    assert engine_of(records) == engine
    assert bool(table["synthetic"].all()), "the file says its records are synthetic"
    _assert_same(of.aggregate(records, _indicators()), reference)


def test_a_csv_file_scans_on_polars_and_duckdb_alike(tmp_path: Path) -> None:
    path = tmp_path / "births.csv"
    synthetic_births(2_000, seed=8, areas=AREAS, defects=0.02).to_csv(path, index=False)
    indicator = _indicators()[:1]
    reference = of.aggregate(scan(path, "pandas"), indicator)
    for engine in ("polars", "duckdb"):
        _assert_same(of.aggregate(scan(path, engine), indicator), reference)


def test_scan_names_what_it_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(of.ArgumentError, match="engine: 'sqlite' is not one of pandas"):
        scan(tmp_path, "sqlite")
    with pytest.raises(of.FileFormatError, match="no such file"):
        scan(tmp_path / "missing.parquet", "polars")
    (tmp_path / "births.xlsx").write_bytes(b"")
    with pytest.raises(of.ArgumentError, match=r"neither a \.parquet nor a \.csv"):
        scan(tmp_path / "births.xlsx", "duckdb")
    with pytest.raises(of.ArgumentError, match="records: expected a pandas DataFrame or a"):
        wrap({"area_code": ["E06000008"]}, "records")


# --------------------------------------------------------------------------- missing engines
@pytest.mark.parametrize(
    ("engine", "module", "extra"),
    [
        ("polars", "polars", "polars"),
        ("duckdb", "duckdb", "duckdb"),
        ("dask", "dask.dataframe", "dask"),
        ("spark", "pyspark.sql", "spark"),
        ("pandas", "pyarrow.parquet", "records"),  # Parquet into pandas needs pyarrow
    ],
)
def test_a_missing_engine_names_its_extra(
    engine: str, module: str, extra: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_synthetic_births(tmp_path / "b.parquet", 10, areas=AREAS)
    monkeypatch.setitem(sys.modules, module, None)  # import MODULE now raises ImportError
    with pytest.raises(of.EngineNotInstalledError) as caught:
        scan(path, engine)
    assert caught.value.extra == extra
    assert f"pip install 'outcomeframe[{extra}]'" in str(caught.value)
    assert isinstance(caught.value, ImportError)


def test_every_engine_has_a_name_and_require_imports_it() -> None:
    assert ENGINES == ("pandas", "polars", "duckdb", "dask", "spark")
    assert require("polars").__name__ == "polars"
    with pytest.raises(of.EngineNotInstalledError, match=r"outcomeframe\[spark\]"):
        require("pyspark_not_here", extra="spark")
