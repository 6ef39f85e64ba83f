"""An Assessment is a snapshot: changing the framework afterwards changes nothing in it."""

from __future__ import annotations

import attrs
import pandas as pd

import outcomeframe as of
from outcomeframe.assessment import assess

ENGLAND, TRAFFORD = "E92000001", "E08000009"


def plan() -> of.Framework:
    fw = of.Framework("Snapshot plan", area={"code": TRAFFORD})
    fw.add(
        of.Vision(id="vision", title="V"),
        of.Outcome(id="o", title="O"),
        of.Indicator(
            id="cover",
            title="Coverage",
            measure="proportion",
            unit="percent",
            polarity="higher_is_better",
        ),
        of.Indicator(
            id="other",
            title="Other",
            measure="proportion",
            unit="percent",
            polarity="higher_is_better",
        ),
    )
    fw.link("o", "vision")
    fw.link("cover", "o")
    fw.link("other", "o")
    return fw


def data() -> pd.DataFrame:
    rows = [
        ("cover", area, str(2015 + i), count, 100)
        for area, counts in ((TRAFFORD, [80, 82, 84]), (ENGLAND, [70, 71, 72]))
        for i, count in enumerate(counts)
    ]
    return pd.DataFrame(rows, columns=["indicator", "area_code", "period", "count", "denominator"])


def test_series_keeps_the_unit_assessed_after_the_framework_changes():
    fw = plan()
    a = fw.assess(data())
    fw.replace(attrs.evolve(fw["cover"], unit="per_1000"))
    assert fw["cover"].unit == "per_1000"  # the live framework did change
    assert set(a.table["unit"].astype("str")) == {"percent"}
    assert set(a.series["unit"].astype("str")) == {"percent"}  # read after the change
    assert a.framework["cover"].unit == "percent"


def test_the_function_form_gives_the_same_snapshot():
    fw = plan()
    a = assess(fw, data())
    before = a.no_data()
    fw.remove("other")
    fw.replace(attrs.evolve(fw["cover"], title="Renamed"))
    pd.testing.assert_frame_equal(a.no_data(), before)
    assert list(before["indicator"]) == ["other"]
    assert "other" in a.framework
    assert a.framework["cover"].title == "Coverage"
    assert of.rollup(a).set_index("element").loc["o", "indicators"] == 2


def test_dashboard_and_chart_titles_are_the_assessed_ones():
    fw = plan()
    a = fw.assess(data())
    fw.replace(attrs.evolve(fw["cover"], title="Renamed after assessing"))
    html = of.report.build_dashboard(a)
    assert "Coverage" in html
    assert "Renamed after assessing" not in html
    fig = of.report.trend_chart(a, "cover", areas=[TRAFFORD])
    assert "Coverage" in fig.axes[0].get_title(loc="left")


def test_the_snapshot_is_the_assessments_own_object_and_its_copies_are_yours():
    # What the module docstring promises, and no more: one object (no copy per read),
    # its copies independent of it, and the snapshot itself not locked.
    fw = plan()
    a = fw.assess(data())
    assert a.framework is a.framework
    assert a.framework is not fw
    mine = a.framework.copy()
    mine.remove("other")
    table = a.table.copy()
    table["value"] = -1.0
    assert "other" in a.framework
    assert (a.table["value"] != -1.0).all()
    assert of.rollup(a).set_index("element").loc["o", "indicators"] == 2
    a.framework.remove("other")  # documented as reaching the assessment
    assert of.rollup(a).set_index("element").loc["o", "indicators"] == 1
