"""aggregate(): records to the observation table, on pandas, Polars and DuckDB alike.

All records here are synthetic, from the seeded generator below.
"""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import outcomeframe as of
from outcomeframe import stats

AREAS = ["E06000001", "E06000002", "E06000003"]


def synthetic_births(seed: int, n: int = 3000) -> pd.DataFrame:
    """Synthetic birth records (not real data): weight, gestation, area, year, smoking."""
    rng = np.random.default_rng(seed)
    weight = rng.normal(3300, 600, n).round()
    weight[rng.random(n) < 0.03] = np.nan
    area = rng.choice([*AREAS, None], n, p=[0.4, 0.35, 0.24, 0.01])
    smoking = rng.choice(["yes", "no", None], n, p=[0.1, 0.88, 0.02])
    return pd.DataFrame(
        {
            "area_code": pd.Series(area, dtype="str"),
            "year": rng.choice([2021, 2022, 2023], n),
            "born": pd.to_datetime("2021-01-01")
            + pd.to_timedelta(rng.integers(0, 3 * 365, n), unit="D"),
            "birthweight_g": weight,
            "gestation_weeks": rng.integers(30, 43, n).astype("float64"),
            "sex": rng.choice(["Male", "Female"], n),
            "smoking": pd.Series(smoking, dtype="str"),
        }
    )


def lbw(**records: Any) -> of.Indicator:
    definition = {
        "numerator": "birthweight_g < 2500",
        "denominator": "gestation_weeks >= 37",
        **records,
    }
    return of.Indicator(
        id="low-birth-weight",
        title="Low birth weight of term babies",
        measure="proportion",
        unit="percent",
        polarity="lower_is_better",
        records=definition,
    )


def _engines(frame: pd.DataFrame) -> dict[str, Any]:
    return {
        "pandas": frame,
        "polars": pl.from_pandas(frame),
        "polars-lazy": pl.from_pandas(frame).lazy(),
        "duckdb": duckdb.from_df(frame),
        "pyarrow": pa.Table.from_pandas(frame, preserve_index=False),
    }


def test_by_hand() -> None:
    births = pd.DataFrame(
        {
            "area_code": ["E1", "E1", "E1", "E1", "E2", None, "E2"],
            "year": [2022, 2022, 2022, 2023, 2023, 2023, 2023],
            "birthweight_g": [2400.0, 3000.0, 2000.0, 2450.0, np.nan, 2000.0, 3300.0],
            "gestation_weeks": [38.0, 39.0, 36.0, 40.0, 38.0, 39.0, np.nan],
        }
    )
    result = of.aggregate(births, lbw(), source="synthetic")
    data = result.observations.data
    got = data[["area_code", "period", "count", "denominator"]].to_numpy().tolist()
    assert got == [["E1", "2022", 1.0, 2.0], ["E1", "2023", 1.0, 1.0]]
    assert set(data["breakdown"]) == {"Total"}
    assert set(data["source"]) == {"synthetic"}
    assert result.counts.to_dict("records") == [
        {
            "indicator": "low-birth-weight",
            "records": 7,
            "placed": 3,
            "outside": 1,
            "rejected": 3,
        }
    ]
    reasons = dict(zip(result.rejected["reason"], result.rejected["records"], strict=True))
    assert reasons == {
        "the denominator filter cannot be decided: gestation_weeks is missing": 1,
        "area (area_code) is missing": 1,
        "the numerator filter cannot be decided: birthweight_g is missing": 1,
    }
    found = result.rejected_records(births)
    assert sorted(found.index) == [4, 5, 6]


def test_engines_give_identical_observation_tables() -> None:
    births = synthetic_births(1)
    ind = lbw(sex="sex", breakdowns={"Smoking status": "smoking"})
    results = {name: of.aggregate(native, ind) for name, native in _engines(births).items()}
    first = results["pandas"]
    assert len(first.observations.data) > 30
    for name, result in results.items():
        pd.testing.assert_frame_equal(result.observations.data, first.observations.data, obj=name)
        pd.testing.assert_frame_equal(result.counts, first.counts, obj=name)
        key = ["reason", "area_code", "year", "sex", "smoking"]
        mine = result.rejected.sort_values(key, ignore_index=True)
        theirs = first.rejected.sort_values(key, ignore_index=True)
        pd.testing.assert_frame_equal(mine, theirs, obj=name, check_dtype=False)


