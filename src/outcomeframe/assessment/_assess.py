"""Assessment: observations -> one row per indicator, area and breakdown -> roll-up over the graph.

Everything here is vectorised over rows and series: the only Python loops run
over the handful of distinct measure types and units, never over areas,
indicators or periods.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError, DataError, OutcomeFrameError, UnitError
from outcomeframe.assessment._context import (
    SUPPRESSED,
    _appended,
    _as_areas,
    _benchmark_codes,
    _benchmarks,
    _differs,
    _published_labels,
    _suppressed_series,
    _with_areas,
)
from outcomeframe.assessment._fill import _LIMITS, _attach, _filled, _impossible, _text_column
from outcomeframe.assessment._headline import headline_rows, suppressed_rows
from outcomeframe.assessment._layout import SERIES_KEY, _combined_codes, _laid_out
from outcomeframe.assessment._recent import _series_trends
from outcomeframe.model._elements import ComparisonMethod, Indicator, MeasureType
from outcomeframe.observations._display import ordered_periods, summary_html, summary_lines
from outcomeframe.observations._period import Period
from outcomeframe.observations._table import (
    ObservationTable,
    _tidy,
)
from outcomeframe.stats._compare import COMPARISON_LABELS, compare, quantile_groups
from outcomeframe.stats._gaps import gap
from outcomeframe.stats._target import TARGET_LABELS, target_status
from outcomeframe.stats._units import convert, difference_unit, multiplier, unit_name

if TYPE_CHECKING:
    from outcomeframe.assessment._rollup import RollupRule
    from outcomeframe.framework._framework import Framework
    from outcomeframe.observations._areas import AreaTable

__all__ = ["ENGLAND", "SERIES_KEY", "Assessment", "assess"]

#: England's area code, the default benchmark.
ENGLAND = "E92000001"

_DAYS_PER_YEAR = 365.25
_HORIZON_YEARS = 100.0


def _empty_rejected() -> pd.DataFrame:
    return pd.DataFrame({"reason": pd.Series([], dtype="str")})


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
_KEYS = ["indicator", "area_code", "period", "sex", "age", "breakdown_type", "breakdown"]
#: What a benchmark row is matched on (the area aside).
_MATCH = ["indicator", "period", "sex", "age", "breakdown_type", "breakdown"]


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
    rows = []
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
        rows.append(
            {
                "indicator": ind.id,
                "title": ind.title,
                "measure": ind.measure.value,
                "unit": ind.unit,
                "multiplier": _multiplier(ind),
                "polarity": ind.polarity.value if ind.polarity else "no_judgement",
                "comparison_method": ind.comparison.value if ind.comparison else "ci_overlap",
                "fingertips_id": ind.fingertips_id,
                "source": ind.source,
                "target_value": target_value,
                "target_benchmark": target.benchmark if target else None,
                "target_direction": direction,
                "target_by": _target_by(fw, ind),
                "has_target": target is not None,
                "sex": getattr(ind, "sex", None),
                "age": getattr(ind, "age", None),
            }
        )
    columns = [
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
    ]
    return pd.DataFrame(rows, columns=columns).set_index("indicator", drop=False)


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
    period = fw.metadata.period
    if period:
        # "2019-2022": the plan's last year
        last = period.replace("/", "-").split("-")[-1].strip()
        return last if last.isdigit() else None
    return None


def _match_indicators(data: pd.DataFrame, meta: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map Fingertips IDs to framework ids (per category); set aside unknown indicators."""
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
        return data, data.iloc[:0].assign(reason=pd.Series(dtype="str"))
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


