"""Number cells as spreadsheets write them, semicolon files, table summaries, suggestions."""

from __future__ import annotations

import io

import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe import read_observations
from outcomeframe._suggest import closest
from outcomeframe.observations import reason_counts, tidy_observations
from outcomeframe.observations._display import ordered_periods
from outcomeframe.observations._table import SUPPRESSION_MARKS


def _raw(values: list[str], column: str = "value") -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame(
        {
            "indicator": ["a"] * n,
            "area_code": [f"E{i}" for i in range(n)],
            "period": ["2019"] * n,
            column: values,
        }
    )


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("20.1%", 20.1),
        ("20.1 %", 20.1),
        ("1 234", 1234.0),
        ("1\u00a0234", 1234.0),
        ("1\u202f234\u00a0", 1234.0),
        ("\u00a012.5", 12.5),
        ("1,234,567", 1234567.0),
        ("\u22123.5", -3.5),
    ],
)
def test_spreadsheet_numbers_are_read(cell: str, number: float) -> None:
    table = tidy_observations(_raw([cell]))
    assert table.data["value"].iloc[0] == pytest.approx(number)


@pytest.mark.parametrize("mark", ["*", "..", "x", ":", "c", "z", "[x]", "X"])
def test_suppression_marks_are_suppressed_rows(mark: str) -> None:
    table = tidy_observations(_raw([mark, "4.5"]))
    assert len(table.data) == 2
    assert table.rejected.empty
    assert table.data["value"].isna().iloc[0]
    assert mark.lower() in SUPPRESSION_MARKS


@pytest.mark.parametrize(
    ("cell", "column", "says"),
    [
        ("n/a", "value", "value 'n/a' is not a number"),
        ("-", "value", "value '-' is not a number"),
        ("12,5", "value", "(a decimal comma? write it with a point)"),
        ("7%", "count", "(a percent sign is read only in value and limit columns)"),
        ("1 2", "value", "value '1 2' is not a number"),
    ],
)
def test_other_cells_are_refused_with_a_reason(cell: str, column: str, says: str) -> None:
    raw = _raw([cell, "3"], column)
    if column == "count":
        raw["denominator"] = "10"
    table = tidy_observations(raw, errors="report")
    assert len(table.rejected) == 1
    assert says in table.rejected["reason"].iloc[0]


def test_a_semicolon_file_is_read_when_plain() -> None:
    text = "indicator;area_code;period;value\na;E1;2019;1.5\na;E2;2019;2\n"
    table = read_observations(io.StringIO(text))
    assert table.data["value"].tolist() == [1.5, 2.0]
    tabbed = read_observations(io.StringIO(text.replace(";", "\t")))
    assert tabbed.data["area_code"].tolist() == ["E1", "E2"]


def test_a_ragged_semicolon_file_is_named() -> None:
    text = "indicator;area_code;period;value\na;E1;2019;1;9\n"
    with pytest.raises(of.FileFormatError, match="looks semicolon-separated"):
        read_observations(io.StringIO(text))


def test_a_missing_column_is_not_matched_with_a_column_in_another_role() -> None:
    raw = pd.DataFrame({"indicator": ["a"], "area_code": ["E1"], "period": ["2019"], "count": [1]})
    with pytest.raises(of.DataError) as err:
        tidy_observations(raw)
    assert "did you mean" not in str(err.value)
    with pytest.raises(of.DataError, match=r"'denominator' \(did you mean 'denominatr'\?\)"):
        tidy_observations(raw.assign(denominatr=2))


def test_closest_names() -> None:
    assert closest("denominator", ["indicator", "area", "year"]) == ["indicator"]  # no role check
    assert closest("Area Code", ["area_code"]) == ["area_code"]
    assert closest("qqq", ["indicator"]) == []


def test_unknown_element_id_names_the_closest() -> None:
    fw = of.examples.load("lancashire")
    with pytest.raises(of.UnknownElementError, match="did you mean 'smoking-at-time-of-delivery'"):
        fw["smoking-at-delivry"]
    with pytest.raises(of.UnknownElementError) as err:
        fw["zzzz-qqq"]
    assert "did you mean" not in str(err.value)


def test_reason_counts_gives_one_line_per_kind() -> None:
    table = tidy_observations(_raw(["n/a"] * 5 + ["1"]), errors="report")
    counts = reason_counts(table.rejected)
    assert counts["rows"].tolist() == [5]


def test_periods_order_in_time_not_as_text() -> None:
    frame = pd.DataFrame(
        {
            "period": ["2021/22", "2019/20 - 23/24", "2020"],
            "period_start": pd.to_datetime(["2021-04-01", "2019-09-01", "2020-01-01"]),
            "period_end": pd.to_datetime(["2022-03-31", "2024-08-31", "2020-12-31"]),
        }
    )
    ordered_periods(frame)
    assert list(frame["period"].cat.categories) == ["2019/20 - 23/24", "2020", "2021/22"]
    assert frame.loc[frame["period"] >= "2020", "period"].tolist() == ["2021/22", "2020"]


def test_assessment_periods_compare_and_reprs_are_short() -> None:
    fw = of.examples.load("lancashire")
    a = fw.assess(of.examples.data("lancashire"))
    recent = a.table[a.table["period"] >= "2021/22"]
    starts = a.table["period_start"]
    cut = a.table.loc[a.table["period"].astype(str) == "2021/22", "period_start"].min()
    assert len(recent) == int((starts >= cut).sum())  # time order = start order
    assert a.series["period"].cat.ordered
    text = repr(a)
    assert len(text) < 800
    assert "plan area: E10000017 (Lancashire)" in text
    assert f"{len(a.table):,} rows" in text
    assert "benchmark: E92000001 (England)" in text
    assert a._repr_html_().startswith("<div><strong>Assessment")
    table = tidy_observations(of.examples.data("trafford"))
    shown = repr(table)
    assert len(shown) < 500
    assert f"{len(table):,} rows" in shown
    assert "0 rejected" in shown
    assert "<li>" in table._repr_html_()