def test_counts_match_pandas_written_by_hand() -> None:
    births = synthetic_births(2)
    result = of.aggregate(births, lbw(breakdowns={"Smoking status": "smoking"}))
    term = births["gestation_weeks"] >= 37
    ok = term & births["area_code"].notna() & births["smoking"].notna()
    ok &= births["birthweight_g"].notna()
    use = births[ok].assign(low=births["birthweight_g"] < 2500)
    by_hand = use.groupby(["area_code", "year", "smoking"])["low"].agg(["sum", "size"])
    data = result.observations.data
    rows = data[data["breakdown_type"] == "Smoking status"]
    got = rows.set_index(["area_code", "period", "breakdown"])[["count", "denominator"]]
    expected = by_hand.rename(columns={"sum": "count", "size": "denominator"}).astype("float64")
    expected.index = expected.index.set_levels(
        expected.index.levels[1].astype("str"), level=1
    ).set_names(["area_code", "period", "breakdown"])
    pd.testing.assert_frame_equal(got.sort_index(), expected.sort_index())
    totals = data[data["breakdown"] == "Total"].groupby("area_code")["denominator"].sum()
    assert totals.sum() == ok.sum()
    counts = result.counts.iloc[0]
    assert counts["placed"] + counts["outside"] + counts["rejected"] == len(births)
    assert counts["outside"] == (births["gestation_weeks"] < 37).sum()


def test_dates_are_read_as_the_indicators_years() -> None:
    births = synthetic_births(3)
    for kind, start in (("calendar", 1), ("financial", 4), ("academic", 9)):
        ind = of.Indicator(
            id="lbw",
            title="LBW",
            measure="proportion",
            unit="percent",
            polarity="lower_is_better",
            period_type=kind,
            records={"numerator": "birthweight_g < 2500", "period": "born"},
        )
        data = of.aggregate(births, ind).observations.data
        year = births["born"].dt.year - (births["born"].dt.month < start)
        placed = births["area_code"].notna() & births["birthweight_g"].notna()
        expected = year[placed].value_counts().sort_index()
        got = data.groupby("period")["denominator"].sum()
        assert got.to_numpy().tolist() == expected.to_numpy().astype(float).tolist()
        first = int(expected.index[0])
        label = str(first) if kind == "calendar" else f"{first}/{(first + 1) % 100:02d}"
        assert got.index[0] == label
        assert set(data["period_type"]) == {kind}


def test_period_labels_and_bad_years_are_rejected_with_their_counts() -> None:
    records = pd.DataFrame(
        {
            "area_code": ["E1"] * 6,
            "period": ["2019/20", "2019/20", "2019-20", "soon", "soon", None],
            "x": [1, 2, 3, 4, 5, 6],
        }
    )
    ind = of.Indicator(
        id="i",
        title="I",
        measure="proportion",
        unit="percent",
        period_type="financial",
        records={"numerator": "x > 1", "period": "period"},
    )
    result = of.aggregate(records, ind)
    data = result.observations.data
    assert data[["period", "count", "denominator"]].to_numpy().tolist() == [["2019/20", 2.0, 3.0]]
    reasons = result.reason_counts().set_index("reason")["records"].to_dict()
    assert reasons == {"period (period) is missing": 1} | {r: 2 for r in reasons if "soon" in r}
    assert len(reasons) == 2
    assert sorted(result.rejected_records(records).index) == [3, 4, 5]

    years = records.assign(year=[2019, 2019, 99999, 2019.5, 2020, 2020])
    result = of.aggregate(
        years, of.Indicator(**{**_fields(ind), "records": {"numerator": "x > 1"}})
    )
    assert int(result.counts["rejected"].iloc[0]) == 2
    assert all("is not a year in 1000-9998" in r for r in result.rejected["reason"])


def _fields(ind: of.Indicator) -> dict[str, Any]:
    return {k: getattr(ind, k) for k in ("id", "title", "measure", "unit", "period_type")}


