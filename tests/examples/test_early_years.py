"""The early-years files (DfE, ONS SDG, la-ph-walkthrough) in the example data.

Each file is read here independently (``csv`` / ``json``) and compared with what
:func:`outcomeframe.examples.data` makes of it; the values that two sources both publish
are compared (the cross-checks of the sources' PROVENANCE notes); and the indicators
with data for each plan's own area are pinned.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe.examples._build import KEY_COLUMNS, file_rows
from outcomeframe.examples._places import codes_for_names
from outcomeframe.examples._readers_dfe import EYFSP_FILE, SDG_FILE, SMAPEY_FILE, SMAPEY_LONG_FILE
from outcomeframe.examples._readers_laph import COMPARE_FILE, LOWER_TIER_FILE, NEIGHBOURS_FILE
from tests.report.conftest import assessed

ROOT = Path(__file__).resolve().parents[2]
PACKAGED = ROOT / "src" / "outcomeframe" / "examples" / "published"
SHARED = ROOT.parent / "shared" / "data"
AREAS_JSON = ROOT / "tests" / "data" / "fingertipsnext" / "areas.json"
LANCS, TRAFF, ENGLAND = "E10000017", "E08000009", "E92000001"

#: The indicators with a value for the plan's own area (the targets of issue 12: at least
#: 10 of Lancashire's 16, at least 11 of Trafford's 13).
AREA_DATA = {
    "lancashire": {
        "infant-mortality-rate",
        "low-birth-weight-term-babies",
        "smoking-at-time-of-delivery",
        "under-18-conception-rate",
        "school-readiness-gld",
        "reception-cll-expected-level",
        "school-readiness-gld-fsm",
        "reception-cll-expected-level-fsm",
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
AREA = {"lancashire": LANCS, "trafford": TRAFF}


@functools.cache
def rows(file: str) -> tuple[dict[str, str], ...]:
    """The rows of a packaged CSV file, read once (no test changes them)."""
    with (PACKAGED / file).open(newline="", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def records(file: str) -> list[dict[str, object]]:
    loaded = json.loads((PACKAGED / file).read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded


def one(obs: pd.DataFrame, **where: str) -> pd.Series:
    mask = pd.Series(True, index=obs.index)
    for column, value in where.items():
        mask &= obs[column] == value
    found = obs.loc[mask]
    assert len(found) == 1, (where, len(found))
    return found.iloc[0]


# -- the files ------------------------------------------------------------------------------


def test_files_are_whole_copies_with_their_checksums_in_the_readme() -> None:
    readme = (PACKAGED / "README.md").read_text(encoding="utf-8")
    shipped = sorted(p for p in (PACKAGED / "early-years").rglob("*") if p.is_file())
    assert len(shipped) == 13
    for path in shipped:
        relative = path.relative_to(PACKAGED).as_posix()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"`{digest}`" in readme, relative
        assert relative.split("/", 2)[2] in readme, relative
        source = SHARED / relative
        if source.is_file():  # the shared data folder, where it is present
            assert source.read_bytes() == path.read_bytes(), relative


def test_licences_and_commits_recorded() -> None:
    readme = (PACKAGED / "README.md").read_text(encoding="utf-8")
    for commit in (
        "b215e61ee7717f3263380f3c9dba53232b1b7c16",
        "844d359295a8956305e17fb281bb870510e6f538",
        "b68b9d92341d106c2ce1535d6efe7cc0a30b322c",
        "c355f236f4de15b02aac28b104152f04ce3cfcf3",
        "f81f914e1e7498bb3a51a05029fdaf1f97a7e531",
    ):
        assert commit in readme
    licence = (PACKAGED / "early-years" / "sdg-data" / "LICENSE").read_text(encoding="utf-8")
    assert "Open Government" in licence


# -- the targets ------------------------------------------------------------------------------


@pytest.mark.parametrize("plan", ["lancashire", "trafford"])
def test_indicators_with_data_for_the_plans_area(plan: str) -> None:
    obs = of.examples.data(plan)
    mine = obs[(obs["area_code"] == AREA[plan]) & obs["value"].notna()]
    assert set(mine["indicator"]) == AREA_DATA[plan]
    target = {"lancashire": 10, "trafford": 11}[plan]
    assert len(set(mine["indicator"])) >= target
    cov = of.examples.coverage(plan).set_index("indicator")
    assert set(cov.index[cov["area_rows"] > 0]) == AREA_DATA[plan]


def test_take_up_target_can_be_judged() -> None:
    obs = of.examples.data("trafford")
    take_up = obs[(obs["indicator"] == "two-year-old-entitlement-take-up-rate")]
    trafford = take_up[take_up["area_code"] == TRAFF].set_index("period")["value"]
    assert list(trafford.index) == [str(y) for y in range(2016, 2024)]
    # ONS SDG 4.2.2 (1 dp) from 2018, smapey (whole %) for 2016-2017
    expected = {"2018": 108.6, "2019": 90.1, "2020": 99.8, "2021": 87.8, "2022": 107.8}
    expected["2023"] = 103.1
    for year, value in expected.items():
        assert trafford[year] == value
    table = assessed("trafford").table  # the plan assessed on these same data
    rows = table[
        (table["indicator"] == "two-year-old-entitlement-take-up-rate")
        & (table["area_code"] == TRAFF)
        & table["headline"]
    ]
    assert len(rows) == 1
    assert rows["target_status"].iloc[0] in {"Met", "Off track", "On course"}


# -- DfE EYFSP 2021/22 ----------------------------------------------------------------------


@functools.cache
def _eyfsp_by_key() -> dict[tuple[str, str, str], list[dict[str, str]]]:
    """The council and national rows of the EYFSP file by (code, group, gender)."""
    found: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for r in rows(EYFSP_FILE):
        if r["geographic_level"] in ("Local authority", "National"):
            key = (r["new_la_code"] or r["country_code"], r["characteristic_type"], r["gender"])
            found.setdefault(key, []).append(r)
    return found


def eyfsp(code: str, group: str, gender: str = "Total") -> dict[str, str]:
    (row,) = _eyfsp_by_key().get((code, group, gender), [])
    return row


@pytest.mark.parametrize("code", [LANCS, ENGLAND])
def test_eyfsp_counts_become_count_and_denominator(code: str) -> None:
    obs = of.examples.data("lancashire")
    for indicator, group, measure in (
        ("school-readiness-gld", "Total", "gld"),
        ("reception-cll-expected-level", "Total", "comm_lang_lit"),
        ("school-readiness-gld-fsm", "Known to be eligible for free school meals", "gld"),
        (
            "reception-cll-expected-level-fsm",
            "Known to be eligible for free school meals",
            "comm_lang_lit",
        ),
    ):
        for gender, sex in (("Total", "Persons"), ("Girls", "Female"), ("Boys", "Male")):
            source = eyfsp(code, group, gender)
            row = one(obs, indicator=indicator, area_code=code, period="2021/22", sex=sex)
            assert row["count"] == float(source[f"{measure}_number"])
            assert row["denominator"] == float(source["children_number"])
            assert row["value"] == float(source[f"{measure}_percentage"])
            assert row["source_file"] == EYFSP_FILE


def test_eyfsp_provenance_checks() -> None:
    obs = of.examples.data("lancashire")
    gld = one(
        obs, indicator="school-readiness-gld", area_code=ENGLAND, period="2021/22", sex="Persons"
    )
    assert (gld["count"], gld["denominator"], gld["value"]) == (405723, 622583, 65.2)
    fsm = one(
        obs,
        indicator="school-readiness-gld-fsm",
        area_code=ENGLAND,
        period="2021/22",
        sex="Persons",
    )
    assert (fsm["count"], fsm["denominator"], fsm["value"]) == (55944, 113882, 49.1)
    gld = one(
        obs, indicator="school-readiness-gld", area_code=LANCS, period="2021/22", sex="Persons"
    )
    assert (gld["count"], gld["denominator"]) == (8355, 13449)
    fsm = one(
        obs, indicator="school-readiness-gld-fsm", area_code=LANCS, period="2021/22", sex="Persons"
    )
    assert (fsm["count"], fsm["denominator"]) == (1029, 2330)


def test_sen_share_is_all_sen_over_total() -> None:
    obs = of.examples.data("lancashire")
    for code in (LANCS, ENGLAND):
        total = float(eyfsp(code, "Total")["children_number"])
        sen = float(eyfsp(code, "All SEN")["children_number"])
        parts = sum(float(eyfsp(code, g)["children_number"]) for g in ("SEN support", "EHC plan"))
        assert sen == parts  # "All SEN" is SEN support + EHC plan
        row = one(obs, indicator="send-identification-reception", area_code=code, sex="Persons")
        assert (row["count"], row["denominator"]) == (sen, total)
        assert row["value"] == pytest.approx(100 * sen / total)
        assert row["lower_95"] < row["value"] < row["upper_95"]
        assert str(row["value_note"]).startswith("computed")


def test_gld_sen_support_for_trafford() -> None:
    obs = of.examples.data("trafford")
    source = eyfsp(TRAFF, "SEN support")
    row = one(obs, indicator="gld-sen-support", area_code=TRAFF, sex="Persons")
    assert (row["count"], row["denominator"]) == (
        float(source["gld_number"]),
        float(source["children_number"]),
    )


def test_district_rows_are_never_used() -> None:
    obs = of.examples.data("trafford")
    lines = set(obs.loc[obs["source_file"] == EYFSP_FILE, "source_line"].astype(int))
    levels = {i + 2: r["geographic_level"] for i, r in enumerate(rows(EYFSP_FILE))}
    assert {levels[line] for line in lines} == {"National", "Regional", "Local authority"}


# -- smapey 2016-2018 and take-up 2016-2019 -------------------------------------------------


def test_smapey_percentages_and_codes() -> None:
    obs = of.examples.data("lancashire")
    (lancs,) = [r for r in rows(SMAPEY_FILE) if r["LA_Name"] == "Lancashire"]
    for year, period in ((2016, "2015/16"), (2017, "2016/17"), (2018, "2017/18")):
        for indicator, column in (
            ("school-readiness-gld", "All_Percent_GLD"),
            ("reception-cll-expected-level", "All_Percent_AoL_CL_and_Lit"),
        ):
            row = one(obs, indicator=indicator, area_code=LANCS, period=period)
            assert row["value"] == float(lancs[f"{column}_{year}_LA"])
            assert pd.isna(row["count"])  # the Number columns are cohorts, not achievers
            england = one(obs, indicator=indicator, area_code=ENGLAND, period=period)
            assert england["value"] == float(lancs[f"{column}_{year}_National"])
    assert float(lancs["All_Percent_GLD_2018_LA"]) == 69.5
    assert lancs["All_Number_GLD_2018_LA"] == "14094"


def test_smapey_council_numbers_agree_with_the_eyfsp_file() -> None:
    numbers = {r["LA_Number"]: r["LA_Code"] for r in rows(SMAPEY_LONG_FILE)}
    eyfsp_codes = {
        r["old_la_code"]: r["new_la_code"]
        for r in rows(EYFSP_FILE)
        if r["geographic_level"] == "Local authority"
    }
    same = [n for n in numbers if n in eyfsp_codes and numbers[n] == eyfsp_codes[n]]
    changed = {n for n in numbers if n in eyfsp_codes and numbers[n] != eyfsp_codes[n]}
    assert len(same) >= 145
    assert {numbers[n] for n in changed} <= {"E10000002", "E10000021", "E06000028", "E06000029"}
    assert numbers["888"] == LANCS
    assert numbers["358"] == TRAFF


# -- ONS SDG 4.2.2: names to codes ----------------------------------------------------------


def test_names_to_codes_agree_with_the_ohid_area_list() -> None:
    areas = json.loads(AREAS_JSON.read_text(encoding="utf-8"))
    councils = {
        a["areaName"].removesuffix(" UA"): a["areaCode"]
        for a in areas
        if a["areaType"] == "Counties and Unitary Authorities"
    }
    kept = pd.concat([of.examples.areas(p) for p in ("lancashire", "trafford")])
    kept = kept[kept["role"] != "comparator"].drop_duplicates("area_code")
    in_list = kept[kept["area_code"].isin(councils.values())]
    assert len(in_list) >= 30
    names = pd.Series([n for n, c in councils.items() if c in set(in_list["area_code"])])
    got = codes_for_names(names, pd.Series(pd.Timestamp("2024-01-01"), index=names.index))
    assert list(got) == [councils[n] for n in names]
    # every kept council the SDG file names is found
    sdg_names = {r["Local authority"] for r in rows(SDG_FILE) if r["Local authority"]}
    wanted = sorted(set(kept["area_name"]) & sdg_names)
    starts = pd.Series(pd.Timestamp("2019-01-01"), index=range(len(wanted)))
    assert codes_for_names(pd.Series(wanted), starts).notna().all()
    assert {"Cumberland", "Westmorland and Furness"} & sdg_names == set()


def test_sdg_take_up_rows() -> None:
    obs = of.examples.data("trafford")
    take_up = obs[obs["indicator"] == "two-year-old-entitlement-take-up-rate"]
    from_sdg = take_up[take_up["source_file"] == SDG_FILE]
    source = rows(SDG_FILE)
    for row in from_sdg.itertuples():
        cells = source[int(row.source_line) - 2]
        assert cells["Age"] == "2"
        assert float(cells["Value"]) == row.value
        assert str(cells["Year"]) == row.period
        if cells["Local authority"]:
            assert cells["Local authority"] == row.area_name
            assert cells["GeoCode"] != row.area_code  # the GeoCode is the region
        elif cells["Region"]:
            assert cells["GeoCode"] == row.area_code
        else:
            assert row.area_code == ENGLAND
    bucks = take_up[take_up["area_name"] == "Buckinghamshire"].set_index("period")["area_code"]
    assert bucks["2020"] == "E10000002"
    assert bucks["2021"] == "E06000060"


# -- la-ph-walkthrough ----------------------------------------------------------------------


def test_lancashire_fingertips_values_from_the_neighbour_file() -> None:
    obs = of.examples.data("lancashire")
    imr = one(obs, indicator="infant-mortality-rate", area_code=LANCS)
    assert imr["period"] == "2016 - 18"
    assert imr["period_type"] == "pooled"
    assert (imr["count"], imr["denominator"], imr["value"]) == (179, 38178, 4.6886)
    assert (imr["lower_95"], imr["upper_95"]) == (4.0268, 5.428)
    assert imr["published_comparison"] == "Significantly higher"
    lbw = one(obs, indicator="low-birth-weight-term-babies", area_code=LANCS)
    assert (lbw["period"], lbw["count"], lbw["denominator"]) == ("2017", 355, 11567)
    u18 = one(obs, indicator="under-18-conception-rate", area_code=LANCS, period="2017")
    assert (u18["count"], u18["denominator"], u18["sex"], u18["age"]) == (
        436,
        19047,
        "Female",
        "<18 yrs",
    )
    gld = one(obs, indicator="school-readiness-gld", area_code=LANCS, period="2018/19")
    assert (gld["count"], gld["denominator"]) == (9522, 13761)
    # the periods come from the metadata file, by indicator name
    meta = {
        r["Name"]: r["Timeperiod"]
        for r in records("early-years/la-ph-walkthrough/ut_data_meta_extract.json")
    }
    assert meta["Infant mortality rate"] == "2016 - 18"


def test_england_counts_from_the_lower_tier_file() -> None:
    obs = of.examples.data("lancashire")
    for indicator, period, count, denominator in (
        ("infant-mortality-rate", "2015 - 17", 7734, 1974348),
        ("low-birth-weight-term-babies", "2017", 16534, 586452),
        ("under-18-conception-rate", "2017", 15748, 885526),
    ):
        row = one(obs, indicator=indicator, area_code=ENGLAND, period=period)
        assert (row["count"], row["denominator"]) == (count, denominator)
        assert row["source_file"] == LOWER_TIER_FILE
    # England 2016-18 infant mortality: values and limits only, from Comp_data_ut.json
    row = one(obs, indicator="infant-mortality-rate", area_code=ENGLAND, period="2016 - 18")
    assert row["source_file"] == COMPARE_FILE
    assert pd.isna(row["count"])


def test_broken_breastfeeding_zeros_are_rejected() -> None:
    raw = file_rows()
    broken = raw[
        (raw["source_file"] == NEIGHBOURS_FILE)
        & (raw["indicator_name"] == "Breastfeeding initiation")
        & (raw["area_name"] == "Lancashire")
    ]
    assert len(broken) == 1
    assert "processing artefact" in str(broken["reason"].iloc[0])
    source = [r for r in records(NEIGHBOURS_FILE) if r["Area_name"] == "Lancashire"]
    (feeding,) = [r for r in source if r["Name"] == "Breastfeeding initiation"]
    assert feeding["Value"] == 0
    assert feeding["Lower_CI"] == 0
    for plan in ("lancashire", "trafford"):
        obs = of.examples.data(plan)
        laph = obs[obs["source_file"].str.startswith("early-years/la-ph")]
        assert not ((laph["value"] == 0) & (laph["lower_95"] == 0)).any()


# -- cross-checks: values that two sources both publish -------------------------------------

#: (file set aside, file used) -> the largest difference allowed: the rounding of the
#: less precise of the two (whole percentages, 1 dp, or 4 dp against Fingertips' own).
AGREE = {
    (SMAPEY_LONG_FILE, SDG_FILE): 0.5,
    (SMAPEY_LONG_FILE, SMAPEY_LONG_FILE): 0.0,
    (SMAPEY_FILE, SMAPEY_FILE): 0.0,
    (SMAPEY_FILE, "trafford-data-lab/school_readiness_fsm.csv"): 0.0,
    ("trafford-data-lab/school_readiness.csv", EYFSP_FILE): 0.0,
    (NEIGHBOURS_FILE, NEIGHBOURS_FILE): 0.0,
    (NEIGHBOURS_FILE, "fingertips/indicator_93085.csv"): 5e-5,
    (COMPARE_FILE, "fingertips/indicator_93085.csv"): 5e-5,
    (COMPARE_FILE, LOWER_TIER_FILE): 5e-5,
    (LOWER_TIER_FILE, NEIGHBOURS_FILE): 0.0,
}


@pytest.mark.parametrize("plan", ["lancashire", "trafford"])
def test_overlapping_values_agree(plan: str) -> None:
    obs = of.examples.data(plan)
    bad = of.examples.data(plan, rejected=True)
    overlap = bad[bad["reason"].str.startswith("overlap")]
    assert len(overlap) > 0
    key = list(KEY_COLUMNS)
    merged = overlap.merge(
        obs[[*key, "value", "source_file", "source_line"]],
        on=key,
        how="left",
        suffixes=("", "_used"),
    )
    assert merged["value"].notna().all()  # every overlap names a row that is used
    named = merged["reason"].str.extract(r"used from (\S+) line (\d+)")
    assert (named[0] == merged["source_file_used"]).all()
    assert (named[1].astype(int) == merged["source_line_used"].astype(int)).all()
    theirs = pd.to_numeric(merged["raw_value"], errors="coerce")
    assert theirs.notna().all()
    pairs = merged.assign(diff=(theirs - merged["value"]).abs())
    for (mine, used), group in pairs.groupby(["source_file", "source_file_used"]):
        assert (mine, used) in AGREE, (mine, used)
        assert group["diff"].max() <= AGREE[(mine, used)] + 1e-9, (mine, used)


def test_named_cross_checks() -> None:
    traff = of.examples.data("trafford", rejected=True)
    smapey = traff[(traff["source_file"] == SMAPEY_LONG_FILE) & (traff["area_code"] == TRAFF)]
    published = dict(zip(smapey["period"], smapey["raw_value"], strict=False))
    assert published["2018"] == "109"
    assert published["2019"] == "90"
    lancs = of.examples.data("lancashire", rejected=True)
    satod = lancs[
        (lancs["source_file"] == NEIGHBOURS_FILE)
        & (lancs["area_code"] == LANCS)
        & (lancs["indicator"] == "smoking-at-time-of-delivery")
    ]
    assert len(satod) == 1
    assert re.match(r"13\.405", str(satod["raw_value"].iloc[0]))
    obs = of.examples.data("lancashire")
    used = one(obs, indicator="smoking-at-time-of-delivery", area_code=LANCS, period="2018/19")
    assert used["source_file"] == "fingertips/indicator_93085.csv"
    assert used["value"] == pytest.approx(13.4056, abs=5e-5)
