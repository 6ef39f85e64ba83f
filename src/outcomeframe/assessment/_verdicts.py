"""The verdicts of the assessment table: the benchmark, the comparison and the target.

The benchmark of each row, the comparison with it (significance, quantiles within an area
type, or the source's own), and the target status.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import DataError, OutcomeFrameError
from outcomeframe._vocabulary import Comparison, TargetStatus
from outcomeframe.assessment._context import (
    ENGLAND,
    _differs,
    _published_labels,
)
from outcomeframe.assessment._fill import _categories, _text_column
from outcomeframe.assessment._layout import _combined_codes
from outcomeframe.model._elements import ComparisonMethod
from outcomeframe.observations._period import Period
from outcomeframe.stats._compare import (
    COMPARISON_LABELS,
    _quantile_names,
    compare,
    quantile_groups,
)
from outcomeframe.stats._target import TARGET_LABELS, target_status

__all__: list[str] = []


_DAYS_PER_YEAR = 365.25


_HORIZON_YEARS = 100.0


#: What a benchmark row is matched on (the area aside).
_MATCH = ["indicator", "period", "sex", "age", "breakdown_type", "breakdown"]


@attrs.frozen
class _Reference:
    """The rows of one area that rows elsewhere are compared with: keys and filled numbers.

    ``key`` is each row's :data:`_MATCH` key (:func:`_combined_codes`); the numbers
    are filled from counts (see :func:`_filled`).
    """

    key: npt.NDArray[np.int64]
    value: npt.NDArray[np.float64]
    lower_95: npt.NDArray[np.float64]
    upper_95: npt.NDArray[np.float64]

    @classmethod
    def of(cls, rows: pd.DataFrame) -> _Reference:
        """The reference of (filled) ``rows``."""
        return cls(
            _combined_codes(rows, _MATCH),
            *(rows[c].to_numpy(dtype=float) for c in ("value", "lower_95", "upper_95")),
        )


def _benchmark(
    latest: Any,
    reference: _Reference,
    code: str,
    rows: npt.NDArray[np.bool_] | None = None,
) -> dict[str, npt.NDArray[np.float64]]:
    """The value and 95% limits of area ``code`` for each row's indicator, period and breakdown.

    For the ``rows`` of ``latest`` (default all); NaN where the area has no such row.
    """
    lookup = pd.Index(reference.key)
    if not lookup.is_unique:  # pragma: no cover - keys are unique after tidying
        raise DataError(f"benchmark {code!r}: duplicate observations")
    keys = _combined_codes(latest, _MATCH)
    pos = lookup.get_indexer(pd.Index(keys if rows is None else keys[rows]))
    found = pos >= 0
    out = {}
    for col in ("value", "lower_95", "upper_95"):
        column = np.full(len(pos), np.nan)
        column[found] = getattr(reference, col)[pos[found]]
        out[col] = column
    return out


#: Categories of the table's ``comparison``: the significance labels, then quantile groups.
_COMPARISONS = [*COMPARISON_LABELS, *_quantile_names(5)]  # quartiles' names are among these


def _codes_in(labels: pd.Series[Any], categories: Sequence[str]) -> npt.NDArray[np.intp]:
    """Codes of a categorical's values in ``categories`` (-1 where missing)."""
    where = _categories(categories).categories.get_indexer(labels.cat.categories.astype("str"))
    return np.append(where, -1)[labels.cat.codes.to_numpy()]


