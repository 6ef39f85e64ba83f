"""``aggregate``: record-level data to the observation table, on the records' own engine.

The grouped sums run where the records are (pandas, Polars, DuckDB, Dask, PySpark ...,
through narwhals, lazily when the records are lazy); only the grouped counts, one row
per area, period, category and reason, come back to pandas, where the periods get
their labels, DSRs are computed from their age bands and the observation table is
built and checked. Every record is placed, outside the population, or rejected with a
reason, and the three add up to the records given (checked).
"""

from __future__ import annotations

from typing import Any

import attrs
import pandas as pd

from outcomeframe._engines import wrap
from outcomeframe._errors import ArgumentError, DataError
from outcomeframe.model._elements import Indicator
from outcomeframe.observations._columns import KEY_COLUMNS
from outcomeframe.observations._table import ObservationTable, tidy_observations
from outcomeframe.records._arguments import check_source, chosen_indicators
from outcomeframe.records._assemble import Counted, counted
from outcomeframe.records._collect import collect, labelled, numbers_found, schema_of, synthetic
from outcomeframe.records._filter import narwhals, nulls_propagate
from outcomeframe.records._numbers import read_numbers, single_values, to_numbers
from outcomeframe.records._plan import CODE, OUTSIDE, PLACED, RECORDS, definition_of, plan

__all__ = ["Aggregation", "aggregate"]

_COUNT_COLUMNS = ["indicator", "records", "placed", "outside", "rejected"]


