"""The assessment's inputs: the observations checked, and each indicator's metadata.

Also the rows of indicators the framework does not define, and of units that contradict
the indicator's, set aside with their reasons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError, UnitError
from outcomeframe.assessment._columns import _Columns
from outcomeframe.assessment._context import (
    SUPPRESSED,
)
from outcomeframe.assessment._fill import _LIMITS, _aligned, _Definitions, _empty_rejected
from outcomeframe.model._elements import Indicator, MeasureType
from outcomeframe.observations._table import (
    ObservationTable,
    _tidy,
)
from outcomeframe.stats._units import convert, multiplier

if TYPE_CHECKING:
    from outcomeframe.framework._framework import Framework


__all__: list[str] = []


_KEYS = ["indicator", "area_code", "period", "sex", "age", "breakdown_type", "breakdown"]


def _as_table(observations: Any) -> ObservationTable:
    if isinstance(observations, ObservationTable):
        # checked again: a table may have been built or changed by hand since it was read
        again = _tidy(observations.data, errors="report", categorical=True, duplicates=False)
        data = again.data
        for col in ("area_type", "period_type"):
            if col in data.columns and not isinstance(data[col].dtype, pd.CategoricalDtype):
                data[col] = data[col].astype("category")
        rejected = [f for f in (observations.rejected, again.rejected) if len(f)]
        return ObservationTable(
            data=data, rejected=pd.concat(rejected) if rejected else observations.rejected
        )
    if isinstance(observations, pd.DataFrame):
        return _tidy(observations, errors="report", categorical=True, duplicates=False)
    raise ArgumentError(
        f"observations: expected a DataFrame or an ObservationTable, got "
        f"{type(observations).__name__}"
    )


def _indicator_meta(fw: Framework) -> pd.DataFrame:
    columns: dict[str, list[Any]] = {name: [] for name in _META_COLUMNS}
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
        row = (
            ind.id,
            ind.title,
            ind.measure.value,
            ind.unit,
            _multiplier(ind),
            ind.polarity.value if ind.polarity else "no_judgement",
            ind.comparison.value if ind.comparison else "ci_overlap",
            ind.fingertips_id,
            ind.source,
            target_value,
            target.benchmark if target else None,
            direction,
            _target_by(fw, ind),
            target is not None,
            getattr(ind, "sex", None),
            getattr(ind, "age", None),
        )
        for values, value in zip(columns.values(), row, strict=True):
            values.append(value)
    # one column at a time: the dtypes pandas infers for a list of records, at a fraction of
    # the cost (text as str, a missing value beside numbers as NaN, all missing as object)
    frame = pd.DataFrame({name: _inferred(values) for name, values in columns.items()})
    return frame.set_index("indicator", drop=False)


#: The columns of the indicator metadata, in order.
_META_COLUMNS = (
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
    "sex",
    "age",
)


def _inferred(values: list[Any]) -> Any:
    """A column's values as the frame constructor reads them (no value: an object column)."""
    return values if values else pd.Series([], dtype=object)


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
    return _last_year(fw.metadata.period) if fw.metadata.period else None


#: What separates the years of a plan's period ("2019-2022", "2019/20-2021/22").
_YEAR_SEPARATORS = re.compile(r"[/-]")


def _last_year(period: str) -> str | None:
    """The plan period's last number, as written ("2019-2022" -> "2022"); None if not a number.

    Examples
    --------
    >>> from outcomeframe.assessment._inputs import _last_year
    >>> _last_year("2019-2022"), _last_year("2021 - 2024 "), _last_year("to be agreed")
    ('2022', '2024', None)
    """
    last = _YEAR_SEPARATORS.split(period)[-1].strip()
    return last if last.isdigit() else None


