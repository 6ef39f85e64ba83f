"""The inequality table: SII and RII across deprivation groups, and whether the gap changes.

For every indicator x area x period x sex x age x breakdown type whose breakdowns
are deprivation deciles or quintiles (labels read by
:func:`outcomeframe.stats.deprivation_rank`), the slope and relative index of
inequality with their limits; then, per series (the same but the period), the
trend of the SII over its five most recent periods by the recent-trend rule
(:func:`outcomeframe.stats.recent_trend`: inverse-variance weighted regression,
chi-squared above the 99.8% point and no outlier), read as the gap widening
(its magnitude grows) or closing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._checks import need_frame
from outcomeframe._errors import ArgumentError, OutcomeFrameError
from outcomeframe._vocabulary import GapTrend, Trend, labels
from outcomeframe.assessment._arguments import area_list
from outcomeframe.stats._sii_fit import MEASURES, inequality
from outcomeframe.stats._sii_rank import deprivation_rank
from outcomeframe.stats._trend import recent_trend
from outcomeframe.stats._units import difference_unit_name

if TYPE_CHECKING:
    from collections.abc import Sequence

    from outcomeframe.assessment._assess import Assessment

__all__ = ["SET_KEY", "closed_inequality_table", "deprivation_mask", "inequality_table"]

#: One set of ordered groups: everything in the observation key but the breakdown.
SET_KEY = ["indicator", "area_code", "period", "sex", "age", "breakdown_type"]
_SERIES_KEY = [k for k in SET_KEY if k != "period"]
#: The columns of a series table that the inequality table reads.
_NEEDED = [
    *SET_KEY, "breakdown", "value", "lower_95", "upper_95", "denominator", "period_start",
    "measure", "multiplier", "unit", "polarity",
]  # fmt: skip
_MEASURE = {"proportion": "proportion", "crude_rate": "rate", "dsr": "rate"}
_GAP_DTYPE = pd.CategoricalDtype(list(labels(GapTrend)))
_NOT_STATED = "\x00not stated"


def deprivation_mask(labels: pd.Series[Any]) -> npt.NDArray[np.bool_]:
    """Whether each breakdown label is a deprivation group (a categorical: its categories read once)."""
    if isinstance(labels.dtype, pd.CategoricalDtype):
        cats = pd.Series(labels.cat.categories, dtype=object)
        known = np.append(deprivation_rank(cats).notna().to_numpy(), False)  # code -1: missing
        return np.asarray(known[labels.cat.codes.to_numpy()], dtype=bool)
    return np.asarray(deprivation_rank(labels).notna().to_numpy(), dtype=bool)


def _deprivation_rows(series: pd.DataFrame, area: Any) -> pd.DataFrame:
    rows = series.loc[deprivation_mask(series["breakdown"])]
    codes = area_list(area)
    if codes is not None:
        rows = rows.loc[rows["area_code"].astype("str").isin(codes).to_numpy()]
    rows = rows.loc[rows["value"].notna().to_numpy()].copy()
    for column in SET_KEY:  # plain text keys: sets group the same whatever the categories
        rows[column] = rows[column].astype("str").fillna(_NOT_STATED)
    # each set and each series as one number (sorted by its key): what the groupings and
    # merges below run on, instead of six text columns each time
    rows["_set"] = rows.groupby(SET_KEY, sort=True).ngroup().to_numpy()
    rows["_series"] = rows.groupby(_SERIES_KEY, sort=True).ngroup().to_numpy()
    counted = rows["denominator"].notna() & (rows["denominator"] > 0)
    whole = counted.groupby(rows["_set"], sort=False).transform("all")
    rows["_population"] = np.where(whole, rows["denominator"], 1.0)
    rows["weights"] = np.where(whole, "population", "equal")
    return rows


def _difference(unit: str) -> str:
    """The SII's unit: a difference of the values (percentage points for percent).

    Named without pint for the usual units, as the assessment's gaps are.
    """
    try:
        return difference_unit_name(unit)
    except OutcomeFrameError:  # not a unit the registry knows: say it as given
        return unit


def _fits(rows: pd.DataFrame, **options: Any) -> pd.DataFrame:
    """SII and RII of every set; one call per kind of measure (at most three)."""
    measure = rows["measure"].astype("str").map(_MEASURE).fillna("value")
    present = set(measure)
    frames = []
    for kind in sorted(k for k in MEASURES if k in present):
        part = rows.loc[(measure == kind).to_numpy()]
        multiplier = float(part["multiplier"].dropna().iloc[0]) if kind != "value" else 1.0
        if kind == "proportion" and multiplier <= 1:  # values are fractions of 1
            multiplier = 1.0
        s, r = inequality(
            "value",
            "lower_95",
            "upper_95",
            rank="breakdown",
            population="_population",
            data=part,
            by="_set",
            measure=kind,
            multiplier=multiplier,
            polarity="polarity",
            **options,
        )
        out = s.rename(columns={"value": "sii", "method": "sii_method", "reason": "reason"})
        limits = [c for c in s.columns if c.startswith(("lower_", "upper_"))]
        out = out.rename(columns={c: f"sii_{c}" for c in limits})
        out["rii"] = r["value"].to_numpy()
        for c in limits:
            out[f"rii_{c}"] = r[c].to_numpy()
        out["rii_reason"] = r["reason"].to_numpy()
        out["unit"] = _difference(str(part["unit"].iloc[0]))
        frames.append(out)
    return pd.concat(frames, ignore_index=True)


def _gap_trends(fits: pd.DataFrame, order: pd.Series) -> pd.DataFrame:
    """Trend of each series' SII over its latest five periods, as Widening / Closing."""
    done = fits.assign(_order=order.to_numpy())
    trend = recent_trend(
        data=done,
        by="_series",
        order="_order",
        values="sii",
        lower="sii_lower_95",
        upper="sii_upper_95",
        polarity=None,
    )
    latest = done.sort_values("_order", kind="stable").groupby("_series", sort=False).tail(1)
    trend = trend.merge(
        latest[["_series", "period", "sii"]], on="_series", how="left", validate="one_to_one"
    )
    word = trend["trend"].astype("str").to_numpy()
    up, down = word == Trend.INCREASING.value, word == Trend.DECREASING.value
    positive = trend["sii"].to_numpy() > 0
    status = np.select(
        [
            (up & positive) | (down & ~positive),
            (down & positive) | (up & ~positive),
            word == Trend.NO_SIGNIFICANT_CHANGE.value,
        ],
        [GapTrend.WIDENING.value, GapTrend.CLOSING.value, GapTrend.NO_SIGNIFICANT_CHANGE.value],
        default=GapTrend.CANNOT_BE_CALCULATED.value,
    )
    return pd.DataFrame(
        {
            "_series": trend["_series"].to_numpy(),
            "period": trend["period"].to_numpy(),
            "gap_trend": pd.Categorical(status, dtype=_GAP_DTYPE),
            "sii_slope": trend["gradient"].to_numpy(),
            "sii_chi2": trend["chi2"].to_numpy(),
            "gap_points": trend["n_points"].to_numpy(),
            "gap_reason": trend["reason"].to_numpy(),
        }
    )