@attrs.frozen
class Aggregation:
    """What :func:`aggregate` returns: the observations, and every record not placed.

    Attributes
    ----------
    observations : ObservationTable
        One row per indicator, area, period, sex, age and breakdown: ``count`` (the
        records of the numerator) and ``denominator`` (those of the denominator);
        DSR indicators also have ``value`` and the limits, from :func:`stats.dsr
        <outcomeframe.stats.dsr>` over their age bands.
    age_bands : pandas.DataFrame
        DSR indicators only: the key columns, ``age_band``, ``count`` and
        ``denominator`` of each band, as :func:`stats.dsr <outcomeframe.stats.dsr>` takes them.
    rejected : pandas.DataFrame
        The records that could not be placed, one row per indicator, reason and values
        of the columns that place a record: ``indicator``, ``reason``, ``records``
        (how many), then those columns as in the records (a date column as its start
        year). :meth:`rejected_records` returns the records themselves.
    counts : pandas.DataFrame
        Per indicator: ``records`` given, ``placed``, ``outside`` (not in the
        denominator) and ``rejected``; placed + outside + rejected = records.

    Examples
    --------
    >>> import pandas as pd
    >>> import outcomeframe as of
    >>> lbw = of.Indicator(
    ...     id="low-birth-weight", title="Low birth weight of term babies",
    ...     measure="proportion", unit="percent", polarity="lower_is_better",
    ...     records={"numerator": "weight < 2500", "denominator": "weeks >= 37"},
    ... )
    >>> births = pd.DataFrame({
    ...     "area_code": ["E06000001", "E06000001", "E06000001", None],
    ...     "year": [2023, 2023, 2023, 2023],
    ...     "weight": [2400, 3100, 2200, 2900], "weeks": [39, 40, 35, 38],
    ... })
    >>> result = of.aggregate(births, lbw)
    >>> result.observations.data[["area_code", "period", "count", "denominator"]]
       area_code period  count  denominator
    0  E06000001   2023    1.0          2.0
    >>> result.counts
              indicator  records  placed  outside  rejected
    0  low-birth-weight        4       2        1         1
    >>> result.rejected[["reason", "records"]]
                         reason  records
    0  area (area_code) is missing        1
    """

    observations: ObservationTable
    age_bands: pd.DataFrame
    rejected: pd.DataFrame
    counts: pd.DataFrame
    _counted: tuple[Counted, ...] = attrs.field(eq=False, repr=False, alias="counted")

    def __repr__(self) -> str:
        placed, given = int(self.counts["placed"].sum()), int(self.counts["records"].max())
        return (
            f"Aggregation: {len(self.observations.data):,} observations of "
            f"{len(self.counts)} indicator(s) from {given:,} records; {placed:,} placements, "
            f"{int(self.counts['rejected'].sum()):,} records rejected"
        )

    def reason_counts(self) -> pd.DataFrame:
        """The rejected records counted by indicator and reason, most frequent first.

        Examples
        --------
        >>> import pandas as pd
        >>> import outcomeframe as of
        >>> ind = of.Indicator(id="i", title="I", measure="proportion", unit="percent",
        ...                    records={"numerator": "x > 1"})
        >>> records = pd.DataFrame({"area_code": ["E1", None, None], "year": [2020] * 3,
        ...                         "x": [1, 2, 3]})
        >>> of.aggregate(records, ind).reason_counts()
          indicator                       reason  records
        0         i  area (area_code) is missing        2
        """
        counts = self.rejected.groupby(["indicator", "reason"], sort=False)["records"].sum()
        out = counts.reset_index().sort_values("records", ascending=False, kind="stable")
        return out.reset_index(drop=True)

    def rejected_records(self, records: Any, indicator: str | None = None) -> Any:
        """The records given that were rejected, with ``indicator`` and ``reason`` columns.

        Parameters
        ----------
        records : frame
            The same records :func:`aggregate` was given (any engine).
        indicator : str, optional
            Only this indicator's rejected records.

        Returns
        -------
        The records' own frame type (lazy when they are): for pandas records the index
        is kept, so the rows can be found. A record rejected for two indicators
        appears once for each.

        Examples
        --------
        >>> import pandas as pd
        >>> import outcomeframe as of
        >>> ind = of.Indicator(id="i", title="I", measure="proportion", unit="percent",
        ...                    records={"numerator": "x > 1"})
        >>> records = pd.DataFrame({"area_code": ["E1", None, "E1"], "year": [2020] * 3,
        ...                         "x": [1, 2, None]})
        >>> found = of.aggregate(records, ind).rejected_records(records)
        >>> found.index.tolist(), found["reason"].tolist()
        ([1, 2], ['area (area_code) is missing', 'the numerator filter cannot be decided: x is missing'])
        """
        nw = narwhals()
        chosen = [c for c in self._counted if indicator in (None, c.plan.indicator.id)]
        if not chosen:
            known = ", ".join(repr(c.plan.indicator.id) for c in self._counted)
            raise ArgumentError(f"indicator: {indicator!r} is not one of {known}")
        texts = dict(pair for part in chosen for pair in part.plan.texts)
        frame = wrap(to_numbers(records, texts) if texts else records, "records")
        parts = []
        for part in chosen:
            # each record's code as a column first, read from its state as the grouped
            # counts were: the reasons below compare it many times, and an eager engine
            # (pandas) would evaluate the whole code each time; the reasons only for the
            # records rejected
            code, reason = _reason_expr(part, nw.col(CODE), frame.implementation)
            rejected = part.plan.coded(frame).filter(code)
            rejected = rejected.with_columns(
                indicator=nw.lit(part.plan.indicator.id), reason=reason
            )
            parts.append(rejected.drop(*part.plan.added()))
        together = parts[0] if len(parts) == 1 else nw.concat(parts)
        if texts:  # the text given, as it was
            together = together.with_columns(*(nw.col(t).alias(c) for c, t in texts.items()))
            together = together.drop(*texts.values())
        return together.to_native()


#: The engines whose ``replace_strict`` takes a default and gives the type the comparisons
#: give (text); the others compare the code with each one.
_MAPS = ("PANDAS", "POLARS", "PYARROW", "DUCKDB")


