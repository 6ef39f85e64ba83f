"""Rolling indicator results up the framework graph."""

from __future__ import annotations

import pandas as pd
import pytest

import outcomeframe as of

ENGLAND, AREA = "E92000001", "E08000009"


def framework() -> of.Framework:
    fw = of.Framework("Roll", area={"code": AREA})
    fw.add(
        of.Vision(id="vision", title="V"),
        of.Priority(id="health", title="Health"),
        of.Priority(id="school", title="School"),
        of.Outcome(id="o-good", title="Good outcome"),
        of.Outcome(id="o-bad", title="Bad outcome"),
        of.Outcome(id="o-none", title="Unmeasured outcome"),
    )
    for i, (pol, outcome) in enumerate(
        [
            ("higher_is_better", "o-good"),
            ("higher_is_better", "o-bad"),
            ("higher_is_better", "o-bad"),
        ]
    ):
        fw.add(
            of.Indicator(
                id=f"i{i}", title=f"I{i}", measure="proportion", unit="percent", polarity=pol
            )
        )
        fw.link(f"i{i}", outcome)
    fw.link("health", "vision")
    fw.link("school", "vision")
    fw.link("o-good", "health")
    fw.link("o-bad", "health")
    fw.link("o-none", "school")
    return fw


def data() -> pd.DataFrame:
    rows = []
    # i0 better than England and improving; i1 worse; i2 similar, flat
    for ind, area_values in {
        "i0": {AREA: [70, 74, 78, 82, 86], ENGLAND: [60] * 5},
        "i1": {AREA: [40] * 5, ENGLAND: [60] * 5},
        "i2": {AREA: [60] * 5, ENGLAND: [60] * 5},
    }.items():
        for area, values in area_values.items():
            for i, v in enumerate(values):
                rows.append((ind, area, str(2016 + i), v, v - 1, v + 1))
    return pd.DataFrame(
        rows, columns=["indicator", "area_code", "period", "value", "lower_95", "upper_95"]
    )


def test_rollup_counts_and_statuses():
    r = framework().assess(data()).rollup().set_index("element")
    assert r.loc["o-good", ["better", "improving", "indicators", "with_data"]].tolist() == [
        1,
        1,
        1,
        1,
    ]
    assert r.loc["o-good", "status"] == "On course"
    assert r.loc["o-good", "drivers"] == "i0"
    assert r.loc["o-bad", ["worse", "similar"]].tolist() == [1, 1]
    assert r.loc["o-bad", "status"] == "Needs attention"
    assert r.loc["o-bad", "drivers"] == "i1"
    assert r.loc["health", "indicators"] == 3
    assert r.loc["health", "status"] == "Mixed"
    assert r.loc["health", "drivers"] == "i0, i1"
    assert r.loc["o-none", "status"] == "No data"
    assert r.loc["school", "status"] == "No data"
    assert r.loc["vision", "kind"] == "vision"
    assert isinstance(r["status"].dtype, pd.CategoricalDtype)


def test_rule_is_configurable():
    a = framework().assess(data())
    strict = a.rollup(rule=of.RollupRule(attention_share=0.3))
    assert strict.set_index("element").loc["health", "status"] == "Needs attention"
    trend_only = a.rollup(rule=of.RollupRule(signals=("trend",)))
    assert trend_only.set_index("element").loc["o-bad", "status"] == "No change"


def test_rollup_for_several_areas_and_errors():
    a = framework().assess(data())
    both = a.rollup(area=[AREA, ENGLAND])
    assert set(both["area_code"]) == {AREA, ENGLAND}
    assert both.set_index(["element", "area_code"]).loc[("o-bad", ENGLAND), "status"] == "No change"
    fw = framework()
    fw.metadata = of.Metadata(title="No area")
    with pytest.raises(of.ArgumentError, match="area"):
        fw.assess(data()).rollup()
    with pytest.raises(of.ArgumentError, match="signals"):
        of.RollupRule(signals=())


