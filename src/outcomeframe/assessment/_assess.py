"""Assessment: observations -> one row per indicator, area and breakdown -> roll-up over the graph.

:func:`assess` is the pipeline, in named steps: read and check the inputs
(:mod:`._inputs`), lay out each series (:mod:`._layout`), the latest row of each
series with its benchmark, gaps and comparison (:mod:`._verdicts`), its recent
trend (:mod:`._recent`) and its target; the :class:`Assessment` it returns lives
in :mod:`._assessment`.

Everything here is vectorised over rows and series: the only Python loops run
over the handful of distinct measure types and units, never over areas,
indicators or periods.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import DataError
from outcomeframe.assessment._arguments import area_list, one_area
from outcomeframe.assessment._assessment import Assessment
from outcomeframe.assessment._columns import _Columns
from outcomeframe.assessment._context import (
    ENGLAND,
    _appended,
    _as_areas,
    _benchmark_codes,
    _benchmarks,
    _suppressed_series,
    _with_areas,
)
from outcomeframe.assessment._fill import (
    _attach,
    _categories,
    _Definitions,
    _empty_rejected,
    _fill_columns,
    _filled,
    _impossible,
)
from outcomeframe.assessment._headline import headline_rows, suppressed_rows
from outcomeframe.assessment._inputs import (
    _as_table,
    _check_units,
    _indicator_meta,
    _match_indicators,
    _missing,
)
from outcomeframe.assessment._layout import SERIES_KEY, _combined_codes, _laid_out
from outcomeframe.assessment._recent import _series_trends
from outcomeframe.assessment._table_columns import _DIFFERS, _PUBLISHED, _TABLE_COLUMNS
from outcomeframe.assessment._verdicts import (
    _MATCH,
    _benchmark,
    _comparisons,
    _Reference,
    _targets,
    _use_published,
)
from outcomeframe.assessment._warnings import warn_about_selection, warn_about_values
from outcomeframe.io._write import need_framework
from outcomeframe.observations._period import Period
from outcomeframe.observations._repeats import reason_counts
from outcomeframe.observations._table import ObservationTable
from outcomeframe.stats._gaps import gap
from outcomeframe.stats._units import difference_unit_name

if TYPE_CHECKING:
    from outcomeframe.assessment._layout import _Layout
    from outcomeframe.framework._framework import Framework
    from outcomeframe.observations._areas import AreaTable

__all__ = ["ENGLAND", "SERIES_KEY", "Assessment", "assess"]

_T = TypeVar("_T", pd.DataFrame, _Columns)

#: The meta columns each latest row carries from its indicator's definition.
_FROM_DEFINITION = [
    "title",
    "comparison_method",
    "fingertips_id",
    "target_value",
    "target_benchmark",
    "target_direction",
    "target_by",
    "has_target",
]


def assess(
    fw: Framework,
    observations: pd.DataFrame | ObservationTable,
    *,
    benchmark: str | None = None,
    area: str | Iterable[str] | None = None,
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
        With a snapshot of ``fw`` as assessed: changing ``fw`` afterwards does not
        change the assessment.

    Raises
    ------
    DataError
        When the observations have no usable row at all.

    Warns
    -----
    OutcomeFrameWarning
        When an ``area`` code has no observation, or no series has ``period``: the
        table then has no row for them. Also for percent values that look like
        fractions of 1, and periods of another type than their indicator declares.

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
    # the snapshot the assessment keeps: later changes to fw do not reach it
    fw = need_framework(fw).copy()
    meta = _indicator_meta(fw)
    area_table = _as_areas(areas)
    given = one_area(benchmark, "benchmark")
    bench = given or (fw.metadata.benchmark.code if fw.metadata.benchmark else ENGLAND)
    inputs = _usable_rows(_as_table(observations), meta, fw, area_table)
    data, history, layout, repeated = _laid_out(inputs.data, period)
    rejected = pd.concat([f for f in (*inputs.rejected, repeated) if len(f)] or [_empty_rejected()])
    if data.empty:
        raise _no_usable_rows(fw, rejected, inputs.suppressed)
    if layout is None:
        raise DataError(f"period {period!r}: no observation at or before it")
    label = str(Period.parse(period)) if period is not None else None
    codes = area_list(area)
    defs = inputs.defs
    if not defs.fits(data["indicator"]):  # pragma: no cover - the rows keep their categories
        defs = _Definitions(meta, data["indicator"].cat.categories)
    filled = _Filled(data, history, layout, meta, defs)
    latest = _latest_rows(filled, defs)
    keep = _kept(latest, label, codes)
    _with_benchmarks(latest, _benchmark_codes(latest, bench, area_table), filled.area)
    latest.update(_series_trends(history, layout, latest, meta, defs=defs))
    latest.update(_targets(latest, filled.area))
    extra = [c for c in (*_PUBLISHED, *_DIFFERS) if c in latest.columns]
    columns = _TABLE_COLUMNS + extra
    if len(inputs.suppressed):
        quiet_rows = _suppressed_series(
            latest, inputs.suppressed, columns, meta, codes, period=label
        )
    latest = latest.selected(columns, None if keep.all() else keep)
    if len(inputs.suppressed):
        table = _finished(_appended(latest.frame(), quiet_rows), meta)
    else:
        table = _finished(latest, meta, defs).frame()
    warn_about_selection(table, inputs.data, label, codes)
    return Assessment(
        framework=fw,
        table=table,
        rows=data.reset_index(drop=True),
        missing=_missing(meta, data["indicator"].cat.categories, inputs.suppressed),
        rejected=rejected,
        benchmark=bench,
        area=fw.metadata.area.code if fw.metadata.area else None,
        meta=meta,
    )


#: Up to this many rows beyond twice the series, every row is filled at once (one pass
#: over a few thousand rows costs less than three passes' fixed cost).
_FILL_ALL_ROWS = 5_000


class _Filled:
    """The rows the assessment reads with values and limits filled from counts.

    The latest row of each series, and the rows of a benchmark area. A small table
    is filled once, whole; a large one only where it is read (each area once).
    """

    def __init__(
        self,
        data: pd.DataFrame,
        history: pd.DataFrame,
        layout: _Layout,
        meta: pd.DataFrame,
        defs: _Definitions,
    ) -> None:
        self.data, self.history, self.layout, self.meta, self.defs = (
            data,
            history,
            layout,
            meta,
            defs,
        )
        small = len(data) <= 2 * layout.n_series + _FILL_ALL_ROWS
        self.whole = _fill_columns(data, meta, defs) if history is data and small else None
        self._areas: dict[str, _Reference] = {}
        self._key: _Reference | None = None

    def latest(self, wanted: list[str]) -> _Columns:
        """The ``wanted`` columns of each series' latest row, filled, with the metadata."""
        rows = self.layout.latest
        if self.whole is None:
            latest = _Columns.taken({c: self.history[c] for c in wanted}, rows)
            latest.update(_fill_columns(latest, self.meta, self.defs))
            return latest
        whole = self.whole
        return _Columns.taken(
            {c: whole[c] if c in whole else self.data[c] for c in dict.fromkeys([*wanted, *whole])},
            rows,
        )

    def area(self, code: str) -> _Reference:
        """Every row of area ``code`` (all periods), filled: keys and numbers."""
        if code not in self._areas:
            area = self.data["area_code"].array
            where = area.categories.get_indexer([code])[0]
            here = np.asarray(area.codes) == where if where >= 0 else np.zeros(len(area), bool)
            if self.whole is None:
                self._areas[code] = _Reference.of(
                    _filled(self.data.loc[here], self.meta, self.defs)
                )
            else:
                if self._key is None:
                    self._key = _Reference(
                        _combined_codes(self.data, _MATCH),
                        *(self.whole[c] for c in ("value", "lower_95", "upper_95")),
                    )
                whole = self._key
                self._areas[code] = _Reference(
                    whole.key[here], whole.value[here], whole.lower_95[here], whole.upper_95[here]
                )
        return self._areas[code]


