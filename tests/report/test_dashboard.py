"""The dashboard HTML: sections, one row per indicator, escaping, self-containment."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import outcomeframe as of
from outcomeframe import report
from outcomeframe.assessment import ROLLUP_STATUSES
from outcomeframe.cli import main
from tests.report.conftest import EVIL, EVIL_ATTR


class _Outline(HTMLParser):
    """Headings, table header scopes, script tags and resource attributes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.th_without_scope = 0
        self.scripts = 0
        self.resources: list[str] = []
        self.rows: list[str] = []
        self._level: int | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self._level, self._text = int(tag[1]), []
        if tag == "th" and a.get("scope") not in ("col", "row"):
            self.th_without_scope += 1
        if tag == "script":
            self.scripts += 1
        if tag in ("img", "iframe", "link", "source", "video", "audio", "embed", "object"):
            self.resources.append(tag)
        if "src" in a:
            self.resources.append(f"{tag} src={a['src']}")
        if tag == "tr" and "indicator-row" in (a.get("class") or ""):
            self.rows.append(a.get("data-indicator") or "")

    def handle_endtag(self, tag: str) -> None:
        if self._level is not None and tag == f"h{self._level}":
            self.headings.append((self._level, " ".join("".join(self._text).split())))
            self._level = None

    def handle_data(self, data: str) -> None:
        if self._level is not None:
            self._text.append(data)


HTML = {"lancashire": "lancs_html", "trafford": "trafford_html"}


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("name", ["lancashire", "trafford"])
def test_sections_in_heading_order(name: str, request: pytest.FixtureRequest) -> None:
    html = request.getfixturevalue(HTML[name])
    page = outline(html)
    levels = [level for level, _ in page.headings]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), "no level skipped"
    titles = [t for _, t in page.headings]
    for section in [
        "Vision",
        "Summary by priority",
        "How to read this page",
        "The framework",
        "About the data",
        "Indicators with no data",
        "Indicators whose values are all suppressed",
        "Data out of date",
        "Sources",
        "Licence",
    ]:
        assert section in titles
    fw = of.examples.load(name)
    for priority in fw.elements("priority"):
        assert priority.title in titles


@pytest.mark.parametrize("name", ["lancashire", "trafford"])
def test_one_row_per_indicator(name: str, request: pytest.FixtureRequest) -> None:
    html = request.getfixturevalue(HTML[name])
    fw = of.examples.load(name)
    rows = outline(html).rows
    assert sorted(rows) == sorted(i.id for i in fw.elements("indicator"))


def test_no_data_rows_say_where_to_get_it(lancs_html: str, lancashire: of.Assessment) -> None:
    no_data = re.findall(
        r'<tr class="indicator-row no-data"[^>]*data-indicator="([^"]+)"', lancs_html
    )
    own = set(
        lancashire.table.query("area_code == 'E10000017' and headline and value.notna()")[
            "indicator"
        ].astype(str)
    )
    every = {i.id for i in lancashire.framework.elements("indicator")}
    assert set(no_data) == every - own
    assert set(lancashire.missing["indicator"]) <= set(no_data)
    assert "Where to get it" in lancs_html


def test_values_comparison_trend_and_target(lancs_html: str, lancashire: of.Assessment) -> None:
    row = re.search(
        r'<tr class="indicator-row" id="ind-smoking-at-time-of-delivery".*?</tr>',
        lancs_html,
        re.DOTALL,
    )
    assert row
    text = row.group(0)
    own = lancashire.table.query(
        "indicator == 'smoking-at-time-of-delivery' and area_code == 'E10000017' and headline"
    ).iloc[0]
    for expected in [
        str(own["period"]),
        f"{own['value']:.1f}%",
        f"{own['lower_95']:.1f}% to {own['upper_95']:.1f}%",
        f"{own['benchmark_value']:.1f}%",
        f">{own['comparison']}<",
        str(own["trend"]),
        "<svg",
        "No target",
    ]:
        assert expected in text, expected
    assert "out of date" not in text  # the latest release: 2024/25 is not yet due


def test_rollup_drivers_are_listed(lancs_html: str, lancashire: of.Assessment) -> None:
    roll = lancashire.rollup().set_index("element")
    drivers = roll.loc["best-start-in-life", "drivers"].split(", ")
    summary = lancs_html[lancs_html.index('id="summary"') : lancs_html.index('id="key"')]
    for ind in drivers:
        assert f'href="#ind-{ind}"' in summary
    assert ">Needs attention<" in summary


def test_data_section(lancs_html: str, lancashire: of.Assessment) -> None:
    data = lancs_html[lancs_html.index('id="data"') :]
    assert "Open Government Licence v3.0" in data
    assert f"{len(lancashire.rejected)} input rows could not be used" in data
    sources = data[data.index("<h3>Sources</h3>") : data.index("<h3>Licence</h3>")]
    assert "OHID Fingertips indicator 93085, via dhsc-govuk/FingertipsNext" in sources
    assert "OGL v3.0" not in sources  # written out as the licence's name
    old = report.stale_rows(lancashire)
    for ind in old["indicator"].astype(str):
        assert f'href="#ind-{ind}"' in data