def _comparisons(table: Any) -> dict[str, Any]:
    method = table["comparison_method"]
    if not isinstance(method.dtype, pd.CategoricalDtype):
        method = method.astype("category")
    methods = list(method.cat.categories)
    method_codes = np.asarray(method.array.codes)

    def uses(name: str) -> npt.NDArray[np.bool_]:
        if name not in methods:
            return np.zeros(len(table), dtype=bool)
        return np.asarray(method_codes == methods.index(name))

    value, lower, upper = table["value"], table["lower_95"], table["upper_95"]
    lower_998, upper_998 = table["lower_99_8"], table["upper_99_8"]
    args = (value, lower, upper, table["benchmark_value"], table["polarity"])
    two = compare(*args, method="two_levels", lower_99_8=lower_998, upper_99_8=upper_998)
    label = _codes_in(two["comparison"], _COMPARISONS)
    reason = two["reason"].to_numpy(dtype=object)
    # the 99.8% limits are often missing (values-only data): one level there
    no998 = np.isnan(lower_998.to_numpy(dtype=float)) | np.isnan(upper_998.to_numpy(dtype=float))
    if no998.any():
        one = compare(*args)
        label[no998] = _codes_in(one["comparison"], _COMPARISONS)[no998]
        reason[no998] = one["reason"].to_numpy(dtype=object)[no998]
    level = two["level"].cat.codes.to_numpy().copy()
    level[~(uses("two_levels") & ~no998)] = -1
    double = uses("double_overlap")
    if double.any():
        dbl = compare(
            *args,
            method="double_overlap",
            benchmark_lower=table["benchmark_lower_95"],
            benchmark_upper=table["benchmark_upper_95"],
        )
        label[double] = _codes_in(dbl["comparison"], _COMPARISONS)[double]
        reason[double] = dbl["reason"].to_numpy(dtype=object)[double]
    strict = uses(ComparisonMethod.CI_OVERLAP_99_8.value)
    if strict.any():  # Fingertips' "(99.8)": the 99.8% interval alone decides
        only = compare(value, lower_998, upper_998, table["benchmark_value"], table["polarity"])
        label[strict] = _codes_in(only["comparison"], _COMPARISONS)[strict]
        words = only["reason"].astype("str").str.replace("95%", "99.8%", regex=False)
        reason[strict] = words.to_numpy(dtype=object)[strict]
    quantiles = uses("quintiles") | uses("quartiles")
    for name, size in (("quintiles", 5), ("quartiles", 4)):
        rows = uses(name)
        if rows.any():
            # ranked among the areas of the same type only, as Fingertips does
            ranked = pd.DataFrame(
                {
                    "value": table["value"].to_numpy()[rows],
                    "within": _combined_codes(table, [*_MATCH, "area_type"])[rows],
                }
            )
            result = quantile_groups("value", size, data=ranked, by="within", labels="name")
            groups = result["group"]
            label[rows] = _codes_in(groups, _COMPARISONS)
            positions = np.flatnonzero(rows)
            reason[positions] = None
            reason[positions[groups.isna().to_numpy()]] = "no value to rank"
    not_compared = _COMPARISONS.index(Comparison.NOT_COMPARED)
    label[label < 0] = not_compared
    values_only = ~np.isnan(value.to_numpy(dtype=float)) & (
        np.isnan(lower.to_numpy(dtype=float)) | np.isnan(upper.to_numpy(dtype=float))
    )
    reason[values_only & (label == not_compared) & ~quantiles] = (
        "no 95% limits (the data give values only), so no significance test"
    )
    never = uses(ComparisonMethod.NOT_COMPARED.value)
    label[never] = not_compared
    reason[never] = "not compared: Fingertips publishes no comparison for this indicator"
    itself = _same_area(table["area_code"], table["benchmark"])
    label[itself] = not_compared
    reason[itself] = "this area is the benchmark"
    return {
        "comparison": pd.Categorical.from_codes(label, dtype=_categories(_COMPARISONS)),
        "comparison_level": pd.Categorical.from_codes(level, dtype=_categories(("99.8%", "95%"))),
        "comparison_reason": _text_column(reason, table.index),
    }


def _same_area(area: pd.Series[Any], benchmark: pd.Series[Any]) -> npt.NDArray[np.bool_]:
    """Rows whose area is their benchmark (two text categoricals, compared by code)."""
    a, b = area.array, benchmark.array
    if a.categories.dtype != b.categories.dtype:  # pragma: no cover - both are area codes
        return np.asarray((area.astype("str") == benchmark.astype("str")).to_numpy(), dtype=bool)
    where = np.append(a.categories.get_indexer(b.categories), -2)  # -2: no area has it
    codes = np.asarray(a.codes)
    return np.asarray((codes >= 0) & (codes == where[np.asarray(b.codes)]), dtype=bool)


def _use_published(latest: Any) -> None:
    """The publisher's comparison beside the computed one, and in its place where none was.

    Where the library cannot compare (values only, no benchmark row) and the source
    publishes a comparison with England (Trafford Data Lab's ``compared_to_England``,
    Fingertips' "Compared to England"), the table uses it, labelled
    ``comparison_source = "published"``. Where both exist and differ,
    ``comparison_differs`` is True. In place.
    """
    published = _published_labels(latest["published_comparison"], latest["polarity"])
    computed = latest["comparison"].astype("str")
    verdict = computed.where(
        computed != Comparison.NOT_COMPARED
    )  # no verdict: nothing to differ from
    latest["comparison_differs"] = _differs(
        published.where(published != Comparison.NOT_COMPARED), verdict
    )
    take = (
        (latest["benchmark"].astype("str") == ENGLAND).to_numpy()  # it compares with England
        & (computed == Comparison.NOT_COMPARED).to_numpy()
        & published.notna().to_numpy()
        & (published != Comparison.NOT_COMPARED).to_numpy()
        & (latest["comparison_reason"].astype("str") != "this area is the benchmark").to_numpy()
    )
    if not take.any():
        return
    codes = latest["comparison"].cat.codes.to_numpy().copy()
    codes[take] = pd.Index(_COMPARISONS).get_indexer(pd.Index(published[take]))
    latest["comparison"] = pd.Categorical.from_codes(codes, categories=pd.Index(_COMPARISONS))
    reason = latest["comparison_reason"].astype("object").to_numpy(copy=True)
    reason[take] = "the source's own comparison with England (published), used as given"
    latest["comparison_reason"] = _text_column(reason, latest.index)
    source = latest["comparison_source"].cat.codes.to_numpy().copy()
    source[take] = 1
    latest["comparison_source"] = pd.Categorical.from_codes(
        source, categories=latest["comparison_source"].cat.categories
    )


