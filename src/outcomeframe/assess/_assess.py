"""Assessment: observations -> one row per indicator, area and breakdown -> roll-up over the graph.

Everything here is vectorised over rows and series: the only Python loops run
over the handful of distinct measure types and units, never over areas,
indicators or periods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError, DataError, UnitError
from outcomeframe.assess._observations import ObservationTable, tidy_observations
from outcomeframe.assess._period import Period
from outcomeframe.model._elements import Indicator, MeasureType
from outcomeframe.stats._compare import compare, quantile_groups
from outcomeframe.stats._gaps import gap
from outcomeframe.stats._levels import DEFAULT_LEVELS
from outcomeframe.stats._proportion import proportion
from outcomeframe.stats._rate import rate
from outcomeframe.stats._target import target_status
from outcomeframe.stats._trend import recent_trend
from outcomeframe.stats._units import convert, difference_unit, multiplier, unit_name

if TYPE_CHECKING:
    from outcomeframe.assess._rollup import RollupRule
    from outcomeframe.framework._framework import Framework

__all__ = ["ENGLAND", "SERIES_KEY", "Assessment", "assess"]

#: England's area code, the default benchmark.
ENGLAND = "E92000001"

#: The columns that identify one series (one line on a trend chart).
SERIES_KEY: list[str] = ["indicator", "area_code", "breakdown_type", "breakdown"]

_LIMITS = ["lower_95", "upper_95", "lower_99_8", "upper_99_8"]
_DAYS_PER_YEAR = 365.25


def _empty_rejected() -> pd.DataFrame:
    return pd.DataFrame({"reason": pd.Series([], dtype="str")})


@attrs.frozen(eq=False)
class Assessment:
    """How each indicator is doing, for every area and breakdown in the data.

    Build one with :meth:`outcomeframe.Framework.assess` (or :func:`assess`).

    Attributes
    ----------
    framework : Framework
        The framework assessed.
    table : pandas.DataFrame
        One row per indicator x area x breakdown at the assessed period: the
        value with its 95% and 99.8% limits, the benchmark, the comparison, the
        gaps, the recent trend and the target status. Columns are listed in
        the docs (explanation/assessment).
    series : pandas.DataFrame
        Every usable observation (all periods) with values and limits filled in
        from counts where they were missing: what the trend charts draw.
    missing : pandas.DataFrame
        The framework's indicators that have no data at all, with where to get it.
    rejected : pandas.DataFrame
        Input rows that could not be used, each with its ``reason``.
    benchmark : str
        The benchmark's area code.
    area : str or None
        The plan's own area (the default area of :meth:`rollup`).

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.examples.load("lancashire")
    >>> a = fw.assess(of.examples.data("lancashire"))
    >>> row = a.table.query("indicator == 'smoking-at-time-of-delivery' and "
    ...                     "area_code == 'E10000017' and breakdown == 'Total'").iloc[0]
    >>> row["period"], row["trend"]
    ('2023/24', 'Decreasing and getting better')
    """

    framework: Framework
    table: pd.DataFrame
    series: pd.DataFrame
    missing: pd.DataFrame
    rejected: pd.DataFrame
    benchmark: str
    area: str | None

    def rollup(self, area: str | None = None, *, rule: RollupRule | None = None) -> pd.DataFrame:
        """Status of every outcome, objective, priority and the vision for one area.

        See :func:`outcomeframe.rollup` for the columns and the rule.

        Examples
        --------
        >>> import outcomeframe as of
        >>> fw = of.examples.load("trafford")
        >>> r = fw.assess(of.examples.data("trafford")).rollup()
        >>> r.set_index("element").loc["vision", "kind"]
        'vision'
        """
        from outcomeframe.assess._rollup import rollup  # noqa: PLC0415

        return rollup(self, area=area, rule=rule)

    def inequality(
        self,
        group: Mapping[str, str],
        reference: Mapping[str, str],
        *,
        area: str | Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """The gap between two groups of one area, period by period, and whether it is closing.

        See :func:`outcomeframe.inequality_gaps`.

        Examples
        --------
        >>> import outcomeframe as of
        >>> fw = of.examples.load("trafford")
        >>> a = fw.assess(of.examples.data("trafford"))
        >>> gaps = a.inequality({"indicator": "gld-free-school-meals"}, {"indicator": "gld-all-children"})
        >>> sorted(gaps["area_code"].unique())[:2]
        ['E08000009', 'E92000001']
        """
        from outcomeframe.assess._inequality import inequality_gaps  # noqa: PLC0415

        return inequality_gaps(self.series, group, reference, area=area)


# --------------------------------------------------------------------------- inputs
def _as_table(observations: Any) -> ObservationTable:
    if isinstance(observations, ObservationTable):
        return observations
    if isinstance(observations, pd.DataFrame):
        return tidy_observations(observations, errors="report")
    raise ArgumentError(
        f"observations: expected a DataFrame or an ObservationTable, got "
        f"{type(observations).__name__}"
    )


def _indicator_meta(fw: Framework) -> pd.DataFrame:
    rows = []
    for ind in fw.elements(Indicator):
        target = ind.target
        target_value = np.nan
        if target is not None and target.value is not None:
            target_value = float(convert(target.value, target.unit or ind.unit, ind.unit))
        direction = target.direction.value if target and target.direction else None
        if target is not None and direction is None and ind.polarity is not None:
            direction = {"higher_is_better": "at_least", "lower_is_better": "at_most"}.get(
                ind.polarity.value
            )
        rows.append(
            {
                "indicator": ind.id,
                "title": ind.title,
                "measure": ind.measure.value,
                "unit": ind.unit,
                "multiplier": _multiplier(ind),
                "polarity": ind.polarity.value if ind.polarity else "no_judgement",
                "comparison_method": ind.comparison.value if ind.comparison else "ci_overlap",
                "fingertips_id": ind.fingertips_id,
                "source": ind.source,
                "target_value": target_value,
                "target_benchmark": target.benchmark if target else None,
                "target_direction": direction,
                "target_by": _target_by(fw, ind),
                "has_target": target is not None,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "indicator",
            "title",
            "measure",
            "unit",
            "multiplier",
            "polarity",
            "comparison_method",
            "fingertips_id",
            "source",
            "target_value",
            "target_benchmark",
            "target_direction",
            "target_by",
            "has_target",
        ],
    )


def _multiplier(ind: Indicator) -> float:
    try:
        return float(multiplier(ind.unit))
    except UnitError:
        return float("nan")


def _target_by(fw: Framework, ind: Indicator) -> str | None:
    target = ind.target
    if target is None:
        return None
    if target.by:
        return target.by
    period = fw.metadata.period
    if period:
        # "2019-2022": the plan's last year
        last = period.replace("/", "-").split("-")[-1].strip()
        return last if last.isdigit() else None
    return None


def _match_indicators(data: pd.DataFrame, meta: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map Fingertips IDs to framework ids; set aside rows for unknown indicators."""
    by_ft = meta.dropna(subset=["fingertips_id"])
    ft_map = dict(
        zip(by_ft["fingertips_id"].astype(int).astype(str), by_ft["indicator"], strict=True)
    )
    ids = data["indicator"].astype("str")
    mapped = ids.where(ids.isin(meta["indicator"]), ids.map(ft_map))
    known = mapped.notna()
    rejected = data.loc[~known].copy()
    rejected["reason"] = "indicator " + ids[~known].map(repr) + " is not defined in the framework"
    out = data.loc[known].copy()
    out["indicator"] = mapped[known].astype("str")
    return out, rejected