@attrs.frozen
class _Inputs:
    """The observation rows the assessment can use, and those it set aside."""

    data: pd.DataFrame
    suppressed: pd.DataFrame
    rejected: tuple[pd.DataFrame, ...]
    defs: _Definitions


def _usable_rows(
    table: ObservationTable, meta: pd.DataFrame, fw: Framework, area_table: AreaTable
) -> _Inputs:
    """Rows of the framework's indicators, in their units, with areas and headline marked."""
    data, unknown = _match_indicators(table.data, meta)
    defs = _Definitions(meta, data["indicator"].cat.categories)
    data, wrong_unit = _check_units(data, meta, defs)
    warn_about_values(data, meta, fw, defs)
    data, impossible = _impossible(data, meta, defs)
    data = _with_areas(data, area_table)
    data["headline"] = headline_rows(data, meta, defs)
    quiet = suppressed_rows(data)
    suppressed = data.iloc[:0]
    if quiet.any():
        suppressed = data.loc[quiet]
        data = data.loc[~quiet]
    return _Inputs(data, suppressed, (table.rejected, unknown, wrong_unit, impossible), defs)


def _no_usable_rows(fw: Framework, rejected: pd.DataFrame, suppressed: pd.DataFrame) -> DataError:
    """The error for observations of which no row can be used: each kind of reason once."""
    counted = reason_counts(rejected).head(20)  # once per kind of reason, with its rows
    problems = [
        f"{n:,} row{'s' if n != 1 else ''}: {why}"
        for why, n in zip(counted["reason"], counted["rows"], strict=True)
    ]
    if len(suppressed):
        problems.append(f"{len(suppressed)} rows are suppressed (no value, no count)")
    return DataError(f"no usable observation for framework {fw.title!r}", problems=problems)


