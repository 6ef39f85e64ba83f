"""The dashboard from every route, for any area: Python and the command line, with and without data.

Also what the page says: enablers by name, the objectives and outcomes that
serve the vision directly, numbers as people write them, sources without
paths, the data-age rule, suppressed apart from missing, and breakdowns.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe import report
from outcomeframe.cli import main
from outcomeframe.report._freshness import data_age
from outcomeframe.report._palette import format_value

BLACKPOOL = "E06000009"


def _row(html: str, indicator: str) -> str:
    found = re.search(
        rf'<tr class="indicator-row[^"]*" id="ind-{indicator}".*?</tr>', html, re.DOTALL
    )
    assert found, indicator
    return found.group(0)


# --------------------------------------------------------------------------- routes
@pytest.mark.parametrize("name", ["lancashire", "trafford"])
def test_python_and_command_line_give_the_same_page(
    name: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    area = BLACKPOOL if name == "lancashire" else "E08000007"  # Stockport
    assessment = request.getfixturevalue(name)  # the plan assessed on its shipped data
    python = report.write_dashboard(assessment, tmp_path / "python.html", area=area)
    cli = tmp_path / "cli.html"
    assert main(["report", name, "--area", area, "-o", str(cli)]) == 0
    assert python.read_text("utf-8") == cli.read_text("utf-8")


def test_area_is_honoured_everywhere(lancashire: of.Assessment, lancs_html: str) -> None:
    html = report.build_dashboard(lancashire, area=BLACKPOOL)
    assert "Performance dashboard for <strong>Blackpool</strong>" in html
    own = lancashire.table.query("area_code == @BLACKPOOL and headline and value.notna()")
    assert len(own)
    for r in own.itertuples():  # every value shown is Blackpool's
        text = _row(html, str(r.indicator))
        assert format_value(float(r.value), str(r.unit), measure=str(r.measure)) in text
    summary = html[html.index('id="summary"') : html.index('id="key"')]
    roll = lancashire.rollup(BLACKPOOL).set_index("element")
    for p in lancashire.framework.elements("priority"):
        status = str(roll.loc[p.id, "status"])
        assert re.search(rf'href="#p-{p.id}">.*?>{status}<', summary, re.DOTALL), p.id
    assert "Blackpool compared with England" in html  # the spine chart
    assert lancs_html != html


def test_plan_only_page_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.yaml"
    of.dump(of.examples.load("trafford"), plan)
    out = tmp_path / "plan.html"
    assert main(["report", str(plan), "-o", str(out)]) == 0
    assert "the plan only" in capsys.readouterr().out
    html = out.read_text("utf-8")
    fw = of.examples.load("trafford")
    assert html.count('class="indicator-row plan"') == fw.counts()["indicator"]
    for ind in fw.elements("indicator"):
        if ind.source:
            assert str(ind.source).split(";")[0].replace('"', "&#34;") in html
    for p in fw.elements("priority"):
        assert f'id="p-{p.id}"' in html
    assert "Summary by priority" not in html  # no data, no roll-up


# --------------------------------------------------------------------------- structure
def test_enablers_are_listed_by_name_with_what_they_enable(
    lancs_html: str, trafford: of.Assessment, trafford_html: str
) -> None:
    html = lancs_html
    table = html[html.index('<table class="enablers">') :]
    table = table[: table.index("</table>")]
    for name in ("Safeguarding", "Leadership", "Evidence Base-Practice", "Accountability"):
        assert re.search(rf"<th scope=\"row\">{name}.*?the whole plan", table, re.DOTALL), name
    html = trafford_html
    G = trafford.framework.graph
    for enabler in trafford.framework.elements("enabler"):
        row = re.search(rf'<tr id="en-{enabler.id}">.*?</tr>', html, re.DOTALL)
        assert row, enabler.id
        for target in G.successors(enabler.id):
            if G.nodes[target]["kind"] != "vision":
                assert str(G.nodes[target]["title"]).replace("&", "&amp;") in row.group(0)


def _direct_framework() -> of.Framework:
    fw = of.Framework(title="Direct", area={"code": "E06000001", "name": "Town"})
    fw.add(
        of.Vision(id="v", title="A good start"),
        of.Priority(id="p", title="Health"),
        of.Outcome(id="whole", title="Every child thrives"),
        of.Outcome(id="oc", title="Fewer smokers"),
        of.Indicator(
            id="ind-whole",
            title="Thriving",
            measure="proportion",
            unit="percent",
            polarity="higher_is_better",
        ),
        of.Indicator(
            id="ind-oc",
            title="Smoking",
            measure="proportion",
            unit="percent",
            polarity="lower_is_better",
        ),
    )
    for a, b in [("p", "v"), ("whole", "v"), ("oc", "p"), ("ind-whole", "whole"), ("ind-oc", "oc")]:
        fw.link(a, b)
    return fw


def test_outcomes_serving_the_vision_directly_have_their_own_section() -> None:
    html = report.build_dashboard(_direct_framework())
    direct = html[html.index('id="direct"') : html.index('id="data"')]
    assert "Serving the vision directly" in direct
    assert "Every child thrives" in direct
    assert 'data-indicator="ind-whole"' in direct
    assert "Other indicators" not in html


# --------------------------------------------------------------------------- what it says
def test_numbers_as_people_write_them(lancashire: of.Assessment, lancs_html: str) -> None:
    html = lancs_html
    text = re.sub(r"<svg.*?</svg>", "", html, flags=re.DOTALL)
    assert "dimensionless" not in text
    rates = lancashire.table.query("area_code == 'E10000017' and headline and unit == 'per_1000'")
    for r in rates.itertuples():
        assert f"{r.value:.1f} per 1,000" in _row(html, str(r.indicator))
    counts = re.findall(r"(\d[\d,]*(?:\.\d)?) of (\d[\d,]*(?:\.\d)?)</td>", text)
    assert counts, "the breakdowns print counts"
    assert not [c for pair in counts for c in pair if c.endswith(".0")]
    assert format_value(1043.0, "dimensionless", measure="count") == "1,043"


def test_sources_name_no_local_path(tmp_path: Path) -> None:
    from tests.report.conftest import evil_data, evil_framework  # noqa: PLC0415

    data = tmp_path / "deep" / "folder" / "observations.csv"
    data.parent.mkdir(parents=True)
    evil_data().drop(columns="source").to_csv(data, index=False)
    table = of.read_observations(data)
    html = report.build_dashboard(evil_framework().assess(table))
    assert str(tmp_path) not in html
    assert "deep/folder" not in html
    assert "observations.csv" in html
    assert "the file names no source or licence" in html


def _annual(periods: list[str], indicator: str, code: str) -> list[dict[str, object]]:
    rng = np.random.default_rng(7)  # synthetic counts
    return [
        {
            "indicator": indicator,
            "area_code": code,
            "period": p,
            "count": int(rng.integers(40, 60)),
            "denominator": 100,
        }
        for p in periods
    ]


def test_latest_release_is_not_out_of_date_but_a_missed_one_is() -> None:
    fw = _direct_framework()
    years = ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24"]
    rows = []
    for code in ("E06000001", "E92000001"):
        rows += _annual(years, "ind-oc", code)  # latest 2023/24
        rows += _annual(years[:2], "ind-whole", code)  # stopped at 2020/21
    assessment = fw.assess(pd.DataFrame(rows))
    # 2023/24 ended 31 March 2024; 2024/25 ends March 2025 and is due a year later (+ 3 months)
    ages = data_age(assessment, as_of="2026-05-01").set_index("indicator")
    assert not ages.loc["ind-oc", "stale"]
    assert str(ages.loc["ind-oc", "expected_by"].date()) == "2026-06-30"
    assert ages.loc["ind-whole", "stale"]
    assert set(report.stale_rows(assessment, as_of="2026-07-01")["indicator"]) == {
        "ind-oc",
        "ind-whole",
    }
    html = report.build_dashboard(assessment, as_of="2026-05-01")
    assert "out of date" not in _row(html, "ind-oc")
    assert "out of date" in _row(html, "ind-whole")
    # each status says the period of the values behind it
    status = html[html.index('id="p-p"') :]
    assert "Values from 2023/24" in status


def test_suppressed_is_kept_apart_from_no_data() -> None:
    fw = _direct_framework()
    rows = _annual(["2021/22", "2022/23"], "ind-oc", "E92000001")
    rows += [{"indicator": "ind-oc", "area_code": "E06000001", "period": "2022/23"}]
    assessment = fw.assess(pd.DataFrame(rows))
    html = report.build_dashboard(assessment)
    assert "Suppressed</span>" in _row(html, "ind-oc")
    assert "No data</span>" in _row(html, "ind-whole")
    data = html[html.index('id="data"') :]
    gaps = data[data.index('<table class="gaps">') :]
    assert "ind-whole" in gaps[: gaps.index("</table>")]
    assert "ind-oc" not in gaps[: gaps.index("</table>")]
    suppressed = data[data.index('<table class="suppressed">') :]
    assert "ind-oc" in suppressed[: suppressed.index("</table>")]


def test_breakdowns_show_the_other_rows_of_the_indicator(
    lancashire: of.Assessment, lancs_html: str
) -> None:
    html = lancs_html
    table = lancashire.table
    rest = table.loc[(table["area_code"] == "E10000017") & ~table["headline"].astype(bool)]
    assert len(rest), "the shipped data have breakdowns"
    shown = re.findall(r'<table class="breakdown-table" data-indicator="([^"]+)"', html)
    assert set(shown) == set(rest["indicator"].astype(str))
    sexes = rest.loc[rest["breakdown_type"].astype(str).eq("Total")]
    for r in sexes.head(6).itertuples():
        block = re.search(
            rf'<table class="breakdown-table" data-indicator="{r.indicator}">.*?</table>',
            html,
            re.DOTALL,
        )
        assert block
        assert f'<th scope="row">{r.sex}</th>' in block.group(0) or str(r.age) in block.group(0)
        assert format_value(float(r.value), str(r.unit)) in block.group(0)
