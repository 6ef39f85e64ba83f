"""Benchmarks of issue 15: the fixed cost of reading, checking and writing a small table.

An analyst reading a small file or a profile slice waits for the cost that does not grow
with the rows (one pandas call on ten rows costs about as much as on a thousand). Each
case runs ours and its floor in turn, pair by pair (``bench_speed._paired``), and records
the best time of each, the median of the pair ratios and of the differences (ours minus
the floor: the fixed cost left). The data are real: the FingertipsNext export shipped with
the tests (its first 10 rows, and all 20,825) and the Lancashire plan's table of 3,071
observations (its first 10 rows, and all). The floors:

* reading: ``pandas.read_csv`` of the same text, text columns as ``str`` and number
  columns as ``float64`` (what a careful plain read gives, with no checks);
* ``tidy_observations``: one ``DataFrame.astype`` of the same columns to the dtypes of
  the result;
* ``write_fingertips``: ``DataFrame.to_csv`` of the same table;
* ``Framework.assess``: the same rows through one plain pandas pipeline of the same
  shape, with no checks (:func:`plain_assessment`: values and Wilson limits from counts,
  each series' latest row by ``groupby().tail(1)``, a ``merge`` with England's rows of
  the same indicator and period, a significance label by ``np.select``, and each
  series' least-squares slope by one ``groupby().agg`` merged back). Two inputs: the
  SYNTHETIC 48 rows of ``tests/hostile/test_assessment.py`` (2 indicators x 3 areas x
  8 years, what hundreds of tests assess) and the Lancashire plan's 3,071 rows.

Run: ``nox -s bench -- -k small`` (or ``pytest benchmarks/bench_small.py -o
python_files="bench_*.py" -o addopts="" -o testpaths=benchmarks``).
"""

from __future__ import annotations

import io
import sys
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "hostile"))
from bench_speed import _paired
from test_assessment import clean, plan

import outcomeframe as of
from outcomeframe.observations import tidy_observations

HEALTH = (
    Path(__file__).resolve().parent.parent / "tests" / "data" / "fingertipsnext" / "healthdata.csv"
)
NUMBERS = ("Value", "LowerCI", "UpperCI", "Count", "Denominator")
SIZES = {"10 rows": 10, "whole": None}
ROUNDS = {"10 rows": 30, "whole": 5}


@cache
def health_text(rows: int | None) -> str:
    """The export's header and its first ``rows`` rows (all when None), as text."""
    lines = HEALTH.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    return "".join(lines if rows is None else lines[: rows + 1])


def plain_read(text: str) -> pd.DataFrame:
    """The floor: text columns as str, number columns as float64, no checks."""
    header = pd.read_csv(io.StringIO(text), nrows=0).columns
    dtypes = {c: "float64" if c in NUMBERS else "str" for c in header}
    return pd.read_csv(io.StringIO(text), dtype=dtypes, keep_default_na=False, na_values=[""])


def read(text: str) -> of.ObservationTable:
    return of.read_fingertips(io.StringIO(text), period_type="calendar", errors="report")


@cache
def lancashire(rows: int | None) -> pd.DataFrame:
    data = of.examples.data("lancashire")
    return data if rows is None else data.iloc[:rows].copy()


@pytest.mark.parametrize("size", list(SIZES))
def test_read_fingertips(benchmark: Any, size: str) -> None:
    """Goal (10 rows): a third of the fixed cost before; the whole file no slower."""
    text = health_text(SIZES[size])
    table = read(text)
    assert len(table.data) + len(table.rejected) == len(plain_read(text))
    _paired(benchmark, lambda: read(text), lambda: plain_read(text), ROUNDS[size])


@pytest.mark.parametrize("size", list(SIZES))
def test_tidy_observations(benchmark: Any, size: str) -> None:
    """The Lancashire table (already tidy: the checks are the work) against one astype."""
    raw = lancashire(SIZES[size])
    dtypes = tidy_observations(raw).data.dtypes.to_dict()
    _paired(
        benchmark,
        lambda: tidy_observations(raw),
        lambda: raw.astype(dtypes),
        ROUNDS[size],
    )


def test_write_fingertips(benchmark: Any) -> None:
    """Writing the 10 rows read from the export, against writing the same frame as is."""
    table = read(health_text(10))

    def ours() -> None:
        of.write_fingertips(table, io.StringIO())

    def floor() -> None:
        table.data.to_csv(io.StringIO(), index=False, lineterminator="\n")

    _paired(benchmark, ours, floor, ROUNDS["10 rows"])