def _check_units(data: pd.DataFrame, meta: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Refuse values whose unit contradicts the indicator's; convert where pint can.

    Indicator metadata is looked up by category code. Problems are kept as
    (positions, text) pairs, so a clean table costs a few masks.
    """
    found: list[tuple[npt.NDArray[np.intp], Any]] = []
    bad = np.zeros(len(data), dtype=bool)
    aligned = meta.reindex(data["indicator"].cat.categories)
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
        return data, data.iloc[:0].assign(reason=pd.Series(dtype="str"))
    reasons = np.empty(len(data), dtype=object)
    for positions, text in found:
        reasons[positions] = text
    rejected = data.loc[bad].copy()
    rejected["reason"] = pd.Series(reasons[bad], index=rejected.index, dtype="str")
    return data.loc[~bad].copy(), rejected


def _pair(key: Any) -> tuple[str, str]:
    first, second = key
    return str(first), str(second)


# --------------------------------------------------------------------------- steps
def _benchmark(
    latest: pd.DataFrame, reference: pd.DataFrame, code: str, prefix: str = "benchmark"
) -> pd.DataFrame:
    """The value and 95% limits of area ``code`` for each row's indicator, period and breakdown.

    ``reference`` holds that area's rows, filled (see :func:`_filled`).
    """
    keys = _MATCH
    lookup = pd.Index(_combined_codes(reference, keys))
    if not lookup.is_unique:  # pragma: no cover - keys are unique after tidying
        raise DataError(f"benchmark {code!r}: duplicate observations")
    pos = lookup.get_indexer(pd.Index(_combined_codes(latest, keys)))
    found = pos >= 0
    out = pd.DataFrame(index=latest.index)
    for col, name in (("value", ""), ("lower_95", "_lower_95"), ("upper_95", "_upper_95")):
        values = reference[col].to_numpy()
        column = np.full(len(latest), np.nan)
        column[found] = values[pos[found]]
        out[f"{prefix}{name or '_value'}"] = column
    return out


#: Categories of the table's ``comparison``: the significance labels, then quantile groups.
_COMPARISONS = [*COMPARISON_LABELS, "Lowest", "Low", "Middle", "High", "Highest"]


def _codes_in(labels: pd.Series[Any], categories: Sequence[str]) -> npt.NDArray[np.intp]:
    """Codes of a categorical's values in ``categories`` (-1 where missing)."""
    where = pd.Index(categories).get_indexer(labels.cat.categories.astype("str"))
    return np.append(where, -1)[labels.cat.codes.to_numpy()]


def _comparisons(table: pd.DataFrame) -> pd.DataFrame:
    method = table["comparison_method"].astype("category")
    methods = list(method.cat.categories)
    method_codes = method.cat.codes.to_numpy()

    def uses(name: str) -> npt.NDArray[np.bool_]:
        if name not in methods:
            return np.zeros(len(table), dtype=bool)
        return np.asarray(method_codes == methods.index(name))

    args = (
        table["value"],
        table["lower_95"],
        table["upper_95"],
        table["benchmark_value"],
        table["polarity"],
    )
    two = compare(
        *args, method="two_levels", lower_99_8=table["lower_99_8"], upper_99_8=table["upper_99_8"]
    )
    label = _codes_in(two["comparison"], _COMPARISONS)
    reason = two["reason"].to_numpy(dtype=object)
    # the 99.8% limits are often missing (values-only data): one level there
    no998 = (table["lower_99_8"].isna() | table["upper_99_8"].isna()).to_numpy()
    if no998.any():
        one = compare(*args)
        label[no998] = _codes_in(one["comparison"], _COMPARISONS)[no998]
        reason[no998] = one["reason"].to_numpy(dtype=object)[no998]
    level = two["level"].cat.codes.to_numpy().copy()
    level[~(uses("two_levels") & ~no998)] = -1
    double = uses("double_overlap")
    if double.any():
        dbl = compare(
            *args,
            method="double_overlap",
            benchmark_lower=table["benchmark_lower_95"],
            benchmark_upper=table["benchmark_upper_95"],
        )
        label[double] = _codes_in(dbl["comparison"], _COMPARISONS)[double]
        reason[double] = dbl["reason"].to_numpy(dtype=object)[double]
    strict = uses(ComparisonMethod.CI_OVERLAP_99_8.value)
    if strict.any():  # Fingertips' "(99.8)": the 99.8% interval alone decides
        only = compare(
            table["value"],
            table["lower_99_8"],
            table["upper_99_8"],
            table["benchmark_value"],
            table["polarity"],
        )
        label[strict] = _codes_in(only["comparison"], _COMPARISONS)[strict]
        words = only["reason"].astype("str").str.replace("95%", "99.8%", regex=False)
        reason[strict] = words.to_numpy(dtype=object)[strict]
    quantiles = uses("quintiles") | uses("quartiles")
    for name, size in (("quintiles", 5), ("quartiles", 4)):
        rows = uses(name)
        if rows.any():
            # ranked among the areas of the same type only, as Fingertips does
            within = _combined_codes(table.loc[rows], [*_MATCH, "area_type"])
            groups = quantile_groups(table.loc[rows, "value"], size, by=within, labels="name")
            label[rows] = _codes_in(groups, _COMPARISONS)
            positions = np.flatnonzero(rows)
            reason[positions] = None
            reason[positions[groups.isna().to_numpy()]] = "no value to rank"
    not_compared = _COMPARISONS.index("Not compared")
    label[label < 0] = not_compared
    values_only = (
        table["value"].notna() & table[["lower_95", "upper_95"]].isna().any(axis=1)
    ).to_numpy()
    reason[values_only & (label == not_compared) & ~quantiles] = (
        "no 95% limits (the data give values only), so no significance test"
    )
    never = uses(ComparisonMethod.NOT_COMPARED.value)
    label[never] = not_compared
    reason[never] = "not compared: Fingertips publishes no comparison for this indicator"
    itself = (table["area_code"].astype("str") == table["benchmark"].astype("str")).to_numpy()
    label[itself] = not_compared
    reason[itself] = "this area is the benchmark"
    return pd.DataFrame(
        {
            "comparison": pd.Categorical.from_codes(label, categories=pd.Index(_COMPARISONS)),
            "comparison_level": pd.Categorical.from_codes(
                level, categories=pd.Index(["99.8%", "95%"])
            ),
            "comparison_reason": _text_column(reason, table.index),
        },
        index=table.index,
    )


def _targets(table: pd.DataFrame, area_rows: Callable[[str], pd.DataFrame]) -> pd.DataFrame:
    target = table["target_value"].to_numpy(dtype=float).copy()
    wants = table["target_benchmark"].notna().to_numpy()
    # "reach the benchmark" targets: that area's value for the same indicator and period
    slope = table["slope_per_year"].to_numpy(dtype=float).copy()
    for code in pd.unique(table.loc[wants, "target_benchmark"]):
        rows = wants & (table["target_benchmark"] == code).to_numpy()
        ref = _benchmark(table.loc[rows], area_rows(str(code)), str(code), prefix="ref")
        target[rows] = ref["ref_value"].to_numpy()
        # the target moves with the benchmark: project the gap, not the value
        slope[rows] -= _reference_slope(table, rows, str(code))
    by = table["target_by"].astype("category")
    ends = [_period_end(str(label)) for label in by.cat.categories]
    end_of = np.array(
        [np.datetime64("NaT", "s") if e is None else e for e in ends], "datetime64[s]"
    )
    by_end = np.append(end_of, np.datetime64("NaT", "s"))[by.cat.codes.to_numpy()]
    dated = ~np.isnat(by_end)
    period_end = table["period_end"].to_numpy().astype("datetime64[s]")
    years_left = np.full(len(table), np.nan)
    days = (by_end[dated] - period_end[dated]) / np.timedelta64(1, "D")
    years_left[dated] = np.floor(days) / _DAYS_PER_YEAR
    status = target_status(
        table["value"],
        target,
        direction=table["target_direction"],
        slope_per_year=slope,
        years_left=years_left,
    )
    state = status["status"].cat.codes.to_numpy().copy()
    reason = status["reason"].to_numpy(dtype=object)
    ytt = status["years_to_target"].to_numpy()
    value = table["value"].to_numpy(dtype=float)
    has_target = table["has_target"].to_numpy(dtype=bool)
    # a target with no date: judged on the direction of travel
    met = TARGET_LABELS.index("Met")
    undated = has_target & ~dated & (state != met) & ~np.isnan(target) & ~np.isnan(value)
    towards = np.isfinite(ytt) & (ytt > 0)
    on, off = TARGET_LABELS.index("On track"), TARGET_LABELS.index("Off track")
    state[undated] = np.where(towards[undated], on, off)
    reason[undated] = "the target has no date: judged on whether the current trend moves towards it"
    # no date and no slope (one period, or no trend): nothing to judge the target on
    unjudged = undated & ~np.isfinite(slope)
    state[unjudged] = TARGET_LABELS.index("Not judged")
    reason[unjudged] = (
        "the target has no date and the series has no slope (too few periods): not judged"
    )
    reason[~has_target] = "the plan sets no target"
    missing_ref = np.flatnonzero(wants & np.isnan(target))
    if missing_ref.size:
        areas = table["target_benchmark"].astype("str").to_numpy(dtype=object)[missing_ref]
        reason[missing_ref] = "no value for the target's benchmark area " + areas
    # the projection is given when the trend reaches the target within a century
    ahead = np.flatnonzero((ytt > 0) & (ytt <= _HORIZON_YEARS))
    year = np.zeros(len(table), dtype=np.int64)
    unknown = np.ones(len(table), dtype=bool)
    if ahead.size:
        reached = pd.DatetimeIndex(period_end[ahead]) + pd.to_timedelta(
            ytt[ahead] * _DAYS_PER_YEAR, unit="D"
        )
        year[ahead] = reached.year.to_numpy()
        unknown[ahead] = False
    return pd.DataFrame(
        {
            "target": target,
            "target_by": table["target_by"],
            "target_status": pd.Categorical.from_codes(state, categories=pd.Index(TARGET_LABELS)),
            "required_per_year": status["required_per_year"],
            "years_to_target": ytt,
            "projected_year": pd.arrays.IntegerArray(year, unknown),
            "target_reason": _text_column(reason, table.index),
        },
        index=table.index,
    )


def _use_published(latest: pd.DataFrame) -> None:
    """The publisher's comparison beside the computed one, and in its place where none was.

    Where the library cannot compare (values only, no benchmark row) and the source
    publishes a comparison with England (Trafford Data Lab's ``compared_to_England``,
    Fingertips' "Compared to England"), the table uses it, labelled
    ``comparison_source = "published"``. Where both exist and differ,
    ``comparison_differs`` is True. In place.
    """
    published = _published_labels(latest["published_comparison"], latest["polarity"])
    computed = latest["comparison"].astype("str")
    verdict = computed.where(computed != "Not compared")  # no verdict: nothing to differ from
    latest["comparison_differs"] = _differs(published.where(published != "Not compared"), verdict)
    take = (
        (latest["benchmark"].astype("str") == ENGLAND).to_numpy()  # it compares with England
        & (computed == "Not compared").to_numpy()
        & published.notna().to_numpy()
        & (published != "Not compared").to_numpy()
        & (latest["comparison_reason"].astype("str") != "this area is the benchmark").to_numpy()
    )
    if not take.any():
        return
    codes = latest["comparison"].cat.codes.to_numpy().copy()
    codes[take] = pd.Index(_COMPARISONS).get_indexer(pd.Index(published[take]))
    latest["comparison"] = pd.Categorical.from_codes(codes, categories=pd.Index(_COMPARISONS))
    reason = latest["comparison_reason"].astype("object").to_numpy(copy=True)
    reason[take] = "the source's own comparison with England (published), used as given"
    latest["comparison_reason"] = _text_column(reason, latest.index)
    source = latest["comparison_source"].cat.codes.to_numpy().copy()
    source[take] = 1
    latest["comparison_source"] = pd.Categorical.from_codes(
        source, categories=latest["comparison_source"].cat.categories
    )


def _reference_slope(table: pd.DataFrame, rows: npt.NDArray[np.bool_], code: str) -> Any:
    """The slope of area ``code``'s series of the same indicator and breakdown."""
    keys = ["indicator", "sex", "age", "breakdown_type", "breakdown"]
    ref = table.loc[(table["area_code"] == code).to_numpy()]
    lookup = pd.Index(_combined_codes(ref, keys))
    pos = lookup.get_indexer(pd.Index(_combined_codes(table.loc[rows], keys)))
    slopes = ref["slope_per_year"].to_numpy(dtype=float)
    return np.where(pos >= 0, slopes[np.maximum(pos, 0)], np.nan)


def _period_end(label: str) -> pd.Timestamp | None:
    try:
        return pd.Timestamp(Period.parse(label).end)
    except OutcomeFrameError:
        return None


def _missing(
    meta: pd.DataFrame, present: Iterable[str], suppressed: pd.DataFrame | None = None
) -> pd.DataFrame:
    absent = meta.loc[~meta["indicator"].isin(set(present))].reset_index(drop=True)
    ft = absent["fingertips_id"].astype("Int64")
    where = pd.Series("no data supplied", index=absent.index, dtype="str")
    has_source = absent["source"].notna()
    where[has_source] = "no data supplied; source: " + absent.loc[has_source, "source"].astype(
        "str"
    )
    has_ft = ft.notna()
    where[has_ft] = "no data supplied; get it from OHID Fingertips indicator " + ft[has_ft].astype(
        "str"
    )
    if suppressed is not None and len(suppressed):
        counts = suppressed["indicator"].astype("str").value_counts()
        quiet = absent["indicator"].map(counts)
        hit = quiet.notna()
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


#: The publisher's own verdicts, kept in the table for checking when the input has them.
_PUBLISHED = ("published_comparison", "published_trend")
#: Where the publisher's verdict and the library's differ (when the input has the first).
_DIFFERS = ("comparison_differs", "trend_differs")

_TABLE_COLUMNS = [
    "indicator",
    "title",
    "fingertips_id",
    "area_code",
    "area_name",
    "area_type",
    "headline",
    "sex",
    "age",
    "breakdown_type",
    "breakdown",
    "period",
    "period_start",
    "period_end",
    "measure",
    "unit",
    "polarity",
    "count",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_99_8",
    "upper_99_8",
    "value_source",
    "benchmark",
    "benchmark_value",
    "benchmark_lower_95",
    "benchmark_upper_95",
    "comparison",
    "comparison_level",
    "comparison_method",
    "comparison_reason",
    "comparison_source",
    "gap",
    "relative_gap",
    "gap_unit",
    "trend",
    "trend_chi2",
    "trend_gradient",
    "trend_points",
    "trend_significant",
    "trend_outlier",
    "trend_reason",
    "slope_per_year",
    "target",
    "target_by",
    "target_status",
    "required_per_year",
    "years_to_target",
    "projected_year",
    "target_reason",
]


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
        problems = rejected["reason"].astype("str").head(20).tolist()
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
