"""NaN, null and infinity in the filters of the engines that compare a null as null.

On DuckDB, Polars, PySpark and pyarrow a filter's comparisons carry their own answer
for a null and only NaN is tested, inside the comparisons NaN could make true
(:func:`outcomeframe.records._filter.truth` with ``nulls=True``). These tests check that
form against an evaluator written here row by row with SQL's three-valued logic (NaN
counted as missing, infinity as a number), on random trees and random synthetic
records that hold null and NaN apart, and that :func:`outcomeframe.aggregate` counts
and rejects such records alike on every engine.
"""

from __future__ import annotations

import math
from typing import Any

import duckdb
import narwhals as nw
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import outcomeframe as of
from outcomeframe.records import Filter
from outcomeframe.records._filter import nulls_propagate, truth
from tests.tracing import untraced

from .test_filter_properties import _kleene, trees

#: The records' values: null and NaN apart, infinities, and numbers about the literals.
_FLOATS = (None, math.nan, math.inf, -math.inf, -1.5, 0.0, 0.5, 2.0, 3.0)
_TEXTS = (None, "yes", "no", "")


@st.composite
def _records(draw: st.DrawFn) -> pa.Table:
    """Synthetic records as a pyarrow Table: NaN stays NaN, None is null."""
    n = draw(st.integers(1, 12))

    def column(values: tuple[Any, ...]) -> list[Any]:
        return draw(st.lists(st.sampled_from(values), min_size=n, max_size=n))

    return pa.table(
        {
            "weight": pa.array(column(_FLOATS), type=pa.float64(), from_pandas=False),
            "weeks": pa.array(column(_FLOATS), type=pa.float64(), from_pandas=False),
            "smoking": pa.array(column(_TEXTS), type=pa.string()),
            "odd name": pa.array(column(_TEXTS), type=pa.string()),
        }
    )


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@untraced()  # the reference: SQL's three-valued logic, row by row in Python
def _expected(tree: Filter, table: pa.Table) -> tuple[list[bool], list[bool]]:
    rows = [{k: None if _missing(v) else v for k, v in row.items()} for row in table.to_pylist()]
    outcome = [_kleene(tree, row) for row in rows]
    return [o is True for o in outcome], [o is False for o in outcome]


def _natives(table: pa.Table) -> dict[str, Any]:
    numbered = table.append_column("row", pa.array(range(table.num_rows), type=pa.int64()))
    return {
        "polars": pl.from_arrow(numbered).lazy(),  # type: ignore[union-attr]
        "duckdb": duckdb.from_arrow(numbered),
        "pyarrow": numbered,
    }


@given(trees, _records())
@settings(max_examples=150, deadline=None)
def test_the_folded_form_decides_what_sql_logic_decides(tree: Filter, table: pa.Table) -> None:
    yes_expected, no_expected = _expected(tree, table)
    for engine, native in _natives(table).items():
        frame = nw.from_native(native)
        assert nulls_propagate(frame), engine
        yes, no = truth(tree, frame.collect_schema(), nulls=True)
        out = frame.select(
            "row", yes=yes.fill_null(value=False), no=no.fill_null(value=False)
        ).sort("row")
        got = out.lazy().collect().to_pandas() if engine != "pyarrow" else out.to_pandas()
        assert got["yes"].tolist() == yes_expected, engine
        assert got["no"].tolist() == no_expected, engine


def test_pandas_and_dask_frames_keep_the_explicit_missing_checks() -> None:
    frame = nw.from_native(pd.DataFrame({"x": [1.0]}))
    assert not nulls_propagate(frame)


# ------------------------------------------------------------------ aggregate
IND = of.Indicator(
    id="odd",
    title="Synthetic: every comparison NaN could make true",
    measure="proportion",
    unit="percent",
    records={
        "numerator": "weight > 2500 or weight != weeks",
        "denominator": "weeks >= 37 and not weight >= 9000 and 100 < weight",
    },
)


def _synthetic_nan_births() -> pd.DataFrame:
    """Synthetic records: each combination of null, NaN, infinity and numbers once."""
    weights = [None, math.nan, math.inf, -math.inf, 2000.0, 2500.0, 3000.0, 9500.0]
    weeks = [None, math.nan, math.inf, 36.0, 37.0, 40.0]
    pairs = [(w, k) for w in weights for k in weeks]
    return pd.DataFrame(
        {
            "area_code": ["E06000001"] * len(pairs),
            "year": [2023] * len(pairs),
            "weight": [w for w, _ in pairs],
            "weeks": [k for _, k in pairs],
        }
    )


def _by_hand(frame: pd.DataFrame) -> dict[str, int]:
    """Placed, outside, rejected and the numerator, by SQL's rules row by row."""
    out = {"placed": 0, "outside": 0, "rejected": 0, "count": 0}
    rd = IND.records
    assert rd is not None
    assert rd.denominator_filter is not None
    for weight, weeks in zip(frame["weight"], frame["weeks"], strict=True):
        row = {"weight": None if _missing(weight) else weight}
        row["weeks"] = None if _missing(weeks) else weeks
        den = _kleene(rd.denominator_filter, row)
        num = _kleene(rd.numerator_filter, row)
        if den is False:
            out["outside"] += 1
        elif den is None or num is None:
            out["rejected"] += 1
        else:
            out["placed"] += 1
            out["count"] += int(num)
    return out


def _native(frame: pd.DataFrame, engine: str, request: pytest.FixtureRequest) -> Any:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    weight = pa.array(frame["weight"].tolist(), type=pa.float64(), from_pandas=False)
    weeks = pa.array(frame["weeks"].tolist(), type=pa.float64(), from_pandas=False)
    table = table.set_column(2, "weight", weight).set_column(3, "weeks", weeks)
    if engine == "pandas":
        return frame
    if engine == "polars":
        return pl.from_arrow(table).lazy()  # type: ignore[union-attr]
    if engine == "duckdb":
        return duckdb.from_arrow(table)
    if engine == "pyarrow":
        return table
    if engine == "dask":
        import dask.dataframe as dd  # noqa: PLC0415 - for the Dask case only

        request.getfixturevalue("dask_scheduler")
        return dd.from_pandas(frame, npartitions=2)
    session = request.getfixturevalue("spark")
    return session.createDataFrame(table)


@pytest.mark.parametrize(
    "engine",
    [
        "pandas",
        "polars",
        "duckdb",
        "pyarrow",
        pytest.param("dask", marks=pytest.mark.dask),
        pytest.param("spark", marks=[pytest.mark.spark, pytest.mark.xdist_group("spark")]),
    ],
)
def test_nan_null_and_infinity_are_counted_alike_on_every_engine(
    engine: str, request: pytest.FixtureRequest
) -> None:
    frame = _synthetic_nan_births()
    expected = _by_hand(frame)
    assert min(expected.values()) > 0  # every outcome occurs
    result = of.aggregate(_native(frame, engine, request), IND)
    counts = result.counts.iloc[0]
    assert {k: int(counts[k]) for k in ("placed", "outside", "rejected")} == {
        k: expected[k] for k in ("placed", "outside", "rejected")
    }
    data = result.observations.data
    assert data["count"].sum() == expected["count"]
    assert data["denominator"].sum() == expected["placed"]
    if engine != "pandas":  # the same reasons, record for record, as the pandas path
        reference = of.aggregate(frame, IND).reason_counts()
        pd.testing.assert_frame_equal(result.reason_counts(), reference)