def _reason_expr(part: Counted, code: Any, engine: Any) -> tuple[Any, Any]:
    """On the engine: is the record rejected, and the text of its reason (``code``: its code).

    The text of a code is looked up in one step where the engine can (``replace_strict``),
    else found by comparing the code with each one in turn.
    """
    nw = narwhals()
    p = part.plan
    rd = definition_of(p.indicator)
    rejected = (code != nw.lit(PLACED)) & (code != nw.lit(OUTSIDE))
    nothing = nw.lit(None, dtype=nw.String)
    texts: list[tuple[Any, Any]] = [(code == nw.lit(OUTSIDE), nothing)]
    texts += [(code == nw.lit(i + 2), nw.lit(text)) for i, text in enumerate(p.reasons)]
    reason = nothing
    if engine in {getattr(nw.Implementation, name, None) for name in _MAPS}:
        codes = [i + 2 for i in range(len(p.reasons))]
        reason = code.replace_strict(codes, list(p.reasons), default=None, return_dtype=nw.String)
        texts = []
    if part.bad_periods:
        here = (code == nw.lit(PLACED)) & p.period.is_in(part.bad_periods)
        texts.append((here, nw.lit(f"period ({rd.period}) is not a year or a period label")))
        rejected = rejected | here
    if part.bad_bands and rd.age_band is not None:
        here = (code == nw.lit(PLACED)) & nw.col(rd.age_band).is_in(part.bad_bands)
        texts.append((here, nw.lit(f"age_band ({rd.age_band}) is not a band of the standard")))
        rejected = rejected | here
    if texts:
        chain = nw.when(texts[0][0]).then(texts[0][1])
        for condition, text in texts[1:]:
            chain = chain.when(condition).then(text)
        reason = chain.otherwise(reason)
    return rejected, reason


def _standard(ind: Indicator) -> pd.Series[Any] | None:
    rd = ind.records
    if rd is None or rd.age_band is None:
        return None
    from outcomeframe.stats._dsr import ESP2013  # noqa: PLC0415

    return ESP2013


def _dsr_rows(part: Counted) -> pd.DataFrame:
    """Value and limits of each DSR key, from its band rows, by :func:`stats.dsr`."""
    from outcomeframe.stats._dsr import dsr  # noqa: PLC0415

    bands = part.bands
    by = [c for c in bands.columns if c not in ("age_band", "count", "denominator")]
    standard = _standard(part.plan.indicator)
    keyed = bands.fillna(dict.fromkeys(("sex", "age"), "\x00"))
    out = dsr("count", "denominator", data=keyed, by=by, band="age_band", standard=standard)
    for column in ("sex", "age"):
        out[column] = out[column].mask(out[column] == "\x00")
    return out.drop(columns=[c for c in ("method", "reason") if c in out.columns])


