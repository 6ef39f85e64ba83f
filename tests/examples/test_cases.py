"""The two worked cases, recomputed independently from the shipped files."""

from __future__ import annotations

import csv
import itertools
from collections import Counter
from pathlib import Path

import pytest

from outcomeframe._errors import ArgumentError
from outcomeframe.examples._cases import gld_fsm_gap, ofsted_target

DATA = Path(__file__).resolve().parents[2] / "src" / "outcomeframe" / "examples" / "published"
LAB = DATA / "trafford-data-lab"
GLD = (
    "School readiness: percentage of children achieving a good level of development at the "
    "end of Reception"
)
GLD_FSM = (
    "School readiness: percentage of children with free school meal status achieving a good "
    "level of development at the end of Reception"
)


def read_rows(name: str) -> list[dict[str, str]]:
    with (LAB / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# -- case a: 95% of providers Good or Outstanding -------------------------------------------


def test_rating_counts_match_plain_counting() -> None:
    rows = read_rows("childcare_providers.csv")
    assert len(rows) == 163
    counted = Counter(r["rating"] for r in rows)
    result = ofsted_target()
    got = dict(zip(result.ratings["rating"], result.ratings["providers"], strict=True))
    assert got == dict(counted)
    assert sum(got.values()) == 163


def test_proportion_and_wilson_match_statsmodels() -> None:
    # statsmodels imported here: at module level every worker would pay it while collecting
    from statsmodels.stats.proportion import proportion_confint  # noqa: PLC0415

    rows = read_rows("childcare_providers.csv")
    good = sum(r["rating"] in ("Outstanding", "Good") for r in rows)
    graded = sum(r["rating"] != "NA" for r in rows)
    result = ofsted_target()
    for treatment, denominator in (("graded only", graded), ("no grade as not Good", len(rows))):
        row = result.summary.loc[treatment]
        assert (row["count"], row["denominator"]) == (good, denominator)
        assert row["value"] == pytest.approx(100 * good / denominator)
        for alpha, level in ((0.05, "95"), (0.002, "99_8")):
            low, high = proportion_confint(good, denominator, alpha=alpha, method="wilson")
            assert row[f"lower_{level}"] == pytest.approx(100 * low, rel=1e-9)
            assert row[f"upper_{level}"] == pytest.approx(100 * high, rel=1e-9)
    assert (good, graded) == (116, 120)


def test_target_judgement() -> None:
    result = ofsted_target()
    assert result.target == 95.0  # read from the framework file
    main = result.summary.loc["graded only"]
    assert bool(main["met"]) is bool(main["value"] >= 95.0)
    assert bool(main["met"])
    assert bool(main["target_in_95"]) is bool(main["lower_95"] <= 95.0 <= main["upper_95"])
    assert bool(main["target_in_95"])  # met, but not significantly above 95%
    sensitivity = result.summary.loc["no grade as not Good"]
    assert not bool(sensitivity["met"])
    assert not bool(sensitivity["target_in_95"])


def test_published_shares_in_percent() -> None:
    rows = read_rows("early_years_settings.csv")
    published = ofsted_target().published
    column = {
        "Outstanding": "outstanding",
        "Good": "good",
        "Requires improvement": "requires_improvement",
        "Inadequate": "inadequate",
    }
    for r in rows:
        assert published.loc[r["area_code"], column[r["group"]]] == pytest.approx(
            100 * float(r["value"])
        )
    trafford = published.loc["E08000009"]
    assert trafford["good_or_outstanding"] == pytest.approx(96.6)
    assert trafford["period"] == "2018-08"


# -- case b: the FSM gap in GLD ------------------------------------------------------------


SMAPEY = (
    DATA
    / "early-years"
    / "smapey-dashboard"
    / "combined_three_years_data_2018_R_v5_postbeta_sup.csv"
)
EYFSP = DATA / "early-years" / "SEND-AP-Inclusion-Dashboard" / "1_eyfsp_headline_measures_2022.csv"
NAMES = {"E08000009": "Trafford", "E10000017": "Lancashire", "E92000001": "England"}
GLD_FSM_OLD = (
    "Children with free school meal status achieving a good level of development at the "
    "end of reception"
)


def expected_gaps(area: str) -> list[tuple[str, float, float, float]]:
    """From the files, read with the csv module: smapey (all children, 2015/16-2017/18),
    Data Lab school_readiness_fsm.csv (FSM, to 2017/18), school_readiness.csv (2021/22 on)."""
    values: dict[tuple[str, str], float] = {}
    for r in read_rows("school_readiness.csv"):
        if r["area_code"] == area:
            values[(r["indicator"], r["period"])] = float(r["value"])
    for r in read_rows("school_readiness_fsm.csv"):
        if r["area_code"] == area and r["indicator"] == GLD_FSM_OLD:
            values[(GLD_FSM, r["period"])] = float(r["value"])
    with SMAPEY.open(newline="", encoding="utf-8") as handle:
        smapey = list(csv.DictReader(handle))
    for year in (2016, 2017, 2018):
        period = f"{year - 1}/{year % 100}"
        if area == "E92000001":
            cell = smapey[0][f"All_Percent_GLD_{year}_National"]
        else:
            (row,) = [r for r in smapey if r["LA_Name"] == NAMES[area]]
            cell = row[f"All_Percent_GLD_{year}_LA"]
        values[(GLD, period)] = float(cell)
    with EYFSP.open(newline="", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            code = r["country_code"] if r["geographic_level"] == "National" else r["new_la_code"]
            level_ok = r["geographic_level"] in ("National", "Local authority")
            if level_ok and code == area and r["gender"] == "Total":
                which = {"Total": GLD, "Known to be eligible for free school meals": GLD_FSM}
                if r["characteristic_type"] in which:
                    values[(which[r["characteristic_type"]], "2021/22")] = float(
                        r["gld_percentage"]
                    )
    periods = sorted({p for ind, p in values if (GLD, p) in values and (GLD_FSM, p) in values})
    return [
        (p, values[(GLD, p)], values[(GLD_FSM, p)], values[(GLD_FSM, p)] - values[(GLD, p)])
        for p in periods
    ]


@pytest.mark.parametrize(
    ("plan", "area"),
    [("trafford", "E08000009"), ("trafford", "E92000001"), ("lancashire", "E10000017")],
)
def test_gap_recomputed(plan: str, area: str) -> None:
    out = gld_fsm_gap(plan)
    mine = out[out["area_code"] == area]
    expected = expected_gaps(area)
    assert list(mine["period"]) == [p for p, *_ in expected]
    assert list(mine["all_children"]) == [a for _, a, _, _ in expected]
    assert list(mine["fsm"]) == [f for _, _, f, _ in expected]
    assert list(mine["gap"]) == pytest.approx([g for *_, g in expected])
    for era in ("before 2021 reforms", "2021 reforms"):
        part = mine[mine["era"] == era]
        reformed = era == "2021 reforms"
        assert all((p >= "2021/22") == reformed for p in part["period"])
        sizes = [abs(g) for g in part["gap"]]
        changes = [round(b - a, 10) for a, b in itertools.pairwise(sizes)]
        words = ["widening" if c > 0 else "closing" if c < 0 else "no change" for c in changes]
        assert list(part["direction"].iloc[1:]) == words
        assert part["direction"].isna().iloc[0]  # no change across the 2021 break
        assert list(part["change"].iloc[1:]) == pytest.approx(changes)


def test_trafford_gap_widens_every_year_since_the_reforms() -> None:
    out = gld_fsm_gap()
    trafford = out[(out["area_code"] == "E08000009") & (out["era"] == "2021 reforms")]
    assert list(trafford["gap"].round(1)) == [-24.1, -24.7, -24.9, -25.4]
    assert list(trafford["direction"].iloc[1:]) == ["widening"] * 3


def test_lancashire_gap_has_years_before_and_after_the_reforms() -> None:
    out = gld_fsm_gap("lancashire")
    lancs = out[out["area_code"] == "E10000017"]
    assert list(lancs["period"]) == ["2015/16", "2016/17", "2017/18", "2021/22"]
    # 2021/22 from the DfE counts: 1029/2330 FSM children and 8355/13449 all children
    assert lancs["fsm"].iloc[-1] == 44.2
    assert lancs["all_children"].iloc[-1] == 62.1


def test_other_areas_and_bad_codes() -> None:
    out = gld_fsm_gap(area_codes=["E08000007"])  # Stockport, a statistical neighbour
    assert set(out["area_code"]) == {"E08000007"}
    assert len(out) == 7  # 2015/16-2017/18 and 2021/22-2024/25
    with pytest.raises(ArgumentError, match="not kept"):
        gld_fsm_gap(area_codes=["E07000001"])
