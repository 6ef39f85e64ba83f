"""Roll indicator results up the framework graph: outcome -> objective -> priority -> vision.

The status of each indicator, and the rule that decides it, are in ``_status_rule``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
)
from outcomeframe.assessment._arguments import area_list, need_assessment, warn_absent_areas
from outcomeframe.assessment._headline import headline_mask
from outcomeframe.assessment._status_rule import (
    _BETTER_TRENDS,
    _WORSE_TRENDS,
    INDICATOR_STATUSES,
    ROLLUP_STATUSES,
    RollupRule,
    indicator_status,
    the_rule,
)
from outcomeframe.framework._queries import indicators_for
from outcomeframe.model._elements import Kind

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from outcomeframe.assessment._assess import Assessment

__all__ = [
    "INDICATOR_STATUSES",
    "ROLLUP_STATUSES",
    "RollupRule",
    "indicator_status",
    "rollup",
    "rollup_of",
]

_KINDS = [Kind.VISION, Kind.PRIORITY, Kind.OBJECTIVE, Kind.OUTCOME]


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
    assessment = need_assessment(assessment)
    codes = area_list(area) if area is not None else area_list(assessment.area)
    if codes is None:
        raise ArgumentError("area: the framework names no area; give one")
    if area is not None:
        then = ", so every element reads as no data for {them}"
        warn_absent_areas(codes, assessment.table["area_code"], then)
    return rollup_of(assessment, codes, rule)


def rollup_of(
    assessment: Assessment,
    codes: list[str],
    rule: RollupRule | None = None,
    ages: Mapping[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """:func:`rollup` of the areas ``codes``, with their :func:`data_age` tables when known.

    ``ages`` maps an area code to what ``data_age(assessment, area=code)`` returns
    (the dashboard has it already, with its own ``as_of``); missing areas are computed.
    """
    rule = the_rule(rule)
    table = assessment.table
    table = table.loc[table["area_code"].isin(codes).to_numpy() & headline_mask(table)]
    flags = _indicator_flags(assessment, table, codes, rule, ages or {})
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
    # one number per element and area, in order of first appearance: every groupby below
    # is on it (not on the two text columns again)
    merged["_key"] = merged.groupby(["element", "area_code"], sort=False).ngroup().to_numpy()
    merged["_stale_only"] = _set_aside_stale(merged, ["_key"], rule)
    grouped = merged.groupby("_key", sort=True)
    out = grouped[counts].sum()
    dated = merged.dropna(subset=["period_end"]).sort_values("period_end", kind="stable")
    by_age = dated.groupby("_key")["period"]
    out["oldest_period"] = by_age.first().reindex(out.index)
    out["newest_period"] = by_age.last().reindex(out.index)
    only_old = grouped["_stale_only"].any().to_numpy()
    out.insert(0, "indicators", grouped["indicator"].count())
    out = grouped[["element", "area_code", "kind", "title"]].first().join(out)
    out = out.reset_index(drop=True)
    status = _element_status(out, only_old, rule)
    out["status"] = pd.Categorical(status, categories=ROLLUP_STATUSES)
    out["drivers"] = _drivers(merged, status)
    out["kind"] = pd.Categorical(out["kind"], categories=[k.value for k in _KINDS])
    columns = ["element", "kind", "title", "area_code", "indicators", *counts]
    return out[[*columns, "oldest_period", "newest_period", "status", "drivers"]]


def _indicator_flags(
    assessment: Assessment,
    table: pd.DataFrame,
    codes: list[str],
    rule: RollupRule,
    known: Mapping[str, pd.DataFrame],
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
    ages = _ages(assessment, codes, known)
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


def _ages(
    assessment: Assessment, codes: Sequence[str], known: Mapping[str, pd.DataFrame]
) -> pd.DataFrame:
    """``out_of_date`` and ``period_end`` of each indicator's latest headline value, per area."""
    from outcomeframe.assessment._freshness import data_age  # noqa: PLC0415

    frames = []
    for code in codes:  # one per area asked for: a handful
        ages = known[code] if code in known else data_age(assessment, area=code)
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
    from outcomeframe.assessment._sii_table import closed_inequality_table  # noqa: PLC0415

    columns = ["indicator", "area_code", "gaps_widening", "gaps_closing"]
    table = closed_inequality_table(assessment, codes)  # shared with the decile charts
    if table is None:  # no deprivation breakdowns for these areas
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


def _drivers(merged: pd.DataFrame, status: npt.NDArray[np.str_]) -> npt.NDArray[np.object_]:
    """The indicators behind each status (``status[k]`` of key ``k``), comma-separated."""
    wanted = status[merged["_key"].to_numpy()]
    take = (
        ((wanted == RollupStatus.NEEDS_ATTENTION) & merged["concern"].to_numpy())
        | ((wanted == RollupStatus.ON_COURSE) & merged["good"].to_numpy())
        | ((wanted == RollupStatus.MIXED) & (merged["concern"] | merged["good"]).to_numpy())
        | ((wanted == RollupStatus.NO_CHANGE) & merged["neutral"].to_numpy())
    )
    chosen = merged.loc[take]
    joined = chosen.groupby("_key")["indicator"].agg(", ".join)
    return np.asarray(joined.reindex(range(len(status))).fillna("").to_numpy(), dtype=object)
