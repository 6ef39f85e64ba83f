"""aggregate() on categorical text: Parquet dictionary columns, pandas and Polars categoricals.

Records are synthetic (the seeded generator). The expected counts are summed by hand in
pandas from the same records read as plain text, independently of ``aggregate``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import outcomeframe as of
from outcomeframe.records import write_synthetic_births

AREAS = ["E06000008", "E08000009", "E10000017"]

SMOKERS = of.Indicator(
    id="smokers-low-weight",
    title="Low birth weight among births to smokers (synthetic)",
    measure="proportion",
    unit="percent",
    records={
        "numerator": "birthweight_g < 2500",
        "denominator": "smoking_status == 'smoker' and area_code >= 'E08'",
        "sex": "sex",
    },
)


@pytest.fixture(scope="module")
def births_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("births") / "births.parquet"
    return write_synthetic_births(path, 3000, seed=4, areas=AREAS, defects=0.05)


def _plain(path: Path) -> pd.DataFrame:
    """The records with every text column as plain Python strings (None where missing)."""
    frame = pq.read_table(path).to_pandas(date_as_object=False)
    for column in ("area_code", "sex", "smoking_status"):
        frame[column] = frame[column].astype("object").where(frame[column].notna(), None)
    return frame


def _by_hand(path: Path) -> pd.DataFrame:
    """Counts of the indicator summed in pandas, area codes compared as strings."""
    frame = _plain(path)
    area = frame["area_code"].fillna("")
    weight = frame["birthweight_g"]
    known = (
        frame["smoking_status"].notna()
        & frame["area_code"].notna()
        & (area.str.strip() != "")
        & frame["sex"].notna()
        & weight.notna()
    )
    inside = known & (frame["smoking_status"] == "smoker") & (area >= "E08")
    kept = frame.loc[inside].assign(low=(weight[inside] < 2500).astype("float64"), one=1.0)
    summed = kept.groupby(["area_code", "year", "sex"])[["low", "one"]].sum().reset_index()
    summed = summed.rename(columns={"year": "period", "low": "count", "one": "denominator"})
    summed["period"] = summed["period"].astype("str")
    return summed.sort_values(["area_code", "period", "sex"], ignore_index=True)


def _ours(records: Any) -> pd.DataFrame:
    data = of.aggregate(records, SMOKERS).observations.data
    out = data[["area_code", "period", "sex", "count", "denominator"]].copy()
    out = out.astype({"area_code": "str", "period": "str", "sex": "str"})
    return out.sort_values(["area_code", "period", "sex"], ignore_index=True)


def test_the_file_holds_dictionary_encoded_text(births_file: Path) -> None:
    schema = pq.read_schema(births_file)
    for column in ("area_code", "sex", "smoking_status"):
        assert pa.types.is_dictionary(schema.field(column).type), column
    scanned = pl.scan_parquet(births_file).collect_schema()
    assert scanned["area_code"] == pl.Categorical


def test_polars_scan_of_dictionary_text_goes_straight_to_aggregate(births_file: Path) -> None:
    want = _by_hand(births_file)
    assert want["denominator"].sum() > 100  # the filter keeps enough records to test
    pd.testing.assert_frame_equal(_ours(pl.scan_parquet(births_file)), want)
    pd.testing.assert_frame_equal(_ours(pl.read_parquet(births_file)), want)


def test_polars_enum_compares_text_as_text(births_file: Path) -> None:
    # An Enum orders by its categories: here the reverse of the text order.
    order = pl.Enum(sorted(AREAS, reverse=True))
    frame = pl.read_parquet(births_file).with_columns(pl.col("area_code").cast(order))
    pd.testing.assert_frame_equal(_ours(frame), _by_hand(births_file))


def test_pyarrow_dictionary_table(births_file: Path) -> None:
    pd.testing.assert_frame_equal(_ours(pq.read_table(births_file)), _by_hand(births_file))


def test_pandas_categorical_columns(births_file: Path) -> None:
    frame = _plain(births_file)
    # Ordered, with the categories against the text order: a filter still compares text.
    frame["area_code"] = pd.Categorical(
        frame["area_code"], categories=sorted(AREAS, reverse=True), ordered=True
    )
    frame["smoking_status"] = frame["smoking_status"].astype("category")
    frame["sex"] = frame["sex"].astype("category")
    pd.testing.assert_frame_equal(_ours(frame), _by_hand(births_file))


def test_blank_categorical_area_is_rejected() -> None:
    ind = of.Indicator(
        id="i", title="I", measure="proportion", unit="percent", records={"numerator": "x > 1"}
    )
    records = pl.DataFrame(
        {"area_code": ["E1", "  ", None, "E1"], "year": [2020] * 4, "x": np.arange(4)}
    ).with_columns(pl.col("area_code").cast(pl.Categorical))
    result = of.aggregate(records, ind)
    assert result.counts[["placed", "rejected"]].iloc[0].tolist() == [2, 2]
    assert set(result.rejected["reason"]) == {"area (area_code) is missing"}
