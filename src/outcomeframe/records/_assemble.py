"""The pandas side of :func:`outcomeframe.aggregate`: from grouped counts to observations.

The engine returns one row per place (area, period, categories) and code; here the
periods get their labels, the rows that no period or standard age band can take are
set aside with their reason, and the placed counts are summed into the Total row and
one row per breakdown category, each a row of the observation table.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from outcomeframe.observations._columns import TOTAL
from outcomeframe.observations._period import _parse_periods
from outcomeframe.records._plan import (
    CODE,
    NUMERATOR,
    OUTSIDE,
    PERIOD,
    PLACED,
    RECORDS,
    Plan,
    definition_of,
)

__all__ = ["REJECTED", "Counted", "counted"]

#: The code of a group rejected here (its reason in the ``reason`` column).
REJECTED = -1
_MIN_YEAR, _MAX_YEAR = 1000, 9998
_LABEL = "__outcomeframe_label"
_REASON = "__outcomeframe_reason"


class Counted:
    """One indicator's grouped counts, read: observation rows, band rows, rejected groups."""

    def __init__(self, plan: Plan, groups: pd.DataFrame) -> None:
        self.plan = plan
        self.groups = groups
        self.observations = pd.DataFrame()
        self.bands = pd.DataFrame()
        self.rejected = pd.DataFrame()
        #: raw values of the period and age-band columns rejected here, for finding records
        self.bad_periods: list[Any] = []
        self.bad_bands: list[Any] = []


def _labels(plan: Plan, raw: pd.Series[Any]) -> tuple[pd.Series[Any], pd.Series[Any]]:
    """Each group's period label, and the reason where there is none (else missing)."""
    reason: pd.Series[Any] = pd.Series(np.nan, index=raw.index, dtype="object")
    kind = plan.period_kind
    # Categories of numbers (a pandas category, a dictionary-encoded Parquet column of
    # years) are years, though the engine reports the column as categorical text.
    numbered = isinstance(raw.dtype, pd.CategoricalDtype) and pd.api.types.is_numeric_dtype(
        raw.dtype.categories.dtype
    )
    if plan.period_source == "label" and not numbered:
        parsed, _, messages = _parse_periods(raw.astype("str").astype("category"), kind)
        return parsed["period"].astype("object"), messages.astype("object")
    numbers = pd.to_numeric(raw, errors="coerce").astype("float64")
    whole = pd.Series(np.isfinite(numbers), index=raw.index) & (numbers == numbers.round())
    good = whole & (numbers >= _MIN_YEAR) & (numbers <= _MAX_YEAR)
    column = plan.indicator.records.period if plan.indicator.records else "period"
    what = "a date" if plan.period_source == "date" else "a year"
    every = bool(good.all())
    if not every:
        reason[~good] = (
            f"period ({column}) " + raw[~good].astype("str") + f" is not {what} in 1000-9998"
        )
    years = (numbers if every else numbers.where(good).fillna(0)).astype("int64")
    if kind == "calendar":
        label = years.astype("str")
    else:
        label = years.astype("str") + "/" + ((years + 1) % 100).astype("str").str.zfill(2)
    return (label if every else label.where(good)), reason


def counted(plan: Plan, groups: pd.DataFrame, standard: pd.Series[Any] | None) -> Counted:
    """Read one indicator's collected groups (columns: keys, period, code, records, numerator)."""
    out = Counted(plan, groups)
    ind = plan.indicator
    rd = definition_of(ind)
    groups = groups.reset_index(drop=True)
    groups[_REASON] = pd.Series(np.nan, index=groups.index, dtype="object")
    placed = groups[CODE] == PLACED
    label, why = _labels(plan, groups[PERIOD])
    groups[_LABEL] = label
    bad = placed & why.notna()
    if bad.any():
        groups.loc[bad, _REASON] = why[bad]
        out.bad_periods = groups.loc[bad, PERIOD].drop_duplicates().tolist()
    if standard is not None and rd.age_band is not None:
        band = groups[rd.age_band].astype("str").str.strip()
        outside = placed & ~bad & ~band.isin(standard.index)
        if outside.any():
            groups.loc[outside, _REASON] = (
                f"age_band ({rd.age_band}) "
                + band[outside].map(repr)
                + f" is not a band of {rd.standard or 'ESP2013'}"
            )
            out.bad_bands = groups.loc[outside, rd.age_band].drop_duplicates().tolist()
            bad |= outside
    if bad.any():
        groups.loc[bad, CODE] = REJECTED
    out.groups = groups
    out.rejected = _rejected(plan, groups)
    use = groups.loc[groups[CODE] == PLACED]
    out.observations, out.bands = _rows(plan, use)
    return out


