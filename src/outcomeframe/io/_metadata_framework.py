"""A framework built from Fingertips indicator metadata: one indicator per metadata row.

Every indicator measures one outcome, "The profile's indicators", under the vision;
indicators the data have and the metadata do not are added as what the data show.
"""

from __future__ import annotations

import os
import warnings
from typing import IO, Any

import pandas as pd

from outcomeframe._errors import OutcomeFrameWarning, _listed, _user_level
from outcomeframe.framework._framework import Framework
from outcomeframe.framework._validate import validate_graph
from outcomeframe.io._metadata import METADATA_COLUMNS, read_fingertips_metadata
from outcomeframe.io._metadata_parts import inferred_units, unit_of
from outcomeframe.model._elements import (
    Area,
    ComparisonMethod,
    Indicator,
    MeasureType,
    Outcome,
    Vision,
)
from outcomeframe.stats._polarity import Polarity

__all__ = ["framework_from_fingertips"]


def framework_from_fingertips(
    metadata: str | os.PathLike[str] | IO[str] | IO[bytes] | pd.DataFrame,
    *,
    data: Any = None,
    title: str | None = None,
    area: Area | str | dict[str, Any] | None = None,
    benchmark: Area | str | dict[str, Any] | None = None,
) -> Framework:
    """Build a flat framework with one indicator per row of Fingertips indicator metadata.

    Parameters
    ----------
    metadata : str, path, file-like or pandas.DataFrame
        The metadata, in any shape :func:`read_fingertips_metadata` reads (or its result).
    data : pandas.DataFrame or ObservationTable, optional
        Fingertips data (``fingertips_id`` or ``IndicatorId``, ``value``, ``count``,
        ``denominator``), used to find the multiplier of rates without a unit. An
        indicator the data have and the metadata lack (92026 in the FingertipsNext
        export) is added as the data show it: a proportion or a rate by its
        multiplier (a score when it has no counts), no judgement of polarity, with an
        ``OutcomeFrameWarning``.
    title : str, optional
        The framework's title (default "Fingertips indicators"); also the vision's.
    area, benchmark : Area, str or dict, optional
        The framework's area and benchmark (an area code, or code and name).

    Returns
    -------
    Framework
        A validated framework: one vision, one outcome ``profile`` serving it,
        and one indicator per metadata row measuring that outcome, with id
        ``ft-<ID>``, the Fingertips ID, the name as title, and the polarity,
        measure, comparison method and period type from the metadata (so the
        roll-up gives the profile one status).

    Warns
    -----
    OutcomeFrameWarning
        For an assumption: a rate or ratio with no unit in the metadata and no
        data to read its multiplier from (per 100,000 for rates, per 100 for
        ratios); a mean with no unit (dimensionless); an indicator with no
        polarity that is not a count (no judgement); rows set aside, with their
        line and reason: those the metadata reader set aside (with
        ``errors="report"`` results) and those without a value type (an
        indicator of ``data`` is then read as the data show it).

    Raises
    ------
    DataError, FileFormatError
        As :func:`read_fingertips_metadata`.
    ValidationError
        Anything the framework rules refuse.

    Notes
    -----
    Units: the metadata's unit when it gives one. Otherwise proportions are in
    percent, life expectancies in years, counts and scores dimensionless. For
    crude rates, directly standardised rates and ratios the multiplier is
    ``median(value x denominator / count)`` over the indicator's rows of
    ``data``, rounded to a power of ten (per 1,000, per 10,000, per 100,000 ...).
    An indicator whose metadata gives no comparison method is ``not_compared``,
    as Fingertips does not compare it; one with no polarity is ``no_judgement``.

    Examples
    --------
    >>> import warnings
    >>> import pandas as pd
    >>> from outcomeframe import framework_from_fingertips

    Two rows of metadata in the FingertipsNext shape, their words as the shipped
    ``fingertips/indicators.csv`` gives them, and the shipped data of 20401 to read
    its multiplier from:

    >>> from outcomeframe.examples import data_path
    >>> metadata = pd.DataFrame({
    ...     "IndicatorID": [20401, 92904],
    ...     "IndicatorName": [
    ...         "Conception rate in females aged 17 years and under",
    ...         "Hospital admission episodes for alcohol-specific conditions aged 17 and under",
    ...     ],
    ...     "Polarity": ["Low is good", "Low is good"],
    ...     "BenchmarkComparisonMethod": [
    ...         "Confidence intervals overlapping reference value (95.0)"] * 2,
    ...     "ValueType": ["Crude rate", "Crude rate"],
    ...     "PeriodType": ["Calendar", "Financial"],
    ...     "Frequency": ["annually", "annually"],
    ... })
    >>> data = pd.read_csv(data_path("fingertips/indicator_20401.csv"))
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     fw = framework_from_fingertips(metadata, data=data, area="E08000009")
    >>> [ind.id for ind in fw.elements("indicator")]
    ['ft-20401', 'ft-92904']
    >>> ind = fw["ft-20401"]  # value x denominator / count in the data: per 1,000
    >>> ind.title, ind.measure.value, ind.unit, ind.polarity.value
    ('Conception rate in females aged 17 years and under', 'crude_rate', 'per_1000', 'lower_is_better')
    >>> fw["ft-92904"].unit  # no rows of it in the data: the usual multiplier, with a warning
    'per_100000'
    >>> print(caught[0].message)
    indicators 92904: no unit in the metadata, and no rows with value, count and denominator
    to read the multiplier from: per_100000 assumed
    """
    meta = _metadata(metadata)
    inferred = inferred_units(data) if data is not None else {}
    fw = Framework(
        title=title or "Fingertips indicators",
        area=area,
        benchmark=benchmark,
        source="Fingertips indicator metadata",
    )
    fw.add(
        Vision(id="vision", title=title or "Fingertips indicators"),
        Outcome(id="profile", title="The profile's indicators"),
    )
    fw.link("profile", "vision")
    assumed: dict[str, list[str]] = {}  # what was assumed -> the indicators it was assumed of
    records: list[dict[Any, Any]] = meta.to_dict("records")
    for row in records:  # one per indicator, not per observation
        fw.add(_from_metadata(row, inferred, assumed))
        fw.link(f"ft-{int(row['fingertips_id'])}", "profile")
    for ft in _data_only(data, meta):  # in the data but not the metadata: what the data show
        fw.add(_from_data(ft, inferred.get(ft)))
        fw.link(f"ft-{ft}", "profile")
        assumed.setdefault(_DATA_ONLY, []).append(str(ft))
    for what, ids in assumed.items():
        warnings.warn(
            f"indicators {', '.join(ids)}: {what}", OutcomeFrameWarning, stacklevel=_user_level()
        )
    validate_graph(fw.graph, name=fw.title)
    return fw


