"""The period types of Fingertips data: given, from the metadata, and FingertipsNext start years."""

from __future__ import annotations

import os
import warnings
from collections.abc import Collection, Mapping
from typing import Any, cast

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError, OutcomeFrameWarning, _listed, _user_level
from outcomeframe.observations._cells import _pairs, _text_array, _text_codes
from outcomeframe.observations._period import Period, PeriodType, _kind_hint

__all__ = ["PeriodSpec"]

#: A period type: a word or :class:`~outcomeframe.PeriodType`, or (kind, years) when pooled.
PeriodSpec = PeriodType | str | tuple[PeriodType | str, int]


def _metadata_periods(
    metadata: str | os.PathLike[str] | pd.DataFrame | None,
) -> tuple[dict[str, tuple[PeriodType, int]], list[str]]:
    """Period type and pooled length by indicator ID, from Fingertips metadata.

    Also the IDs whose periods pool an unknown number of years ("Financial multi-year").
    """
    if metadata is None:
        return {}, []
    from outcomeframe.io._metadata import read_fingertips_metadata  # noqa: PLC0415

    meta = read_fingertips_metadata(metadata)
    out: dict[str, tuple[PeriodType, int]] = {}
    unknown: list[str] = []
    for ft, kind, years in zip(  # one per indicator
        meta["fingertips_id"], meta["period_type"], meta["period_years"], strict=True
    ):
        if pd.isna(ft) or kind is None or pd.isna(kind):
            continue
        if pd.isna(years):  # "Financial multi-year" with no length in its name
            unknown.append(str(int(ft)))
            continue
        out[str(int(ft))] = _spec((kind, int(years)))
    return out, unknown


def _spec(spec: PeriodSpec) -> tuple[PeriodType, int]:
    """A period type and pooled length from ``"financial"``, ``("academic", 5)`` ..."""
    if isinstance(spec, tuple):
        if len(spec) != 2:
            raise ArgumentError(f"period_type: {spec!r} is not (kind, years)")
        kind, years = spec[0], cast("object", spec[1])
        if not isinstance(years, int | np.integer) or isinstance(years, bool) or years < 1:
            raise ArgumentError(f"period_type: {spec!r}: years must be a whole number, 1 or more")
    else:
        kind, years = spec, 1
        word = str(spec).lower()
        if "multi" in word and "cumulative" not in word:  # cumulative quarters are rolling
            raise ArgumentError(
                f"period_type: {spec!r} pools several years: give (kind, years), e.g. ({spec!r}, 3)"
            )
    hint = _kind_hint(kind, "period_type")
    if hint is None:
        raise ArgumentError(f"period_type: {spec!r} is not a period type")
    return hint, int(years)


def _period_specs(
    period_type: PeriodSpec | Mapping[str | int, PeriodSpec] | None,
    ids: pd.Series[Any],
    from_metadata: Mapping[str, tuple[PeriodType, int]],
    *,
    next_shape: bool,
    pooled: Collection[str] = (),
) -> dict[str, tuple[PeriodType, int]]:
    """Period type and pooled length for each indicator ID in the file.

    ``period_type`` wins, then the metadata; in the FingertipsNext shape an indicator
    with neither is read as calendar years, with one warning naming them all.
    """
    present = [str(i) for i in ids.dropna().unique()]
    given: dict[str, tuple[PeriodType, int]] = {}
    if isinstance(period_type, Mapping):
        given = {str(k).strip(): _spec(v) for k, v in period_type.items()}
    elif period_type is not None:
        given = dict.fromkeys(present, _spec(period_type))
    specs = {
        i: given[i] if i in given else from_metadata[i]
        for i in present
        if i in given or i in from_metadata
    }
    missing = sorted(i for i in present if i not in specs)
    pooled_ids = set(pooled)
    unsure = [i for i in missing if i in pooled_ids]
    if next_shape and unsure:
        warnings.warn(
            f"indicators {_listed(unsure)}: the metadata say their periods pool several "
            "years but not how many: give period_type={ID: (kind, years)}; meanwhile their "
            "Year is read as a calendar year",
            OutcomeFrameWarning,
            stacklevel=_user_level(),
        )
        specs.update(dict.fromkeys(unsure, (PeriodType.CALENDAR, 1)))
        unsure_ids = set(unsure)
        missing = [i for i in missing if i not in unsure_ids]
    if next_shape and missing:
        where = "in the metadata" if from_metadata else "given (period_type= or metadata=)"
        warnings.warn(
            f"no period type {where} for indicator{'s' if len(missing) > 1 else ''} "
            f"{_listed(missing)}: its Year is read as a calendar year",
            OutcomeFrameWarning,
            stacklevel=_user_level(),
        )
        specs.update(dict.fromkeys(missing, (PeriodType.CALENDAR, 1)))
    return specs


def _next_periods(
    columns: dict[str, Any], ids: pd.Series[Any], specs: Mapping[str, tuple[PeriodType, int]]
) -> dict[str, Any]:
    """Turn (indicator, start year) into period labels, once per distinct pair.

    The ``year`` column becomes ``period`` (in its place); ``period_type`` is set.
    """
    if "period" in columns:  # a column of the file already has the name
        raise ValueError("cannot insert period, already exists")
    year_codes, years, _ = _text_codes(columns["year"])
    id_codes, id_texts, _ = _text_codes(ids)
    codes, first = _pairs(id_codes, len(id_texts), year_codes, len(years))
    all_years, all_ids = [*years, None], [*id_texts, None]
    labels: list[object] = []
    kinds: list[object] = []
    for position in first:  # one per distinct (indicator, year)
        raw, ft = all_years[year_codes[position]], all_ids[id_codes[position]]
        if ft not in specs:  # a blank indicator: left for tidy_observations to report
            labels.append(raw)
            kinds.append(None)
            continue
        kind, n_years = specs[ft]
        try:
            period = Period.from_start_year(int(raw), kind, years=n_years)
        except (TypeError, ValueError):
            labels.append(raw)  # not a year: left for tidy_observations to report
            kinds.append(None)
        else:
            labels.append(period.label)
            kinds.append("academic" if period.start.month == 9 else period.kind.value)
    index = ids.index
    out = {("period" if k == "year" else k): v for k, v in columns.items()}
    out["period"] = pd.Series(_text_array(labels).take(codes), index=index)
    out["period_type"] = pd.Series(_text_array(kinds).take(codes), index=index)
    return out
