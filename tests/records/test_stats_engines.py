"""proportion, rate and dsr on frames of other engines equal the pandas results.

The engine sums the rows of each group; pandas computes the rest. The reference is the
pandas function on the same rows (for the DSR: on the rows summed per group and band
by pandas' own groupby), so every check can fail independently of the engine path.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import outcomeframe as of
from outcomeframe.stats import ESP2013, dsr, proportion, rate

ENGINES = [
    "polars",
    "duckdb",
    "pyarrow",
    pytest.param("dask", marks=pytest.mark.dask),
    pytest.param("spark", marks=[pytest.mark.spark, pytest.mark.xdist_group("spark")]),
]


def _rows(seed: int, n: int = 600, *, bad: bool = True) -> pd.DataFrame:
    """Seeded synthetic rows: area (some missing), year, count <= denominator."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "area": rng.choice(np.array(["E06000008", "E08000009", "E10000017"]), n),
            "year": rng.integers(2021, 2024, n),
            "x": rng.integers(0, 6, n).astype(np.float64),
            "n": rng.integers(6, 12, n).astype(np.float64),
        }
    )
    frame.loc[::97, "area"] = None
    if bad:  # one row of each kind of problem, each in a different group
        frame.loc[3, "x"] = np.nan
        frame.loc[10, "n"] = -2.0
        frame.loc[20, "x"] = 50.0  # above its denominator: a proportion's problem only
        frame.loc[30, "n"] = np.inf
        frame.loc[40, "x"] = -1.0
        frame.loc[41, "x"] = -1.0  # the same bad row twice: counted twice
    return frame


def _same(out: pd.DataFrame, ref: pd.DataFrame, keys: list[str]) -> None:
    """Equal frames; key columns compared as values (engines type text differently)."""
    assert out.columns.tolist() == ref.columns.tolist()
    for key in keys:
        assert out[key].astype(object).where(out[key].notna(), None).tolist() == (
            ref[key].astype(object).where(ref[key].notna(), None).tolist()
        ), key
    pd.testing.assert_frame_equal(out.drop(columns=keys), ref.drop(columns=keys), rtol=1e-12)
    assert out.attrs == ref.attrs


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("function", [proportion, rate])
def test_grouped_counts_on_an_engine_equal_pandas(
    engine: str, function: Callable[..., pd.DataFrame], to_engine: Callable[..., Any]
) -> None:
    rows = _rows(1)
    ref = function("x", "n", data=rows, by=["area", "year"])
    assert ref["reason"].notna().sum() >= 4, "the bad rows reach the reference's reasons"
    out = function("x", "n", data=to_engine(rows, engine), by=["area", "year"])
    _same(out, ref, ["area", "year"])


@pytest.mark.parametrize("engine", ENGINES)
def test_dsr_on_an_engine_sums_each_band_first(engine: str, to_engine: Callable[..., Any]) -> None:
    rng = np.random.default_rng(5)
    n = 19 * 2 * 6  # two areas, each band six times (records split by sex, say)
    rows = pd.DataFrame(
        {
            "area": np.repeat(["E06000008", "E08000009"], n // 2),
            "band": np.tile(np.asarray(ESP2013.index), n // 19),
            "deaths": rng.integers(0, 9, n).astype(np.float64),
            "pop": rng.integers(200, 900, n).astype(np.float64),
        }
    )
    banded = rows.groupby(["area", "band"], as_index=False)[["deaths", "pop"]].sum()
    ref = dsr("deaths", "pop", data=banded, by="area", band="band")
    assert ref["value"].notna().all()
    out = dsr("deaths", "pop", data=to_engine(rows, engine), by="area", band="band")
    _same(out, ref, ["area"])


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_a_boolean_flag_counts_as_zero_or_one(engine: str, to_engine: Callable[..., Any]) -> None:
    rows = _rows(4, bad=False)
    rows["low"] = rows["x"] < 2
    rows["one"] = 1
    ref = proportion("low", "one", data=rows, by=["area", "year"])
    assert ref["count"].sum() == rows["low"].sum()
    out = proportion("low", "one", data=to_engine(rows, engine), by=["area", "year"])
    _same(out, ref, ["area", "year"])


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.one_of(st.integers(-2, 30).map(float), st.just(float("nan"))),
            st.one_of(st.integers(-1, 30).map(float), st.just(float("nan"))),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_property_polars_equals_pandas_on_any_rows(rows: list[tuple[str, float, float]]) -> None:
    frame = pd.DataFrame(rows, columns=["g", "x", "n"])
    lazy = pl.from_pandas(frame, nan_to_null=False).lazy()
    for function in (proportion, rate):
        _same(function("x", "n", data=lazy, by="g"), function("x", "n", data=frame, by="g"), ["g"])


# --------------------------------------------------------------------------- arguments
def test_arguments_an_engine_cannot_take_are_named() -> None:
    frame = pl.LazyFrame({"g": ["a"], "x": [1.0], "n": [2.0], "t": ["text"]})
    with pytest.raises(of.ArgumentError, match="by: proportion\\(\\) on data of another"):
        proportion("x", "n", data=frame)
    with pytest.raises(of.ArgumentError, match="count: with data of another engine"):
        rate([1.0], "n", data=frame, by="g")
    with pytest.raises(of.ArgumentError, match="denominator: no column 'm' in data"):
        rate("x", "m", data=frame, by="g")
    with pytest.raises(of.ArgumentError, match="by: no column 'h'"):
        rate("x", "n", data=frame, by=["g", "h"])
    with pytest.raises(of.ArgumentError, match="count: column 't' holds String, not numbers"):
        proportion("t", "n", data=frame, by="g")
    with pytest.raises(of.ArgumentError, match="band: dsr\\(\\) on data of another engine"):
        dsr("x", "n", data=frame, by="g")
    with pytest.raises(of.ArgumentError, match="standard: with data of another engine"):
        dsr("x", "n", data=frame, by="g", band="t", standard=[1.0])
    with pytest.raises(of.ArgumentError, match="data: expected a pandas DataFrame or a frame"):
        proportion("x", "n", data=[("a", 1)], by="g")  # type: ignore[arg-type]


def test_without_narwhals_the_error_names_the_engines_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    relation = duckdb.connect().sql("select 'a' as g, 1.0 as x, 2.0 as n")
    monkeypatch.setitem(sys.modules, "narwhals", None)  # import narwhals now fails
    with pytest.raises(of.EngineNotInstalledError, match=r"outcomeframe\[duckdb\]") as caught:
        proportion("x", "n", data=relation, by="g")
    assert caught.value.extra == "duckdb"
    assert isinstance(caught.value, ImportError)
