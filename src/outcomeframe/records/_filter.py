"""A parsed filter checked against the records' columns and made a narwhals expression.

Missing values follow SQL's three-valued logic on every engine: a comparison with a
missing value (null, or NaN in a float column) is neither true nor false, ``not`` keeps
it undecided, ``false and undecided`` is false and ``true or undecided`` is true. Each
node is compiled to two boolean expressions that are never missing, "certainly true"
and "certainly false", so pandas (where ``NaN < 1`` is ``False``) and the SQL engines
(where it is null) give the same answer, and a record the filter cannot decide is
found and reported rather than counted on either side.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from outcomeframe._errors import ArgumentError, FilterError
from outcomeframe._suggest import did_you_mean
from outcomeframe.records._filter_parse import (
    And,
    Column,
    Compare,
    Filter,
    In,
    IsNull,
    Literal,
    Not,
    parse_filter,
)

if TYPE_CHECKING:
    import narwhals as nw

__all__ = [
    "compile_filter",
    "kind_of",
    "missing",
    "narwhals",
    "nulls_propagate",
    "text",
    "truth",
]

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


def narwhals() -> Any:
    """The narwhals module; a missing install is an error naming the extra to install."""
    from outcomeframe._engines import require  # noqa: PLC0415

    return require("narwhals")


#: The engines whose comparisons are missing where a value is, and whose ``and`` and
#: ``or`` follow three-valued logic (pandas and Dask compare a missing value as false).
_THREE_VALUED = ("POLARS", "DUCKDB", "PYSPARK", "PYSPARK_CONNECT", "SQLFRAME", "PYARROW", "IBIS")


def nulls_propagate(frame: Any) -> bool:
    """Whether a narwhals frame's engine compares a missing value as missing (SQL's rule)."""
    nw = narwhals()
    engines = {getattr(nw.Implementation, name, None) for name in _THREE_VALUED}
    return frame.implementation in engines


def kind_of(dtype: Any) -> str:
    """How a filter sees a column's type: number, text, bool, date or other."""
    nw = narwhals()
    if dtype == nw.Boolean:
        return "bool"
    if dtype.is_numeric():
        return "number"
    if dtype == nw.String or isinstance(dtype, nw.Categorical | nw.Enum):
        return "text"
    if dtype.is_temporal():
        return "date"
    return "other"


def text(name: str, dtype: Any) -> Any:
    """Expression: a text column as plain text (a categorical or dictionary column cast).

    Polars reads Parquet's dictionary-encoded text as ``Categorical``, pyarrow as a
    dictionary array and pandas as ``category``; string functions such as
    ``str.strip_chars`` take only plain text on some engines.
    """
    nw = narwhals()
    column = nw.col(name)
    return column.cast(nw.String) if isinstance(dtype, nw.Categorical | nw.Enum) else column