def closed_inequality_table(
    assessment: Assessment, area: str | Sequence[str]
) -> pd.DataFrame | None:
    """The closed-form :func:`inequality_table` of these areas, computed once per assessment.

    What the roll-up (gaps widening or closing) and the dashboard's decile
    charts both read; None when the areas have no deprivation breakdowns. The
    table is the assessment's (see ``Assessment._view``): do not change it.
    """
    codes = (area,) if isinstance(area, str) else tuple(area)

    def build() -> pd.DataFrame | None:
        try:
            return inequality_table(assessment, area=list(codes), method="closed")
        except ArgumentError:  # no deprivation rows for these areas
            return None

    view = getattr(assessment, "_view", None)  # anything with a series also works, uncached
    return view(("inequality_table", "closed", codes), build) if view is not None else build()


def inequality_table(
    source: Assessment | pd.DataFrame,
    *,
    area: str | Sequence[str] | None = None,
    method: str = "simulation",
    simulations: int = 100_000,
    seed: int | np.random.Generator | None = 0,
    relative: str = "mean",
) -> pd.DataFrame:
    """SII and RII per indicator x area x period, and whether each gap is widening.

    Parameters
    ----------
    source : Assessment or pandas.DataFrame
        An assessment (its :attr:`~Assessment.series`), or a table like it: the
        observation key columns, ``value``, ``lower_95``, ``upper_95``,
        ``denominator``, ``period_start``, ``measure``, ``multiplier``, ``unit``
        and ``polarity``.
    area : str or sequence of str, optional
        Keep only these areas.
    method, simulations, seed, relative
        As :func:`outcomeframe.stats.sii` and :func:`~outcomeframe.stats.rii`.
        The default seed (0) makes the table the same on every run.

    Returns
    -------
    pandas.DataFrame
        One row per set: the key columns, ``area_name``, ``sii`` with
        ``sii_lower_95`` ... ``sii_upper_99_8``, ``rii`` with its limits,
        ``groups``, ``weights`` ("population" when every group has a
        denominator, else "equal" shares), ``mean``, ``unit`` (the SII's: a
        difference, percentage points for percentages), ``reason``,
        ``rii_reason``, and on each series' latest period ``gap_trend``
        (Widening / Closing / No significant change / Cannot be calculated),
        ``sii_slope`` (change of the SII per period), ``sii_chi2``,
        ``gap_points`` and ``gap_reason``. The sign follows the indicator's
        polarity: a positive SII means the most deprived fare worse.

    Raises
    ------
    ArgumentError
        When ``source`` is neither, or has no deprivation breakdowns.

    Examples
    --------
    >>> import outcomeframe as of
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> t = of.inequality_table(a, area="E10000017", method="closed")
    >>> row = t.iloc[-1]
    >>> row["indicator"], row["period"], int(row["groups"]), row["weights"]
    ('reception-obesity-5-year', '2019/20 - 23/24', 5, 'equal')
    >>> bool(row["sii_lower_95"] < row["sii"] < row["sii_upper_95"])
    True
    """
    given = source.series if hasattr(source, "series") else source
    series = need_frame(given, "source", _NEEDED, what="an Assessment or its series table")
    rows = _deprivation_rows(series, area)
    if rows.empty:
        raise ArgumentError("source: no rows with deprivation decile or quintile breakdowns")
    fits = _fits(rows, method=method, simulations=simulations, seed=seed, relative=relative)
    first = rows.groupby("_set", sort=True)[
        [*SET_KEY, "_series", "area_name", "period_start", "weights"]
    ].first()  # indexed by the set's number: 0, 1, ...
    fits["_set"] = fits["_set"].to_numpy(dtype=np.int64)
    fits = fits.join(first, on="_set", validate="one_to_one")
    trends = _gap_trends(fits, fits["period_start"])
    out = fits.merge(trends, on=["_series", "period"], how="left", validate="one_to_one")
    out = out.sort_values([*_SERIES_KEY, "period_start"], kind="stable").reset_index(drop=True)
    for column in SET_KEY:
        out[column] = out[column].mask(out[column] == _NOT_STATED)
    limits = [c for c in out.columns if c.startswith(("sii_lower", "sii_upper"))]
    rii_limits = [c for c in out.columns if c.startswith(("rii_lower", "rii_upper"))]
    columns = [
        *SET_KEY, "area_name", "sii", *limits, "rii", *rii_limits, "groups", "weights",
        "mean", "unit", "reason", "rii_reason", "gap_trend", "sii_slope", "sii_chi2",
        "gap_points", "gap_reason",
    ]  # fmt: skip
    return out[columns]
