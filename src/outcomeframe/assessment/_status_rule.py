"""The status of one indicator from its signals, by the documented, configurable rule.

The signals are the comparison with the benchmark, the recent trend and the target;
each is read by the vocabulary's members (``Comparison.WORSE``, ``Trend.getting_worse``,
``TargetStatus.OFF_TRACK`` ...), never by the labels' text.
"""

from __future__ import annotations

import attrs
import numpy as np
import pandas as pd

from outcomeframe._checks import need_frame
from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import (
    Comparison,
    IndicatorStatus,
    RollupStatus,
    TargetStatus,
    Trend,
    labels,
)

__all__ = ["INDICATOR_STATUSES", "ROLLUP_STATUSES", "RollupRule", "indicator_status"]

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


def the_rule(rule: object) -> RollupRule:
    """``rule`` itself, the default rule for None; anything else is named."""
    if rule is None:
        return RollupRule()
    if not isinstance(rule, RollupRule):
        raise ArgumentError(f"rule: expected a RollupRule or None, got {type(rule).__name__}")
    return rule


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
    rule = the_rule(rule)
    need_frame(table, "table", ["comparison", "trend", "target_status"], what="an assessment table")
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
