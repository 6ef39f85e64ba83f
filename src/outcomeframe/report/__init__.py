"""Charts and the HTML performance dashboard.

Examples
--------
>>> import outcomeframe as of
>>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
>>> html = of.report.build_dashboard(a)
>>> html.startswith("<!DOCTYPE html>")
True
"""

from outcomeframe.report._charts import comparison_chart, to_svg, trend_chart
from outcomeframe.report._dashboard import build_dashboard, write_dashboard
from outcomeframe.report._deciles import decile_chart_svg, decile_charts
from outcomeframe.report._diagram import framework_diagram
from outcomeframe.report._freshness import stale_rows
from outcomeframe.report._funnel import funnel_svg
from outcomeframe.report._palette import COMPARISON_COLOURS, ROLLUP_COLOURS, TREND_SYMBOLS
from outcomeframe.report._spark import sparkline_svg
from outcomeframe.report._spine import spine_chart

__all__ = [
    "COMPARISON_COLOURS",
    "ROLLUP_COLOURS",
    "TREND_SYMBOLS",
    "build_dashboard",
    "comparison_chart",
    "decile_chart_svg",
    "decile_charts",
    "framework_diagram",
    "funnel_svg",
    "sparkline_svg",
    "spine_chart",
    "stale_rows",
    "to_svg",
    "trend_chart",
    "write_dashboard",
]