def _rejected(plan: Plan, groups: pd.DataFrame) -> pd.DataFrame:
    rd = definition_of(plan.indicator)
    rows = groups.loc[(groups[CODE] != PLACED) & (groups[CODE] != OUTSIDE)]
    codes = rows[CODE].to_numpy()
    texts = np.array(["", *plan.reasons], dtype="object")
    from_code = pd.Series(texts[np.clip(codes - 1, 0, None)], index=rows.index)
    period = f"{rd.period} (start year)" if plan.period_source == "date" else rd.period
    out = {
        "indicator": pd.Series(plan.indicator.id, index=rows.index, dtype="str"),
        "reason": rows[_REASON].where(rows[CODE] == REJECTED, from_code).astype("str"),
        "records": rows[RECORDS].astype("int64"),
    }
    for column in rows.columns:
        name = period if column == PERIOD else column
        if name not in out and not name.startswith("__outcomeframe"):
            out[name] = rows[column]
    return pd.DataFrame(out, index=rows.index)


def _text(values: pd.Series[Any]) -> pd.Series[Any]:
    return values.astype("str").str.strip()


def _rows(plan: Plan, use: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observation rows: the Total and each breakdown category; DSR indicators' band rows.

    Grouped only by the columns that vary from record to record; the key columns the
    indicator fixes (its id, period type, a sex or age it states, the breakdown type)
    are set on the few grouped rows after.
    """
    ind = plan.indicator
    rd = definition_of(ind)
    varying = {"area_code": _text(use[rd.area]), "period": use[_LABEL].astype("str")}
    fixed: dict[str, Any] = {"indicator": ind.id, "period_type": plan.period_kind}
    for field, column, stated in (("sex", rd.sex, ind.sex), ("age", rd.age, ind.age)):
        if column:
            varying[field] = _text(use[column])
        else:
            fixed[field] = stated
    numbers = {
        "count": use[NUMERATOR].to_numpy(dtype="float64"),
        "denominator": use[RECORDS].to_numpy(dtype="float64"),
    }
    order = ["indicator", "area_code", "period", "period_type", "sex", "age"]
    order += ["breakdown_type", "breakdown"]
    splits = [(TOTAL, None), *(((label, None), column) for label, column in rd.breakdowns)]
    parts, band_parts, types = [], [], []
    for (breakdown_type, total), column in splits:
        keys = dict(varying)
        if column is not None:
            keys["breakdown"] = _text(use[column])
        frame = pd.DataFrame({**keys, **numbers}, index=use.index)
        if rd.age_band is not None:
            frame["age_band"] = _text(use[rd.age_band])
            banded = frame.groupby([*keys, "age_band"], dropna=False, sort=True)
            band_parts.append(banded[["count", "denominator"]].sum().reset_index())
        summed = frame.groupby(list(keys), dropna=False, sort=True)[["count", "denominator"]]
        parts.append(summed.sum().reset_index())
        types.append((breakdown_type, total))
    bands = _fixed(band_parts, types, fixed, [*order, "age_band"]) if band_parts else None
    return _fixed(parts, types, fixed, order), pd.DataFrame() if bands is None else bands


def _fixed(
    parts: list[pd.DataFrame],
    types: list[tuple[str, str | None]],
    fixed: dict[str, Any],
    order: list[str],
) -> pd.DataFrame:
    """The grouped rows of every split, with the key columns the indicator fixes.

    ``types`` holds each split's breakdown type, and for the Total its breakdown (the
    other splits group by theirs); the columns in the key's order.
    """
    summed = pd.concat(parts, ignore_index=True)
    lengths = [len(part) for part in parts]
    constants = {
        **fixed,
        "breakdown_type": np.repeat(np.array([t for t, _ in types], dtype="object"), lengths),
    }
    breakdown = [
        np.full(n, total, dtype="object") if total is not None else part["breakdown"].to_numpy()
        for (_, total), part, n in zip(types, parts, lengths, strict=True)
    ]
    constants["breakdown"] = np.concatenate(breakdown) if breakdown else []
    columns = {}
    for column in [*order, "count", "denominator"]:
        if column in constants:
            columns[column] = pd.Series(constants[column], index=summed.index, dtype="str")
        else:
            columns[column] = summed[column]
    return pd.DataFrame(columns, index=summed.index)
