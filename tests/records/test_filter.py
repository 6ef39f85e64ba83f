"""The record filter language: what it reads, what it refuses, and hostile text."""

from __future__ import annotations

import re

import narwhals as nw
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe.records import (
    MAX_DEPTH,
    MAX_LENGTH,
    And,
    Column,
    Compare,
    In,
    IsNull,
    Literal,
    Not,
    Or,
    compile_filter,
    parse_filter,
)
from tests.hostile.work import calls, within

BIRTHS = pd.DataFrame(
    {
        "birthweight_g": [2400.0, 3100.0, None, 2600.0],
        "gestation_weeks": [38, 36, 40, 39],
        "smoking": ["yes", "no", None, "unknown"],
        "first_baby": [True, False, True, False],
    }
)
SCHEMA = nw.from_native(BIRTHS).collect_schema()


def _truth(text: str) -> list[bool]:
    frame = nw.from_native(BIRTHS)
    return list(frame.select(out=compile_filter(text, SCHEMA))["out"].to_list())


def test_the_issue_example_parses_to_its_tree() -> None:
    tree = parse_filter("birthweight_g < 2500 and gestation_weeks >= 37")
    assert tree == And(
        (
            Compare(Column("birthweight_g"), "<", Literal(2500)),
            Compare(Column("gestation_weeks"), ">=", Literal(37)),
        )
    )


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a = 1", Compare(Column("a"), "==", Literal(1))),
        ("a <> 'x'", Compare(Column("a"), "!=", Literal("x"))),
        ("1 < a", Compare(Literal(1), "<", Column("a"))),
        ("a < -2.5e1", Compare(Column("a"), "<", Literal(-25.0))),
        ("a in (1, 2,)", In(Column("a"), (Literal(1), Literal(2)))),
        ("a NOT IN ('x')", In(Column("a"), (Literal("x"),), negated=True)),
        ("a is null", IsNull(Column("a"))),
        ("a Is Not Null", IsNull(Column("a"), negated=True)),
        ("`birth weight` > 1", Compare(Column("birth weight"), ">", Literal(1))),
        ('s == "it\\"s"', Compare(Column("s"), "==", Literal('it"s'))),
        ("flag == true", Compare(Column("flag"), "==", Literal(True))),
        ("not not a < 1", Not(Not(Compare(Column("a"), "<", Literal(1))))),
        (
            "a < 1 or b < 2 and c < 3",
            Or(
                (
                    Compare(Column("a"), "<", Literal(1)),
                    And(
                        (
                            Compare(Column("b"), "<", Literal(2)),
                            Compare(Column("c"), "<", Literal(3)),
                        )
                    ),
                )
            ),
        ),
    ],
)
def test_each_construct_parses(text: str, tree: object) -> None:
    assert parse_filter(text) == tree
    assert parse_filter(str(tree)) == tree  # printed back, it reads the same


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("birthweight_g < 2500", [True, False, False, False]),
        ("not birthweight_g < 2500", [False, True, False, True]),  # missing: neither
        ("birthweight_g < 2500 or gestation_weeks >= 40", [True, False, True, False]),
        ("birthweight_g is null or birthweight_g < 2500", [True, False, True, False]),
        ("smoking in ('yes', 'no')", [True, True, False, False]),
        ("smoking not in ('yes', 'no')", [False, False, False, True]),
        ("first_baby == true and gestation_weeks > 37", [True, False, True, False]),
        ("gestation_weeks < birthweight_g", [True, True, False, True]),
    ],
)
def test_filters_follow_three_valued_logic_on_pandas(text: str, expected: list[bool]) -> None:
    assert _truth(text) == expected


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("birthweight < 2500", 1, "no column 'birthweight' in the records (did you mean"),
        ("smoking < 3", 11, "column 'smoking' holds text, but is compared with 3"),
        ("birthweight_g == 'heavy'", 18, "holds numbers, but is compared with 'heavy'"),
        ("first_baby == 1", 15, "holds true/false values"),
        ("smoking == gestation_weeks", 1, "hold different types"),
        ("gestation_weeks in (1, 'x')", 24, "holds numbers"),
    ],
)
def test_columns_and_types_are_checked_against_the_schema(
    text: str, column: int, words: str
) -> None:
    with pytest.raises(of.FilterError) as caught:
        compile_filter(text, SCHEMA)
    assert words in str(caught.value)
    assert f"column {column}:" in str(caught.value)
    assert caught.value.position == column - 1
    assert caught.value.expression == text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("__import__('os')", "looks like a function call"),
        ("__import__('os').system('rm -rf /')", "unexpected character '.'"),
        ("open('/etc/passwd')", "looks like a function call"),
        ("eval('1') == 1", "looks like a function call"),
        ("a < 1; import os", "unexpected character ';'"),
        ("a.__class__ == 1", "unexpected character '.'"),
        ("lambda: 1", "unexpected character ':'"),
        ("a < 1 && b > 2", "write and, or, not"),
        ("a < 'unclosed", "a quote that is never closed"),
        ("a <", "expected a column or a value, found the end"),
        ("a < 1 b", "expected 'and', 'or' or the end"),
        ("(a < 1", "expected ')' to close the '(' at column 1"),
        ("1 < 2", "a comparison needs a column on one side"),
        ("1 in (1)", "'in' needs a column on its left"),
        ("a in (b)", "holds values, not a column"),
        ("a is 3", "expected 'null' after 'is'"),
        ("a < 1e999", "is too large"),
        ("``  < 1", "an empty column name"),
        ("   ", "the filter is empty"),
        ("a", "expected a comparison"),
    ],
)
def test_text_that_is_no_filter_is_a_filter_error(text: str, words: str) -> None:
    with pytest.raises(of.FilterError, match=r"^filter") as caught:
        parse_filter(text)
    assert words in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_the_caret_stands_under_the_problem() -> None:
    with pytest.raises(of.FilterError) as caught:
        parse_filter("gestation_weeks >= 37 and os.system('x')")
    lines = str(caught.value).splitlines()
    assert lines[0].startswith("filter, column 29: unexpected character '.'")
    assert lines[2].index("^") - 2 == lines[1][2:].index(".")


