"""Inequality gaps: the gap between two groups of one area, over time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from outcomeframe._checks import need_frame
from outcomeframe._errors import ArgumentError, DataError
from outcomeframe._vocabulary import GapTrend
from outcomeframe.assessment._arguments import area_list
from outcomeframe.stats._gaps import gap_trend

__all__ = ["inequality_gaps"]

#: Why a gap's trend cannot be calculated when the data have no limits.
_VALUES_ONLY = "the data give values only: whether the gap changed needs both groups' 95% limits"
_SERIES = ["indicator", "area_code", "sex", "age", "breakdown_type", "breakdown"]
#: The other columns of the series table that the gaps read.
_READ = ["period", "area_name", "period_start", "period_end", "value", "lower_95", "upper_95"]
#: Key columns that may be missing (not stated), and how they are grouped meanwhile.
_OPTIONAL = ["sex", "age"]
_NOT_STATED = "\x00not stated"


def _pick(series: pd.DataFrame, selector: Mapping[str, str], name: str) -> pd.DataFrame:
    if not isinstance(selector, Mapping):
        raise ArgumentError(
            f"{name}: expected columns and values, e.g. {{'indicator': 'gld'}}, "
            f"got {type(selector).__name__}"
        )
    if not selector:
        raise ArgumentError(
            f"{name}: give at least one column and value, e.g. {{'indicator': 'gld'}}"
        )
    mask = pd.Series(True, index=series.index)
    for column, value in selector.items():
        if column not in _SERIES:
            raise ArgumentError(f"{name}: {column!r} is not one of {', '.join(_SERIES)}")
        mask &= series[column].astype("str").eq(str(value))
    picked = series.loc[mask]
    if picked.empty:
        raise DataError(f"{name}: no observation matches {dict(selector)}")
    return picked


def inequality_gaps(
    series: pd.DataFrame,
    group: Mapping[str, str],
    reference: Mapping[str, str],
    *,
    area: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """The gap between a group and a reference group of the same area, period by period.

    The two groups are picked by column values of the observation table, e.g.
    two indicators (``{"indicator": "school-readiness-gld-fsm"}`` vs
    ``{"indicator": "school-readiness-gld"}``), two breakdowns
    (``{"breakdown": "Most deprived decile"}`` vs ``{"breakdown": "Least deprived decile"}``)
    or two sexes (``{"sex": "Male"}`` vs ``{"sex": "Female"}``); rows are paired on every
    other key column (sex and age included) and the period.

    Parameters
    ----------
    series : pandas.DataFrame
        Observations with values and 95% limits (:attr:`Assessment.series`).
    group, reference : mapping of str to str
        Column -> value selecting each side.
    area : str or sequence of str, optional
        Keep only these areas.

    Returns
    -------
    pandas.DataFrame
        One row per area and period: ``group_value``, ``reference_value``,
        ``gap`` (group - reference, in the indicator's unit: percentage points
        for percentages), then, per area, the gap trend over the latest periods
        from :func:`outcomeframe.stats.gap_trend`: ``gap_status`` (Closing /
        Widening / No significant change / Cannot be calculated),
        ``gap_slope_per_year``, ``gap_chi2``, ``gap_significant``,
        ``years_to_close`` and ``gap_reason``.

    Examples
    --------
    >>> import outcomeframe as of
    >>> a = of.examples.load("trafford").assess(of.examples.data("trafford"))
    >>> g = of.inequality_gaps(a.series, {"indicator": "school-readiness-gld-fsm"},
    ...                        {"indicator": "school-readiness-gld"}, area="E08000009")
    >>> bool((g["gap"] == g["group_value"] - g["reference_value"]).all())
    True
    """
    need_frame(series, "series", [*_SERIES, *_READ])
    left = _pick(series, group, "group")
    right = _pick(series, reference, "reference")
    named = set(group) | set(reference)
    on = [c for c in _SERIES if c not in named] + ["period"]
    cols = ["value", "lower_95", "upper_95"]
    left = left[[*on, "area_name", "period_start", "period_end", *cols]]
    right = right[[*on, *cols]]
    pairs = left.merge(right, on=on, how="inner", suffixes=("", "_ref"), validate="one_to_one")
    blank = [c for c in _OPTIONAL if c in on]  # not stated: a value of its own for grouping
    pairs = pairs.astype(dict.fromkeys(blank, "str"))
    pairs[blank] = pairs[blank].fillna(_NOT_STATED)
    codes = area_list(area)
    if codes is not None:
        pairs = pairs.loc[pairs["area_code"].isin(codes)]
    if pairs.empty:
        raise DataError(f"no period has both {dict(group)} and {dict(reference)} for the same area")
    pairs = pairs.rename(columns={"value": "group_value", "value_ref": "reference_value"})
    pairs["gap"] = pairs["group_value"] - pairs["reference_value"]
    series_key = [c for c in on if c != "period"]
    trend = gap_trend(
        data=pairs,
        by=series_key,
        order="period_start",
        values="group_value",
        lower="lower_95",
        upper="upper_95",
        benchmark="reference_value",
        benchmark_lower="lower_95_ref",
        benchmark_upper="upper_95_ref",
    )
    if "detail" in trend.columns:  # the reason in full ("only 1 period(s) ...; 3 needed")
        said = trend["detail"].astype("object")
        said = said.where(said.notna(), trend["reason"].astype("object"))
        trend = trend.assign(reason=said).drop(columns="detail")
    trend = trend.rename(
        columns={
            "status": "gap_status",
            "slope_per_year": "gap_slope_per_year",
            "chi2": "gap_chi2",
            "significant": "gap_significant",
            "reason": "gap_reason",
            "gap": "latest_gap",
            "n_points": "gap_points",
        }
    )
    out = pairs.merge(trend, on=series_key, how="left", validate="many_to_one")
    limits = pairs[["lower_95", "upper_95", "lower_95_ref", "upper_95_ref"]].notna().all(axis=1)
    has_limits = limits.groupby([pairs[k] for k in series_key], observed=True).transform("any")
    values_only = (
        ~has_limits.to_numpy()
        & out["gap_status"].astype("str").eq(GapTrend.CANNOT_BE_CALCULATED).to_numpy()
    )
    if isinstance(out["gap_reason"].dtype, pd.CategoricalDtype):  # the stats reasons, and this
        out["gap_reason"] = out["gap_reason"].cat.add_categories([_VALUES_ONLY])
    out.loc[values_only, "gap_reason"] = _VALUES_ONLY
    out = out.sort_values([*series_key, "period_start"], kind="stable").reset_index(drop=True)
    out[blank] = out[blank].mask(out[blank] == _NOT_STATED)
    return out[
        [
            *series_key,
            "area_name",
            "period",
            "group_value",
            "reference_value",
            "gap",
            "gap_status",
            "gap_slope_per_year",
            "gap_chi2",
            "gap_significant",
            "years_to_close",
            "gap_reason",
        ]
    ]
