"""Two worked cases on the real data shipped with the Trafford plan.

* :func:`ofsted_target`: Trafford's target "95% of early education providers judged Good
  or Outstanding by Ofsted", from the provider-level Ofsted list (31 December 2018).
* :func:`gld_fsm_gap`: the gap in good level of development (GLD) at the end of Reception
  between children with free school meal status and all children, per period.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError, DataError
from outcomeframe.assessment._headline import headline_mask
from outcomeframe.assessment._inputs import _indicator_meta
from outcomeframe.examples._common import read as _read
from outcomeframe.examples._data import _framework, areas, data
from outcomeframe.examples._readers_ohid import provider_grades as _provider_grades
from outcomeframe.model import Indicator
from outcomeframe.stats import gap, proportion

__all__ = ["ProviderTarget", "gld_fsm_gap", "ofsted_target"]

_OFSTED = "ofsted-providers-good-or-outstanding"
_RATING_ORDER = (
    "Outstanding",
    "Good",
    "Requires improvement",
    "Satisfactory / Requires improvement",
    "Inadequate",
    "Met",
    "Not met",
    "NA",
)
_GRADE_COLUMNS = {
    "Outstanding": "outstanding",
    "Good": "good",
    "Requires improvement": "requires_improvement",
    "Inadequate": "inadequate",
}


@attrs.frozen
class ProviderTarget:
    """Result of :func:`ofsted_target`.

    Attributes
    ----------
    ratings : pandas.DataFrame
        Providers by most recent Ofsted overall grade: ``rating`` (as in the file),
        ``group`` ("Good or Outstanding", "Not Good", "No grade") and ``providers``.
    summary : pandas.DataFrame
        Two rows, indexed by ``treatment``: ``"graded only"`` (the indicator's
        definition: providers with a grade) and ``"no grade as not Good"`` (sensitivity:
        every provider in the denominator). Columns ``count``, ``denominator``,
        ``value`` (%), ``lower_95``, ``upper_95``, ``lower_99_8``, ``upper_99_8`` (Wilson),
        ``target``, ``met`` (value at least the target) and ``target_in_95`` (the target
        lies inside the 95% interval, so the data cannot tell the value from the target).
    published : pandas.DataFrame
        The Ofsted shares of ``early_years_settings.csv`` (31 August 2018) for Trafford,
        Greater Manchester and England, in percent: ``outstanding``, ``good``,
        ``requires_improvement``, ``inadequate`` and ``good_or_outstanding``
        (Outstanding + Good), indexed by ``area_code``, with ``area_name`` and ``period``.
    target : float
        The plan's target (95, percent, at least), read from the framework file.

    Examples
    --------
    >>> import outcomeframe as of
    >>> result = of.examples.ofsted_target()
    >>> isinstance(result, of.examples.ProviderTarget), result.target
    (True, 95.0)
    """

    ratings: pd.DataFrame
    summary: pd.DataFrame
    published: pd.DataFrame
    target: float


def ofsted_target() -> ProviderTarget:
    """Check Trafford's 95% Good or Outstanding target against the Ofsted provider list.

    The file ``childcare_providers.csv`` lists Trafford's 163 active providers of
    childcare on non-domestic premises at 31 December 2018 with their most recent full
    inspection grade. 43 have no grade (``NA``: not yet inspected, or registered only on
    the Childcare Register, where Ofsted records Met / Not met; the publisher wrote every
    such provider as NA). The indicator's denominator is providers with a published
    grade, so they are left out of the main figure and counted as not Good in the
    sensitivity figure. "Satisfactory / Requires improvement" and "Inadequate" are not
    Good. The proportion and its Wilson intervals come from
    :func:`outcomeframe.stats.proportion`.

    Returns
    -------
    ProviderTarget
        Counts by rating, the main and sensitivity figures against the target, and the
        published August 2018 shares for comparison.

    Examples
    --------
    >>> import outcomeframe as of
    >>> result = of.examples.ofsted_target()
    >>> result.ratings
                                    rating                group  providers
    0                          Outstanding  Good or Outstanding         51
    1                                 Good  Good or Outstanding         65
    2  Satisfactory / Requires improvement             Not Good          1
    3                           Inadequate             Not Good          3
    4                                   NA             No grade         43
    >>> main = result.summary.loc["graded only"]
    >>> int(main["count"]), int(main["denominator"]), round(float(main["value"]), 1)
    (116, 120, 96.7)
    >>> round(float(main["lower_95"]), 1), round(float(main["upper_95"]), 1)
    (91.7, 98.7)
    >>> bool(main["met"]), bool(main["target_in_95"])
    (True, True)
    >>> round(float(result.summary.loc["no grade as not Good", "value"]), 1)
    71.2
    >>> result.published[["area_name", "good_or_outstanding"]]
                        area_name  good_or_outstanding
    area_code
    E08000009            Trafford                 96.6
    E47000001  Greater Manchester                 94.2
    E92000001             England                 94.5
    """
    indicator = _framework("trafford")[_OFSTED]
    if not isinstance(indicator, Indicator) or indicator.target is None:
        raise DataError(f"trafford: {_OFSTED!r} is not an indicator with a target")
    if indicator.target.value is None:
        raise DataError(f"trafford: the target of {_OFSTED!r} has no value")
    target = float(indicator.target.value)

    grades = _provider_grades()
    order = {r: i for i, r in enumerate(_RATING_ORDER)}
    ratings = (
        grades.groupby(["rating", "group"], sort=False)
        .size()
        .rename("providers")
        .reset_index()
        .assign(_order=lambda f: f["rating"].map(order).fillna(len(order)))
        .sort_values(["_order", "rating"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
        .astype({"rating": "str", "group": "str", "providers": "int64"})
    )
    by_group = ratings.groupby("group")["providers"].sum()
    good = int(by_group.get("Good or Outstanding", 0))
    graded = good + int(by_group.get("Not Good", 0))
    everyone = int(ratings["providers"].sum())
    result = proportion([good, good], [graded, everyone])
    summary = result[["count", "denominator", "value", *_LIMITS]].copy()
    summary.index = pd.Index(["graded only", "no grade as not Good"], name="treatment")
    summary["target"] = target
    summary["met"] = summary["value"] >= target
    summary["target_in_95"] = (summary["lower_95"] <= target) & (target <= summary["upper_95"])
    return ProviderTarget(
        ratings=ratings, summary=summary, published=_published_shares(), target=target
    )


_LIMITS = ("lower_95", "upper_95", "lower_99_8", "upper_99_8")


def _published_shares() -> pd.DataFrame:
    """early_years_settings.csv as one row per area, in percent (the file has fractions)."""
    raw = _read("trafford-data-lab/early_years_settings.csv")
    share = pd.to_numeric(raw["value"], errors="coerce") * 100.0
    wide = (
        raw.assign(share=share, column=raw["group"].map(_GRADE_COLUMNS))
        .pivot_table(
            index=["area_code", "area_name", "period"],
            columns="column",
            values="share",
            aggfunc="sum",
        )
        .reindex(columns=list(_GRADE_COLUMNS.values()))
        .round(1)
        .reset_index(["area_name", "period"])
        .rename_axis(columns=None)
    )
    wide["good_or_outstanding"] = (wide["outstanding"] + wide["good"]).round(1)
    return wide.astype({"area_name": "str", "period": "str"})


def gld_fsm_gap(name: str = "trafford", area_codes: Sequence[str] | None = None) -> pd.DataFrame:
    """The GLD gap between children with free school meal status and all children.

    For each area and period with both values in :func:`~outcomeframe.examples._data.data`
    (indicators ``school-readiness-gld-fsm`` and ``school-readiness-gld``, all children:
    sex ``Persons``, no breakdown): the two values, the gap FSM minus all children in
    percentage points (:func:`outcomeframe.stats.gap`; negative when FSM children are
    behind) and whether its size grew or shrank since the area's previous period.

    The EYFS profile was reformed in September 2021, and DfE says results from 2021/22
    are not comparable with earlier years; 2019/20 and 2020/21 were not collected. So
    ``era`` says which profile a period belongs to, and the change is not given across
    the break (the first period of each era has no change and no direction).

    Most values are published to one decimal place without counts (the Trafford Data
    Lab and smapey tables); 2021/22 has counts (DfE EYFSP headline measures). So the
    direction of a change is a description, not a test: the FSM children are part of
    all children, so the two values are not independent either.

    Parameters
    ----------
    name : {"trafford", "lancashire"}
        The shipped plan whose data to use.
    area_codes : sequence of str, optional
        Area codes, among those of :func:`~outcomeframe.examples._data.areas`; default
        the plan's area and its benchmark (England).

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``area_name``, ``period``, ``era`` ("before 2021 reforms" or
        "2021 reforms"), ``all_children``, ``fsm`` (%), ``gap`` (fsm - all_children,
        percentage points), ``relative_gap`` (gap / all_children), ``change`` (change
        of the gap's size since the previous period of the same era, percentage points)
        and ``direction`` ("widening", "closing", "no change"; missing for the first
        period of an era).

    Raises
    ------
    ArgumentError
        ``name`` is not a shipped plan, or an area code is not kept for it.

    Examples
    --------
    >>> from outcomeframe.examples import gld_fsm_gap
    >>> out = gld_fsm_gap()
    >>> trafford = out[out["area_code"] == "E08000009"]
    >>> trafford[["period", "era", "all_children", "fsm", "gap", "direction"]]
        period                  era  all_children   fsm   gap direction
    0  2015/16  before 2021 reforms          73.8  47.3 -26.5       NaN
    1  2016/17  before 2021 reforms          73.0  48.1 -24.9   closing
    2  2017/18  before 2021 reforms          75.3  50.3 -25.0  widening
    3  2021/22         2021 reforms          71.6  47.5 -24.1       NaN
    4  2022/23         2021 reforms          72.2  47.5 -24.7  widening
    5  2023/24         2021 reforms          72.6  47.7 -24.9  widening
    6  2024/25         2021 reforms          74.0  48.6 -25.4  widening
    >>> gld_fsm_gap("lancashire")[["area_name", "period", "gap"]].head(4)
        area_name   period   gap
    0  Lancashire  2015/16 -16.9
    1  Lancashire  2016/17 -16.0
    2  Lancashire  2017/18 -15.9
    3  Lancashire  2021/22 -17.9
    """
    kept = areas(name)
    if area_codes is None:
        wanted = list(kept.loc[kept["role"].isin(["area", "benchmark"]), "area_code"])
    else:
        wanted = [str(code) for code in area_codes]
        unknown = sorted(set(wanted) - set(kept["area_code"]))
        if unknown:
            raise ArgumentError(f"area_codes: {unknown} are not kept for plan {name!r}")
    obs = data(name)
    total = headline_mask(obs, _indicator_meta(_framework(name)))  # the whole population
    total &= (obs["area_code"].isin(wanted) & obs["value"].notna()).to_numpy()
    keys = ["area_code", "area_name", "period", "period_start"]
    pick = {"school-readiness-gld": "all_children", "school-readiness-gld-fsm": "fsm"}
    frames = []
    for indicator, column in pick.items():
        rows = obs.loc[total & (obs["indicator"] == indicator), [*keys, "value"]]
        frames.append(rows.rename(columns={"value": column}))
    both = frames[0].merge(frames[1], on=keys, how="inner")
    both = both.dropna(subset=["all_children", "fsm"])
    position = {code: i for i, code in enumerate(wanted)}
    both = both.assign(_area=both["area_code"].map(position))
    both = both.sort_values(["_area", "period_start"], kind="stable").reset_index(drop=True)
    gaps = gap(both["fsm"], both["all_children"])
    both["gap"] = gaps["absolute"].round(10)
    both["relative_gap"] = gaps["relative"]
    reformed = both["period_start"] >= pd.Timestamp("2021-09-01")
    both["era"] = np.where(reformed, "2021 reforms", "before 2021 reforms")
    size = both["gap"].abs()
    change = size - size.groupby([both["area_code"], both["era"]], sort=False).shift(1)
    both["change"] = change.round(10)
    direction = np.select(
        [both["change"] > 0, both["change"] < 0, both["change"] == 0],
        ["widening", "closing", "no change"],
        default="",
    )
    both["direction"] = pd.Series(direction, index=both.index, dtype="str").replace("", np.nan)
    both["era"] = both["era"].astype("str")
    columns = ["area_code", "area_name", "period", "era", "all_children", "fsm", "gap"]
    return both[[*columns, "relative_gap", "change", "direction"]]
