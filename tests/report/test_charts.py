"""The charts: the right marks, the areas asked for, escaped SVG text, no global state."""

from __future__ import annotations

import re

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.figure import Figure

import outcomeframe as of
from outcomeframe import report
from tests.report.conftest import EVIL, EVIL_ATTR

SMOKING = "smoking-at-time-of-delivery"
LANCS = "E10000017"


def test_trend_chart_draws_one_line_per_area_and_the_benchmark(lancashire: of.Assessment) -> None:
    fig = report.trend_chart(lancashire, SMOKING, areas=[LANCS, "E06000008", "E06000009"])
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["Lancashire", "Blackburn with Darwen", "Blackpool", "England"]
    rows = lancashire.series.query(
        "indicator == @SMOKING and area_code == @LANCS and breakdown == 'Total'"
    )
    assert len(ax.get_lines()[0].get_xdata()) == len(rows) == 6
    assert len(ax.collections) == 3  # one 95% band per area
    assert ax.get_title(loc="left").startswith("Smoking status")


def test_trend_chart_without_benchmark_or_interval(lancashire: of.Assessment) -> None:
    fig = report.trend_chart(lancashire, SMOKING, benchmark=None, interval=False)
    assert [ln.get_label() for ln in fig.axes[0].get_lines()] == ["Lancashire"]
    assert not fig.axes[0].collections


def test_trend_chart_into_given_axes(lancashire: of.Assessment) -> None:
    fig = Figure()
    ax = fig.add_subplot()
    assert report.trend_chart(lancashire.series, SMOKING, areas=[LANCS], ax=ax) is fig


def test_charts_do_not_touch_global_state(lancashire: of.Assessment) -> None:
    backend = mpl.get_backend()
    params = dict(mpl.rcParams)
    report.to_svg(report.spine_chart(lancashire))
    assert mpl.get_backend() == backend
    assert dict(mpl.rcParams) == params


