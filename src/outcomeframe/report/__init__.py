"""Charts and the HTML performance dashboard.

Examples
--------
>>> import outcomeframe as of
>>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
>>> html = of.report.build_dashboard(a)
>>> html.startswith("<!DOCTYPE html>")
True
"""

from typing import TYPE_CHECKING

from outcomeframe._lazy import attach

__all__ = [
    "COMPARISON_COLOURS",
    "ROLLUP_COLOURS",
    "TREND_SYMBOLS",
    "build_dashboard",
    "comparison_chart",
    "decile_chart_svg",
    "decile_charts",
    "format_count",
    "format_value",
    "framework_diagram",
    "funnel_svg",
    "shorten",
    "sparkline_svg",
    "spine_chart",
    "stale_rows",
    "to_svg",
    "trend_chart",
    "unit_label",
    "write_dashboard",
]

#: Where each public name is defined. They are imported when first used (PEP 562), so
#: the text formats (``shorten``, ``format_value``) load without matplotlib.
_NAMES: dict[str, tuple[str, ...]] = {
    "outcomeframe.report._charts": ("comparison_chart", "to_svg", "trend_chart"),
    "outcomeframe.report._dashboard": ("build_dashboard", "write_dashboard"),
    "outcomeframe.report._deciles": ("decile_chart_svg", "decile_charts"),
    "outcomeframe.report._diagram": ("framework_diagram",),
    "outcomeframe.report._formats": ("format_count", "format_value", "shorten", "unit_label"),
    "outcomeframe.report._freshness": ("stale_rows",),
    "outcomeframe.report._funnel": ("funnel_svg",),
    "outcomeframe.report._palette": ("COMPARISON_COLOURS", "ROLLUP_COLOURS", "TREND_SYMBOLS"),
    "outcomeframe.report._spark": ("sparkline_svg",),
    "outcomeframe.report._spine": ("spine_chart",),
}
_WHERE = {name: module for module, names in _NAMES.items() for name in names}

if TYPE_CHECKING:
    from outcomeframe.report._charts import comparison_chart, to_svg, trend_chart
    from outcomeframe.report._dashboard import build_dashboard, write_dashboard
    from outcomeframe.report._deciles import decile_chart_svg, decile_charts
    from outcomeframe.report._diagram import framework_diagram
    from outcomeframe.report._formats import format_count, format_value, shorten, unit_label
    from outcomeframe.report._freshness import stale_rows
    from outcomeframe.report._funnel import funnel_svg
    from outcomeframe.report._palette import COMPARISON_COLOURS, ROLLUP_COLOURS, TREND_SYMBOLS
    from outcomeframe.report._spark import sparkline_svg
    from outcomeframe.report._spine import spine_chart


__getattr__, __dir__ = attach(__name__, _WHERE, globals())