def _literal_kind(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    return "text" if isinstance(value, str) else "number"


def missing(name: str, dtype: Any) -> Any:
    """Expression: the column's value is missing (null, or NaN in a float column)."""
    nw = narwhals()
    expr = nw.col(name).is_null()
    if dtype.is_float():
        expr = expr | nw.col(name).is_nan()
    return expr


_WORDS = {"number": "numbers", "text": "text", "bool": "true/false values", "date": "dates"}


class _Checker:
    def __init__(self, text: str, schema: Mapping[str, Any], where: str) -> None:
        self.text = text
        self.schema = schema
        self.where = where

    def fail(self, message: str, at: int | None) -> FilterError:
        return FilterError(message, self.text, at, where=self.where)

    def column(self, node: Column) -> str:
        if node.name not in self.schema:
            hint = did_you_mean(node.name, [str(c) for c in self.schema])
            raise self.fail(f"no column {node.name!r} in the records{hint}", node.at)
        kind = kind_of(self.schema[node.name])
        if kind == "date":
            raise self.fail(
                f"column {node.name!r} holds dates, which a filter does not compare "
                "(filter on a year or other number column instead)",
                node.at,
            )
        return kind

    def same(self, kind: str, literal: Literal, column: Column) -> None:
        given = _literal_kind(literal.value)
        if kind == "other" and given == "text":
            return
        if given != kind:
            raise self.fail(
                f"column {column.name!r} holds {_WORDS.get(kind, 'values of another type')}, "
                f"but is compared with {literal}",
                literal.at,
            )

    def check(self, node: Filter) -> None:
        if isinstance(node, Compare):
            sides = [s for s in (node.left, node.right) if isinstance(s, Column)]
            kinds = [self.column(s) for s in sides]
            if len(sides) == 2 and kinds[0] != kinds[1]:
                raise self.fail(
                    f"columns {sides[0].name!r} ({kinds[0]}) and {sides[1].name!r} "
                    f"({kinds[1]}) hold different types",
                    sides[0].at,
                )
            for side in (node.left, node.right):
                if isinstance(side, Literal):
                    self.same(kinds[0], side, sides[0])
        elif isinstance(node, In):
            kind = self.column(node.column)
            for value in node.values:
                self.same(kind, value, node.column)
        elif isinstance(node, IsNull):
            self.column(node.column)
        elif isinstance(node, Not):
            self.check(node.operand)
        else:
            for item in node.items:
                self.check(item)


def _balanced(combine: Callable[[Any, Any], Any], items: Any) -> Any:
    """``a op b op c ...`` as a balanced tree: its depth grows with log2 of the items."""
    level = list(items)
    while len(level) > 1:
        pairs = [combine(a, b) for a, b in zip(level[::2], level[1::2], strict=False)]
        level = pairs + ([level[-1]] if len(level) % 2 else [])
    return level[0]


#: The comparison true exactly where ``op`` is false (for values that are not missing).
_COMPLEMENT = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
#: ``literal op column`` as ``column op' literal``.
_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
#: The comparisons that NaN can make true: NaN sorts above every number on the SQL
#: engines and Polars, and ``!=`` holds for NaN under IEEE rules (pandas, pyarrow).
_NAN_TRUE = frozenset({">", ">=", "!="})


def truth(
    node: Filter,
    schema: Mapping[str, Any],
    known: Mapping[str, Any] | None = None,
    *,
    nulls: bool = False,
) -> tuple[Any, Any]:
    """Two boolean expressions: the filter certainly holds; it certainly does not.

    ``known`` maps a column to an expression (a column computed before) that says its
    value is not missing; by default that is computed here, at each use. Both
    expressions are then never missing.

    ``nulls=True`` is for an engine whose comparisons are missing where a value is
    missing and whose ``and`` / ``or`` follow three-valued logic (DuckDB, Polars,
    PySpark, pyarrow): a comparison then carries its own answer for a null, and only
    NaN needs a test, folded into the comparison: ``x <= inf`` is false for NaN and
    null alike, and is added only to the comparisons NaN could make true. The two
    expressions may then be missing, where they mean "not certainly"; a caller uses
    them only as conditions (``when``), never negated.
    """
    nw = narwhals()

    def has(name: str) -> Any:
        if known is not None and name in known:
            return known[name]
        return ~missing(name, schema[name])

    if isinstance(node, Compare):
        if nulls:
            return _folded(node, schema)
        known_sides = [has(s.name) for s in (node.left, node.right) if isinstance(s, Column)]
        sides = [_side(node, side, schema) for side in (node.left, node.right)]
        test = _OPS[node.op](sides[0], sides[1])
        # decided where its columns have values (no ``lit(True) &`` first: on an eager
        # engine each operation is evaluated)
        given = functools.reduce(operator.and_, known_sides) if known_sides else nw.lit(True)
        return given & test, given & ~test
    if isinstance(node, In):
        # ``is_in`` of a missing value is false, not missing, on some engines: tested.
        dtype = schema[node.column.name]
        given = has(node.column.name)
        values = [v.value for v in node.values]
        column = nw.col(node.column.name)
        if kind_of(dtype) == "number" and (
            dtype.is_float() or any(isinstance(v, float) for v in values)
        ):  # one type on both sides: Polars does not compare floats with integers here
            column, values = column.cast(nw.Float64), [float(v) for v in values]
        inside = column.is_in(values)
        yes, no = given & inside, given & ~inside
        return (no, yes) if node.negated else (yes, no)
    if isinstance(node, IsNull):
        null = ~has(node.column.name)
        return (~null, null) if node.negated else (null, ~null)
    if isinstance(node, Not):
        yes, no = truth(node.operand, schema, known, nulls=nulls)
        return no, yes
    pairs = [truth(item, schema, known, nulls=nulls) for item in node.items]
    every = functools.partial(_balanced, operator.and_)
    some = functools.partial(_balanced, operator.or_)
    if isinstance(node, And):
        return every(p[0] for p in pairs), some(p[1] for p in pairs)
    # node is an Or (the caller dispatches And and Or here)
    return some(p[0] for p in pairs), every(p[1] for p in pairs)


def _side(node: Compare, side: Column | Literal, schema: Mapping[str, Any]) -> Any:
    """One side of a comparison as an expression."""
    nw = narwhals()
    if isinstance(side, Literal):
        return nw.lit(side.value)
    # Text compares as text: an ordered categorical or an Enum would order by its
    # categories, and two categorical columns need not share them.
    plain = node.op not in ("==", "!=") or all(
        isinstance(s, Column) for s in (node.left, node.right)
    )
    return text(side.name, schema[side.name]) if plain else nw.col(side.name)


def _folded(node: Compare, schema: Mapping[str, Any]) -> tuple[Any, Any]:
    """:func:`truth` of a comparison on an engine where a comparison with null is null."""
    nw = narwhals()
    left, right, op = node.left, node.right, node.op
    if isinstance(left, Literal):  # the column on the left: 2500 > w is w < 2500
        left, right, op = right, left, _MIRROR[op]
    sides = [_side(node, s, schema) for s in (left, right)]
    floats = [
        nw.col(s.name) <= nw.lit(float("inf"))
        for s in (left, right)
        if isinstance(s, Column) and schema[s.name].is_float()
    ]
    guard = functools.reduce(operator.and_, floats) if floats else None
    two = isinstance(right, Column)  # NaN on the right side makes any order true
    answers = []
    for tested in (op, _COMPLEMENT[op]):
        test = _OPS[tested](sides[0], sides[1])
        if guard is not None and (two or tested in _NAN_TRUE):
            test = test & guard
        answers.append(test)
    return answers[0], answers[1]


def check_filter(
    node: Filter, schema: Mapping[str, Any], *, text: str | None = None, where: str = "filter"
) -> None:
    """Refuse a filter that names a column the records lack or compares across types."""
    _Checker(str(node) if text is None else text, schema, where).check(node)


def compile_filter(
    node: Filter | str, schema: Mapping[str, Any], *, where: str = "filter"
) -> nw.Expr:
    """A narwhals expression true where the filter certainly holds, false elsewhere.

    Parameters
    ----------
    node : Filter or str
        A tree from :func:`parse_filter`, or filter text.
    schema : mapping
        Column name -> narwhals dtype, e.g. ``nw.from_native(frame).collect_schema()``.
    where : str
        How messages name the filter.

    Returns
    -------
    narwhals.Expr
        Never missing: a record whose filter cannot be decided (it compares a missing
        value) is ``False`` here; :func:`outcomeframe.aggregate` reports such records.

    Raises
    ------
    FilterError
        A column the schema lacks (with the closest names), or a value of another type
        than its column (text compared with a number column ...).

    Examples
    --------
    >>> import narwhals as nw
    >>> import pandas as pd
    >>> from outcomeframe.records import compile_filter
    >>> births = nw.from_native(pd.DataFrame({"weight": [2000.0, None, 3100.0]}))
    >>> keep = compile_filter("weight < 2500", births.collect_schema())
    >>> births.select(low=keep)["low"].to_list()
    [True, False, False]
    >>> compile_filter("wieght < 2500", births.collect_schema())
    Traceback (most recent call last):
    ...
    outcomeframe.FilterError: filter, column 1: no column 'wieght' in the records (did you mean 'weight'?)
      wieght < 2500
      ^
    """
    if not isinstance(node, str | Filter):
        raise FilterError(
            f"expected filter text or a parsed filter, got {type(node).__name__}", where=where
        )
    if not isinstance(schema, Mapping):
        raise ArgumentError(
            f"schema: expected column names and types (collect_schema()), got {type(schema).__name__}"
        )
    text = node if isinstance(node, str) else None
    tree = parse_filter(node) if isinstance(node, str) else node
    check_filter(tree, schema, text=text, where=where)
    yes, _ = truth(tree, schema)
    result: nw.Expr = yes
    return result