def _targets(table: Any, area_rows: Callable[[str], _Reference]) -> dict[str, Any]:
    target = table["target_value"].to_numpy(dtype=float).copy()
    wants = table["target_benchmark"].notna().to_numpy()
    # "reach the benchmark" targets: that area's value for the same indicator and period
    slope = table["slope_per_year"].to_numpy(dtype=float).copy()
    for code in pd.unique(table["target_benchmark"][wants]):
        rows = wants & (table["target_benchmark"] == code).to_numpy()
        target[rows] = _benchmark(table, area_rows(str(code)), str(code), rows)["value"]
        # the target moves with the benchmark: project the gap, not the value
        slope[rows] -= _reference_slope(table, rows, str(code))
    by = table["target_by"].astype("category")
    ends = [_period_end(str(label)) for label in by.cat.categories]
    end_of = np.array(
        [np.datetime64("NaT", "s") if e is None else e for e in ends], "datetime64[s]"
    )
    by_end = np.append(end_of, np.datetime64("NaT", "s"))[by.cat.codes.to_numpy()]
    dated = ~np.isnat(by_end)
    period_end = table["period_end"].to_numpy().astype("datetime64[s]")
    years_left = np.full(len(table), np.nan)
    days = (by_end[dated] - period_end[dated]) / np.timedelta64(1, "D")
    years_left[dated] = np.floor(days) / _DAYS_PER_YEAR
    status = target_status(
        table["value"],
        target,
        direction=table["target_direction"],
        slope_per_year=slope,
        years_left=years_left,
    )
    state = status["status"].cat.codes.to_numpy().copy()
    reason = status["reason"].to_numpy(dtype=object)
    ytt = status["years_to_target"].to_numpy()
    value = table["value"].to_numpy(dtype=float)
    has_target = table["has_target"].to_numpy(dtype=bool)
    # a target with no date: judged on the direction of travel
    met = TARGET_LABELS.index(TargetStatus.MET)
    undated = has_target & ~dated & (state != met) & ~np.isnan(target) & ~np.isnan(value)
    towards = np.isfinite(ytt) & (ytt > 0)
    on, off = (
        TARGET_LABELS.index(TargetStatus.ON_TRACK),
        TARGET_LABELS.index(TargetStatus.OFF_TRACK),
    )
    state[undated] = np.where(towards[undated], on, off)
    reason[undated] = "the target has no date: judged on whether the current trend moves towards it"
    # no date and no slope (one period, or no trend): nothing to judge the target on
    unjudged = undated & ~np.isfinite(slope)
    state[unjudged] = TARGET_LABELS.index(TargetStatus.NOT_JUDGED)
    reason[unjudged] = (
        "the target has no date and the series has no slope (too few periods): not judged"
    )
    reason[~has_target] = "the plan sets no target"
    missing_ref = np.flatnonzero(wants & np.isnan(target))
    if missing_ref.size:
        areas = table["target_benchmark"].astype("str").to_numpy(dtype=object)[missing_ref]
        reason[missing_ref] = "no value for the target's benchmark area " + areas
    # the projection is given when the trend reaches the target within a century
    ahead = np.flatnonzero((ytt > 0) & (ytt <= _HORIZON_YEARS))
    year = np.zeros(len(table), dtype=np.int64)
    unknown = np.ones(len(table), dtype=bool)
    if ahead.size:
        reached = pd.DatetimeIndex(period_end[ahead]) + pd.to_timedelta(
            ytt[ahead] * _DAYS_PER_YEAR, unit="D"
        )
        year[ahead] = reached.year.to_numpy()
        unknown[ahead] = False
    return {
        "target": target,
        "target_status": pd.Categorical.from_codes(state, categories=pd.Index(TARGET_LABELS)),
        "required_per_year": status["required_per_year"],
        "years_to_target": ytt,
        "projected_year": pd.arrays.IntegerArray(year, unknown),
        "target_reason": _text_column(reason, table.index),
    }


def _reference_slope(table: Any, rows: npt.NDArray[np.bool_], code: str) -> Any:
    """The slope of area ``code``'s series of the same indicator and breakdown."""
    keys = _combined_codes(table, ["indicator", "sex", "age", "breakdown_type", "breakdown"])
    ref = (table["area_code"] == code).to_numpy()
    lookup = pd.Index(keys[ref])
    pos = lookup.get_indexer(pd.Index(keys[rows]))
    slopes = table["slope_per_year"].to_numpy(dtype=float)[ref]
    return np.where(pos >= 0, slopes[np.maximum(pos, 0)], np.nan)


def _period_end(label: str) -> pd.Timestamp | None:
    try:
        return pd.Timestamp(Period.parse(label).end)
    except OutcomeFrameError:
        return None