def test_indicator_status():
    table = framework().assess(data()).table
    status = of.indicator_status(table).set_axis(
        table["indicator"].astype(str) + "@" + table["area_code"].astype(str)
    )
    assert status[f"i0@{AREA}"] == "Good"
    assert status[f"i1@{AREA}"] == "Concern"
    assert status[f"i2@{AREA}"] == "Neutral"


def test_inequality_gaps_between_breakdowns():
    rows = []
    for i, (most, least) in enumerate([(50, 70), (52, 70), (55, 70), (58, 70), (61, 70)]):
        rows.append(
            (
                "i0",
                AREA,
                str(2016 + i),
                "Deprivation",
                "Most deprived",
                most,
                most - 0.5,
                most + 0.5,
            )
        )
        rows.append(
            (
                "i0",
                AREA,
                str(2016 + i),
                "Deprivation",
                "Least deprived",
                least,
                least - 0.5,
                least + 0.5,
            )
        )
    df = pd.DataFrame(
        rows,
        columns=[
            "indicator",
            "area_code",
            "period",
            "breakdown_type",
            "breakdown",
            "value",
            "lower_95",
            "upper_95",
        ],
    )
    a = framework().assess(df)
    g = a.inequality({"breakdown": "Most deprived"}, {"breakdown": "Least deprived"})
    assert g["gap"].tolist() == [-20, -18, -15, -12, -9]
    assert set(g["gap_status"].astype(str)) == {"Closing"}
    assert g["gap_significant"].all()
    with pytest.raises(of.DataError, match="no observation"):
        a.inequality({"breakdown": "Nobody"}, {"breakdown": "Least deprived"})
    with pytest.raises(of.ArgumentError, match="colour"):
        a.inequality({"colour": "red"}, {"breakdown": "Least deprived"})


def test_values_without_a_judgement_are_not_assessed():
    rows = [("i0", AREA, "2020", 50.0), ("i1", AREA, "2020", 50.0), ("i2", AREA, "2020", 50.0)]
    values_only = pd.DataFrame(rows, columns=["indicator", "area_code", "period", "value"])
    r = framework().assess(values_only).rollup().set_index("element")
    assert r.loc["o-bad", "with_data"] == 2
    assert r.loc["o-bad", "status"] == "Not assessed"
    assert r.loc["o-none", "status"] == "No data"


def test_out_of_date_values_do_not_decide_while_newer_ones_exist():
    """i1 (worse than England) stops in 2012 while the other series run to 2024."""
    fw = framework()
    rows = []
    for ind, years, area_value in (("i0", range(2020, 2025), 80), ("i1", range(2008, 2013), 40)):
        for year in years:
            for area, value in ((AREA, area_value), (ENGLAND, 60)):
                rows.append((ind, area, str(year), value, value - 1, value + 1))
    obs = pd.DataFrame(
        rows, columns=["indicator", "area_code", "period", "value", "lower_95", "upper_95"]
    )
    a = fw.assess(obs)
    r = a.rollup().set_index("element")
    # the vision has a fresh Good (i0) and an out-of-date Concern (i1): i0 decides
    assert r.loc["vision", "status"] == "On course"
    assert r.loc["vision", "out_of_date"] == 1
    assert r.loc["vision", "oldest_period"] == "2012"
    assert r.loc["vision", "newest_period"] == "2024"
    # o-bad is measured by i1 (out of date) and i2 (no data): nothing newer to decide
    assert r.loc["o-bad", "status"] == "Out of date"
    # counting old values as before
    old = a.rollup(rule=of.RollupRule(stale="include")).set_index("element")
    assert old.loc["vision", "status"] in {"Mixed", "Needs attention"}
    assert old.loc["o-bad", "status"] == "Needs attention"
    with pytest.raises(of.ArgumentError, match="stale"):
        of.RollupRule(stale="sometimes")
