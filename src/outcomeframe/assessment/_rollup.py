"""Roll indicator results up the framework graph: outcome -> objective -> priority -> vision."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import (
    Comparison,
    IndicatorStatus,
    RollupStatus,
    TargetStatus,
    Trend,
    labels,
)
from outcomeframe.assessment._headline import headline_mask
from outcomeframe.framework._queries import indicators_for
from outcomeframe.model._elements import Kind

if TYPE_CHECKING:
    from collections.abc import Sequence

    from outcomeframe.assessment._assess import Assessment

__all__ = ["INDICATOR_STATUSES", "ROLLUP_STATUSES", "RollupRule", "indicator_status", "rollup"]

#: Statuses of one indicator, from its comparison, trend and target.
INDICATOR_STATUSES = list(labels(IndicatorStatus))
#: Statuses of an element, from the statuses of the indicators that measure it.
ROLLUP_STATUSES = list(labels(RollupStatus))
_STALE = ("exclude", "include")

_SIGNALS = ("benchmark", "trend", "target")

#: Trends that are a significant change in the good / the bad direction.
_BETTER_TRENDS = [t for t in Trend if t.getting_better]
_WORSE_TRENDS = [t for t in Trend if t.getting_worse]
#: Target statuses that are a judgement (good or bad) of progress to the target.
_GOOD_TARGETS = [TargetStatus.MET, TargetStatus.ON_TRACK]
_JUDGED_TARGETS = [TargetStatus.OFF_TRACK, *_GOOD_TARGETS]

_KINDS = [Kind.VISION, Kind.PRIORITY, Kind.OBJECTIVE, Kind.OUTCOME]


@attrs.frozen(kw_only=True)
class RollupRule:
    """The documented, configurable rule that turns indicator results into a status.

    Each indicator first gets a status from the signals in ``signals``:

    - **Concern** when any signal is bad: Worse than the benchmark, a trend
      "getting worse", or a target Off track;
    - **Good** when none is bad and one is good: Better, "getting better", Met or On track;
    - **Neutral** when the signals are neither (Similar, no significant change, no target);
    - **No data** when no signal could be computed.

    An element (outcome, objective, priority, vision) then gets, from the
    indicators that measure it directly or through the elements below it, and
    counting only the *assessed* ones (Concern, Good or Neutral):

    - **Needs attention** when the share of Concern indicators is at least
      ``attention_share``;
    - **On course** when the share of Good indicators is at least ``good_share``;
    - **No change** when every assessed indicator is Neutral;
    - **Mixed** otherwise;
    - **Not assessed** when indicators have values but none could be judged
      (e.g. values without limits, no benchmark, too few periods, no target);
    - **Out of date** when every indicator that could be judged has an out-of-date
      latest value (a newer one should have been published: see
      ``outcomeframe.report.stale_rows``) and ``stale="exclude"``;
    - **No data** when no indicator has a value for the area.

    With ``stale="exclude"`` (the default), out-of-date values do not decide a status
    while the element has indicators with values that are not out of date. The
    ``oldest_period``, ``newest_period`` and ``out_of_date`` columns say how old the
    values behind each status are.

    The indicators that drove the status are listed in the ``drivers`` column.

    Parameters
    ----------
    signals : tuple of str
        Any of ``"benchmark"``, ``"trend"``, ``"target"``.
    attention_share : float
        Share of Concern indicators that makes an element Need attention (default 0.5).
    good_share : float
        Share of Good indicators that puts an element On course (default 0.5).
    stale : {"exclude", "include"}
        Whether out-of-date values decide a status when up-to-date ones exist
        (default ``"exclude"``: they do not).

    Examples
    --------
    >>> from outcomeframe import RollupRule
    >>> RollupRule(signals=("benchmark",), attention_share=0.25).signals
    ('benchmark',)
    >>> RollupRule(signals=("money",))
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: signals: 'money' is not one of benchmark, trend, target
    """

    signals: tuple[str, ...] = attrs.field(default=_SIGNALS, converter=tuple)
    attention_share: float = 0.5
    good_share: float = 0.5
    stale: str = attrs.field(default="exclude")

    @stale.validator
    def _check_stale(self, _attribute: object, value: str) -> None:
        if value not in _STALE:
            raise ArgumentError(f"stale: {value!r} is not one of {', '.join(_STALE)}")

    @signals.validator
    def _check(self, _attribute: object, value: tuple[str, ...]) -> None:
        for signal in value:
            if signal not in _SIGNALS:
                raise ArgumentError(f"signals: {signal!r} is not one of {', '.join(_SIGNALS)}")
        if not value:
            raise ArgumentError("signals: give at least one")


def _signals(table: pd.DataFrame) -> dict[str, tuple[pd.Series, pd.Series, pd.Series]]:
    """For each signal: (bad, good, known) boolean Series, decided by enum members."""
    comparison = table["comparison"].astype("str")
    trend = table["trend"].astype("str")
    target = table["target_status"].astype("str")
    return {
        "benchmark": (
            comparison.eq(Comparison.WORSE),
            comparison.eq(Comparison.BETTER),
            comparison.ne(Comparison.NOT_COMPARED) & table["comparison"].notna(),
        ),
        "trend": (
            trend.isin(_WORSE_TRENDS),
            trend.isin(_BETTER_TRENDS),
            trend.ne(Trend.CANNOT_BE_CALCULATED) & table["trend"].notna(),
        ),
        "target": (
            target.eq(TargetStatus.OFF_TRACK),
            target.isin(_GOOD_TARGETS),
            target.isin(_JUDGED_TARGETS),
        ),
    }


def indicator_status(table: pd.DataFrame, rule: RollupRule | None = None) -> pd.Series:
    """Status of each row of an assessment table under ``rule`` (see :class:`RollupRule`).

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.examples.load("lancashire")
    >>> table = fw.assess(of.examples.data("lancashire")).table
    >>> set(of.indicator_status(table)) <= {"Concern", "Good", "Neutral", "No data"}
    True
    """
    rule = rule or RollupRule()
    signals = _signals(table)
    bad = np.zeros(len(table), dtype=bool)
    good = np.zeros(len(table), dtype=bool)
    known = np.zeros(len(table), dtype=bool)
    for name in rule.signals:
        b, g, k = signals[name]
        bad |= b.to_numpy(dtype=bool)
        good |= g.to_numpy(dtype=bool)
        known |= k.to_numpy(dtype=bool)
    status = np.select(
        [bad, good, known],
        [IndicatorStatus.CONCERN, IndicatorStatus.GOOD, IndicatorStatus.NEUTRAL],
        default=IndicatorStatus.NO_DATA,
    )
    return pd.Series(
        pd.Categorical(status, categories=INDICATOR_STATUSES), index=table.index, name="status"
    )


def _membership(assessment: Assessment) -> pd.DataFrame:
    G = assessment.framework.graph
    rows: list[tuple[str, str, str, str | None]] = [
        (node, data["kind"], data["title"], ind)
        for kind in _KINDS
        for node, data in G.nodes(data=True)
        if data.get("kind") == kind.value
        for ind in _or_none(sorted(indicators_for(G, node)))
    ]
    return pd.DataFrame(rows, columns=["element", "kind", "title", "indicator"])


def _or_none(ids: list[str]) -> list[str | None]:
    return list(ids) if ids else [None]


def rollup(
    assessment: Assessment,
    *,
    area: str | Sequence[str] | None = None,
    rule: RollupRule | None = None,
) -> pd.DataFrame:
    """Status of every outcome, objective, priority and vision, for one or more areas.

    Uses each indicator's headline rows (column ``headline``) of the assessment table.

    Parameters
    ----------
    assessment : Assessment
        The assessment to roll up.
    area : str or sequence of str, optional
        Area code(s); default the framework's own area.
    rule : RollupRule, optional
        The rule; default :class:`RollupRule` ().

    Returns
    -------
    pandas.DataFrame
        One row per element and area: ``element``, ``kind``, ``title``,
        ``area_code``, ``indicators`` (how many measure it), ``with_data``,
        ``better``, ``similar``, ``worse``, ``not_compared``, ``improving``,
        ``no_change``, ``worsening``, ``met``, ``on_track``, ``off_track``,
        ``concern``, ``good``, ``neutral`` (the assessed ones), ``gaps_widening`` and
        ``gaps_closing`` (indicators whose gap across deprivation groups, the slope
        index of inequality, is significantly widening or closing: see
        :func:`outcomeframe.inequality_table`), ``status`` (categorical) and
        ``drivers`` (the indicator ids that decided the status, comma-separated).

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.examples.load("lancashire")
    >>> r = of.rollup(fw.assess(of.examples.data("lancashire")))
    >>> list(r["kind"].unique())
    ['vision', 'priority', 'objective', 'outcome']
    """
    rule = rule or RollupRule()
    codes = area if area is not None else assessment.area
    if codes is None:
        raise ArgumentError("area: the framework names no area; give one")
    codes = [codes] if isinstance(codes, str) else list(codes)
    table = assessment.table
    table = table.loc[table["area_code"].isin(codes).to_numpy() & headline_mask(table)]
    flags = _indicator_flags(assessment, table, codes, rule)
    members = _membership(assessment)
    areas = pd.DataFrame({"area_code": codes})
    grid = members.merge(areas, how="cross")
    merged = grid.merge(flags, on=["indicator", "area_code"], how="left", validate="many_to_one")
    counts = [
        c
        for c in flags.columns
        if c not in ("indicator", "area_code", "_fresh", "period_end", "period")
    ]
    merged[counts] = merged[counts].fillna(False).astype(bool)
    keys = ["element", "area_code"]
    merged["_stale_only"] = _set_aside_stale(merged, keys, rule)
    grouped = merged.groupby(keys, sort=False)
    out = grouped[counts].sum()
    dated = merged.dropna(subset=["period_end"]).sort_values("period_end", kind="stable")
    by_age = dated.groupby(keys, sort=False)["period"]
    out["oldest_period"] = by_age.first().reindex(out.index)
    out["newest_period"] = by_age.last().reindex(out.index)
    only_old = grouped["_stale_only"].any()
    out.insert(0, "indicators", grouped["indicator"].count())
    first = grouped[["kind", "title"]].first()
    out = first.join(out).reset_index()
    old = only_old.reindex(pd.MultiIndex.from_frame(out[keys])).to_numpy()
    out["status"] = pd.Categorical(_element_status(out, old, rule), categories=ROLLUP_STATUSES)
    out["drivers"] = _drivers(merged, out)
    out["kind"] = pd.Categorical(out["kind"], categories=[k.value for k in _KINDS])
    columns = ["element", "kind", "title", "area_code", "indicators", *counts]
    return out[[*columns, "oldest_period", "newest_period", "status", "drivers"]]


def _indicator_flags(
    assessment: Assessment, table: pd.DataFrame, codes: list[str], rule: RollupRule
) -> pd.DataFrame:
    """Per indicator and area: what its signals say, its status, and how old its value is."""
    status = indicator_status(table, rule).astype("str")
    comparison = table["comparison"].astype("str")
    trend = table["trend"].astype("str")
    target = table["target_status"].astype("str")
    flags = pd.DataFrame(
        {
            "indicator": table["indicator"].astype("str"),
            "area_code": table["area_code"].astype("str"),
            "with_data": table["value"].notna(),
            "better": comparison.eq(Comparison.BETTER),
            "similar": comparison.eq(Comparison.SIMILAR),
            "worse": comparison.eq(Comparison.WORSE),
            "not_compared": comparison.eq(Comparison.NOT_COMPARED),
            "improving": trend.isin(_BETTER_TRENDS),
            "no_change": trend.eq(Trend.NO_SIGNIFICANT_CHANGE),
            "worsening": trend.isin(_WORSE_TRENDS),
            "met": target.eq(TargetStatus.MET),
            "on_track": target.eq(TargetStatus.ON_TRACK),
            "off_track": target.eq(TargetStatus.OFF_TRACK),
            "concern": status.eq(IndicatorStatus.CONCERN),
            "good": status.eq(IndicatorStatus.GOOD),
            "neutral": status.eq(IndicatorStatus.NEUTRAL),
        }
    )
    flags["period"] = table["period"].astype("str")
    ages = _ages(assessment, codes)
    flags = flags.merge(ages, on=["indicator", "area_code"], how="left", validate="one_to_one")
    flags["out_of_date"] = flags["out_of_date"].fillna(False).astype(bool) & flags["with_data"]
    flags = flags.merge(_gaps(assessment, codes), on=["indicator", "area_code"], how="left")
    if rule.stale == "exclude":  # out-of-date values decide only where nothing newer does
        flags["_fresh"] = (flags["concern"] | flags["good"] | flags["neutral"]) & ~flags[
            "out_of_date"
        ]
    return flags


def _set_aside_stale(
    merged: pd.DataFrame, keys: list[str], rule: RollupRule
) -> npt.NDArray[np.bool_]:
    """Out-of-date values stop deciding where newer ones do (in place); the rows only old ones decide."""
    stale_only = np.zeros(len(merged), dtype=bool)
    if rule.stale == "exclude":
        merged["_fresh"] = merged["_fresh"].fillna(False).astype(bool)
        has_fresh = merged.groupby(keys, sort=False)["_fresh"].transform("any").to_numpy()
        drop = merged["out_of_date"].to_numpy() & has_fresh
        assessed_old = (merged["concern"] | merged["good"] | merged["neutral"]).to_numpy()
        stale_only = ~has_fresh & assessed_old
        for column in ("concern", "good", "neutral"):  # old values set aside where newer decide
            merged[column] = merged[column].to_numpy() & ~drop & ~stale_only
    return stale_only


def _element_status(
    out: pd.DataFrame, only_old: npt.NDArray[np.bool_], rule: RollupRule
) -> npt.NDArray[np.str_]:
    """The status of each element and area from its counts, by the rule (see RollupRule)."""
    assessed = out["concern"] + out["good"] + out["neutral"]
    concern_share = out["concern"] / assessed.where(assessed > 0)
    good_share = out["good"] / assessed.where(assessed > 0)
    state = np.select(
        [
            out["with_data"].eq(0),
            assessed.eq(0) & only_old,
            assessed.eq(0),
            concern_share >= rule.attention_share,
            good_share >= rule.good_share,
            out["neutral"].eq(assessed),
        ],
        [
            RollupStatus.NO_DATA,
            RollupStatus.OUT_OF_DATE,
            RollupStatus.NOT_ASSESSED,
            RollupStatus.NEEDS_ATTENTION,
            RollupStatus.ON_COURSE,
            RollupStatus.NO_CHANGE,
        ],
        default=RollupStatus.MIXED,
    )
    return np.asarray(state, dtype=str)


def _ages(assessment: Assessment, codes: Sequence[str]) -> pd.DataFrame:
    """``out_of_date`` and ``period_end`` of each indicator's latest headline value, per area."""
    from outcomeframe.assessment._freshness import data_age  # noqa: PLC0415

    frames = []
    for code in codes:  # one per area asked for: a handful
        ages = data_age(assessment, area=code)
        frames.append(
            pd.DataFrame(
                {
                    "indicator": ages["indicator"].astype("str"),
                    "area_code": code,
                    "out_of_date": ages["stale"].astype(bool),
                    "period_end": pd.to_datetime(ages["period_end"]),
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["indicator", "area_code", "out_of_date", "period_end"])
    return pd.concat(frames, ignore_index=True)


def _gaps(assessment: Assessment, codes: Sequence[str]) -> pd.DataFrame:
    """``gaps_widening`` / ``gaps_closing`` per indicator and area, from the SII trend."""
    from outcomeframe._vocabulary import GapTrend  # noqa: PLC0415
    from outcomeframe.assessment._sii_table import inequality_table  # noqa: PLC0415

    columns = ["indicator", "area_code", "gaps_widening", "gaps_closing"]
    try:
        table = inequality_table(assessment, area=codes, method="closed")
    except ArgumentError:  # no deprivation breakdowns for these areas
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    trend = table["gap_trend"].astype("str")
    flags = pd.DataFrame(
        {
            "indicator": table["indicator"].astype("str"),
            "area_code": table["area_code"].astype("str"),
            "gaps_widening": trend.eq(GapTrend.WIDENING.value),
            "gaps_closing": trend.eq(GapTrend.CLOSING.value),
        }
    )
    return flags.groupby(["indicator", "area_code"], as_index=False, sort=False).any()


def _drivers(merged: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
    """The indicators behind each status, comma-separated (vectorised string join)."""
    status = out.set_index(["element", "area_code"])["status"].astype("str")
    key = pd.MultiIndex.from_frame(merged[["element", "area_code"]])
    wanted = status.reindex(key).to_numpy()
    take = (
        ((wanted == RollupStatus.NEEDS_ATTENTION) & merged["concern"].to_numpy())
        | ((wanted == RollupStatus.ON_COURSE) & merged["good"].to_numpy())
        | ((wanted == RollupStatus.MIXED) & (merged["concern"] | merged["good"]).to_numpy())
        | ((wanted == RollupStatus.NO_CHANGE) & merged["neutral"].to_numpy())
    )
    chosen = merged.loc[take]
    joined = chosen.groupby(["element", "area_code"], sort=False)["indicator"].agg(", ".join)
    index = pd.MultiIndex.from_frame(out[["element", "area_code"]])
    return pd.Series(joined.reindex(index).fillna("").to_numpy(), index=out.index)