def test_dsr_from_age_bands_matches_stats_dsr_on_hand_summed_bands() -> None:
    rng = np.random.default_rng(4)
    n = 20_000
    bands = list(stats.ESP2013.index)
    people = pd.DataFrame(  # synthetic: one row per person-year, died or not
        {
            "area_code": rng.choice(AREAS[:2], n),
            "year": 2023,
            "band": rng.choice([*bands, "unknown"], n, p=[0.99 / 19] * 19 + [0.01]),
            "died": rng.random(n) < 0.05,
        }
    )
    ind = of.Indicator(
        id="mortality",
        title="Mortality",
        measure="dsr",
        unit="per_100000",
        polarity="lower_is_better",
        records={"numerator": "died == true", "age_band": "band", "standard": "ESP2013"},
    )
    result = of.aggregate(people, ind)
    known = people[people["band"] != "unknown"]
    summed = known.groupby(["area_code", "band"])["died"].agg(["sum", "size"]).reset_index()
    expected = stats.dsr("sum", "size", data=summed, by="area_code", band="band")
    data = result.observations.data.set_index("area_code")
    np.testing.assert_allclose(data["value"], expected.set_index("area_code")["value"])
    np.testing.assert_allclose(data["upper_95"], expected.set_index("area_code")["upper_95"])
    assert len(result.age_bands) == 2 * 19
    unknown = (people["band"] == "unknown").sum()
    assert result.counts["rejected"].iloc[0] == unknown
    assert result.rejected["reason"].str.contains("is not a band of ESP2013").all()
    assert len(result.rejected_records(people)) == unknown


def test_bad_definitions_are_named_before_any_query() -> None:
    births = synthetic_births(5, n=50)
    with pytest.raises(of.ArgumentError, match=r"records\.area: no column 'area' .*area_code"):
        of.aggregate(births, lbw(area="area"))
    with pytest.raises(of.FilterError, match=r"indicator 'low-birth-weight', records\.numerator"):
        of.aggregate(births, lbw(numerator="birthweight < 2500"))
    with pytest.raises(of.FilterError, match="holds text, but is compared with 1"):
        of.aggregate(births, lbw(numerator="smoking == 1"))
    bare = of.Indicator(id="x", title="X", measure="proportion", unit="percent")
    with pytest.raises(of.ArgumentError, match="'x' has no records definition"):
        of.aggregate(births, bare)
    with pytest.raises(of.ArgumentError, match="records: expected a"):
        of.aggregate([1, 2], lbw())


def test_a_framework_and_its_file_carry_the_definition() -> None:
    fw = of.examples.load("lancashire")
    data = of.to_dict(fw)
    item = next(i for i in data["elements"]["indicators"] if "period_years" not in i)
    item["records"] = {
        "numerator": "birthweight_g < 2500",
        "denominator": "gestation_weeks >= 37",
        "breakdowns": {"Smoking status": "smoking"},
    }
    loaded = of.from_dict(data)
    for text in (of.dumps(loaded), of.dumps(loaded, format="json")):
        again = of.loads(text)
        assert again[item["id"]].records == loaded[item["id"]].records
        written = {i["id"]: i for i in of.to_dict(again)["elements"]["indicators"]}
        assert written[item["id"]]["records"]["breakdowns"] == {"Smoking status": "smoking"}
    result = of.aggregate(synthetic_births(6, n=200), loaded)
    assert set(result.observations.data["indicator"]) == {item["id"]}


@pytest.mark.parametrize(
    ("records", "words"),
    [
        ({"numerator": "a <"}, "records.numerator, column 4"),
        ({"numerator": "a < 1", "colour": "red"}, "colour"),
        ({"numerator": "a < 1", "standard": "WHO"}, "standard"),
        ({"numerator": "a < 1", "breakdowns": {"Total": "x"}}, "Total"),
        ({"numerator": ""}, "numerator"),
        ({"denominator": "a < 1"}, "numerator"),
    ],
)
def test_the_file_and_the_class_refuse_the_same(records: dict[str, Any], words: str) -> None:
    data = of.to_dict(of.examples.load("lancashire"))
    data["elements"]["indicators"][0]["records"] = records
    with pytest.raises(of.ValidationError) as in_file:
        of.from_dict(data)
    assert words in str(in_file.value)
    fields = {
        "id": "x",
        "title": "X",
        "measure": "proportion",
        "unit": "percent",
        "records": records,
    }
    with pytest.raises(of.OutcomeFrameError) as in_class:
        of.Indicator(**fields)
    assert words in str(in_class.value)