def aggregate(records: Any, indicators: Any, *, source: str | None = None) -> Aggregation:
    """Count records into the observation table: numerators and denominators by place.

    Parameters
    ----------
    records : frame
        Record-level data, one row per birth, death, pupil ...: a pandas DataFrame, a
        Polars DataFrame or LazyFrame, a DuckDB relation, a pyarrow Table, a Dask or
        PySpark DataFrame (any frame narwhals reads). Lazy records stay lazy: the
        grouped counts run on their engine and only they are collected.
    indicators : Framework, Indicator or list of Indicator
        Indicators with a :class:`~outcomeframe.RecordDefinition` (``records=``); for a
        Framework, every indicator that has one.
    source : str, optional
        Fills the observations' ``source`` column. For synthetic records (a
        ``synthetic`` column all true, as the generator writes) it is prefixed
        ``"synthetic: "`` (``"synthetic records"`` without a source).

    Returns
    -------
    Aggregation
        ``observations`` (an :class:`~outcomeframe.ObservationTable`, ready for
        :func:`~outcomeframe.assess`), ``age_bands`` (DSRs), ``rejected`` and ``counts``.

    Raises
    ------
    ArgumentError
        No indicator with a records definition; a column the records lack.
    FilterError
        A filter naming a column the records lack, or comparing true/false values or
        dates with numbers. (A text column compared with numbers is read as numbers,
        record by record: a text that is not a number rejects its record, with the
        reason "... <column> is not a number".)
    FileFormatError
        The engine cannot read the records (a corrupt Parquet file, a malformed CSV).
    EngineNotInstalledError
        The library to read the records with is not installed (the message names the extra).

    Notes
    -----
    A record is placed when the denominator filter holds, its area, period and every
    category column have a value and the numerator filter can be decided; it is outside
    the population when the denominator filter is false. A missing value in a filter
    follows SQL's rules (see :doc:`/explanation/records`): a record whose filter cannot
    be decided is rejected, never counted on either side. Rejections, first reason
    winning: the denominator cannot be decided; a missing area, period, sex, age,
    breakdown or age band; the numerator cannot be decided; a period that is not a year
    or a period label; an age band that is not one of the standard population.

    Examples
    --------
    >>> import pandas as pd
    >>> import outcomeframe as of
    >>> ind = of.Indicator(
    ...     id="smoking", title="Smoking at delivery", measure="proportion",
    ...     unit="percent", polarity="lower_is_better", period_type="financial",
    ...     records={"numerator": "smoker == true", "period": "delivered",
    ...              "breakdowns": {"Mother's age": "age_group"}},
    ... )
    >>> births = pd.DataFrame({
    ...     "area_code": ["E06000008"] * 4,
    ...     "delivered": pd.to_datetime(["2023-05-01", "2024-02-10", "2024-04-02", "2024-06-30"]),
    ...     "smoker": [True, False, False, True],
    ...     "age_group": ["<20", "20+", "20+", "<20"],
    ... })
    >>> table = of.aggregate(births, ind).observations.data
    >>> table[["period", "breakdown_type", "breakdown", "count", "denominator"]]
        period breakdown_type breakdown  count  denominator
    0  2023/24   Mother's age       20+    0.0          1.0
    1  2023/24   Mother's age       <20    1.0          1.0
    2  2023/24          Total     Total    1.0          2.0
    3  2024/25   Mother's age       20+    0.0          1.0
    4  2024/25   Mother's age       <20    1.0          1.0
    5  2024/25          Total     Total    1.0          2.0
    """
    chosen, nw = chosen_indicators(indicators), narwhals()
    records, source = single_values(records), check_source(source)  # see each
    frame = wrap(records, "records")
    schema = schema_of(frame)
    defined = [definition_of(ind) for ind in chosen]
    trees = [t for rd in defined for t in (rd.numerator_filter, rd.denominator_filter)]
    given = schema
    frame, schema, texts = read_numbers(records, frame, schema, trees)
    nulls = nulls_propagate(frame)
    plans = [plan(ind, schema, texts, nulls=nulls) for ind in chosen]  # all checked first
    is_synthetic = synthetic(records, schema).alias("synthetic")
    numbers = [numbers_found(column, text) for column, text in texts.items()]
    first = collect(frame.select(nw.len().alias(RECORDS), is_synthetic, *numbers))
    total = first[RECORDS].iloc[0]
    if texts:  # a text column without a single number is a mistaken filter, not bad rows
        hopeless = {c: given[c] for c, t in texts.items() if int(first[t].iloc[0]) == 0}
        for ind in chosen:
            plan(ind, {**schema, **hopeless}, texts)  # raises the FilterError
    source = labelled(source, bool(first["synthetic"].iloc[0]))
    parts = [counted(p, p.decode(collect(p.query(frame))), _standard(p.indicator)) for p in plans]
    counts = pd.DataFrame([_tally(part) for part in parts], columns=_COUNT_COLUMNS)
    lost = counts.loc[counts["records"] != int(total), "indicator"].tolist()
    if lost:
        raise DataError(
            f"the grouped counts of {', '.join(map(repr, lost))} do not add up to the "
            f"{int(total):,} records given (the engine dropped some)",
            problems=[f"indicator {i!r}" for i in lost],
        )
    counts["records"] = int(total)
    rows = []
    for part in parts:
        if part.plan.indicator.records and part.plan.indicator.records.age_band:
            rows.append(_dsr_rows(part))
        else:
            rows.append(part.observations)
    raw = pd.concat(rows, ignore_index=True)
    raw = raw.sort_values(list(KEY_COLUMNS), kind="stable", ignore_index=True)
    observations = tidy_observations(raw, source=source)
    bands = [p.bands for p in parts if len(p.bands)]
    rejected = pd.concat([p.rejected for p in parts], ignore_index=True)
    return Aggregation(
        observations=observations,
        age_bands=pd.concat(bands, ignore_index=True) if bands else pd.DataFrame(),
        rejected=rejected,
        counts=counts,
        counted=tuple(parts),
    )


def _tally(part: Counted) -> dict[str, Any]:
    groups = part.groups
    size = groups.groupby(CODE)[RECORDS].sum()
    placed = int(size.get(PLACED, 0))
    outside = int(size.get(OUTSIDE, 0))
    rejected = int(size.drop([PLACED, OUTSIDE], errors="ignore").sum())
    return {
        "indicator": part.plan.indicator.id,
        "records": placed + outside + rejected,
        "placed": placed,
        "outside": outside,
        "rejected": rejected,
    }
