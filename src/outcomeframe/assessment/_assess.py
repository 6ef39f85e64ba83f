"""Assessment: observations -> one row per indicator, area and breakdown -> roll-up over the graph.

Everything here is vectorised over rows and series: the only Python loops run
over the handful of distinct measure types and units, never over areas,
indicators or periods.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError, DataError
from outcomeframe.assessment._context import (
    SUPPRESSED,
    _appended,
    _as_areas,
    _benchmark_codes,
    _benchmarks,
    _suppressed_series,
    _with_areas,
)
from outcomeframe.assessment._fill import _attach, _filled, _impossible
from outcomeframe.assessment._headline import headline_rows, suppressed_rows
from outcomeframe.assessment._inputs import (
    _as_table,
    _check_units,
    _empty_rejected,
    _indicator_meta,
    _match_indicators,
    _missing,
)
from outcomeframe.assessment._layout import SERIES_KEY, _laid_out
from outcomeframe.assessment._recent import _series_trends
from outcomeframe.assessment._table_columns import _DIFFERS, _PUBLISHED, _TABLE_COLUMNS
from outcomeframe.assessment._verdicts import _benchmark, _comparisons, _targets, _use_published
from outcomeframe.assessment._warnings import warn_about_values
from outcomeframe.observations._display import ordered_periods, summary_html, summary_lines
from outcomeframe.observations._period import Period
from outcomeframe.observations._repeats import reason_counts
from outcomeframe.observations._table import (
    ObservationTable,
)
from outcomeframe.stats._gaps import gap
from outcomeframe.stats._units import difference_unit, unit_name

if TYPE_CHECKING:
    from outcomeframe.assessment._rollup import RollupRule
    from outcomeframe.framework._framework import Framework
    from outcomeframe.observations._areas import AreaTable

__all__ = ["ENGLAND", "SERIES_KEY", "Assessment", "assess"]

#: England's area code, the default benchmark.
ENGLAND = "E92000001"


@attrs.frozen(eq=False)
class Assessment:
    """How each indicator is doing, for every area and breakdown in the data.

    Build one with :meth:`outcomeframe.Framework.assess` (or :func:`assess`).

    Attributes
    ----------
    framework : Framework
        The framework assessed.
    table : pandas.DataFrame
        One row per indicator x area x breakdown at the assessed period: the
        value with its 95% and 99.8% limits, the benchmark, the comparison, the
        gaps, the recent trend and the target status. Columns are listed in
        the docs (explanation/assessment).
    series : pandas.DataFrame
        Every usable observation (all periods) with values and limits filled in
        from counts where they were missing: what the trend charts draw. Built
        on first use (the table does not need it), then kept.
    missing : pandas.DataFrame
        The framework's indicators that have no data at all, with where to get it.
    rejected : pandas.DataFrame
        Input rows that could not be used, each with its ``reason``.
    benchmark : str
        The benchmark's area code.
    area : str or None
        The plan's own area (the default area of :meth:`rollup`).

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.examples.load("lancashire")
    >>> a = fw.assess(of.examples.data("lancashire"))
    >>> row = a.table.query("indicator == 'smoking-at-time-of-delivery' and "
    ...                     "area_code == 'E10000017' and headline").iloc[0]
    >>> row["period"], row["trend"]
    ('2023/24', 'Decreasing and getting better')

    Periods are ordered in time (an ordered categorical), so they compare as periods:

    >>> recent = a.table[a.table["period"] >= "2023/24"]
    >>> sorted(recent["period"].astype(str).unique())
    ['2023/24', '2024/25']

    The repr is a short summary, not the tables:

    >>> print(repr(a).splitlines()[0])
    Assessment of 'Lancashire Integrated Early Years Strategy': 1,383 rows
    """

    framework: Framework
    table: pd.DataFrame
    _rows: pd.DataFrame = attrs.field(repr=False, alias="rows")
    missing: pd.DataFrame
    rejected: pd.DataFrame
    benchmark: str
    area: str | None

    def __attrs_post_init__(self) -> None:
        ordered_periods(self.table)  # periods compare in time: table.period >= "2021/22"

    @functools.cached_property
    def series(self) -> pd.DataFrame:
        """Every usable observation, values and 95% and 99.8% limits filled in from counts.

        ``period`` is an ordered categorical in time order, as in :attr:`table`.
        """
        series = _filled(self._rows, _indicator_meta(self.framework))
        ordered_periods(series)
        return series

    def _summary(self) -> list[str]:
        names = self.table.drop_duplicates("area_code").set_index("area_code")["area_name"]

        def named(code: str | None) -> str:
            name = names.get(code) if code is not None else None
            return f"{code} ({name})" if isinstance(name, str) and name else str(code)

        heads = int(self.table["headline"].astype(bool).sum()) if "headline" in self.table else 0
        extra = [
            f"headline rows: {heads:,}",
            f"benchmark: {named(self.benchmark)}",
            f"{len(self.missing):,} indicator(s) with no data, {len(self.rejected):,} rows rejected",
        ]
        if self.area is not None:
            extra.insert(0, f"plan area: {named(self.area)}")
        return summary_lines(f"Assessment of {self.framework.title!r}", self.table, extra)

    def __repr__(self) -> str:
        """A short summary (counts, areas, periods, indicators), not the four tables."""
        return "\n".join(self._summary())

    def _repr_html_(self) -> str:
        return summary_html(self._summary())

    def rollup(self, area: str | None = None, *, rule: RollupRule | None = None) -> pd.DataFrame:
        """Status of every outcome, objective, priority and the vision for one area.

        See :func:`outcomeframe.rollup` for the columns and the rule.

        Examples
        --------
        >>> import outcomeframe as of
        >>> fw = of.examples.load("trafford")
        >>> r = fw.assess(of.examples.data("trafford")).rollup()
        >>> r.set_index("element").loc["vision", "kind"]
        'vision'
        """
        from outcomeframe.assessment._rollup import rollup  # noqa: PLC0415

        return rollup(self, area=area, rule=rule)

    def no_data(self, area: str | None = None) -> pd.DataFrame:
        """The framework's indicators with no value for one area, and where to get one.

        Parameters
        ----------
        area : str, optional
            Area code; default the framework's own area.

        Returns
        -------
        pandas.DataFrame
            ``indicator``, ``title``, ``fingertips_id``, ``source`` and ``reason``: why
            there is nothing (no data at all, with where to get it; or rows for other
            areas only).

        Examples
        --------
        >>> import outcomeframe as of
        >>> fw = of.examples.load("lancashire")
        >>> gaps = fw.assess(of.examples.data("lancashire")).no_data()
        >>> gaps.set_index("indicator").loc["dental-decay-age-5", "reason"]
        'no value for E10000017: the data have rows for other areas only; OHID Fingertips indicator 93563 has it'
        """
        code = area if area is not None else self.area
        if code is None:
            raise ArgumentError("area: the framework names no area; give one")
        table = self.table
        have = table.loc[
            (table["area_code"].astype("str") == code) & table["value"].notna(), "indicator"
        ]
        meta = _indicator_meta(self.framework)
        absent = meta.loc[~meta["indicator"].isin(set(have.astype("str")))]
        missing = self.missing.set_index("indicator")["reason"]
        ft = absent["fingertips_id"].astype("Int64")
        elsewhere = f"no value for {code}: the data have rows for other areas only"
        hint = ("; OHID Fingertips indicator " + ft.astype("str") + " has it").fillna("")
        reason = absent["indicator"].map(missing).fillna(elsewhere + hint)
        here = table.loc[table["area_code"].astype("str") == code]
        quiet = here.loc[
            here["comparison_reason"].astype("str").str.startswith(SUPPRESSED), "indicator"
        ]
        hushed = absent["indicator"].isin(set(quiet.astype("str"))) & ~absent["indicator"].isin(
            set(missing.index)
        )
        reason = reason.where(~hushed, f"every row for {code} is {SUPPRESSED}")
        return pd.DataFrame(
            {
                "indicator": absent["indicator"],
                "title": absent["title"],
                "fingertips_id": ft,
                "source": absent["source"],
                "reason": reason.astype("str"),
            }
        ).reset_index(drop=True)

    def summary(self) -> pd.Series[Any]:
        """Counts that say how the assessment went, for a log line or a test.

        Returns
        -------
        pandas.Series
            ``rows`` (table rows), ``headline`` (of them, headline figures),
            ``suppressed`` (series whose rows are all suppressed), ``rejected``
            (input rows set aside), then for each comparison and trend label the
            number of headline rows, and ``comparison_differs`` / ``trend_differs``:
            headline rows where the input carries the publisher's verdict and the
            library computes a different one (0 when the input carries none).

        Examples
        --------
        >>> import outcomeframe as of
        >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
        >>> s = a.summary()
        >>> int(s["rows"]) == len(a.table), int(s["rejected"]) == len(a.rejected)
        (True, True)
        """
        table = self.table
        head = table.loc[table["headline"].astype(bool)]
        reasons = table["comparison_reason"].astype("str")
        counts: dict[str, int] = {
            "rows": len(table),
            "headline": len(head),
            "suppressed": int(reasons.str.startswith(SUPPRESSED).sum()),
            "rejected": len(self.rejected),
        }
        for column in ("comparison", "trend"):
            for label, n in head[column].value_counts(sort=False).items():
                counts[f"{column}: {label}"] = int(n)
        for column in _DIFFERS:
            counts[column] = int(head[column].astype(bool).sum()) if column in head else 0
        return pd.Series(counts, dtype="int64")

    def inequality(
        self,
        group: Mapping[str, str],
        reference: Mapping[str, str],
        *,
        area: str | Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """The gap between two groups of one area, period by period, and whether it is closing.

        See :func:`outcomeframe.inequality_gaps`.

        Examples
        --------
        >>> import outcomeframe as of
        >>> fw = of.examples.load("trafford")
        >>> a = fw.assess(of.examples.data("trafford"))
        >>> gaps = a.inequality(
        ...     {"indicator": "school-readiness-gld-fsm"},
        ...     {"indicator": "school-readiness-gld"},
        ...     area="E08000009",
        ... )
        >>> print(gaps[["sex", "period", "gap"]].round(1).to_string(index=False))
            sex  period   gap
         Female 2021/22 -20.7
           Male 2021/22 -26.2
        Persons 2015/16 -26.5
        Persons 2016/17 -24.9
        Persons 2017/18 -25.0
        Persons 2021/22 -24.1
        Persons 2022/23 -24.7
        Persons 2023/24 -24.9
        Persons 2024/25 -25.4
        """
        from outcomeframe.assessment._inequality import inequality_gaps  # noqa: PLC0415

        return inequality_gaps(self.series, group, reference, area=area)


# --------------------------------------------------------------------------- inputs


# --------------------------------------------------------------------------- steps


def assess(
    fw: Framework,
    observations: pd.DataFrame | ObservationTable,
    *,
    benchmark: str | None = None,
    area: str | Sequence[str] | None = None,
    period: str | None = None,
    areas: AreaTable | str | os.PathLike[str] | pd.DataFrame | None = None,
) -> Assessment:
    """Assess every indicator of a framework against a benchmark, over time and against targets.

    Parameters
    ----------
    fw : Framework
        The framework whose indicators the observations measure.
    observations : DataFrame or ObservationTable
        The long observation table (see the observations page); ``indicator`` may
        hold framework ids or Fingertips indicator IDs (mapped through each
        indicator's ``fingertips_id``). An optional ``value_unit`` column is
        checked against each indicator's unit and converted with pint.
    benchmark : str, optional
        The benchmark: an area code (default the framework's benchmark, else
        England), or ``"parent"`` for each area's region (Fingertips' "Compared to
        region"), taken from ``areas``; areas with no region are compared with England.
    area : str or sequence of str, optional
        Keep only these areas in :attr:`Assessment.table` (all areas are used
        for the benchmark and for quantile comparisons). Default: every area.
    period : str, optional
        Assess this period (e.g. ``"2022/23"``) instead of each series' latest.
    areas : AreaTable, str, path or DataFrame, optional
        Names, types and parents of the areas (see :func:`outcomeframe.read_areas`);
        default the English areas shipped with the package. Names fill
        ``area_name`` where the data have none; quantile comparisons rank an area
        among the areas of its own type only.

    Returns
    -------
    Assessment

    Raises
    ------
    DataError
        When the observations have no usable row at all.

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.examples.load("trafford")
    >>> a = of.assess(fw, of.examples.data("trafford"), area="E08000009")
    >>> set(a.table["area_code"])
    {'E08000009'}
    >>> a.table["area_name"].iloc[0]
    'Trafford'
    """
    table = _as_table(observations)
    meta = _indicator_meta(fw)
    area_table = _as_areas(areas)
    bench = benchmark or (fw.metadata.benchmark.code if fw.metadata.benchmark else ENGLAND)
    data, unknown = _match_indicators(table.data, meta)
    data, wrong_unit = _check_units(data, meta)
    warn_about_values(data, meta, fw)
    data, impossible = _impossible(data, meta)
    data = _with_areas(data, area_table)
    data["headline"] = headline_rows(data, meta)
    quiet = suppressed_rows(data)
    suppressed = data.loc[quiet]
    if quiet.any():
        data = data.loc[~quiet]
    data, history, layout, repeated = _laid_out(data, period)
    rejected = pd.concat(
        [
            frame
            for frame in (table.rejected, unknown, wrong_unit, impossible, repeated)
            if len(frame)
        ]
        or [_empty_rejected()]
    )
    if data.empty:
        counted = reason_counts(rejected).head(20)  # once per kind of reason, with its rows
        problems = [
            f"{n:,} row{'s' if n != 1 else ''}: {why}"
            for why, n in zip(counted["reason"], counted["rows"], strict=True)
        ]
        if len(suppressed):
            problems.append(f"{len(suppressed)} rows are suppressed (no value, no count)")
        raise DataError(f"no usable observation for framework {fw.title!r}", problems=problems)
    if layout is None:
        raise DataError(f"period {period!r}: no observation at or before it")
    wanted = [c for c in history.columns if c in _TABLE_COLUMNS or c in _PUBLISHED]
    latest = _filled(history[wanted].iloc[layout.latest].reset_index(drop=True), meta)
    keep = np.ones(len(latest), dtype=bool)
    if period is not None:
        keep &= (latest["period"].astype("str") == str(Period.parse(period))).to_numpy()
    codes: list[str] | None = None
    if area is not None:
        codes = [area] if isinstance(area, str) else list(area)
        keep &= latest["area_code"].isin(codes).to_numpy()
    _attach(
        latest,
        meta,
        [
            "title",
            "comparison_method",
            "fingertips_id",
            "target_value",
            "target_benchmark",
            "target_direction",
            "target_by",
            "has_target",
        ],
    )

    def area_rows(code: str) -> pd.DataFrame:
        return _filled(data.loc[(data["area_code"] == code).to_numpy()], meta)

    bench_codes = _benchmark_codes(latest, bench, area_table)
    latest = latest.join(_benchmarks(latest, bench_codes, area_rows, _benchmark))
    gaps = gap(latest["value"], latest["benchmark_value"])
    latest["gap"] = gaps["absolute"].to_numpy()
    latest["relative_gap"] = gaps["relative"].to_numpy()
    gap_units = {u: unit_name(difference_unit(u)) for u in latest["unit"].cat.categories}
    latest["gap_unit"] = latest["unit"].cat.rename_categories(gap_units)
    latest = latest.join(_comparisons(latest))
    latest["comparison_source"] = pd.Categorical.from_codes(
        np.where(latest["value"].notna().to_numpy(), 0, -1).astype(np.int8),
        categories=pd.Index(["computed", "published"]),
    )
    if "published_comparison" in latest.columns:
        _use_published(latest)
    latest = latest.join(_series_trends(history, layout, latest, meta))
    latest = latest.drop(columns=["target_by"]).join(_targets(latest, area_rows))
    extra = [c for c in (*_PUBLISHED, *_DIFFERS) if c in latest.columns]
    label = str(Period.parse(period)) if period is not None else None
    quiet_rows = _suppressed_series(
        latest, suppressed, _TABLE_COLUMNS + extra, meta, codes, period=label
    )
    latest = latest.loc[keep, _TABLE_COLUMNS + extra].reset_index(drop=True)
    latest = _appended(latest, quiet_rows)
    for col in ("comparison_method", "target_by", "title"):
        latest[col] = latest[col].astype("category")
    _attach(
        latest,
        meta.assign(fingertips_id=meta["fingertips_id"].astype("Int64").astype("str")),
        ["fingertips_id"],
    )
    return Assessment(
        framework=fw,
        table=latest,
        rows=data.reset_index(drop=True),
        missing=_missing(meta, data["indicator"].cat.categories, suppressed),
        rejected=rejected,
        benchmark=bench,
        area=fw.metadata.area.code if fw.metadata.area else None,
    )
