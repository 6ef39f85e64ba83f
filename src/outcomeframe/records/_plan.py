"""The engine side of :func:`outcomeframe.aggregate`: one grouped query per indicator.

Each filter's outcome is one small integer per record, each part of the filter
evaluated once: 0 it holds, 1 it does not, from 2 it cannot be decided (which column is
missing). The query computes the two outcomes as one state column and counts the
records by the columns that place them and that state: its result has one row per
area, period, breakdown category ... and state, however many records there are, and
only it is collected. Pandas then reads each group's code from its state and its key
values (:meth:`Plan.decode`): 0 placed, 1 outside the population (the denominator
filter is false), and from 2 one code per reason it cannot be placed, the first that
applies winning (see :attr:`Plan.reasons`); a missing or blank key is found in the
group's own key values. The same code per record, on the engine, is :attr:`Plan.code`,
read from the state column and the key columns (for finding the rejected records).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from outcomeframe._errors import ArgumentError
from outcomeframe._suggest import did_you_mean
from outcomeframe.model._elements import Indicator
from outcomeframe.records._filter import check_filter, kind_of, missing, narwhals, text, truth
from outcomeframe.records._filter_parse import And, Compare, Filter, In, IsNull, Not, columns_of

if TYPE_CHECKING:
    import pandas as pd

    from outcomeframe.model._records import RecordDefinition

__all__ = ["CODE", "NUMERATOR", "OUTSIDE", "PERIOD", "PLACED", "RECORDS", "STATE", "Plan", "plan"]

#: The names of the columns the query adds (chosen not to meet a record column).
CODE = "__outcomeframe_code"
STATE = "__outcomeframe_state"
KNOWN = "__outcomeframe_known_"
PERIOD = "__outcomeframe_period"
NUMERATOR = "__outcomeframe_numerator"
RECORDS = "__outcomeframe_records"
#: The codes of a placed record and of one outside the population.
PLACED, OUTSIDE = 0, 1

#: The month each kind of year starts in.
_START_MONTH = {"calendar": 1, "financial": 4, "academic": 9}


def definition_of(ind: Indicator) -> RecordDefinition:
    """The indicator's record-level definition (it is counted from records only with one)."""
    if ind.records is None:
        raise ArgumentError(f"indicator {ind.id!r}: no records definition to count records by")
    return ind.records


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
    blanks : tuple of (str, bool)
        The columns that place a record, in the order of their reasons, each with
        whether it holds text (a blank text places no record either).
    width : int
        The numerator's outcomes: the state is ``denominator * width + numerator``.
    shift : int
        The denominator's reasons (none without a denominator filter).
    """

    indicator: Indicator
    period_kind: str
    period_source: str
    reasons: tuple[str, ...]
    keys: tuple[str, ...]
    blanks: tuple[tuple[str, bool], ...]
    width: int
    shift: int
    state: Any = attrs.field(eq=False, repr=False)
    flags: tuple[Any, ...] = attrs.field(eq=False, repr=False)
    #: The columns ``flags`` add (whether each filter column has a value).
    flag_names: tuple[str, ...] = attrs.field(eq=False, repr=False)
    #: Each record's code from the column :data:`STATE` (``state``) and its key columns.
    code: Any = attrs.field(eq=False, repr=False)
    period: Any = attrs.field(eq=False, repr=False)
    #: The columns read as numbers from text, each with the column of its text.
    texts: tuple[tuple[str, str], ...] = ()

    def query(self, frame: Any) -> Any:
        """The grouped counts of ``frame`` (a narwhals frame), still on its engine.

        One row per place and state (the outcomes of both filters in one small
        integer), with the number of records; :meth:`decode` reads it.
        """
        nw = narwhals()
        added = frame.with_columns(*self.flags) if self.flags else frame
        added = added.select(*self.keys, self.period.alias(PERIOD), self.state.alias(STATE))
        return added.group_by(*self.keys, PERIOD, STATE, drop_null_keys=False).agg(
            nw.len().alias(RECORDS)
        )

    def coded(self, frame: Any) -> Any:
        """``frame`` (narwhals) with each record's code in the column :data:`CODE`.

        The state is computed as in :meth:`query`, and the code read from it and the
        key columns as :meth:`decode` reads each group's; the columns added on the way
        are :meth:`added`.
        """
        added = frame.with_columns(*self.flags) if self.flags else frame
        added = added.with_columns(self.state.alias(STATE))
        return added.with_columns(self.code.alias(CODE))

    def added(self) -> tuple[str, ...]:
        """The columns :meth:`coded` adds."""
        return (*self.flag_names, STATE, CODE)

    def period_column(self) -> str:
        """The records' period column."""
        rd = definition_of(self.indicator)
        return rd.period

    def decode(self, groups: pd.DataFrame) -> pd.DataFrame:
        """The collected groups by place and code, each with its records and numerator.

        The code of a group, first reason winning: the denominator's undecided codes,
        outside the population, a missing (or blank) key column in the order of
        :attr:`blanks`, the numerator's undecided codes, else placed; as :attr:`code`
        gives each record on the engine.
        """
        import numpy as np  # noqa: PLC0415 - the plan is built without numpy or pandas

        state = groups[STATE].to_numpy(dtype="int64")
        den, num = np.divmod(state, self.width)
        shift = self.shift
        conditions, codes = [], []
        if shift:
            conditions += [den >= 2, den == 1]
            codes += [den, np.full_like(den, OUTSIDE)]
        for k, (column, is_text) in enumerate(self.blanks):
            values = groups[PERIOD if column == self.period_column() else column]
            blank = values.isna().to_numpy().copy()
            if is_text:
                blank |= (values.astype("str").str.strip() == "").to_numpy()
            conditions.append(blank)
            codes.append(np.full_like(den, shift + 2 + k))
        conditions.append(num >= 2)
        codes.append(num + shift + len(self.blanks))
        records = groups[RECORDS].to_numpy(dtype="int64")
        out = groups.drop(columns=[STATE]).assign(
            **{
                CODE: np.select(conditions, codes, default=PLACED),
                RECORDS: records,
                NUMERATOR: np.where(num == 0, records, 0),
            }
        )
        by = [*self.keys, PERIOD, CODE]
        summed = out.groupby(by, dropna=False, observed=True, sort=False)[[RECORDS, NUMERATOR]]
        return summed.sum().reset_index()


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