def _latest_rows(filled: _Filled, defs: _Definitions) -> _Columns:
    """The assessed row of each series, values filled from counts, with its definition's fields."""
    history = filled.history
    wanted = [c for c in history.columns if c in _TABLE_COLUMNS or c in _PUBLISHED]
    latest = filled.latest(wanted)
    codes = np.asarray(latest.array("indicator").codes)
    latest.drop([c for c in _FROM_DEFINITION if c in latest])
    latest.update({col: defs.field(col, codes) for col in _FROM_DEFINITION})
    return latest


def _kept(latest: _Columns, period: str | None, codes: list[str] | None) -> npt.NDArray[np.bool_]:
    """Rows of the table: at ``period`` when one is asked for, in ``codes`` when given."""
    keep = np.ones(len(latest), dtype=bool)
    if period is not None:
        keep &= (latest["period"].astype("str") == period).to_numpy()
    if codes is not None:
        keep &= latest["area_code"].isin(codes).to_numpy()
    return keep


def _with_benchmarks(
    latest: _Columns,
    bench_codes: pd.Categorical,
    area_rows: Callable[[str], _Reference],
) -> None:
    """Each row's benchmark value, the gaps to it, and the comparison (computed or published)."""
    found = _benchmarks(latest, bench_codes, area_rows, _benchmark)
    gaps = gap(latest["value"], pd.Series(found["benchmark_value"], index=latest.index))
    unit = latest["unit"]
    gap_units = {u: difference_unit_name(u) for u in unit.cat.categories}
    found["gap"] = gaps["absolute"].to_numpy()
    found["relative_gap"] = gaps["relative"].to_numpy()
    found["gap_unit"] = unit.cat.rename_categories(gap_units)
    latest.update(found)
    latest.update(_comparisons(latest))
    latest["comparison_source"] = pd.Categorical.from_codes(
        np.where(np.isnan(latest.array("value")), -1, 0).astype(np.int8),
        dtype=_categories(("computed", "published")),
    )
    if "published_comparison" in latest.columns:
        _use_published(latest)


def _finished(latest: _T, meta: pd.DataFrame, defs: _Definitions | None = None) -> _T:
    """The table's text columns as categoricals, Fingertips IDs as text."""
    for col in ("comparison_method", "target_by", "title"):
        if not isinstance(latest[col].dtype, pd.CategoricalDtype):
            latest[col] = latest[col].astype("category")
    if defs is not None and defs.fits(latest["indicator"]):
        codes = np.asarray(latest["indicator"].array.codes)
        latest["fingertips_id"] = defs.field("fingertips_id", codes, _as_text_ids)
        return latest
    ids = _as_text_ids(meta["fingertips_id"])
    _attach(latest, pd.DataFrame({"fingertips_id": ids}, index=meta.index), ["fingertips_id"])
    return latest


def _as_text_ids(ids: pd.Series[Any]) -> pd.Series[Any]:
    """Fingertips IDs as text ("93014"), not as numbers."""
    return ids.astype("Int64").astype("str")