#: What is assumed of an indicator the data have and the metadata do not.
_DATA_ONLY = (
    "in the data but not in the metadata: read as what the data show "
    "(value x denominator / count gives the unit), with no judgement of polarity "
    "and compared at 95%"
)


def _from_metadata(
    row: dict[Any, Any], inferred: dict[int, str], assumed: dict[str, list[str]]
) -> Indicator:
    """The indicator of one metadata row (what had to be assumed is added to ``assumed``)."""
    ft = int(row["fingertips_id"])
    polarity = row["polarity"]
    if polarity is None:
        if row["measure"] != MeasureType.COUNT.value:
            assumed.setdefault("no polarity: no judgement assumed", []).append(str(ft))
        polarity = Polarity.NO_JUDGEMENT.value
    name, definition = row["name"], row["definition"]
    return Indicator(
        id=f"ft-{ft}",
        title=name if isinstance(name, str) else f"Indicator {ft}",
        description=definition if isinstance(definition, str) else None,
        fingertips_id=ft,
        measure=row["measure"],
        unit=unit_of(row, inferred.get(ft), assumed),
        polarity=polarity,
        comparison=row["comparison"] or ComparisonMethod.NOT_COMPARED.value,
        period_type=row["period_type"],
        period_years=_years(row["period_years"]),
        source="Fingertips",
    )


def _from_data(ft: int, unit: str | None) -> Indicator:
    """An indicator the data have and the metadata do not: read as what the data show."""
    measure = (
        MeasureType.PROPORTION
        if unit == "percent"
        else MeasureType.CRUDE_RATE
        if unit is not None
        else MeasureType.SCORE
    )
    return Indicator(
        id=f"ft-{ft}",
        title=f"Fingertips indicator {ft}",
        fingertips_id=ft,
        measure=measure,
        unit=unit or "dimensionless",
        polarity=Polarity.NO_JUDGEMENT,
        source="Fingertips",
    )


def _metadata(metadata: Any) -> pd.DataFrame:
    if isinstance(metadata, pd.DataFrame) and set(METADATA_COLUMNS) <= set(metadata.columns):
        meta = metadata
    else:
        meta = read_fingertips_metadata(metadata)
    reasons = meta["reason"].copy()
    untyped = reasons.isna() & meta["measure"].isna()  # an indicator needs a measure
    reasons[untyped] = "no value type (ValueType): read as the data show it, if they have it"
    aside = reasons.notna().to_numpy()
    if aside.any():
        where = "line" if meta.index.name == "line" else "row"
        rows = zip(meta.index[aside], meta["fingertips_id"][aside], reasons[aside], strict=True)
        listed = _listed((f"{where} {i} ({ft}): {why}" for i, ft, why in rows), sep="; ")
        warnings.warn(
            f"{int(aside.sum())} metadata row(s) set aside: {listed}",
            OutcomeFrameWarning,
            stacklevel=_user_level(),
        )
    meta = meta.loc[~aside & meta["fingertips_id"].notna().to_numpy()]
    out = meta.astype({"measure": "object"}).astype("object")
    return out.where(out.notna(), None)


def _years(value: Any) -> int | None:
    """A pooled length from the metadata (None for single or unknown years)."""
    return int(value) if pd.notna(value) and int(value) > 1 else None


def _data_only(data: Any, meta: pd.DataFrame) -> list[int]:
    """Fingertips IDs that the data have and the metadata do not, in order of appearance."""
    if data is None:
        return []
    frame = getattr(data, "data", data)
    column = next((c for c in frame.columns if str(c).replace(" ", "").lower() in _ID_NAMES), None)
    if column is None:
        return []
    ids = pd.to_numeric(pd.Series(pd.unique(frame[column].astype("str"))), errors="coerce")
    known = set(meta["fingertips_id"].dropna().astype(int))
    return [int(i) for i in ids.dropna() if float(i).is_integer() and int(i) not in known]


_ID_NAMES = ("fingertips_id", "indicatorid", "fingertipsid")