def plain_assessment(data: pd.DataFrame) -> pd.DataFrame:
    """The floor of ``Framework.assess``: the same steps in plain pandas, no checks.

    Values and 95% Wilson limits from counts where missing (as percentages), the
    latest row of each series, England's value for the same indicator and period, a
    label from the overlap of the interval with it, and the slope of each series.
    """
    key = ["indicator", "area_code", "sex", "age", "breakdown_type", "breakdown"]
    rows = data.assign(
        year=pd.to_datetime(data["period_start"]).dt.year.astype(float),
        share=data["count"] / data["denominator"],
    )
    p, n, z = rows["share"], rows["denominator"], 1.959964
    centre, half = p + z * z / (2 * n), z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    rows["value"] = rows["value"].fillna(100 * p)
    rows["lower_95"] = rows["lower_95"].fillna(100 * (centre - half) / (1 + z * z / n))
    rows["upper_95"] = rows["upper_95"].fillna(100 * (centre + half) / (1 + z * z / n))
    latest = rows.sort_values("period_start").groupby(key, observed=True, dropna=False).tail(1)
    england = rows.loc[rows["area_code"] == "E92000001", ["indicator", "period", "value"]]
    latest = latest.merge(
        england.rename(columns={"value": "benchmark_value"}), on=["indicator", "period"], how="left"
    )
    latest["comparison"] = np.select(
        [
            latest["lower_95"] > latest["benchmark_value"],
            latest["upper_95"] < latest["benchmark_value"],
        ],
        ["Higher", "Lower"],
        "Similar",
    )
    rows["xy"], rows["xx"] = rows["year"] * rows["value"], rows["year"] ** 2
    sums = rows.groupby(key, observed=True, dropna=False).agg(
        n=("value", "count"),
        x=("year", "sum"),
        y=("value", "sum"),
        xy=("xy", "sum"),
        xx=("xx", "sum"),
    )
    sums["slope"] = (sums["n"] * sums["xy"] - sums["x"] * sums["y"]) / (
        sums["n"] * sums["xx"] - sums["x"] ** 2
    )
    return latest.merge(sums[["slope"]].reset_index(), on=key, how="left")


ASSESSED = {
    "48 rows": (plan, clean),
    "Lancashire": (lambda: of.examples.load("lancashire"), lambda: lancashire(None)),
}


@pytest.mark.parametrize("size", list(ASSESSED))
def test_assess(benchmark: Any, size: str) -> None:
    """Goal (48 rows): half the fixed cost of the assessment before; Lancashire no slower."""
    make_plan, make_data = ASSESSED[size]
    fw, data = make_plan(), make_data()
    tidy = tidy_observations(data).data
    floor, table = plain_assessment(tidy), fw.assess(data).table
    if size == "48 rows":  # one row per series in both (Lancashire's plan keeps fewer)
        assert len(floor) == len(table) == 6
    _paired(benchmark, lambda: fw.assess(data), lambda: plain_assessment(tidy), ROUNDS["10 rows"])


def trailing_separators(rows: int, commas: int) -> str:
    """SYNTHETIC: ``rows`` lines of four fields, each followed by ``commas`` commas."""
    lines = [f"a,E{i},2020,{i}" + "," * commas for i in range(rows)]
    return "indicator,area_code,period,value\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize("rows", [1, 100])
def test_read_observations_with_trailing_separators(benchmark: Any, rows: int) -> None:
    """32,000 commas after each line (a spreadsheet's blank columns, or a hostile file).

    Before, 11.7 s for one such line and 34.7 s for 100 (pandas read the first line's
    extra fields as a 32,000-level index, then the extras as 32,000 columns). The floor:
    ``pandas.read_csv`` of the same text, its four columns only (``usecols``).
    """
    text = trailing_separators(rows, 32_000)
    table = read_observations_report(text)
    assert table.rejected.empty
    assert len(table.data) == rows

    def floor() -> pd.DataFrame:
        return pd.read_csv(io.StringIO(text), dtype="str", index_col=False, usecols=range(4))

    _paired(benchmark, lambda: read_observations_report(text), floor, 10)


def read_observations_report(text: str) -> of.ObservationTable:
    return of.read_observations(io.StringIO(text), errors="report")