def _pair(key: Any) -> tuple[str, str]:
    first, second = key
    return str(first), str(second)


def _check_units(data: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Refuse values whose unit contradicts the indicator's; convert where pint can."""
    reasons = pd.Series(pd.NA, index=data.index, dtype="str")
    if "value_unit" in data.columns:
        given = data["value_unit"].astype("str")
        groups = data.groupby([given, data["unit"]], dropna=False).groups
        for pair, idx in groups.items():
            have, want = _pair(pair)
            if have in ("nan", "<NA>") or have == want:
                continue
            try:
                factor = float(convert(1.0, str(have), str(want)))
            except UnitError as err:
                reasons[idx] = (
                    f"value unit {have!r} contradicts the indicator's unit {want!r}: {err}"
                )
                continue
            cols = ["value", *_LIMITS]
            data.loc[idx, cols] = data.loc[idx, cols] * factor
    proportion_rows = data["measure"].eq(MeasureType.PROPORTION.value)
    top = data["multiplier"]
    outside = proportion_rows & ((data["value"] < 0) | (data["value"] > top))
    outside &= reasons.isna()
    if outside.any():
        rows = data.loc[outside]
        reasons[outside] = (
            "value "
            + rows["value"].map("{:g}".format).astype("str")
            + " is outside 0 to "
            + rows["multiplier"].map("{:g}".format).astype("str")
            + " for a proportion in "
            + rows["unit"].astype("str")
        )
    bad = reasons.notna()
    rejected = data.loc[bad].copy()
    rejected["reason"] = reasons[bad]
    return data.loc[~bad].copy(), rejected


def _fill_from_counts(data: pd.DataFrame) -> pd.DataFrame:
    """Compute value and limits from count and denominator where they are missing."""
    data["value_source"] = data["value"].notna().map({True: "published", False: None})
    need = data[["value", *_LIMITS]].isna().any(axis=1)
    has_counts = data["count"].notna() & data["denominator"].notna()
    todo = need & has_counts & data["measure"].isin(["proportion", "crude_rate"])
    if not todo.any():
        return data
    groups = data.loc[todo].groupby(["measure", "multiplier"]).groups
    for pair, idx in groups.items():
        measure, mult = _pair(pair)
        rows = data.loc[idx]
        func = proportion if measure == "proportion" else rate
        result = func(
            rows["count"].to_numpy(),
            rows["denominator"].to_numpy(),
            confidence=DEFAULT_LEVELS,
            multiplier=float(mult),
        )
        result.index = idx
        computed = data.loc[idx, "value"].isna() & result["value"].notna()
        for col in ["value", *_LIMITS]:
            data.loc[idx, col] = data.loc[idx, col].fillna(result[col])
        data.loc[computed[computed].index, "value_source"] = "computed"
    return data


# --------------------------------------------------------------------------- steps
def _select(series: pd.DataFrame, period: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows at the assessed period, and the history up to it (for trends)."""
    if period is None:
        history = series
    else:
        start = pd.Timestamp(Period.parse(period).start)
        history = series.loc[series["period_start"] <= start]
    ordered = history.sort_values([*SERIES_KEY, "period_start"], kind="stable")
    latest = ordered.groupby(SERIES_KEY, sort=False, observed=True).tail(1)
    if period is not None:
        latest = latest.loc[latest["period"] == str(Period.parse(period))]
    return latest.reset_index(drop=True), history


def _benchmark(latest: pd.DataFrame, series: pd.DataFrame, code: str) -> pd.DataFrame:
    keys = ["indicator", "period", "breakdown_type", "breakdown"]
    bench = series.loc[series["area_code"] == code, [*keys, "value", "lower_95", "upper_95"]]
    bench = bench.rename(
        columns={
            "value": "benchmark_value",
            "lower_95": "benchmark_lower_95",
            "upper_95": "benchmark_upper_95",
        }
    )
    out = latest.merge(bench, on=keys, how="left", validate="many_to_one")
    out["benchmark"] = code
    return out


def _comparisons(table: pd.DataFrame) -> pd.DataFrame:
    method = table["comparison_method"]
    result = compare(
        table["value"],
        table["lower_95"],
        table["upper_95"],
        table["benchmark_value"],
        table["polarity"],
        method="two_levels",
        lower_99_8=table["lower_99_8"],
        upper_99_8=table["upper_99_8"],
    )
    comparison = result["comparison"].astype("str")
    level = result["level"].astype("str")
    reason = result["reason"].astype("str")
    # the 99.8% limits are often missing (values-only data): fall back to one level
    one = compare(
        table["value"],
        table["lower_95"],
        table["upper_95"],
        table["benchmark_value"],
        table["polarity"],
    )
    no998 = table[["lower_99_8", "upper_99_8"]].isna().any(axis=1)
    comparison = comparison.where(~no998, one["comparison"].astype("str"))
    reason = reason.where(~no998, one["reason"].astype("str"))
    level = level.where(method.eq("two_levels") & ~no998)
    double = method.eq("double_overlap")
    if double.any():
        dbl = compare(
            table["value"],
            table["lower_95"],
            table["upper_95"],
            table["benchmark_value"],
            table["polarity"],
            method="double_overlap",
            benchmark_lower=table["benchmark_lower_95"],
            benchmark_upper=table["benchmark_upper_95"],
        )
        comparison = comparison.where(~double, dbl["comparison"].astype("str"))
        reason = reason.where(~double, dbl["reason"].astype("str"))
    quant = method.isin(["quintiles", "quartiles"])
    if quant.any():
        n = np.where(method.eq("quintiles"), 5, 4)
        for size in np.unique(n[quant.to_numpy()]):
            rows = quant & (n == size)
            groups = quantile_groups(
                table.loc[rows, "value"],
                int(size),
                by=table.loc[rows, ["indicator", "period", "breakdown_type", "breakdown"]]
                .astype("str")
                .agg("|".join, axis=1),
                labels="name",
            )
            comparison[rows] = groups.astype("str").to_numpy()
            reason[rows] = groups.isna().map({True: "no value to rank", False: None}).to_numpy()
    labels = [
        "Better",
        "Similar",
        "Worse",
        "Higher",
        "Lower",
        "Not compared",
        "Lowest",
        "Low",
        "Middle",
        "High",
        "Highest",
        "2nd lowest",
        "2nd highest",
    ]
    comparison = comparison.fillna("Not compared")
    return pd.DataFrame(
        {
            "comparison": pd.Categorical(comparison, categories=labels),
            "comparison_level": pd.Categorical(level, categories=["99.8%", "95%"]),
            "comparison_reason": reason.astype("str"),
        },
        index=table.index,
    )


def _trends(history: pd.DataFrame, latest: pd.DataFrame, points: int = 5) -> pd.DataFrame:
    has_counts = (
        history["measure"].eq("proportion")
        & history["count"].notna()
        & history["denominator"].notna()
    )
    # a proportion series is tested on counts when its latest points all have them
    recent = (
        history.loc[history["value"].notna() | has_counts]
        .sort_values([*SERIES_KEY, "period_start"], kind="stable")
        .groupby(SERIES_KEY, sort=False, observed=True)
        .tail(points)
    )
    counted = (
        has_counts[recent.index]
        .groupby([recent[k] for k in SERIES_KEY], sort=False, observed=True)
        .all()
        .rename("_counted")
        .reset_index()
    )
    flag = history[SERIES_KEY].merge(counted, on=SERIES_KEY, how="left", validate="many_to_one")
    by_counts = flag["_counted"].fillna(False).astype(bool).to_numpy()
    parts = []
    if by_counts.any():
        parts.append(
            recent_trend(
                data=history.loc[by_counts],
                by=SERIES_KEY,
                order="period_start",
                counts="count",
                denominators="denominator",
                polarity="polarity",
            )
        )
    if (~by_counts).any():
        parts.append(
            recent_trend(
                data=history.loc[~by_counts],
                by=SERIES_KEY,
                order="period_start",
                values="value",
                lower="lower_95",
                upper="upper_95",
                polarity="polarity",
            )
        )
    frames = [p for p in parts if isinstance(p, pd.DataFrame)]
    trends = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=SERIES_KEY)
    trends = trends.rename(
        columns={
            "chi2": "trend_chi2",
            "gradient": "trend_gradient",
            "n_points": "trend_points",
            "reason": "trend_reason",
            "significant": "trend_significant",
            "outlier": "trend_outlier",
        }
    )
    out = latest[SERIES_KEY].merge(trends, on=SERIES_KEY, how="left", validate="one_to_one")
    return out.drop(columns=SERIES_KEY).set_index(latest.index)


def _slopes(history: pd.DataFrame, latest: pd.DataFrame, points: int = 5) -> pd.Series:
    """Least-squares slope of value on time (value units per year) over the last points."""
    h = history.loc[history["value"].notna(), [*SERIES_KEY, "period_start", "period_end", "value"]]
    h = h.sort_values([*SERIES_KEY, "period_start"], kind="stable")
    h = h.groupby(SERIES_KEY, sort=False, observed=True).tail(points)
    mid = h["period_start"] + (h["period_end"] - h["period_start"]) / 2
    x = (mid - pd.Timestamp("2000-01-01")).dt.days.to_numpy(dtype=float) / _DAYS_PER_YEAR
    y = h["value"].to_numpy(dtype=float)
    sums = (
        pd.DataFrame({"n": 1.0, "x": x, "y": y, "xx": x * x, "xy": x * y}, index=h.index)
        .groupby([h[k] for k in SERIES_KEY], sort=False, observed=True)
        .sum()
    )
    denom = sums["n"] * sums["xx"] - sums["x"] ** 2
    slope = (sums["n"] * sums["xy"] - sums["x"] * sums["y"]) / denom.where(denom > 0)
    slope = slope.where(sums["n"] >= 2)
    slope.name = "slope_per_year"
    keyed = latest[SERIES_KEY].merge(
        slope.reset_index(), on=SERIES_KEY, how="left", validate="one_to_one"
    )
    return keyed["slope_per_year"].set_axis(latest.index)


def _targets(table: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    target = table["target_value"].copy()
    # "reach the benchmark" targets: that area's value for the same indicator and period
    wants = table["target_benchmark"].notna()
    if wants.any():
        keys = ["indicator", "period", "breakdown_type", "breakdown"]
        ref = series[[*keys, "area_code", "value"]].rename(
            columns={"area_code": "target_benchmark", "value": "_ref"}
        )
        joined = table[[*keys, "target_benchmark"]].merge(
            ref, on=[*keys, "target_benchmark"], how="left", validate="many_to_one"
        )
        target = target.where(~wants, joined["_ref"].set_axis(table.index))
    by_end = pd.to_datetime(
        table["target_by"].map(_period_end, na_action="ignore"), errors="coerce"
    )
    years_left = (by_end - table["period_end"]).dt.days / _DAYS_PER_YEAR
    status = target_status(
        table["value"],
        target,
        direction=table["target_direction"],
        slope_per_year=table["slope_per_year"],
        years_left=years_left,
    )
    reason = status["reason"].astype("str")
    none = ~table["has_target"].astype(bool)
    reason = reason.where(~none, "the plan sets no target")
    missing_ref = wants & target.isna()
    reason = reason.where(
        ~missing_ref,
        "no value for the target's benchmark area " + table["target_benchmark"].astype("str"),
    )
    ahead = status["years_to_target"].where(status["years_to_target"] > 0)
    reached = table["period_end"] + pd.to_timedelta(ahead * _DAYS_PER_YEAR, unit="D")
    projected = reached.dt.year.astype("Int64")
    return pd.DataFrame(
        {
            "target": target,
            "target_by": table["target_by"],
            "target_status": status["status"],
            "required_per_year": status["required_per_year"],
            "years_to_target": status["years_to_target"],
            "projected_year": projected,
            "target_reason": reason,
        },
        index=table.index,
    )


def _period_end(label: str) -> dt.date | None:
    try:
        return Period.parse(label).end
    except Exception:  # noqa: BLE001 - an unparseable label just leaves no date
        return None


def _missing(meta: pd.DataFrame, present: Iterable[str]) -> pd.DataFrame:
    absent = meta.loc[~meta["indicator"].isin(set(present))].reset_index(drop=True)
    ft = absent["fingertips_id"].astype("Int64")
    where = pd.Series("no data supplied", index=absent.index, dtype="str")
    has_source = absent["source"].notna()
    where[has_source] = "no data supplied; source: " + absent.loc[has_source, "source"].astype(
        "str"
    )
    has_ft = ft.notna()
    where[has_ft] = "no data supplied; get it from OHID Fingertips indicator " + ft[has_ft].astype(
        "str"
    )
    return pd.DataFrame(
        {
            "indicator": absent["indicator"],
            "title": absent["title"],
            "fingertips_id": ft,
            "source": absent["source"],
            "reason": where,
        }
    )


_TABLE_COLUMNS = [
    "indicator",
    "title",
    "area_code",
    "area_name",
    "breakdown_type",
    "breakdown",
    "period",
    "period_start",
    "period_end",
    "measure",
    "unit",
    "polarity",
    "count",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_99_8",
    "upper_99_8",
    "value_source",
    "benchmark",
    "benchmark_value",
    "benchmark_lower_95",
    "benchmark_upper_95",
    "comparison",
    "comparison_level",
    "comparison_method",
    "comparison_reason",
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


def assess(
    fw: Framework,
    observations: pd.DataFrame | ObservationTable,
    *,
    benchmark: str | None = None,
    area: str | Sequence[str] | None = None,
    period: str | None = None,
) -> Assessment:
    """Assess every indicator of a framework against a benchmark, over time and against targets.

    Parameters
    ----------
    fw : Framework
        The framework whose indicators the observations measure.
    observations : DataFrame or ObservationTable
        The long observation table (see the observations page); ``indicator`` may
        hold framework ids or Fingertips indicator IDs (mapped through each
        indicator's ``fingertips_id``). An optional ``value_unit`` column is
        checked against each indicator's unit and converted with pint.
    benchmark : str, optional
        The benchmark's area code; default the framework's benchmark, else England.
    area : str or sequence of str, optional
        Keep only these areas in :attr:`Assessment.table` (all areas are used
        for the benchmark and for quantile comparisons). Default: every area.
    period : str, optional
        Assess this period (e.g. ``"2022/23"``) instead of each series' latest.

    Returns
    -------
    Assessment

    Raises
    ------
    DataError
        When the observations have no usable row at all.

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.examples.load("trafford")
    >>> a = of.assess(fw, of.examples.data("trafford"), area="E08000009")
    >>> set(a.table["area_code"])
    {'E08000009'}
    """
    table = _as_table(observations)
    meta = _indicator_meta(fw)
    bench = benchmark or (fw.metadata.benchmark.code if fw.metadata.benchmark else ENGLAND)
    data, unknown = _match_indicators(table.data, meta)
    data = data.merge(
        meta[["indicator", "measure", "unit", "multiplier", "polarity"]],
        on="indicator",
        how="left",
        validate="many_to_one",
    ).set_axis(data.index)
    data, wrong_unit = _check_units(data)
    rejected = pd.concat(
        [frame for frame in (table.rejected, unknown, wrong_unit) if len(frame)]
        or [_empty_rejected()]
    )
    if data.empty:
        raise DataError(
            f"no usable observation for framework {fw.title!r}",
            problems=rejected["reason"].astype("str").head(20).tolist(),
        )
    series = _fill_from_counts(data).reset_index(drop=True)
    latest, history = _select(series, period)
    latest = _benchmark(latest, series, bench)
    latest = latest.merge(
        meta.drop(columns=["measure", "unit", "multiplier", "polarity"]),
        on="indicator",
        how="left",
        validate="many_to_one",
    )
    gaps = gap(latest["value"], latest["benchmark_value"])
    latest["gap"] = gaps["absolute"].to_numpy()
    latest["relative_gap"] = gaps["relative"].to_numpy()
    units = latest["unit"].drop_duplicates()
    gap_units = {u: unit_name(difference_unit(u)) for u in units}
    latest["gap_unit"] = latest["unit"].map(gap_units)
    latest = latest.join(_comparisons(latest))
    latest = latest.join(_trends(history, latest))
    latest["slope_per_year"] = _slopes(history, latest)
    latest = latest.drop(columns=["target_by"]).join(_targets(latest, series))
    if area is not None:
        codes = [area] if isinstance(area, str) else list(area)
        latest = latest.loc[latest["area_code"].isin(codes)]
    latest = latest[_TABLE_COLUMNS].reset_index(drop=True)
    for col in ("measure", "unit", "polarity", "comparison_method", "gap_unit", "value_source"):
        latest[col] = latest[col].astype("category")
    return Assessment(
        framework=fw,
        table=latest,
        series=series,
        missing=_missing(meta, series["indicator"].unique()),
        rejected=rejected,
        benchmark=bench,
        area=fw.metadata.area.code if fw.metadata.area else None,
    )