def plan(
    ind: Indicator,
    schema: dict[str, Any],
    texts: Mapping[str, str] | None = None,
    *,
    nulls: bool = False,
) -> Plan:
    """Check an indicator's record definition against the records' columns; build its query.

    Raises
    ------
    ArgumentError
        A column the records lack (with the closest names), or a period column of
        another type than years, dates or labels.
    FilterError
        A filter naming a column the records lack, or comparing across types.

    ``texts`` names, for each column read as numbers from text, the column holding the
    text given (see :func:`~outcomeframe.records._numbers.read_numbers`). ``nulls``:
    the engine's comparisons are missing where a value is (see
    :func:`~outcomeframe.records._filter.truth`); the query then tests whether a
    filter column is missing only for the records its filters leave undecided.
    """
    nw = narwhals()
    rd = definition_of(ind)
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

    read = [c for tree in trees.values() if tree is not None for c in columns_of(tree)]
    flags: dict[str, str] = {}
    known: dict[str, Any] | None = None
    if not nulls:  # whether each filter column has a value is computed once, as a column
        flags = {c: f"{KNOWN}{i}" for i, c in enumerate(dict.fromkeys(read))}
        known = {column: nw.col(name) for column, name in flags.items()}
    # Only a record in the population needs its numerator: the state of any other is
    # its denominator's code times ``width``.
    state, num_reasons = _state("numerator", rd.numerator_filter, schema, known, texts, nulls=nulls)
    width = len(num_reasons) + 2
    den_tree = rd.denominator_filter
    if den_tree is not None and set(columns_of(rd.numerator_filter)) <= _known_when(den_tree):
        # In the population every numerator column has a value: the numerator is decided
        # there, 0 where it holds and 1 where not, without a test for a missing value.
        holds, _ = truth(rd.numerator_filter, schema, known, nulls=nulls)
        state = (~holds).cast(nw.Int64)
    den_reasons: list[str] = []
    if den_tree is not None:
        state, den_reasons = _state(
            "denominator",
            rd.denominator_filter,
            schema,
            known,
            texts,
            nulls=nulls,
            inner=state,
            scale=width,
        )
    blanks = tuple((field, column) for field, column in roles if column is not None)
    reasons = [*den_reasons, *(f"{field} ({column}) is missing" for field, column in blanks)]
    reasons += num_reasons
    keys = tuple(c for c in rd.keys if c != rd.period)
    return Plan(
        indicator=ind,
        period_kind=kind,
        period_source=source,
        reasons=tuple(reasons),
        keys=keys,
        blanks=tuple((c, kind_of(schema[c]) == "text") for _, c in blanks),
        width=width,
        shift=len(den_reasons),
        state=state.cast(nw.Int64),
        flags=tuple((~missing(c, schema[c])).alias(name) for c, name in flags.items()),
        flag_names=tuple(flags.values()),
        code=_code(width, blanks, schema, len(den_reasons)),
        period=period,
        texts=tuple((c, t) for c, t in (texts or {}).items() if c in read),
    )


