"""The assessment of a whole real Fingertips export: areas compared within their type.

Expected ranks are counted here by hand from the raw file (plain pandas), not taken
from the library's output.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe import report
from outcomeframe.io import read_fingertips

DATA = Path(__file__).parents[1] / "data" / "fingertipsnext"
HEALTH = DATA / "healthdata.csv"
AREAS = DATA / "areas.json"
QUINTILES = ["Lowest", "Low", "Middle", "High", "Highest"]


def carers_framework() -> of.Framework:
    fw = of.Framework(title="Carers")
    fw.add(
        of.Indicator(
            id="carers",
            title="People with caring responsibility",
            measure="proportion",
            unit="percent",
            polarity="no_judgement",
            fingertips_id=352,  # Quintiles in Fingertips' metadata
            comparison="quintiles",
            period_type="calendar",
        )
    )
    return fw


@pytest.fixture(scope="module")
def assessment() -> of.Assessment:
    table = read_fingertips(
        HEALTH, period_type="calendar", indicators=[352], areas=AREAS, errors="report"
    )
    return carers_framework().assess(table, areas=AREAS)


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    frame = pd.read_csv(HEALTH, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = frame.loc[(frame["IndicatorId"] == "352") & (frame["Category"] == "")]
    frame = frame.drop_duplicates()
    types = pd.read_json(AREAS).set_index("areaCode")["areaType"]
    return frame.assign(type=frame["AreaCode"].map(types), value=frame["Value"].astype(float))


def hand_quintile(values: pd.Series, code: str) -> str:
    """Fingertips-style quintile of one area by rank among ``values`` (one per area)."""
    rank = values.rank(method="average")[code]
    return QUINTILES[math.ceil(rank / values.notna().sum() * 5) - 1]


def test_quintiles_rank_among_areas_of_the_same_type(assessment, raw):
    table = assessment.table.set_index("area_code")
    peers = raw.loc[(raw["type"] == "Counties and Unitary Authorities") & (raw["Year"] == "2020")]
    assert len(peers) > 10
    assert peers["AreaCode"].is_unique
    values = peers.set_index("AreaCode")["value"]
    same = {c: hand_quintile(values, c) for c in peers["AreaCode"]}
    for code, expected in same.items():  # every county and unitary authority
        assert table.loc[code, "comparison"] == expected, code
        assert table.loc[code, "area_type"] == "Counties and Unitary Authorities"
    assert {"E08000009", "E10000017"} <= set(same)
    # ranked among every area whatever its type, the answers would differ
    every = raw.loc[raw["Year"].isin(["2020", "2024"])].drop_duplicates("AreaCode", keep="last")
    mixed = {c: hand_quintile(every.set_index("AreaCode")["value"], c) for c in same}
    assert mixed != same


def test_england_is_the_benchmark_not_ranked(assessment):
    england = assessment.table.set_index("area_code").loc["E92000001"]
    assert england["comparison"] == "Not compared"
    assert england["comparison_reason"] == "this area is the benchmark"


def test_names_everywhere(assessment):
    table = assessment.table
    assert table["area_name"].notna().all()
    assert set(table.loc[table["area_code"] == "E08000009", "area_name"]) == {"Trafford"}


def test_spine_chart_spread_is_within_the_area_type(assessment, raw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # matplotlib font fallback
        fig = report.spine_chart(assessment, area="E08000009")
    texts = [t.get_text() for t in fig.axes[0].texts]
    label = next(t for t in texts if "lowest" in t)
    peers = raw.loc[(raw["type"] == "Counties and Unitary Authorities") & (raw["Year"] == "2020")]
    low, high = peers["value"].min(), peers["value"].max()
    assert f"lowest {low:.1f}%" in label
    assert f"highest {high:.1f}%" in label
    # GP practices have values far outside that range: they are not in the spread
    gps = raw.loc[raw["type"] == "GPs", "value"]
    assert gps.max() > high or gps.min() < low
    assert np.isfinite([low, high]).all()
    plt.close(fig)


def test_a_table_changed_by_hand_is_checked_again():
    table = read_fingertips(
        HEALTH, period_type="calendar", indicators=[352], areas=AREAS, errors="report"
    )
    first = table.data.index[0]
    changed = of.ObservationTable(
        data=table.data.assign(count=table.data["count"].where(table.data.index != first, -4)),
        rejected=table.rejected,
    )
    a = carers_framework().assess(changed, areas=AREAS)
    assert "count '-4.0' is negative" in set(a.rejected["reason"])
    assert len(a.rejected) == len(table.rejected) + 1
