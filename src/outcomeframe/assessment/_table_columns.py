"""The columns of the assessment table, in order."""

from __future__ import annotations

from outcomeframe.observations._columns import NUMBER_COLUMNS

__all__: list[str] = []


#: The publisher's own verdicts, kept in the table for checking when the input has them.
_PUBLISHED = ("published_comparison", "published_trend")


#: Where the publisher's verdict and the library's differ (when the input has the first).
_DIFFERS = ("comparison_differs", "trend_differs")


_TABLE_COLUMNS = [
    "indicator",
    "title",
    "fingertips_id",
    "area_code",
    "area_name",
    "area_type",
    "headline",
    "sex",
    "age",
    "breakdown_type",
    "breakdown",
    "period",
    "period_start",
    "period_end",
    "measure",
    "unit",
    "polarity",
    *NUMBER_COLUMNS,
    "value_source",
    "benchmark",
    "benchmark_value",
    "benchmark_lower_95",
    "benchmark_upper_95",
    "comparison",
    "comparison_level",
    "comparison_method",
    "comparison_reason",
    "comparison_source",
    "gap",
    "relative_gap",
    "gap_unit",
    "trend",
    "trend_chi2",
    "trend_gradient",
    "trend_points",
    "trend_significant",
    "trend_outlier",
    "trend_reason",
    "slope_per_year",
    "target",
    "target_by",
    "target_status",
    "required_per_year",
    "years_to_target",
    "projected_year",
    "target_reason",
]