def test_comparison_chart_bars_whiskers_and_benchmark(lancashire: of.Assessment) -> None:
    fig = report.comparison_chart(lancashire, SMOKING)
    ax = fig.axes[0]
    latest = lancashire.table.query(
        "indicator == @SMOKING and breakdown == 'Total' and period == '2023/24'"
    )
    assert len(ax.patches) == latest["value"].notna().sum()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "Lancashire" in labels
    bold = [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert bold == ["Lancashire"]
    bench = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert len(bench) == 1
    assert bench[0].get_xdata()[0] == pytest.approx(7.4)
    values = sorted(latest["value"].dropna())
    widths = sorted(p.get_width() for p in ax.patches)
    np.testing.assert_allclose(widths, values)


def test_comparison_chart_only_the_areas_requested(lancashire: of.Assessment) -> None:
    fig = report.comparison_chart(lancashire, SMOKING, areas=[LANCS, "E06000009", "E92000001"])
    labels = {t.get_text() for t in fig.axes[0].get_yticklabels()}
    assert labels == {"Lancashire", "Blackpool", "England"}


def test_spine_chart_one_mark_per_indicator_with_data(trafford: of.Assessment) -> None:
    fig = report.spine_chart(trafford)
    own = trafford.table.query("area_code == 'E08000009' and headline and value.notna()")
    marks = fig.axes[0].collections[-1].get_offsets()
    assert len(marks) == own["indicator"].nunique()
    assert ((np.asarray(marks)[:, 0] >= -0.01) & (np.asarray(marks)[:, 0] <= 1.01)).all()


def test_spine_chart_puts_the_benchmark_in_the_middle(lancashire: of.Assessment) -> None:
    table = lancashire.table
    fig = report.spine_chart(table, area=LANCS, indicators=[SMOKING])
    ((x, _y),) = fig.axes[0].collections[-1].get_offsets()
    # smoking is lower-is-better and Lancashire (9.6) is above England (7.4): left of centre
    assert x < 0.5


def test_framework_diagram_layers_and_collapsed_counts() -> None:
    fw = of.examples.load("trafford")
    fig = report.framework_diagram(fw)
    boxes = [t.get_text() for t in fig.axes[0].texts if t.get_bbox_patch() is not None]
    counts = fw.counts()
    shown = sum(counts[k] for k in ("vision", "priority", "objective", "outcome", "indicator"))
    assert len(boxes) == shown
    assert any("actions" in b for b in boxes)  # 36 actions collapsed into counts
    fewer = report.framework_diagram(fw.graph, collapse=("action", "enabler", "indicator"))
    boxes = [t for t in fewer.axes[0].texts if t.get_bbox_patch() is not None]
    assert len(boxes) == shown - counts["indicator"]


def test_framework_diagram_refuses_other_things() -> None:
    with pytest.raises(of.ArgumentError):
        report.framework_diagram("trafford")  # type: ignore[arg-type]


def test_to_svg_escapes_every_text(evil: of.Assessment) -> None:
    figures = [
        report.framework_diagram(evil.framework),
        report.trend_chart(evil, "ind"),
        report.spine_chart(evil),
        report.comparison_chart(evil, "ind"),
    ]
    for fig in figures:
        svg = report.to_svg(fig, alt=f"alt {EVIL_ATTR}")
        assert svg.startswith("<svg")
        assert "<script" not in svg
        assert "<img" not in svg
        assert "&lt;script&gt;" in svg or "&lt;img" in svg
        assert '"><img' not in svg
        assert "<text" in svg  # text stays text (searchable, read by screen readers)


def test_to_svg_prefixes_ids_so_figures_can_share_a_page(lancashire: of.Assessment) -> None:
    fig = report.trend_chart(lancashire, SMOKING)
    svg = report.to_svg(fig, id_prefix="one")
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert ids
    assert all(i.startswith("one-") for i in ids)
    refs = re.findall(r'href="#([^"]+)"', svg) + re.findall(r"url\(#([^)]+)\)", svg)
    assert set(refs) <= set(ids)
    assert report.to_svg(fig, id_prefix="one") == svg  # deterministic


def test_dollar_signs_are_not_maths(evil: of.Assessment) -> None:
    fw = of.Framework(title="Money")
    fw.add(of.Vision(id="v", title="Spend $5 $ on {x}_y"))
    svg = report.to_svg(report.framework_diagram(fw))
    assert "Spend $5 $ on {x}_y" in svg


def test_sparkline_points_band_and_benchmark(lancashire: of.Assessment) -> None:
    svg = report.sparkline_svg(lancashire, SMOKING)
    assert svg.count("<circle") == 6
    assert svg.count("<path") == 3
    assert "stroke-dasharray" in svg
    assert "2023/24 9.6%" in svg
    without = report.sparkline_svg(lancashire, SMOKING, benchmark=None)
    assert "stroke-dasharray" not in without


def test_sparkline_without_data_and_escaped(lancashire: of.Assessment, evil: of.Assessment) -> None:
    absent = str(lancashire.missing["indicator"].iloc[0])
    assert "no trend data" in report.sparkline_svg(lancashire, absent)
    svg = report.sparkline_svg(evil, "ind")
    assert svg.count("<circle") == 5
    with pytest.raises(of.ArgumentError):
        report.sparkline_svg(lancashire.series, SMOKING)  # a bare table names no area
    assert EVIL not in svg


def test_charts_refuse_other_inputs() -> None:
    with pytest.raises(of.ArgumentError):
        report.trend_chart([1, 2], "x")  # type: ignore[arg-type]


@pytest.mark.parametrize("area", [LANCS, "E06000009", "E06000008"])
def test_spine_for_any_area_draws_bars_around_its_dots(
    lancashire: of.Assessment, area: str
) -> None:
    from outcomeframe.report._spine import spine_layout, spine_svg  # noqa: PLC0415

    rows, names = spine_layout(lancashire, area=area)
    own = lancashire.table.query("area_code == @area and headline and value.notna()")
    assert len(rows) == own["indicator"].nunique() > 0
    assert names["area"] == str(own["area_name"].iloc[0])
    spread = rows.dropna(subset=["bar_left", "bar_right"])
    assert ((spread["bar_right"] - spread["bar_left"]) > 0).any()  # bars are drawn
    # the area is one of the areas of the spread: its dot lies on its bar
    assert (
        (spread["x"] >= spread["bar_left"] - 1e-9) & (spread["x"] <= spread["bar_right"] + 1e-9)
    ).all()
    svg = spine_svg(lancashire, area=area)
    assert svg.count("<circle") == len(rows)
    assert f"{names['area']} compared with England" in svg


def test_spine_for_an_area_without_data(lancashire: of.Assessment) -> None:
    from outcomeframe.report._spine import spine_layout  # noqa: PLC0415

    nothing = r"area: no observation for 'E99999999', so there is nothing to draw for it"
    with pytest.warns(of.OutcomeFrameWarning, match=nothing):
        rows, _ = spine_layout(lancashire, area="E99999999")
    assert rows.empty
    with pytest.warns(of.OutcomeFrameWarning, match=nothing):
        figure = report.spine_chart(lancashire, area="E99999999")
    assert figure.axes[0].texts[-1].get_text() == "no data"
