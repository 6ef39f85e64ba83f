"""A CSV file on Dask whose numeric columns turn to text, or blanks, after Dask's sample.

Dask guesses a CSV's column types from its first bytes and, left alone, fails only
when it computes the block where a column of numbers holds text. ``scan(path, "dask")``
declares the types from the whole file instead; these tests shrink the sample and the
blocks (so the file is small) and check that the records far down are counted and
rejected as the pandas reader of the same file has them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe import _engines
from outcomeframe._engines import scan
from outcomeframe.records import synthetic_births

pytestmark = pytest.mark.dask

LBW = of.Indicator(
    id="lbw",
    title="Low birth weight of term babies",
    measure="proportion",
    unit="percent",
    records={"numerator": "birthweight_g < 2500", "denominator": "gestation_weeks >= 37"},
)
SAMPLE, BLOCK = 4_000, 16_000  # bytes: the sample holds about 100 of the 2,000 records


def _late_text_csv(folder: Path) -> Path:
    """Synthetic births (seeded) as CSV; past the sample, a weight 'unknown' and a blank week."""
    births = synthetic_births(2_000, seed=21, areas=["E06000008", "E08000009"])
    births = births[["area_code", "year", "birthweight_g", "gestation_weeks", "mother_age"]]
    births = births.astype({"birthweight_g": "object", "gestation_weeks": "object"})
    births.loc[1_500, "birthweight_g"] = "unknown"
    births.loc[1_700, "gestation_weeks"] = None
    path = folder / "births.csv"
    births.to_csv(path, index=False)
    assert path.read_bytes().find(b"unknown") > BLOCK  # past the sample, in a later block
    return path


@pytest.fixture
def small_dask(monkeypatch: pytest.MonkeyPatch, dask_scheduler: None) -> None:
    monkeypatch.setattr(_engines, "_DASK_SAMPLE", SAMPLE)
    monkeypatch.setattr(_engines, "_DASK_BLOCKSIZE", BLOCK)


@pytest.mark.usefixtures("small_dask")
def test_dask_alone_fails_late_on_such_a_file(tmp_path: Path) -> None:
    import dask.dataframe as dd  # noqa: PLC0415

    path = _late_text_csv(tmp_path)
    guessed = dd.read_csv(path, sample=SAMPLE, blocksize=BLOCK)
    assert pd.api.types.is_float_dtype(guessed.dtypes["birthweight_g"])  # numbers, it guesses
    with pytest.raises(ValueError, match=r"(?i)mismatched dtypes|could not convert"):
        guessed.compute()


@pytest.mark.usefixtures("small_dask")
def test_scan_declares_the_types_and_every_record_is_accounted_for(tmp_path: Path) -> None:
    path = _late_text_csv(tmp_path)
    records = scan(path, "dask")
    assert records.npartitions > 1
    assert pd.api.types.is_string_dtype(records.dtypes["birthweight_g"])  # text somewhere
    assert pd.api.types.is_float_dtype(records.dtypes["gestation_weeks"])  # a blank
    assert pd.api.types.is_integer_dtype(records.dtypes["mother_age"])  # as guessed
    result = of.aggregate(records, LBW)
    reference = of.aggregate(pd.read_csv(path), LBW)
    pd.testing.assert_frame_equal(result.counts, reference.counts)
    pd.testing.assert_frame_equal(result.reason_counts(), reference.reason_counts())
    pd.testing.assert_frame_equal(result.observations.data, reference.observations.data)
    reasons = set(result.reason_counts()["reason"])
    assert "the numerator filter cannot be decided: birthweight_g is not a number" in reasons
    assert "the denominator filter cannot be decided: gestation_weeks is missing" in reasons
    assert result.counts.iloc[0]["records"] == 2_000