def _match_indicators(data: pd.DataFrame, meta: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map Fingertips IDs to framework ids (per category); set aside unknown indicators."""
    indicator = data["indicator"]
    cats = indicator.cat.categories
    codes = np.asarray(indicator.array.codes)
    if (
        not indicator.cat.ordered
        and cats.dtype == pd.StringDtype(na_value=np.nan)
        and (meta.index.get_indexer(cats) >= 0).all()
        and not (len(codes) and codes.min() < 0)
    ):  # framework ids already, every one known: the column as it is
        return data, _empty_rejected()
    by_ft = meta.dropna(subset=["fingertips_id"])
    ft_map = dict(
        zip(by_ft["fingertips_id"].astype(int).astype(str), by_ft["indicator"], strict=True)
    )
    given = data["indicator"].cat.categories.astype("str")
    mapped = pd.Index(given.where(given.isin(meta.index), given.map(ft_map)))
    new_codes, new_ids = pd.factorize(mapped, use_na_sentinel=True)
    codes = np.append(new_codes, -1)[data["indicator"].cat.codes.to_numpy()]
    known = codes >= 0
    if known.all():
        data["indicator"] = pd.Categorical.from_codes(
            codes, categories=pd.Index(new_ids).astype("str")
        )
        return data, _empty_rejected()
    rejected = data.loc[~known].copy()
    rejected["reason"] = (
        "indicator "
        + rejected["indicator"].astype("str").map(repr)
        + " is not defined in the framework"
    )
    out = data.loc[known].copy()
    out["indicator"] = pd.Categorical.from_codes(
        codes[known], categories=pd.Index(new_ids).astype("str")
    )
    return out, rejected


def _check_units(
    data: pd.DataFrame, meta: pd.DataFrame, defs: _Definitions | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Refuse values whose unit contradicts the indicator's; convert where pint can.

    Indicator metadata is looked up by category code. Problems are kept as
    (positions, text) pairs, so a clean table costs a few masks.
    """
    found: list[tuple[npt.NDArray[np.intp], Any]] = []
    bad = np.zeros(len(data), dtype=bool)
    aligned = _aligned(meta, data["indicator"], defs)
    codes = data["indicator"].cat.codes.to_numpy()
    units = aligned["unit"].astype("str").to_numpy(dtype=object)
    if "value_unit" in data.columns:
        given = data["value_unit"].astype("str")
        unit = pd.Series(units[codes], index=data.index)
        groups = data.groupby([given, unit], dropna=False).indices
        for pair, where in groups.items():
            positions = np.asarray(where, dtype=np.intp)
            have, want = _pair(pair)
            if have in ("nan", "<NA>") or have == want:
                continue
            try:
                factor = float(convert(1.0, have, want))
            except UnitError as err:
                found.append(
                    (
                        positions,
                        f"value unit {have!r} contradicts the indicator's unit {want!r}: {err}",
                    )
                )
                bad[positions] = True
                continue
            for col in ("value", *_LIMITS):
                column = data[col].to_numpy(dtype=float, copy=True)
                column[positions] *= factor
                data[col] = column
    is_proportion = (aligned["measure"] == MeasureType.PROPORTION.value).to_numpy()[codes]
    over = is_proportion & (data["count"].to_numpy() > data["denominator"].to_numpy()) & ~bad
    if over.any():
        found.append(
            (np.flatnonzero(over), "count is larger than denominator, impossible for a proportion")
        )
        bad |= over
    value = data["value"].to_numpy()
    top = aligned["multiplier"].to_numpy(dtype=float)[codes]
    outside = is_proportion & ((value < 0) | (value > top)) & ~bad
    if outside.any():
        where = np.flatnonzero(outside)
        text = [
            f"value {v:g} is outside 0 to {t:g} for a proportion in {u}"
            for v, t, u in zip(value[where], top[where], units[codes[where]], strict=True)
        ]
        found.append((where, np.asarray(text, dtype=object)))
        bad |= outside
    if not bad.any():
        return data, _empty_rejected()
    reasons = np.empty(len(data), dtype=object)
    for positions, text in found:
        reasons[positions] = text
    rejected = data.loc[bad].copy()
    rejected["reason"] = pd.Series(reasons[bad], index=rejected.index, dtype="str")
    return data.loc[~bad].copy(), rejected


def _pair(key: Any) -> tuple[str, str]:
    first, second = key
    return str(first), str(second)


def _missing(
    meta: pd.DataFrame, present: Iterable[str], suppressed: pd.DataFrame | None = None
) -> pd.DataFrame:
    rows = np.flatnonzero(~meta["indicator"].isin(set(present)).to_numpy())
    if not rows.size:  # every indicator has data: the empty table, without frame operations
        none = _Columns.taken({c: meta[c] for c in _MISSING_COLUMNS[:4]}, rows)
        none["fingertips_id"] = none["fingertips_id"].astype("Int64")
        none["reason"] = _empty_rejected()["reason"]
        return none.frame()
    absent = meta.iloc[rows].reset_index(drop=True)
    ft = absent["fingertips_id"].astype("Int64")
    where = pd.Series("no data supplied", index=absent.index, dtype="str")
    if len(absent):
        has_source = absent["source"].notna()
        if has_source.any():
            where[has_source] = "no data supplied; source: " + absent.loc[
                has_source, "source"
            ].astype("str")
        has_ft = ft.notna()
        if has_ft.any():
            where[has_ft] = "no data supplied; get it from OHID Fingertips indicator " + ft[
                has_ft
            ].astype("str")
    if len(absent) and suppressed is not None and len(suppressed):
        counts = suppressed["indicator"].astype("str").value_counts()
        quiet = absent["indicator"].map(counts)
        hit = quiet.notna()
        if hit.any():
            where[hit] = (
                "all "
                + quiet[hit].astype(int).astype("str")
                + " rows supplied are "
                + SUPPRESSED.removeprefix("suppressed: ").join(["suppressed (", ")"])
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


#: The columns of :attr:`Assessment.missing`.
_MISSING_COLUMNS = ("indicator", "title", "fingertips_id", "source", "reason")
