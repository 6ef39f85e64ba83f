"""The engine side of :func:`outcomeframe.aggregate`: one grouped query per indicator.

Each record gets a code on the engine: 0 placed, 1 outside the population (the
denominator filter is false), and from 2 one code per reason it cannot be placed, the
first that applies winning (see :attr:`Plan.reasons`). The query groups the records by
the columns that place them and by that code, and sums the numerator: its result has
one row per area, period, breakdown category ... and code, however many records there
are, and only it is collected.
"""

from __future__ import annotations

from typing import Any

import attrs

from outcomeframe._errors import ArgumentError
from outcomeframe._suggest import did_you_mean
from outcomeframe.model._elements import Indicator
from outcomeframe.records._filter import check_filter, kind_of, missing, narwhals, text, truth
from outcomeframe.records._filter_parse import columns_of

__all__ = ["CODE", "NUMERATOR", "OUTSIDE", "PERIOD", "PLACED", "RECORDS", "Plan", "plan"]

#: The names of the columns the query adds (chosen not to meet a record column).
CODE = "__outcomeframe_code"
PERIOD = "__outcomeframe_period"
NUMERATOR = "__outcomeframe_numerator"
RECORDS = "__outcomeframe_records"
#: The codes of a placed record and of one outside the population.
PLACED, OUTSIDE = 0, 1

#: The month each kind of year starts in.
_START_MONTH = {"calendar": 1, "financial": 4, "academic": 9}


@attrs.frozen
class Plan:
    """The query of one indicator, and what its codes and columns mean.

    Attributes
    ----------
    indicator : Indicator
    period_kind : str
        ``calendar``, ``financial`` or ``academic`` (how a year or a date is read).
    period_source : str
        ``year`` (whole start years), ``date`` (the year computed on the engine) or
        ``label`` (text period labels, read in pandas).
    reasons : tuple of str
        The reason of each code from 2.
    keys : tuple of str
        The record columns grouped by, besides the period.
    """

    indicator: Indicator
    period_kind: str
    period_source: str
    reasons: tuple[str, ...]
    keys: tuple[str, ...]
    code: Any = attrs.field(eq=False, repr=False)
    numerator: Any = attrs.field(eq=False, repr=False)
    period: Any = attrs.field(eq=False, repr=False)

    def query(self, frame: Any) -> Any:
        """The grouped counts of ``frame`` (a narwhals frame), still on its engine."""
        nw = narwhals()
        added = frame.with_columns(
            self.code.alias(CODE), self.numerator.alias(NUMERATOR), self.period.alias(PERIOD)
        )
        return added.group_by(*self.keys, PERIOD, CODE, drop_null_keys=False).agg(
            nw.len().alias(RECORDS), nw.col(NUMERATOR).sum()
        )


def _where(ind: Indicator, field: str) -> str:
    return f"indicator {ind.id!r}, records.{field}"


def _need(ind: Indicator, field: str, column: str, schema: dict[str, Any]) -> None:
    if column not in schema:
        hint = did_you_mean(column, list(schema))
        raise ArgumentError(f"{_where(ind, field)}: no column {column!r} in the records{hint}")


def _blank(column: str, schema: dict[str, Any]) -> Any:
    """Missing, or (text) nothing but spaces: a key cell that places no record."""
    expr = missing(column, schema[column])
    if kind_of(schema[column]) == "text":
        expr = expr | (text(column, schema[column]).str.strip_chars() == "")
    return expr


def _period(ind: Indicator, column: str, schema: dict[str, Any]) -> tuple[str, str, Any]:
    nw = narwhals()
    kind = ind.period_type.value if ind.period_type is not None else "calendar"
    if ind.period_years not in (None, 1):
        raise ArgumentError(
            f"{_where(ind, 'period')}: pooled periods ({ind.period_years} years) are not "
            "computed from records yet: aggregate single years, then pool the counts"
        )
    source = {"number": "year", "date": "date", "text": "label"}.get(kind_of(schema[column]))
    if source is None:
        raise ArgumentError(
            f"{_where(ind, 'period')}: column {column!r} holds {schema[column]}, not years, "
            "dates or period labels"
        )
    if source != "label" and kind not in _START_MONTH:
        raise ArgumentError(
            f"{_where(ind, 'period')}: a {kind} period needs a column of period labels "
            f"(text such as '2023 Q1'); {column!r} holds {'dates' if source == 'date' else 'years'}"
        )
    expr = nw.col(column)
    if source == "date":
        year = expr.dt.year().cast(nw.Int64)
        start = _START_MONTH[kind]
        expr = year if start == 1 else year - (expr.dt.month() < start).cast(nw.Int64)
    return kind, source, expr


def plan(ind: Indicator, schema: dict[str, Any]) -> Plan:
    """Check an indicator's record definition against the records' columns; build its query.

    Raises
    ------
    ArgumentError
        A column the records lack (with the closest names), or a period column of
        another type than years, dates or labels.
    FilterError
        A filter naming a column the records lack, or comparing across types.
    """
    nw = narwhals()
    rd = ind.records
    assert rd is not None
    roles = [("area", rd.area), ("period", rd.period), ("sex", rd.sex), ("age", rd.age)]
    roles += [("breakdowns", column) for _, column in rd.breakdowns]
    roles += [("age_band", rd.age_band)]
    for field, column in roles:
        if column is not None:
            _need(ind, field, column, schema)
    trees = {"numerator": rd.numerator_filter, "denominator": rd.denominator_filter}
    for field, tree in trees.items():
        if tree is not None:
            check_filter(tree, schema, text=getattr(rd, field), where=_where(ind, field))
    kind, source, period = _period(ind, rd.period, schema)

    reasons: list[str] = []
    branches: list[tuple[Any, int]] = []

    def reason(condition: Any, text: str) -> None:
        branches.append((condition, len(reasons) + 2))
        reasons.append(text)

    num_t, num_f = truth(rd.numerator_filter, schema)
    if rd.denominator_filter is not None:
        den_t, den_f = truth(rd.denominator_filter, schema)
        undecided = ~den_t & ~den_f
        for column in columns_of(rd.denominator_filter):
            why = f"the denominator filter cannot be decided: {column} is missing"
            reason(undecided & missing(column, schema[column]), why)
        reason(undecided, "the denominator filter cannot be decided")
        branches.append((den_f, OUTSIDE))
    for field, column in roles:
        if column is not None:
            reason(_blank(column, schema), f"{field} ({column}) is missing")
    undecided = ~num_t & ~num_f
    for column in columns_of(rd.numerator_filter):
        why = f"the numerator filter cannot be decided: {column} is missing"
        reason(undecided & missing(column, schema[column]), why)
    reason(undecided, "the numerator filter cannot be decided")

    first, code = branches[0]
    chain = nw.when(first).then(nw.lit(code))
    for condition, code in branches[1:]:
        chain = chain.when(condition).then(nw.lit(code))
    code_expr = chain.otherwise(nw.lit(PLACED)).cast(nw.Int64)
    keys = tuple(c for c in rd.keys if c != rd.period)
    return Plan(
        indicator=ind,
        period_kind=kind,
        period_source=source,
        reasons=tuple(reasons),
        keys=keys,
        code=code_expr,
        numerator=num_t.cast(nw.Int64),
        period=period,
    )
