"""Bad record files and bad values: typed errors naming the file, and rejected rows.

A file an engine cannot read is a ``FileFormatError`` naming it, never the engine's own
exception; one value that is not a number rejects its record with the reason and lets
the rest be counted; duplicate column names are an ``ArgumentError``; synthetic records
are labelled so in the observations' ``source``. The expected counts are summed by hand
here from the CSV text, not from ``aggregate``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import outcomeframe as of
from outcomeframe._engines import scan, wrap
from outcomeframe.records import synthetic_births, write_synthetic_births

LBW = of.Indicator(
    id="lbw",
    title="Low birth weight of term babies",
    measure="proportion",
    unit="percent",
    polarity="lower_is_better",
    records={"numerator": "birthweight_g < 2500", "denominator": "gestation_weeks >= 37"},
)
ENGINES = ["pandas", "polars", "duckdb"]
NOT_A_NUMBER = "the numerator filter cannot be decided: birthweight_g is not a number"


def _bad_files(folder: Path) -> dict[str, Path]:
    """Each kind of file finding its way to ``aggregate`` by mistake."""
    files = {
        "corrupt.parquet": b"PAR1 this is not a Parquet file",
        "empty.csv": b"",
        "binary.csv": b"\x89PNG\r\n\x1a\n" + bytes(range(128, 256)) * 4,
        "latin1.csv": "area_code,year,birthweight_g,gestation_weeks\nE1,2023,2400,39\ncaf\u00e9,2023,1,1\n".encode(
            "latin-1"
        ),
        "quote.csv": b'area_code,year,birthweight_g,gestation_weeks\nE1,2023,"2400,39\nE1,2023,3000,40\n',
    }
    out = {}
    for name, content in files.items():
        (folder / name).write_bytes(content)
        out[name] = folder / name
    (folder / "empty_folder").mkdir()
    out["empty_folder"] = folder / "empty_folder"
    return out


@pytest.mark.parametrize("engine", ENGINES)
def test_a_file_the_engine_cannot_read_is_a_file_format_error(engine: str, tmp_path: Path) -> None:
    for name, path in _bad_files(tmp_path).items():
        with pytest.raises(of.FileFormatError) as caught:
            of.aggregate(scan(path, engine), LBW)
        error = caught.value
        # Named here, or (read lazily: Polars) by the command that opened the file.
        assert error.path in (None, str(path)), name
        assert "\n" not in str(error), name
        assert "(" in str(error) or ": the" in str(error) or "UTF-8" in str(error), name


def test_the_reasons_say_what_is_wrong_with_the_file(tmp_path: Path) -> None:
    files = _bad_files(tmp_path)
    with pytest.raises(of.FileFormatError, match=r"corrupt\.parquet: not a readable Parquet"):
        scan(files["corrupt.parquet"], "pandas")
    with pytest.raises(of.FileFormatError, match=r"quote\.csv: not a well-formed CSV file \("):
        scan(files["quote.csv"], "pandas")
    for engine in ENGINES:
        with pytest.raises(of.FileFormatError, match=r"binary\.csv, line 1: .*not UTF-8 .* 0x89"):
            scan(files["binary.csv"], engine)
        with pytest.raises(of.FileFormatError, match=r"latin1\.csv, line 3: .*not UTF-8 .* 0xe9"):
            scan(files["latin1.csv"], engine)
    with pytest.raises(of.FileFormatError, match=r"quote\.csv: not a well-formed CSV file \(I"):
        scan(files["quote.csv"], "duckdb")
    with pytest.raises(of.FileFormatError, match=r"the records could not be read \(parquet"):
        of.aggregate(pl.scan_parquet(files["corrupt.parquet"]), LBW)


def _births_csv(folder: Path, n: int = 400) -> tuple[Path, list[dict[str, str]]]:
    """Synthetic births as CSV, one birth weight 'unknown' far down (past any sample)."""
    births = synthetic_births(n, seed=11, areas=["E06000008", "E08000009"])
    births = births[["area_code", "year", "birthweight_g", "gestation_weeks"]]
    births = births.astype({"birthweight_g": "object"})
    births.loc[n - 3, "birthweight_g"] = "unknown"
    path = folder / "births.csv"
    births.to_csv(path, index=False)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return path, rows


def _hand_counts(rows: list[dict[str, str]]) -> tuple[dict[tuple[str, str], list[int]], int, int]:
    """Per area and year [low, term] from the CSV text; records outside; not numbers."""
    counted: dict[tuple[str, str], list[int]] = {}
    outside = unknown = 0
    for row in rows:
        if float(row["gestation_weeks"]) < 37:
            outside += 1
            continue
        if row["birthweight_g"] == "unknown":
            unknown += 1
            continue
        cell = counted.setdefault((row["area_code"], row["year"]), [0, 0])
        cell[0] += float(row["birthweight_g"]) < 2500
        cell[1] += 1
    return counted, outside, unknown


DASK = pytest.param("dask", marks=pytest.mark.dask)
SPARK = pytest.param("spark", marks=[pytest.mark.spark, pytest.mark.xdist_group("spark")])


def _read_csv(path: Path, engine: str, session: Any) -> Any:
    """The CSV on ``engine``; pyarrow's own reader for a pyarrow Table (text as it reads it)."""
    if engine != "pyarrow":
        return scan(path, engine, spark=session)
    import pyarrow.csv as pcsv  # noqa: PLC0415

    table = pcsv.read_csv(path)
    assert pa.types.is_string(table.schema.field("birthweight_g").type)
    return table