def test_stale_rows_against_a_given_date(lancashire: of.Assessment) -> None:
    assert len(report.stale_rows(lancashire, as_of="2019-01-01")) == 0
    everything = report.stale_rows(lancashire, as_of="2040-01-01")
    own = lancashire.table.query("area_code == 'E10000017' and headline and value.notna()")
    assert set(everything["indicator"]) == set(own["indicator"].astype(str))
    fw = of.examples.load("lancashire")
    fw.metadata = fw.metadata.__class__(title="no area")
    nowhere = fw.assess(of.examples.data("lancashire"))
    with pytest.raises(of.ArgumentError):
        report.stale_rows(nowhere)


@pytest.mark.parametrize(
    ("period", "ends", "next_known"),
    [
        ("2300/01", "2301-03-31", True),
        ("1600/01", "1601-03-31", True),
        ("9998/99", "9999-03-31", False),
    ],
)
def test_periods_outside_pandas_nanoseconds_have_an_age(period, ends, next_known) -> None:
    """A period the reader accepts (years 1000-9999) crashed the dashboard and the roll-up
    (OutOfBoundsDatetime: pandas' nanoseconds end in 1677 and 2262)."""
    import pandas as pd  # noqa: PLC0415

    obs = pd.DataFrame(
        {
            "indicator": "93085",
            "area_code": ["E10000017", "E92000001"],
            "period": period,
            "count": [10, 20],
            "denominator": [100, 300],
        }
    )
    a = of.examples.load("lancashire").assess(obs)
    from outcomeframe.assessment._freshness import data_age  # noqa: PLC0415

    row = data_age(a, as_of="2020-01-01").set_index("indicator").loc["smoking-at-time-of-delivery"]
    assert str(row["period_end"].date()) == ends
    assert pd.notna(row["next_period_end"]) == next_known
    assert row["age_days"] == (pd.Timestamp("2020-01-01") - pd.Timestamp(ends)).days
    assert "smoking-at-time-of-delivery" in report.build_dashboard(a)
    a.rollup()


@pytest.mark.parametrize("name", ["lancashire", "trafford"])
def test_self_contained_and_accessible(name: str, request: pytest.FixtureRequest) -> None:
    html = request.getfixturevalue(HTML[name])
    page = outline(html)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert re.search(r"<title>[^<]+</title>", html)
    assert "@media print" in html
    assert page.scripts == 0
    assert page.resources == []
    assert page.th_without_scope == 0
    assert not re.search(
        r"""(src|href)\s*=\s*["']?(https?:)?//(?!www\.nationalarchives)""",
        html.replace('xmlns="http://www.w3.org/2000/svg"', ""),
    )
    assert "@import" not in html
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", html)
    assert "<link" not in html


def test_escaping(evil: of.Assessment) -> None:
    html = report.build_dashboard(evil)
    assert "<script" not in html
    assert "<img" not in html
    assert (
        "onerror=alert(1)>"
        not in html.replace("&gt;", ">").replace("&#34;", '"').replace("&quot;", '"')
        or '"><img' not in html
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    page = outline(html)
    assert page.scripts == 0
    assert page.resources == []
    assert any(EVIL in t for _, t in page.headings)  # shown as text
    assert sorted(page.rows) == ["gap", "ind"]
    assert EVIL_ATTR not in html


def test_area_without_data_and_arguments(lancashire: of.Assessment) -> None:
    html = report.build_dashboard(lancashire, area="E06000009")  # Blackpool
    assert "Blackpool" in html
    with pytest.raises(of.ArgumentError):
        report.build_dashboard(lancashire.table)  # type: ignore[arg-type]


def test_write_dashboard(tmp_path: Path, lancashire: of.Assessment) -> None:
    out = report.write_dashboard(lancashire, tmp_path / "d.html")
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")


# --------------------------------------------------------------------------- command line
def test_cli_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "trafford.html"
    assert main(["report", "trafford", "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert outline(out.read_text("utf-8")).rows


def test_cli_report_area_and_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "obs.csv"
    of.examples.data("lancashire")[
        [
            "indicator",
            "area_code",
            "area_name",
            "period",
            "breakdown_type",
            "breakdown",
            "count",
            "denominator",
            "value",
            "lower_95",
            "upper_95",
        ]
    ].to_csv(data, index=False)
    out = tmp_path / "blackpool.html"
    assert (
        main(["report", "lancashire", "--data", str(data), "--area", "E06000009", "-o", str(out)])
        == 0
    )
    assert "Blackpool" in out.read_text("utf-8")


def test_cli_report_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["report", "lancashire", "--area", "E99999999", "-o", str(tmp_path / "x.html")]) == 2
    )
    assert "E99999999" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "x.html")]) == 2
    assert "neither a shipped plan" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["report", "lancashire"])
    assert stop.value.code == 2
    assert "-o/--output" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["report", "--help"])
    assert stop.value.code == 0
    assert "--area" in capsys.readouterr().out


def test_every_rollup_status_has_a_colour():
    assert set(ROLLUP_STATUSES) == set(of.report.ROLLUP_COLOURS)
