"""Properties of the filter language on random trees and random (synthetic) records.

Trees print as text that parses back to the same tree, and a compiled filter selects
exactly the records that an independent evaluator, written here row by row with SQL's
three-valued logic, says it certainly holds for.
"""

from __future__ import annotations

import math
from typing import Any

import duckdb
import narwhals as nw
import pandas as pd
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from outcomeframe.records import (
    And,
    Column,
    Compare,
    Filter,
    In,
    IsNull,
    Literal,
    Not,
    Or,
    compile_filter,
    parse_filter,
)
from tests.tracing import untraced

_NUMBER_COLUMNS = ("weight", "weeks")
_TEXT_COLUMNS = ("smoking", "odd name")
_WORDS = ("yes", "no", "it's", 'say "hi"', "back\\slash", "")

_numbers = st.one_of(st.integers(-5, 5), st.sampled_from([-1.5, 0.5, 2.25, 1e-3]))
_texts = st.sampled_from(_WORDS)


@st.composite
def _leaf(draw: st.DrawFn) -> Filter:
    numeric = draw(st.booleans())
    name = draw(st.sampled_from(_NUMBER_COLUMNS if numeric else _TEXT_COLUMNS))
    values = _numbers if numeric else _texts
    shape = draw(st.sampled_from(["compare", "flipped", "in", "null", "columns"]))
    if shape == "in":
        items = draw(st.lists(values, min_size=1, max_size=3))
        return In(Column(name), tuple(Literal(v) for v in items), negated=draw(st.booleans()))
    if shape == "null":
        return IsNull(Column(name), negated=draw(st.booleans()))
    op = draw(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]))
    if shape == "columns":
        other = draw(st.sampled_from(_NUMBER_COLUMNS if numeric else _TEXT_COLUMNS))
        return Compare(Column(name), op, Column(other))
    value = Literal(draw(values))
    if shape == "flipped":
        return Compare(value, op, Column(name))
    return Compare(Column(name), op, value)


def _grow(children: st.SearchStrategy[Filter]) -> st.SearchStrategy[Filter]:
    items = st.lists(children, min_size=2, max_size=3).map(tuple)
    return st.one_of(children.map(Not), items.map(And), items.map(Or))


trees = st.recursive(_leaf(), _grow, max_leaves=8)


@given(trees)
@settings(max_examples=300, deadline=None)
def test_a_printed_tree_parses_back_to_itself(tree: Filter) -> None:
    assert parse_filter(str(tree)) == tree


# ----------------------------------------------------------------------- evaluation
def _value(side: Column | Literal, row: dict[str, Any]) -> Any:
    if isinstance(side, Literal):
        return side.value
    value = row[side.name]
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


_COMPARE = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def _kleene(node: Filter, row: dict[str, Any]) -> bool | None:
    """True, False or None (unknown), one row at a time, as SQL would."""
    if isinstance(node, Compare):
        a, b = _value(node.left, row), _value(node.right, row)
        return None if a is None or b is None else _COMPARE[node.op](a, b)
    if isinstance(node, In):
        a = _value(node.column, row)
        if a is None:
            return None
        inside = any(a == v.value for v in node.values)
        return not inside if node.negated else inside
    if isinstance(node, IsNull):
        null = _value(node.column, row) is None
        return not null if node.negated else null
    if isinstance(node, Not):
        inner = _kleene(node.operand, row)
        return None if inner is None else not inner
    results = [_kleene(item, row) for item in node.items]
    if isinstance(node, And):
        if any(r is False for r in results):
            return False
        return None if any(r is None for r in results) else True
    if any(r is True for r in results):
        return True
    return None if any(r is None for r in results) else False


@st.composite
def _records(draw: st.DrawFn) -> pd.DataFrame:
    """Synthetic records: small numbers and words, with missing values."""
    n = draw(st.integers(1, 12))
    numbers = st.one_of(st.none(), st.integers(-5, 5).map(float), st.just(0.5))
    texts = st.one_of(st.none(), _texts)
    data: dict[str, Any] = {
        c: draw(st.lists(numbers, min_size=n, max_size=n)) for c in _NUMBER_COLUMNS
    }
    for column in _TEXT_COLUMNS:
        data[column] = pd.Series(draw(st.lists(texts, min_size=n, max_size=n)), dtype="str")
    frame = pd.DataFrame(data)
    for column in _NUMBER_COLUMNS:
        frame[column] = frame[column].astype("float64")
    return frame


@untraced()  # the reference: SQL's three-valued logic, row by row in Python
def _expected(tree: Filter, frame: pd.DataFrame) -> list[bool]:
    rows = frame.astype("object").where(frame.notna(), None).to_dict("records")
    return [_kleene(tree, row) is True for row in rows]


@given(trees, _records())
@settings(max_examples=100, deadline=None)
def test_pandas_selects_what_sql_logic_says(tree: Filter, frame: pd.DataFrame) -> None:
    wrapped = nw.from_native(frame)
    got = wrapped.select(out=compile_filter(tree, wrapped.collect_schema()))["out"].to_list()
    assert got == _expected(tree, frame)


@given(trees, _records())
@settings(max_examples=40, deadline=None)
def test_polars_and_duckdb_select_the_same(tree: Filter, frame: pd.DataFrame) -> None:
    expected = _expected(tree, frame)
    numbered = frame.assign(row=range(len(frame)))
    for native in (pl.from_pandas(numbered).lazy(), duckdb.from_df(numbered)):
        lazy = nw.from_native(native)
        keep = compile_filter(tree, lazy.collect_schema())
        out = lazy.select("row", out=keep).collect().to_pandas().sort_values("row")
        assert out["out"].tolist() == expected
