"""The real data shipped with the example plans, read into observation tables.

The source files are read here independently (``csv`` module or plain ``pandas.read_csv``)
and compared with what :func:`outcomeframe.examples._data.data` returns: nothing is lost,
nothing is invented, every value is the file's value.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from outcomeframe._errors import ArgumentError
from outcomeframe.examples._data import (
    EXTRA_COLUMNS,
    QUINTILE_BREAKDOWN,
    REJECTED_COLUMNS,
    areas,
    coverage,
    data,
    data_path,
    sources,
)
from outcomeframe.observations._table import KEY_COLUMNS, OBSERVATION_COLUMNS, tidy_observations

ROOT = Path(__file__).resolve().parents[2]
PACKAGED = ROOT / "src" / "outcomeframe" / "examples" / "published"
SHARED = ROOT / "tests" / "data"
PLANS = ["lancashire", "trafford"]
ENGLAND = "E92000001"
AREA = {"lancashire": "E10000017", "trafford": "E08000009"}

#: plan -> indicators that the shipped files have rows for (any area)
WITH_DATA = {
    "lancashire": {
        "infant-mortality-rate",
        "low-birth-weight-term-babies",
        "smoking-at-time-of-delivery",
        "under-18-conception-rate",
        "school-readiness-gld",
        "reception-cll-expected-level",
        "school-readiness-gld-fsm",
        "reception-cll-expected-level-fsm",
        "dental-decay-age-5",
        "reception-obesity",
        "reception-obesity-5-year",
        "send-identification-reception",
    },
    "trafford": {
        "mmr-one-dose-2-years",
        "mmr-two-doses-5-years",
        "hepatitis-b-coverage-2-years",
        "reception-obesity",
        "reception-obesity-5-year",
        "dental-decay-age-5",
        "gld-sen-support",
        "ofsted-providers-good-or-outstanding",
        "two-year-old-entitlement-take-up-rate",
        "school-readiness-gld",
        "school-readiness-gld-fsm",
    },
}
#: Lancashire indicators whose files have England but no Lancashire rows
LANCASHIRE_ABSENT = {"dental-decay-age-5", "reception-obesity"}
#: Fingertips publishes no England value of hepatitis B coverage (all England rows are empty)
NO_ENGLAND = {"hepatitis-b-coverage-2-years"}

#: the test's own copy of the mapping: file -> indicator name -> framework indicator id
LONG_FILES = {
    "trafford-data-lab/school_readiness.csv": {
        "School readiness: percentage of children achieving a good level of development at "
        "the end of Reception": "school-readiness-gld",
        "School readiness: percentage of children with free school meal status achieving a "
        "good level of development at the end of Reception": "school-readiness-gld-fsm",
    },
    "trafford-data-lab/school_readiness_fsm.csv": {
        "Children with free school meal status achieving a good level of development at the "
        "end of reception": "school-readiness-gld-fsm",
    },
    "trafford-data-lab/vaccination_mmr.csv": {
        "Population vaccination coverage: MMR for one dose (2 years old)": "mmr-one-dose-2-years",
        "Population vaccination coverage: MMR for two doses (5 years old)": (
            "mmr-two-doses-5-years"
        ),
    },
    "trafford-data-lab/obese_reception.csv": {
        "Reception prevalence of obesity (including severe obesity)": "reception-obesity",
        "Reception prevalence of obesity (including severe obesity), 5 years data combined": (
            "reception-obesity-5-year"
        ),
    },
    "trafford-data-lab/children_dental_decay.csv": {
        "Percentage of 5 year olds with experience of visually obvious dental decay": (
            "dental-decay-age-5"
        ),
    },
}
FINGERTIPS = {
    "fingertips/indicator_20401.csv": "under-18-conception-rate",
    "fingertips/indicator_93085.csv": "smoking-at-time-of-delivery",
    "fingertips/indicator_30302.csv": "hepatitis-b-coverage-2-years",
    "fingertips/indicator_92026.csv": "reception-obesity-5-year",
}


def read_rows(file: str) -> list[dict[str, str]]:
    with (PACKAGED / file).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module", params=PLANS)
def plan(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# -- the files ----------------------------------------------------------------------------


def test_packaged_files_are_unchanged_copies_of_the_shared_data() -> None:
    shipped = sorted(p.relative_to(PACKAGED) for p in PACKAGED.rglob("*") if p.is_file())
    shipped = [p for p in shipped if p.name != "README.md"]
    assert len(shipped) == 31
    shipped = [p for p in shipped if p.parts[0] != "early-years"]  # see test_early_years.py
    assert len(shipped) == 18
    for relative in shipped:
        assert (PACKAGED / relative).read_bytes() == (SHARED / relative).read_bytes(), relative


def test_readme_has_licence_and_provenance() -> None:
    text = (PACKAGED / "README.md").read_text(encoding="utf-8")
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0."
        in text
    )
    assert "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" in text
    for commit in (
        "151f984a7e4da71a73a8103050f5a5370097ae57",
        "ae20a088ae35b93b57843c79ee56e0072915db9e",
        "83e9bc0cd14d1fac19c743c1e5eece54e0145458",
    ):
        assert commit in text


def test_data_path() -> None:
    assert data_path() == PACKAGED
    with pytest.raises(ArgumentError, match="not a shipped data file"):
        data_path("fingertips/indicator_92266.csv")


# -- the observation table -----------------------------------------------------------------


def test_schema_and_check(plan: str) -> None:
    obs = data(plan)
    assert list(obs.columns) == list(OBSERVATION_COLUMNS) + list(EXTRA_COLUMNS)
    assert not obs.duplicated(list(KEY_COLUMNS)).any()
    again = tidy_observations(obs, errors="raise")  # the observation-table check passes
    assert len(again.data) == len(obs)
    # a row without a value is a suppressed one: no count or denominator either
    blank = obs["value"].isna()
    assert (obs.loc[blank, "count"].isna() | obs.loc[blank, "denominator"].isna()).all()
    assert list(data(plan, rejected=True).columns) == list(REJECTED_COLUMNS)


def test_every_indicator_with_data_has_rows_and_england(plan: str) -> None:
    obs = data(plan)
    assert set(obs["indicator"]) == WITH_DATA[plan]
    total = obs[(obs["breakdown_type"] == "Total") & obs["value"].notna()]
    for indicator in WITH_DATA[plan]:
        mine = total[total["indicator"] == indicator]
        assert (ENGLAND in set(mine["area_code"])) == (indicator not in NO_ENGLAND), indicator
        absent = LANCASHIRE_ABSENT if plan == "lancashire" else set()
        assert (AREA[plan] in set(mine["area_code"])) == (indicator not in absent), indicator


def test_coverage_says_no_data_and_where(plan: str) -> None:
    cov = coverage(plan).set_index("indicator")
    has = cov["rows"] > 0
    assert set(cov.index[has]) == WITH_DATA[plan]
    assert (cov.loc[~has, "note"].str.startswith("no data shipped")).all()
    assert (cov.loc[has, "note"] == "").all()
    counts = data(plan).groupby("indicator").size()
    assert (cov.loc[has, "rows"] == counts.reindex(cov.index[has])).all()


def test_only_kept_areas(plan: str) -> None:
    obs = data(plan)
    kept = areas(plan)
    assert set(obs["area_code"]) <= set(kept["area_code"])
    assert not obs["area_code"].str[:3].isin(["E07", "E05"]).any()
    names = dict(zip(kept["area_code"], kept["area_name"], strict=True))
    assert (obs["area_name"] == obs["area_code"].map(names)).all()


def test_areas() -> None:
    lancs = areas("lancashire").set_index("area_code")
    assert lancs.loc["E10000017", "role"] == "area"
    assert "E47000001" not in lancs.index  # Greater Manchester is Trafford's comparator
    assert "E09000006" not in lancs.index  # Bromley: a Trafford neighbour only
    traff = areas("trafford").set_index("area_code")
    assert traff.loc["E08000007", "groups"] == "North West council; statistical neighbour"
    assert traff.loc["E47000001", "role"] == "comparator"
    assert traff.index.is_unique


def test_unknown_plan() -> None:
    with pytest.raises(ArgumentError, match="not a shipped plan"):
        data("manchester")


def test_returns_copies() -> None:
    first = data("trafford")
    first["value"] = -1.0
    assert (data("trafford")["value"] != -1.0).all()


# -- nothing lost ---------------------------------------------------------------------------


def test_sources_account_for_every_file_row(plan: str) -> None:
    table = sources(plan).set_index("file")
    assert len(table) == 18
    for file, row in table.iterrows():
        if str(file).endswith(".json"):
            records = json.loads((PACKAGED / str(file)).read_text(encoding="utf-8"))
            assert row["rows"] == len(records)
        else:
            assert row["rows"] == len(read_rows(str(file)))
        parts = row["other_indicators"] + row["other_areas"] + row["rejected"] + row["used"]
        assert row["rows"] == parts + row["overlap"]


def _out_and_rejected(plan: str, file: str) -> tuple[int, int]:
    obs = data(plan)
    bad = data(plan, rejected=True)
    return (
        int(obs.loc[obs["source_file"] == file, "source_rows"].sum()),
        int((bad["source_file"] == file).sum()),
    )


@pytest.mark.parametrize("file", sorted(LONG_FILES))
def test_long_file_rows_in_equal_rows_out_plus_rejected(plan: str, file: str) -> None:
    wanted = {name: ind for name, ind in LONG_FILES[file].items() if ind in WITH_DATA[plan]}
    kept = set(areas(plan)["area_code"])
    rows = read_rows(file)
    expected = sum(1 for r in rows if r["indicator"] in wanted and r["area_code"] in kept)
    out, rejected = _out_and_rejected(plan, file)
    assert out + rejected == expected
    assert out > 0 or not wanted


@pytest.mark.parametrize("file", sorted(FINGERTIPS))
def test_fingertips_rows_in_equal_rows_out_plus_rejected(plan: str, file: str) -> None:
    rows = read_rows(file)
    expected = len(rows) if FINGERTIPS[file] in WITH_DATA[plan] else 0
    out, rejected = _out_and_rejected(plan, file)
    assert out + rejected == expected
    assert rejected == 0
    suppressed = sum(1 for r in rows if not r["Value"] and not (r["Count"] and r["Denominator"]))
    obs = data(plan)
    mine = obs[obs["source_file"] == file]
    assert int(mine["value"].isna().sum()) == (suppressed if expected else 0)


def test_ofsted_files_rows_in_equal_rows_out_plus_rejected() -> None:
    for file in (
        "trafford-data-lab/childcare_providers.csv",
        "trafford-data-lab/early_years_settings.csv",
    ):
        out, rejected = _out_and_rejected("trafford", file)
        assert out + rejected == len(read_rows(file))
        assert _out_and_rejected("lancashire", file) == (0, 0)


def test_rejected_rows_are_not_in_the_data(plan: str) -> None:
    obs = data(plan)
    bad = data(plan, rejected=True)
    assert bad["reason"].notna().all()
    direct = obs[obs["source_line"].notna()]
    where = ["source_file", "source_line", "indicator", "area_code", "period", "sex"]
    used = set(direct[where].astype(str).itertuples(index=False))
    rejected = set(bad[where].astype(str).itertuples(index=False))
    assert not used & rejected
    assert len(rejected) == len(bad)


def test_na_values_are_rejected_not_dropped() -> None:
    bad = data("trafford", rejected=True)
    dental = bad[bad["source_file"] == "trafford-data-lab/children_dental_decay.csv"]
    assert (dental["raw_value"] == "NA").all()
    assert set(dental["reason"]) == {"no value published (the file has 'NA')"}
    rows = read_rows("trafford-data-lab/children_dental_decay.csv")
    kept = set(areas("trafford")["area_code"])
    assert len(dental) == sum(1 for r in rows if r["value"] == "NA" and r["area_code"] in kept)


# -- values are the files' values --------------------------------------------------------


@pytest.mark.parametrize("file", sorted(LONG_FILES))
def test_long_file_values_equal_the_file(plan: str, file: str) -> None:
    obs = data(plan)
    mine = obs[obs["source_file"] == file]
    if not len(mine):
        return
    raw = pd.read_csv(PACKAGED / file, dtype=str, keep_default_na=False)
    raw.index = raw.index + 2  # line numbers: the header is line 1
    lines = mine["source_line"].astype(int).to_numpy()
    source = raw.loc[lines]
    assert (mine["value"].to_numpy() == source["value"].astype(float).to_numpy()).all()
    assert (mine["area_code"].to_numpy() == source["area_code"].to_numpy()).all()
    names = mine["indicator"].to_numpy()
    assert (names == source["indicator"].map(LONG_FILES[file]).to_numpy()).all()
    comparison = next((c for c in ("compared_to_England", "significance") if c in raw), None)
    if comparison:
        assert (mine["published_comparison"].to_numpy() == source[comparison].to_numpy()).all()
    if "inequality" in raw:
        quintile = source["inequality"] != "NA"
        assert (mine["breakdown"].to_numpy()[quintile] == source["inequality"][quintile]).all()
        assert (mine["breakdown_type"].to_numpy()[quintile] == QUINTILE_BREAKDOWN).all()
        assert (mine["breakdown"].to_numpy()[~quintile] == "Total").all()


@pytest.mark.parametrize("file", sorted(FINGERTIPS))
def test_fingertips_values_equal_the_file(plan: str, file: str) -> None:
    obs = data(plan)
    mine = obs[obs["source_file"] == file]
    if not len(mine):
        return
    raw = pd.read_csv(PACKAGED / file, keep_default_na=True)
    raw.index = raw.index + 2
    source = raw.loc[mine["source_line"].astype(int).to_numpy()]
    for ours, theirs in (
        ("value", "Value"),
        ("count", "Count"),
        ("denominator", "Denominator"),
        ("lower_95", "LowerCI"),
        ("upper_95", "UpperCI"),
    ):
        np.testing.assert_array_equal(mine[ours].to_numpy(), source[theirs].to_numpy(dtype=float))
    assert (mine["area_code"].to_numpy() == source["AreaCode"].to_numpy()).all()
    assert (mine["fingertips_id"].to_numpy() == source["IndicatorId"].astype(str).to_numpy()).all()


def test_spot_values() -> None:
    traff = data("trafford")
    traff = traff[traff["sex"] == "Persons"].set_index(
        ["indicator", "area_code", "period", "breakdown"]
    )
    assert traff.loc[("school-readiness-gld", "E08000009", "2024/25", "Total"), "value"] == 74.0
    assert traff.loc[("school-readiness-gld-fsm", "E92000001", "2021/22", "Total"), "value"] == 49.1
    assert traff.loc[("mmr-one-dose-2-years", "E08000009", "2017/18", "Total"), "value"] == 96.5
    key = ("reception-obesity-5-year", "E08000009", "2020/21 - 24/25", "Most deprived quintile")
    assert traff.loc[key, "value"] == 10.4
    assert traff.loc[key, "published_comparison"] == "Similar"
    lancs = data("lancashire")
    female = (lancs["indicator"] == "smoking-at-time-of-delivery") & (lancs["sex"] == "Female")
    lancs = lancs[(lancs["sex"] == "Persons") | female]
    lancs = lancs.set_index(["indicator", "area_code", "period", "breakdown"])
    row = lancs.loc[("smoking-at-time-of-delivery", "E92000001", "2018/19", "Total")]
    assert (row["count"], row["denominator"]) == (61399.0, 579995.0)
    assert row["period_type"] == "financial"
    pooled = lancs.loc[("reception-obesity-5-year", "E92000001", "2018/19 - 22/23", "Total")]
    assert pooled["period_type"] == "pooled"
    assert pooled["period_start"] == pd.Timestamp("2018-09-01")


def test_early_years_settings_fractions_are_converted() -> None:
    rows = read_rows("trafford-data-lab/early_years_settings.csv")
    shares: Counter[str] = Counter()
    for r in rows:
        if r["group"] in ("Outstanding", "Good"):
            shares[r["area_code"]] += float(r["value"])
    obs = data("trafford")
    mine = obs[obs["source_file"] == "trafford-data-lab/early_years_settings.csv"]
    assert len(mine) == 3
    got = dict(zip(mine["area_code"], mine["value"], strict=True))
    assert got == {code: round(100 * share, 1) for code, share in shares.items()}
    assert got["E08000009"] == 96.6
    assert (mine["source_rows"] == 2).all()
    assert mine["source_line"].isna().all()
    assert mine["value_note"].str.startswith("computed").all()


def test_provider_list_row() -> None:
    obs = data("trafford")
    row = obs[obs["source_file"] == "trafford-data-lab/childcare_providers.csv"].iloc[0]
    ratings = Counter(r["rating"] for r in read_rows("trafford-data-lab/childcare_providers.csv"))
    assert row["count"] == ratings["Outstanding"] + ratings["Good"]
    assert row["denominator"] == sum(n for r, n in ratings.items() if r != "NA")
    assert row["period"] == "2018-12"
    assert row["value"] == pytest.approx(100 * row["count"] / row["denominator"])