@pytest.mark.parametrize("engine", [*ENGINES, "pyarrow", DASK, SPARK])
def test_a_value_that_is_not_a_number_rejects_only_its_record(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    session = request.getfixturevalue("spark") if engine == "spark" else None
    if engine == "dask":
        request.getfixturevalue("dask_scheduler")
    path, rows = _births_csv(tmp_path)
    hand, outside, unknown = _hand_counts(rows)
    assert unknown == 1
    result = of.aggregate(_read_csv(path, engine, session), LBW)
    counts = result.counts.iloc[0]
    assert counts["records"] == len(rows)
    assert counts["placed"] + counts["outside"] + counts["rejected"] == len(rows)
    assert (counts["outside"], counts["rejected"]) == (outside, unknown)
    assert result.rejected["reason"].tolist() == [NOT_A_NUMBER]
    data = result.observations.data
    got = {
        (r.area_code, str(r.period)): [int(r.count), int(r.denominator)] for r in data.itertuples()
    }
    assert got == hand
    found = result.rejected_records(_read_csv(path, engine, session))
    native = wrap(found).lazy().collect().to_pandas()
    assert native["birthweight_g"].astype(str).tolist() == ["unknown"]
    assert native["reason"].tolist() == [NOT_A_NUMBER]


def test_a_text_column_without_a_number_is_still_a_filter_error() -> None:
    births = synthetic_births(30, seed=1)
    with pytest.raises(of.FilterError, match="smoking_status' holds text, but is compared"):
        of.aggregate(births, attrs.evolve(LBW, records={"numerator": "smoking_status == 1"}))


@pytest.mark.parametrize("engine", ["pandas", "duckdb", "pyarrow"])
def test_duplicate_column_names_are_named(engine: str) -> None:
    births = synthetic_births(10, seed=2)[["area_code", "year", "birthweight_g"]]
    twice = pd.concat([births, births[["year", "birthweight_g"]]], axis=1)
    if engine == "duckdb":
        frame: Any = duckdb.sql(
            "select area_code, year, birthweight_g, year, birthweight_g from births"
        )
    elif engine == "pyarrow":
        import pyarrow as pa  # noqa: PLC0415

        frame = pa.Table.from_arrays(
            [pa.array(twice.iloc[:, i]) for i in range(5)], names=list(twice.columns)
        )
    else:
        frame = twice
    with pytest.raises(of.ArgumentError, match=r"more than once: 'year', 'birthweight_g'"):
        of.aggregate(frame, LBW)


@pytest.mark.parametrize("engine", ENGINES)
def test_synthetic_records_are_labelled_in_the_source(engine: str, tmp_path: Path) -> None:
    path = write_synthetic_births(tmp_path / "births.parquet", 300, seed=4, areas=["E06000008"])
    result = of.aggregate(scan(path, engine), LBW, source="births.parquet")
    assert set(result.observations.data["source"]) == {"synthetic: births.parquet"}
    real = synthetic_births(50, seed=4).drop(columns="synthetic")
    real.attrs.clear()
    plain = of.aggregate(real, LBW, source="births.parquet")
    assert set(plain.observations.data["source"]) == {"births.parquet"}
    unsourced = of.aggregate(synthetic_births(50, seed=4), LBW)
    assert set(unsourced.observations.data["source"]) == {"synthetic records"}


@pytest.mark.parametrize("engine", [*ENGINES, "pyarrow", DASK, SPARK])
def test_records_are_synthetic_only_when_every_record_says_so(
    engine: str, to_engine: Callable[[pd.DataFrame, str], Any]
) -> None:
    births = synthetic_births(40, seed=5)
    births.attrs.clear()  # the column alone says whether they are synthetic
    flags = births["synthetic"].astype("boolean")
    cases = {
        "every record": (flags, "synthetic records"),
        "one record not": (flags.mask(flags.index == 7, False), None),
        "one record unknown": (flags.mask(flags.index == 7), None),
    }
    for case, (column, expected) in cases.items():
        records = to_engine(births.assign(synthetic=column), engine)
        source = of.aggregate(records, LBW).observations.data["source"]
        assert source.isna().all() if expected is None else set(source) == {expected}, case


@pytest.mark.parametrize("engine", ["pandas", "pyarrow", DASK])
def test_numbers_stored_as_categories_are_compared_as_numbers(
    engine: str, to_engine: Callable[[pd.DataFrame, str], Any]
) -> None:
    births = synthetic_births(300, seed=6)
    births.attrs.clear()
    plain = of.aggregate(births, LBW)
    assert plain.counts.iloc[0]["outside"] > 0  # the weeks decide something
    coded = births.astype({"birthweight_g": "category", "gestation_weeks": "category"})
    records = to_engine(coded, engine)
    if engine == "pyarrow":  # pandas categories become dictionary-encoded numbers
        assert pa.types.is_dictionary(records.schema.field("gestation_weeks").type)
    result = of.aggregate(records, LBW)
    pd.testing.assert_frame_equal(result.counts, plain.counts)
    pd.testing.assert_frame_equal(result.observations.data, plain.observations.data)


@pytest.mark.parametrize("engine", ["pandas", "pyarrow", DASK])
def test_years_stored_as_categories_are_years(
    engine: str, to_engine: Callable[[pd.DataFrame, str], Any]
) -> None:
    births = synthetic_births(300, seed=7)
    births.attrs.clear()
    financial = attrs.evolve(LBW, period_type="financial")
    plain = of.aggregate(births, financial)
    assert set(plain.observations.data["period"]) == {"2021/22", "2022/23", "2023/24"}
    records = to_engine(births.astype({"year": "category"}), engine)
    result = of.aggregate(records, financial)
    pd.testing.assert_frame_equal(result.counts, plain.counts)
    pd.testing.assert_frame_equal(result.observations.data, plain.observations.data)


@pytest.mark.parametrize("column", ["area_code", "smoking_status", "sex", "mother_age"])
def test_a_list_in_a_pandas_cell_is_read_as_missing_with_a_warning(column: str) -> None:
    """pandas' grouping raised "unhashable type: 'list'" from inside the aggregation."""
    plan = of.load(Path(__file__).parents[2] / "docs" / "examples" / "births.yaml")
    births = synthetic_births(400, seed=3, areas=["E06000008", "E08000009"])
    given = births.astype({column: object})
    rows = [5, 17, 300]
    for row, cell in zip(rows, [["E06000008"], {"a": 1}, {"x"}], strict=True):
        given.iat[row, given.columns.get_loc(column)] = cell
    with pytest.warns(of.OutcomeFrameWarning) as seen:
        got = of.aggregate(given, plan)
    message = f"records: 3 cells of {column!r} hold a list, dict, set or array, not a single value (rows 5, 17, 300): read as missing"
    assert message in [str(w.message) for w in seen]
    blanked = births.astype({column: object})
    blanked.loc[rows, column] = None  # the same records with that value missing
    expected = of.aggregate(blanked, plan)
    pd.testing.assert_frame_equal(got.observations.data, expected.observations.data)
    pd.testing.assert_frame_equal(got.rejected, expected.rejected)
    assert got.counts["records"].eq(400).all()


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"period": "area_code"}, "records.period: column 'area_code' is already records.area"),
        ({"sex": "year"}, "records.sex: column 'year' is already records.period"),
        ({"area": "year"}, "records.period: column 'year' is already records.area"),
        (
            {"sex": "sex", "breakdowns": {"Sex": "sex"}},
            "records.breakdowns['Sex']: column 'sex' is already records.sex",
        ),
    ],
)
def test_one_column_in_two_roles_is_refused(fields: dict[str, Any], words: str) -> None:
    """A KeyError came from inside the aggregation: the grouped keys held the column once."""
    with pytest.raises(of.ArgumentError, match=re.escape(words)):
        of.RecordDefinition(numerator="birthweight_g < 2500", **fields)


@pytest.mark.parametrize("source", [5, ["births.csv"], b"births.csv"], ids=repr)
def test_a_source_that_is_not_text_is_named(source: Any) -> None:
    """An AttributeError ("'int' object has no attribute 'startswith'") came from inside."""
    births = synthetic_births(50, seed=1, areas=["E06000008"])
    with pytest.raises(of.ArgumentError, match=r"^source: expected text naming the records"):
        of.aggregate(births, LBW, source=source)