def _known_when(node: Filter, holds: bool = True) -> frozenset[str]:
    """The columns that certainly have a value where ``node`` certainly holds (or not).

    A comparison or ``in`` is decided only with its columns' values; ``is null`` holds
    only without one, and ``is not null`` only with one.

    Examples
    --------
    >>> from outcomeframe.records import parse_filter
    >>> from outcomeframe.records._plan import _known_when
    >>> sorted(_known_when(parse_filter("w >= 37 and b < 9000")))
    ['b', 'w']
    >>> sorted(_known_when(parse_filter("w >= 37 or b < 9000")))
    []
    >>> sorted(_known_when(parse_filter("not (w is null or b < 1)")))
    ['b', 'w']
    """
    if isinstance(node, Compare | In):
        return frozenset(columns_of(node))
    if isinstance(node, IsNull):
        return frozenset(columns_of(node)) if holds == node.negated else frozenset()
    if isinstance(node, Not):
        return _known_when(node.operand, not holds)
    parts = [_known_when(item, holds) for item in node.items]
    if isinstance(node, And) == holds:  # every item holds (and), or every one fails (or)
        return frozenset().union(*parts)
    return frozenset.intersection(*parts)


def _state(
    field: str,
    tree: Filter | None,
    schema: dict[str, Any],
    known: dict[str, Any] | None = None,
    texts: Mapping[str, str] | None = None,
    *,
    nulls: bool = False,
    inner: Any = None,
    scale: int = 1,
) -> tuple[Any, list[str]]:
    """A filter's outcome as one small integer per record, and the reasons of codes from 2.

    0: the filter holds; 1: it does not; from 2: it cannot be decided, because of the
    first of its columns that is missing (or, for a column read as numbers from the text
    in the column ``texts[column]``, not a number), or (the last code) otherwise. Each
    part of the filter is evaluated once, whatever the outcome. With ``inner``, a
    record the filter holds for takes that expression's value instead of 0, and the
    other codes are multiplied by ``scale``; ``nulls`` as :func:`plan` has it.
    """
    if tree is None:
        return None, []
    nw = narwhals()
    texts = texts or {}
    yes, no = truth(tree, schema, known, nulls=nulls)
    chain = nw.when(yes).then(nw.lit(0) if inner is None else inner)
    chain = chain.when(no).then(nw.lit(scale))
    why = f"the {field} filter cannot be decided"
    reasons: list[str] = []
    for column in columns_of(tree):
        absent = missing(column, schema[column]) if known is None else ~known[column]
        if column in texts:  # read as numbers from text: a text that is not one
            chain = chain.when(absent & ~nw.col(texts[column]).is_null())
            chain = chain.then(nw.lit((len(reasons) + 2) * scale))
            reasons.append(f"{why}: {column} is not a number")
        chain = chain.when(absent).then(nw.lit((len(reasons) + 2) * scale))
        reasons.append(f"{why}: {column} is missing")
    return chain.otherwise(nw.lit((len(reasons) + 2) * scale)), [*reasons, why]


def _code(
    width: int, blanks: tuple[tuple[str, str], ...], schema: dict[str, Any], shift: int
) -> Any:
    """On the engine: each record's code from its state (as :meth:`Plan.decode` reads a group's).

    The state is ``denominator * width + numerator`` where the denominator does not hold
    (a multiple of ``width``), the numerator's outcome (below ``width``) where it does.
    """
    nw = narwhals()
    state = nw.col(STATE)
    chain = nw.when(nw.lit(False)).then(nw.lit(PLACED))
    if shift:  # the denominator's undecided codes, then outside the population
        chain = chain.when(state >= nw.lit(2 * width)).then(state // nw.lit(width))
        chain = chain.when(state >= nw.lit(width)).then(nw.lit(OUTSIDE))
    for k, (_, column) in enumerate(blanks):
        chain = chain.when(_blank(column, schema)).then(nw.lit(shift + 2 + k))
    chain = chain.when(state >= nw.lit(2)).then(state + nw.lit(shift + len(blanks)))
    return chain.otherwise(nw.lit(PLACED)).cast(nw.Int64)