def test_not_text_is_refused() -> None:
    with pytest.raises(of.FilterError, match="expected the filter as text, got int"):
        parse_filter(3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "(" * (MAX_DEPTH + 1) + "a < 1" + ")" * (MAX_DEPTH + 1),
        "not " * (MAX_DEPTH + 1) + "a < 1",
        "(" * 100_000,
    ],
)
def test_deep_nesting_is_refused_quickly(text: str) -> None:
    # linear: a few calls per character read (a parser that backtracks would be exponential)
    budget = 10 * min(len(text), MAX_LENGTH) + 1000
    err = within(budget, lambda: parse_filter(text), expect=of.FilterError)
    assert re.search(r"nested more than|longer than", str(err))


def test_nesting_up_to_the_limit_is_read() -> None:
    text = "(" * MAX_DEPTH + "a < 1" + ")" * MAX_DEPTH
    assert parse_filter(text) == Compare(Column("a"), "<", Literal(1))


def test_huge_input_is_refused_before_it_is_read() -> None:
    with pytest.raises(of.FilterError, match="longer than a filter may be"):
        parse_filter("a < 1 and " * 10**6 + "a < 1")

    def work(text: str) -> int:
        return calls(lambda: parse_filter(text), expect=of.FilterError)

    # 10 MB costs no more than one character over the limit: none of it is read
    assert work("a < 1 and " * 10**6 + "a < 1") <= work("a" * (MAX_LENGTH + 1)) < 100


def test_a_long_flat_filter_reads_prints_and_compiles() -> None:
    text = " or ".join(f"gestation_weeks == {i}" for i in range(350))
    assert len(text) < MAX_LENGTH
    tree = parse_filter(text)
    assert parse_filter(str(tree)) == tree
    assert _truth(text) == [True, True, True, True]


def test_reading_and_printing_a_flat_filter_is_linear() -> None:
    """The speed target is ``test_parse_filter`` in benchmarks/bench_files.py."""

    def work(n: int) -> int:
        text = " or ".join(f"gestation_weeks == {i}" for i in range(n))
        return calls(lambda: str(parse_filter(text)))

    work(2)  # anything set up on first use
    small, large = work(175), work(350)
    assert 1.8 * small < large < 2.2 * small  # a quadratic reader would be 4 times


def test_a_long_in_list_is_read() -> None:
    text = "gestation_weeks in (" + ", ".join(str(i) for i in range(1500)) + ")"
    assert _truth(text) == [True, True, True, True]


def test_dates_are_not_compared_in_a_filter() -> None:
    frame = nw.from_native(pd.DataFrame({"born": pd.to_datetime(["2020-01-01"])}))
    with pytest.raises(of.FilterError, match="holds dates"):
        compile_filter("born < 3", frame.collect_schema())
