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
* ``write_fingertips``: ``DataFrame.to_csv`` of the same table.

Run: ``nox -s bench -- -k small`` (or ``pytest benchmarks/bench_small.py -o
python_files="bench_*.py" -o addopts="" -o testpaths=benchmarks``).
"""

from __future__ import annotations

import io
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_speed import _paired

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
