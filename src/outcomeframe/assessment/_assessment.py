"""The Assessment: what was assessed, the table of results, and the views built from them.

An Assessment keeps a snapshot of what it assessed: a copy of the framework taken
when :func:`outcomeframe.assessment.assess` ran (elements are frozen, so the copy
shares them and costs one graph copy) and the indicator metadata read from it then.
Every later read (:attr:`Assessment.series`, :meth:`Assessment.no_data`, chart
titles, the dashboard) uses that snapshot, never the live framework, so changing
the framework you assessed afterwards cannot make an assessment contradict its own
table. What is computed from :attr:`Assessment.series` alone is built on first use and
kept with it: the series itself, and the closed-form inequality table the dashboard's
roll-up and decile charts read (so a second page of the same assessment computes neither
again).

That is the whole guarantee. The snapshot and the tables are the assessment's own
objects, not locked: ``a.framework`` is a :class:`~outcomeframe.Framework` (changing
it, ``a.framework.remove(...)``, changes what later reads of ``a`` see) and
``a.table`` is a pandas DataFrame (editing it in place edits the assessment).
Locking them would cost a framework copy on every read of ``a.framework`` and a copy
of the table on every read of ``a.table``; take those copies yourself to experiment:
``a.framework.copy()``, ``a.table.copy()``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe.assessment._arguments import one_area
from outcomeframe.assessment._context import SUPPRESSED
from outcomeframe.assessment._fill import _filled
from outcomeframe.assessment._headline import headline_mask
from outcomeframe.assessment._inputs import _indicator_meta
from outcomeframe.assessment._table_columns import _DIFFERS
from outcomeframe.observations._display import ordered_periods, summary_html, summary_lines

if TYPE_CHECKING:
    from outcomeframe.assessment._rollup import RollupRule
    from outcomeframe.framework._framework import Framework

__all__ = ["Assessment"]

T = TypeVar("T")


@attrs.frozen(eq=False)
class Assessment:
    """How each indicator is doing, for every area and breakdown in the data.

    Build one with :meth:`outcomeframe.Framework.assess` (or :func:`assess`).

    Attributes
    ----------
    framework : Framework
        A copy of the framework taken when it was assessed (the snapshot every
        later read uses: changing the original framework does not change the
        assessment). It is the assessment's own object, not a locked one:
        change ``a.framework.copy()``, not ``a.framework``.
    table : pandas.DataFrame
        One row per indicator x area x breakdown at the assessed period (the
        assessment's own frame: edit ``a.table.copy()``, not ``a.table``): the
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
    #: The indicator metadata read from the framework when it was assessed.
    _meta: pd.DataFrame = attrs.field(
        repr=False,
        alias="meta",
        default=attrs.Factory(lambda self: _indicator_meta(self.framework), takes_self=True),
    )
    #: Tables derived from the series, built on first use and kept like the series.
    _views: dict[Hashable, Any] = attrs.field(factory=dict, init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        ordered_periods(self.table)  # periods compare in time: table.period >= "2021/22"

    @functools.cached_property
    def series(self) -> pd.DataFrame:
        """Every usable observation, values and 95% and 99.8% limits filled in from counts.

        ``period`` is an ordered categorical in time order, as in :attr:`table`.
        """
        series = _filled(self._rows, self._meta)
        ordered_periods(series)
        return series

    def _view(self, key: Hashable, build: Callable[[], T]) -> T:
        """The view ``key`` of the series: ``build()`` the first time, then the same object.

        Only for tables computed from :attr:`series` alone (it is built once and
        kept, so they cannot go out of step with it); callers must not change them.
        """
        if key not in self._views:
            self._views[key] = build()
        found: T = self._views[key]
        return found

    def _summary(self) -> list[str]:
        names = self.table.drop_duplicates("area_code").set_index("area_code")["area_name"]

        def named(code: str | None) -> str:
            name = names.get(code) if code is not None else None
            return f"{code} ({name})" if isinstance(name, str) and name else str(code)

        heads = int(headline_mask(self.table).sum()) if "headline" in self.table else 0
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
        code = one_area(area) if area is not None else self.area
        if code is None:
            raise ArgumentError("area: the framework names no area; give one")
        table = self.table
        have = table.loc[
            (table["area_code"].astype("str") == code) & table["value"].notna(), "indicator"
        ]
        meta = self._meta
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
        head = table.loc[headline_mask(table)]
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

    def inequality_table(
        self, *, area: str | Sequence[str] | None = None, **options: Any
    ) -> pd.DataFrame:
        """SII and RII across deprivation groups per indicator x area x period, and the gap trend.

        See :func:`outcomeframe.inequality_table` (``options``: ``method``,
        ``simulations``, ``seed``, ``relative``).

        Examples
        --------
        >>> import outcomeframe as of
        >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
        >>> t = a.inequality_table(area="E10000017", method="closed")
        >>> print(t[["period", "sii", "weights"]].round(2).to_string(index=False))
                 period  sii weights
        2018/19 - 22/23 5.65   equal
        2019/20 - 23/24 5.90   equal
        """
        from outcomeframe.assessment._sii_table import inequality_table  # noqa: PLC0415

        return inequality_table(self, area=area, **options)
